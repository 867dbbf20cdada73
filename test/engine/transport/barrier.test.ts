import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActorHttp, Barrier, HttpPools } from '../../../src/engine/http/index.js';

/**
 * A server that records, for each request, how many requests' headers it had seen when that request's
 * body was complete (judged after the loop's poll phase, when every byte already sent has been read).
 */
let seen: string[] = [];
let events: string[] = [];
let url = '';
const server = createServer((req: IncomingMessage, res) => {
  const name = String(req.headers['x-name']);
  seen.push(name);
  req.resume();
  req.on('end', () =>
    setImmediate(() => {
      events.push(`${name} complete, ${seen.length} seen`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    }),
  );
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('the barrier of a together step', () => {
  it('holds every body until the last request is on the wire, even one that starts late', async () => {
    events = [];
    seen = [];
    const pools = new HttpPools();
    const actor = new ActorHttp(pools, { username: 'u', password: 'p' });
    const barrier = new Barrier(3, 5000);
    const send = (name: string) =>
      actor.send({
        method: 'POST',
        url,
        auth: 'actor',
        timeoutMs: 5000,
        headers: { 'x-name': name },
        body: { operationName: 'Accept', name },
        barrier,
      });
    try {
      const late = sleep(150).then(() => send('c')); // without the barrier, a and b would be done by now
      const answers = await Promise.all([send('a'), send('b'), late]);
      expect(answers.map((a) => a.exchange.response?.status)).toEqual([200, 200, 200]);
      // No request was complete before the late one was on the wire.
      expect(events.sort()).toEqual(['a complete, 3 seen', 'b complete, 3 seen', 'c complete, 3 seen']);
    } finally {
      await pools.close();
    }
  });

  it('releases the others when a party never arrives (bounded)', async () => {
    events = [];
    const pools = new HttpPools();
    const actor = new ActorHttp(pools, { username: 'u', password: 'p' });
    const barrier = new Barrier(2, 200);
    try {
      const answer = await actor.send({
        method: 'POST',
        url,
        auth: 'actor',
        timeoutMs: 5000,
        headers: { 'x-name': 'alone' },
        body: { a: 1 },
        barrier,
      });
      expect(answer.exchange.response?.status).toBe(200);
      expect(answer.exchange.request.body).toEqual({ a: 1 });
    } finally {
      await pools.close();
    }
  });
});
