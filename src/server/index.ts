import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Dialect } from '../model/index.js';
import { type ApiContext, handleApi } from './api-routes.js';
import { Auth } from './auth.js';
import { CometdHub } from './cometd-hub.js';
import { handleControl } from './control-routes.js';
import { ServerError } from './errors.js';
import { statusCodeError } from './families.js';
import { resolveFaults } from './faults.js';
import { type FixtureUser, loadFixtures } from './fixtures.js';
import { type Answer, BodyTooLarge, readBody, writeAnswer } from './http-io.js';
import { Notifier } from './notifier.js';
import { CODE } from './outcome.js';
import { resolveReadings, type ServerReadings } from './readings.js';
import { logRequest } from './request-log.js';
import { Store } from './store.js';

export { ServerError } from './errors.js';
export { FAULTS, type Fault } from './faults.js';
export { chooseReadings, type ReadingSet, resolveReadings, type ServerReadings } from './readings.js';

export interface ReferenceServerOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  dialect?: Dialect;
  /** Require the CSRF header on POST/PUT/DELETE. */
  csrf?: boolean;
  /** Serve the control API (default true). */
  control?: boolean;
  /** Default `/control/v1`. */
  controlPrefix?: string;
  /** Names from FAULTS; an unknown name is a startup error. */
  faults?: string[];
  /**
   * Where the seed is silent (spec/readings.yaml): `reference` (default), `alternate`, or point →
   * option over the reference options. An unknown point or option is a startup error (UNKNOWN_READING).
   */
  readings?: ServerReadings | undefined;
  fixturesFile?: string;
  /** One line per request; nothing secret is ever passed. */
  log?: (line: string) => void;
}

export interface RunningServer {
  /** `http://HOST:PORT/api/v2` */
  baseUrl: string;
  cometdUrl: string;
  /** Absent when the control API is off. */
  controlUrl: string | undefined;
  users: FixtureUser[];
  /** Point → option in force, for every point of the reading catalogue. */
  readings: Record<string, string>;
  /** Ends CometD sessions, the CometD timer and every connection. */
  close(): Promise<void>;
}

const API_PREFIX = '/api/v2';
const COMETD_PREFIX = `${API_PREFIX}/notifications`;

export async function startReferenceServer(opts: ReferenceServerOptions = {}): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const controlEnabled = opts.control ?? true;
  const controlPrefix = normalisePrefix(opts.controlPrefix ?? '/control/v1');
  const log = opts.log ?? (() => {});
  const faults = resolveFaults(opts.faults ?? []);
  const readings = resolveReadings(opts.readings ?? 'reference');
  const fixtures = loadFixtures(opts.fixturesFile);
  const auth = new Auth(fixtures.users);
  const hub = new CometdHub(auth, faults);
  const view = { baseUrl: '', faults, readings };
  const notifier = new Notifier(hub, opts.dialect ?? 'envelope', view, faults);
  const store = new Store((event) => notifier.onStoreEvent(event));
  const ctx: ApiContext = {
    store,
    notifier,
    fixtures,
    faults,
    readings,
    auth,
    view,
    csrf: opts.csrf ?? false,
    availableAgents: () => hub.subscribedAgents(),
  };

  const http = createServer((req, res) => {
    logRequest(req, res, log);
    route(req, res).catch((err: unknown) => {
      log(`internal error: ${(err as Error).message}`);
      if (!res.headersSent)
        writeAnswer(res, { status: 500, body: statusCodeError(CODE.internal, 'internal error') });
      else res.destroy();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (path === COMETD_PREFIX || path.startsWith(`${COMETD_PREFIX}/`)) {
      hub.handle(req, res);
      return;
    }
    let answer: Answer;
    try {
      const body = await readBody(req);
      if (path === API_PREFIX || path.startsWith(`${API_PREFIX}/`)) {
        answer = await handleApi(ctx, req, path.slice(API_PREFIX.length), url, body);
      } else if (controlEnabled && (path === controlPrefix || path.startsWith(`${controlPrefix}/`))) {
        answer = handleControl(ctx, req.method ?? 'GET', path.slice(controlPrefix.length), body);
      } else {
        answer = { status: 404, body: statusCodeError(CODE.notFound, `no endpoint ${req.method} ${path}`) };
      }
    } catch (err) {
      if (!(err instanceof BodyTooLarge)) throw err;
      answer = { status: 413, body: statusCodeError(CODE.invalidParameter, err.message) };
    }
    writeAnswer(res, answer);
  }

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => {
      // The CometD server's sweep timer runs from its creation: stop it, or it holds the process open.
      hub.close();
      reject(new ServerError('LISTEN_FAILED', `cannot listen on ${host}: ${err.message}`));
    };
    http.once('error', onError);
    http.listen(opts.port ?? 0, host, () => {
      http.off('error', onError);
      resolve();
    });
  });
  const { port } = http.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  view.baseUrl = `${origin}${API_PREFIX}`;

  let closing: Promise<void> | undefined;
  return {
    baseUrl: view.baseUrl,
    cometdUrl: `${origin}${COMETD_PREFIX}`,
    controlUrl: controlEnabled ? `${origin}${controlPrefix}` : undefined,
    users: fixtures.users.map((u) => ({ ...u, roles: [...u.roles] })),
    readings: { ...readings.chosen },
    close() {
      closing ??= new Promise<void>((resolve) => {
        hub.close();
        http.close(() => resolve());
        // Held long-polls and idle keep-alive sockets would otherwise keep the server open.
        http.closeAllConnections();
      });
      return closing;
    },
  };
}

function normalisePrefix(prefix: string): string {
  const withSlash = prefix.startsWith('/') ? prefix : `/${prefix}`;
  return withSlash.endsWith('/') ? withSlash.slice(0, -1) : withSlash;
}
