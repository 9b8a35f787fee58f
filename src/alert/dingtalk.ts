import { createHmac } from 'node:crypto';

/**
 * DingTalk robot signing ("加签"): sign = urlencode(base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`))),
 * sent as the `timestamp` (ms) and `sign` query parameters. DingTalk rejects a timestamp more than an hour off.
 */
export function dingtalkSign(secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
}

export function signedDingtalkUrl(url: string, secret: string | null | undefined, now: number = Date.now()): string {
  if (!secret) return url;
  const u = new URL(url);
  u.searchParams.set('timestamp', String(now));
  u.searchParams.set('sign', dingtalkSign(secret, now));
  return u.toString();
}
