import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { deliverAll, deliverTo, type Channel, type DeliveryOptions } from '../../../src/alert/deliver.js';
import { dingtalkSign, signedDingtalkUrl } from '../../../src/alert/dingtalk.js';
import type { AlertContext, AlertEvent } from '../../../src/alert/types.js';
import { startReceiver, type Receiver } from './receiver.js';

const SECRET = 'SEC0123456789abcdefTOPSECRET';
const TOKEN = 'robot-access-token-4711';

const ctx: AlertContext = { runId: '20250101T000000Z-abcd', runDir: '/var/lib/fleet-diag/runs/x', at: '2025-01-01T00:00:10.000Z', inventory: 'inventory/prod.ini' };
const firing: AlertEvent = {
  status: 'firing', reason: 'new', host: 'h2', site: 'leak00', kind: 'group', severity: 'leaking', title: 'h2: leaking at leaky/main.go:40',
  details: ['main.leakChanReceive (chan-receive): 500 goroutines, +300/min'], location: 'leaky/main.go:40', function: 'main.leakChanReceive',
  class: 'chan-receive', count: 500, growthPerMinute: 300, goroutines: 560, since: '2025-01-01T00:00:10.000Z', at: '2025-01-01T00:00:10.000Z',
};
const resolved: AlertEvent = { ...firing, host: 'h3', status: 'resolved', reason: 'cleared', severity: 'healthy', title: 'h3: leaking at x.go:1: resolved', details: ['no longer seen'] };

let rx: Receiver;
let logs: string[];
const opts = (over: Partial<DeliveryOptions> = {}): DeliveryOptions => ({ attempts: 3, backoffMs: 10, timeoutMs: 2000, log: (l) => logs.push(l), ...over });

beforeEach(async () => {
  rx = await startReceiver();
  logs = [];
});
afterEach(async () => {
  await rx.close();
});

describe('DingTalk', () => {
  it('signs per DingTalk: sign = base64(HMAC-SHA256(secret, timestamp\\nsecret)), url-encoded', () => {
    const expected = createHmac('sha256', SECRET).update(`1700000000000\n${SECRET}`).digest('base64');
    expect(dingtalkSign(SECRET, 1700000000000)).toBe(expected);
    const u = signedDingtalkUrl(`https://oapi.dingtalk.com/robot/send?access_token=${TOKEN}`, SECRET, 1700000000000);
    expect(u).toContain(`sign=${encodeURIComponent(expected)}`);
    expect(new URL(u).searchParams.get('access_token')).toBe(TOKEN);
    expect(signedDingtalkUrl('https://x/y?access_token=a', null)).toBe('https://x/y?access_token=a');
  });

  it('posts a markdown message with timestamp and sign that verify against the secret', async () => {
    const ch: Channel = { kind: 'dingtalk', url: `${rx.url}/robot/send?access_token=${TOKEN}`, secret: SECRET };
    const before = Date.now();
    const r = await deliverTo(ch, [firing, resolved], ctx, opts());
    expect(r).toMatchObject({ ok: true, attempts: 1, channel: 'dingtalk' });
    const req = rx.requests[0];
    expect(req.method).toBe('POST');
    expect(req.headers['content-type']).toMatch(/^application\/json/);
    expect(req.query.get('access_token')).toBe(TOKEN);
    const ts = Number(req.query.get('timestamp'));
    expect(ts).toBeGreaterThanOrEqual(before);
    expect(ts).toBeLessThanOrEqual(Date.now());
    // What DingTalk does on its side:
    expect(req.query.get('sign')).toBe(createHmac('sha256', SECRET).update(`${ts}\n${SECRET}`).digest('base64'));
    expect(req.json.msgtype).toBe('markdown');
    expect(req.json.markdown.title).toBe('fleet-diag: 1 firing, 1 resolved');
    expect(req.json.markdown.text).toContain('**FIRING** h2: leaking at leaky/main.go:40');
    expect(req.json.markdown.text).toContain('- main.leakChanReceive (chan-receive): 500 goroutines, +300/min');
    expect(req.json.markdown.text).toContain('**RESOLVED** h3');
    expect(req.json.markdown.text).toContain('/var/lib/fleet-diag/runs/x/report.json');
    expect(req.body).not.toContain(SECRET);
  });

  it('is unsigned without a secret', async () => {
    await deliverTo({ kind: 'dingtalk', url: `${rx.url}/robot/send?access_token=${TOKEN}` }, [firing], ctx, opts());
    expect(rx.requests[0].query.has('sign')).toBe(false);
    expect(rx.requests[0].query.has('timestamp')).toBe(false);
  });

  it('treats a non-zero errcode as a failure, retries only busy/rate-limit codes, and signs each attempt afresh', async () => {
    rx.script.push({ status: 200, body: '{"errcode":130101,"errmsg":"send too fast"}' });
    const r = await deliverTo({ kind: 'dingtalk', url: `${rx.url}/robot/send?access_token=${TOKEN}`, secret: SECRET }, [firing], ctx, opts());
    expect(r).toMatchObject({ ok: true, attempts: 2 });
    expect(rx.requests).toHaveLength(2);
    rx.script.push({ status: 200, body: '{"errcode":310000,"errmsg":"sign not match"}' });
    const bad = await deliverTo({ kind: 'dingtalk', url: `${rx.url}/robot/send?access_token=${TOKEN}`, secret: SECRET }, [firing], ctx, opts());
    expect(bad).toMatchObject({ ok: false, attempts: 1, error: 'DingTalk errcode 310000: sign not match' });
  });
});

