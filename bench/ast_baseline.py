"""Baseline for `npm run bench`: CPython's own ast.parse over the same files, read included, one process.

Usage: python3 bench/ast_baseline.py FILELIST   (one absolute path per line)
Prints JSON: {"files": n, "seconds": wall, "cpu": process CPU seconds, "failed": n}
"""
import ast
import json
import sys
import time
import warnings

warnings.simplefilter("ignore")  # invalid escape sequences and the like: not what is measured
paths = [p for p in open(sys.argv[1], encoding="utf-8").read().split("\n") if p]
t0, c0 = time.perf_counter(), time.process_time()
failed = 0
for p in paths:
    try:
        with open(p, "rb") as fh:
            ast.parse(fh.read(), p)
    except (SyntaxError, ValueError, OSError):
        failed += 1
print(json.dumps({"files": len(paths), "seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0, "failed": failed}))
