import { adapt } from 'cometd-nodejs-client';

let adapted = false;

const ignore = () => {};
const SILENT_CONSOLE = { log: ignore, info: ignore, warn: ignore, debug: ignore, error: ignore };

/** `adapt()` installs the browser globals the cometd client expects; it must run once per process. */
export function ensureCometdAdapted(): void {
  if (adapted) return;
  // adapt() replaces console.debug with console.log; keep the real one.
  const debug = console.debug;
  adapt();
  console.debug = debug;
  // The client logs through window.console, with a timestamp, lines such as "Could not negotiate
  // transport" when a session closes during its handshake. What a session goes through is the
  // engine's to report (its events and failures, in the report); on the CLI's stderr these lines
  // are noise between the progress lines.
  (globalThis as unknown as { window: { console: unknown } }).window.console = SILENT_CONSOLE;
  adapted = true;
}
