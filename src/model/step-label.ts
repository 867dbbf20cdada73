/** `step 3` (1-based), or `connect` for the result that stands for opening the CometD sessions (index -1). */
export function stepLabel(index: number): string {
  return index < 0 ? 'connect' : `step ${index + 1}`;
}
