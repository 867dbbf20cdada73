// Run by progress.test.ts through its own vitest instance: two scenarios pass, one fails, one errors.
import { expect, test } from 'vitest';

test('scenario one passes', () => {
  expect(1).toBe(1);
});

test('scenario two breaks the contract', () => {
  expect({ statusCode: 2 }).toEqual({ statusCode: 0 });
});

test('scenario three passes', () => {
  expect('ok').toBe('ok');
});

test('scenario four hits a harness error', ({ task }) => {
  // The runner records the scenario's result in the meta; the outcome there is what counts.
  (task.meta as { scenarioResult?: { outcome: string } }).scenarioResult = { outcome: 'error' };
});
