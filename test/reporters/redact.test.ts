import { describe, expect, it } from 'vitest';
import { REDACTED, redactRun } from '../../reporters/redact.js';
import { makeRun, PLANTED, SECRETS } from './fixtures.js';

describe('redactRun', () => {
  const safe = redactRun(makeRun(), [SECRETS.password]);
  const text = JSON.stringify(safe);

  it('removes every planted secret from the whole run', () => {
    for (const secret of PLANTED) expect(text).not.toContain(secret);
  });

  it('replaces secret headers wholesale and keeps the others', () => {
    const ex = safe.scenarios[0]?.steps[2]?.exchange;
    expect(ex?.request.headers.authorization).toBe(REDACTED);
    expect(ex?.request.headers.cookie).toBe(REDACTED);
    expect(ex?.request.headers['x-csrf-token']).toBe(REDACTED);
    expect(ex?.request.headers['content-type']).toBe('application/json');
    expect(ex?.response?.headers['set-cookie']).toBe(REDACTED);
    expect(ex?.response?.headers['x-csrf-header']).toBe('X-CSRF-TOKEN');
  });

  it('scrubs passwords in bodies and header values echoed in message data, leaving the rest', () => {
    const body = safe.scenarios[1]?.steps[2]?.exchange?.request.body as {
      comment: string;
      operationName: string;
    };
    expect(body).toEqual({ operationName: 'Complete', comment: `my password is ${REDACTED}` });
    const msg = JSON.stringify(safe.scenarios[0]?.messages[0]?.data);
    expect(msg).toContain(`token ${REDACTED}`);
    expect(msg).toContain('<script>alert(1)</script>');
  });

  it('scrubs a Basic credential wherever it appears, and secrets used as keys', () => {
    const run = makeRun();
    const s = run.scenarios[0];
    if (!s) throw new Error('fixture changed');
    s.reason = 'server said: Authorization Basic ZXZlOnNlY3JldDEyMw== refused';
    s.actors = { [SECRETS.password]: 'agent01' };
    const out = JSON.stringify(redactRun(run, [SECRETS.password]));
    expect(out).not.toContain('ZXZlOnNlY3JldDEyMw');
    expect(out).toContain(`Basic ${REDACTED}`);
    expect(out).not.toContain(SECRETS.password);
  });

  it('takes the cookie value of a Set-Cookie header as a secret, not its attributes', () => {
    const run = makeRun();
    const response = run.scenarios[0]?.steps[2]?.exchange?.response;
    if (!response) throw new Error('fixture changed');
    response.headers['set-cookie'] =
      `${SECRETS.cookie}; Path=/api/v2; Domain=127.0.0.1; Max-Age=86400; SameSite=Strict; HttpOnly`;
    const out = redactRun(run, [SECRETS.password]);
    const text = JSON.stringify(out);
    expect(text).not.toContain(SECRETS.cookieValue);
    expect(out.target.baseUrl).toBe(run.target.baseUrl);
    expect(out.scenarios[0]?.steps[2]?.exchange?.request.url).toBe(
      run.scenarios[0]?.steps[2]?.exchange?.request.url,
    );
  });

  it('does not change the run it was given', () => {
    const run = makeRun();
    redactRun(run, [SECRETS.password]);
    expect(JSON.stringify(run)).toContain(SECRETS.password);
  });
});
