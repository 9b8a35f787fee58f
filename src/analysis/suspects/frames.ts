// Group frames are printed `func file:line`; the ranking reads the function back out.

/** `main.(*S).run /app/s.go:12` → `main.(*S).run`. */
export function frameFunc(frame: string): string {
  const sp = frame.indexOf(' ');
  return sp < 0 ? frame : frame.slice(0, sp);
}

/** `github.com/coreos/etcd/clientv3.(*Client).retryConnection` → `(*Client).retryConnection`:
 *  the package is in the location beside it. */
export function shortFunc(func: string): string {
  const slash = func.lastIndexOf('/', func.indexOf('(') >= 0 ? func.indexOf('(') : func.length);
  const rest = func.slice(slash + 1);
  const dot = rest.indexOf('.');
  return dot < 0 ? rest : rest.slice(dot + 1);
}
