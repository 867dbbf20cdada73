// biome-ignore-all lint/suspicious/noTemplateCurlyInString: scenario variables are written ${name}
import { describe, expect, it } from 'vitest';
import { isHarnessError } from '../../../src/engine/errors.js';
import { match } from '../../../src/engine/match/index.js';

const vars = { id: 'abc123', n: 7, alice: { userId: 'agent01', username: 'agent01' } };
const messages = (expected: unknown, actual: unknown, exact = false) =>
  match(expected, actual, { vars, exact }).mismatches.map((m) => m.message);

describe('match: plain values', () => {
  it('passes a partial deep match and reports the differing leaf with its path', () => {
    const actual = {
      data: { notificationType: 'StatusChange', interaction: { id: 'abc123', state: 'Invited' } },
    };
    expect(match({ data: { interaction: { id: '${id}' } } }, actual, { vars }).passed).toBe(true);
    const result = match({ data: { interaction: { state: 'Processing' } } }, actual, { vars });
    expect(result.passed).toBe(false);
    expect(result.mismatches).toEqual([
      {
        path: 'data.interaction.state',
        expected: 'Processing',
        actual: 'Invited',
        message: 'data.interaction.state: expected "Processing", got "Invited"',
      },
    ]);
  });

  it('collects every mismatch, not only the first', () => {
    expect(messages({ a: 1, b: 'x', c: { d: true } }, { a: 2, b: 'y', c: { d: false } })).toEqual([
      'a: expected 1, got 2',
      'b: expected "x", got "y"',
      'c.d: expected true, got false',
    ]);
  });

  it('does not confuse types: 1 is not "1", a missing key is reported as nothing', () => {
    expect(messages({ statusCode: 1 }, { statusCode: '1' })).toEqual(['statusCode: expected 1, got "1"']);
    expect(messages({ status: 'ok' }, {})).toEqual(['status: expected "ok", got nothing']);
    expect(messages({ a: { b: 1 } }, { a: 5 })).toEqual(['a: expected an object, got 5']);
  });

  it('matches arrays by position and length', () => {
    expect(messages(['Accept', 'Reject'], ['Accept', 'Reject'])).toEqual([]);
    expect(messages(['Accept', 'Reject'], ['Reject', 'Accept'])).toEqual([
      '[0]: expected "Accept", got "Reject"',
      '[1]: expected "Reject", got "Accept"',
    ]);
    expect(messages({ caps: [] }, { caps: ['Accept'] })).toEqual([
      'caps: expected 0 items, got 1: ["Accept"]',
    ]);
    expect(messages({ caps: ['a'] }, { caps: 'a' })).toEqual(['caps: expected an array of 1, got "a"']);
  });

  it('keeps a whole-variable placeholder typed and interpolates inside strings', () => {
    expect(match({ count: '${n}' }, { count: 7 }, { vars }).passed).toBe(true);
    expect(
      match(
        { uri: 'http://h/api/v2/interactions/${id}' },
        { uri: 'http://h/api/v2/interactions/abc123' },
        { vars },
      ).passed,
    ).toBe(true);
    expect(messages({ owner: '${alice.userId}' }, { owner: 'agent02' })).toEqual([
      'owner: expected "agent01", got "agent02"',
    ]);
  });

  it('throws IC_E_VAR_UNDEFINED for an unknown variable', () => {
    let caught: unknown;
    try {
      match({ id: '${nope}' }, {}, { vars });
    } catch (error) {
      caught = error;
    }
    expect(isHarnessError(caught, 'IC_E_VAR_UNDEFINED')).toBe(true);
  });

  it('prefixes paths with the root label', () => {
    expect(match({ statusCode: 0 }, { statusCode: 2 }, { vars, root: 'body' }).mismatches[0]?.message).toBe(
      'body.statusCode: expected 0, got 2',
    );
    expect(match(0, 2, { vars }).mismatches[0]?.message).toBe('expected 0, got 2');
  });
});

describe('match: exactness', () => {
  it('allows extra keys by default and forbids them when exact, at every depth', () => {
    const actual = { statusCode: 0, extra: 1, nested: { a: 1, b: 2 } };
    expect(messages({ statusCode: 0, nested: { a: 1 } }, actual)).toEqual([]);
    expect(messages({ statusCode: 0, nested: { a: 1 } }, actual, true)).toEqual([
      'nested.b: expected no such key, got 2',
      'extra: expected no such key, got 1',
    ]);
  });

  it('$exact applies exactness to its part only', () => {
    const actual = { top: 'x', body: { statusCode: 0, statusMessage: 'oops' } };
    expect(messages({ body: { $exact: { statusCode: 0 } } }, actual)).toEqual([
      'body.statusMessage: expected no such key, got "oops"',
    ]);
    expect(messages({ body: { $exact: { statusCode: 0, statusMessage: '$string' } } }, actual)).toEqual([]);
  });
});

