import { randomBytes } from "node:crypto";

/** Where an event sits in a store's history: events are ordered by `major`, then `minor`. */
export interface EventPosition {
  major: number;
  minor: number;
}

/** How a store's event ids are written and read: an id names one position in one store's history. */
export interface EventIdScheme {
  format(position: EventPosition): string;
  /** The position an id names, or null when the id is not this store's (another boot or cluster, or garbled). */
  parse(id: string): EventPosition | null;
  /** The position of an event this process makes itself (health checks' `down`/`up`) after `last`. */
  nextLocal(last: EventPosition): EventPosition;
}

export function comparePositions(a: EventPosition, b: EventPosition): number {
  return a.major - b.major || a.minor - b.minor;
}

/**
 * `<boot id>:<sequence>`: one registry process numbers its own events; after a restart (a new boot id) nobody can
 * resume, since the events between are unknown.
 */
export function bootSequenceIds(bootId = randomBytes(4).toString("hex")): EventIdScheme {
  return {
    format: ({ major }) => `${bootId}:${major}`,
    parse(id) {
      const [idBoot, sequenceText, extra] = id.split(":");
      const sequence = Number(sequenceText);
      return idBoot === bootId && extra === undefined && Number.isSafeInteger(sequence) && sequence >= 0
        ? { major: sequence, minor: 0 }
        : null;
    },
    nextLocal: ({ major }) => ({ major: major + 1, minor: 0 }),
  };
}

/**
 * Events a replica makes itself (health checks) sit after every change of the revision it had applied, at
 * `<revision>.<localEventBase + n>`: no revision holds a million changes (etcd caps a transaction's operations).
 */
export const localEventBase = 1_000_000;

/**
 * `<store id>:<revision>.<n>`: the n-th change of that etcd revision. Every replica sees the same changes at the same
 * revisions, so an id from one replica is a resume point on any other; the store id (the etcd cluster's) tells ids
 * of another cluster apart.
 */
export function revisionIds(storeId: string): EventIdScheme {
  return {
    format: ({ major, minor }) => `${storeId}:${major}.${minor}`,
    parse(id) {
      const match = /^(.+):(\d{1,16})\.(\d{1,16})$/.exec(id);
      if (!match || match[1] !== storeId) return null;
      const position = { major: Number(match[2]), minor: Number(match[3]) };
      return Number.isSafeInteger(position.major) && Number.isSafeInteger(position.minor) ? position : null;
    },
    nextLocal: ({ major, minor }) => ({ major, minor: Math.max(minor + 1, localEventBase) }),
  };
}
