import type { Dialect } from '../../model/index.js';
import { isRecord } from './variant.js';

/** Keys that stay on the envelope's `data`; every other flat key belongs to the interaction. */
const ENVELOPE_KEYS = new Set(['messageTypeName', 'notificationType', 'referenceId', 'errorMessage']);

/**
 * The envelope form of a message's `data`, so scenarios are written once. Envelope data passes
 * through untouched; flat data has its interaction fields moved under `interaction`, its media
 * `channel` renamed `mediaType`, and `messageTypeName` renamed `messageType`.
 */
export function normaliseData(data: unknown, dialect: Dialect): unknown {
  if (dialect === 'envelope' || !isRecord(data)) return data;
  if (data.messageTypeName === 'WorkbinContentMessage') {
    const { messageTypeName, interactions, ...rest } = data;
    return {
      messageType: messageTypeName,
      ...rest,
      interactions: Array.isArray(interactions) ? interactions.map(flatInteraction) : interactions,
    };
  }
  const envelope: Record<string, unknown> = {};
  const interaction: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (key === 'messageTypeName') envelope.messageType = value;
    else if (ENVELOPE_KEYS.has(key)) envelope[key] = value;
    else interaction[key] = value;
  }
  if (Object.keys(interaction).length > 0) envelope.interaction = flatInteraction(interaction);
  return envelope;
}

function flatInteraction(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const { channel, messageTypeName: _dropped, ...rest } = value;
  return channel === undefined ? rest : { ...rest, mediaType: channel };
}
