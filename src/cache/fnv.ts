// FNV-1a, on its own: the code cache's starter (cli/start.ts) names files with it and must not bundle what the
// other hashes (digest.ts) load.

/** 32-bit FNV-1a of a string's UTF-16 code units, unsigned. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
