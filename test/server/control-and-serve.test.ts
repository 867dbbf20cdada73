import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startReferenceServer } from '../../src/server/index.js';
import { serveCommand } from '../../src/server/serve-command.js';
import { basic, call, controlView, createInteraction } from './support.js';

describe('control API', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startReferenceServer({ controlPrefix: 'ctl/v9/' });
  });
  afterAll(() => server.close());

  it('creates, shows and resets interactions under the configured prefix', async () => {
    expect(server.controlUrl).toMatch(/\/ctl\/v9$/);
    const invited = await createInteraction(server, {
      mediaType: 'email',
      agent: 'agent04',
      userData: { n: { a: 1 } },
    });
    expect(invited).toMatch(/^[A-Za-z0-9]{16}$/);
    const queued = await createInteraction(server, { mediaType: 'workitem', queue: 'billing' });
    expect(await controlView(server, invited)).toMatchObject({
      state: 'Invited',
      invitee: 'agent04',
      owner: null,
      userData: { n: { a: 1 } },
      history: [{ state: 'Invited', agent: 'agent04' }],
    });
    expect(await controlView(server, queued)).toMatchObject({
      state: 'Queued',
      queue: 'billing',
      invitee: null,
    });
    const listed = await call(`${server.controlUrl}/interactions`, 'GET');
    expect(listed.status).toBe(200);
    expect((listed.body as { interactions: Array<{ id: string; state: string }> }).interactions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: invited, state: 'Invited', invitee: 'agent04' }),
        expect.objectContaining({ id: queued, state: 'Queued', queue: 'billing' }),
      ]),
    );
    expect((await call(`${server.controlUrl}/reset`, 'POST')).status).toBe(204);
    expect((await call(`${server.controlUrl}/interactions/${invited}`, 'GET')).status).toBe(404);
  });

  it('refuses bad provisioning input with 400 and a statusCode body', async () => {
    for (const body of [
      {},
      { mediaType: 'fax' },
      { mediaType: 'chat', agent: 'admin' },
      { mediaType: 'chat', queue: 'x' },
    ]) {
      const res = await call(`${server.controlUrl}/interactions`, 'POST', { body });
      expect(res.status).toBe(400);
      expect((res.body as { statusCode: number }).statusCode).toBeGreaterThan(0);
    }
  });

  it('is absent when switched off', async () => {
    const off = await startReferenceServer({ control: false });
    try {
      expect(off.controlUrl).toBeUndefined();
      const origin = new URL(off.baseUrl).origin;
      expect((await call(`${origin}/control/v1/reset`, 'POST')).status).toBe(404);
    } finally {
      await off.close();
    }
  });
});

describe('startup failure', () => {
  it('refuses a busy port with LISTEN_FAILED and leaves no timer behind to hold the process open', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    try {
      const port = (holder.address() as { port: number }).port;
      const before = timers();
      await expect(startReferenceServer({ port })).rejects.toMatchObject({ code: 'LISTEN_FAILED' });
      expect(timers()).toBe(before);
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  });
});

describe('CSRF protection', () => {
  it('hands the token out on GET and requires it on POST', async () => {
    const server = await startReferenceServer({ csrf: true });
    try {
      const id = await createInteraction(server, { mediaType: 'chat', agent: 'agent01' });
      const url = `${server.baseUrl}/me/interactions/${id}`;
      const without = await call(url, 'POST', { auth: basic('agent01'), body: { operationName: 'Accept' } });
      expect(without.status).toBe(403);
      expect(without.body).toMatchObject({ statusMessage: 'Missing or invalid Csrf token' });
      const get = await call(`${server.baseUrl}/me/interactions`, 'GET', { auth: basic('agent01') });
      expect(get.headers['x-csrf-header']).toBe('X-CSRF-TOKEN');
      const token = String(get.headers['x-csrf-token']);
      const withToken = await call(url, 'POST', {
        auth: basic('agent01'),
        body: { operationName: 'Accept' },
        headers: { 'X-CSRF-TOKEN': token },
      });
      expect(withToken.body).toEqual({ status: 'ok' });
    } finally {
      await server.close();
    }
  });
});

describe('serve command', () => {
  it('lists the faults', async () => {
    const lines: string[] = [];
    expect(await serveCommand(['--list-faults'], (l) => lines.push(l))).toBe(0);
    expect(lines.some((l) => l.startsWith('ix-complete-01-wrong-family\tIX-COMPLETE-01'))).toBe(true);
  });

  it('refuses unknown options, a bad dialect and an unknown fault', async () => {
    const errors: string[] = [];
    const err = (l: string) => errors.push(l);
    expect(await serveCommand(['--bogus'], () => {}, err)).toBe(2);
    expect(await serveCommand(['--dialect', 'xml'], () => {}, err)).toBe(2);
    expect(await serveCommand(['--port', ''], () => {}, err)).toBe(2);
    expect(await serveCommand(['--port', '0x10'], () => {}, err)).toBe(2);
    expect(await serveCommand(['--port', '0', '--fault', 'nope'], () => {}, err)).toBe(1);
    expect(errors.join('\n')).toMatch(/UNKNOWN_FAULT/);
  });

  it('prints the URLs and users, serves, and stops cleanly on SIGTERM', async () => {
    const lines: string[] = [];
    let started: () => void = () => {};
    const ready = new Promise<void>((r) => {
      started = r;
    });
    const out = (l: string) => {
      lines.push(l);
      if (l.startsWith('Press Ctrl-C')) started();
    };
    const running = serveCommand(['--port', '0', '--dialect', 'flat'], out);
    await ready;
    const base = /base URL:\s+(\S+)/.exec(lines.join('\n'))?.[1] ?? '';
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v2$/);
    expect(lines.join('\n')).toMatch(/CometD URL:\s+http:\/\/127\.0\.0\.1:\d+\/api\/v2\/notifications/);
    expect(lines.join('\n')).toMatch(/agent01\s+agent01-pass\s+agent/);
    const res = await call(`${base}/me/interactions`, 'GET', { auth: basic('agent01') });
    expect(res.status).toBe(200);
    // The request log names method, path and status, never the credentials.
    const logged = () => lines.some((l) => / GET \/api\/v2\/me\/interactions 200 /.test(l));
    for (let i = 0; i < 100 && !logged(); i += 1) await new Promise((r) => setTimeout(r, 20));
    expect(logged()).toBe(true);
    expect(lines.join('\n')).not.toContain(basic('agent01').slice(6));
    process.emit('SIGTERM', 'SIGTERM');
    expect(await running).toBe(0);
  });
});
