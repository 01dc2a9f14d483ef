// npm's `prepare`: builds dist/ in a checkout (npm ci, npm install) and when npm installs import-doctor from git.
// A git install runs this in a fresh clone. As a project dependency, npm has installed the devDependencies there
// first. With `npm install -g git+…` it has not: the nested install that should bring them inherits the global flag
// (npm_config_global in the environment) and installs the clone itself globally instead, so esbuild is missing. Then
// the build tools are installed into the clone from its package-lock.json, without scripts, and the build goes on.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");

function hasEsbuild() {
  try {
    createRequire(path.join(root, "package.json")).resolve("esbuild");
    return true;
  } catch {
    return false;
  }
}

if (!hasEsbuild()) {
  process.stderr.write("import-doctor: installing the build tools into this checkout (npm ci --include=dev --ignore-scripts)\n");
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (/^npm_config_(global|location|prefix)$/i.test(name)) delete env[name];
  const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ["npm", []];
  const args = [...npm[1], existsSync(path.join(root, "package-lock.json")) ? "ci" : "install", "--include=dev", "--ignore-scripts", "--no-audit", "--no-fund", "--global=false", "--location=project"];
  const r = spawnSync(npm[0], args, { cwd: root, env, stdio: ["ignore", 2, 2] });
  if (r.status !== 0 || !hasEsbuild()) {
    process.stderr.write("import-doctor: could not install the build tools; run `npm ci` in the checkout, then `npm run build`\n");
    process.exit(1);
  }
}

const r = spawnSync(process.execPath, [path.join(root, "scripts", "build.mjs")], { cwd: root, stdio: ["ignore", 2, 2] });
process.exit(r.status ?? 1);
