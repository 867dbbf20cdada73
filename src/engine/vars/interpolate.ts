import { HarnessError } from '../errors.js';
import { isTemplateProblem, parseTemplate, templateVariables } from './template.js';

/** Variables visible to a step: captured values, `alice` → `{ userId, username }`, `names` → `{ queue, … }`. */
export type Vars = Record<string, unknown>;

/** Replaces `${var}` everywhere in a JSON-like value; a string that is exactly `${var}` keeps the variable's type. */
export function interpolate(value: unknown, vars: Vars): unknown {
  if (typeof value === 'string') return interpolateString(value, vars);
  if (Array.isArray(value)) return value.map((item) => interpolate(item, vars));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[interpolateKey(key, vars)] = interpolate(item, vars);
    return out;
  }
  return value;
}

function interpolateKey(key: string, vars: Vars): string {
  return key.includes('${') ? String(interpolateString(key, vars)) : key;
}

/** One string through its parsed template (parsed once per distinct string). */
export function interpolateString(text: string, vars: Vars): unknown {
  const template = parseTemplate(text);
  // The loader reports malformed templates; one that reaches a run is taken literally.
  if (isTemplateProblem(template)) return text;
  if (template.whole) {
    const part = template.parts[0];
    return part && 'variable' in part ? lookupVar(part.variable, vars) : text;
  }
  let out = '';
  for (const part of template.parts)
    out += 'text' in part ? part.text : asText(lookupVar(part.variable, vars));
  return out;
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Resolves a dotted variable name (`alice.userId`, `names.queue`); throws IC_E_VAR_UNDEFINED when absent. */
export function lookupVar(name: string, vars: Vars): unknown {
  const parts = name.trim().split('.');
  let current: unknown = vars;
  for (const part of parts) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, part)) {
      throw new HarnessError('IC_E_VAR_UNDEFINED', `undefined variable \${${name}}`, { variable: name });
    }
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** The variable names a value refers to (escaped `$${…}` excluded), in order of appearance. */
export function referencedVars(value: unknown): string[] {
  const found: string[] = [];
  const visit = (item: unknown): void => {
    if (typeof item === 'string') found.push(...templateVariables(item));
    else if (Array.isArray(item)) {
      for (const element of item) visit(element);
    } else if (item !== null && typeof item === 'object') {
      for (const [key, element] of Object.entries(item)) {
        visit(key);
        visit(element);
      }
    }
  };
  visit(value);
  return found;
}
