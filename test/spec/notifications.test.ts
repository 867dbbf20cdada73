import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Dialect } from '../../src/model/index.js';
import { loadSpec, specDir } from '../../src/spec/index.js';
import { SAMPLE_INTERACTION } from './seed-samples.js';

const spec = loadSpec();
const channel = '/v2/me/interactions';
const { mediaType, ...flatRest } = SAMPLE_INTERACTION;
const flatInteraction = { ...flatRest, channel: mediaType };

/** One sample message per notification variant and dialect. */
const SAMPLES: Record<Dialect, Record<string, unknown>> = {
  envelope: {
    'Notification.StatusChange': {
      channel,
      id: '7',
      data: {
        messageType: 'InteractionStateMessage',
        notificationType: 'StatusChange',
        interaction: SAMPLE_INTERACTION,
        referenceId: 'r-1',
      },
    },
    'Notification.PropertiesUpdated': {
      channel,
      data: {
        messageType: 'InteractionStateMessage',
        notificationType: 'PropertiesUpdated',
        interaction: SAMPLE_INTERACTION,
      },
    },
    'Notification.Error': {
      channel,
      data: {
        messageType: 'InteractionStateMessage',
        notificationType: 'Error',
        errorMessage: 'no',
        referenceId: 3,
      },
    },
    'Notification.WorkbinContent': {
      channel,
      data: {
        messageType: 'WorkbinContentMessage',
        workbin: 'followup',
        interactions: [{ ...SAMPLE_INTERACTION, state: 'InWorkbin', capabilities: [], workbin: 'followup' }],
      },
    },
  },
  flat: {
    'Notification.StatusChange': {
      channel,
      data: {
        messageTypeName: 'InteractionStateMessage',
        notificationType: 'StatusChange',
        ...flatInteraction,
      },
    },
    'Notification.PropertiesUpdated': {
      channel,
      data: {
        messageTypeName: 'InteractionStateMessage',
        notificationType: 'PropertiesUpdated',
        ...flatInteraction,
      },
    },
    'Notification.Error': {
      channel,
      data: { messageTypeName: 'InteractionStateMessage', notificationType: 'Error', errorMessage: 'no' },
    },
    'Notification.WorkbinContent': {
      channel,
      data: {
        messageTypeName: 'WorkbinContentMessage',
        workbin: 'followup',
        interactions: [flatInteraction],
      },
    },
  },
};

type Msg = { channel: string; data: Record<string, unknown> };

function issues(variant: string, body: unknown, dialect: Dialect): string[] {
  const result = spec.validate(variant, body, { dialect });
  return result.ok ? [] : result.issues.map((i) => i.message);
}

