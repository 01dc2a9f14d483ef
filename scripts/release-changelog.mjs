// npm's `version` script (`npm version patch|minor|major`): gives CHANGELOG.md's "Unreleased" entries the new
// version and today's date, and leaves an empty "Unreleased" above them. npm then commits package.json,
// package-lock.json and CHANGELOG.md together and tags the commit vX.Y.Z (docs/releasing.md).
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

/** The changelog with its Unreleased section released as `version` on `date` (YYYY-MM-DD); throws when it cannot be. */
export function release(changelog, version, date) {
  const heading = "## [Unreleased]";
  const at = changelog.indexOf(`${heading}\n`);
  if (at < 0) throw new Error(`CHANGELOG.md has no "${heading}" section`);
  if (changelog.includes(`## [${version}]`)) throw new Error(`CHANGELOG.md already has a section for ${version}`);
  const rest = changelog.slice(at + heading.length + 1);
  const next = rest.search(/^## \[/m);
  const entries = (next < 0 ? rest : rest.slice(0, next)).trim();
  if (entries === "") throw new Error("CHANGELOG.md's Unreleased section is empty: there is nothing to release");
  return `${changelog.slice(0, at)}${heading}\n\n## [${version}] - ${date}\n\n${rest.replace(/^\n+/, "")}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { version } = JSON.parse(readFileSync("package.json", "utf8"));
  const date = new Date().toISOString().slice(0, 10);
  try {
    writeFileSync("CHANGELOG.md", release(readFileSync("CHANGELOG.md", "utf8"), version, date));
  } catch (e) {
    process.stderr.write(`release-changelog: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
