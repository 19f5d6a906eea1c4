// Faults of the registry and the greeter under a steady load of calls by name: SIGKILL and restart, and SIGSTOP for
// longer than the lease. The load is 8 callers on one Switchboard client (its default TCP transport, cached resolution); the data
// check is the directory itself: every greeter listed again, each with a live lease.
import { startApp, startSystem, type RunningApp, type RunningSystem } from "../processes.ts";
import { sleep, startCallLoad, summarize, waitUntil } from "./call-load.ts";
import { seconds, type ChaosRow, type ChaosSize } from "./chaos-row.ts";
import { freeze } from "./process-faults.ts";

const leaseMs = 2_000;
const callers = 8;

interface GreeterSetup {
  system: RunningSystem;
  greeters: RunningApp[];
  call: () => Promise<unknown>;
  listed: () => Promise<string[]>;
  cleanup: () => Promise<void>;
}

async function greeterSetup(): Promise<GreeterSetup> {
  const system = await startSystem();
  const env = { SWITCHBOARD_LEASE_TTL_MS: String(leaseMs) };
  const greeters = await Promise.all([system.start("greeter", env), system.start("greeter", env)]);
  const switchboard = system.switchboard({ timeoutMs: 2_000 });
  const greeter = switchboard.connect("example.greeter");
  await greeter.welcomeMessage.query("warm-up");
  return {
    system,
    greeters,
    call: () => greeter.welcomeMessage.query("chaos"),
    listed: async () =>
      (await switchboard.registry.lookup.query({ name: "example.greeter" })).instances.map(({ url }) => url).sort(),
    cleanup: () => system.stopAll(),
  };
}

/** Both greeters listed (through a fresh lookup), within `timeoutMs`: how long it took, or undefined. */
function bothListed(setup: GreeterSetup, urls: string[], timeoutMs = 20_000) {
  const wanted = [...urls].sort().join(",");
  return waitUntil(async () => (await setup.listed()).join(",") === wanted, timeoutMs);
}

async function underLoad(setup: GreeterSetup, fault: () => Promise<string>, size: ChaosSize) {
  const load = startCallLoad(setup.call, callers);
  await sleep(size === "short" ? 500 : 1_500);
  const faultAt = performance.now();
  const check = await fault();
  await sleep(size === "short" ? 500 : 1_500);
  return { summary: summarize(await load.stop(), faultAt), check };
}

export async function registryKilled(size: ChaosSize): Promise<ChaosRow> {
  const downMs = leaseMs + 1_000;
  const setup = await greeterSetup();
  let restarted: RunningApp | undefined;
  try {
    const urls = setup.greeters.map((greeter) => greeter.url);
    const { summary, check } = await underLoad(
      setup,
      async () => {
        await setup.system.registry.stop("SIGKILL");
        // Down for longer than a lease: the leases it held must not have run out while nobody could renew them.
        await sleep(downMs);
        restarted = await startApp("registry", {
          SWITCHBOARD_DATA_DIR: setup.system.dataDir,
          REGISTRY_TOKEN: setup.system.registryToken,
          REGISTRY_PORT: new URL(setup.system.registryUrl).port,
        });
        const relisted = await bothListed(setup, urls);
        return relisted === undefined
          ? "greeters NOT listed again"
          : `both greeters listed ${seconds(relisted)} after restart`;
      },
      size,
    );
    return row(`registry SIGKILL, restarted after ${seconds(downMs)}`, summary, check, !check.includes("NOT") && summary.failed === 0);
  } finally {
    await restarted?.stop("SIGKILL");
    await setup.cleanup();
  }
}

export async function registryFrozen(size: ChaosSize): Promise<ChaosRow> {
  const setup = await greeterSetup();
  try {
    const urls = setup.greeters.map((greeter) => greeter.url);
    const frozenMs = 3 * leaseMs;
    const { summary, check } = await underLoad(
      setup,
      async () => {
        await freeze(setup.system.registry.child, frozenMs);
        const relisted = await bothListed(setup, urls);
        return relisted === undefined
          ? "greeters NOT listed again"
          : `both greeters listed ${seconds(relisted)} after SIGCONT`;
      },
      size,
    );
    return row(
      `registry SIGSTOP ${seconds(frozenMs)} (3 leases)`,
      summary,
      check,
      !check.includes("NOT") && summary.failed === 0,
    );
  } finally {
    await setup.cleanup();
  }
}

export async function greeterKilled(size: ChaosSize): Promise<ChaosRow> {
  const setup = await greeterSetup();
  try {
    const [victim, survivor] = setup.greeters as [RunningApp, RunningApp];
    const { summary, check } = await underLoad(
      setup,
      async () => {
        await victim.stop("SIGKILL");
        await sleep(1_000);
        const replacement = await setup.system.start("greeter", { SWITCHBOARD_LEASE_TTL_MS: String(leaseMs) });
        const relisted = await bothListed(setup, [survivor.url, replacement.url]);
        return relisted === undefined
          ? "replacement NOT listed"
          : `dead one gone, new one listed (${seconds(relisted)})`;
      },
      size,
    );
    return row(
      "greeter SIGKILL (1 of 2), another started",
      summary,
      check,
      !check.includes("NOT") && summary.failed === 0,
    );
  } finally {
    await setup.cleanup();
  }
}

export async function greeterFrozen(size: ChaosSize): Promise<ChaosRow> {
  const setup = await greeterSetup();
  try {
    const urls = setup.greeters.map((greeter) => greeter.url);
    const [victim] = setup.greeters as [RunningApp];
    const frozenMs = 2 * leaseMs;
    const { summary, check } = await underLoad(
      setup,
      async () => {
        await freeze(victim.child, frozenMs);
        const relisted = await bothListed(setup, urls);
        return relisted === undefined
          ? "frozen one NOT listed again"
          : `frozen one listed again ${seconds(relisted)} after SIGCONT`;
      },
      size,
    );
    return row(`greeter SIGSTOP ${seconds(frozenMs)} (1 of 2, 2 leases)`, summary, check, !check.includes("NOT"));
  } finally {
    await setup.cleanup();
  }
}

function row(fault: string, summary: ReturnType<typeof summarize>, check: string, ok: boolean): ChaosRow {
  return {
    fault,
    load: `${callers} callers, greeter by name (TCP transport)`,
    calls: summary.calls,
    failed: summary.failed,
    recovery: summary.recoveryMs === 0 ? "none needed" : seconds(summary.recoveryMs),
    check,
    ok,
    failures: summary.failures,
  };
}
