/**
 * Measurements inside the bench process, against one reference server on loopback: an HTTP step's
 * cost beside a raw undici `Pool` loop doing the same request and check, and a notification's match
 * through the engine beside the raw cometd client's delivery.
 */
import { performance } from 'node:perf_hooks';
import { CometD, type Message } from 'cometd';
import { Pool, request } from 'undici';
import { ensureCometdAdapted } from '../src/engine/cometd/adapt.js';
import { HttpPools } from '../src/engine/http/index.js';
import { runScenario } from '../src/engine/run/scenario-runner.js';
import { createProvisioner } from '../src/engine/steps/index.js';
import type { HttpStep, MessageStep, Scenario, Step } from '../src/model/index.js';
import type { RunningServer as ReferenceServer } from '../src/server/index.js';
import { loadSpec } from '../src/spec/index.js';
import { median } from './whole-process.js';

const pos = { file: 'bench', line: 1, col: 1 };
const cred = (u: string) => ({ username: u, password: `${u}-pass`, userId: u });
const basic = (u: string) => `Basic ${Buffer.from(`${u}:${u}-pass`).toString('base64')}`;

function scenarioOf(steps: Step[], cometd: boolean): Scenario {
  return {
    id: 'bench',
    title: 'bench',
    file: 'bench',
    pos,
    requirements: [],
    profile: 'core',
    tags: [],
    actors: [{ name: 'alice', role: 'agent', cometd }],
    exclusive: false,
    noUnexpectedMessages: false,
    steps,
  };
}

const listStep: HttpStep = {
  kind: 'http',
  title: 'GET /me/interactions',
  pos,
  requirements: [],
  actor: 'alice',
  method: 'GET',
  path: '/me/interactions',
  expect: { status: 200, body: { statusCode: 0 } },
};

export interface InProcessFigures {
  steps: number;
  rawMsPerStep: number;
  engineMsPerStep: number;
  rounds: number;
  rawDeliveryMs: number;
  engineArrivalMs: number;
  engineMatchMs: number;
}

function runOptions(server: ReferenceServer, pools: HttpPools) {
  const spec = loadSpec();
  return {
    env: {
      baseUrl: server.baseUrl,
      dialect: 'envelope' as const,
      readings: new Map(spec.readings.map((p) => [p.id, p])),
      requestMs: 10_000,
      validator: spec,
      provisioner: createProvisioner(
        { kind: 'http', prefix: '/control/v1' },
        { pools, controlUrl: server.controlUrl ?? '', timeoutMs: 10_000 },
      ),
    },
    cometdUrl: server.cometdUrl,
    pools,
    handshakeMs: 10_000,
    scenarioMs: 600_000,
    names: {},
    cleanupMs: 0,
  };
}

/** The same GET, status and one field checked, `n` times through a raw undici Pool. */
async function rawLoop(server: ReferenceServer, n: number): Promise<number> {
  const url = new URL(`${server.baseUrl}/me/interactions`);
  const raw = new Pool(url.origin);
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const res = await raw.request({
      method: 'GET',
      path: url.pathname,
      headers: { authorization: basic('agent01') },
    });
    const body = (await res.body.json()) as { statusCode?: number };
    if (res.statusCode !== 200 || body.statusCode !== 0) throw new Error('raw loop: unexpected answer');
  }
  const ms = performance.now() - start;
  await raw.close();
  return ms;
}

/** Per-step cost: the engine's HTTP steps beside the raw loop, alternated, each repeated. */
async function stepCost(server: ReferenceServer, steps: number, repeats: number) {
  const pools = new HttpPools();
  const opts = runOptions(server, pools);
  const actors = new Map([['alice', cred('agent01')]]);
  const engineRun = async () => {
    const run = await runScenario(
      scenarioOf(
        Array.from({ length: steps }, () => listStep),
        false,
      ),
      actors,
      opts,
    );
    if (run.outcome !== 'passed') throw new Error(`engine run: ${run.reason}`);
    // The steps' own time: from the first step's start to the last step's end.
    const first = run.steps[0];
    const last = run.steps[run.steps.length - 1];
    return first && last ? last.startedAtMs + last.durationMs - first.startedAtMs : Number.NaN;
  };
  // Warm-up first, so that neither side pays for the first requests (JIT, connections).
  await rawLoop(server, steps);
  await engineRun();
  const raw: number[] = [];
  const engine: number[] = [];
  for (let i = 0; i < repeats; i++) {
    raw.push((await rawLoop(server, steps)) / steps);
    engine.push((await engineRun()) / steps);
  }
  await pools.close();
  return { raw: median(raw), engine: median(engine) };
}

