#!/usr/bin/env python3
"""Writes rules/stdlib.json: top-level standard-library module names per CPython version 3.8-3.14.

The running interpreter (3.10+) gives sys.stdlib_module_names, builtins and frozen modules for its
own version. Other versions are derived from it with the additions and removals that each
"What's New in Python 3.x" document lists; they are written below as data, with the version.
Run: python3 scripts/gen-stdlib.py  (or npm run stdlib)
"""
import json
import os
import sys

VERSIONS = ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14"]

# version -> modules that first appear in that version (What's New, "New Modules")
ADDED = {
    "3.9": ["graphlib", "zoneinfo", "_zoneinfo"],
    "3.10": [],
    "3.11": ["tomllib"],
    "3.12": ["_pylong", "_wmi"],
    "3.13": ["_interpreters", "_interpqueues", "_interpchannels", "_suggestions", "_opcode_metadata", "_colorize", "_pyrepl", "_android_support", "_apple_support", "_ios_support", "_sysconfig", "_testexternalinspection"],
    "3.14": ["annotationlib", "compression", "_zstd", "_remote_debugging", "_hmac", "_types"],
}

# version -> modules removed in that version (What's New, "Removed")
REMOVED = {
    "3.9": ["_dummy_thread", "dummy_threading"],
    "3.10": ["formatter", "parser", "symbol", "_peg_parser"],
    "3.11": ["binhex"],
    "3.12": ["asynchat", "asyncore", "distutils", "imp", "smtpd", "_bootsubprocess"],
    "3.13": ["aifc", "audioop", "cgi", "cgitb", "chunk", "crypt", "imghdr", "mailcap", "msilib", "nis",
             "nntplib", "ossaudiodev", "pipes", "sndhdr", "spwd", "sunau", "telnetlib", "uu", "xdrlib",
             "lib2to3", "_crypt", "_msi", "audioop", "_xxsubinterpreters", "_xxinterpchannels"],
    "3.14": [],
}

# Frozen modules before 3.11 were only the import machinery itself.
FROZEN_BEFORE_311 = ["_frozen_importlib", "_frozen_importlib_external", "zipimport"]
# Imported during interpreter start-up (before any path entry is searched) in every version: already in
# sys.modules, so a same-named file cannot shadow them. `python3 -I -S -c "import sys; print(sys.modules)"`.
STARTUP = ["abc", "codecs", "encodings", "io", "os", "site", "stat", "posixpath", "genericpath", "_collections_abc", "_sitebuiltins"]


def key(v):
    return tuple(int(x) for x in v.split("."))


def main():
    here = "%d.%d" % sys.version_info[:2]
    if not hasattr(sys, "stdlib_module_names"):
        sys.exit("needs Python 3.10+ (sys.stdlib_module_names)")
    base = set(sys.stdlib_module_names)
    builtin = sorted(sys.builtin_module_names)
    try:
        import _imp
        frozen_here = sorted(n for n in _imp._frozen_module_names() if not n.startswith("__"))
    except Exception:
        frozen_here = FROZEN_BEFORE_311
    modules = {here: set(base)}
    # walk forward
    cur = set(base)
    for v in VERSIONS[VERSIONS.index(here) + 1:]:
        cur = (cur | set(ADDED.get(v, []))) - set(REMOVED.get(v, []))
        modules[v] = set(cur)
    # walk backward: undo what each later version added/removed
    cur = set(base)
    for v in reversed(VERSIONS[:VERSIONS.index(here)]):
        nxt = VERSIONS[VERSIONS.index(v) + 1]
        cur = (cur - set(ADDED.get(nxt, []))) | set(REMOVED.get(nxt, []))
        modules[v] = set(cur)
    removed = {}
    for v in VERSIONS:
        for m in REMOVED.get(v, []):
            removed.setdefault(m, v)
    added = {}
    for v in VERSIONS:
        for m in ADDED.get(v, []):
            added.setdefault(m, v)
    out = {
        "generatedBy": "scripts/gen-stdlib.py",
        "generatedWith": here,
        "versions": {v: sorted(modules[v]) for v in VERSIONS},
        "builtin": builtin,
        "frozen": {v: (frozen_here if key(v) >= (3, 11) else FROZEN_BEFORE_311) for v in VERSIONS},
        "startup": STARTUP,
        "removedIn": dict(sorted(removed.items())),
        "addedIn": dict(sorted(added.items())),
    }
    path = os.path.join(os.path.dirname(__file__), "..", "rules", "stdlib.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote", os.path.normpath(path), {v: len(modules[v]) for v in VERSIONS})


main()
