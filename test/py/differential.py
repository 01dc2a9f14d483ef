"""Differential runner: imports every entry of a repository in a fresh interpreter state (one fork each).

Input (stdin, JSON): {"root": dir, "stubs": [...], "installed": [dirs],
  "entries": [{"id": str, "kind": "module", "name": dotted, "path": [dirs]}
             | {"id": str, "kind": "pytest", "conftests": [{"name", "basedir"}], "name", "basedir"}
             | {"id": str, "kind": "statement", "name", "path": [dirs], "file": abs, "line": n, "column": n, "script": bool}
             | {"id": str, "kind": "script", "file": abs}]}
Output (stdout, JSON): {id: {"ok": bool, "error": "Type: msg", "file": rel, "line": n}}

pytest's default prepend mode is emulated: for each conftest.py from the rootdir down, then the test file,
the first ancestor directory without __init__.py is inserted at sys.path[0] (if absent) and the file is
imported by its dotted name from there. The installed directories (src layout) come after the stdlib.
"""
import ast
import importlib
import json
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import stub_plugin  # noqa: E402,F401  installs the stub finder for declared names



def stdlib_elided(message):
    """The standard library's directory as import-doctor words it: `…/python3.X/` (the installation is unknowable)."""
    import sysconfig
    return message.replace(sysconfig.get_paths()["stdlib"] + "/", "\u2026/python%d.%d/" % sys.version_info[:2])

CONFIGURED = []  # configured roots outside the repository: their files go by absolute path


def where(root, e):
    for f in reversed(traceback.extract_tb(e.__traceback__)):
        if f.filename.startswith(root + os.sep):
            return os.path.relpath(f.filename, root), f.lineno
        if any(f.filename.startswith(c + os.sep) for c in CONFIGURED):
            return f.filename, f.lineno
    return None, None


# The standard-library modules pytest has imported before it collects (rules/pytest-preloaded.json, generated from
# a real pytest run): a first-party file cannot shadow them in a pytest context, since sys.modules already has them.
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "rules", "pytest-preloaded.json")) as _fh:
    PYTEST_PRELOADED = json.load(_fh)["modules"]


def preload_pytest():
    for name in PYTEST_PRELOADED:
        try:
            importlib.import_module(name)
        except ImportError:
            pass  # a module this platform's python3 lacks (readline, say) is not loaded by pytest either


HERE = os.path.dirname(os.path.abspath(__file__))


def run_script(root, entry, installed, stubs):
    """`python <script>` in a process of its own, as a user runs it (sitecustomize reports how it ended)."""
    import subprocess
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([*CONFIGURED, os.path.join(HERE, "script_site"), HERE]), IMPORT_DOCTOR_PROBE_ROOT=root,
               IMPORT_DOCTOR_APPEND_PATH=os.pathsep.join(installed), IMPORT_DOCTOR_OUTSIDE=os.pathsep.join(CONFIGURED), IMPORT_DOCTOR_STUBS=",".join(stubs), PYTHONDONTWRITEBYTECODE="1")
    out = subprocess.run([sys.executable, entry["file"]], capture_output=True, text=True, env=env, timeout=60, cwd="/")
    try:
        r = json.loads(out.stdout.strip().splitlines()[-1])
    except Exception:
        return {"ok": False, "error": "script crashed: " + out.stderr[-500:], "file": None, "line": None}
    return {"ok": r["ok"], "error": r.get("error"), "file": r.get("errorFile"), "line": r.get("errorLine")}