describe('Slack and generic webhook', () => {
  it('posts Slack mrkdwn with a plain fallback', async () => {
    const r = await deliverTo({ kind: 'slack', url: `${rx.url}/services/T000/B000/XXXX` }, [firing], ctx, opts());
    expect(r.ok).toBe(true);
    const j = rx.requests[0].json;
    expect(j.text).toBe('fleet-diag: 1 firing');
    expect(j.blocks[0]).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } });
    expect(j.blocks[0].text.text).toContain('*FIRING* h2: leaking at leaky/main.go:40');
  });

  it('posts every event in full to a generic webhook, with a bearer token from the environment', async () => {
    await deliverTo({ kind: 'webhook', url: `${rx.url}/alerts`, token: 'tok-9' }, [firing, resolved], ctx, opts());
    const req = rx.requests[0];
    expect(req.headers.authorization).toBe('Bearer tok-9');
    expect(req.json).toEqual({ source: 'fleet-diag', version: 1, status: 'firing', summary: 'fleet-diag: 1 firing, 1 resolved', run: ctx, alerts: [firing, resolved] });
  });
});

describe('retries and logs', () => {
  it('retries 5xx with backoff and logs each attempt', async () => {
    rx.script.push({ status: 500, body: 'oops' }, { status: 503 });
    const r = await deliverTo({ kind: 'webhook', url: `${rx.url}/alerts` }, [firing], ctx, opts({ backoffMs: 30 }));
    expect(r).toMatchObject({ ok: true, attempts: 3 });
    expect(rx.requests[2].at - rx.requests[1].at).toBeGreaterThanOrEqual(55); // 30 ms, then 60 ms
    expect(logs).toEqual([
      expect.stringMatching(/attempt 1\/3 failed: HTTP 500: oops; retrying in 30 ms/),
      expect.stringMatching(/attempt 2\/3 failed: HTTP 503; retrying in 60 ms/),
      expect.stringMatching(/delivered 1 alert\(s\) on attempt 3/),
    ]);
  });

  it('does not retry a 4xx, and gives up after the last attempt without throwing', async () => {
    rx.script.push({ status: 404 });
    expect(await deliverTo({ kind: 'webhook', url: `${rx.url}/a` }, [firing], ctx, opts())).toMatchObject({ ok: false, attempts: 1, error: 'HTTP 404' });
    rx.script.push({ status: 500 }, { status: 500 }, { status: 500 });
    expect(await deliverTo({ kind: 'webhook', url: `${rx.url}/a` }, [firing], ctx, opts())).toMatchObject({ ok: false, attempts: 3 });
  });

  it('survives a receiver that is gone, and never shows the token or the secret', async () => {
    await rx.close();
    const ch: Channel = { kind: 'dingtalk', url: `${rx.url}/robot/send?access_token=${TOKEN}`, secret: SECRET };
    const [r] = await deliverAll([ch], [firing], ctx, opts({ attempts: 2 }));
    expect(r).toMatchObject({ ok: false, attempts: 2, error: 'ECONNREFUSED' });
    expect(r.target).toBe(`${rx.url}/robot/send?access_token=***`);
    const all = JSON.stringify([r, logs]);
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(SECRET);
    expect(logs[0]).toContain('access_token=***');
    rx = await startReceiver(); // for afterEach
  });

  it('never logs the path secret of a generic webhook, nor a token the error body echoes (issue 21)', async () => {
    const hook = 'b2x9k1mQ7zPATHSECRET';
    rx.script.push({ status: 400, body: `{"error":"unknown hook","request":"POST /hooks/${hook}?token=ECHOED7777"}` });
    const ch: Channel = { kind: 'webhook', url: `${rx.url}/hooks/catch/123456/${hook}/` };
    const [r] = await deliverAll([ch], [firing], ctx, opts({ attempts: 1 }));
    expect(r).toMatchObject({ ok: false, target: `${rx.url}/***` });
    const all = JSON.stringify([r, logs]);
    expect(all).not.toContain(hook);
    expect(all).not.toContain('ECHOED7777');
    expect(logs[0]).toMatch(/^alert: webhook http:\/\/127\.0\.0\.1:\d+\/\*\*\*: attempt 1\/1 failed: HTTP 400: .*\/hooks\/\*\*\*/);
  });

  it('sends nothing when there is nothing to say', async () => {
    expect(await deliverAll([{ kind: 'webhook', url: `${rx.url}/a` }], [], ctx, opts())).toEqual([]);
    expect(rx.requests).toHaveLength(0);
  });
});
