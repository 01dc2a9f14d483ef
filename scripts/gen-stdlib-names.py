#!/usr/bin/env python3
"""Writes rules/stdlib-names.json: what each standard-library module provides, per CPython version 3.8-3.14.

For every version that has an interpreter on this machine (pyenv's versions, or python3.X on PATH), the script runs
itself in that interpreter (isolated: -I -S, so nothing but the standard library is importable), imports every
standard-library module and submodule it can, and records for each: whether it is a package, its submodules, the
names `dir()` shows (public and private), the dotted names it puts in sys.modules (`os.path`), its file relative to
the standard-library directory, and whether it defines a module `__getattr__` (PEP 562: any name may exist).

Names that only other platforms have are added from typeshed's stubs (every `sys.platform` branch is taken), so a
name Windows provides is never reported on Linux. A version without an interpreter here (3.14) is derived from the
nearest introspected one with the names and modules that typeshed's stubs and VERSIONS file add and remove between
the two; the data says which source each version came from.

Run: python3 scripts/gen-stdlib-names.py TYPESHED_DIR   (a checkout of python/typeshed; npm run stdlib-names)
"""
import ast
import glob
import json
import os
import re
import subprocess
import sys

VERSIONS = ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14"]
HERE = os.path.dirname(os.path.abspath(__file__))
RULES = os.path.join(HERE, "..", "rules")

# Never imported: they act on import (open a browser, start IDLE or a demo window) or are CPython's test suites.
SKIP_TOP = {"antigravity", "idlelib", "turtledemo", "test", "this", "__hello__", "__phello__", "__main__", "lib2to3"}
SKIP_PART = {"__main__", "test", "tests", "idle_test"}


# ---------------------------------------------------------------------------------------------------------------
# Introspection, run inside the interpreter of the version being recorded.

def introspect(top_names):
    import importlib
    import pkgutil
    import sysconfig
    import warnings

    warnings.simplefilter("ignore")
    stdlib_dir = os.path.realpath(sysconfig.get_paths()["stdlib"])
    # A module's import can print (this, __hello__): keep stdout for the JSON.
    real_stdout = sys.stdout
    sys.stdout = open(os.devnull, "w")
    modules = {}
    failed = {}

    def load(name):
        try:
            return importlib.import_module(name)
        except BaseException as e:  # SystemExit, platform-specific ImportError, missing optional C library...
            failed[name] = "%s: %s" % (type(e).__name__, e)
            return None

    queue = [n for n in sorted(top_names) if n not in SKIP_TOP]
    loaded = {}
    while queue:
        name = queue.pop(0)
        mod = load(name)
        if mod is None:
            continue
        loaded[name] = mod
        path = getattr(mod, "__path__", None)
        if path is not None:
            subs = []
            for info in pkgutil.iter_modules(list(path)):
                if info.name in SKIP_PART:
                    continue
                subs.append(info.name)
                queue.append(name + "." + info.name)
            loaded_subs = sorted(set(subs))
            modules[name] = {"package": True, "submodules": loaded_subs}
        else:
            modules[name] = {"package": False, "submodules": []}
    # Dotted names a module puts in sys.modules without being a package's submodule (`os.path`, `typing.io`):
    # `import os.path` and `from os.path import x` reach them, so they are modules of their own here.
    for key in sorted(sys.modules):
        parent, _, child = key.rpartition(".")
        if parent in modules and child not in modules[parent]["submodules"] and key not in loaded and hasattr(sys.modules[key], "__dict__"):
            loaded[key] = sys.modules[key]
            modules[key] = {"package": hasattr(sys.modules[key], "__path__"), "submodules": []}
    # Recorded after every import: an attribute one module sets on another counts (a superset never misreports).
    for name, mod in loaded.items():
        rec = modules[name]
        try:
            names = set(dir(mod))
        except BaseException:
            names = set()
        rec["names"] = sorted(n for n in names if isinstance(n, str))
        rec["getattr"] = "__getattr__" in getattr(mod, "__dict__", {})
        # CPython's "cannot import name" names the module by its __name__ (posixpath for os.path).
        real_name = getattr(mod, "__name__", name)
        rec["realName"] = real_name if isinstance(real_name, str) else name
        rec["aliases"] = sorted(k[len(name) + 1:] for k in list(sys.modules) if k.startswith(name + ".") and "." not in k[len(name) + 1:] and k[len(name) + 1:] not in rec["submodules"])
        f = getattr(mod, "__file__", None)
        if f:
            real = os.path.realpath(f)
            rec["file"] = os.path.relpath(real, stdlib_dir) if real.startswith(stdlib_dir + os.sep) else os.path.basename(real)
        else:
            rec["file"] = None
    sys.stdout = real_stdout
    json.dump({"version": "%d.%d.%d" % sys.version_info[:3], "platform": sys.platform, "modules": modules, "failed": failed}, sys.stdout)


