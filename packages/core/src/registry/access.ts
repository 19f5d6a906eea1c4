import type { IncomingHttpHeaders } from "node:http";
import { sameSecret } from "../shared/same-secret.ts";

/** Who may do what on a registry, from its configuration. */
export interface RegistryAccessPolicy {
  /** The bearer token writes (and, if `readsNeedToken`, reads) must present; none configured → open. */
  token?: string;
  readsNeedToken?: boolean;
}

export interface RegistryAccess {
  canRead: boolean;
  canWrite: boolean;
}

/** What a request may do, from its `authorization: Bearer <token>` header. The comparison takes constant time. */
export function accessFor(policy: RegistryAccessPolicy, headers: IncomingHttpHeaders): RegistryAccess {
  if (!policy.token) return { canRead: true, canWrite: true };
  const presented = /^Bearer (.+)$/i.exec(headers.authorization ?? "")?.[1];
  const valid = presented !== undefined && sameSecret(presented, policy.token);
  return { canRead: valid || !policy.readsNeedToken, canWrite: valid };
}
