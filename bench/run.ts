/**
 * `npm run bench`: HTTP steps per second and notification latency through the engine on loopback,
 * beside a raw undici loop doing the same requests in the same process. Figures only, no verdicts.
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { HttpPools } from '../src/engine/http/index.js';
import { runScenario } from '../src/engine/run/scenario-runner.js';
import { createProvisioner } from '../src/engine/steps/index.js';
import type { HttpStep, MessageStep, Scenario, Step } from '../src/model/index.js';
import { startReferenceServer } from '../src/server/index.js';
import { loadSpec } from '../src/spec/index.js';

const STEPS = Number(process.env.BENCH_STEPS ?? 400);
const pos = { file: 'bench', line: 1, col: 1 };
const cred = (u: string) => ({ username: u, password: `${u}-pass`, userId: u });

function scenarioOf(steps: Step[]): Scenario {
  return {
    id: 'bench',
    title: 'bench',
    file: 'bench',
    pos,
    requirements: [],
    profile: 'core',
    tags: [],
    actors: [{ name: 'alice', role: 'agent', cometd: true }],
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

async function main(): Promise<void> {
  const server = await startReferenceServer({ port: 0 });
  const pools = new HttpPools();
  const env = {
    baseUrl: server.baseUrl,
    dialect: 'envelope' as const,
    readings: new Map(loadSpec().readings.map((p) => [p.id, p])),
    requestMs: 10_000,
    validator: loadSpec(),
    provisioner: createProvisioner(
      { kind: 'http', prefix: '/control/v1' },
      {
        pools,
        controlUrl: server.controlUrl ?? '',
        timeoutMs: 10_000,
      },
    ),
  };
  const opts = {
    env,
    cometdUrl: server.cometdUrl,
    pools,
    handshakeMs: 10_000,
    scenarioMs: 600_000,
    names: {},
  };
  const actors = new Map([['alice', cred('agent01')]]);
  try {
    // Raw undici: the same GET with Basic auth, status and one JSON field checked.
    const url = new URL(`${server.baseUrl}/me/interactions`);
    const raw = new Pool(url.origin);
    const auth = `Basic ${Buffer.from('agent01:agent01-pass').toString('base64')}`;
    const rawLoop = async (n: number): Promise<number> => {
      const start = performance.now();
      for (let i = 0; i < n; i++) {
        const res = await raw.request({
          method: 'GET',
          path: url.pathname,
          headers: { authorization: auth },
        });
        const body = (await res.body.json()) as { statusCode?: number };
        if (res.statusCode !== 200 || body.statusCode !== 0) throw new Error('raw loop: unexpected answer');
      }
      return performance.now() - start;
    };
    // A warm-up first, so that neither side pays for the server's first requests (JIT, connections).
    await rawLoop(Math.ceil(STEPS / 2));
    const rawMs = await rawLoop(STEPS);
    await raw.close();

    const t = performance.now();
    const httpRun = await runScenario(
      scenarioOf(Array.from({ length: STEPS }, () => listStep)),
      actors,
      opts,
    );
    const engineMs = performance.now() - t;
    if (httpRun.outcome !== 'passed') throw new Error(`engine run: ${httpRun.reason}`);
    const stepMs = httpRun.steps.reduce((sum, s) => sum + s.durationMs, 0);

    // Latency: provision an invitation, then the message step; arrival measured from the action's start.
    const rounds = 50;
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
    const msgRun = await runScenario(scenarioOf(steps), actors, opts);
    if (msgRun.outcome !== 'passed') throw new Error(`message run: ${msgRun.reason}`);
    const latencies: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const action = msgRun.steps[2 * i];
      const arrived = msgRun.steps[2 * i + 1]?.messages?.[0]?.atMs;
      if (action && arrived !== undefined) latencies.push(arrived - action.startedAtMs);
    }
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;

    const perSec = (ms: number) => ((STEPS / ms) * 1000).toFixed(0);
    console.log(`HTTP steps (${STEPS} sequential GETs, status + body checked)`);
    console.log(
      `  raw undici loop : ${rawMs.toFixed(0)} ms, ${perSec(rawMs)} req/s, ${(rawMs / STEPS).toFixed(3)} ms each`,
    );
    console.log(
      `  engine          : ${engineMs.toFixed(0)} ms incl. CometD connect, ${perSec(engineMs)} steps/s, ${(stepMs / STEPS).toFixed(3)} ms per step`,
    );
    console.log(`  ratio engine/raw: ${(engineMs / rawMs).toFixed(2)}×`);
    console.log(`Notification latency (${latencies.length} invitations, provision start → message recorded)`);
    console.log(
      `  median ${pct(0.5).toFixed(2)} ms, p90 ${pct(0.9).toFixed(2)} ms, max ${pct(1).toFixed(2)} ms`,
    );
  } finally {
    await pools.close();
    await server.close();
  }
}

main().catch((err: unknown) => {
  console.error(`bench failed: ${(err as Error).message}`);
  process.exitCode = 1;
});
