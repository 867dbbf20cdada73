// biome-ignore-all lint/suspicious/noTemplateCurlyInString: scenario variables are written ${name}
import { describe, expect, it } from 'vitest';
import { isHarnessError } from '../../../src/engine/errors.js';
import { compilePattern, match, patternOf } from '../../../src/engine/match/index.js';
import { parseTemplate } from '../../../src/engine/vars/index.js';

const problemsOf = (raw: unknown) =>
  compilePattern(raw).problems.map(
    (p) => `${p.path.join('.')}${p.atKey ? ' (key)' : ''}: ${p.message} → ${p.expected}`,
  );

describe('compilePattern: markers are a closed set, checked before any run', () => {
  it('accepts every documented marker', () => {
    expect(
      problemsOf({
        a: '$any',
        b: '$present',
        c: '$absent',
        d: ['$string', '$number', '$integer', '$boolean', '$array', '$object', '$null'],
        e: { $regex: '^[a-z]+$' },
        f: { $oneOf: [1, 2] },
        g: { $contains: ['x'] },
        h: { $sameMembers: ['x'] },
        i: { $exact: { y: 1 } },
        j: { $gt: 0, $lt: 10 },
        k: { $not: { $gte: 1 } },
        l: '${id}',
      }),
    ).toEqual([]);
  });

  it('refuses an unknown marker with a suggestion, as a key and as a value', () => {
    expect(problemsOf({ statusCode: { $gtt: 0 } })).toEqual([
      'statusCode.$gtt (key): unknown marker "$gtt" → did you mean "$gt" or "$gte"?',
    ]);
    expect(problemsOf({ state: '$strin' })).toEqual([
      expect.stringMatching(/^state: unknown marker "\$strin" → did you mean "\$string"\?/),
    ]);
  });

  it('refuses a regex that does not compile, and a non-string one', () => {
    expect(problemsOf({ id: { $regex: '(' } })).toEqual([
      'id.$regex: regular expression /(/ does not compile: /(/: Unterminated group → a JavaScript regular expression',
    ]);
    expect(problemsOf({ id: { $regex: 5 } })[0]).toContain('$regex takes a string, got 5');
    // With a variable, the regex is checked with the variable empty.
    expect(problemsOf({ uri: { $regex: '/interactions/${id}$' } })).toEqual([]);
    expect(problemsOf({ uri: { $regex: '[${id}' } })[0]).toContain('does not compile');
  });

  it('refuses a marker in the wrong place', () => {
    expect(problemsOf({ id: { $regex: 'a', other: 1 } })[0]).toContain('must be alone in its object');
    expect(problemsOf({ id: { $string: 1 } })[0]).toContain('marker $string is a value, not a key');
    expect(problemsOf({ id: '$regex' })[0]).toContain('marker $regex takes an operand');
    expect(problemsOf({ n: { $gt: 'one' } })[0]).toContain('$gt takes a number, got "one"');
  });

  it('refuses a malformed template', () => {
    expect(problemsOf({ id: '${id' })).toEqual(['id: unclosed "${" in "${id" → a variable written ${name}']);
  });

  it('the matcher refuses what the loader would, instead of matching the wrong thing', () => {
    let caught: unknown;
    try {
      match({ statusCode: { $gtt: 0 } }, { statusCode: 1 }, { vars: {} });
    } catch (err) {
      caught = err;
    }
    expect(isHarnessError(caught, 'IC_E_PATTERN')).toBe(true);
  });

  it('a regex that its variables make invalid is an error of the input, with its code', () => {
    let caught: unknown;
    try {
      match({ uri: { $regex: '^${x}$' } }, { uri: 'a' }, { vars: { x: '(' } });
    } catch (err) {
      caught = err;
    }
    expect(isHarnessError(caught, 'IC_E_PATTERN')).toBe(true);
    expect(match({ uri: { $regex: '^${x}$' } }, { uri: 'ab' }, { vars: { x: 'a.' } }).passed).toBe(true);
  });

  it('compiles a pattern once per raw value', () => {
    const raw = { a: { $regex: '^x' } };
    expect(patternOf(raw)).toBe(patternOf(raw));
  });
});

describe('parseTemplate', () => {
  it('splits literal text and variables once, with $${ as a literal', () => {
    expect(parseTemplate('/me/interactions/${id}')).toEqual({
      parts: [{ text: '/me/interactions/' }, { variable: 'id' }],
      whole: false,
    });
    expect(parseTemplate('${alice.userId}')).toEqual({ parts: [{ variable: 'alice.userId' }], whole: true });
    expect(parseTemplate('a $${b} c')).toEqual({ parts: [{ text: 'a ${b} c' }], whole: false });
    expect(parseTemplate('x ${ }')).toMatchObject({ message: '"${ }" is not a variable name' });
  });
});
