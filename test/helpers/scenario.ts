import type {
  ActorSpec,
  HttpStep,
  MessageStep,
  NoMessageStep,
  ProvisionStep,
  Scenario,
  SourcePos,
  Step,
  WaitStep,
} from '../../src/model/index.js';

/** Builders of model objects for engine tests (the loader's YAML is tested on its own). */
const pos = (line: number): SourcePos => ({ file: 'test.yaml', line, col: 1 });
let line = 1;

export function scenario(parts: Partial<Scenario> & { steps: Step[]; actors?: ActorSpec[] }): Scenario {
  return {
    id: parts.id ?? `s-${line}`,
    title: parts.title ?? 'test scenario',
    file: 'test.yaml',
    pos: pos(1),
    requirements: parts.requirements ?? ['IX-TEST-01'],
    profile: parts.profile ?? 'core',
    tags: parts.tags ?? [],
    actors: parts.actors ?? [agent('alice')],
    exclusive: parts.exclusive ?? false,
    noUnexpectedMessages: parts.noUnexpectedMessages ?? false,
    steps: parts.steps,
  };
}

export const agent = (name: string, cometd = true): ActorSpec => ({ name, role: 'agent', cometd });

export function http(parts: Partial<HttpStep> & Pick<HttpStep, 'path'>): HttpStep {
  return {
    kind: 'http',
    title: parts.title ?? `${parts.method ?? 'GET'} ${parts.path}`,
    pos: pos(++line),
    requirements: parts.requirements ?? [],
    actor: parts.actor ?? 'alice',
    method: parts.method ?? 'GET',
    expect: parts.expect ?? {},
    ...parts,
  };
}

export function message(parts: Partial<MessageStep> & Pick<MessageStep, 'match'>): MessageStep {
  return {
    kind: 'message',
    title: parts.title ?? 'message',
    pos: pos(++line),
    requirements: parts.requirements ?? [],
    actor: parts.actor ?? 'alice',
    channel: parts.channel ?? '/v2/me/interactions',
    withinMs: parts.withinMs ?? 2000,
    count: parts.count ?? 1,
    ...parts,
  };
}

export function noMessage(parts: Partial<NoMessageStep> = {}): NoMessageStep {
  return {
    kind: 'no-message',
    title: parts.title ?? 'no message',
    pos: pos(++line),
    requirements: parts.requirements ?? [],
    actor: parts.actor ?? 'alice',
    channel: parts.channel ?? '/v2/me/interactions',
    withinMs: parts.withinMs ?? 300,
    ...parts,
  };
}

export function provision(
  action: ProvisionStep['provision'],
  capture?: Record<string, string>,
): ProvisionStep {
  return {
    kind: 'provision',
    title: 'provision',
    pos: pos(++line),
    requirements: [],
    provision: action,
    ...(capture ? { capture } : {}),
  };
}

export function wait(ms: number): WaitStep {
  return { kind: 'wait', title: `wait ${ms}`, pos: pos(++line), requirements: [], ms };
}
