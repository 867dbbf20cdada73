import type { OpenAPIV3_1 } from 'openapi-types';
import type { Dialect, ReadingPoint, Requirement } from '../model/index.js';

/** One schema violation, readable on its own: `/statusCode must be equal to 0 (got 2)`. */
export interface SchemaIssue {
  /** JSON pointer into the body (`''` is the body itself). */
  pointer: string;
  /** The schema rule that failed: a JSON Schema keyword, or `family` / `empty`. */
  rule: string;
  message: string;
}

export type ValidationResult = { ok: true } | { ok: false; issues: SchemaIssue[] };

export type OperationRequestResult =
  | { ok: true; operationName: string }
  /** `operationName` is set when the body names a known operation (its own failure variant applies). */
  | { ok: false; issues: SchemaIssue[]; operationName?: string };

export interface ValidateOptions {
  /** Default `envelope`. */
  dialect?: Dialect;
}

/** The answer families of the seed, told apart so a wrong-family body is named as such. */
export type Family = 'status' | 'statusCode' | 'status-0' | 'notification' | 'empty';

/** One entry of spec/variants.yaml, references already resolved to absolute schema ids. */
export interface VariantDef {
  name: string;
  family: Family;
  /** How the family looks, e.g. `{"status":"ok"}`. */
  shape: string;
  /** The schema id per dialect (the same id for both when the variant does not depend on it). */
  schema: Record<Dialect, string>;
}

export interface Spec {
  openapi: OpenAPIV3_1.Document;
  requirements: Requirement[];
  requirement(id: string): Requirement | undefined;
  /** The reading catalogue (spec/readings.yaml): every point the seed leaves open. */
  readings: ReadingPoint[];
  reading(id: string): ReadingPoint | undefined;
  variantNames(): string[];
  hasVariant(name: string): boolean;
  variant(name: string): VariantDef | undefined;
  /** Operation names the POST body may carry (from the request's discriminator). */
  operationNames(): string[];
  /** `body === undefined` means an empty body. Throws SPEC_UNKNOWN_VARIANT for an unknown name. */
  validate(variant: string, body: unknown, opts?: ValidateOptions): ValidationResult;
  validateOperationRequest(body: unknown): OperationRequestResult;
}
