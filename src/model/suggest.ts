/**
 * "Did you mean" for load errors that name something unknown (a requirement id, a variant, an
 * actor, a fragment, a fragment parameter, a variable): the known names close to the one written.
 */

/** Edit distance: insertions, deletions and substitutions, each costing 1. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

const MAX_DISTANCE = 2;
const MAX_SUGGESTIONS = 3;

/**
 * The known names closest to `name`: those that are the same ignoring case, else those at the
 * smallest edit distance, when it is at most 2 and the edits keep at least one character (so a
 * one- or two-letter name is not "close" to every other short name). In the order of `known`.
 */
export function closestNames(name: string, known: Iterable<string>): string[] {
  const lower = name.toLowerCase();
  const ranked: Array<{ candidate: string; rank: number; order: number }> = [];
  const seen = new Set<string>();
  for (const candidate of known) {
    if (candidate === name || seen.has(candidate)) continue;
    seen.add(candidate);
    let rank: number | undefined;
    if (candidate.toLowerCase() === lower) rank = 0;
    else if (Math.abs(candidate.length - name.length) <= MAX_DISTANCE) {
      const distance = editDistance(name, candidate);
      // Less than a complete rewrite: `x` is not close to `id`, though only two edits away.
      if (distance <= MAX_DISTANCE && distance < Math.max(name.length, candidate.length)) rank = distance;
    }
    if (rank !== undefined) ranked.push({ candidate, rank, order: ranked.length });
  }
  return ranked
    .sort((x, y) => x.rank - y.rank || x.order - y.order)
    .filter((x, _, all) => x.rank === all[0]?.rank)
    .map((x) => x.candidate);
}

/**
 * `did you mean "a"?` (or `"a" or "b"`, `"a", "b" or "c"`, and `"a", "b", "c" (or 4 more as close)`
 * when more are equally close); undefined when no known name is close.
 */
export function didYouMean(name: string, known: Iterable<string>): string | undefined {
  const all = closestNames(name, known).map((n) => JSON.stringify(n));
  if (all.length === 0) return undefined;
  if (all.length > MAX_SUGGESTIONS) {
    const more = all.length - MAX_SUGGESTIONS;
    return `did you mean ${all.slice(0, MAX_SUGGESTIONS).join(', ')} (or ${more} more as close)?`;
  }
  const last = all.pop();
  return `did you mean ${all.length > 0 ? `${all.join(', ')} or ${last}` : last}?`;
}

/** The `expected:` text of an unknown-name problem: the suggestion when a known name is close, else `fallback`. */
export function expectedName(name: string, known: Iterable<string>, fallback: string): string {
  return didYouMean(name, known) ?? fallback;
}
