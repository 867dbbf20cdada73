import type { IncomingMessage, ServerResponse } from 'node:http';

let counter = 0;

/**
 * One line per request once the answer is sent: id, method, path, status, duration. Only the path is
 * logged, never headers or bodies, so credentials, cookies and tokens cannot reach the log.
 */
export function logRequest(req: IncomingMessage, res: ServerResponse, log: (line: string) => void): void {
  counter += 1;
  const id = `r${counter.toString(36).padStart(5, '0')}`;
  const started = process.hrtime.bigint();
  const path = (req.url ?? '/').split('?')[0];
  res.setHeader('x-request-id', id);
  res.once('finish', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    log(`${id} ${req.method ?? '-'} ${path} ${res.statusCode} ${ms.toFixed(1)}ms`);
  });
}
