// Random deposits and purchases against the shop, as the concurrency test and bench/shop.ts both drive it. Every
// operation carries its own idempotency key, so what each one did can be checked against the ledger afterwards.
import type { ShopRouter } from "@switchboard/api/client";
import { TRPCClientError, type TRPCClient } from "@trpc/client";

export type Shop = TRPCClient<ShopRouter>;

export interface OperationRecord {
  key: string;
  kind: "deposit" | "purchase";
  amountCents: number;
  /** applied: the shop answered with a ledger entry; refused: insufficient funds; failed: anything else. */
  outcome: "applied" | "refused" | "failed";
  entryId?: number;
  error?: string;
  /** performance.now() when the call was sent and when its answer (or error) came. */
  startedAt: number;
  endedAt: number;
}

/** A small seeded generator (mulberry32), so a failing run can be repeated exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** One client: `operations` random deposits and purchases of 0.01–100.00, one after the other, on one session. */
export async function runRandomOperations(options: {
  shop: Shop;
  session: string;
  operations: number;
  random: () => number;
  keyPrefix: string;
  /** Called after each operation, whatever its outcome. */
  onOperation?: () => void;
}): Promise<OperationRecord[]> {
  const { shop, session, random, keyPrefix } = options;
  const records: OperationRecord[] = [];
  for (let index = 0; index < options.operations; index++) {
    const kind = random() < 0.5 ? "deposit" : "purchase";
    const amountCents = 1 + Math.floor(random() * 10_000);
    const key = `${keyPrefix}-${index}`;
    const startedAt = performance.now();
    try {
      const result =
        kind === "deposit"
          ? await shop.deposit.mutate({ session, amountCents, idempotencyKey: key })
          : await shop.buy.mutate({ session, priceCents: amountCents, item: "random item", idempotencyKey: key });
      const endedAt = performance.now();
      records.push({ key, kind, amountCents, outcome: "applied", entryId: result.entry.id, startedAt, endedAt });
    } catch (error) {
      const code = error instanceof TRPCClientError ? (error as TRPCClientError<ShopRouter>).data?.code : undefined;
      const refused = kind === "purchase" && code === "PRECONDITION_FAILED";
      records.push({
        key,
        kind,
        amountCents,
        outcome: refused ? "refused" : "failed",
        error: error instanceof Error ? error.message : String(error),
        startedAt,
        endedAt: performance.now(),
      });
    }
    options.onOperation?.();
  }
  return records;
}
