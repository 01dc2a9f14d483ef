#!/usr/bin/env python3
"""Confirms import-doctor's error diagnostics with the real interpreter.

Usage: import-doctor check --root ROOT --format json > out.json
       python3 scripts/confirm-with-python.py out.json [--codes IMP001,IMP002,IMP003,IMP008]

For each error-level diagnostic with one of the codes, it imports the file's module in a fresh python3
(sys.path[0] = the root, or pytest's basedir for test files) and checks that the raised exception's text
equals the diagnostic's runtimeError. Prints one line per diagnostic and a summary; exits 1 if any is
unconfirmed.
"""
import json
import os
import subprocess
import sys

PROBE = r'''
import ast, sys, json, importlib, traceback
root, name, target, want, col = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
sys.path.insert(0, root)

def failure(e):
    frames = [(f.filename, f.lineno) for f in traceback.extract_tb(e.__traceback__)]
    line = next((ln for fn, ln in reversed(frames) if fn == target), None)
    return {"ok": False, "error": "%s: %s" % (type(e).__name__, e), "line": line}

try:
    importlib.import_module(name)
    res = {"ok": True}
except BaseException as e:
    res = failure(e)
tree = ast.parse(open(target, "rb").read())
stmt = next((n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom)) and n.lineno <= want <= n.end_lineno), None)
one_of_many = isinstance(stmt, ast.ImportFrom) and len(stmt.names) > 1
if not res["ok"] and stmt is not None and res["line"] == stmt.lineno and want != stmt.lineno and not one_of_many:
    res["line"] = want  # the diagnostic points inside the statement (a name on a continuation line)
if (not res["ok"] and res["line"] != want) or one_of_many:
    # An earlier statement failed first: run the diagnosed statement alone, in the module's package.
    if stmt is not None:
        if one_of_many:
            # CPython stops at the first missing name; check the diagnosed name on its own.
            stmt.names = [a for a in stmt.names if a.lineno == want and a.col_offset + 1 == col] or stmt.names
        is_pkg = target.endswith("__init__.py")
        ns = {"__name__": name, "__file__": target, "__package__": name if is_pkg else name.rpartition(".")[0]}
        if is_pkg:
            ns["__path__"] = [target.rsplit("/", 1)[0]]
        code = compile(ast.Module(body=[stmt], type_ignores=[]), target, "exec")
        try:
            exec(code, ns)
            res = {"ok": True, "masked": True}
        except BaseException as e:
            res = failure(e)
            res["masked"] = True
            if res["line"] == stmt.lineno:
                res["line"] = want
print(json.dumps(res))
'''


def module_of(root, rel):
    parts = rel[:-3].split("/")
    if parts[-1] == "__init__":
        parts.pop()
    base = root
    # pytest prepend: for test files, the first ancestor without __init__.py is the root of the name
    if "test" in os.path.basename(rel) or rel.endswith("conftest.py"):
        d = os.path.dirname(os.path.join(root, rel))
        while os.path.exists(os.path.join(d, "__init__.py")):
            d = os.path.dirname(d)
        base = d
        parts = os.path.relpath(os.path.join(root, rel), base)[:-3].split(os.sep)
        if parts[-1] == "__init__":
            parts.pop()
    return base, ".".join(parts)


def main():
    data = json.load(open(sys.argv[1]))
    codes = {"IMP001", "IMP002", "IMP003", "IMP007", "IMP008"}
    if "--codes" in sys.argv:
        codes = set(sys.argv[sys.argv.index("--codes") + 1].split(","))
    root = data["root"]
    confirmed = unconfirmed = 0
    for d in data["diagnostics"]:
        if d["severity"] != "error" or d["code"] not in codes:
            continue
        base, name = module_of(root, d["path"])
        target = os.path.join(root, d["path"])
        out = subprocess.run([sys.executable, "-c", PROBE, base, name, target, str(d["line"]), str(d["column"])], capture_output=True, text=True, timeout=120, cwd="/")
        try:
            res = json.loads(out.stdout.strip().splitlines()[-1])
        except Exception:
            res = {"ok": False, "error": "probe failed: " + out.stderr[-300:], "line": None}
        ok = (not res["ok"]) and res["error"] == d["runtimeError"] and res["line"] == d["line"]
        confirmed += ok
        unconfirmed += not ok
        masked = " (statement run alone)" if res.get("masked") else ""
        print("%s %s:%s %s %s%s" % ("CONFIRMED  " if ok else "UNCONFIRMED", d["path"], d["line"], d["code"], d["runtimeError"] if ok else "python: %s (line %s)" % (res.get("error", "imported fine"), res.get("line")), masked))
    print("confirmed %d, unconfirmed %d" % (confirmed, unconfirmed))
    sys.exit(1 if unconfirmed else 0)


main()
