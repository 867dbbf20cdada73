/**
 * The raw yardstick of the 200-step flow, as a whole process: an undici `Pool` doing the same POST
 * with Basic auth `STEPS` times, checking the status and one body field. `node raw-flow.js <base> <steps>`.
 */
import { Pool } from 'undici';

const [base = '', steps = '200'] = process.argv.slice(2);
const url = new URL(`${base}/me/interactions/Unknown0000000id`);
const pool = new Pool(url.origin);
const auth = `Basic ${Buffer.from('agent01:agent01-pass').toString('base64')}`;
const body = JSON.stringify({ operationName: 'Complete' });
for (let i = 0; i < Number(steps); i++) {
  const res = await pool.request({
    method: 'POST',
    path: url.pathname,
    headers: { authorization: auth, 'content-type': 'application/json' },
    body,
  });
  const answer = (await res.body.json()) as { statusCode?: number };
  if (res.statusCode !== 200 || answer.statusCode !== 6) throw new Error('raw flow: unexpected answer');
}
await pool.close();
