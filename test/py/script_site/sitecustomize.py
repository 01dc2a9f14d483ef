"""Loaded at start-up by the probes' `python <script>` runs (PYTHONPATH): installs the stub finder and reports how
the script ended as one JSON line, as the probe's other runs do. The script itself runs as CPython runs it, so its
directory is sys.path[0] and 3.13's messages see it as such (they read the start-up value, not sys.path)."""
import atexit
import os
import sys

import stub_plugin  # noqa: F401  (installs the stub finder)

ROOT = os.environ["IMPORT_DOCTOR_PROBE_ROOT"]
# This machine's own site-packages are not the environment under test (the stubs stand in for what it declares).
import site  # noqa: E402
_own = set(site.getsitepackages() + [site.getusersitepackages()])
sys.path[:] = [p for p in sys.path if p not in _own]
# An installed project's roots (and an environment's site-packages) come after the standard library.
sys.path.extend(p for p in os.environ.get("IMPORT_DOCTOR_APPEND_PATH", "").split(os.pathsep) if p)
_failed = []


def _elided(message):
    import sysconfig
    return message.replace(sysconfig.get_paths()["stdlib"] + "/", "\u2026/python%d.%d/" % sys.version_info[:2])


def _hook(kind, error, tb):
    # Imported only now: a module the script could shadow must not be loaded before it runs.
    import json
    import traceback
    where = (None, None)
    for f in reversed(traceback.extract_tb(tb)):
        if f.filename.startswith(ROOT + "/"):
            where = (f.filename[len(ROOT) + 1:], f.lineno)
            break
        # A configured root outside the repository (IMPORT_DOCTOR_OUTSIDE): by absolute path.
        if any(f.filename.startswith(o + "/") for o in os.environ.get("IMPORT_DOCTOR_OUTSIDE", "").split(os.pathsep) if o):
            where = (f.filename, f.lineno)
            break
    _failed.append(1)
    print(json.dumps({"ok": False, "error": _elided("%s: %s" % (kind.__name__, error)), "errorFile": where[0], "errorLine": where[1]}))


def _done():
    if not _failed:
        print('{"ok": true}')


sys.excepthook = _hook
atexit.register(_done)
