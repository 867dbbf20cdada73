import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { loadAjv } from './ajv.js';
import { SpecError } from './errors.js';
import { isPlainObject, readSpecFile } from './read-file.js';

/** The base URI every spec schema is known by; `.invalid` so it can never be fetched. */
export const SPEC_BASE = 'https://interactions-conformance.invalid/spec/';
export const OPENAPI_ID = `${SPEC_BASE}openapi.yaml`;

/** Resolves a reference written in spec/ (relative to openapi.yaml) to the id ajv knows it by. */
export function resolveSpecRef(ref: string): string {
  return new URL(ref, OPENAPI_ID).href;
}

/** The component schemas of openapi.yaml as ajv must see them: OpenAPI-only details removed. */
function ajvView(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ajvView);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    // ajv's discriminator takes the tag from each branch's `const` and rejects `mapping`.
    if (key === 'discriminator' && isPlainObject(inner)) {
      out[key] = { propertyName: inner.propertyName };
      continue;
    }
    out[key] = ajvView(inner);
  }
  return out;
}

/** Where validators come from: compiled now by ajv, or compiled at build time (`compiled.ts`). */
export interface SchemaLookup {
  /** The validator for a schema id; throws `SPEC_SCHEMA_INVALID` for an unknown or broken schema. */
  validator(id: string): ValidateFunction;
}

/** Compiles the OpenAPI component schemas and the notification schemas into one ajv (strict mode). */
export class SchemaRegistry implements SchemaLookup {
  readonly ajv: Ajv2020;
  private readonly cache = new Map<string, ValidateFunction>();

  /** `source`: keep each validator's code, for standalone generation at build time. */
  constructor(
    componentSchemas: Record<string, unknown>,
    notificationsDir: string,
    opts: { source?: boolean } = {},
  ) {
    const { Ajv2020, addFormats } = loadAjv();
    this.ajv = new Ajv2020({
      strict: true,
      allErrors: true,
      discriminator: true,
      allowUnionTypes: false,
      ...(opts.source ? { code: { source: true } } : {}),
    });
    addFormats(this.ajv);
    // `components` holds the schemas; `example` is an OpenAPI annotation. Neither validates anything.
    this.ajv.addVocabulary(['components', 'example']);
    try {
      for (const file of readdirSync(notificationsDir)
        .filter((f) => f.endsWith('.json'))
        .sort()) {
        this.ajv.addSchema(readSpecFile(join(notificationsDir, file)) as object);
      }
      this.ajv.addSchema({ $id: OPENAPI_ID, components: { schemas: ajvView(componentSchemas) } });
    } catch (err) {
      if (err instanceof SpecError) throw err;
      throw new SpecError('SPEC_SCHEMA_INVALID', `spec schemas: ${(err as Error).message}`);
    }
  }

  /** The compiled validator for a schema id (`…/openapi.yaml#/components/schemas/X`, a file, a `$defs`). */
  validator(id: string): ValidateFunction {
    const cached = this.cache.get(id);
    if (cached) return cached;
    let fn: ValidateFunction | undefined;
    try {
      fn = this.ajv.getSchema(id);
    } catch (err) {
      throw new SpecError('SPEC_SCHEMA_INVALID', `${id}: ${(err as Error).message}`);
    }
    if (!fn) throw new SpecError('SPEC_SCHEMA_INVALID', `${id}: no such schema`);
    this.cache.set(id, fn);
    return fn;
  }
}
