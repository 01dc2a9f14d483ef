// IMP008 relative-import-error: a relative import with no parent package, or more dots than the package has levels.
import { statementText } from "./describe.js";
import type { ImportRule } from "./types.js";

export const relativeImportError: ImportRule = {
  code: "IMP008",
  name: "relative-import-error",
  summary: "A relative import that cannot be resolved from the module's package",
  docs: `## What it does
Flags relative imports that CPython rejects before looking for any file: in a module that has no parent package
(a top-level module, a script, a pytest test module whose directory has no \`__init__.py\`), or with more leading
dots than the package has levels. Resolution follows \`__package__\`, not the directory tree.

## Why is this bad?
CPython raises \`ImportError: attempted relative import with no known parent package\` or
\`ImportError: attempted relative import beyond top-level package\`.

## Example
\`\`\`python
# tests/test_app.py, and tests/ has no __init__.py: pytest imports it as top-level module test_app
from .helpers import make_client
\`\`\`

## Fix safety
- A module file beside a directory of its own name that has no \`__init__.py\` (\`pkg.py\` beside \`pkg/\`, a package's
  \`__init__.py\` moved out of it), whose relative import names a module of that directory: it moves back in as
  \`pkg/__init__.py\`; safe unless it reads \`__file__\`-like attributes.
- Otherwise, when exactly one other dot count resolves and provides the imported names, the dots are rewritten
  (unsafe). An absolute form is offered only into the file's own top-level package under every name the file is
  imported as: any other would resolve only where the right directory happens to be on sys.path.`,
  detect(result) {
    const r = result.relative;
    if (!r || r.kind !== "error") return [];
    const stmt = result.stmt;
    return [{
      range: stmt.moduleRange,
      message: `\`${statementText(stmt)}\`: ${r.message}`,
      runtimeError: `ImportError: ${r.message}`,
      errorClass: "ImportError",
      name: null,
      notes: r.worksAs ? [r.detail, `it works when the file is imported as '${r.worksAs}' instead`] : [r.detail],
      severity: "error",
    }];
  },
};