def run_entry(root, entry, installed):
    # Configured roots come before the standard library, like PYTHONPATH (after pytest's and a script's entries).
    base_path = CONFIGURED + [p for p in sys.path if p not in ("", root) and p not in CONFIGURED]
    if entry["kind"] == "module":
        # As an installed project: its roots come after the standard library.
        sys.path[:] = base_path + entry["path"] + installed
        importlib.import_module(entry["name"])
    elif entry["kind"] == "pytest":
        sys.path[:] = base_path + installed
        preload_pytest()
        for c in entry["conftests"] + [{"name": entry["name"], "basedir": entry["basedir"]}]:
            if c["basedir"] not in sys.path:
                sys.path.insert(0, c["basedir"])
            importlib.import_module(c["name"])
    elif entry["kind"] == "compile":
        with open(entry["file"], "rb") as fh:
            compile(fh.read(), entry["file"], "exec", dont_inherit=True)
    else:
        # pytest inserts its directories before the stdlib; an installed project's roots come after it.
        if entry.get("pytest"):
            sys.path[:] = base_path + installed
            preload_pytest()
        # A script's directory is sys.path[0], as pytest's directories come before the stdlib.
        first = entry.get("pytest") or entry.get("script")
        sys.path[:] = (entry["path"] + base_path if first else base_path + entry["path"]) + installed
        target = entry["file"]
        tree = ast.parse(open(target, "rb").read())
        stmt = next((n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom)) and n.lineno <= entry["line"] <= n.end_lineno), None)
        if stmt is None:
            # A literal dynamic import (`x = importlib.import_module("m")`): the simple statement holding the call.
            stmt = next(n for n in ast.walk(tree) if isinstance(n, (ast.Assign, ast.Expr)) and n.lineno <= entry["line"] <= n.end_lineno)
        if isinstance(stmt, ast.ImportFrom) and len(stmt.names) > 1:
            stmt.names = [a for a in stmt.names if a.lineno == entry["line"] and a.col_offset + 1 == entry["column"]] or stmt.names
        is_pkg = target.endswith("__init__.py")
        name = entry["name"]
        # While a module runs, its parent packages are in sys.modules (perhaps half-initialized). If importing
        # them fails for reasons of their own, stand in empty packages so the statement is judged on its own.
        parts = name.split(".")
        for i in range(1, len(parts) if not is_pkg else len(parts)):
            parent = ".".join(parts[:i])
            try:
                importlib.import_module(parent)
            except BaseException:
                import types
                for j in range(1, i + 1):
                    pname = ".".join(parts[:j])
                    if pname not in sys.modules:
                        stub = types.ModuleType(pname)
                        stub.__path__ = [os.path.join(entry["path"][0], *parts[:j])]
                        sys.modules[pname] = stub
                        STAND_INS.append(pname)
                break
        # The running module itself is in sys.modules, as it is while CPython executes its body.
        import types
        module = types.ModuleType(name)
        module.__file__ = target
        module.__package__ = name if is_pkg else name.rpartition(".")[0]
        if is_pkg:
            module.__path__ = [os.path.dirname(target)]
        sys.modules[name] = module
        ns = module.__dict__
        ns["importlib"] = importlib  # what a dynamic import statement calls, imported above it in the file
        exec(compile(ast.Module(body=[stmt], type_ignores=[]), target, "exec"), ns)


# The empty packages run_entry stood in for parents that failed on their own (in the forked child that made them).
# A stand-in lacks every name its package binds, and runs none of its imports: what a statement does beside one is
# not what CPython would do once the parent is mended, so its outcome is marked.
STAND_INS = []


def main():
    plan = json.load(sys.stdin)
    root = os.path.realpath(plan["root"])
    os.environ["IMPORT_DOCTOR_STUBS"] = ",".join(plan.get("stubs", []))
    stub_plugin.sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, stub_plugin.StubFinder)]
    sys.meta_path.append(stub_plugin.StubFinder(plan.get("stubs", [])))
    sys.dont_write_bytecode = True
    CONFIGURED[:] = plan.get("configured", [])
    results = {}
    for entry in plan["entries"]:
        if entry["kind"] == "script":
            results[entry["id"]] = run_script(root, entry, plan.get("installed", []), plan.get("stubs", []))
            continue
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            try:
                run_entry(root, entry, plan.get("installed", []))
                out = {"ok": True, "standIn": bool(STAND_INS)}
            except BaseException as e:  # noqa: BLE001 - everything CPython raises is the answer
                f, line = where(root, e)
                out = {"ok": False, "error": stdlib_elided("%s: %s" % (type(e).__name__, e)), "file": f, "line": line, "standIn": bool(STAND_INS)}
            with os.fdopen(w, "w") as fh:
                fh.write(json.dumps(out))
            os._exit(0)
        os.close(w)
        with os.fdopen(r) as fh:
            data = fh.read()
        os.waitpid(pid, 0)
        results[entry["id"]] = json.loads(data) if data else {"ok": False, "error": "child crashed", "file": None, "line": None}
    print(json.dumps(results))


main()
