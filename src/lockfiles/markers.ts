// PEP 508 environment markers (`python_version >= "3.11" and sys_platform == "linux"`), evaluated for the target
// Python on Linux/CPython. A variable the target does not fix (`extra`, a platform we cannot know) is "unknown", and an
// unknown comparison counts as true: a lock entry is kept unless its marker certainly excludes it.
export interface MarkerEnvironment {
  python_version: string;
  python_full_version: string;
  sys_platform: string;
  platform_system: string;
  os_name: string;
  implementation_name: string;
  platform_python_implementation: string;
}

export function targetEnvironment(version: string): MarkerEnvironment {
  return { python_version: version, python_full_version: `${version}.0`, sys_platform: "linux", platform_system: "Linux", os_name: "posix", implementation_name: "cpython", platform_python_implementation: "CPython" };
}

type Tri = boolean | null;

/** PEP 440 release comparison of dotted numbers (enough for markers: no pre-releases in python_version). */
function compareVersions(a: string, b: string): number | null {
  const pa = a.split(".").map(Number);
  const pb = b.replace(/\.\*$/, "").split(".").map(Number);
  if (pa.some(Number.isNaN) || pb.some(Number.isNaN)) return null;
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const VERSION_VARS = new Set(["python_version", "python_full_version", "implementation_version"]);

function compare(left: string, op: string, right: string, versions: boolean): Tri {
  if (op === "in") return right.includes(left);
  if (op === "not in") return !right.includes(left);
  if (versions && op !== "===") {
    if (op === "==" && right.endsWith(".*")) return (left + ".").startsWith(right.slice(0, -1));
    if (op === "!=" && right.endsWith(".*")) return !(left + ".").startsWith(right.slice(0, -1));
    const c = compareVersions(left, right);
    if (c === null) return null;
    if (op === "~=") {
      const parts = right.split(".");
      const prefix = parts.slice(0, -1).join(".");
      return c >= 0 && (left + ".").startsWith(prefix + ".");
    }
    return op === "==" ? c === 0 : op === "!=" ? c !== 0 : op === "<" ? c < 0 : op === "<=" ? c <= 0 : op === ">" ? c > 0 : op === ">=" ? c >= 0 : null;
  }
  return op === "==" || op === "===" ? left === right : op === "!=" ? left !== right : null;
}

/** Tokens: quoted strings, identifiers, operators, parentheses. */
function tokenize(s: string): string[] | null {
  const out: string[] = [];
  const re = /\s*(?:("[^"]*"|'[^']*')|(===|==|!=|<=|>=|~=|<|>)|(\(|\))|([A-Za-z_][A-Za-z0-9_.]*))/y;
  let i = 0;
  while (i < s.length) {
    if (/^\s*$/.test(s.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(s);
    if (!m) return null;
    out.push(m[1] ?? m[2] ?? m[3] ?? m[4]!);
    i = re.lastIndex;
  }
  return out;
}

/** true/false when the marker certainly holds or not on the target, null when it depends on what is not known. */
export function evaluateMarker(marker: string, env: MarkerEnvironment): Tri {
  const tokens = tokenize(marker);
  if (!tokens) return null;
  let pos = 0;
  const value = (t: string): { text: string | null; variable: string | null } => {
    if (/^["']/.test(t)) return { text: t.slice(1, -1), variable: null };
    const known = (env as unknown as Record<string, string | undefined>)[t];
    return { text: known ?? null, variable: t };
  };
  const atom = (): Tri => {
    const t = tokens[pos++];
    if (t === undefined) throw new Error("marker ends early");
    if (t === "(") {
      const v = or();
      if (tokens[pos++] !== ")") throw new Error("unbalanced marker");
      return v;
    }
    let op = tokens[pos++];
    if (op === "not" && tokens[pos] === "in") {
      pos++;
      op = "not in";
    }
    const r = tokens[pos++];
    if (op === undefined || r === undefined) throw new Error("marker ends early");
    const left = value(t);
    const right = value(r);
    if (left.text === null || right.text === null) return null;
    const versions = VERSION_VARS.has(left.variable ?? "") || VERSION_VARS.has(right.variable ?? "");
    // The target is a minor version: a test of the full version holds or not whatever the micro, or is unknown.
    if (left.variable === "python_full_version" || right.variable === "python_full_version") {
      const at = (micro: number): Tri => compare(left.variable === "python_full_version" ? `${env.python_version}.${micro}` : left.text!, op, right.variable === "python_full_version" ? `${env.python_version}.${micro}` : right.text!, true);
      const [low, high] = [at(0), at(99)];
      return low === high ? low : null;
    }
    return compare(left.text, op, right.text, versions);
  };
  const and = (): Tri => {
    let v = atom();
    while (tokens[pos] === "and") {
      pos++;
      const w = atom();
      v = v === false || w === false ? false : v === null || w === null ? null : true;
    }
    return v;
  };
  const or = (): Tri => {
    let v = and();
    while (tokens[pos] === "or") {
      pos++;
      const w = and();
      v = v === true || w === true ? true : v === null || w === null ? null : false;
    }
    return v;
  };
  try {
    const v = or();
    return pos === tokens.length ? v : null;
  } catch {
    return null;
  }
}

/** Whether an entry with this marker can be installed on the target (an unknown marker keeps it). */
export function markerAllows(marker: string | null | undefined, env: MarkerEnvironment): boolean {
  return !marker || evaluateMarker(marker, env) !== false;
}
