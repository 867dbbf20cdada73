import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a route decided: written once by the server, as JSON, or empty when there is no body. */
export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Bodies above this are refused: the API's requests are small JSON documents. */
export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLarge extends Error {
  readonly code = 'BODY_TOO_LARGE';
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge(`request body above ${MAX_BODY_BYTES} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `undefined` for an empty body; `{ malformed: true }` when the text is not JSON. */
export function parseJson(text: string): { value: unknown } | { malformed: true } | undefined {
  if (text.trim() === '') return undefined;
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return { malformed: true };
  }
}

export function writeAnswer(res: ServerResponse, answer: Answer): void {
  for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
  if (answer.body === undefined) {
    // An empty body says so (content-length 0) rather than leaving the client to a chunked end.
    res.writeHead(answer.status, answer.status === 204 ? {} : { 'content-length': 0 });
    res.end();
    return;
  }
  const text = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** A path segment decoded; one with a malformed %-escape is kept as sent (it names nothing, so it is unknown). */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
