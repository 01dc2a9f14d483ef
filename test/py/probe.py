"""Differential probe: what CPython (and pytest) really raise for a scenario repository.

Input (stdin, JSON): {"root": dir, "stubs": [names], "modules": [{"file": rel, "name": dotted, "path": [dirs]}],
                      "scripts": [rel files run as `python <file>`],
                      "pytest": [rel test files], "statements": [{"file": rel, "name": dotted, "path": [dirs], "line": n, "column": n}]}
Output (stdout, JSON): {"modules": [...], "scripts": [...], "pytest": [...], "statements": [...]}, each item
                      {"file": rel, "ok": bool, "error": "Type: message", "errorFile": rel, "errorLine": n}
"""
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))


def stdlib_elided(message):
    """The standard library's directory as import-doctor words it: `…/python3.X/` (the installation is unknowable)."""
    import sysconfig
    return message.replace(sysconfig.get_paths()["stdlib"] + "/", "\u2026/python%d.%d/" % sys.version_info[:2])

IMPORT_ONE = r'''
import ast, importlib, json, os, sys, traceback
sys.path[0:0] = json.loads(sys.argv[1])
name, root = sys.argv[2], sys.argv[3]
stmt_line = int(sys.argv[4]) if len(sys.argv) > 4 else 0
stmt_col = int(sys.argv[5]) if len(sys.argv) > 5 else 0
target = sys.argv[6] if len(sys.argv) > 6 else ""
import stub_plugin  # noqa: F401  (installs the stub finder)


def stdlib_elided(message):
    """The standard library's directory as import-doctor words it: `…/python3.X/` (the installation is unknowable)."""
    import sysconfig
    return message.replace(sysconfig.get_paths()["stdlib"] + "/", "\u2026/python%d.%d/" % sys.version_info[:2])

# The repository's own files by relative path; those of a root outside it (PYTHONPATH, but for the probe's own
# directory) by absolute path, as import-doctor reports them.
OUTSIDE = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep)[1:] if p and not (p + "/").startswith(root + "/")]

def where(e):
    for f in reversed(traceback.extract_tb(e.__traceback__)):
        if f.filename.startswith(root + "/"):
            return f.filename[len(root) + 1:], f.lineno
        if any(f.filename.startswith(o + "/") for o in OUTSIDE):
            return f.filename, f.lineno
    return None, None

try:
    if stmt_line:
        src = open(target, "rb").read()
        tree = ast.parse(src)
        stmt = next(n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom)) and n.lineno <= stmt_line <= n.end_lineno)
        if isinstance(stmt, ast.ImportFrom) and len(stmt.names) > 1:
            stmt.names = [a for a in stmt.names if a.lineno == stmt_line and a.col_offset + 1 == stmt_col] or stmt.names
        is_pkg = target.endswith("__init__.py")
        ns = {"__name__": name, "__file__": target, "__package__": name if is_pkg else name.rpartition(".")[0]}
        exec(compile(ast.Module(body=[stmt], type_ignores=[]), target, "exec"), ns)
    else:
        importlib.import_module(name)
    print(json.dumps({"ok": True}))
except BaseException as e:
    f, line = where(e)
    print(json.dumps({"ok": False, "error": stdlib_elided("%s: %s" % (type(e).__name__, e)), "errorFile": f, "errorLine": line}))
'''


def run_script(rel, root, env):
    """`python <script>`, as a user runs it: the script's directory is sys.path[0] (sitecustomize reports the end)."""
    # The installed project's roots come after the standard library (PYTHONPATH's src/ stays where it is).
    env = dict(env, PYTHONPATH=os.pathsep.join([os.path.join(HERE, "script_site"), env["PYTHONPATH"]]), IMPORT_DOCTOR_PROBE_ROOT=root, IMPORT_DOCTOR_APPEND_PATH=root)
    out = subprocess.run([sys.executable, os.path.join(root, rel)], capture_output=True, text=True, env=env, timeout=60, cwd="/")
    try:
        r = json.loads(out.stdout.strip().splitlines()[-1])
    except Exception:
        r = {"ok": False, "error": "probe crashed: " + out.stderr[-500:], "errorFile": None, "errorLine": None}
    r["file"] = rel
    return r


