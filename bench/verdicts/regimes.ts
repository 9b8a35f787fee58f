// The regimes production has, as simulated services: leaks fresh and old (of every blocking
// class the engine knows), and what must never be called a leak: bursts at one and at several
// sites, a traffic ramp, a stable pool of thousands, an old idle pool, steady churn, a quiet
// service. Times are seconds; the run's samples are at 0, 5 and 10 s, earlier runs a minute apart.
import { exp, rng, Service, type Site } from './simulate.js';

const GO = '/usr/lib/go/src';
const site = (state: string, frames: [string, string, number][]): Site => ({ state, frames, location: frames[frames.length - 1][0] });

export const SITES = {
  chanSend: site('chan send', [['main.(*Notifier).publish.func1', '/app/notify.go', 42]]),
  chanRecv: site('chan receive', [['main.(*Subscriber).wait', '/app/subscribe.go', 31]]),
  select: site('select', [['main.(*Handler).fanOut.func1', '/app/fanout.go', 88]]),
  mutex: site('sync.Mutex.Lock', [['sync.runtime_SemacquireMutex', `${GO}/runtime/sema.go`, 77], ['sync.(*Mutex).lockSlow', `${GO}/sync/mutex.go`, 171], ['sync.(*Mutex).Lock', `${GO}/sync/mutex.go`, 90], ['main.(*Ledger).post', '/app/ledger.go', 58]]),
  waitgroup: site('sync.WaitGroup.Wait', [['sync.runtime_Semacquire', `${GO}/runtime/sema.go`, 62], ['sync.(*WaitGroup).Wait', `${GO}/sync/waitgroup.go`, 116], ['main.(*Batch).flush', '/app/batch.go', 33]]),
  cond: site('sync.Cond.Wait', [['sync.runtime_notifyListWait', `${GO}/runtime/sema.go`, 587], ['sync.(*Cond).Wait', `${GO}/sync/cond.go`, 71], ['main.(*Queue).take', '/app/queue.go', 24]]),
  poolWorker: site('chan receive', [['main.(*Pool).worker', '/app/pool.go', 57]]),
  request: site('select', [['main.(*Server).handle', '/app/server.go', 120]]),
  burstA: site('chan receive', [['main.(*Cache).refresh.func1', '/app/cache.go', 77]]),
  burstB: site('select', [['main.(*Search).shard', '/app/search.go', 140]]),
  burstC: site('sync.WaitGroup.Wait', [['sync.runtime_Semacquire', `${GO}/runtime/sema.go`, 62], ['sync.(*WaitGroup).Wait', `${GO}/sync/waitgroup.go`, 116], ['main.(*Export).all', '/app/export.go', 19]]),
  clientConn: site('IO wait', [['internal/poll.runtime_pollWait', `${GO}/runtime/netpoll.go`, 343], ['net/http.(*persistConn).Read', `${GO}/net/http/transport.go`, 1954], ['net/http.(*persistConn).readLoop', `${GO}/net/http/transport.go`, 2118]]),
  httpConn: site('IO wait', [['internal/poll.runtime_pollWait', `${GO}/runtime/netpoll.go`, 343], ['net/http.(*conn).serve', `${GO}/net/http/server.go`, 2009]]),
  idleWorker: site('select', [['main.(*Janitor).loop', '/app/janitor.go', 15]]),
};

/** Leak classes rotated over the runs of a leak regime: every class the engine knows must be leaking. */
const LEAK_SITES = [SITES.chanSend, SITES.mutex, SITES.waitgroup, SITES.select, SITES.cond, SITES.chanRecv];
export const CLASS_OF = new Map<Site, string>([
  [SITES.chanSend, 'chan-send'], [SITES.chanRecv, 'chan-receive'], [SITES.select, 'select'], [SITES.mutex, 'mutex'],
  [SITES.waitgroup, 'waitgroup'], [SITES.cond, 'cond'], [SITES.clientConn, 'io-wait'],
]);

/** When the simulation begins (earlier runs included), and its end. */
export const SIM_FROM = -240;
export const SIM_TO = 11;

