// A Go service's goroutines over time, simulated: each goroutine has an id (handed out in birth
// order, never reused, as the runtime does), a site, and the spans during which it waits there.
// Sampling it renders what net/http/pprof would serve at that moment: `?debug=1` (counts per
// stack) and `?debug=2` (one traceback per goroutine with `[state, N minutes]`). Seeded, so every
// scenario run is reproducible.

/** mulberry32: small, fast, seeded. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function exp(r: () => number, mean: number): number {
  return -Math.log(1 - r()) * mean;
}

export interface Site {
  /** Wait state as printed: `chan send`, `sync.Mutex.Lock`, `select`, `IO wait`… */
  state: string;
  /** Innermost first: [function, file, line]. */
  frames: [string, string, number][];
  /** Function of the frame that names the site's line (for checking "leaking at its line"). */
  location: string;
}

/** One goroutine: born at `birth` (s), waits at `site` during [from, to) spans (s). */
export interface Goroutine {
  birth: number;
  site: Site;
  spans: [number, number][];
  id?: number;
}

export class Service {
  readonly goroutines: Goroutine[] = [];

  add(g: Goroutine): void {
    this.goroutines.push(g);
  }

  /** Ids in birth order, as the runtime hands them out (after the scenario added everything). */
  number(): void {
    const order = [...this.goroutines].sort((a, b) => a.birth - b.birth);
    order.forEach((g, i) => (g.id = 100 + i));
  }

  /** Goroutines waiting at a site at time t, with how long they have waited (s). */
  at(t: number): { g: Goroutine; waited: number }[] {
    const out: { g: Goroutine; waited: number }[] = [];
    for (const g of this.goroutines) {
      for (const [from, to] of g.spans) {
        if (from <= t && t < to) {
          out.push({ g, waited: t - from });
          break;
        }
      }
    }
    return out;
  }
}

function frameLines(site: Site): string {
  return site.frames.map(([fn, file, line]) => `${fn}(...)\n\t${file}:${line} +0x1d\n`).join('');
}

/** `/debug/pprof/goroutine?debug=2` at time t. */
export function debug2(svc: Service, t: number): string {
  const parts: string[] = [];
  const now = svc.at(t).sort((a, b) => (a.g.id ?? 0) - (b.g.id ?? 0));
  for (const { g, waited } of now) {
    const minutes = Math.floor(waited / 60);
    parts.push(`goroutine ${g.id} [${g.site.state}${minutes >= 1 ? `, ${minutes} minutes` : ''}]:\n${frameLines(g.site)}created by main.main in goroutine 1\n\t/app/main.go:20 +0x25\n`);
  }
  return parts.join('\n');
}

/** `/debug/pprof/goroutine?debug=1` at time t: one record per stack. */
export function debug1(svc: Service, t: number): string {
  const bySite = new Map<Site, number>();
  const now = svc.at(t);
  for (const { g } of now) bySite.set(g.site, (bySite.get(g.site) ?? 0) + 1);
  const out = [`goroutine profile: total ${now.length}`];
  for (const [site, n] of bySite) {
    const addrs = site.frames.map((_, i) => `0x${(0x4000 + i * 16).toString(16)}`);
    out.push(`${n} @ ${addrs.join(' ')}`);
    site.frames.forEach(([fn, file, line], i) => out.push(`#\t${addrs[i]}\t${fn}+0x1d\t${file}:${line}`));
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
