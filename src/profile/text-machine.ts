// The line machine behind every text format: debug=1 profiles, debug=2 dumps and tracebacks
// (panic, `fatal error:`, SIGQUIT, runtime.Stack). One pass, one line at a time, no lookahead,
// no regular expression per line: lines are told apart by their first characters.
//
//   goroutine 7 gp=0x… m=nil [chan receive, 15 minutes]:   header (see header.ts)
//   main.worker(0xc000012345, {0x1, 0x2}, ...)              function line: name up to the last '('
//   \t/src/app/worker.go:42 +0x1d fp=0x… sp=0x… pc=0x…     file line (tab, spaces, any indent, or none)
//   ...additional frames elided... / ...12 frames elided...
//   created by main.main in goroutine 1                     + its file line
//   [originating from goroutine 1]:                         ancestors (skipped, not goroutines)
//   goroutine profile: total 12 / N @ 0x… / #\t0x… f+0x…\tfile:line / # labels: {…}   debug=1
//
// Everything else (panic messages, `runtime stack:` sections, register dumps, test output,
// sanitizer reports) is passed over. Oddities become warnings with a line number.
//
// This class is only the machine's face (write, writeAscii, end). The work is done by
// functions on one explicit state object (machine-state.ts), a module per concern; each
// imports only those listed before it, so there is no import cycle:
//   chars.ts             character and byte helpers
//   machine-state.ts     the state: input position, the current goroutine, tables, counts
//   goroutine-frames.ts  function / file / `created by` lines matched against the stack trie
//   current-record.ts    starting and ending the goroutine or debug=1 record being read
//   debug1.ts            debug=1 profile headers, records and their `#` frame lines
//   traceback.ts         traceback headers and the other lines inside a goroutine
//   lines.ts             pieces into lines, each line to its reader (the hot loop)
//   lane-bridge.ts       ASCII pieces through the WebAssembly fast lane (known-stacks.ts)
//   result.ts            the Profile at the end
import type { Profile } from './types.js';
import type { PieceReader } from './utf8.js';
import { MachineState, type MachineOptions } from './machine-state.js';
import { endText, writeText } from './lines.js';
import { releaseLane, writeAscii } from './lane-bridge.js';
import { result } from './result.js';

export type { MachineOptions } from './machine-state.js';
export { locOf } from './chars.js';

export class TextMachine implements PieceReader {
  private readonly m: MachineState;

  constructor(opts: MachineOptions) {
    this.m = new MachineState(opts);
  }

  /** Feeds the next piece of text; pieces may split lines anywhere. */
  write(chunk: string): void {
    writeText(this.m, chunk);
  }

  /**
   * Feeds the next piece of input as bytes the caller knows to be ASCII (pieces may split
   * lines anywhere, as with write). Goroutines whose stacks the trie knows are read straight
   * from the bytes (known-stacks.ts); the text between them goes through write().
   */
  writeAscii(b: Uint8Array): void {
    writeAscii(this, this.m, b);
  }

  /** Ends the input and returns what was read. */
  end(): Profile {
    releaseLane(this.m);
    endText(this.m);
    return result(this.m);
  }
}
