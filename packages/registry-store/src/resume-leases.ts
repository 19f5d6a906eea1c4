import type { DbClient } from "@switchboard/db";

/**
 * Run once when a registry opens its SQLite file: the time it was down does not count against the leases it held.
 * While no registry ran, no heartbeat could land, through no fault of the services; on the file's clock every lease
 * had expired by the time a quick restart (a second or two, leases of a few seconds) listed them, and clients whose
 * watch listed the directory again were told "unknown name" for live services until each one's next heartbeat was
 * refused and it registered again. etcd does the same for its own leases when a new leader takes over.
 *
 * The registry's last sign of life is the latest heartbeat or registration in the file. A lease still live then gets
 * its remaining time back, counted from now (at most its TTL): a lease of a service that died with the registry runs
 * out within one TTL of the restart, and a file idle for a week revives nothing that was dead before the registry
 * stopped. A resumed lease counts as renewed now, so a registry restarting again does not count a downtime twice.
 * Returns how many leases were resumed.
 */
export async function resumeLeasesAfterDowntime(db: DbClient, now: number): Promise<number> {
  const { _max } = await db.registration.aggregate({ _max: { renewedAt: true } });
  const lastAlive = _max.renewedAt?.getTime();
  if (lastAlive === undefined || now <= lastAlive) return 0;
  const downtime = BigInt(now - lastAlive);
  return db.$executeRaw`
    UPDATE "Registration" SET "leaseExpiresAt" = "leaseExpiresAt" + ${downtime},
      "renewedAt" = ${new Date(now)}
    WHERE "leaseExpiresAt" > ${BigInt(lastAlive)}`;
}
