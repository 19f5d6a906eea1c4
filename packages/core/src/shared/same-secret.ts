import { createHash, timingSafeEqual } from "node:crypto";

/** Compares a presented secret with the expected one in constant time. */
export function sameSecret(presented: string, expected: string): boolean {
  // Digests first, so neither the length nor the content of the secret leaks through timing.
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