/** Poisson arrivals at rate(t) between from and to (thinning against maxRate). */
function arrivals(r: () => number, rate: (t: number) => number, maxRate: number, from: number, to: number): number[] {
  const out: number[] = [];
  for (let t = from + exp(r, 1 / maxRate); t < to; t += exp(r, 1 / maxRate)) if (r() * maxRate < rate(t)) out.push(t);
  return out;
}

function leak(svc: Service, r: () => number, s: Site, rate: number, from: number): void {
  for (const b of arrivals(r, () => rate, rate, from, SIM_TO)) svc.add({ birth: b, site: s, spans: [[b, Infinity]] });
}

function churn(svc: Service, r: () => number, s: Site, rate: (t: number) => number, maxRate: number, meanLife: number): void {
  for (const b of arrivals(r, rate, maxRate, SIM_FROM - 5 * meanLife, SIM_TO)) svc.add({ birth: b, site: s, spans: [[b, b + exp(r, meanLife)]] });
}

/** A canary given more weight: 150 requests/s, then 40-60/s more every second from 3 s before
 *  the first sample, each request ~1 s. Returns the request rate over time. */
function ramp(svc: Service, r: () => number): (t: number) => number {
  const slope = 40 + 20 * r();
  const rate = (t: number) => 150 + slope * Math.max(0, t + 3);
  churn(svc, r, SITES.request, rate, rate(SIM_TO), 1);
  return rate;
}

/** Connections clients open as a ramp's load rises (one per ~25 requests/s more), each kept idle ~90 s. */
function connectionsFollowing(svc: Service, r: () => number, s: Site, rate: (t: number) => number): void {
  const conns = (t: number) => 2 + Math.max(0, rate(t) - 150) / 25;
  churn(svc, r, s, conns, conns(SIM_TO), 90);
}

/** Workers that wait at the site for ~meanWait, are busy elsewhere for ~meanBusy, and return. */
function busyPool(svc: Service, r: () => number, s: Site, n: number, meanWait: number, meanBusy: number): void {
  for (let i = 0; i < n; i++) {
    const birth = -3600 - r() * 3600;
    const spans: [number, number][] = [];
    let t = SIM_FROM - r() * meanWait;
    while (t < SIM_TO) {
      const wait = exp(r, meanWait);
      spans.push([t, t + wait]);
      t += wait + exp(r, meanBusy);
    }
    svc.add({ birth, site: s, spans });
  }
}

/** Workers idle since their last job, 30 minutes to 2 hours ago. */
function idlePool(svc: Service, r: () => number, s: Site, n: number): void {
  for (let i = 0; i < n; i++) {
    const since = -1800 - r() * 5400;
    svc.add({ birth: since - 600, site: s, spans: [[since, Infinity]] });
  }
}

function background(svc: Service, r: () => number): void {
  churn(svc, r, SITES.httpConn, () => 20, 20, 0.2);
  idlePool(svc, r, SITES.idleWorker, 8);
}

export interface Scenario {
  svc: Service;
  /** The leaking site, for leak regimes. */
  leak: Site | null;
}

export interface Regime {
  name: string;
  leak: boolean;
  /** A leak one window cannot tell from load: the engine flags it suspect, on purpose (why). */
  onlySuspect?: string;
  build(seed: number, run: number): Scenario;
}

function scenario(seed: number, make: (svc: Service, r: () => number) => Site | null): Scenario {
  const r = rng(seed);
  const svc = new Service();
  background(svc, r);
  const leakSite = make(svc, r);
  svc.number();
  return { svc, leak: leakSite };
}

