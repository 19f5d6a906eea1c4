import { useRef } from "react";

/**
 * One idempotency key per intended operation: a retry of the same submission (a double click, a timeout) reuses it,
 * so the shop applies it once; after a success the next submission gets a new key.
 */
export function useIdempotencyKey(): { key: () => string; renew: () => void } {
  const current = useRef<string | null>(null);
  return {
    key: () => (current.current ??= crypto.randomUUID()),
    renew: () => {
      current.current = null;
    },
  };
}
