import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { RequirementResult } from '../src/model/index.js';
import { REQUIREMENT_ID } from '../src/spec/requirements.js';
import { ReportError } from './errors.js';

/** One accepted, known failure: it does not fail the gate until it passes again or expires. */
export interface KnownFailure {
  requirement: string;
  reason: string;
  /** YYYY-MM-DD, the last day the entry excuses the failure. */
  expires?: string;
  /** Where the entry sits in its file, for messages. */
  at: string;
}

export interface Baseline {
  file: string;
  entries: KnownFailure[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Reads a known-failures file:
 * ```yaml
 * known-failures:
 *   - requirement: IX-COMPLETE-01
 *     reason: answers the status family; vendor ticket 1234
 *     expires: 2025-09-30
 * ```
 * Every problem is reported at once, each as `file:line:col: message` (code BASELINE_INVALID).
 */
export function loadBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ReportError('BASELINE_NOT_FOUND', `${file}: baseline file not found or not readable`);
  }
  return parseBaseline(text, file);
}

export function parseBaseline(text: string, file: string): Baseline {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const problems: string[] = [];
  const at = (node: Node | null | undefined, fallback = 0): string => {
    const { line, col } = lines.linePos(node?.range?.[0] ?? fallback);
    return `${file}:${line}:${col}`;
  };
  for (const err of doc.errors) {
    const { line, col } = lines.linePos(err.pos[0]);
    problems.push(`${file}:${line}:${col}: ${err.message.split('\n')[0]}`);
  }
  const entries: KnownFailure[] = [];
  if (problems.length === 0) {
    const root = doc.contents;
    const list = isMap(root) ? root.get('known-failures', true) : undefined;
    if (!isMap(root) || !isSeq(list)) {
      problems.push(`${at(isMap(root) ? root : null)}: expected a mapping with a \`known-failures:\` list`);
    } else {
      list.items.forEach((item, i) => {
        const entry = readEntry(item as Node, i, at, problems);
        if (entry) entries.push(entry);
      });
    }
  }
  if (problems.length > 0) throw new ReportError('BASELINE_INVALID', problems.join('\n'));
  return { file, entries };
}

function readEntry(
  item: Node,
  i: number,
  at: (node: Node | null | undefined) => string,
  problems: string[],
): KnownFailure | undefined {
  if (!isMap(item)) {
    problems.push(`${at(item)}: known-failures[${i}] must be a mapping with requirement and reason`);
    return undefined;
  }
  const field = (name: string): { value: unknown; node: Node | null | undefined } => {
    const node = item.get(name, true) as Node | undefined;
    return { value: isScalar(node) ? node.value : node, node };
  };
  for (const pair of item.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!['requirement', 'reason', 'expires'].includes(key))
      problems.push(
        `${at(pair.key as Node)}: unknown field "${key}" (allowed: requirement, reason, expires)`,
      );
  }
  const requirement = field('requirement');
  const reason = field('reason');
  const expires = field('expires');
  let ok = true;
  if (typeof requirement.value !== 'string' || !REQUIREMENT_ID.test(requirement.value)) {
    problems.push(`${at(requirement.node ?? item)}: requirement must be an id such as IX-COMPLETE-01`);
    ok = false;
  }
  if (typeof reason.value !== 'string' || reason.value.trim() === '') {
    problems.push(`${at(reason.node ?? item)}: reason is required (say why the failure is accepted)`);
    ok = false;
  }
  const expiry = expires.value === undefined ? undefined : String(expires.value);
  if (expiry !== undefined && (!DATE.test(expiry) || Number.isNaN(Date.parse(expiry)))) {
    problems.push(`${at(expires.node)}: expires must be a date written YYYY-MM-DD`);
    ok = false;
  }
  if (!ok) return undefined;
  return {
    requirement: requirement.value as string,
    reason: reason.value as string,
    ...(expiry ? { expires: expiry } : {}),
    at: at(item),
  };
}

/** The UTC calendar day, so an entry expires at the same moment on every CI machine. */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function isExpired(entry: KnownFailure, today: Date): boolean {
  return entry.expires !== undefined && dayOf(today) > entry.expires;
}

/** The entry that excuses a failure of the requirement today: listed and not expired. */
export function liveEntry(
  entries: readonly KnownFailure[],
  requirement: string,
  today: Date,
): KnownFailure | undefined {
  const entry = entries.find((e) => e.requirement === requirement);
  return entry && !isExpired(entry, today) ? entry : undefined;
}

/** Marks failing requirements excused by a live baseline entry (`knownFailure`), for the reports. */
export function markKnownFailures(
  requirements: RequirementResult[],
  baseline: Baseline | undefined,
  today: Date,
): RequirementResult[] {
  if (!baseline) return requirements;
  return requirements.map((r) => {
    const entry = r.verdict === 'fail' ? liveEntry(baseline.entries, r.id, today) : undefined;
    if (!entry) return r;
    return {
      ...r,
      knownFailure: { reason: entry.reason, ...(entry.expires ? { expires: entry.expires } : {}) },
    };
  });
}
