// checks/gate and registry: which guards catch what, literal version tests, rule selection.
import { describe, expect, it } from "vitest";
import { catches, evaluateVersion } from "../src/checks/gate.js";
import { ALL_RULES, isEnabled } from "../src/checks/registry.js";

describe("catches", () => {
  it("follows the exception hierarchy: ModuleNotFoundError does not catch ImportError", () => {
    expect(catches(["ModuleNotFoundError"], "ModuleNotFoundError")).toBe(true);
    expect(catches(["ModuleNotFoundError"], "ImportError")).toBe(false);
    for (const c of ["ImportError", "Exception", "BaseException", "*", "builtins.ImportError"]) expect(catches([c], "ImportError")).toBe(true);
    expect(catches(["ValueError", "KeyError"], "ModuleNotFoundError")).toBe(false);
  });
});

describe("evaluateVersion", () => {
  const v = (text: string, op: string, version: number[], branch = true) => evaluateVersion({ kind: "version", text, op, version, branch }, [3, 11]);
  it("compares like Python tuples: sys.version_info is a 5-tuple, [:2] a pair", () => {
    expect(v("sys.version_info >= (3, 11)", ">=", [3, 11])).toBe(true);
    expect(v("sys.version_info > (3, 11)", ">", [3, 11])).toBe(true);
    expect(v("sys.version_info[:2] > (3, 11)", ">", [3, 11])).toBe(false);
    expect(v("sys.version_info[:2] == (3, 11)", "==", [3, 11])).toBe(true);
    expect(v("sys.version_info < (3, 8)", "<", [3, 8])).toBe(false);
    expect(v("sys.version_info >= (3, 12)", ">=", [3, 12], false)).toBe(true);
    expect(v("sys.version_info >= (3, 11, 4)", ">=", [3, 11, 4])).toBeNull();
  });
});

describe("isEnabled", () => {
  it("selects by prefix and lets the more specific selector win", () => {
    expect(isEnabled("IMP002", null, [])).toBe(true);
    expect(isEnabled("IMP002", null, ["IMP002"])).toBe(false);
    expect(isEnabled("IMP002", ["IMP00"], ["IMP"])).toBe(true);
    expect(isEnabled("IMP002", ["IMP001"], [])).toBe(false);
    expect(isEnabled("IMP002", ["ALL"], ["IMP0"])).toBe(false);
  });
  it("has unique codes and names for every rule", () => {
    expect(new Set(ALL_RULES.map((r) => r.code)).size).toBe(ALL_RULES.length);
    expect(new Set(ALL_RULES.map((r) => r.name)).size).toBe(ALL_RULES.length);
  });
});