def run_python(args, env):
    out = subprocess.run([sys.executable, "-P", "-c", IMPORT_ONE, *args], capture_output=True, text=True, env=env, timeout=60, cwd="/")
    try:
        return json.loads(out.stdout.strip().splitlines()[-1])
    except Exception:
        return {"ok": False, "error": "probe crashed: " + out.stderr[-500:], "errorFile": None, "errorLine": None}


FRAME = re.compile(r"^(\S+\.py):(\d+): in ")


def run_pytest(root, files, env):
    """Collects each test file in its own pytest session (prepend mode) and parses the collection errors."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda rel: collect_one(root, rel, env), files))


def collect_one(root, rel, env):
    out = subprocess.run(
        [sys.executable, "-P", "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "-p", "stub_plugin",
         "--rootdir", root, "--tb=short", rel],
        capture_output=True, text=True, env=env, cwd=root, timeout=120)
    text = out.stdout + out.stderr
    if "ERROR collecting" not in text and "ImportError while loading conftest" not in text and out.returncode in (0, 5):
        return {"file": rel, "ok": True}
    error = None
    err_file = err_line = None
    for line in text.splitlines():
        m = FRAME.match(line.strip())
        if m:
            p = m.group(1)
            p = os.path.relpath(os.path.join(root, p), root) if not os.path.isabs(p) else os.path.relpath(p, root)
            if not p.startswith(".."):
                err_file, err_line = p, int(m.group(2))
        if line.startswith("E   ") and error is None and re.match(r"E   \w+(Error|Exception)\b", line):
            error = line[4:].strip()
    return {"file": rel, "ok": False, "error": stdlib_elided(error) if error else text[-300:], "errorFile": err_file, "errorLine": err_line}


SESSION_ERROR = re.compile(r"^_+ ERROR collecting (.+?) _+$")


def run_session(root, env):
    """One pytest session over the whole repository: the files whose collection errors, or everything when a
    conftest.py fails to load (pytest then stops before collecting)."""
    out = subprocess.run(
        [sys.executable, "-P", "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "-p", "stub_plugin", "--rootdir", root],
        capture_output=True, text=True, env=env, cwd=root, timeout=300)
    text = out.stdout + out.stderr
    failed = [m.group(1) for m in (SESSION_ERROR.match(l) for l in text.splitlines()) if m]
    return {"failed": failed, "conftestError": "ImportError while loading conftest" in text, "exitCode": out.returncode}


def main():
    plan = json.load(sys.stdin)
    root = os.path.realpath(plan["root"])
    env = dict(os.environ)
    # "installed" lists the directories an editable install of the project would put on sys.path (src/).
    env["PYTHONPATH"] = os.pathsep.join([HERE, *plan.get("installed", [])])
    env["IMPORT_DOCTOR_STUBS"] = ",".join(plan.get("stubs", []))
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    out = {"modules": [], "scripts": [], "pytest": [], "statements": []}
    def one_module(m):
        r = run_python([json.dumps(m["path"]), m["name"], root], env)
        r["file"] = m["file"]
        return r

    with ThreadPoolExecutor(max_workers=4) as pool:
        out["modules"] = list(pool.map(one_module, plan.get("modules", [])))
    with ThreadPoolExecutor(max_workers=4) as pool:
        out["scripts"] = list(pool.map(lambda rel: run_script(rel, root, env), plan.get("scripts", [])))
    if plan.get("pytest"):
        out["pytest"] = run_pytest(root, plan["pytest"], env)
    if plan.get("session"):
        out["session"] = run_session(root, env)
    for s in plan.get("statements", []):
        r = run_python([json.dumps(s["path"]), s["name"], root, str(s["line"]), str(s["column"]), os.path.join(root, s["file"])], env)
        r["file"] = s["file"]
        r["line"] = s["line"]
        out["statements"].append(r)
    print(json.dumps(out))


main()
