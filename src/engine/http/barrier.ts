/**
 * Holds several requests until every one is on the wire, then lets them all finish in one tick: each
 * request sends its headers and all of its body but the last byte, arrives, and waits for the release.
 * So they reach the target's request handlers together, which is what a race needs (sending them one
 * after another from one event loop would let the first finish before the last leaves).
 */
export class Barrier {
  readonly released: Promise<void>;
  #expected: number;
  #arrived = 0;
  #release: () => void = () => {};
  readonly #timer: NodeJS.Timeout;

  /** `boundMs`: released anyway after this long (a request that never connects must not hang the rest). */
  constructor(parties: number, boundMs: number) {
    this.#expected = parties;
    this.released = new Promise<void>((resolve) => {
      this.#release = resolve;
    });
    this.#timer = setTimeout(() => this.#release(), Math.max(0, boundMs));
    this.#timer.unref();
    void this.released.then(() => clearTimeout(this.#timer));
    if (parties <= 0) this.#release();
  }

  /** One party's arrival; calling the returned function again does nothing. */
  party(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#arrived += 1;
      if (this.#arrived >= this.#expected) this.#release();
    };
  }

  get expected(): number {
    return this.#expected;
  }
}

/** The body as two chunks: everything but the last byte, then (after the release) the last byte. */
export async function* gatedBody(payload: string, arrive: () => void, released: Promise<void>) {
  const bytes = Buffer.from(payload, 'utf8');
  if (bytes.length > 1) yield bytes.subarray(0, bytes.length - 1);
  // The client writes the headers with the first chunk and flushes them on the next tick: arrive
  // only once that has happened, so the request is really on the wire.
  await new Promise<void>((resolve) => setImmediate(resolve));
  arrive();
  await released;
  yield bytes.subarray(Math.max(0, bytes.length - 1));
}