# ---------------------------------------------------------------------------------------------------------------
# typeshed: names per module and version, every platform.

def vkey(v):
    return tuple(int(x) for x in v.split("."))


def typeshed_versions(typeshed):
    out = {}
    with open(os.path.join(typeshed, "stdlib", "VERSIONS")) as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            mod, rng = [s.strip() for s in line.split(":", 1)]
            lo, hi = rng.split("-")
            out[mod] = (vkey(lo), vkey(hi) if hi else None)
    return out


def module_exists_in_typeshed(ranges, name, version):
    parts = name.split(".")
    for i in range(len(parts), 0, -1):
        r = ranges.get(".".join(parts[:i]))
        if r:
            lo, hi = r
            return vkey(version) >= lo and (hi is None or vkey(version) <= hi)
    return False


def eval_test(node, version):
    """True/False for a `sys.version_info` comparison; None (take both branches) for anything else (sys.platform)."""
    if isinstance(node, ast.BoolOp):
        vals = [eval_test(v, version) for v in node.values]
        if isinstance(node.op, ast.And):
            if any(v is False for v in vals):
                return False
            return True if all(v is True for v in vals) else None
        if any(v is True for v in vals):
            return True
        return False if all(v is False for v in vals) else None
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        v = eval_test(node.operand, version)
        return None if v is None else not v
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and ast.unparse(node.left) in ("sys.version_info", "sys.version_info[:2]"):
        try:
            right = ast.literal_eval(node.comparators[0])
        except ValueError:
            return None
        left = vkey(version)
        op = node.ops[0]
        table = {ast.GtE: left >= right, ast.Gt: left > right, ast.Lt: left < right, ast.LtE: left <= right, ast.Eq: left == right, ast.NotEq: left != right}
        return table.get(type(op))
    return None


def stub_names(body, version, out, stars):
    for node in body:
        if isinstance(node, ast.If):
            v = eval_test(node.test, version)
            if v is not False:
                stub_names(node.body, version, out, stars)
            if v is not True:
                stub_names(node.orelse, version, out, stars)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.add(node.name)
        elif isinstance(node, ast.Assign):
            for t in node.targets:
                for n in ast.walk(t):
                    if isinstance(n, ast.Name):
                        out.add(n.id)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and isinstance(node.target, ast.Name):
            out.add(node.target.id)
        # A stub re-exports only `import x as x`, `from y import z as z` and star imports (PEP 484); its other
        # imports are for its own annotations (typeshed's collections imports Mapping from collections.abc).
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.asname == a.name:
                    out.add(a.asname)
        elif isinstance(node, ast.ImportFrom):
            for a in node.names:
                if a.name != "*":
                    if a.asname == a.name:
                        out.add(a.asname)
                elif node.level == 0 and node.module:
                    stars.append(node.module)
        elif sys.version_info >= (3, 12) and isinstance(node, getattr(ast, "TypeAlias", ())):
            out.add(node.name.id)


