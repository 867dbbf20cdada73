import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/spec/index.js';
import { SEED_INTERACTION_LIST, SEED_OPERATION_SAMPLES, SEED_URI_LIST } from './seed-samples.js';

const spec = loadSpec();

function messages(result: ReturnType<typeof spec.validate>): string[] {
  return result.ok ? [] : result.issues.map((i) => i.message);
}

describe('the seed samples validate against their variants', () => {
  for (const sample of SEED_OPERATION_SAMPLES) {
    it(`${sample.operationName}: request, success and failure`, () => {
      expect(spec.validateOperationRequest(sample.request)).toEqual({
        ok: true,
        operationName: sample.operationName,
      });
      expect(spec.validate(`${sample.operationName}.success`, sample.success)).toEqual({ ok: true });
      expect(spec.validate(`${sample.operationName}.failure`, sample.failure)).toEqual({ ok: true });
    });
  }

  it('the listing samples', () => {
    expect(spec.validate('ListMyInteractions.uris', SEED_URI_LIST)).toEqual({ ok: true });
    expect(spec.validate('ListMyInteractions.full', SEED_INTERACTION_LIST)).toEqual({ ok: true });
    expect(spec.validate('ListInteractions.success', SEED_INTERACTION_LIST)).toEqual({ ok: true });
  });
});

describe('near-miss answers are rejected with readable issues', () => {
  for (const sample of SEED_OPERATION_SAMPLES) {
    const op = sample.operationName;
    const success = sample.success as Record<string, unknown>;
    const failure = sample.failure as Record<string, unknown>;
    const statusCodeFamily = 'statusCode' in failure;

    it(`${op}: a body of the wrong family`, () => {
      const wrong = 'status' in success ? { statusCode: 0 } : { status: 'ok' };
      const result = spec.validate(`${op}.success`, wrong);
      expect(result.ok).toBe(false);
      expect(messages(result)[0]).toMatch(/^expected the [\w-]+ family .+, got a [\w-]+-family body$/);
    });

    it(`${op}: a failure without its message field`, () => {
      const field = statusCodeFamily ? 'statusMessage' : 'errorDescription';
      const { [field]: _dropped, ...rest } = failure;
      const result = spec.validate(`${op}.failure`, rest);
      expect(result.ok).toBe(false);
      expect(messages(result)).toContain(`/${field} is required but missing`);
    });

    it(`${op}: a field of the wrong type`, () => {
      const field = statusCodeFamily ? 'statusMessage' : 'errorDescription';
      const result = spec.validate(`${op}.failure`, { ...failure, [field]: 42 });
      expect(result.ok).toBe(false);
      expect(messages(result)).toContain(`/${field} must be string (got integer 42)`);
    });

    it(`${op}: an error body is not a success`, () => {
      const result = spec.validate(`${op}.success`, sample.failure);
      expect(result.ok).toBe(false);
      expect(messages(result).length).toBeGreaterThan(0);
    });
  }

  it('names the value a constant expected', () => {
    expect(messages(spec.validate('Complete.success', { statusCode: 2 }))).toEqual([
      '/statusCode must be equal to 0 (got 2)',
    ]);
    expect(messages(spec.validate('Complete.failure', { statusCode: 0, statusMessage: 'x' }))).toEqual([
      '/statusCode must be >= 1 (got 0)',
    ]);
  });

  it('an empty body satisfies the Empty variant alone (the empty option of accept-reject-success-body)', () => {
    expect(spec.validate('Empty', undefined)).toEqual({ ok: true });
    expect(messages(spec.validate('Empty', { status: 'ok' }))[0]).toContain('expected an empty body');
    for (const variant of [
      'Accept.success',
      'Reject.success',
      'Complete.success',
      'Accept.failure',
      'Cancel.success',
    ]) {
      const verdict = spec.validate(variant, undefined);
      expect(verdict.ok).toBe(false);
      expect(messages(verdict)[0]).toContain('got an empty body');
    }
  });

  it('extra fields in a closed success body are named', () => {
    expect(messages(spec.validate('Accept.success', { status: 'ok', extra: true }))).toEqual([
      '/extra is not allowed here (got true)',
    ]);
  });
});

describe('near-miss requests are told apart', () => {
  it('no operationName, an unknown one, a non-object body, an empty body', () => {
    expect(spec.validateOperationRequest({ queueName: 'support' })).toEqual({
      ok: false,
      issues: [
        { pointer: '/operationName', rule: 'required', message: '/operationName is required but missing' },
      ],
    });
    const unknown = spec.validateOperationRequest({ operationName: 'SingleStepTransfer' });
    expect(unknown.ok).toBe(false);
    expect(unknown).not.toHaveProperty('operationName');
    expect(unknown.ok === false && unknown.issues[0]?.rule).toBe('enum');
    expect(unknown.ok === false && unknown.issues[0]?.message).toContain('(got "SingleStepTransfer")');
    expect(spec.validateOperationRequest([1]).ok).toBe(false);
    expect(spec.validateOperationRequest(undefined).ok).toBe(false);
  });

  const missing: Array<[string, string]> = [
    ['PlaceInQueue', 'queueName'],
    ['UpdateUserData', 'userData'],
    ['AttachUserData', 'userData'],
    ['DeleteUserData', 'userData'],
    ['PlaceInWorkbin', 'workbin'],
    ['GetWorkbinContent', 'workbin'],
    ['Transfer', 'userId'],
  ];
  for (const [op, field] of missing) {
    it(`${op} without ${field}, and with ${field} of the wrong type`, () => {
      expect(spec.validateOperationRequest({ operationName: op })).toEqual({
        ok: false,
        operationName: op,
        issues: [{ pointer: `/${field}`, rule: 'required', message: `/${field} is required but missing` }],
      });
      const wrongType = spec.validateOperationRequest({ operationName: op, [field]: [] });
      expect(wrongType.ok).toBe(false);
      expect(wrongType.ok === false && wrongType.issues[0]?.pointer).toBe(`/${field}`);
      expect(wrongType.ok === false && wrongType.issues[0]?.rule).toBe('type');
    });
  }

  it('userData may nest objects; referenceId is allowed on every operation', () => {
    for (const name of spec.operationNames()) {
      const sample = SEED_OPERATION_SAMPLES.find((s) => s.operationName === name);
      const body = { ...(sample?.request ?? { operationName: name }), referenceId: 'r-1' };
      expect(spec.validateOperationRequest(body)).toEqual({ ok: true, operationName: name });
    }
    expect(spec.validateOperationRequest({ operationName: 'Accept', referenceId: { x: 1 } }).ok).toBe(false);
  });
});
