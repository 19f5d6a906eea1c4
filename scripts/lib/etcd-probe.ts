// Questions to an etcd member over its JSON gateway (no client library, no etcdctl): is it healthy, and who leads.

/** etcd's own health check: true when the member sees a leader and can serve a linearizable read. */
export async function etcdMemberHealthy(clientUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${clientUrl}/health`, { signal: AbortSignal.timeout(1_000) });
    const body = (await response.json()) as { health?: string };
    return body.health === "true";
  } catch {
    return false;
  }
}

/** A member's id and the id of the leader it follows ("0": none). uint64 ids arrive as strings. */
export async function etcdMemberStatus(clientUrl: string): Promise<{ memberId: string; leaderId: string }> {
  const response = await fetch(`${clientUrl}/v3/maintenance/status`, {
    method: "POST",
    body: "{}",
    signal: AbortSignal.timeout(1_000),
  });
  const body = (await response.json()) as { header?: { member_id?: string }; leader?: string };
  return { memberId: body.header?.member_id ?? "", leaderId: body.leader ?? "0" };
}

/** The client URL of the member that leads, among `clientUrls`, or undefined when none answers with a leader. */
export async function etcdLeaderUrl(clientUrls: string[]): Promise<string | undefined> {
  const statuses = await Promise.all(
    clientUrls.map((url) =>
      etcdMemberStatus(url).then(
        (status) => ({ url, ...status }),
        () => undefined,
      ),
    ),
  );
  const answered = statuses.filter((status) => status !== undefined);
  const leaderId = answered.find((status) => status.leaderId !== "0")?.leaderId;
  return answered.find((status) => status.memberId === leaderId)?.url;
}
