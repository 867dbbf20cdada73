import { parseArgs } from 'node:util';
import type { Dialect } from '../model/index.js';
import { FAULTS } from './faults.js';
import { type ReferenceServerOptions, startReferenceServer } from './index.js';
import { chooseReadings } from './readings.js';

const USAGE = `Usage: interactions-conformance serve [options]

Starts the reference server of the Interactions API on 127.0.0.1.

Options:
  --port N              port to listen on (default 8090; 0 picks a free one)
  --host H              address to listen on (default 127.0.0.1)
  --dialect D           notification dialect: envelope (default) or flat
  --csrf                require the X-CSRF-TOKEN header on POST/PUT/DELETE
  --fault NAME          switch on a deliberate contract violation (repeatable)
  --list-faults         print the faults and exit
  --readings R          where the API's document is silent, answer as the reference (default)
                        or the alternate option of every point of spec/readings.yaml
  --reading P=O         take option O at reading point P, on top of --readings (repeatable)
  --no-control          do not serve the control API
  --control-prefix P    control API prefix (default /control/v1)
  --help                print this help
`;

type Out = (line: string) => void;

/** `serve`: runs until SIGINT/SIGTERM, then closes CometD sessions and exits 0. Usage errors exit 2. */
export async function serveCommand(
  argv: string[],
  out: Out = (l) => process.stdout.write(`${l}\n`),
  err: Out = (l) => process.stderr.write(`${l}\n`),
): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (e) {
    err(`serve: ${(e as Error).message}`);
    err(USAGE);
    return 2;
  }
  if (values.help === true) {
    out(USAGE);
    return 0;
  }
  if (values['list-faults'] === true) {
    for (const f of FAULTS) out(`${f.name}\t${f.requirement}\t${f.description}`);
    return 0;
  }
  const dialect = values.dialect ?? 'envelope';
  if (dialect !== 'envelope' && dialect !== 'flat') {
    err(`serve: --dialect must be envelope or flat, not ${dialect}`);
    return 2;
  }
  const portText = values.port ?? '8090';
  // Digits only: Number('') is 0 and Number('0x10') is 16, neither of which the user meant.
  const port = /^\d+$/.test(portText) ? Number(portText) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    err(`serve: --port must be an integer between 0 and 65535, not ${values.port}`);
    return 2;
  }
  const base = values.readings ?? 'reference';
  if (base !== 'reference' && base !== 'alternate') {
    err(`serve: --readings must be reference or alternate, not ${base}`);
    return 2;
  }
  const overrides: Record<string, string> = {};
  for (const pair of values.reading ?? []) {
    const m = /^([^=\s]+)=([^=\s]+)$/.exec(pair);
    if (m?.[1] === undefined || m[2] === undefined) {
      err(
        `serve: --reading takes POINT=OPTION (e.g. reply-answer=status-code-id), not ${JSON.stringify(pair)}`,
      );
      return 2;
    }
    overrides[m[1]] = m[2];
  }
  let readings: Record<string, string>;
  try {
    readings = chooseReadings(base, overrides);
  } catch (e) {
    err(`serve: ${(e as Error).message}`);
    return 2;
  }
  const opts: ReferenceServerOptions = {
    port,
    readings,
    dialect: dialect as Dialect,
    csrf: values.csrf === true,
    control: values['no-control'] !== true,
    faults: values.fault ?? [],
    log: out,
  };
  if (values.host !== undefined) opts.host = values.host;
  if (values['control-prefix'] !== undefined) opts.controlPrefix = values['control-prefix'];

  let server: Awaited<ReturnType<typeof startReferenceServer>>;
  try {
    server = await startReferenceServer(opts);
  } catch (e) {
    const code = (e as { code?: string }).code;
    err(`serve: ${(e as Error).message}${code === undefined ? '' : ` [${code}]`}`);
    return 1;
  }
  out(`Reference server listening`);
  out(`  base URL:    ${server.baseUrl}`);
  out(`  CometD URL:  ${server.cometdUrl}`);
  out(`  control URL: ${server.controlUrl ?? '(off)'}`);
  out(`  dialect:     ${dialect}${opts.csrf === true ? ', CSRF on' : ''}`);
  if ((opts.faults ?? []).length > 0) out(`  faults:      ${(opts.faults ?? []).join(', ')}`);
  const reference = chooseReadings('reference');
  for (const [point, option] of Object.entries(server.readings)) {
    if (option !== reference[point])
      out(`  reading:     ${point}=${option} (reference: ${reference[point]})`);
  }
  out('  users (fixtures):');
  for (const u of server.users) {
    out(`    ${u.username.padEnd(8)} ${u.password.padEnd(14)} ${u.roles.join(',') || '(no role)'}`);
  }
  out('Press Ctrl-C to stop.');

  return new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      out(`${signal}: stopping`);
      server.close().then(
        () => resolve(0),
        () => resolve(1),
      );
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      dialect: { type: 'string' },
      csrf: { type: 'boolean' },
      fault: { type: 'string', multiple: true },
      'list-faults': { type: 'boolean' },
      readings: { type: 'string' },
      reading: { type: 'string', multiple: true },
      'no-control': { type: 'boolean' },
      'control-prefix': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
}
