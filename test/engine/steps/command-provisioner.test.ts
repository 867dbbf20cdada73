import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Credential } from '../../../src/engine/config/types.js';
import { HttpPools } from '../../../src/engine/http/index.js';
import { runScenario } from '../../../src/engine/run/scenario-runner.js';
import { createProvisioner, type Provisioner } from '../../../src/engine/steps/index.js';
import type { ScenarioResult } from '../../../src/model/index.js';
import { type RunningServer, startReferenceServer } from '../../../src/server/index.js';
import { loadSpec } from '../../../src/spec/index.js';
import { agent, message, provision, scenario, wait } from '../../helpers/scenario.js';

/**
 * The `command` provisioner with real programs: small executable Node scripts written into a
 * temporary folder, run as child processes, against the reference server's control API.
 */

// Reads the request from stdin and does it through the control API whose base is argv[2].
const PROVISION_SCRIPT = `
let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
const { action, ...request } = JSON.parse(input);
const control = process.argv[2];
if (action === 'reset') {
  const res = await fetch(control + '/reset', { method: 'POST' });
  if (res.status !== 204) { console.error('reset answered ' + res.status); process.exit(1); }
} else {
  const res = await fetch(control + '/interactions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  if (res.status !== 201) { console.error('create answered ' + res.status); process.exit(1); }
  const { id } = await res.json();
  console.log('created an interaction'); // a log line first: the id is the last line
  console.log(id);
}
`;

// Writes its pid, then never answers.
const HANG_SCRIPT = `
import { writeFileSync } from 'node:fs';
writeFileSync(process.argv[2], String(process.pid));
process.stdin.resume();
setInterval(() => {}, 1000);
`;

// biome-ignore lint/suspicious/noTemplateCurlyInString: a scenario variable, not a template
const CAPTURED_ID = '${id}';

const printing = (text: string) => `process.stdout.write(${JSON.stringify(text)});\n`;

let server: RunningServer;
let dir: string;
const ALICE: Credential = { username: 'agent01', password: 'agent01-pass', userId: 'agent01' };

/** Writes an executable Node script: the command is the script itself, as a vendor's would be. */
const script = (name: string, body: string) =>
  writeFile(join(dir, name), `#!${process.execPath}\n${body}`, { mode: 0o755 });
const program = (name: string, ...args: string[]) => [join(dir, name), ...args];