describe('match: markers', () => {
  it('$any accepts anything, even absence', () => {
    expect(messages({ a: '$any', b: '$any' }, { a: null })).toEqual([]);
  });

  it('$present requires the key, $absent forbids it', () => {
    expect(messages({ a: '$present', b: '$absent' }, { a: null })).toEqual([]);
    expect(messages({ a: '$present', b: '$absent' }, { b: 0 })).toEqual([
      'a: expected a value, got nothing',
      'b: expected no value, got 0',
    ]);
  });

  it.each([
    ['$string', 'x', 5, 'expected a string, got 5'],
    ['$number', 1.5, '1', 'expected a number, got "1"'],
    ['$integer', 2, 2.5, 'expected an integer, got 2.5'],
    ['$boolean', false, 'false', 'expected a boolean, got "false"'],
    ['$array', [], {}, 'expected an array, got {}'],
    ['$object', {}, [], 'expected an object, got []'],
    ['$null', null, undefined, 'expected null, got nothing'],
  ])('%s passes on its type and fails otherwise', (marker, good, bad, message) => {
    expect(messages({ v: marker }, { v: good })).toEqual([]);
    expect(messages({ v: marker }, { v: bad })).toEqual([`v: ${message}`]);
  });

  it('$regex tests strings only', () => {
    expect(messages({ id: { $regex: '^[A-Za-z0-9]{16}$' } }, { id: '00009a8T8Y130123' })).toEqual([]);
    expect(messages({ id: { $regex: '^[A-Za-z0-9]{16}$' } }, { id: 'short' })).toEqual([
      'id: expected a string matching /^[A-Za-z0-9]{16}$/, got "short"',
    ]);
    expect(messages({ id: { $regex: '^1$' } }, { id: 1 })).toEqual([
      'id: expected a string matching /^1$/, got 1',
    ]);
  });

  it('$oneOf accepts any alternative, each itself a pattern', () => {
    const pattern = { state: { $oneOf: ['Processing', 'Chatting', { $regex: '^Comp' }] } };
    expect(messages(pattern, { state: 'Chatting' })).toEqual([]);
    expect(messages(pattern, { state: 'Completed' })).toEqual([]);
    expect(messages(pattern, { state: 'Invited' })).toEqual([
      'state: expected one of ["Processing","Chatting",{"$regex":"^Comp"}], got "Invited"',
    ]);
  });

  it('$sameMembers wants exactly the items, in any order', () => {
    const caps = ['Reject', 'Accept'];
    expect(messages({ caps: { $sameMembers: ['Accept', 'Reject'] } }, { caps })).toEqual([]);
    expect(messages({ caps: { $sameMembers: ['Accept'] } }, { caps })).toHaveLength(1);
    expect(messages({ caps: { $sameMembers: ['Accept', 'Reject', 'Complete'] } }, { caps })).toHaveLength(1);
    expect(messages({ caps: { $sameMembers: ['Accept', 'Accept'] } }, { caps })).toHaveLength(1);
    expect(messages({ caps: { $sameMembers: ['Accept'] } }, { caps: 'Accept' })[0]).toContain('in any order');
  });

  it('$contains finds items in any order and names each missing one', () => {
    const caps = ['Complete', 'Transfer', 'AttachUserData'];
    expect(messages({ caps: { $contains: ['AttachUserData', 'Complete'] } }, { caps })).toEqual([]);
    expect(messages({ caps: { $contains: ['Accept', 'Complete', 'Reject'] } }, { caps })).toEqual([
      'caps: expected an array containing "Accept", got ["Complete","Transfer","AttachUserData"]',
      'caps: expected an array containing "Reject", got ["Complete","Transfer","AttachUserData"]',
    ]);
    expect(
      messages({ list: { $contains: [{ id: '${id}' }] } }, { list: [{ id: 'zz' }, { id: 'abc123', x: 1 }] }),
    ).toEqual([]);
    expect(messages({ caps: { $contains: ['a'] } }, { caps: 'a' })).toEqual([
      'caps: expected an array containing ["a"], got "a"',
    ]);
  });

  it('$contains of an object names the element with that id, or the closest one, and how it differs', () => {
    const list = [
      { id: 'MGC0', state: 'Processing', capabilities: ['Complete', 'Transfer', 'DeleteUserData'] },
      { id: 'wmGr9', state: 'Revoked', queue: 'support' },
    ];
    expect(
      messages({ list: { $contains: [{ id: 'wmGr9', state: 'Queued', queue: 'support' }] } }, { list }),
    ).toEqual([
      'list: expected an array containing {"id":"wmGr9","state":"Queued","queue":"support"}, got 2 element(s); the element with id "wmGr9", [1], differs: list[1].state: expected "Queued", got "Revoked"',
    ]);
    expect(
      messages({ list: { $contains: [{ id: 'none', state: 'Revoked', queue: 'support' }] } }, { list }),
    ).toEqual([
      'list: expected an array containing {"id":"none","state":"Revoked","queue":"support"}, got 2 element(s); the closest element, [1], differs: list[1].id: expected "none", got "wmGr9"',
    ]);
  });

  it('comparisons check numbers against bounds', () => {
    expect(messages({ statusCode: { $gt: 0 } }, { statusCode: 6 })).toEqual([]);
    expect(messages({ statusCode: { $gt: 0 } }, { statusCode: 0 })).toEqual([
      'statusCode: expected a number greater than 0, got 0',
    ]);
    expect(messages({ n: { $gte: 1, $lt: 10 } }, { n: 10 })).toEqual([
      'n: expected a number at least 1 and less than 10, got 10',
    ]);
    expect(messages({ n: { $lte: 3 } }, { n: '2' })).toEqual(['n: expected a number at most 3, got "2"']);
  });

  it('$not inverts a pattern', () => {
    expect(messages({ state: { $not: 'Invited' } }, { state: 'Processing' })).toEqual([]);
    expect(messages({ state: { $not: 'Invited' } }, { state: 'Invited' })).toEqual([
      'state: expected anything but "Invited", got "Invited"',
    ]);
  });
});