export const REGIMES: Regime[] = [
  {
    name: 'fresh fast leak (10/s, pile 300-500 at the first sample)',
    leak: true,
    build: (seed, run) => scenario(seed, (svc, r) => {
      const s = LEAK_SITES[run % LEAK_SITES.length];
      leak(svc, r, s, 8 + 4 * r(), -30 - 20 * r());
      return s;
    }),
  },
  {
    name: 'old slow leak (pile ~1,600, +1-6/s)',
    leak: true,
    build: (seed, run) => scenario(seed, (svc, r) => {
      const s = LEAK_SITES[run % LEAK_SITES.length];
      const rate = 1 + 5 * r();
      leak(svc, r, s, rate, -1600 / rate);
      return s;
    }),
  },
  {
    name: 'connection leak (responses never closed, 10/s, pile 300-500)',
    leak: true,
    build: (seed) => scenario(seed, (svc, r) => {
      leak(svc, r, SITES.clientConn, 8 + 4 * r(), -30 - 20 * r());
      return SITES.clientConn;
    }),
  },
  {
    name: 'connection leak under steady traffic (300/s requests, 10/s leaked)',
    leak: true,
    build: (seed) => scenario(seed, (svc, r) => {
      churn(svc, r, SITES.request, () => 300, 300, 1);
      leak(svc, r, SITES.clientConn, 8 + 4 * r(), -30 - 20 * r());
      return SITES.clientConn;
    }),
  },
  {
    name: 'connection leak on a ramping canary (150/s → ~700/s, 10/s leaked)',
    leak: true,
    onlySuspect: 'io-wait growth no faster than the load rose is what kept-alive connections do on a ramp; the leak is leaking once the load holds',
    build: (seed) => scenario(seed, (svc, r) => {
      ramp(svc, r);
      leak(svc, r, SITES.clientConn, 8 + 4 * r(), -30 - 20 * r());
      return SITES.clientConn;
    }),
  },
  {
    name: 'burst at one site',
    leak: false,
    build: (seed) => scenario(seed, (svc, r) => {
      const at = 1 + 3 * r();
      const n = 300 + Math.floor(500 * r());
      for (let i = 0; i < n; i++) {
        const b = at + 0.2 * r();
        svc.add({ birth: b, site: SITES.burstA, spans: [[b, b + exp(r, 3)]] });
      }
      return null;
    }),
  },
  {
    name: 'bursts at several sites',
    leak: false,
    build: (seed) => scenario(seed, (svc, r) => {
      for (const s of [SITES.burstA, SITES.burstB, SITES.burstC]) {
        const at = 0.5 + 8 * r();
        const n = 100 + Math.floor(300 * r());
        for (let i = 0; i < n; i++) {
          const b = at + 0.3 * r();
          svc.add({ birth: b, site: s, spans: [[b, b + exp(r, 2)]] });
        }
      }
      return null;
    }),
  },
  {
    name: 'traffic ramp (a canary given more weight: 150/s → ~700/s in 10 s)',
    leak: false,
    build: (seed) => scenario(seed, (svc, r) => {
      ramp(svc, r);
      return null;
    }),
  },
  {
    name: 'keep-alive connections growing with a ramp (server side, idle ~90 s)',
    leak: false,
    build: (seed) => scenario(seed, (svc, r) => {
      connectionsFollowing(svc, r, SITES.httpConn, ramp(svc, r));
      return null;
    }),
  },
  {
    name: 'client connection pool growing with a ramp (readLoop, idle ~90 s)',
    leak: false,
    build: (seed) => scenario(seed, (svc, r) => {
      connectionsFollowing(svc, r, SITES.clientConn, ramp(svc, r));
      return null;
    }),
  },
  {
    name: 'stable pool of 3,000 busy workers',
    leak: false,
    build: (seed) => scenario(seed, (svc, r) => {
      busyPool(svc, r, SITES.poolWorker, 3000, 20, 0.5);
      return null;
    }),
  },
  {
    name: 'old idle pool (400 workers, idle 30-120 min)',
    leak: false,
    build: (seed) => scenario(seed, (svc, r) => {
      idlePool(svc, r, SITES.poolWorker, 400);
      return null;
    }),
  },
  {
    name: 'steady churn (300/s, 1 s each)',
    leak: false,
    build: (seed) => scenario(seed, (svc, r) => {
      churn(svc, r, SITES.request, () => 300, 300, 1);
      return null;
    }),
  },
  {
    name: 'quiet service',
    leak: false,
    build: (seed) => scenario(seed, () => null),
  },
];
