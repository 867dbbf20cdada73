/**
 * The CSRF token a target hands out (`X-CSRF-HEADER` names the header, `X-CSRF-TOKEN` is its value).
 * Remembered from any answer and sent on every state-changing request.
 */
export class CsrfState {
  #name: string | undefined;
  #value: string | undefined;

  remember(headers: Record<string, string | string[] | undefined>): void {
    const name = first(headers['x-csrf-header']);
    const value = first(headers['x-csrf-token']);
    if (name && value) {
      this.#name = name;
      this.#value = value;
    }
  }

  get known(): boolean {
    return this.#name !== undefined;
  }

  /** The header name the target chose, for redaction. */
  get headerName(): string | undefined {
    return this.#name;
  }

  /** The header to add to a request of this method, if any. */
  headerFor(method: string): Record<string, string> {
    if (!this.#name || !this.#value || !STATE_CHANGING.has(method.toUpperCase())) return {};
    return { [this.#name]: this.#value };
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** A 403 whose text names the CSRF token: the target wants a token we do not have yet. */
export function isCsrfRefusal(status: number, bodyText: string | undefined): boolean {
  return status === 403 && /csrf/i.test(bodyText ?? '');
}