def typeshed_names(typeshed, version):
    """{module: set(names)} from the stubs, for one version, all platforms."""
    root = os.path.join(typeshed, "stdlib")
    ranges = typeshed_versions(typeshed)
    out = {}
    star_of = {}
    for path in glob.glob(os.path.join(root, "**", "*.pyi"), recursive=True):
        rel = os.path.relpath(path, root)[:-4].split(os.sep)
        if rel[-1] == "__init__":
            rel = rel[:-1]
        name = ".".join(rel)
        if not name or not module_exists_in_typeshed(ranges, name, version):
            continue
        with open(path, encoding="utf-8") as fh:
            tree = ast.parse(fh.read())
        names = set()
        stub_names(tree.body, version, names, star_of.setdefault(name, []))
        out[name] = names
    # `from ntpath import *` (os.path on Windows): the other stub's names, once.
    for name, stars in star_of.items():
        for other in stars:
            out[name] |= {n for n in out.get(other, ()) if not n.startswith("_")}
    return out


# ---------------------------------------------------------------------------------------------------------------
# Driver.

def interpreter_for(v):
    root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    found = sorted(glob.glob(os.path.join(root, "versions", v + ".*", "bin", "python" + v)), key=lambda p: [int(x) for x in re.findall(r"\d+", p.split("versions")[-1])[:3]])
    if found:
        return found[-1]
    for d in os.environ.get("PATH", "").split(os.pathsep):
        p = os.path.join(d, "python" + v)
        if os.access(p, os.X_OK):
            return p
    return None


