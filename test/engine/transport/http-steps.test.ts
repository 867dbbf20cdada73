import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TogetherStep } from '../../../src/model/index.js';
import { type FakeTarget, json, startFakeTarget } from '../../helpers/fake-target.js';
import { runOne } from '../../helpers/run-one.js';
import { agent, http, scenario } from '../../helpers/scenario.js';

let target: FakeTarget;
beforeEach(async () => {
  target = await startFakeTarget();
});
afterEach(async () => {
  await target.close();
});

const noCometd = [agent('alice', false)];

describe('http steps', () => {
  it('passes a matching answer and captures from it', async () => {
    target.route('POST', '/me/interactions/abc', ({ res, user }) =>
      json(res, 200, { statusCode: 0, by: user }),
    );
    const result = await runOne(
      scenario({
        actors: noCometd,
        steps: [
          http({
            method: 'POST',
            path: '/me/interactions/abc',
            body: { operationName: 'Complete' },
            // biome-ignore lint/suspicious/noTemplateCurlyInString: a scenario variable, not a template
            expect: { status: 200, body: { by: '${alice.userId}' } },
            capture: { who: '/body/by' },
          }),
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a scenario variable, not a template
          http({ method: 'POST', path: '/me/interactions/abc', expect: { body: { by: '${who}' } } }),
        ],
      }),
      target,
    );
    expect(result.outcome).toBe('passed');
    expect(result.steps.map((s) => s.outcome)).toEqual(['passed', 'passed']);
    const recorded = result.steps[0]?.exchange?.request.headers;
    expect(recorded?.authorization).toBe('[REDACTED]');
  });

  it('fails a wrong status, naming expected and actual, and skips the rest', async () => {
    target.route('GET', '/me/interactions', ({ res }) =>
      json(res, 403, { statusCode: 5, statusMessage: 'no' }),
    );
    const result = await runOne(
      scenario({
        actors: noCometd,
        requirements: ['IX-ME-01'],
        steps: [
          http({ path: '/me/interactions', expect: { status: 200 } }),
          http({ path: '/me/interactions' }),
        ],
      }),
      target,
    );
    expect(result.outcome).toBe('failed');
    const [first, second] = result.steps;
    expect(first?.checks[0]).toMatchObject({ name: 'status', passed: false, expected: 200, actual: 403 });
    expect(second?.outcome).toBe('skipped');
    expect(second?.reason).toContain('step 1');
    expect(result.reason).toContain('IX-ME-01');
    expect(result.reason).toContain('status: expected 200, got 403');
  });

  it('fails a body of the wrong variant even when the status is right', async () => {
    target.route('POST', '/me/interactions/x', ({ res }) => json(res, 200, { status: 'ok' }));
    const result = await runOne(
      scenario({
        actors: noCometd,
        steps: [
          http({ method: 'POST', path: '/me/interactions/x', expect: { variant: 'Complete.success' } }),
        ],
      }),
      target,
    );
    expect(result.outcome).toBe('failed');
    const variant = result.steps[0]?.checks.find((c) => c.name === 'variant Complete.success');
    expect(variant?.passed).toBe(false);
    expect(result.steps[0]?.checks.find((c) => c.name === 'status')?.passed).toBe(true);
  });

  it('fails a missing field', async () => {
    target.route('GET', '/interactions/x', ({ res }) => json(res, 200, { statusCode: 0 }));
    const result = await runOne(
      scenario({
        actors: noCometd,
        steps: [
          http({ path: '/interactions/x', expect: { body: { statusCode: 0, interaction: { id: 'x' } } } }),
        ],
      }),
      target,
    );
    expect(result.outcome).toBe('failed');
    expect(result.steps[0]?.reason).toMatch(/body\.interaction/);
  });

  it('a refusal with no status of its own is a reading: 200 or 4xx pass and are recorded, 500 fails', async () => {
    let status = 400;
    target.route('POST', '/me/interactions/y', ({ res }) => json(res, status, { status: 'error' }));
    const success = scenario({
      actors: noCometd,
      steps: [http({ method: 'POST', path: '/me/interactions/y', expect: { body: { status: 'error' } } })],
    });
    const refusal = scenario({
      actors: noCometd,
      steps: [http({ method: 'POST', path: '/me/interactions/y', expect: { variant: 'Accept.failure' } })],
    });
    // Not a refusal: the status defaults to 200.
    expect((await runOne(success, target)).outcome).toBe('failed');
    const fourxx = await runOne(refusal, target);
    expect(fourxx.outcome).toBe('passed');
    expect(fourxx.steps[0]?.readings).toEqual([{ point: 'business-error-http-status', option: 'http-4xx' }]);
    status = 200;
    expect((await runOne(refusal, target)).steps[0]?.readings).toEqual([
      { point: 'business-error-http-status', option: 'http-200' },
    ]);
    status = 500;
    const broken = await runOne(refusal, target);
    expect(broken.outcome).toBe('failed');
    expect(broken.steps[0]?.reason).toContain('none of the defensible options of business-error-http-status');
    expect(broken.steps[0]?.readings).toBeUndefined();
  });

  it('fails a malformed JSON answer and keeps its raw text', async () => {
    target.route('POST', '/me/interactions/z', ({ res }) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"statusCode":0,');
    });
    const result = await runOne(
      scenario({
        actors: noCometd,
        steps: [http({ method: 'POST', path: '/me/interactions/z', expect: { body: { statusCode: 0 } } })],
      }),
      target,
    );
    expect(result.outcome).toBe('failed');
    expect(result.steps[0]?.exchange?.response?.bodyText).toBe('{"statusCode":0,');
  });

  it("ends an oversized answer as the target's failure instead of holding it in memory", async () => {
    target.route('GET', '/me/interactions', ({ res }) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`"${'x'.repeat(9 * 1024 * 1024)}"`);
    });
    const result = await runOne(
      scenario({ actors: noCometd, steps: [http({ method: 'GET', path: '/me/interactions' })] }),
      target,
    );
    expect(result.outcome).toBe('failed');
    expect(result.steps[0]?.reason).toContain('larger than 8 MiB');
    expect(result.steps[0]?.exchange?.errorKind).toBe('too-large');
  });

  it('sends raw malformed bodies byte for byte', async () => {
    target.route('POST', '/me/interactions/r', ({ res, body }) => json(res, 200, { echoed: body }));
    const result = await runOne(
      scenario({
        actors: noCometd,
        steps: [
          http({
            method: 'POST',
            path: '/me/interactions/r',
            rawBody: '{"operationName":',
            expect: { body: { echoed: '{"operationName":' } },
          }),
        ],
      }),
      target,
    );
    expect(result.outcome).toBe('passed');
  });

  it("fails a hanging endpoint within its timeout (the target's failure), and the next scenario still runs", async () => {
    target.route('GET', '/hang', () => undefined);
    target.route('GET', '/ok', ({ res }) => json(res, 200, {}));
    const result = await runOne(
      scenario({ actors: noCometd, steps: [http({ path: '/hang', timeoutMs: 300 }), http({ path: '/ok' })] }),
      target,
    );
    expect(result.outcome).toBe('failed');
    expect(result.steps[0]?.outcome).toBe('failed');
    expect(result.steps[0]?.reason).toContain('no complete answer within 300 ms: no answer at all');
    expect(result.steps[0]?.checks.map((c) => [c.name, c.passed])).toEqual([['transport', false]]);
    expect(result.steps[1]?.outcome).toBe('skipped');
    expect(result.steps[1]?.blockedBy?.step).toBe(0);
    const after = await runOne(scenario({ actors: noCometd, steps: [http({ path: '/ok' })] }), target);
    expect(after.outcome).toBe('passed');
  });

  it("fails a refused connection as the target's failure, saying so", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((r) => closed.close(() => r()));
    const result = await runOne(scenario({ actors: noCometd, steps: [http({ path: '/x' })] }), target, {
      baseUrl: `http://127.0.0.1:${port}/api/v2`,
    });
    expect(result.outcome).toBe('failed');
    expect(result.steps[0]?.reason).toContain('the target refused the connection (ECONNREFUSED)');
  });

  it("fails the step running when the scenario's bound expires, with a deadline check", async () => {
    target.route('GET', '/slow', ({ res }) => {
      setTimeout(() => json(res, 200, {}), 400);
    });
    const result = await runOne(
      scenario({
        actors: noCometd,
        steps: [http({ path: '/slow' }), http({ path: '/slow' }), http({ path: '/slow' })],
      }),
      target,
      { scenarioMs: 600 },
    );
    expect(result.outcome).toBe('failed');
    expect(result.steps.map((s) => s.outcome)).toEqual(['passed', 'failed', 'skipped']);
    expect(result.steps[1]?.checks[0]).toMatchObject({ name: 'deadline', passed: false });
    expect(result.steps[1]?.reason).toContain('did not finish within timeouts.scenario (600 ms)');
  });

  it("cuts a body dripped byte by byte at the step's timeout: a deadline for the whole answer", async () => {
    target.route('GET', '/drip', ({ res }) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '40' });
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(' ')), 50);
      res.on('close', () => clearInterval(timer));
    });
    const result = await runOne(
      scenario({ actors: noCometd, steps: [http({ path: '/drip', timeoutMs: 600 })] }),
      target,
    );
    expect(result.outcome).toBe('failed');
    // Each byte came within 50 ms, well inside any gap bound: only the whole-answer deadline cuts it.
    expect(result.steps[0]?.reason).toMatch(
      /no complete answer within 600 ms: the headers came after \d+ ms, then only \d+ of the 40 announced byte/,
    );
  });

  it('fails a connection reset after the request, and an answer cut in the middle, in words', async () => {
    target.route('POST', '/me/interactions/reset', ({ req }) => {
      req.socket.resetAndDestroy();
    });
    target.route('GET', '/half', ({ req, res }) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"statusCode":0,');
      setTimeout(() => req.socket.destroy(), 20);
    });
    const reset = await runOne(
      scenario({
        actors: noCometd,
        steps: [http({ method: 'POST', path: '/me/interactions/reset', body: {} })],
      }),
      target,
    );
    expect(reset.steps[0]?.reason).toContain('the target reset the connection after the request was sent');
    const half = await runOne(scenario({ actors: noCometd, steps: [http({ path: '/half' })] }), target);
    expect(half.steps[0]?.reason).toMatch(
      /closed the connection in the middle of the answer, after 16 of the 100 announced byte/,
    );
    expect([reset.outcome, half.outcome]).toEqual(['failed', 'failed']);
  });

  it('fails a together step whose request the target resets, naming the transport reason (not an error)', async () => {
    target.route('POST', '/me/interactions/reset', ({ req }) => {
      req.socket.resetAndDestroy();
    });
    const step: TogetherStep = {
      kind: 'together',
      title: 'two requests at once',
      pos: { file: 'x.yaml', line: 1, col: 1 },
      requirements: ['IX-ACCEPT-07'],
      succeed: 'one',
      requests: [1, 2].map(() => ({
        actor: 'alice',
        method: 'POST' as const,
        path: '/me/interactions/reset',
        body: { operationName: 'Accept' },
        success: { variant: 'Accept.success' },
        refusal: { variant: 'Accept.failure' },
      })),
    };
    const result = await runOne(scenario({ actors: noCometd, steps: [step] }), target);
    expect(result.outcome).toBe('failed');
    expect(result.steps[0]?.checks.map((c) => c.name)).toEqual(['transport']);
    expect(result.steps[0]?.reason).toContain('the target reset the connection after the request was sent');
  });

  it('fails a JSON answer not declared as JSON for IX-HTTP-01 alone, and the scenario goes on', async () => {
    target.route('GET', '/html', ({ res }) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('{"statusCode":0}');
    });
    target.route('GET', '/ok', ({ res }) => json(res, 200, { statusCode: 0 }));
    const result = await runOne(
      scenario({ actors: noCometd, steps: [http({ path: '/html' }), http({ path: '/ok' })] }),
      target,
    );
    expect(result.outcome).toBe('failed');
    const check = result.steps[0]?.checks.find((c) => c.name === 'content-type');
    expect(check).toMatchObject({ passed: false, requirement: 'IX-HTTP-01', independent: true });
    expect(result.steps[1]?.outcome).toBe('passed');
    expect(result.steps[1]?.checks.find((c) => c.name === 'content-type')?.passed).toBe(true);
  });

  it('keeps the session cookie per actor and sends the CSRF token on POST', async () => {
    target.route('GET', '/me/interactions', ({ res }) => {
      res.setHeader('set-cookie', 'JSESSIONID=s1; Path=/');
      res.setHeader('x-csrf-header', 'X-CSRF-TOKEN');
      res.setHeader('x-csrf-token', 'tok-1');
      json(res, 200, { statusCode: 0, uris: [] });
    });
    target.route('POST', '/me/interactions/c', ({ req, res }) => {
      if (req.headers['x-csrf-token'] !== 'tok-1') {
        res.writeHead(403);
        res.end('Missing or invalid Csrf token');
        return;
      }
      json(res, 200, { cookie: req.headers.cookie });
    });
    const result = await runOne(
      scenario({
        actors: noCometd,
        steps: [
          http({ method: 'POST', path: '/me/interactions/c', expect: { body: { cookie: 'JSESSIONID=s1' } } }),
        ],
      }),
      target,
    );
    expect(result.outcome).toBe('passed');
    expect(result.steps[0]?.exchange?.attempts).toBe(2);
    expect(JSON.stringify(result)).not.toContain('tok-1');
  });

  it('auth: session sends the cookie jar and no Authorization header', async () => {
    target.route('GET', '/me/interactions', ({ res, user }) => {
      if (user) res.setHeader('set-cookie', 'JSESSIONID=s42; Path=/; HttpOnly');
      json(res, 200, { statusCode: 0, uris: [] });
    });
    // Served only on the session cookie alone: any Authorization header is refused.
    target.route('GET', '/me/interactions/by-session', ({ req, res }) => {
      const session = /(?:^|;\s*)JSESSIONID=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
      if (req.headers.authorization !== undefined || session !== 's42') {
        json(res, 401, { statusCode: 20, statusMessage: 'Access denied' });
        return;
      }
      json(res, 200, { statusCode: 0 });
    });
    const bySession = http({ path: '/me/interactions/by-session', auth: 'session', expect: { status: 200 } });
    const result = await runOne(
      scenario({ actors: noCometd, steps: [http({ path: '/me/interactions' }), bySession] }),
      target,
    );
    expect(result.steps.map((s) => s.outcome)).toEqual(['passed', 'passed']);
    const sent = target.requests.filter((r) => r.path === '/me/interactions/by-session');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.headers.authorization).toBeUndefined();
    expect(sent[0]?.headers.cookie).toBe('JSESSIONID=s42');
    // The record shows a cookie went out, redacted, and no Authorization at all.
    const recorded = result.steps[1]?.exchange?.request.headers;
    expect(recorded?.cookie).toBe('[REDACTED]');
    expect(recorded).not.toHaveProperty('authorization');
    expect(JSON.stringify(result.steps.map((s) => s.exchange))).not.toContain('s42');
  });

  it('cometd: session, a priming GET that sets no cookie fails the scenario on the target, not as a harness error', async () => {
    target.route('GET', '/me/interactions', ({ res }) => json(res, 200, { statusCode: 0, uris: [] }));
    const result = await runOne(
      scenario({
        actors: [{ ...agent('alice'), cometdAuth: 'session' }],
        steps: [http({ path: '/me/interactions', expect: { status: 200 } })],
      }),
      target,
    );
    expect(result.outcome).toBe('failed');
    expect(result.errorCode).toBeUndefined();
    expect(result.steps[0]).toMatchObject({ kind: 'connect', outcome: 'failed' });
    expect(result.steps[0]?.checks[0]?.message).toContain('set no session cookie to handshake with');
    expect(result.steps[1]?.outcome).toBe('skipped');
  });

  it('auth: session with no session cookie yet sends no credentials at all', async () => {
    target.route('GET', '/me/interactions', ({ res }) =>
      json(res, 401, { statusCode: 20, statusMessage: 'Access denied' }),
    );
    const result = await runOne(
      scenario({
        actors: noCometd,
        steps: [http({ path: '/me/interactions', auth: 'session', expect: { status: 200 } })],
      }),
      target,
    );
    expect(result.outcome).toBe('failed');
    expect(result.steps[0]?.checks[0]).toMatchObject({ name: 'status', passed: false, actual: 401 });
    const [sent] = target.requests;
    expect(sent?.headers.authorization).toBeUndefined();
    expect(sent?.headers.cookie).toBeUndefined();
  });

  it('sends an absolute path built on target.cometdUrl to that URL, not under the base, with the actor auth', async () => {
    const seen: Array<{ method: string; url: string; authorization?: string; body: string }> = [];
    const elsewhere = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString('utf8');
      });
      req.on('end', () => {
        seen.push({
          method: req.method ?? '',
          url: req.url ?? '',
          ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
          body,
        });
        json(res, 200, [{ channel: '/meta/handshake', successful: true, clientId: 'c1' }]);
      });
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    const cometdUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/bayeux/cometd/`;
    target.route('GET', '/me/interactions', ({ res, user }) => json(res, 200, { by: user }));
    try {
      const result = await runOne(
        scenario({
          actors: noCometd,
          steps: [
            http({
              method: 'POST',
              // biome-ignore lint/suspicious/noTemplateCurlyInString: a scenario variable, not a template
              path: '${target.cometdUrl}/handshake',
              body: [{ channel: '/meta/handshake', version: '1.0' }],
              expect: { status: 200, body: { $contains: [{ successful: true }] } },
            }),
            http({
              // biome-ignore lint/suspicious/noTemplateCurlyInString: a scenario variable, not a template
              path: '${target.baseUrl}/me/interactions',
              expect: { status: 200, body: { by: 'agent01' } },
            }),
          ],
        }),
        target,
        { cometdUrl },
      );
      expect(result.reason).toBeUndefined();
      expect(result.outcome).toBe('passed');
      expect(seen).toEqual([
        {
          method: 'POST',
          url: '/bayeux/cometd/handshake',
          authorization: `Basic ${Buffer.from('agent01:secret-pw').toString('base64')}`,
          body: JSON.stringify([{ channel: '/meta/handshake', version: '1.0' }]),
        },
      ]);
      expect(result.steps[0]?.exchange?.request.url).toBe(`${cometdUrl}handshake`);
      expect(target.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /me/interactions']);
    } finally {
      await new Promise((resolve) => elsewhere.close(resolve));
    }
  });

  it('refuses an absolute path with another scheme as a step error, sending nothing', async () => {
    const result = await runOne(
      scenario({ actors: noCometd, steps: [http({ path: 'ftp://127.0.0.1/x' })] }),
      target,
    );
    expect(result.outcome).toBe('error');
    expect(result.steps[0]?.outcome).toBe('error');
    expect(result.steps[0]?.reason).toContain('scheme "ftp:"');
    expect(target.requests).toEqual([]);
  });
});
