import type { IncomingHttpHeaders } from "node:http";
import { sameSecret } from "../shared/same-secret.ts";

/** A token that may write only some names: exact names, or prefixes written `example.shop.*`. */
export interface NameToken {
  token: string;
  names: string[];
}

/** Who may do what on a registry, from its configuration. */
export interface RegistryAccessPolicy {
  /** The bearer token for every write (and, if `readsNeedToken`, reads); none configured and no name tokens → open. */
  token?: string;
  /** Tokens that may register, retag and remove only their own names: one service's token cannot take another's name. */
  nameTokens?: NameToken[];
  readsNeedToken?: boolean;
}

export interface RegistryAccess {
  canRead: boolean;
  /** Holds a valid token: may heartbeat and deregister the leases it holds (a lease id is a secret of its own). */
  canWrite: boolean;
  /** May register, retag or remove instances of this name. */
  mayWrite: (name: string) => boolean;
  /** The names a name token may write, for its registration limit; undefined for the registry token or an open registry. */
  nameScopes?: string[];
}

/** `example.shop.*` matches `example.shop.Shop`; anything else matches only itself. */
export function nameMatches(pattern: string, name: string): boolean {
  return pattern.endsWith("*") ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

/**
 * What a request may do, from its `authorization: Bearer <token>` header. Every configured token is compared in
 * constant time, whether or not an earlier one matched, so timing tells nothing about which tokens exist.
 */
export function accessFor(policy: RegistryAccessPolicy, headers: IncomingHttpHeaders): RegistryAccess {
  const nameTokens = policy.nameTokens ?? [];
  if (!policy.token && nameTokens.length === 0) return { canRead: true, canWrite: true, mayWrite: () => true };
  const presented = /^Bearer (.+)$/i.exec(headers.authorization ?? "")?.[1];
  const isAdmin = presented !== undefined && policy.token !== undefined && sameSecret(presented, policy.token);
  const scopes = nameTokens
    .map((entry) => ({ entry, valid: presented !== undefined && sameSecret(presented, entry.token) }))
    .filter(({ valid }) => valid)
    .flatMap(({ entry }) => entry.names);
  const valid = isAdmin || scopes.length > 0;
  return {
    canRead: valid || !policy.readsNeedToken,
    canWrite: valid,
    mayWrite: (name) => isAdmin || scopes.some((pattern) => nameMatches(pattern, name)),
    nameScopes: isAdmin || scopes.length === 0 ? undefined : scopes,
  };
}
