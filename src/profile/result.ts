// The Profile made at the end of the input: records settled (a `stack unavailable` goroutine
// whose full trace never came, a goroutine id printed twice), the total counted, the format
// named, and the warnings about the input as a whole (line 0) added. Run once, after the
// last line, so nothing here weighs on the per-line work.
import type { Profile, ProfileFormat } from './types.js';
import type { MachineState } from './machine-state.js';

export function result(m: MachineState): Profile {
  const w = m.warnings;
  const t = m.tally;
  // `stack unavailable` goroutines whose full trace never came: keep them without frames.
  const seen = m.unavailableDrafts.length === 0 ? new Map<number, number>() : m.ids.occurrences(m.unavailableDrafts.map((u) => u.draft.id as number));
  for (const { draft, line, pos } of m.unavailableDrafts) {
    if ((seen.get(draft.id as number) ?? 0) > 1) continue;
    w.add(line, `goroutine ${draft.id}: stack unavailable (running on another thread)`);
    m.ids.setRecord(pos, m.sink.add(draft));
  }
  m.unavailableDrafts = [];

  let tracebackTotal = 0;
  if (t.headers > 0) {
    const { count, repeated } = m.ids.distinct();
    tracebackTotal = count;
    if (repeated.length > 0) {
      // One goroutine, one record: the last trace of a repeated id wins.
      for (const rec of m.ids.superseded(repeated)) m.sink.drop(rec);
      const shown = repeated.slice(0, 5).join(', ') + (repeated.length > 5 ? ', …' : '');
      w.add(
        0,
        `goroutine ids repeat (${shown}): ${t.headers} headers, ${count} distinct goroutines; ` +
          'the last trace of each is kept (the input may hold several dumps)',
      );
    }
  }
  if (t.headers > 0) {
    const { ids, records } = m.ids.entries();
    m.sink.withIds(ids, (i) => records[i]);
  }
  const recordsTotal = t.profileHeaders > 0 ? t.headerTotal : t.recordTotal;
  if (t.profileHeaders > 1) {
    w.add(0, `${t.profileHeaders} debug=1 profiles back to back; total ${t.headerTotal} is the sum of their totals`);
  }
  if (t.profileHeaders > 0 && t.headerTotal !== t.recordTotal) {
    w.add(0, `profile header says ${t.headerTotal} goroutines but its records add up to ${t.recordTotal}`);
  }
  if (t.headers > 0 && t.records > 0) {
    w.add(0, 'input mixes debug=1 records and tracebacks; total adds both');
  }
  if (t.headers === 0 && t.records === 0 && t.profileHeaders === 0) {
    w.add(0, 'no goroutine found: no "goroutine N [state]:" header and no debug=1 record');
  }

  let format: ProfileFormat;
  if (t.sawLeakHeader || t.anyLeaked) format = 'goroutineleak';
  else if (t.headers > 0) format = 'debug2';
  else if (t.records > 0 || t.profileHeaders > 0) format = 'debug1';
  else format = 'debug2';

  return {
    format,
    total: tracebackTotal + (t.records > 0 || t.profileHeaders > 0 ? recordsTotal : 0),
    goroutines: m.sink.finish(),
    warnings: w.finish(),
    takenAt: null,
    messages: m.messages,
  };
}
