/**
 * `npm run bench`: the harness's speed, each figure beside its yardstick, measured in one run on this
 * machine. Figures only, no verdicts: the goals they are read against are in docs/performance.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReferenceServer } from '../src/server/index.js';
import { packageRoot } from '../src/spec/index.js';
import { flowSuite, generatedSuite, oneStepSuite, targetConfig } from './generate.js';
import { measureInProcess } from './in-process.js';
import { startProxy } from './proxy.js';
import { median, type ProcessRun, runNode, spread } from './whole-process.js';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const FLOW_STEPS = 200;
const SLOW_DELAY_MS = Number(process.env.BENCH_SLOW_DELAY_MS ?? 11_000);

// BENCH_CLI: another build's CLI (an earlier commit's dist/src/cli/main.js), for before/after figures
// of the whole-process measurements; the in-process ones always measure this build's engine.
const cli = process.env.BENCH_CLI ?? join(packageRoot(), 'dist', 'src', 'cli', 'main.js');
// BENCH_ONLY=whole: only the whole-process measurements (what BENCH_CLI changes).
const only = process.env.BENCH_ONLY;
const work = mkdtempSync(join(tmpdir(), 'ic-bench-'));
let reportCount = 0;
const reportDir = () => join(work, `report-${++reportCount}`);

const s = (ms: number) => (ms / 1000).toFixed(2);
const load = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${cpus().length} cores`;

/** The CLI's one-line summaries (scenarios, requirements), or its refusal. */
function outcomeOf(run: ProcessRun): string {
  const lines = run.stdout.split('\n');
  const scenarios = lines.find((l) => l.startsWith('scenarios:'))?.replace(/, \d+ ms$/, '');
  const requirements = lines.find((l) => l.startsWith('requirements:'));
  if (scenarios) return `exit ${run.exitCode}; ${scenarios}; ${requirements ?? ''}`;
  const refusal = run.stderr
    .split('\n')
    .filter((l) => l.startsWith('run:'))
    .slice(0, 2)
    .join(' / ');
  return `exit ${run.exitCode}; ${refusal}`;
}

/** Thrown to leave out a section (BENCH_ONLY). */
class SkipSection extends Error {}

async function repeat(times: number, once: () => Promise<ProcessRun>): Promise<ProcessRun[]> {
  const runs: ProcessRun[] = [];
  for (let i = 0; i < times; i++) runs.push(await once());
  return runs;
}

function expectExit(runs: ProcessRun[], code: number, what: string): void {
  const bad = runs.find((r) => r.exitCode !== code);
  if (bad) throw new Error(`${what}: exit ${bad.exitCode}, expected ${code}\n${bad.stderr.slice(-2000)}`);
}

