// biome-ignore-all lint/suspicious/noTemplateCurlyInString: scenario variables are written ${name}
/**
 * Strings of a scenario are templates: literal text and run-time variables `${name}` (`$${` writes a
 * literal `${`). Fragment parameters are written `{{name}}` and are replaced when the suite loads,
 * so a template never holds one by the time it runs. Each distinct string is parsed once.
 */

export type TemplatePart = { text: string } | { variable: string };

export interface Template {
  parts: TemplatePart[];
  /** The string is exactly one variable: it takes the variable's value with its type. */
  whole: boolean;
}

export interface TemplateProblem {
  /** Character offset in the string. */
  at: number;
  message: string;
  expected: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const cache = new Map<string, Template | TemplateProblem>();

/** Parses `text` into literal and variable parts; a problem when a `${` is never closed or names nothing. */
export function parseTemplate(text: string): Template | TemplateProblem {
  const known = cache.get(text);
  if (known) return known;
  const parsed = parse(text);
  if (cache.size > 10_000) cache.clear();
  cache.set(text, parsed);
  return parsed;
}

export function isTemplateProblem(value: Template | TemplateProblem): value is TemplateProblem {
  return 'message' in value;
}

function parse(text: string): Template | TemplateProblem {
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i)) {
      literal += '${';
      i += 3;
      continue;
    }
    if (!text.startsWith('${', i)) {
      literal += text[i];
      i += 1;
      continue;
    }
    const end = text.indexOf('}', i + 2);
    if (end === -1)
      return { at: i, message: `unclosed "\${" in "${text}"`, expected: 'a variable written ${name}' };
    const name = text.slice(i + 2, end).trim();
    if (!NAME.test(name))
      return {
        at: i,
        message: `"\${${text.slice(i + 2, end)}}" is not a variable name`,
        expected: 'a name such as ${id}, ${alice.userId} or ${names.queue} (write $${ for a literal ${)',
      };
    if (literal !== '') parts.push({ text: literal });
    literal = '';
    parts.push({ variable: name });
    i = end + 1;
  }
  if (literal !== '' || parts.length === 0) parts.push({ text: literal });
  const whole = parts.length === 1 && 'variable' in (parts[0] as TemplatePart);
  return { parts, whole };
}

/** The run-time variables a template names, in order. */
export function templateVariables(text: string): string[] {
  const parsed = parseTemplate(text);
  if (isTemplateProblem(parsed)) return [];
  return parsed.parts.flatMap((p) => ('variable' in p ? [p.variable] : []));
}

/** `{{name}}`: a fragment parameter, replaced at load. */
export const PARAM = /\{\{\s*([^{}]*?)\s*\}\}/g;
const WHOLE_PARAM = /^\{\{\s*([^{}]*?)\s*\}\}$/;

/** The fragment parameters a string names, in order. */
export function paramNames(text: string): string[] {
  return [...text.matchAll(PARAM)].map((m) => m[1] ?? '');
}

/** The parameter a string consists of exactly, if it is `{{name}}` alone (it then keeps the argument's type). */
export function wholeParam(text: string): string | undefined {
  return WHOLE_PARAM.exec(text)?.[1];
}
