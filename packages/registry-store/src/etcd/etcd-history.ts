import {
  comparePositions,
  type EventHistory,
  type EventIdScheme,
  type EventPosition,
  type RegistryEvent,
} from "@switchboard/core/registry";
import type { EtcdClient } from "./etcd-client.ts";
import { ChangeDecoder, type InstanceChange } from "./change-decoder.ts";
import type { EtcdMirror } from "./etcd-mirror.ts";
import type { KeyLayout } from "./key-layout.ts";

export interface EtcdHistoryOptions {
  client: EtcdClient;
  layout: KeyLayout;
  mirror: EtcdMirror;
  ids: EventIdScheme;
  /** How long a resume may wait for this replica to reach an id another replica gave out (default 3 s). */
  reachTimeoutMs?: number;
  /** How long reading old revisions back may take before the watcher gets `reset` instead (default 5 s). */
  replayTimeoutMs?: number;
}

/**
 * Lets a watcher resume on this replica from any id of this etcd directory. An id this replica has not reached yet
 * (another replica was ahead) is waited for; one older than this replica's memory (it started later) is read back
 * from etcd's own history, a watch from that revision decoded exactly as the mirror decodes it, so the ids match.
 * A compacted revision cannot be read back: the watcher gets `reset`.
 */
export function etcdEventHistory(options: EtcdHistoryOptions): EventHistory {
  const { client, layout, mirror, ids } = options;
  return {
    async reach(position) {
      return mirror.waitFor(position.major, options.reachTimeoutMs ?? 3_000).then(
        () => true,
        () => false,
      );
    },

    replay(after, until) {
      return readBack(client, layout, after, until, options.replayTimeoutMs ?? 5_000).then(
        (changes) =>
          changes &&
          changes.map((change): RegistryEvent => ({
            id: ids.format(change.position),
            kind: change.kind,
            name: change.instance.name,
            url: change.instance.url,
            tags: change.instance.tags,
            at: Date.now(),
          })),
      );
    },
  };
}

/**
 * The changes after `after` up to `until` from etcd's history; null when compacted (or not readable in time).
 *
 * How it knows it has read up to `until`: the watch covers every key of the cluster, not just the directory, so each
 * revision up to `until` shows up as at least one event (a revision is made only by a change), and the events of one
 * revision come in one response. A progress notification cannot say it instead: etcd 3.4 answers a progress request
 * at once with its current revision, before a watcher that starts in the past has caught up.
 */
function readBack(
  client: EtcdClient,
  layout: KeyLayout,
  after: EventPosition,
  until: EventPosition,
  timeoutMs: number,
): Promise<InstanceChange[] | null> {
  return new Promise((resolve) => {
    const decoder = new ChangeDecoder(layout);
    const changes: InstanceChange[] = [];
    let finished = false;
    const finish = (result: InstanceChange[] | null) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      watch.close();
      resolve(result);
    };
    const watch = client.watch({
      ...everyKey,
      // From the revision of `after` itself: its later changes are still to come.
      startRevision: after.major,
      prevKv: true,
      onEvents: (events) => {
        if (finished) return;
        for (const change of decoder.decode(events)) {
          if (comparePositions(change.position, until) > 0) return finish(changes);
          if (comparePositions(change.position, after) > 0) changes.push(change);
        }
        if (events[events.length - 1]!.kv.modRevision >= until.major) finish(changes);
      },
      onCompacted: () => finish(null),
    });
    const timer = setTimeout(() => finish(null), timeoutMs);
  });
}

/** etcd's range for all keys: from the lowest key, with "\0" as the end meaning "no end". */
const everyKey = { key: "\0", rangeEnd: "\0" };
