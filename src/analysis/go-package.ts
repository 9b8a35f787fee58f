// What kind of code a Go function belongs to: the runtime, the standard library, a well-known
// library, or the application itself. Decided from the function's import path alone, so it works
// the same for debug=1, debug=2 and binary profiles and for any build machine's file paths.
import { boundedMemo } from './memo.js';

/** First elements of standard-library import paths (Go 1.26). A dot-less root not listed here
 *  (`main`, `command-line-arguments`, a module named `myservice`) is application code. */
const STD_ROOTS = new Set([
  'archive', 'bufio', 'builtin', 'bytes', 'cmp', 'compress', 'container', 'context', 'crypto',
  'database', 'debug', 'embed', 'encoding', 'errors', 'expvar', 'flag', 'fmt', 'go', 'hash',
  'html', 'image', 'index', 'internal', 'io', 'iter', 'log', 'maps', 'math', 'mime', 'net', 'os',
  'path', 'plugin', 'reflect', 'regexp', 'runtime', 'simd', 'slices', 'sort', 'strconv',
  'strings', 'structs', 'sync', 'syscall', 'testing', 'text', 'time', 'unicode', 'unique',
  'unsafe', 'vendor', 'weak',
]);

/** Libraries that are "not the application" when an application frame lies further out. */
export const WELL_KNOWN_LIBRARIES: readonly string[] = [
  'golang.org/x/', 'google.golang.org/grpc', 'google.golang.org/protobuf', 'google.golang.org/api',
  'github.com/golang/protobuf', 'github.com/grpc-ecosystem/', 'go.opentelemetry.io/',
  'go.opencensus.io', 'github.com/prometheus/', 'go.uber.org/', 'gopkg.in/', 'cloud.google.com/go',
  'github.com/aws/aws-sdk-go', 'k8s.io/client-go', 'k8s.io/apimachinery', 'sigs.k8s.io/',
  'github.com/go-sql-driver/mysql', 'github.com/lib/pq', 'github.com/jackc/', 'github.com/redis/go-redis',
  'github.com/go-redis/redis', 'github.com/IBM/sarama', 'github.com/Shopify/sarama',
  'github.com/segmentio/kafka-go', 'github.com/valyala/fasthttp', 'github.com/gorilla/',
  'github.com/gin-gonic/gin', 'github.com/labstack/echo', 'github.com/sirupsen/logrus',
  'github.com/nats-io/nats.go', 'go.etcd.io/etcd/client', 'go.mongodb.org/mongo-driver',
  'github.com/DataDog/dd-trace-go', 'github.com/getsentry/sentry-go', 'github.com/hashicorp/',
];

export type CodeKind = 'runtime' | 'std' | 'library' | 'app';

/** `pkg.F[...]` → `pkg.F`: type arguments may hold dots and slashes of their own. */
function withoutTypeArgs(func: string): string {
  if (!func.includes('[')) return func;
  let out = '';
  let depth = 0;
  for (const ch of func) {
    if (ch === '[') depth++;
    else if (ch === ']') depth = Math.max(0, depth - 1);
    else if (depth === 0) out += ch;
  }
  return out;
}

/** Import path of a fully qualified function: `net/http.(*conn).serve` → `net/http`.
 *  Dots in a path's last element are escaped by the linker (`gopkg.in/yaml%2ev3`), so the first
 *  dot after the last slash ends the path. */
export function packagePath(func: string): string {
  const f = withoutTypeArgs(func);
  const slash = f.lastIndexOf('/');
  const dot = f.indexOf('.', slash + 1);
  return dot < 0 ? f : f.slice(0, dot);
}

export function isRuntimeFunc(func: string): boolean {
  return (
    func.startsWith('runtime.') ||
    func.startsWith('runtime/internal/') ||
    func.startsWith('internal/runtime/')
  );
}

/** Memos per list of library prefixes (the built-in list, or a run's own list, kept for the run). */
const kindMemos = new WeakMap<readonly string[], (func: string) => CodeKind>();

export function codeKind(func: string, libraryPrefixes: readonly string[] = WELL_KNOWN_LIBRARIES): CodeKind {
  let memo = kindMemos.get(libraryPrefixes);
  if (memo === undefined) {
    memo = boundedMemo((f) => codeKindOnce(f, libraryPrefixes));
    kindMemos.set(libraryPrefixes, memo);
  }
  return memo(func);
}

function codeKindOnce(func: string, libraryPrefixes: readonly string[]): CodeKind {
  // Go ≤1.16 printed runtime.gopanic as a bare `panic(…)`: the only function without a package.
  if (func === '' || func === '?' || !func.includes('.') || isRuntimeFunc(func)) return 'runtime';
  const pkg = packagePath(func);
  const root = pkg.split('/', 1)[0];
  if (!root.includes('.')) return STD_ROOTS.has(root) ? 'std' : 'app';
  if (pkg.includes('/vendor/')) return 'library';
  for (const prefix of libraryPrefixes) if (pkg.startsWith(prefix)) return 'library';
  return 'app';
}