def run_version(python, v, tops):
    proc = subprocess.Popen([python, "-I", "-S", os.path.abspath(__file__), "--introspect"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd="/", text=True)
    stdout, _ = proc.communicate(json.dumps(tops), timeout=900)
    if proc.returncode != 0:
        sys.exit("introspection failed on %s (exit %d)" % (python, proc.returncode))
    return json.loads(stdout)


def compress(per_version):
    """{module: {version: rec}} -> {module: {...}} with each name's versions only where they differ from the module's."""
    out = {}
    for mod in sorted(per_version):
        recs = per_version[mod]
        vs = [v for v in VERSIONS if v in recs]
        entry = {"versions": span(vs)}
        common = None
        for v in vs:
            s = set(recs[v]["names"]) | set(recs[v]["submodules"]) | set(recs[v]["aliases"])
            common = s if common is None else common & s
        def field_by_version(field):
            vals = {v: recs[v][field] for v in vs}
            first = vals[vs[0]]
            return first if all(x == first for x in vals.values()) else {v: vals[v] for v in vs}
        for field in ("package", "getattr", "file", "source"):
            entry[field] = field_by_version(field)
        for v in vs:
            recs[v].setdefault("realName", mod)
        if any(recs[v]["realName"] != mod for v in vs):
            entry["realName"] = field_by_version("realName")
        entry["submodules"] = sorted(set().union(*[set(recs[v]["submodules"]) for v in vs]))
        entry["aliases"] = sorted(set().union(*[set(recs[v]["aliases"]) for v in vs]))
        entry["names"] = sorted(common or [])
        partial = {}
        for v in vs:
            for n in set(recs[v]["names"]) | set(recs[v]["submodules"]) | set(recs[v]["aliases"]):
                if n not in common:
                    partial.setdefault(n, []).append(v)
        entry["partial"] = {n: span(partial[n]) for n in sorted(partial)}
        out[mod] = entry
    return out


def span(vs):
    """Versions as comma-separated ranges over VERSIONS: ["3.8","3.9","3.11"] -> "3.8-3.9,3.11"."""
    idx = sorted(VERSIONS.index(v) for v in vs)
    parts = []
    start = prev = idx[0]
    for i in idx[1:] + [None]:
        if i is not None and i == prev + 1:
            prev = i
            continue
        parts.append(VERSIONS[start] if start == prev else "%s-%s" % (VERSIONS[start], VERSIONS[prev]))
        if i is not None:
            start = prev = i
    return ",".join(parts)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--introspect":
        introspect(json.load(sys.stdin))
        return
    if len(sys.argv) < 2:
        sys.exit("usage: gen-stdlib-names.py TYPESHED_DIR")
    typeshed = sys.argv[1]
    ts_commit = os.environ.get("TYPESHED_COMMIT") or subprocess.run(["git", "-C", typeshed, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip() or "unknown"
    with open(os.path.join(RULES, "stdlib.json")) as fh:
        tops = json.load(fh)["versions"]
    per_module = {}
    sources = {}
    unknown = {}
    last = None
    for v in VERSIONS:
        python = interpreter_for(v)
        if python is None:
            continue
        data = run_version(python, v, tops[v])
        stubs = typeshed_names(typeshed, v)
        sources[v] = "CPython %s (%s) introspected, with typeshed %s for other platforms" % (data["version"], data["platform"], ts_commit[:8])
        for name, rec in data["modules"].items():
            # Private names in stubs are mostly the stubs' own aliases (`_T_fd_or_any_path`), absent at run time.
            rec["names"] = sorted(set(rec["names"]) | {n for n in stubs.get(name, set()) if not n.startswith("_")})
            rec["source"] = "introspected"
            per_module.setdefault(name, {})[v] = rec
        for name, why in data["failed"].items():
            unknown.setdefault(name, {})[v] = why
        last = (v, data, stubs)
        print("%s: %d modules, %d not importable here (%s)" % (v, len(data["modules"]), len(data["failed"]), python), file=sys.stderr)
    # Versions without an interpreter: the nearest earlier introspected version, moved by typeshed's differences.
    for v in VERSIONS:
        if v in sources:
            continue
        base_v = max((x for x in sources if vkey(x) < vkey(v)), key=vkey)
        base = {m: recs[base_v] for m, recs in per_module.items() if base_v in recs}
        stubs_base = typeshed_names(typeshed, base_v)
        stubs_v = typeshed_names(typeshed, v)
        sources[v] = "the %s data moved by what typeshed %s adds and removes in %s (no %s interpreter here)" % (base_v, ts_commit[:8], v, v)
        for m, rec in base.items():
            if m not in stubs_v and m in stubs_base:
                continue  # removed in v
            new = dict(rec)
            names = set(rec["names"])
            if m in stubs_v and m in stubs_base:
                names = (names - (stubs_base[m] - stubs_v[m])) | (stubs_v[m] - stubs_base[m])
            new["names"] = sorted(names)
            if new["file"]:
                new["file"] = new["file"].replace("cpython-3%s-" % base_v.split(".")[1], "cpython-3%s-" % v.split(".")[1])
            per_module.setdefault(m, {})[v] = new
        for m in stubs_v:
            if m not in stubs_base and m.split(".")[0] in set(tops[v]) and v not in per_module.get(m, {}):
                per_module.setdefault(m, {})[v] = {"package": any(k.startswith(m + ".") for k in stubs_v), "submodules": sorted({k[len(m) + 1:].split(".")[0] for k in stubs_v if k.startswith(m + ".")}), "names": sorted(stubs_v[m]), "aliases": [], "getattr": True, "file": None, "source": "typeshed"}
    out = {
        "generatedBy": "scripts/gen-stdlib-names.py",
        "sources": sources,
        "note": "names: present in every version the module has; partial: names present only in the versions given; getattr: the module defines __getattr__ (or is known from stubs only), so no name is reported; unknown: modules that could not be imported on the generating machine, by version and why",
        "modules": compress(per_module),
        "unknown": {m: unknown[m] for m in sorted(unknown)},
        "skipped": {"top": sorted(SKIP_TOP), "part": sorted(SKIP_PART)},
    }
    with open(os.path.join(RULES, "stdlib-names.json"), "w") as fh:
        json.dump(out, fh, indent=0, sort_keys=False, separators=(",", ":"))
        fh.write("\n")


if __name__ == "__main__":
    main()
