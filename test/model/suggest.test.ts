import { describe, expect, it } from 'vitest';
import { closestNames, didYouMean, editDistance, expectedName } from '../../src/model/suggest.js';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('Complete.sucess', 'Complete.success')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
    // A swap is two edits, whichever way round.
    expect(editDistance('ab', 'ba')).toBe(2);
    expect(editDistance('IX-COMPLETE-99', 'IX-COMPLETE-01')).toBe(
      editDistance('IX-COMPLETE-01', 'IX-COMPLETE-99'),
    );
  });
});

describe('closestNames', () => {
  const VARIANTS = ['Accept.success', 'Complete.success', 'Complete.failure', 'Notification.StatusChange'];

  it('finds a name one or two edits away', () => {
    expect(closestNames('Complete.sucess', VARIANTS)).toEqual(['Complete.success']);
    expect(closestNames('Acept.succes', VARIANTS)).toEqual(['Accept.success']);
  });

  it('finds a name that differs only in case, however many letters differ', () => {
    expect(closestNames('ix-accept-01', ['IX-ACCEPT-01', 'IX-ACCEPT-02'])).toEqual(['IX-ACCEPT-01']);
    // The same ignoring case beats a name one edit away.
    expect(closestNames('Bob', ['Rob', 'bob'])).toEqual(['bob']);
  });

  it('keeps only the closest, in the order given', () => {
    expect(closestNames('agnt', ['ag', 'agent', 'agents'])).toEqual(['agent']);
    expect(closestNames('IX-QUEUE-1', ['IX-QUEUE-01', 'IX-QUEUE-02', 'IX-QUEUE-11'])).toEqual([
      'IX-QUEUE-01',
      'IX-QUEUE-11',
    ]);
  });

  it('suggests nothing further than two edits, nor the name itself, nor twice the same', () => {
    expect(closestNames('interactionId', ['id', 'alice.userId'])).toEqual([]);
    expect(closestNames('Complete.succeeded', VARIANTS)).toEqual([]);
    expect(closestNames('alice', ['alice', 'alicee', 'alicee'])).toEqual(['alicee']);
  });

  it('does not call a short name close to one it shares no character with', () => {
    expect(closestNames('x', ['id'])).toEqual([]);
    expect(closestNames('ab', ['id'])).toEqual([]);
    expect(closestNames('bo', ['bob'])).toEqual(['bob']);
    expect(closestNames('ID', ['id'])).toEqual(['id']);
  });
});

describe('didYouMean and expectedName', () => {
  it('quotes one, two or three suggestions', () => {
    expect(didYouMean('Complete.sucess', ['Complete.success'])).toBe('did you mean "Complete.success"?');
    expect(didYouMean('alce', ['alice', 'ace'])).toBe('did you mean "alice" or "ace"?');
    expect(didYouMean('b', ['ba', 'bb', 'bc'])).toBe('did you mean "ba", "bb" or "bc"?');
  });

  it('says how many more are as close when there are more than three', () => {
    const ids = Array.from({ length: 7 }, (_, i) => `IX-COMPLETE-0${i + 1}`);
    expect(didYouMean('IX-COMPLETE-99', ids)).toBe(
      'did you mean "IX-COMPLETE-01", "IX-COMPLETE-02", "IX-COMPLETE-03" (or 4 more as close)?',
    );
  });

  it('falls back when nothing is close', () => {
    expect(didYouMean('zzz', ['alice'])).toBeUndefined();
    expect(expectedName('zzz', ['alice'], 'one of alice')).toBe('one of alice');
    expect(expectedName('alise', ['alice'], 'one of alice')).toBe('did you mean "alice"?');
  });
});
