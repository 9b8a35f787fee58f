// Connections that outlive one run, for a `watch` or a `gate`: iterations after the first skip the
// SSH login, key exchange and auth-log line on every node. Each executor keeps what it needs under
// its own key (Ansible: a private ControlPersist directory; ssh: open clients) and says how to
// close it; the keeper's owner closes everything when the watch or gate ends.

export type OnClose = (close: () => Promise<void>) => void;

export class ConnectionKeeper {
  private readonly values = new Map<string, Promise<unknown>>();
  private readonly closers: (() => Promise<void>)[] = [];
  private closed = false;

  /**
   * @param idleSeconds how long a kept connection may sit unused between runs before it closes
   *   on its own (SSH ControlPersist): longer than the pause between iterations, and bounded, so
   *   a watch that dies without closing leaves nothing behind for long.
   */
  constructor(readonly idleSeconds: number) {}

  /** The value kept under `key`, made on first use; `make` registers how to close it. */
  keep<T>(key: string, make: (onClose: OnClose) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('connection keeper used after close');
    let v = this.values.get(key) as Promise<T> | undefined;
    if (!v) {
      v = make((fn) => this.closers.push(fn));
      this.values.set(key, v);
      // A failed make is not kept: the next run tries again.
      v.catch(() => this.values.delete(key));
    }
    return v;
  }

  /** Closes everything kept, newest first; one failure does not keep the rest open. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const fn of this.closers.reverse()) await fn().catch(() => undefined);
    this.values.clear();
  }
}

/** Idle bound for a watch or gate whose runs start `gapMs` apart: twice the gap plus a minute, at most 15 minutes. */
export function keepIdleSeconds(gapMs: number): number {
  return Math.min(900, Math.max(60, Math.ceil((2 * gapMs) / 1000) + 60));
}
