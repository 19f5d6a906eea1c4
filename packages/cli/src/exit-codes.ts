/** What the CLI's exit status means; scripts can rely on these. */
export const exitCodes = {
  ok: 0,
  /** The registry or service answered with an error (NOT_FOUND, CONFLICT, UNAUTHORIZED, BAD_REQUEST, …). */
  refused: 1,
  /** The command line itself is wrong (unknown command, missing argument, input that is not JSON). */
  usage: 2,
  /** The registry or the service could not be reached, or did not answer in time. */
  unreachable: 3,
} as const;