/** The raw cometd client: provision start → the invitation's delivery callback, `rounds` times. */
async function rawDelivery(server: ReferenceServer, rounds: number): Promise<number[]> {
  ensureCometdAdapted();
  const client = new CometD();
  client.unregisterTransport('websocket');
  client.configure({
    url: server.cometdUrl,
    logLevel: 'warn',
    requestHeaders: { authorization: basic('agent02') },
  });
  const waiting = new Map<string, (at: number) => void>();
  const early = new Map<string, number>();
  await new Promise<void>((resolve, reject) => {
    client.handshake((reply: Message) => {
      if (!reply.successful) return reject(new Error('raw cometd: handshake refused'));
      client.subscribe(
        '/v2/me/interactions',
        (m: Message) => {
          const at = performance.now();
          const id = (m.data as { interaction?: { id?: string } }).interaction?.id ?? '';
          const done = waiting.get(id);
          if (done) done(at);
          else early.set(id, at);
        },
        (sub: Message) => (sub.successful ? resolve() : reject(new Error('raw cometd: subscribe refused'))),
      );
    });
  });
  const latencies: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    const res = await request(`${server.controlUrl}/interactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mediaType: 'chat', agent: 'agent02' }),
    });
    const { id } = (await res.body.json()) as { id: string };
    const at = early.get(id) ?? (await new Promise<number>((resolve) => waiting.set(id, resolve)));
    latencies.push(at - start);
  }
  await new Promise<void>((resolve) => client.disconnect(() => resolve()));
  return latencies;
}

/** The engine: provision step → message step, `rounds` times; arrival and match from the provision's start. */
async function engineDelivery(server: ReferenceServer, rounds: number) {
  const pools = new HttpPools();
  const steps: Step[] = [];
  for (let i = 0; i < rounds; i++) {
    steps.push({
      kind: 'provision',
      title: 'create',
      pos,
      requirements: [],
      provision: { action: 'create', mediaType: 'chat', agent: 'alice' },
      capture: { [`id${i}`]: '/id' },
    });
    const m: MessageStep = {
      kind: 'message',
      title: 'invited',
      pos,
      requirements: [],
      actor: 'alice',
      channel: '/v2/me/interactions',
      match: { data: { interaction: { id: `\${id${i}}`, state: 'Invited' } } },
      withinMs: 5000,
      count: 1,
    };
    steps.push(m);
  }
  const run = await runScenario(
    scenarioOf(steps, true),
    new Map([['alice', cred('agent01')]]),
    runOptions(server, pools),
  );
  await pools.close();
  if (run.outcome !== 'passed') throw new Error(`message run: ${run.reason}`);
  const arrival: number[] = [];
  const matched: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const action = run.steps[2 * i];
    const step = run.steps[2 * i + 1];
    const arrived = step?.messages?.[0]?.atMs;
    if (!action || !step || arrived === undefined) continue;
    arrival.push(arrived - action.startedAtMs);
    matched.push(step.startedAtMs + step.durationMs - action.startedAtMs);
  }
  return { arrival, matched };
}

export async function measureInProcess(
  server: ReferenceServer,
  opts: { steps: number; repeats: number; rounds: number },
): Promise<InProcessFigures> {
  const cost = await stepCost(server, opts.steps, opts.repeats);
  const raw = await rawDelivery(server, opts.rounds);
  const engine = await engineDelivery(server, opts.rounds);
  return {
    steps: opts.steps,
    rawMsPerStep: cost.raw,
    engineMsPerStep: cost.engine,
    rounds: opts.rounds,
    rawDeliveryMs: median(raw),
    engineArrivalMs: median(engine.arrival),
    engineMatchMs: median(engine.matched),
  };
}
