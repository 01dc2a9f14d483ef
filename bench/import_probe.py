"""Imports each module of a repository in a fresh forked child: which fail, and with what.

Input (stdin, JSON): {"path": [dirs put first on sys.path], "modules": [dotted names]}
Output (stdout, JSON): {"name": "ExceptionClass: message" or null}
"""
import json
import os
import sys


def main():
    plan = json.load(sys.stdin)
    out = {}
    for name in plan["modules"]:
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            sys.path[:0] = plan["path"]
            err = ""
            try:
                import importlib
                importlib.import_module(name)
            except BaseException as e:  # noqa: BLE001 - any failure of the import is the answer
                err = f"{type(e).__name__}: {e}"
            os.write(w, err.encode("utf-8", "replace")[:2000])
            os._exit(0)
        os.close(w)
        chunks = []
        while True:
            b = os.read(r, 65536)
            if not b:
                break
            chunks.append(b)
        os.close(r)
        os.waitpid(pid, 0)
        text = b"".join(chunks).decode("utf-8", "replace")
        out[name] = text or None
    json.dump(out, sys.stdout)


main()
