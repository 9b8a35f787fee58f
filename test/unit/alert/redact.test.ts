import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { redactedCommandLine, redactText, redactUrl, urlSecrets } from '../../../src/alert/redact.js';
import { channelsFrom, secretFromEnv } from '../../../src/alert/channels.js';

describe('redaction', () => {
  it('masks access_token and other secret query values, passwords and Slack hook paths', () => {
    expect(redactUrl('https://oapi.dingtalk.com/robot/send?access_token=abc123def')).toBe('https://oapi.dingtalk.com/robot/send?access_token=***');
    expect(redactUrl('https://x.example/hook?a=1&token=zz&sign=qq')).toBe('https://x.example/hook?a=***&token=***&sign=***');
    expect(redactUrl('https://user:pw@x.example/h')).toBe('https://***@x.example/h');
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

describe('redaction by structure (issue 21)', () => {
  const S = 'Sx7sEcReT42value';
  it('masks a token given as the URL user, every query value but pprof\'s own, and the fragment', () => {
    expect(redactUrl(`https://${S}@hooks.example.com/x`)).toBe('https://***@hooks.example.com/x');
    expect(redactUrl(`https://x.example/cb?client_secret=${S}&accessToken=${S}&state=abc&debug=2`)).toBe('https://x.example/cb?client_secret=***&accessToken=***&state=***&debug=2');
    expect(redactUrl(`https://x.example/cb#access_token=${S}`)).toBe('https://x.example/cb#***');
    expect(redactUrl('http://127.0.0.1:6060/debug/pprof/goroutine?debug=2')).toBe('http://127.0.0.1:6060/debug/pprof/goroutine?debug=2');
  });

  it('masks hook paths: a trailing dot on Slack, Feishu, Zapier, Mattermost-style /hooks/, and any path of a webhook', () => {
    expect(redactUrl(`https://hooks.slack.com./services/T000/B000/${S}`)).toBe('https://hooks.slack.com./services/***');
    expect(redactUrl(`https://open.feishu.cn/open-apis/bot/v2/hook/${S}`)).toBe('https://open.feishu.cn/***');
    expect(redactUrl(`https://hooks.zapier.com/hooks/catch/123456/${S}/`)).toBe('https://hooks.zapier.com/***');
    expect(redactUrl(`https://mm.example.com/hooks/${S}`)).toBe('https://mm.example.com/hooks/***');
    expect(redactUrl(`https://alerts.example.com/v1/${S}`, { webhook: true })).toBe('https://alerts.example.com/***');
  });

  it('masks secrets in free text: after a quote in the query, an echoed request, name=value and JSON pairs, bearer tokens', () => {
    const texts = [
      `POST https://x.example/h?q="&token=${S} failed`,
      `POST https://x.example/h?q='x'&token=${S}`,
      `HTTP 400: {"error":"bad request","request":"POST /hook?token=${S}&x=1"}`,
      `form body client_secret=${S}&grant_type=client_credentials`,
      `{"accessToken":"${S}","client_secret": "${S}"}`,
      `Authorization: Bearer ${S}`,
      `see https://${S}@git.example.com/repo`,
    ];
    for (const t of texts) expect(redactText(t), t).not.toContain(S);
    expect(redactText(`HTTP 400: echo /hook?token=${S}&x=1`)).toBe('HTTP 400: echo /hook?token=***&x=***');
    expect(redactText('pprof at http://127.0.0.1:6060 answered 404: curl: (22) /debug/pprof/goroutine?debug=2')).toBe('pprof at http://127.0.0.1:6060/ answered 404: curl: (22) /debug/pprof/goroutine?debug=2');
  });

  it('records a command line for the audit log without any of these secrets', () => {
    const line = redactedCommandLine(['fleet-diag', 'watch', '--webhook', `https://${S}@hooks.example.com/x`, `--slack=https://hooks.slack.com./services/T0/B0/${S}`, '--dingtalk', `https://oapi.dingtalk.com/robot/send?accessToken=${S}`]);
    expect(line).not.toContain(S);
    expect(line).toBe('fleet-diag watch --webhook https://***@hooks.example.com/x --slack=https://hooks.slack.com./services/*** --dingtalk "https://oapi.dingtalk.com/robot/send?accessToken=***"');
  });

  it('knows the secret parts of a channel URL on their own (an error body may echo just the path)', () => {
    const url = `https://open.feishu.cn/open-apis/bot/v2/hook/${S}?k=v4lue`;
    expect(urlSecrets(url)).toEqual(expect.arrayContaining([S, 'v4lue']));
    expect(urlSecrets(url)).not.toContain('open-apis');
    expect(redactText(`HTTP 404: no hook ${S} here`, urlSecrets(url))).toBe('HTTP 404: no hook *** here');
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