for (const dialect of ['envelope', 'flat'] as const) {
  describe(`notifications, ${dialect} dialect`, () => {
    const samples = SAMPLES[dialect];
    const other = SAMPLES[dialect === 'envelope' ? 'flat' : 'envelope'];

    for (const [variant, message] of Object.entries(samples)) {
      it(`${variant}: the sample validates, also as Notification.Any; the other dialect's does not`, () => {
        expect(spec.validate(variant, message, { dialect })).toEqual({ ok: true });
        expect(spec.validate('Notification.Any', message, { dialect })).toEqual({ ok: true });
        expect(spec.validate(variant, other[variant], { dialect }).ok).toBe(false);
      });
    }

    const change = samples['Notification.StatusChange'] as Msg;
    const inner = (m: Msg) =>
      dialect === 'envelope' ? (m.data.interaction as Record<string, unknown>) : m.data;

    it('a missing state is rejected', () => {
      const msg = structuredClone(change);
      delete inner(msg).state;
      const pointer = dialect === 'envelope' ? '/data/interaction/state' : '/data/state';
      expect(issues('Notification.StatusChange', msg, dialect)).toContain(
        `${pointer} is required but missing`,
      );
      expect(issues('Notification.Any', msg, dialect)).toContain(`${pointer} is required but missing`);
    });

    it('an unknown notificationType is rejected', () => {
      const msg = structuredClone(change);
      msg.data.notificationType = 'Bogus';
      expect(issues('Notification.StatusChange', msg, dialect)).toContain(
        '/data/notificationType must be equal to "StatusChange" (got "Bogus")',
      );
      expect(issues('Notification.Any', msg, dialect).join('\n')).toContain('(got "Bogus")');
    });

    it('capabilities that are not an array are rejected', () => {
      const msg = structuredClone(change);
      inner(msg).capabilities = 'Accept';
      const pointer = dialect === 'envelope' ? '/data/interaction/capabilities' : '/data/capabilities';
      expect(issues('Notification.StatusChange', msg, dialect)).toContain(
        `${pointer} must be array (got string "Accept")`,
      );
    });

    it('an unknown state, an unknown capability, a wrong channel are rejected', () => {
      const state = structuredClone(change);
      inner(state).state = 'Accepted';
      expect(issues('Notification.StatusChange', state, dialect).join('\n')).toContain('(got "Accepted")');
      const capability = structuredClone(change);
      inner(capability).capabilities = ['Redirect'];
      expect(spec.validate('Notification.StatusChange', capability, { dialect }).ok).toBe(false);
      const wrongChannel = { ...structuredClone(change), channel: '/v2/me/interactions/' };
      expect(issues('Notification.StatusChange', wrongChannel, dialect)).toContain(
        '/channel must be equal to "/v2/me/interactions" (got "/v2/me/interactions/")',
      );
    });

    it('a WorkbinContentMessage without its interactions is rejected', () => {
      const msg = structuredClone(samples['Notification.WorkbinContent'] as Msg);
      delete msg.data.interactions;
      expect(issues('Notification.WorkbinContent', msg, dialect)).toContain(
        '/data/interactions is required but missing',
      );
      expect(issues('Notification.Any', msg, dialect)).toContain(
        '/data/interactions is required but missing',
      );
    });
  });
}

describe('spec/variants.yaml', () => {
  const file = parse(readFileSync(join(specDir(), 'variants.yaml'), 'utf8')) as {
    variants: Record<string, unknown>;
  };
  const names = Object.keys(file.variants);

  it('names every variant of the design', () => {
    const ops = [
      'Accept',
      'Reject',
      'Cancel',
      'Complete',
      'PlaceInQueue',
      'UpdateUserData',
      'AttachUserData',
    ];
    const more = ['DeleteUserData', 'PlaceInWorkbin', 'GetWorkbinContent', 'Transfer', 'Reply', 'ReplyAll'];
    const expected = [...ops, ...more].flatMap((op) => [`${op}.success`, `${op}.failure`]);
    expected.push('ListInteractions.success', 'ListMyInteractions.full', 'ListMyInteractions.uris');
    expected.push('GetInteraction.success', 'UpdateInteraction.success', 'Error.statusCode');
    for (const t of ['StatusChange', 'PropertiesUpdated', 'Error', 'WorkbinContent'])
      expected.push(`Notification.${t}`);
    expect(names).toEqual(expect.arrayContaining(expected));
    expect(spec.variantNames().sort()).toEqual([...names].sort());
  });

  it('every variant resolves to a compiled schema in both dialects that rejects an empty object', () => {
    for (const name of names) {
      expect(spec.hasVariant(name), name).toBe(true);
      for (const dialect of ['envelope', 'flat'] as const) {
        const result = spec.validate(name, {}, { dialect });
        expect(result.ok, `${name} (${dialect})`).toBe(false);
      }
    }
  });

  it('an unknown variant is a harness error with a stable code', () => {
    expect(spec.hasVariant('Nope.success')).toBe(false);
    expect(() => spec.validate('Nope.success', {})).toThrow(
      expect.objectContaining({ code: 'SPEC_UNKNOWN_VARIANT' }),
    );
  });
});
