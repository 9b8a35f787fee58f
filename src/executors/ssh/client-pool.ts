// Open SSH connections kept between the runs of a watch or gate (issue 20): a host's next run
// reuses its connection instead of logging in again. A connection that closed is forgotten the
// moment ssh2 says so; one that died silently fails its next command and is replaced then.
import type { Client } from 'ssh2';

export class ClientPool {
  private readonly clients = new Map<string, Client>();

  /** The host's kept connection, taken out of the pool (given back after use), or null. */
  take(host: string): Client | null {
    const c = this.clients.get(host) ?? null;
    this.clients.delete(host);
    return c;
  }

  /** Keeps a connection that just worked for the host's next run. */
  give(host: string, client: Client): void {
    const old = this.clients.get(host);
    if (old && old !== client) old.end();
    this.clients.set(host, client);
    client.once('close', () => {
      if (this.clients.get(host) === client) this.clients.delete(host);
    });
  }

  get size(): number {
    return this.clients.size;
  }

  /** Ends every kept connection (the watch or gate is over). */
  async closeAll(): Promise<void> {
    const all = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(all.map((c) => new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        c.destroy();
        resolve();
      }, 1000);
      t.unref();
      c.once('close', () => {
        clearTimeout(t);
        resolve();
      });
      c.end();
    })));
  }
}
