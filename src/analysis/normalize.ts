// Normalized names and paths, so the same code reads (and hashes) the same whatever machine
// built it, whatever OS it ran on and whichever dump format printed it.
import { packagePath } from './go-package.js';
import { boundedMemo } from './memo.js';

/** Drops printed arguments (`main.f(0xc000010000, ...)`), `+0x1f` offsets, and spells type
 *  arguments as `[...]` the way tracebacks do (pprof may print `[go.shape.int]`). */
export const normalizeFunc: (func: string) => string = boundedMemo(normalizeFuncOnce);

function normalizeFuncOnce(func: string): string {
  let f = func.trim().replace(/\+0x[0-9a-f]+$/i, '');
  if (f.endsWith(')')) {
    const open = matchingOpen(f, f.length - 1);
    if (open > 0 && f[open - 1] !== '.') f = f.slice(0, open);
  }
  return f.includes('[') ? f.replace(/\[(?:[^\[\]]|\[[^\]]*\])*\]/g, '[...]') : f;
}

function matchingOpen(s: string, close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    if (s[i] === ')') depth++;
    else if (s[i] === '(' && --depth === 0) return i;
  }
  return -1;
}

/** A path without the build machine's prefix: the part after the last `/pkg/mod/` (module
 *  cache) or else after the last `/src/` (GOROOT, GOPATH, Bazel's `GOROOT/src/`), with
 *  backslashes turned into slashes and a Windows drive letter dropped.
 *  `C:\Users\me\go\src\github.com\a\b\x.go` → `github.com/a/b/x.go`,
 *  `/usr/local/go/src/net/http/server.go` → `net/http/server.go` (as `-trimpath` prints it). */
export const displayFile: (file: string) => string = boundedMemo(displayFileOnce); // once per frame of every group of every host

function displayFileOnce(file: string): string {
  let f = file.trim().replace(/\\/g, '/').replace(/^[A-Za-z]:(?=\/)/, '');
  const mod = f.lastIndexOf('/pkg/mod/');
  if (mod >= 0) return f.slice(mod + '/pkg/mod/'.length);
  const src = f.toLowerCase().lastIndexOf('/src/');
  if (src >= 0) f = f.slice(src + '/src/'.length);
  else if (f.startsWith('src/')) f = f.slice(4);
  return f;
}

function baseName(file: string): string {
  const f = file.replace(/\\/g, '/');
  return f.slice(f.lastIndexOf('/') + 1);
}

/** The path used for hashing: the function's import path plus the file's base name
 *  (`github.com/a/b/x.go`), which no build layout can change — module mode without
 *  `-trimpath` prints `/home/ci/work/b/x.go` on one builder and `/builds/b/x.go` on the next.
 *  Falls back to {@link displayFile} when the function is unknown. */
export function stableFile(func: string, file: string): string {
  const base = baseName(file);
  if (!func || func === '?' || !/\.(go|s)$/.test(base)) return displayFile(file);
  return `${packagePath(func)}/${base}`;
}
