import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { doctorCommand } from '../../src/cli/doctor-command.js';
import { main } from '../../src/cli/main.js';
import { runCommand } from '../../src/cli/run-command.js';
import { defaultConfig } from '../../src/engine/config/index.js';
import { type PreflightReport, runPreflight } from '../../src/engine/run/preflight/index.js';
import { type RunningServer, startReferenceServer } from '../../src/server/index.js';
import { packageRoot } from '../../src/spec/index.js';

let server: RunningServer;
let dir: string;
beforeAll(async () => {
  server = await startReferenceServer({ port: 0 });
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'doctor-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
}

/** The bundled config, edited, written to a temporary file (suites stay the bundled ones). */
async function configWith(edit: (text: string) => string): Promise<string> {
  const text = await readFile(join(packageRoot(), 'harness.config.yaml'), 'utf8');
  const edited = edit(
    text.replace('suites: [suites]', `suites: [${JSON.stringify(join(packageRoot(), 'suites'))}]`),
  );
  const file = join(dir, 'harness.config.yaml');
  await writeFile(file, edited);
  return file;
}

/** The bundled config with a CometD URL where the server has no CometD endpoint. */
async function configWithWrongCometdUrl(): Promise<{ cometdUrl: string; config: string }> {
  const cometdUrl = `${new URL(server.baseUrl).origin}/no/notifications`;
  const config = await configWith((t) =>
    t.replace(
      'embedded: { csrf: false, faults: [] }',
      `cometdUrl: ${cometdUrl}\n  embedded: { csrf: false, faults: [] }`,
    ),
  );
  return { cometdUrl, config };
}

const failLines = (out: string[]) => out.filter((l) => l.startsWith('FAIL'));
const SMALL = ['--scenario', 'complete-ends-the-interaction'];

describe('doctor', () => {
  it('passes against the reference server with the default users', async () => {
    const { out, err, io: cli } = io();
    const code = await doctorCommand(['--target', server.baseUrl], cli);
    expect(code, [...out, ...err].join('\n')).toBe(0);
    expect(failLines(out)).toEqual([]);
    expect(out).toContainEqual(expect.stringMatching(/^ok\s+agent01 logs in over HTTP$/));
    expect(out).toContainEqual(expect.stringMatching(/^ok\s+admin logs in over HTTP$/));
    expect(out).toContainEqual(expect.stringMatching(/^ok\s+norole logs in over HTTP$/));
    expect(out).toContainEqual(expect.stringMatching(/^ok\s+agent24 opens a CometD session/));
    expect(out).toContainEqual(expect.stringMatching(/^ok\s+the provisioner creates an interaction/));
    expect(out).toContainEqual(expect.stringMatching(/^ok\s+roles look as configured for 26 user/));
    // The interaction the provisioner check created was ended again: nothing is left active.
    const res = await fetch(`${server.baseUrl}/interactions`, {
      headers: { authorization: `Basic ${Buffer.from('admin:admin-pass').toString('base64')}` },
    });
    expect(await res.json()).toMatchObject({ statusCode: 0, interactions: [] });
  });

  it('is a command of the CLI, with --help', async () => {
    const { out, io: cli } = io();
    expect(await main(['doctor', '--help'], cli)).toBe(0);
    expect(out.join('\n')).toContain('Usage: interactions-conformance doctor');
  });

  it('names the user whose password is wrong, once, without the password', async () => {
    const config = await configWith((t) => t.replace('agent02-pass', 'not-the-password'));
    const { out, err, io: cli } = io();
    const code = await doctorCommand(['--config', config, '--target', server.baseUrl], cli);
    expect(code, [...out, ...err].join('\n')).toBe(2);
    const fails = failLines(out);
    expect(fails, out.join('\n')).toHaveLength(1);
    expect(fails[0]).toContain(
      'agent02 (agents[1]): the target refused its credentials (HTTP 401, statusCode 20)',
    );
    expect(fails[0]).toContain(config);
    expect([...out, ...err].join('\n')).not.toContain('not-the-password');
    // The other agents still pass their checks.
    expect(out).toContainEqual(expect.stringMatching(/^ok\s+agent03 opens a CometD session/));
  });

  it('names the base URL when it is not the API', async () => {
    const wrong = server.baseUrl.replace('/api/v2', '/api/v3');
    const { out, err, io: cli } = io();
    const code = await doctorCommand(['--target', wrong], cli);
    expect(code, [...out, ...err].join('\n')).toBe(2);
    const fails = failLines(out);
    expect(fails, out.join('\n')).toHaveLength(1);
    expect(fails[0]).toContain(
      `the base URL does not look like the Interactions API: GET ${wrong}/me/interactions answered 404`,
    );
    expect(fails[0]).toContain('check flag --target,');
    expect(fails[0]).toContain(`expected ${server.baseUrl}`);
  });

  it('with the websocket transport against a long-polling-only server, points at notifications.transport too', async () => {
    const config = await configWith((t) => {
      const edited = t.replace(
        'notifications: { transport: long-polling }',
        'notifications: { transport: websocket }',
      );
      expect(edited).not.toBe(t);
      return edited;
    });
    const { out, err, io: cli } = io();
    const code = await doctorCommand(['--config', config, '--target', server.baseUrl], cli);
    expect(code, [...out, ...err].join('\n')).toBe(2);
    const fails = failLines(out);
    expect(fails, out.join('\n')).toHaveLength(1);
    expect(fails[0]).toContain('check target.cometdUrl, or notifications.transport (now websocket)');
  });

  it('names IC_TARGET when the base URL came from the environment', async () => {
    const wrong = server.baseUrl.replace('/api/v2', '/api/v3');
    const { out, io: cli } = io();
    const saved = process.env.IC_TARGET;
    process.env.IC_TARGET = wrong;
    try {
      expect(await doctorCommand([], cli)).toBe(2);
    } finally {
      if (saved === undefined) delete process.env.IC_TARGET;
      else process.env.IC_TARGET = saved;
    }
    const fails = failLines(out);
    expect(fails, out.join('\n')).toHaveLength(1);
    expect(fails[0]).toContain('check environment IC_TARGET,');
    expect(fails[0]).not.toContain('--target');
  });

  it('names the provisioner prefix when the control API is not there', async () => {
    const config = await configWith((t) => t.replace('prefix: /control/v1', 'prefix: /control/v9'));
    const { out, err, io: cli } = io();
    const code = await doctorCommand(['--config', config, '--target', server.baseUrl], cli);
    expect(code, [...out, ...err].join('\n')).toBe(2);
    const fails = failLines(out);
    expect(fails, out.join('\n')).toHaveLength(1);
    expect(fails[0]).toContain(
      `the provisioner at ${new URL(server.baseUrl).origin}/control/v9 answered 404`,
    );
    expect(fails[0]).toContain('check provisioner.prefix (now /control/v9)');
  });

  it('says once when no agent can open a CometD session, naming the CometD URL', async () => {
    const { cometdUrl, config } = await configWithWrongCometdUrl();
    const { out, err, io: cli } = io();
    const code = await doctorCommand(['--config', config, '--target', server.baseUrl], cli);
    expect(code, [...out, ...err].join('\n')).toBe(2);
    const fails = failLines(out);
    expect(fails, out.join('\n')).toHaveLength(1);
    expect(fails[0]).toContain(`CometD at ${cometdUrl}`);
    expect(fails[0]).toContain('agent01');
    expect(fails[0]).toContain('check target.cometdUrl');
  });

  it("a run's setup check opens the CometD sessions of a sample of agents, doctor of every agent", async () => {
    const opts = {
      config: defaultConfig(),
      baseUrl: server.baseUrl,
      cometdUrl: server.cometdUrl,
      controlUrl: `${new URL(server.baseUrl).origin}/control/v1`,
    };
    const sessions = (r: PreflightReport) =>
      r.checks.filter((c) => c.text.includes('opens a CometD session'));
    const sampled = await runPreflight({ ...opts, cometdSample: 2 });
    expect(sampled.problems).toEqual([]);
    expect(sessions(sampled).map((c) => c.text.split(' ')[0])).toEqual(['agent01', 'agent02']);
    expect(sampled.checks.map((c) => c.text)).toContain(
      'CometD sessions of the other 22 agent(s): a run tries 2; "doctor" tries every one',
    );
    expect(sessions(await runPreflight(opts))).toHaveLength(24);
  });

  it('checks no CometD session when none of the selected scenarios opens one', async () => {
    const { config } = await configWithWrongCometdUrl();
    const suite = join(dir, 'http-only.yaml');
    await writeFile(
      suite,
      `scenarios:
  - id: http-only
    title: one GET, no CometD session
    requirements: [IX-ME-01]
    actors: { alice: { role: agent, cometd: false } }
    steps:
      - title: alice lists her interactions
        http: { actor: alice, method: GET, path: /me/interactions }
        expect: { status: 200 }
`,
    );
    const { out, err, io: cli } = io();
    const code = await doctorCommand(['--config', config, '--target', server.baseUrl, '--suite', suite], cli);
    expect(code, [...out, ...err].join('\n')).toBe(0);
    expect(failLines(out)).toEqual([]);
    expect(out.join('\n')).toContain('CometD sessions: none of the selected scenarios opens one');
  });

  it('warns (exit 0) when an admin is accepted on /me/interactions, and about a small pool with --shard', async () => {
    // One agent, and an agent's credentials under admins.
    const config = await configWith((t) =>
      t.replace(
        /actors:[\s\S]*?\nprovisioner:/,
        [
          'actors:',
          '  agents: [{ username: agent01, password: agent01-pass }]',
          '  admins: [{ username: agent12, password: agent12-pass }]',
          '  norole: [{ username: norole, password: norole-pass }]',
          'provisioner:',
        ].join('\n'),
      ),
    );
    const { out, err, io: cli } = io();
    const code = await doctorCommand(['--config', config, '--target', server.baseUrl, '--shard', '1/2'], cli);
    expect(code, [...out, ...err].join('\n')).toBe(0);
    const warns = out.filter((l) => l.startsWith('WARN'));
    expect(warns, out.join('\n')).toHaveLength(2);
    expect(warns[0]).toContain('agent12 (admins[0]): was allowed to list /me/interactions');
    expect(warns[0]).toContain('does not look like an admin');
    expect(warns[1]).toMatch(
      /the agent pool \(1 agents under actors\.agents\) is smaller than scenario \S+ needs \(\d+\)/,
    );
  });

  it('says "no answer within" for an endpoint that never answers', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const config = await configWith((t) => t.replace('request: 10s', 'request: 300ms'));
      const { out, err, io: cli } = io();
      const target = `http://127.0.0.1:${port}/api/v2`;
      const code = await doctorCommand(['--config', config, '--target', target], cli);
      expect(code, [...out, ...err].join('\n')).toBe(2);
      const fails = failLines(out);
      expect(fails, out.join('\n')).toHaveLength(1);
      expect(fails[0]).toContain(`GET ${target}/me/interactions: no answer within 300 ms`);
      expect(fails[0]).not.toMatch(/\(\d+\)/);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('run refuses to start on a setup problem', () => {
  const cases: Array<[string, (t: string) => string, string[], string]> = [
    ['a wrong password', (t) => t.replace('agent02-pass', 'nope'), [], 'agent02 (agents[1])'],
    ['a wrong base path', (t) => t, ['--target', 'WRONG_BASE'], 'the base URL does not look like'],
    ['a wrong provisioner prefix', (t) => t.replace('/control/v1', '/control/v9'), [], 'provisioner.prefix'],
  ];
  it.each(cases)('%s: exit 2, the problem, no scenario', async (_name, edit, extra, expected) => {
    const config = await configWith(edit);
    const target = extra.includes('WRONG_BASE')
      ? server.baseUrl.replace('/api/v2', '/api/v3')
      : server.baseUrl;
    const reportDir = join(dir, 'reports');
    const { out, err, io: cli } = io();
    const code = await runCommand(
      [...SMALL, '--config', config, '--target', target, '--reporter', 'json', '--report-dir', reportDir],
      cli,
    );
    expect(code, [...out, ...err].join('\n')).toBe(2);
    const problems = err.filter((l) => l.startsWith('run: ') && !l.includes('no scenario was run'));
    expect(problems, err.join('\n')).toHaveLength(1);
    expect(problems[0]).toContain(expected);
    expect(err.join('\n')).toContain('no scenario was run');
    expect(out.join('\n')).not.toContain('scenarios:');
    await expect(readdir(reportDir)).rejects.toThrow();
  });
});