async function main(): Promise<void> {
  console.log(`interactions-conformance bench, Node ${process.version}; ${load()}`);
  console.log(`CLI: ${cli}`);

  // 1. Whole processes against the embedded reference server (what `run` does with no target).
  const bare = await repeat(REPEATS, () => runNode('-e', ['0'], work));
  const oneStep = oneStepSuite(work);
  const fixed = await repeat(REPEATS, () =>
    runNode(cli, ['run', '--suite', oneStep, '--reporter', 'json', '--report-dir', reportDir()], work),
  );
  expectExit(fixed, 0, '1-step run');
  const full = await repeat(REPEATS, () => runNode(cli, ['run', '--report-dir', reportDir()], work));
  console.log('\nWhole process, embedded reference server (wall ms: median (min–max, n))');
  console.log(`  node -e 0 (Node's own start)       : ${spread(bare.map((r) => r.wallMs))}`);
  console.log(`  1-step scenario (fixed cost)       : ${spread(fixed.map((r) => r.wallMs))}`);
  console.log(
    `  full suite, default reporters      : ${spread(full.map((r) => r.wallMs))}, peak ${spread(full.map((r) => r.peakMiB))} MiB`,
  );
  // Every run's outcome: a failing run is a figure too (and a finding), not a reason to stop.
  for (const run of full) console.log(`    ${outcomeOf(run)}`);

  // 2. Inside one process: an HTTP step beside a raw undici Pool loop; a notification beside the raw client.
  const server = await startReferenceServer({ port: 0 });
  try {
    if (only === 'whole') throw new SkipSection();
    const f = await measureInProcess(server, { steps: 400, repeats: REPEATS, rounds: 50 });
    console.log(`\nIn process (${load()})`);
    console.log(
      `  HTTP step (${f.steps} sequential GETs, status + field checked): engine ${f.engineMsPerStep.toFixed(3)} ms, raw undici Pool ${f.rawMsPerStep.toFixed(3)} ms, ratio ${(f.engineMsPerStep / f.rawMsPerStep).toFixed(2)}×`,
    );
    console.log(
      `  notification (${f.rounds} invitations, median from the provision's start): raw cometd client delivers at ${f.rawDeliveryMs.toFixed(2)} ms; engine records it at ${f.engineArrivalMs.toFixed(2)} ms, its message step has matched it at ${f.engineMatchMs.toFixed(2)} ms (+${(f.engineMatchMs - f.rawDeliveryMs).toFixed(2)} ms)`,
    );
  } catch (err) {
    if (!(err instanceof SkipSection)) throw err;
  } finally {
    await server.close();
  }

  // 3. The 200-step flow, whole process, against a running server: the harness beside the raw loop.
  const flowServer = await startReferenceServer({ port: 0 });
  try {
    const origin = new URL(flowServer.baseUrl).origin;
    const config = targetConfig(work, 'flow', { baseUrl: flowServer.baseUrl, controlOrigin: origin });
    const flow = flowSuite(work, FLOW_STEPS);
    const rawFlow = join(import.meta.dirname, 'raw-flow.js');
    const raw = await repeat(REPEATS, () => runNode(rawFlow, [flowServer.baseUrl, String(FLOW_STEPS)], work));
    expectExit(raw, 0, 'raw flow');
    const harness = await repeat(REPEATS, () =>
      runNode(
        cli,
        ['run', '--config', config, '--suite', flow, '--reporter', 'json', '--report-dir', reportDir()],
        work,
      ),
    );
    expectExit(harness, 0, 'harness flow');
    const ratio = median(harness.map((r) => r.wallMs)) / median(raw.map((r) => r.wallMs));
    console.log(`\n${FLOW_STEPS}-step flow (POST, status + one field), whole process (${load()})`);
    console.log(`  raw undici loop : ${spread(raw.map((r) => r.wallMs))} ms`);
    console.log(`  harness         : ${spread(harness.map((r) => r.wallMs))} ms`);
    console.log(`  ratio harness/raw: ${ratio.toFixed(2)}× (Step CI/raw measured here: ~6, the bar)`);
  } finally {
    await flowServer.close();
  }

  // 4. Broken targets: a proxy in front of a conforming server, the same suite through each.
  const brokenServer = await startReferenceServer({ port: 0 });
  const upstreamOrigin = new URL(brokenServer.baseUrl).origin;
  const through = async (name: string, proxyOpts: { dropChannel?: string; delayMs?: number }) => {
    const proxy = await startProxy({ upstreamOrigin, ...proxyOpts });
    try {
      const config = targetConfig(work, name, {
        baseUrl: `${proxy.origin}/api/v2`,
        controlOrigin: proxy.origin,
      });
      return await runNode(
        cli,
        ['run', '--config', config, '--reporter', 'json', '--report-dir', reportDir()],
        work,
      );
    } finally {
      await proxy.close();
    }
  };
  try {
    const conforming = await through('conforming', {});
    const silent = await through('silent', { dropChannel: '/v2/me/interactions' });
    const slow = await through('slow', { delayMs: SLOW_DELAY_MS });
    console.log(`\nBroken targets, full suite through a proxy, whole process (${load()})`);
    console.log(
      `  conforming (pass-through)           : ${s(conforming.wallMs)} s; ${outcomeOf(conforming)}`,
    );
    console.log(
      `  never notifies                      : ${s(silent.wallMs)} s (${(silent.wallMs / conforming.wallMs).toFixed(2)}× conforming); ${outcomeOf(silent)}`,
    );
    console.log(
      `  answers every request after ${s(SLOW_DELAY_MS)} s: ${s(slow.wallMs)} s (${(slow.wallMs / conforming.wallMs).toFixed(2)}× conforming); ${outcomeOf(slow)}`,
    );
  } finally {
    await brokenServer.close();
  }

  // 5. Generated scenarios: load and run cost, memory.
  console.log(`\nGenerated scenarios (7 steps each), embedded server (${load()})`);
  for (const count of [100, 1000]) {
    const suite = generatedSuite(work, count);
    const validate = await runNode(cli, ['validate', suite], work);
    const run = await runNode(
      cli,
      ['run', '--suite', suite, '--reporter', 'json', '--report-dir', reportDir()],
      work,
    );
    expectExit([run], 0, `${count} generated scenarios`);
    console.log(
      `  ${String(count).padStart(4)}: load (validate) ${s(validate.wallMs)} s, ${validate.peakMiB.toFixed(0)} MiB; run ${s(run.wallMs)} s (${(run.wallMs / count).toFixed(1)} ms per scenario), peak ${run.peakMiB.toFixed(0)} MiB`,
    );
  }
}

main()
  .catch((err: unknown) => {
    console.error(`bench failed: ${(err as Error).message}`);
    process.exitCode = 1;
  })
  .finally(() => rmSync(work, { recursive: true, force: true }));
