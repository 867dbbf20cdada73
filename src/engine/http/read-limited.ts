import { HarnessError } from '../errors.js';
import type { ExchangeProgress } from './errors.js';

/** The API's answers are small JSON documents; a larger answer is garbage, not something to hold in memory. */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/** An answer past the size limit: dropped unread, reported as the harness's refusal to hold it. */
export class AnswerTooLarge extends HarnessError {
  constructor(message: string) {
    super('IC_E_ANSWER_TOO_LARGE', message);
    this.name = 'AnswerTooLarge';
  }
}

/**
 * The body as text, or AnswerTooLarge (and the body dropped) past `limit` bytes. `progress.bodyBytes`
 * counts what arrived, so that a failure in the middle can say how far the answer got.
 */
export async function readLimited(
  body: AsyncIterable<Buffer | Uint8Array> & { destroy(): unknown },
  limit: number,
  progress?: ExchangeProgress,
) {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (progress) progress.bodyBytes = size;
    if (size > limit) {
      body.destroy();
      throw new AnswerTooLarge(
        `the answer is larger than ${limit / (1024 * 1024)} MiB, the bound for this API's answers`,
      );
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}