beforeAll(async () => {
  server = await startReferenceServer({ port: 0 });
  dir = await mkdtemp(join(tmpdir(), 'command-provisioner-'));
  await script('provision.mjs', PROVISION_SCRIPT);
  await script('hang.mjs', HANG_SCRIPT);
  await script(
    'fail.mjs',
    `process.stdin.resume(); console.error('no such agent: agent99'); process.exit(3);\n`,
  );
  await script('killed.mjs', `process.kill(process.pid, 'SIGTERM');\n`);
  await script('words.mjs', printing('Error: the interaction could not be created\n'));
  await script('bad-json.mjs', printing('{"id": '));
  await script('no-id-json.mjs', printing('{"created": true}\n'));
  await script('silent.mjs', '');
  await script('json-id.mjs', printing('{"id": "abc-123"}\n'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function commandProvisioner(pools: HttpPools, command: string[], timeoutMs = 5_000): Provisioner {
  return createProvisioner({ kind: 'command', command }, { pools, controlUrl: '', timeoutMs });
}

/** Runs a scenario against the reference server with `alice` = agent01 and the given provisioner. */
async function run(
  steps: Parameters<typeof scenario>[0]['steps'],
  provisioner: (pools: HttpPools) => Provisioner,
  actors = [agent('alice', false)],
): Promise<ScenarioResult> {
  const pools = new HttpPools();
  try {
    return await runScenario(scenario({ actors, steps }), new Map([['alice', ALICE]]), {
      env: {
        baseUrl: server.baseUrl,
        dialect: 'envelope',
        readings: new Map(loadSpec().readings.map((p) => [p.id, p])),
        requestMs: 5_000,
        validator: loadSpec(),
        provisioner: provisioner(pools),
      },
      cometdUrl: server.cometdUrl,
      pools,
      handshakeMs: 5_000,
      scenarioMs: 30_000,
      names: { queue: 'support' },
      // The tests read what the scenario left on the server: no cleanup.
      cleanupMs: 0,
    });
  } finally {
    await pools.close();
  }
}

async function control(method: 'GET' | 'POST', path: string, body?: unknown) {
  const res = await request(`${server.controlUrl}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await res.body.text();
  return {
    status: res.statusCode,
    body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>),
  };
}

/** The provision step ended as an error with this text, and the step after it was skipped. */
function expectProvisionError(result: ScenarioResult, ...texts: string[]): void {
  expect(result.outcome, result.reason).toBe('error');
  expect(result.steps.map((s) => s.outcome)).toEqual(['error', 'skipped']);
  const reason = result.steps[0]?.reason ?? '';
  expect(reason).toMatch(/^provision: /);
  for (const text of texts) expect(reason).toContain(text);
  expect(reason).not.toMatch(/\n\s+at /);
  expect(result.reason).toContain(reason);
}

describe('the command provisioner', () => {
  it('creates through a real program: the id it prints is the interaction the agent is offered', async () => {
    const before = await control('POST', '/interactions', { mediaType: 'workitem' });
    const stale = String(before.body?.id);
    const result = await run(
      [
        provision({ action: 'reset' }),
        provision(
          { action: 'create', mediaType: 'email', agent: 'alice', userData: { subject: 'hi' } },
          { id: '/id' },
        ),
        message({
          match: {
            data: {
              interaction: {
                id: CAPTURED_ID,
                state: 'Invited',
                mediaType: 'email',
                userData: { subject: 'hi' },
              },
            },
          },
          withinMs: 5_000,
          variant: 'Notification.StatusChange',
        }),
      ],
      (pools) => commandProvisioner(pools, program('provision.mjs', server.controlUrl ?? '')),
      [agent('alice')],
    );
    expect(result.outcome, result.reason).toBe('passed');
    const id = (result.steps[1]?.checks[0]?.actual as { id?: string } | undefined)?.id ?? '';
    expect(id).toMatch(/^[A-Za-z0-9]{16}$/);
    // The request reached the program as JSON: the server holds what the step asked for.
    expect((await control('GET', `/interactions/${id}`)).body).toMatchObject({
      mediaType: 'email',
      invitee: 'agent01',
      userData: { subject: 'hi' },
    });
    // And `reset` went through the program too.
    expect((await control('GET', `/interactions/${stale}`)).status).toBe(404);
  });

  it('accepts {"id": …} on stdout', async () => {
    const pools = new HttpPools();
    try {
      await expect(
        commandProvisioner(pools, program('json-id.mjs')).create({ mediaType: 'chat' }),
      ).resolves.toEqual({
        id: 'abc-123',
      });
    } finally {
      await pools.close();
    }
  });

  it('ends the step as an error on a non-zero exit, with the program’s stderr', async () => {
    const result = await run(
      [provision({ action: 'create', mediaType: 'chat' }, { id: '/id' }), wait(1)],
      (pools) => commandProvisioner(pools, program('fail.mjs')),
    );
    expectProvisionError(result, 'fail.mjs exited 3', 'no such agent: agent99', 'IC_E_PROVISION_COMMAND');
  });

  it('ends the step as an error when the program is ended by a signal', async () => {
    const result = await run([provision({ action: 'reset' }), wait(1)], (pools) =>
      commandProvisioner(pools, program('killed.mjs')),
    );
    expectProvisionError(result, 'killed.mjs was ended by signal SIGTERM', 'IC_E_PROVISION_COMMAND');
  });

  it.each([
    ['words.mjs', 'Error: the interaction could not be created', 'which holds no id'],
    ['bad-json.mjs', 'printed "{\\"id\\":"', 'which is not valid JSON'],
    ['no-id-json.mjs', '{\\"created\\": true}', 'which holds no id'],
    ['silent.mjs', 'printed no id', 'printed no id'],
  ])('ends the step as an error when the output is not an id (%s)', async (name, shown, why) => {
    const result = await run([provision({ action: 'create', mediaType: 'chat' }), wait(1)], (pools) =>
      commandProvisioner(pools, program(name)),
    );
    expectProvisionError(result, name, shown, why, 'IC_E_PROVISION_COMMAND');
  });

  it('ends the step as an error when the program never answers, and ends the program', async () => {
    const pidFile = join(dir, 'hang.pid');
    const result = await run([provision({ action: 'create', mediaType: 'chat' }), wait(1)], (pools) =>
      commandProvisioner(pools, program('hang.mjs', pidFile), 1_000),
    );
    expectProvisionError(result, 'hang.mjs', 'did not finish within 1000 ms', 'IC_E_PROVISION_TIMEOUT');
    const pid = Number(await readFile(pidFile, 'utf8'));
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await vi.waitFor(() => expect(alive()).toBe(false), { timeout: 5_000, interval: 50 });
  });

  it('ends the step as an error when the program does not exist', async () => {
    const missing = join(dir, 'no-such-program');
    const result = await run([provision({ action: 'create', mediaType: 'chat' }), wait(1)], (pools) =>
      commandProvisioner(pools, [missing]),
    );
    expectProvisionError(result, missing, 'ENOENT', 'IC_E_PROVISION_COMMAND');
  });
});
