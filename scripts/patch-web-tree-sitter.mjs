// Two rewrites of web-tree-sitter's JavaScript, applied when scripts/build.mjs bundles it (node_modules is never
// changed). They keep what every function returns and change only how fast the hot ones run: walking a tree,
// web-tree-sitter writes and reads each node through its WebAssembly memory, and builds a JavaScript object for
// each. Measured on 3,000 files of synthetic-10k, one thread, builds alternated: extracting the facts took 748–759 ms
// against 1,087–1,214 ms (parsing itself is unchanged).
//
// 1. `C.getValue(p, "i32")` and `C.setValue(p, v, "i32")` (Emscripten's generic accessors: a string test and a
//    switch on the type name at every call) become the very array access they perform, `C.HEAP32[p >> 2]`.
//    `C.HEAP32` is the module's current view of the memory: Emscripten replaces it when the memory grows.
// 2. The `Node` class's field declarations become assignments in its constructor: V8 defines class fields through
//    a per-instance initialiser, which cost a sixth of the extraction time, and a node is made for every child read.
//    Nothing on Node's prototype has these names, so an assignment defines the same own properties.
//
// Each rewrite must find what it expects in the source, else the build fails: a web-tree-sitter whose code changed
// is never bundled half-patched.

/** Returns the patched source of web-tree-sitter.js, and how many sites each rewrite changed. */
export function patchWebTreeSitter(source) {
  let out = source;
  let getters = 0;
  let setters = 0;
  out = out.replace(/C\.getValue\(([^,()]+), "i32"\)/g, (_m, ptr) => (getters++, `C.HEAP32[(${ptr}) >> 2]`));
  out = out.replace(/C\.setValue\(([^,()]+), ([^;]+), "i32"\);/g, (_m, ptr, value) => (setters++, `C.HEAP32[(${ptr}) >> 2] = ${value};`));
  if (getters === 0 || setters === 0) throw new Error(`web-tree-sitter: expected i32 getValue/setValue calls (found ${getters} and ${setters})`);
  const left = out.match(/C\.[gs]etValue\([^;]*"i32"/g);
  if (left) throw new Error(`web-tree-sitter: i32 accessors left unpatched: ${left.join("; ")}`);
  if (!/var C;/.test(out) || !/Module\["HEAP32"\] = HEAP32 = new Int32Array/.test(out)) throw new Error("web-tree-sitter: C or its HEAP32 view is not where expected");

  const start = out.indexOf("var Node = class {");
  const end = start < 0 ? -1 : out.indexOf("\n};", start);
  if (start < 0 || end < 0) throw new Error("web-tree-sitter: class Node not found");
  let body = out.slice(start, end);
  const fields = ["[0] = 0;", "_children;", "_namedChildren;", "id;", "startIndex;", "startPosition;", "tree;"];
  for (const f of fields) {
    const line = new RegExp(`\\n  ${f.replace(/[[\]]/g, "\\$&")}\\n`);
    if (!line.test(body)) throw new Error(`web-tree-sitter: field ${f} of Node not found`);
    body = body.replace(line, "\n");
  }
  const assign = "    assertInternal(internal);\n    this[0] = other;\n";
  if (!body.includes(assign)) throw new Error("web-tree-sitter: Node's constructor is not as expected");
  body = body.replace(assign, `${assign}    this._children = void 0;\n    this._namedChildren = void 0;\n`);
  for (const name of ["id", "tree", "startIndex", "startPosition"]) {
    if (!body.includes(`    this.${name} = ${name};\n`)) throw new Error(`web-tree-sitter: Node's constructor does not assign ${name}`);
    if (new RegExp(`\\n  (get |set |static )?${name}\\(`).test(body)) throw new Error(`web-tree-sitter: Node has an accessor or method named ${name}`);
  }
  out = out.slice(0, start) + body + out.slice(end);
  return { source: out, getters, setters };
}
