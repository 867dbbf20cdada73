import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import type { ActorRole, ActorSpec, Profile, Scenario, Step, Suite } from '../../model/index.js';
import { packageRoot } from '../../spec/paths.js';
import { buildStep } from './build-step.js';
import { checkRequirementIds, checkSteps, type SpecLookup } from './check-scenario.js';
import { collectSuiteFiles } from './collect-files.js';
import {
  checkParamUses,
  collectFragments,
  expandSteps,
  type FragmentDef,
  type StepRef,
} from './fragments.js';
import { type LoadProblem, problemAt } from './problem.js';
import { schemaProblems } from './schema-problems.js';
import { parseYamlSource, type YamlSource } from './yaml-source.js';

export interface LoadSuitesOptions {
  spec: SpecLookup;
  /** The config's `names` keys, so `${names.x}` can be checked; absent: any name is accepted. */
  names?: string[];
  /** Default `within` of message steps (the config's timeouts.messageMs); default 5000. */
  messageTimeoutMs?: number;
  /** Default `within` of no-message steps (the config's timeouts.quietMs); default 500, the built-in remote one. */
  quietMs?: number;
  /** Default `retry.for` of a GET on a listing (the config's timeouts.settleMs); default 5000. */
  settleMs?: number;
  /** Paths in positions and suites are shown relative to this folder; default the working directory. */
  cwd?: string;
  /**
   * The fragment library every suite may include (default: the bundled `suites/fragments/`); a
   * suite's own fragment of the same name takes precedence. `false`: none.
   */
  library?: string | false;
}

export interface LoadSuitesResult {
  suites: Suite[];
  problems: LoadProblem[];
}

type Obj = Record<string, unknown>;

interface LoadContext {
  spec: SpecLookup;
  names: string[] | undefined;
  defaults: { messageTimeoutMs: number; quietMs: number; settleMs: number };
}

/**
 * Loads suite files and folders: parses, validates against spec/scenario.schema.json, expands
 * fragments and checks requirement ids, variants, actors and variables. Every problem of every file
 * is returned at once; suites with problems are left out of `suites`.
 */
export async function loadSuites(paths: string[], opts: LoadSuitesOptions): Promise<LoadSuitesResult> {
  const cwd = opts.cwd ?? process.cwd();
  const shown = (abs: string) => {
    const rel = relative(cwd, abs);
    return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? abs : rel;
  };
  const problems: LoadProblem[] = [];
  const library = opts.library === undefined ? join(packageRoot(), 'suites', 'fragments') : opts.library;
  const { files, fragmentFiles, missing, libraryFiles } = await collectSuiteFiles(
    paths,
    library === false ? undefined : library,
  );
  for (const path of missing) {
    problems.push({
      code: 'IC_E_FILE',
      file: path,
      line: 1,
      col: 1,
      message: 'no such file or folder',
      rule: 'file-exists',
    });
  }

  const loaded: Array<{ source: YamlSource; broken: boolean; fragmentsOnly: boolean; library: boolean }> = [];
  for (const [abs, fragmentsOnly, fromLibrary] of [
    ...files.map((f) => [f, false, false] as const),
    ...fragmentFiles.map((f) => [f, true, false] as const),
    ...libraryFiles.map((f) => [f, true, true] as const),
  ]) {
    let text: string;
    try {
      text = await readFile(abs, 'utf8');
    } catch (error) {
      problems.push({
        code: 'IC_E_FILE',
        file: shown(abs),
        line: 1,
        col: 1,
        message: `cannot read: ${(error as Error).message}`,
      });
      continue;
    }
    const source = parseYamlSource(shown(abs), text, { itemsOf: 'scenarios' });
    const own = source.problems.length > 0 ? source.problems : schemaProblems(source, 'scenario.schema.json');
    problems.push(...own);
    loaded.push({ source, broken: own.length > 0, fragmentsOnly, library: fromLibrary });
  }

  const fragments = new Map<string, FragmentDef>();
  // The suites' own fragments first: a library fragment of the same name is then left out.
  for (const { source, broken, library: fromLibrary } of loaded)
    if (source.value !== undefined) collectFragments(source, broken, fragments, problems, fromLibrary);

  const suites: Suite[] = [];
  const firstById = new Map<string, string>();
  const ctx: LoadContext = {
    spec: opts.spec,
    names: opts.names,
    defaults: {
      messageTimeoutMs: opts.messageTimeoutMs ?? 5000,
      quietMs: opts.quietMs ?? 500,
      settleMs: opts.settleMs ?? 5000,
    },
  };
  for (const { source, broken, fragmentsOnly, library: fromLibrary } of loaded) {
    if (broken || fromLibrary) continue;
    const before = problems.length;
    const raw = (source.value ?? {}) as { scenarios?: Obj[] };
    const scenarios = fragmentsOnly
      ? []
      : (raw.scenarios ?? []).map((s, i) => loadScenario(s, i, source, fragments, ctx, firstById, problems));
    if (problems.length === before) {
      suites.push({
        file: source.file,
        digest: source.digest,
        scenarios: scenarios.filter((s): s is Scenario => s !== undefined),
      });
    }
  }
  problems.sort((a, b) => (a.file === b.file ? a.line - b.line || a.col - b.col : a.file < b.file ? -1 : 1));
  return { suites, problems };
}

