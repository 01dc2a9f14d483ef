// The errors a user can act on (bad arguments, configuration, git state, a fix that cannot be written): the CLI
// prints their message and exits with 2, without a stack trace. Each module defines its own subclass.
export class UserError extends Error {}
