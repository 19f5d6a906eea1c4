/** "12/s", "0.5/s", "0/s". */
export function formatRate(callsPerSecond: number | null | undefined): string {
  if (callsPerSecond === null || callsPerSecond === undefined) return "—";
  const digits = callsPerSecond === 0 || callsPerSecond >= 10 ? 0 : callsPerSecond >= 1 ? 1 : 2;
  return `${callsPerSecond.toFixed(digits)}/s`;
}

/** "0.42 ms", "3.1 ms", "120 ms", "—" for no calls. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  return `${ms.toFixed(ms >= 100 ? 0 : ms >= 10 ? 1 : 2)} ms`;
}

/** "0 %", "2.5 %", "100 %". */
export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined) return "—";
  const percent = share * 100;
  return `${percent.toFixed(percent === 0 || percent === 100 ? 0 : percent >= 10 ? 0 : 1)} %`;
}

/** How long ago the instance last renewed its lease: the lease started ttl before it expires. */
export function leaseAge(instance: { leaseExpiresAt: number; ttlMs: number }, now: number): string {
  const seconds = Math.max(0, Math.round((now - (instance.leaseExpiresAt - instance.ttlMs)) / 1000));
  return `${seconds} s ago (lease ${Math.round(instance.ttlMs / 1000)} s)`;
}
