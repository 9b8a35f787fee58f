import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { redactedCommandLine, redactText, redactUrl } from '../../../src/alert/redact.js';
import { channelsFrom, secretFromEnv } from '../../../src/alert/channels.js';

describe('redaction', () => {
  it('masks access_token and other secret query values, passwords and Slack hook paths', () => {
    expect(redactUrl('https://oapi.dingtalk.com/robot/send?access_token=abc123def')).toBe('https://oapi.dingtalk.com/robot/send?access_token=***');
    expect(redactUrl('https://x.example/hook?a=1&token=zz&sign=qq')).toBe('https://x.example/hook?a=1&token=***&sign=***');
    expect(redactUrl('https://user:pw@x.example/h')).toBe('https://user:***@x.example/h');
    expect(redactUrl('https://hooks.slack.com/services/T000/B000/XXXXSECRET')).toBe('https://hooks.slack.com/services/***');
    expect(redactUrl('http://127.0.0.1:9000/plain')).toBe('http://127.0.0.1:9000/plain');
  });

  it('masks URLs inside text and known secret values', () => {
    expect(redactText('POST https://oapi.dingtalk.com/robot/send?access_token=abc failed: SECmysecret', ['SECmysecret'])).toBe('POST https://oapi.dingtalk.com/robot/send?access_token=*** failed: ***');
  });

  it('records a command line without secrets', () => {
    expect(redactedCommandLine(['fleet-diag', 'watch', '--dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=abc', '--csv', 'a b.csv'])).toBe(
      'fleet-diag watch --dingtalk "https://oapi.dingtalk.com/robot/send?access_token=***" --csv "a b.csv"',
    );
  });
});

describe('channels', () => {
  it('takes URLs from flags, @FILE or the environment, and secrets only from the environment or files', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-ch-'));
    writeFileSync(path.join(dir, 'url'), 'https://oapi.dingtalk.com/robot/send?access_token=fromfile\n');
    writeFileSync(path.join(dir, 'secret'), 'SECfile\n');
    const warnings: string[] = [];
    const ch = channelsFrom({ dingtalk: `@${path.join(dir, 'url')}`, slack: 'https://hooks.slack.com/services/T/B/X' },
      { FLEET_DIAG_DINGTALK_SECRET_FILE: path.join(dir, 'secret'), FLEET_DIAG_WEBHOOK_URL: 'http://127.0.0.1:1/h', FLEET_DIAG_WEBHOOK_TOKEN: 'tok' }, (w) => warnings.push(w));
    expect(ch).toEqual([
      { kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=fromfile', secret: 'SECfile', token: null },
      { kind: 'slack', url: 'https://hooks.slack.com/services/T/B/X', secret: null, token: null },
      { kind: 'webhook', url: 'http://127.0.0.1:1/h', secret: null, token: 'tok' },
    ]);
    expect(warnings).toEqual([expect.stringMatching(/^--slack: the URL carries a secret/)]);
    expect(secretFromEnv('NOPE', {})).toBeNull();
    expect(() => channelsFrom({ webhook: 'not a url' }, {})).toThrow(/--webhook: not a URL/);
    expect(() => channelsFrom({ webhook: 'ftp://x/y' }, {})).toThrow(/only http/);
  });
});