function loadScenario(
  raw: Obj,
  index: number,
  source: YamlSource,
  fragments: Map<string, FragmentDef>,
  ctx: LoadContext,
  firstById: Map<string, string>,
  problems: LoadProblem[],
): Scenario | undefined {
  const path = ['scenarios', index];
  const id = String(raw.id);
  const place = source.placeOf([...path, 'id']);
  const first = firstById.get(id);
  if (first !== undefined) {
    problems.push(
      problemAt(place, 'IC_E_DUPLICATE_ID', `scenario id "${id}" is already used at ${first}`, {
        rule: 'unique-scenario-id',
        expected: 'an id unique across all suites',
      }),
    );
  } else firstById.set(id, `${place.file}:${place.line}:${place.col}`);

  const actors = actorSpecs(raw.actors);
  checkRequirementIds(
    raw.requirements,
    (i) => source.placeOf([...path, 'requirements', i]),
    ctx.spec,
    '',
    problems,
  );
  const refs: StepRef[] = (raw.steps as Obj[]).map((step, i) => ({
    raw: step,
    source,
    path: [...path, 'steps', i],
  }));
  checkParamUses(refs, undefined, `scenario "${id}"`, problems);
  const expanded = expandSteps(refs, fragments, problems);
  checkSteps(
    expanded,
    { spec: ctx.spec, actors: actors.map((a) => a.name), ...(ctx.names ? { names: ctx.names } : {}) },
    problems,
  );
  const steps = expanded
    .map((step) => buildStep(step, { ...ctx.defaults, readings: ctx.spec }, problems))
    .filter((s): s is Step => s !== undefined);
  const pos = source.placeOf(path);
  return {
    id,
    title: String(raw.title),
    file: source.file,
    pos: { file: pos.file, line: pos.line, col: pos.col },
    requirements: (raw.requirements as unknown[]).map(String),
    profile: (raw.profile ?? 'core') as Profile,
    tags: Array.isArray(raw.tags) ? raw.tags.map(String) : [],
    actors,
    exclusive: raw.exclusive === true,
    // On unless the scenario opts out: most scenarios account for every message they cause.
    noUnexpectedMessages: raw.noUnexpectedMessages !== false,
    ...(typeof raw.repeat === 'number' && raw.repeat > 1 ? { repeat: raw.repeat } : {}),
    steps,
  };
}

function actorSpecs(raw: unknown): ActorSpec[] {
  if (raw === null || typeof raw !== 'object') return [];
  return Object.entries(raw as Obj).map(([name, value]) => {
    const role = (typeof value === 'string' ? value : (value as { role: string }).role) as ActorRole;
    const given = typeof value === 'object' && value !== null ? (value as Obj).cometd : undefined;
    // `cometd: session`: a session like any other, but handshaken with the session cookie alone.
    if (given === 'session') return { name, role, cometd: true, cometdAuth: 'session' as const };
    return { name, role, cometd: typeof given === 'boolean' ? given : role === 'agent' };
  });
}
