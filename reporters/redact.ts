import type { RunResult, ScenarioResult } from '../src/model/index.js';

export const REDACTED = '[REDACTED]';

/** Headers whose whole value is a credential. */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-csrf-token',
]);

/** Credentials recognisable by their shape, wherever they appear (e.g. echoed in a body). */
const SECRET_PATTERNS: RegExp[] = [/\b(Basic|Bearer)\s+[A-Za-z0-9+/._~-]{8,}=*/g];

function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase());
}

/** Set-Cookie attributes: their values (a path, a domain, a date) are not secrets. */
const COOKIE_ATTRIBUTES = new Set(['path', 'domain', 'expires', 'max-age', 'samesite', 'priority']);

/**
 * The values of cookies (`a=1; b=2`, or Set-Cookie lines with attributes). The attributes are left
 * out: scrubbing `Path=/api/v2` or `Domain=<host>` everywhere would blank the target's URLs.
 */
function cookieValues(header: string, setCookie: boolean): string[] {
  return header
    .split(/[;,]/)
    .filter((part) => !(setCookie && COOKIE_ATTRIBUTES.has(part.split('=')[0]?.trim().toLowerCase() ?? '')))
    .map((part) => part.split('=').slice(1).join('=').trim())
    .filter((v) => v.length >= 6);
}

/** Every secret header value in the scenarios, so that an echo of it elsewhere is redacted too. */
function harvestHeaderSecrets(scenarios: ScenarioResult[]): string[] {
  const found: string[] = [];
  const visit = (headers: Record<string, string> | undefined): void => {
    for (const [name, value] of Object.entries(headers ?? {})) {
      if (!isSecretHeader(name) || value === REDACTED) continue;
      found.push(value);
      const lower = name.toLowerCase();
      if (lower === 'cookie' || lower === 'set-cookie')
        found.push(...cookieValues(value, lower === 'set-cookie'));
      const token = /^(?:Basic|Bearer)\s+(\S+)$/.exec(value)?.[1];
      if (token) found.push(token);
    }
  };
  for (const scenario of scenarios) {
    for (const step of scenario.steps) {
      visit(step.exchange?.request.headers);
      visit(step.exchange?.response?.headers);
    }
  }
  return found;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Builds a string scrubber for the given literal secrets (longest first, so none leaks in part). */
export function stringRedactor(secrets: string[]): (text: string) => string {
  const literals = [...new Set(secrets.filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
  const literal = literals.length > 0 ? new RegExp(literals.map(escapeRegExp).join('|'), 'g') : undefined;
  return (text) => {
    let out = literal ? text.replace(literal, REDACTED) : text;
    for (const pattern of SECRET_PATTERNS)
      out = out.replace(pattern, (_m, scheme: string) => `${scheme} ${REDACTED}`);
    return out;
  };
}

function redactValue(value: unknown, scrub: (text: string) => string, headerMap: boolean): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, scrub, false));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (headerMap && isSecretHeader(key)) {
      out[key] = REDACTED;
      continue;
    }
    // Header maps sit under `headers`; everything else is scrubbed as plain data.
    out[scrub(key)] = redactValue(inner, scrub, key === 'headers');
  }
  return out;
}

/**
 * Returns a deep copy of the run with every secret replaced: secret headers wholesale, and every
 * configured password, header credential, cookie value and Basic/Bearer token in any string.
 */
export function redactRun(run: RunResult, secrets: string[]): RunResult {
  const scrub = stringRedactor([...secrets, ...harvestHeaderSecrets(run.scenarios)]);
  return redactValue(run, scrub, false) as RunResult;
}

/** The same redaction for one scenario result (used where no whole run exists yet, e.g. Allure). */
export function redactScenario(result: ScenarioResult, secrets: string[]): ScenarioResult {
  const scrub = stringRedactor([...secrets, ...harvestHeaderSecrets([result])]);
  return redactValue(result, scrub, false) as ScenarioResult;
}
