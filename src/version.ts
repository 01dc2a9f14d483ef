// The tool's version (injected by the bundler) and the version of the facts that parse/ produces.
declare const __VERSION__: string;
export const VERSION = typeof __VERSION__ === "string" ? __VERSION__ : "0.0.0-dev";

/** Bump whenever extract.ts changes what ModuleFacts hold: cached facts of another schema are never reused. */
export const FACTS_SCHEMA = 18;
