// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${env:NAME}
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/engine/config/index.js';
import { formatProblem } from '../../../src/engine/load/index.js';

const dir = mkdtempSync(join(tmpdir(), 'ic-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('loadConfig', () => {
  it('loads the default harness.config.yaml with the fixture actors and no problems', () => {
    const { config, problems } = loadConfig({ env: {}, flags: {} });
    expect(problems).toEqual([]);
    expect(config.target.baseUrl).toBeUndefined();
    expect(config.actors.agents.map((a) => a.username)).toEqual(
      Array.from({ length: 24 }, (_, i) => `agent${String(i + 1).padStart(2, '0')}`),
    );
    expect(config.actors.agents[0]).toEqual({
      username: 'agent01',
      password: 'agent01-pass',
      userId: 'agent01',
    });
    expect(config.actors.admins).toEqual([{ username: 'admin', password: 'admin-pass', userId: 'admin' }]);
    expect(config.provisioner).toEqual({ kind: 'http', prefix: '/control/v1' });
    expect(config.names).toEqual({
      queue: 'support',
      otherQueue: 'sales',
      workbin: 'followup',
      otherWorkbin: 'pending',
    });
    // The embedded server is on loopback: an expected notification gets 1 s unless the file says otherwise.
    expect(config.timeouts.messageMs).toBe(1000);
    expect(config.concurrency).toBeUndefined();
  });

  it('resolves ${env:NAME} and converts durations', () => {
    const file = write(
      'env.yaml',
      'target: { baseUrl: "http://127.0.0.1:9/api/v2/" }\nactors:\n  agents:\n    - { username: a1, password: "${env:A1_PASS}", userId: U1 }\ntimeouts: { message: 1.5s, request: 250 }\n',
    );
    const { config, problems } = loadConfig({ file, env: { A1_PASS: 's3cret' }, flags: {} });
    expect(problems).toEqual([]);
    expect(config.target.baseUrl).toBe('http://127.0.0.1:9/api/v2');
    expect(config.actors.agents).toEqual([{ username: 'a1', password: 's3cret', userId: 'U1' }]);
    expect(config.timeouts.messageMs).toBe(1500);
    expect(config.timeouts.requestMs).toBe(250);
  });

  it('waits 1 s for a notification on loopback and 5 s elsewhere, unless the file sets it', () => {
    const messageMs = (target: string, timeouts = '') =>
      loadConfig({
        file: write('t.yaml', `target: { baseUrl: "${target}" }\n${timeouts}`),
        env: {},
        flags: {},
      }).config.timeouts.messageMs;
    expect(messageMs('http://127.0.0.1:8090/api/v2')).toBe(1000);
    expect(messageMs('http://localhost:8090/api/v2')).toBe(1000);
    expect(messageMs('http://[::1]:8090/api/v2')).toBe(1000);
    expect(messageMs('https://staging.example/api/v2')).toBe(5000);
    expect(messageMs('http://127.0.0.1:8090/api/v2', 'timeouts: { message: 3s }\n')).toBe(3000);
    // A flag naming a remote target wins over the file's loopback one.
    const flagged = loadConfig({ env: {}, flags: { target: 'https://staging.example/api/v2' } });
    expect(flagged.config.timeouts.messageMs).toBe(5000);
  });

  it('waits 200 ms for silence on loopback and 500 ms elsewhere, unless the file sets it', () => {
    const quietMs = (target: string | undefined, timeouts = '') =>
      loadConfig({
        file: write(
          'q.yaml',
          `${target === undefined ? '' : `target: { baseUrl: "${target}" }\n`}${timeouts}`,
        ),
        env: {},
        flags: {},
      }).config.timeouts.quietMs;
    expect(quietMs(undefined)).toBe(200);
    expect(quietMs('http://127.0.0.1:8090/api/v2')).toBe(200);
    expect(quietMs('http://localhost:8090/api/v2')).toBe(200);
    expect(quietMs('https://staging.example/api/v2')).toBe(500);
    // Set in the file, it holds for any target, shorter or longer than the default.
    expect(quietMs('http://127.0.0.1:8090/api/v2', 'timeouts: { quiet: 750ms }\n')).toBe(750);
    expect(quietMs('https://staging.example/api/v2', 'timeouts: { quiet: 100ms }\n')).toBe(100);
    // The message timeout set alone leaves the quiet window to its default.
    expect(quietMs('http://127.0.0.1:8090/api/v2', 'timeouts: { message: 3s }\n')).toBe(200);
    // The bundled configuration leaves it out: the embedded server gets the loopback window.
    expect(loadConfig({ env: {}, flags: {} }).config.timeouts.quietMs).toBe(200);
    const flagged = loadConfig({ env: {}, flags: { target: 'https://staging.example/api/v2' } });
    expect(flagged.config.timeouts.quietMs).toBe(500);
  });

  it('reports an unset ${env:NAME} at its file:line:col', () => {
    const file = write(
      'unset.yaml',
      'actors:\n  agents:\n    - username: a1\n      password: "${env:NOPE_PASS}"\n',
    );
    const { problems } = loadConfig({ file, env: {}, flags: {} });
    expect(problems.map((p) => [p.code, p.line, p.col])).toEqual([['IC_E_ENV_UNSET', 4, 17]]);
    expect(problems[0]?.message).toBe('environment variable NOPE_PASS is not set');
    expect(formatProblem(problems[0] as never)).toContain('unset.yaml:4:17');
  });

  it('reports schema violations with positions', () => {
    const file = write('bad.yaml', 'dialect: flat\nconcurency: 3\nstrictness: loose\n');
    const { problems } = loadConfig({ file, env: {}, flags: {} });
    expect(problems.map((p) => [p.code, p.line, p.col, p.message])).toEqual([
      ['IC_E_SCHEMA', 2, 1, 'unknown key "concurency"'],
      ['IC_E_SCHEMA', 3, 13, '"loose" is not allowed here'],
    ]);
  });

  it('chooses the notification transport by name and names an unknown one where it is written', () => {
    const file = write('ws.yaml', 'notifications: { transport: websocket }\n');
    const chosen = loadConfig({ file, env: {}, flags: {} });
    expect(chosen.problems).toEqual([]);
    expect(chosen.config.notifications).toEqual({ transport: 'websocket' });
    const typo = write('ws-typo.yaml', 'notifications:\n  transport: web-socket\n');
    const { problems } = loadConfig({ file: typo, env: {}, flags: {} });
    expect(problems.map((p) => [p.code, p.line, p.col])).toEqual([['IC_E_SCHEMA', 2, 14]]);
  });

  it('lets the environment override the file and flags override both', () => {
    const file = write('plain.yaml', 'dialect: envelope\nstrictness: strict\nconcurrency: 2\n');
    const env = {
      IC_DIALECT: 'flat',
      IC_STRICTNESS: 'lenient',
      IC_CONCURRENCY: '6',
      IC_PROFILES: 'core, queue',
      IC_TARGET: 'http://127.0.0.1:1/api/v2',
      IC_REPORT_DIR: join(dir, 'r'),
    };
    const fromEnv = loadConfig({ file, env, flags: {} });
    expect(fromEnv.problems).toEqual([]);
    // IC_STRICTNESS=lenient (deprecated) declares no readings.
    expect([fromEnv.config.dialect, fromEnv.config.readings, fromEnv.config.concurrency]).toEqual([
      'flat',
      undefined,
      6,
    ]);
    expect(fromEnv.config.profiles).toEqual(['core', 'queue']);
    expect(fromEnv.config.target.baseUrl).toBe('http://127.0.0.1:1/api/v2');
    expect(fromEnv.config.reports.dir).toBe(join(dir, 'r'));
    const flagged = loadConfig({
      file,
      env,
      flags: { dialect: 'envelope', concurrency: '1', shard: '2/3', tags: ['x'] },
    });
    expect([flagged.config.dialect, flagged.config.readings, flagged.config.concurrency]).toEqual([
      'envelope',
      undefined,
      1,
    ]);
    expect(flagged.config.shard).toEqual({ index: 2, count: 3 });
    expect(flagged.config.filters.tags).toEqual(['x']);
  });

  it('names bad override values by their origin', () => {
    const { problems } = loadConfig({
      env: { IC_DIALECT: 'xml' },
      flags: { concurrency: '0', shard: '4/3' },
    });
    expect(problems.map((p) => [p.file, p.message])).toEqual([
      ['environment IC_DIALECT', 'unknown dialect "xml"'],
      ['flag --concurrency', 'bad concurrency "0"'],
      ['flag --shard', 'bad shard "4/3"'],
    ]);
    expect(formatProblem(problems[0] as never)).toContain('--> environment IC_DIALECT');
  });
});
