// Limits on what is parsed, in a module of their own: the result cache needs them without loading the parser.

/** Files above this size are not parsed (generated code, data dumps). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
