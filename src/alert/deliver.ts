// Delivery: POST one message per channel, retried with backoff; failures are logged (URLs
// redacted) and returned, never thrown: an alert that cannot be sent must not stop a watch.
import { signedDingtalkUrl } from './dingtalk.js';
import { dingtalkMessage, slackMessage, webhookMessage } from './format.js';
import { redactText, redactUrl, urlSecrets } from './redact.js';
import type { AlertContext, AlertEvent } from './types.js';

export type ChannelKind = 'dingtalk' | 'slack' | 'webhook';

export interface Channel {
  kind: ChannelKind;
  url: string;
  /** DingTalk signing secret (FLEET_DIAG_DINGTALK_SECRET). */
  secret?: string | null;
  /** Generic webhook bearer token (FLEET_DIAG_WEBHOOK_TOKEN). */
  token?: string | null;
}

export interface DeliveryOptions {
  attempts: number;
  backoffMs: number;
  timeoutMs: number;
  log: (line: string) => void;
}

export const DEFAULT_DELIVERY: Omit<DeliveryOptions, 'log'> = { attempts: 3, backoffMs: 2000, timeoutMs: 10_000 };

export interface DeliveryResult {
  channel: ChannelKind;
  /** Redacted: safe to show and store. */
  target: string;
  ok: boolean;
  attempts: number;
  error: string | null;
}

/** Retry network errors, 5xx, 429 and DingTalk's "busy"/rate-limit answers; a 4xx or a bad token will not mend itself. */
class DeliveryError extends Error {
  constructor(message: string, readonly retryable: boolean) {
    super(message);
  }
}

function payloadFor(ch: Channel, events: readonly AlertEvent[], ctx: AlertContext): object {
  if (ch.kind === 'dingtalk') return dingtalkMessage(events, ctx);
  if (ch.kind === 'slack') return slackMessage(events, ctx);
  return webhookMessage(events, ctx);
}

async function postOnce(ch: Channel, body: string, timeoutMs: number): Promise<void> {
  const url = ch.kind === 'dingtalk' ? signedDingtalkUrl(ch.url, ch.secret) : ch.url; // signed afresh per attempt
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'fleet-diag' };
  if (ch.kind === 'webhook' && ch.token) headers.authorization = `Bearer ${ch.token}`;
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const why = e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
    throw new DeliveryError(why, true);
  }
  const text = (await res.text().catch(() => '')).slice(0, 300);
  if (!res.ok) throw new DeliveryError(`HTTP ${res.status}${text ? `: ${text}` : ''}`, res.status >= 500 || res.status === 429 || res.status === 408);
  if (ch.kind === 'dingtalk') {
    // DingTalk answers 200 with {"errcode": N, "errmsg": "..."}: 0 is success.
    let answer: { errcode?: number; errmsg?: string } = {};
    try {
      answer = JSON.parse(text);
    } catch {
      /* not JSON: treat 2xx as delivered */
    }
    if (answer.errcode !== undefined && answer.errcode !== 0) {
      throw new DeliveryError(`DingTalk errcode ${answer.errcode}: ${answer.errmsg ?? ''}`, answer.errcode === -1 || answer.errcode === 130101);
    }
  }
}

/** A channel's URL as logs show it: DingTalk keeps its secret in the query; other hooks in the path, masked whole. */
function shownTarget(ch: Channel): string {
  return redactUrl(ch.url, { webhook: ch.kind !== 'dingtalk' });
}

/** What of a channel must never be shown: its signing secret, its token, and the secret parts of its URL. */
export function channelSecrets(ch: Channel): string[] {
  return [ch.secret, ch.token, ...urlSecrets(ch.url)].filter((s): s is string => !!s);
}

export async function deliverTo(ch: Channel, events: readonly AlertEvent[], ctx: AlertContext, o: DeliveryOptions): Promise<DeliveryResult> {
  const target = shownTarget(ch);
  const secrets = channelSecrets(ch);
  const body = JSON.stringify(payloadFor(ch, events, ctx));
  let last = '';
  for (let attempt = 1; attempt <= o.attempts; attempt++) {
    try {
      await postOnce(ch, body, o.timeoutMs);
      o.log(`alert: ${ch.kind} ${target}: delivered ${events.length} alert(s)${attempt > 1 ? ` on attempt ${attempt}` : ''}`);
      return { channel: ch.kind, target, ok: true, attempts: attempt, error: null };
    } catch (err) {
      const e = err as DeliveryError;
      last = redactText(e.message, secrets);
      const retry = e.retryable !== false && attempt < o.attempts;
      o.log(`alert: ${ch.kind} ${target}: attempt ${attempt}/${o.attempts} failed: ${last}${retry ? `; retrying in ${o.backoffMs * 2 ** (attempt - 1)} ms` : ''}`);
      if (!retry) return { channel: ch.kind, target, ok: false, attempts: attempt, error: last };
      await new Promise((r) => setTimeout(r, o.backoffMs * 2 ** (attempt - 1)));
    }
  }
  return { channel: ch.kind, target, ok: false, attempts: o.attempts, error: last };
}

/** Sends the events to every channel at once; never throws. */
export async function deliverAll(channels: readonly Channel[], events: readonly AlertEvent[], ctx: AlertContext, o: DeliveryOptions): Promise<DeliveryResult[]> {
  if (events.length === 0 || channels.length === 0) return [];
  return Promise.all(channels.map((ch) => deliverTo(ch, events, ctx, o).catch((err: Error) => ({
    channel: ch.kind, target: shownTarget(ch), ok: false, attempts: 0, error: redactText(err.message, channelSecrets(ch)),
  }))));
}
