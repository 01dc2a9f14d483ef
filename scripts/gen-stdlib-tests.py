#!/usr/bin/env python3
"""Writes rules/stdlib-tests.json: CPython's own test modules per version 3.8-3.14.

The standard library's `test` package (test.support, test.test_os, ...) and the extension modules built for the test
suite (_testcapi, _testinternalcapi, xxlimited, ...) ship with the interpreters built from source (pyenv, python.org
builds) but are not in sys.stdlib_module_names. For every version with an interpreter on this machine (pyenv's, or
python3.X on PATH), the script runs itself in it (isolated: -I -S) and lists, without importing anything: the
top-level test modules of its standard-library and lib-dynload directories, and every module and package under
`test/`. A version without an interpreter here (3.14) takes the nearest introspected version's lists, and says so.

Run: python3 scripts/gen-stdlib-tests.py   (npm run stdlib-tests)
"""
import glob
import json
import os
import re
import subprocess
import sys

VERSIONS = ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14"]
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "rules", "stdlib-tests.json")
TEST_TOP = re.compile(r"^(test|_test\w*|\w+_test|xxlimited\w*|_xxtestfuzz|xxsubtype|_xxsubinterpreters_test)$")


def introspect():
    import sysconfig

    stdlib = os.path.realpath(sysconfig.get_paths()["stdlib"])
    dynload = os.path.join(stdlib, "lib-dynload")
    top = set()
    for d in (stdlib, dynload):
        if not os.path.isdir(d):
            continue
        for entry in os.listdir(d):
            name = entry.split(".", 1)[0]
            full = os.path.join(d, entry)
            if os.path.isdir(full) and not os.path.exists(os.path.join(full, "__init__.py")):
                continue
            if TEST_TOP.match(name):
                top.add(name)
    tree = []
    root = os.path.join(stdlib, "test")
    if os.path.isfile(os.path.join(root, "__init__.py")):
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if os.path.isfile(os.path.join(dirpath, d, "__init__.py")))
            rel = os.path.relpath(dirpath, root)
            prefix = "" if rel == "." else rel.replace(os.sep, ".") + "."
            if prefix:
                tree.append(prefix[:-1] + "/")  # a package: trailing slash
            for f in sorted(filenames):
                if f.endswith(".py") and f != "__init__.py" and f[:-3].isidentifier():
                    tree.append(prefix + f[:-3])
    json.dump({"version": "%d.%d.%d" % sys.version_info[:3], "top": sorted(top), "tree": sorted(tree)}, sys.stdout)


def interpreters():
    found = {}
    for exe in sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.*/bin/python3"))):
        m = re.search(r"/versions/(3\.\d+)\.", exe)
        if m and m.group(1) in VERSIONS:
            found.setdefault(m.group(1), exe)
    for v in VERSIONS:
        if v not in found:
            for cand in ("python" + v,):
                path = subprocess.run(["sh", "-c", "command -v " + cand], capture_output=True, text=True).stdout.strip()
                if path:
                    found[v] = path
    return found


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--introspect":
        introspect()
        return
    exes = interpreters()
    data = {}
    for v in VERSIONS:
        if v in exes:
            out = subprocess.run([exes[v], "-I", "-S", os.path.abspath(__file__), "--introspect"], capture_output=True, text=True, check=True).stdout
            data[v] = json.loads(out)
            data[v]["source"] = "CPython %s introspected" % data[v].pop("version")
    for v in VERSIONS:
        if v not in data:
            near = min(data, key=lambda k: abs(VERSIONS.index(k) - VERSIONS.index(v)))
            data[v] = dict(data[near], source="derived from %s (no interpreter here)" % near)
    out = {"generatedBy": "scripts/gen-stdlib-tests.py", "versions": data}
    with open(OUT, "w") as f:
        json.dump(out, f, indent=0, sort_keys=True)
        f.write("\n")
    print("wrote", os.path.normpath(OUT), {v: (len(data[v]["top"]), len(data[v]["tree"])) for v in VERSIONS})


main()
