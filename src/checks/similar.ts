// Did-you-mean suggestions: the closest candidates by edit distance, like difflib.get_close_matches.

function distance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  const cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0.5 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    for (let j = 0; j <= b.length; j++) prev[j] = cur[j]!;
  }
  return prev[b.length]!;
}

/** Up to `max` candidates whose similarity to `word` is at least `cutoff` (0..1), best first. */
export function closeMatches(word: string, candidates: Iterable<string>, max = 3, cutoff = 0.6): string[] {
  const scored: [number, string][] = [];
  for (const c of new Set(candidates)) {
    if (c === word) continue;
    const d = distance(word, c);
    const score = 1 - d / Math.max(word.length, c.length, 1);
    if (score >= cutoff) scored.push([score, c]);
  }
  scored.sort((x, y) => y[0] - x[0] || (x[1] < y[1] ? -1 : 1));
  return scored.slice(0, max).map(([, c]) => c);
}

export function didYouMean(word: string, candidates: Iterable<string>): string | null {
  const m = closeMatches(word, candidates);
  return m.length ? `did you mean ${m.map((x) => `'${x}'`).join(" or ")}?` : null;
}
