/** Suites and configurations the bench writes to its temporary folder. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const AGENTS = Array.from({ length: 24 }, (_, i) => `agent${String(i + 1).padStart(2, '0')}`);

function writeSuite(dir: string, name: string, body: string): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, `${name}.yaml`), body);
  return folder;
}

/** One scenario of one HTTP step: the fixed cost of a run. */
export function oneStepSuite(dir: string): string {
  return writeSuite(
    dir,
    'one-step',
    `scenarios:
  - id: one-step
    title: one GET
    requirements: [IX-ME-01]
    actors: { alice: agent }
    steps:
      - title: alice lists her interactions
        http: { actor: alice, method: GET, path: /me/interactions }
        expect: { status: 200, body: { statusCode: 0 } }
`,
  );
}

/**
 * The 200-step flow: the same POST 200 times, each checking the status and one body field (Complete
 * on an unknown id: the reference server answers statusCode 6 and changes nothing).
 */
export function flowSuite(dir: string, steps: number): string {
  const step = `      - title: complete an unknown id
        http: { actor: alice, method: POST, path: /me/interactions/Unknown0000000id, body: { operationName: Complete } }
        expect: { status: 200, body: { statusCode: 6 } }
`;
  return writeSuite(
    dir,
    'flow',
    `scenarios:
  - id: flow
    title: ${steps} POSTs
    requirements: [IX-COMPLETE-07]
    actors: { alice: { role: agent, cometd: false } }
    steps:
${step.repeat(steps)}`,
  );
}

/**
 * N scenarios, each a whole interaction: offered, accepted, completed, with its three notifications
 * matched (7 steps, every step kind that talks to the target).
 */
export function generatedSuite(dir: string, count: number): string {
  const scenario = (i: number) => `  - id: generated-${i}
    title: generated scenario ${i}
    requirements: [IX-ACCEPT-01, IX-COMPLETE-01]
    actors: { alice: agent }
    noUnexpectedMessages: true
    steps:
      - provision: { create: { mediaType: chat, agent: alice } }
        capture: { id: /id }
      - message: { actor: alice, match: { data: { interaction: { id: "\${id}", state: Invited } } } }
      - http: { actor: alice, method: POST, path: "/me/interactions/\${id}", body: { operationName: Accept } }
        expect: { status: 200 }
      - message: { actor: alice, match: { data: { interaction: { id: "\${id}", state: Processing } } } }
      - http: { actor: alice, method: POST, path: "/me/interactions/\${id}", body: { operationName: Complete } }
        expect: { status: 200, body: { statusCode: 0 } }
      - message: { actor: alice, match: { data: { interaction: { id: "\${id}", state: Completed } } } }
      - http: { actor: alice, method: GET, path: "/me/interactions" }
        expect: { status: 200, body: { statusCode: 0 } }
`;
  return writeSuite(
    dir,
    `generated-${count}`,
    `scenarios:\n${Array.from({ length: count }, (_, i) => scenario(i)).join('')}`,
  );
}

/** A configuration for an external target (the bench's own server, or a proxy in front of it). */
export function targetConfig(
  dir: string,
  name: string,
  target: { baseUrl: string; controlOrigin: string },
  extra = '',
): string {
  const file = join(dir, `${name}.config.yaml`);
  const agents = AGENTS.map((a) => `    - { username: ${a}, password: ${a}-pass }`).join('\n');
  writeFileSync(
    file,
    `target: { baseUrl: "${target.baseUrl}" }
actors:
  agents:
${agents}
  admins: [{ username: admin, password: admin-pass }]
  norole: [{ username: norole, password: norole-pass }]
provisioner: { kind: http, prefix: /control/v1, baseUrl: "${target.controlOrigin}" }
names: { queue: support, otherQueue: sales, workbin: followup, otherWorkbin: pending }
profiles: [core, userdata, queue, workbin, transfer, email, admin]
${extra}`,
  );
  return file;
}
