// Names and submodules imported from the standard library, judged by import-doctor and by the real interpreter of each
// target version on this machine (pyenv's CPython 3.8-3.13): every error must be CPython's, word for word, and the
// failures CPython raises must be predicted, but for names the data keeps for other platforms.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { interpreter } from "./helpers/python.js";
import { makeRepo } from "./helpers/tmp.js";

const BIN = path.join(import.meta.dirname, "..", "bin", "import-doctor.js");
const RULES = path.join(import.meta.dirname, "..", "rules");
const VERSIONS = ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13"];

interface Entry {
  versions: string;
  names: string[];
  partial: Record<string, string>;
  getattr: boolean | Record<string, boolean>;
}
const data = JSON.parse(readFileSync(path.join(RULES, "stdlib-names.json"), "utf8")) as { modules: Record<string, Entry> };
const removed = JSON.parse(readFileSync(path.join(RULES, "removed-names.json"), "utf8")) as { entries: { module: string; names: string[] | null; kind: string }[] };

/** A deterministic sample of statements: the catalogue, names some version has and others lack, and misspellings. */
function statements(): string[] {
  const out = new Set<string>([
    "from collections import Mapping",
    "from collections import OrderedDict, Mapping",
    "from collections.abc import Mapping",
    "from os import nonexistent_name",
    "import os.nonexistent",
    "import os.path.x",
    "import os.path",
    "from os.path import join, splitunc",
    "from sys import foo",
    "from math import nope",
    "import collections.nope",
    "import xml.etree.cElementTree",
    "from typing.io import IO",
    "import typing.re",
    "from importlib import resources",
    "import email.mime.nope",
    "from email import mime",
    "from json import decoder, nope",
  ]);
  for (const e of removed.entries) {
    if (e.kind !== "stdlib") continue;
    if (e.names === null) out.add(`import ${e.module}`);
    else for (const n of e.names) out.add(`from ${e.module} import ${n}`);
  }
  const modules = Object.keys(data.modules).sort();
  modules.forEach((m, i) => {
    if (i % 9 !== 0 || m.split(".").some((p) => p.startsWith("_"))) return;
    const e = data.modules[m]!;
    const partial = Object.keys(e.partial).filter((n) => /^[A-Za-z_]\w*$/.test(n) && !n.startsWith("__")).slice(0, 4);
    for (const n of partial) out.add(`from ${m} import ${n}`);
    const real = e.names.filter((n) => /^[a-z]\w+$/.test(n));
    if (real[0]) out.add(`from ${m} import ${real[0]}x`);
    out.add(`import ${m}.zz_${i}`);
  });
  return [...out];
}

const repos: string[] = [];
afterAll(() => {
  for (const r of repos) rmSync(r, { recursive: true, force: true });
});

describe("standard-library names against the real interpreter", () => {
  const list = statements();
  for (const v of VERSIONS) {
    const python = interpreter(v);
    it.skipIf(!python)(`Python ${v}: every reported error is CPython's, and CPython's failures are reported`, () => {
      const files: Record<string, string> = {};
      list.forEach((s, i) => (files[`m${i}.py`] = `${s}\n`));
      const repo = makeRepo(files);
      repos.push(repo);
      const r = spawnSync(process.execPath, [BIN, "check", ".", "--python-version", v, "--format", "json", "--no-cache"], { cwd: repo, encoding: "utf8" });
      expect(r.stderr).toBe("");
      const reported = new Map<string, string>();
      for (const d of (JSON.parse(r.stdout) as { diagnostics: { path: string; severity: string; code: string; runtimeError: string }[] }).diagnostics) {
        if (d.severity === "error") reported.set(d.path, d.runtimeError);
      }
      const script = "import importlib, json, sys, sysconfig\nsys.path.insert(0, '.')\nout = []\nfor i in range(int(sys.argv[1])):\n    try:\n        importlib.import_module('m%d' % i)\n        out.append(None)\n    except Exception as e:\n        out.append('%s: %s' % (type(e).__name__, e))\nprint(json.dumps({'stdlib': sysconfig.get_paths()['stdlib'], 'out': out}))\n";
      writeFileSync(path.join(repo, "probe_stdlib.py"), script);
      const p = spawnSync(python!, ["-I", "-S", "-W", "ignore", "probe_stdlib.py", String(list.length)], { cwd: repo, encoding: "utf8" });
      const real = JSON.parse(p.stdout) as { stdlib: string; out: (string | null)[] };
      const normalise = (e: string): string => e.split(real.stdlib + "/").join(`…/python${v}/`);
      let failures = 0;
      let predicted = 0;
      const missed: string[] = [];
      list.forEach((s, i) => {
        const mine = reported.get(`m${i}.py`);
        const theirs = real.out[i];
        if (mine !== undefined) expect(theirs === null || theirs === undefined ? `${s}: ran without error` : normalise(theirs), s).toBe(mine);
        if (theirs !== null && theirs !== undefined && /^(ImportError|ModuleNotFoundError)/.test(theirs)) {
          failures++;
          if (mine !== undefined) predicted++;
          else missed.push(`${s}: ${theirs}`);
        }
      });
      console.log(`Python ${v}: ${list.length} statements, CPython failed ${failures}, import-doctor reported ${predicted} of them${missed.length ? `; not reported: ${missed.slice(0, 8).join(" | ")}` : ""}`);
      // Every miss is a name or module the data cannot be sure of (another platform's, or behind a module __getattr__).
      expect(predicted / failures).toBeGreaterThan(0.9);
    }, 120_000);
  }
});
