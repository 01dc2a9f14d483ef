// PEP 503 / PEP 508 names: what the declarations, the lock files and the distribution index all compare by.

/** PEP 503 normalisation: `Foo_Bar.baz` -> `foo-bar-baz`. */
export function normaliseDist(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/** The distribution name at the start of a PEP 508 requirement string, or null for URLs, options and blanks. */
export function requirementName(req: string): string | null {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(req);
  return m ? m[1]! : null;
}
