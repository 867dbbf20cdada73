import { adapt } from 'cometd-nodejs-client';

let adapted = false;

/** `adapt()` installs the browser globals the cometd client expects; it must run once per process. */
export function ensureCometdAdapted(): void {
  if (adapted) return;
  // adapt() replaces console.debug with console.log; keep the real one.
  const debug = console.debug;
  adapt();
  console.debug = debug;
  adapted = true;
}
