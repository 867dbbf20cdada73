import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { packageRoot } from '../spec/index.js';
import { ServerError } from './errors.js';
import { isRecord } from './http-io.js';

export type Role = 'agent' | 'admin';

export interface FixtureUser {
  username: string;
  password: string;
  /** Equals the username. */
  userId: string;
  roles: Role[];
}

export interface Fixtures {
  users: FixtureUser[];
  queues: string[];
  workbins: string[];
}

export function defaultFixturesFile(): string {
  return join(packageRoot(), 'fixtures', 'users.yaml');
}

/** Reads and checks the fixtures file; any problem is one clear error naming the file. */
export function loadFixtures(file: string = defaultFixturesFile()): Fixtures {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ServerError('FIXTURES_UNREADABLE', `cannot read fixtures ${file}: ${(err as Error).message}`);
  }
  const raw: unknown = parse(text);
  const bad = (what: string): never => {
    throw new ServerError('FIXTURES_INVALID', `fixtures ${file}: ${what}`);
  };
  if (!isRecord(raw)) return bad('expected a mapping at the top');
  const users = Array.isArray(raw.users) ? raw.users : bad('`users` must be a list');
  const parsedUsers = users.map((u: unknown, i: number): FixtureUser => {
    if (!isRecord(u) || typeof u.username !== 'string' || typeof u.password !== 'string') {
      return bad(`users[${i}] needs a string username and password`);
    }
    const roles = Array.isArray(u.roles) ? u.roles : [];
    for (const r of roles)
      if (r !== 'agent' && r !== 'admin') bad(`users[${i}] has unknown role ${String(r)}`);
    return { username: u.username, password: u.password, userId: u.username, roles: roles as Role[] };
  });
  return {
    users: parsedUsers,
    queues: stringList(raw.queues) ?? bad('`queues` must be a list of names'),
    workbins: stringList(raw.workbins) ?? bad('`workbins` must be a list of names'),
  };
}

function stringList(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
}
