import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promText } from '../../../src/watch/prom.js';
import { group, host, report } from '../diff/reports.js';

describe('Grafana dashboard', () => {
  const dash = JSON.parse(readFileSync(path.resolve(__dirname, '../../../dashboards/grafana-fleet-diag.json'), 'utf8'));

  it('reads only metrics the Prometheus textfile writes', () => {
    const written = new Set([...promText(report([host('h1', [group('pool00', 1)])])).matchAll(/^# TYPE (\w+) gauge$/gm)].map((m) => m[1]));
    const exprs: string[] = dash.panels.flatMap((p: { targets: { expr: string }[] }) => p.targets.map((t) => t.expr));
    const used = new Set(exprs.flatMap((e) => [...e.matchAll(/\bfleet_diag_\w+/g)].map((m) => m[0])));
    expect(used.size).toBeGreaterThanOrEqual(7);
    for (const m of used) expect(written, m).toContain(m);
    for (const m of ['fleet_diag_goroutines', 'fleet_diag_threads', 'fleet_diag_sockets', 'fleet_diag_leaking_groups', 'fleet_diag_collect_success']) expect(used).toContain(m);
  });

  it('is importable: a datasource input and a host variable', () => {
    expect(dash.__inputs[0]).toMatchObject({ name: 'DS_PROMETHEUS', pluginId: 'prometheus' });
    expect(dash.templating.list.map((v: { name: string }) => v.name)).toEqual(['DS_PROMETHEUS', 'host']);
    const ids = dash.panels.map((p: { id: number }) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
