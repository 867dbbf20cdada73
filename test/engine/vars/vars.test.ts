// biome-ignore-all lint/suspicious/noTemplateCurlyInString: scenario variables are written ${name}
import { describe, expect, it } from 'vitest';
import { isHarnessError } from '../../../src/engine/errors.js';
import { capture, interpolate, readPath, referencedVars } from '../../../src/engine/vars/index.js';

const vars = {
  id: 'x1',
  n: 3,
  data: { a: [1, 2] },
  alice: { userId: 'agent01', username: 'agent01' },
  names: { queue: 'support' },
};

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isHarnessError(error) ? error.code : 'not a HarnessError';
  }
  return undefined;
}

describe('interpolate', () => {
  it('replaces variables everywhere, including keys and nested arrays', () => {
    expect(
      interpolate(
        { path: '/me/interactions/${id}', body: { userId: '${alice.userId}', list: ['${names.queue}'] } },
        vars,
      ),
    ).toEqual({ path: '/me/interactions/x1', body: { userId: 'agent01', list: ['support'] } });
    expect(interpolate({ '${id}': 1 }, vars)).toEqual({ x1: 1 });
  });

  it('keeps the type of a whole-string placeholder and writes JSON inside text', () => {
    expect(interpolate('${n}', vars)).toBe(3);
    expect(interpolate('${data}', vars)).toEqual({ a: [1, 2] });
    expect(interpolate('n=${n} d=${data.a}', vars)).toBe('n=3 d=[1,2]');
  });

  it('leaves non-strings and escaped placeholders alone', () => {
    expect(interpolate([1, true, null], vars)).toEqual([1, true, null]);
    expect(interpolate('$${id} is ${id}', vars)).toBe('${id} is x1');
  });

  it('throws IC_E_VAR_UNDEFINED naming the variable', () => {
    expect(codeOf(() => interpolate('${missing}', vars))).toBe('IC_E_VAR_UNDEFINED');
    expect(codeOf(() => interpolate({ a: 'x ${alice.password}' }, vars))).toBe('IC_E_VAR_UNDEFINED');
    try {
      interpolate('${bob.userId}', vars);
    } catch (error) {
      expect((error as Error).message).toBe('undefined variable ${bob.userId}');
    }
  });

  it('lists referenced variables, ignoring escaped ones', () => {
    expect(referencedVars({ a: '${id}/${alice.userId}', b: ['$${no}', { '${k}': 1 }] })).toEqual([
      'id',
      'alice.userId',
      'k',
    ]);
  });
});

describe('readPath and capture', () => {
  const record = {
    status: 200,
    headers: { 'x-csrf-token': 't' },
    body: { interactions: [{ id: 'a/b', 'x~y': 1 }] },
  };

  it('reads JSON pointers with escapes and dotted paths with indexes', () => {
    expect(readPath(record, '/body/interactions/0/id')).toBe('a/b');
    expect(readPath(record, '/body/interactions/0/x~0y')).toBe(1);
    expect(readPath(record, 'body.interactions[0].id')).toBe('a/b');
    expect(readPath(record, 'body.interactions.0.id')).toBe('a/b');
    expect(readPath(record, 'headers.x-csrf-token')).toBe('t');
    expect(readPath(record, '')).toBe(record);
    expect(readPath(record, '/body/interactions/1/id')).toBeUndefined();
    expect(readPath(record, 'status.nope')).toBeUndefined();
  });

  it('captures every value and names every missing one', () => {
    expect(capture(record, { id: '/body/interactions/0/id', status: 'status' })).toEqual({
      id: 'a/b',
      status: 200,
    });
    expect(codeOf(() => capture(record, { id: '/body/id', ok: 'status', x: 'body.x' }))).toBe(
      'IC_E_CAPTURE_MISSING',
    );
    try {
      capture(record, { id: '/body/id', ok: 'status', x: 'body.x' });
    } catch (error) {
      expect((error as Error).message).toBe('nothing to capture for id (/body/id), x (body.x)');
    }
  });
});
