// `--choose IMP002@src/app.py:5=2`: which candidate repair a user picks for a diagnostic's root cause.

export interface Choice {
  code: string;
  path: string;
  line: number;
  n: number;
}

export const showChoice = (c: Choice): string => `${c.code}@${c.path}:${c.line}=${c.n}`;

/** Parses `CODE@path:line=N`, or null. */
export function parseChoice(text: string): Choice | null {
  const m = /^([A-Z]+\d+)@(.+):(\d+)=(\d+)$/.exec(text);
  return m ? { code: m[1]!, path: m[2]!, line: Number(m[3]), n: Number(m[4]) } : null;
}
