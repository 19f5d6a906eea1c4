/** Half of a UTF-16 surrogate pair without its other half (the regex works on code units: no `u` flag). */
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Whether a string is well-formed Unicode. JSON can carry a lone surrogate (`"\ud800"`), but UTF-8 cannot encode one:
 * stored, it fails the database's JSON protocol (Prisma) or comes back as U+FFFD — another string than the one sent.
 */
export function isWellFormedText(text: string): boolean {
  return !loneSurrogate.test(text);
}

/** C0 control characters and DEL: NUL cannot be stored in PostgreSQL text, the rest garble what a person reads. */
export function hasControlCharacters(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(text);
}
