// Reads install_requires / extras_require / tests_require literals from a setup.py with tree-sitter (never executes it).
import type { Node } from "web-tree-sitter";
import { getParser } from "./parser.js";

export interface SetupPyRequirements {
  requirements: string[];
  /** A requirement list that is not a literal (a variable, a function call): the declarations are incomplete. */
  dynamic: boolean;
  /** The literal `name=` argument, if any. */
  name: string | null;
}

const KEYS = new Set(["install_requires", "extras_require", "tests_require", "setup_requires"]);

function strings(node: Node, out: string[]): boolean {
  if (node.type === "string") {
    if (node.namedChildren.some((c) => c?.type === "interpolation")) return false;
    out.push(node.namedChildren.filter((c) => c?.type === "string_content").map((c) => c!.text).join(""));
    return true;
  }
  if (node.type === "list" || node.type === "tuple") return node.namedChildren.every((c) => !c || c.type === "comment" || strings(c, out));
  if (node.type === "dictionary") {
    return node.namedChildren.every((pair) => {
      if (!pair || pair.type === "comment") return true;
      const value = pair.childForFieldName("value");
      return value ? strings(value, out) : false;
    });
  }
  return false;
}

export async function readSetupPy(text: string): Promise<SetupPyRequirements> {
  const parser = await getParser();
  const tree = parser.parse(text);
  const result: SetupPyRequirements = { requirements: [], dynamic: false, name: null };
  if (!tree) return { requirements: [], dynamic: true, name: null };
  try {
    const visit = (n: Node): void => {
      if (n.type === "keyword_argument") {
        const name = n.childForFieldName("name")?.text;
        const value = n.childForFieldName("value");
        if (name === "name" && value?.type === "string") {
          const found: string[] = [];
          if (strings(value, found)) result.name = found[0] ?? null;
        }
        if (name && KEYS.has(name) && value) {
          const found: string[] = [];
          if (strings(value, found)) result.requirements.push(...found.map((s) => String(s)));
          else result.dynamic = true;
        }
      }
      for (const c of n.namedChildren) if (c) visit(c);
    };
    visit(tree.rootNode);
  } finally {
    tree.delete();
  }
  return result;
}
