#!/usr/bin/env node
/** The `interactions-conformance` command. User errors print a message and exit 2, never a stack trace. */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type CliIo, processIo } from './project.js';

export const MAIN_HELP = `Usage: interactions-conformance <command> [options]

Commands:
  run        run the suites against a target (default: the embedded reference server)
  doctor     check the setup (base URL, users, CometD, provisioner) without running any scenario
  serve      start the reference server
  validate   check the configuration and the suites without running anything
  list       list the scenarios and the requirements
  report     report merge: join shard reports into one

Run "interactions-conformance <command> --help" for a command's options.
Exit codes: 0 conformant, 1 nonconformant, 2 usage, config or suite error.`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

// Loaded on demand: `--help` and `validate` stay quick, and one command's imports cannot break another.
const COMMANDS: Record<string, () => Promise<Command>> = {
  run: async () => (await import('./run-command.js')).runCommand,
  doctor: async () => (await import('./doctor-command.js')).doctorCommand,
  validate: async () => (await import('./validate-command.js')).validateCommand,
  list: async () => (await import('./list-command.js')).listCommand,
  report: async () => (await import('./report-command.js')).reportCommand,
  serve: async () => {
    const { serveCommand } = await import('../server/serve-command.js');
    return (argv, io) => serveCommand(argv, io.out, io.err);
  },
};

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(MAIN_HELP);
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.err(`unknown command "${name}"\n\n${MAIN_HELP}`);
    return 2;
  }
  try {
    return await (await load())(rest, io);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    io.err(`error${typeof code === 'string' ? ` (${code})` : ''}: ${(err as Error).message ?? String(err)}`);
    return 2;
  }
}

/** True when this file is the process's entry (directly, or through the npm `bin` link). */
function isEntry(): boolean {
  const arg = process.argv[1];
  if (arg === undefined) return false;
  try {
    return realpathSync(arg) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntry()) {
  // `list | head` closes the pipe early: that is the reader's choice, not an error to print.
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw err;
    });
  main(process.argv.slice(2)).then(exitWhenFlushed, () => exitWhenFlushed(2));
}

/**
 * Ends the process once the command is done and what it printed has left: every report is written
 * by then, and nothing may keep it waiting (vitest's runner leaves a throttled update timer of up
 * to 100 ms behind a run in this thread). Output to a pipe is asynchronous on some systems, hence
 * the write callbacks before exiting.
 */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}
