// The tool's version (injected by the bundler) and the version of the facts that parse/ produces.
declare const __VERSION__: string;
export const VERSION = typeof __VERSION__ === "string" ? __VERSION__ : "0.0.0-dev";

/** Bump whenever extract.ts changes what ModuleFacts hold: cached facts of another schema are never reused. */
export const FACTS_SCHEMA = 24;

/** Where each rule's documentation is published (docs/rules.md of the release), for SARIF's helpUri. */
export const RULES_DOC_URL = `https://github.com/import-doctor/import-doctor/blob/v${VERSION}/docs/rules.md`;

/** The anchor GitHub gives docs/rules.md's heading of a rule (`## IMP002 \`unknown-import-name\``). */
export const ruleAnchor = (code: string, name: string): string => `${code.toLowerCase()}-${name}`;
