import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSystem, type RunningApp, type RunningSystem } from "../../scripts/lib/processes.ts";
import type { WebContext } from "../../apps/web/src/server/context.ts";
import type { consoleRouter } from "../../apps/web/src/server/routers/console.ts";
import type { directoryRouter } from "../../apps/web/src/server/routers/directory.ts";

// The web app's console procedures called in-process (the router the Next server runs) against a real registry,
// greeter and shop: what the browser test drives through the page, with the cases a page cannot produce.
let system: RunningSystem;
let greeter: RunningApp;
// The console's and the directory's part of the web router, as the Next server mounts them.
interface ConsoleCaller {
  console: ReturnType<typeof consoleRouter.createCaller>;
  directory: ReturnType<typeof directoryRouter.createCaller>;
}
let createCaller: (ctx: WebContext) => ConsoleCaller;

/** A browser's request as the router sees it: a session cookie, or none, and what the response set. */
function visitor(session?: string) {
  const cookie: { session?: string; expiresAt?: number } = { session };
  const ctx: WebContext = {
    get session() {
      return cookie.session;
    },
    setSession: (token, expiresAt) => Object.assign(cookie, { session: token, expiresAt }),
    clearSession: () => delete cookie.session,
  };
  return { cookie, caller: createCaller(ctx) };
}

beforeAll(async () => {
  system = await startSystem();
  [greeter] = await Promise.all([system.start("greeter"), system.start("shop")]);
  // The web server reads its registry from the environment once, when it first needs it.
  process.env.SWITCHBOARD_REGISTRY_URL = system.registryUrl;
  const { t } = await import("../../apps/web/src/server/trpc.ts");
  const routers = {
    console: (await import("../../apps/web/src/server/routers/console.ts")).consoleRouter,
    directory: (await import("../../apps/web/src/server/routers/directory.ts")).directoryRouter,
  };
  createCaller = t.createCallerFactory(t.router(routers));
}, 60_000);

afterAll(async () => {
  const { webServices } = await import("../../apps/web/src/server/switchboard.ts");
  const { instanceSampler } = await import("../../apps/web/src/server/metrics/instance-sampler.ts");
  instanceSampler().stop();
  webServices().switchboard.close();
  await system?.stopAll();
});

describe("the web app's call console, against real services", () => {
  it("lists a name's procedures with their input schemas, and which field the server fills in", async () => {
    const { caller } = visitor();
    const greeterOffer = await caller.console.procedures({ name: "example.greeter" });
    expect(greeterOffer.procedures).toEqual([
      expect.objectContaining({
        path: "welcomeMessage",
        type: "query",
        input: expect.objectContaining({ type: "string", maxLength: 1000 }) as object,
        filledByServer: null,
      }),
    ]);
    const shop = await caller.console.procedures({ name: "example.shop.Shop" });
    const byPath = new Map(shop.procedures.map((procedure) => [procedure.path, procedure]));
    expect(byPath.get("deposit")).toMatchObject({ type: "mutation", filledByServer: "session" });
    expect(byPath.get("logOn")).toMatchObject({ type: "mutation", filledByServer: null });
  });

  it("answers the service's result, or its refusal with code, message and zod's issues", async () => {
    const { caller } = visitor();
    expect(
      await caller.console.invoke({ name: "example.greeter", path: "welcomeMessage", input: "Rashmi" }),
    ).toMatchObject({
      ok: true,
      data: "Hi welcome Rashmi",
      instance: greeter.url,
    });
    const refused = await caller.console.invoke({ name: "example.greeter", path: "welcomeMessage", input: 42 });
    expect(refused).toMatchObject({ ok: false, refusal: { code: "BAD_REQUEST", httpStatus: 400 } });
    expect(refused.ok === false && refused.refusal.zodError?.formErrors.length).toBeGreaterThan(0);
  });

  it("acts on the shop as the logged-on visitor: the session comes from the cookie and a new one goes into it", async () => {
    const anonymous = visitor();
    await expect(
      anonymous.caller.console.invoke({ name: "example.shop.Shop", path: "deposit", input: { amountCents: 100 } }),
    ).rejects.toMatchObject({ code: "UNAUTHORIZED", message: "log on to the shop first" });

    const signedUp = await anonymous.caller.console.invoke({
      name: "example.shop.Shop",
      path: "signUp",
      input: { name: "Rashmi", password: "rashmi-console-password" },
    });
    // The page sees no token; the cookie holds it.
    expect(signedUp).toMatchObject({
      ok: true,
      data: { name: "Rashmi", session: expect.stringContaining("cookie") as string },
    });
    expect(anonymous.cookie.session).toMatch(/^\S{20,}$/);

    const deposit = await anonymous.caller.console.invoke({
      name: "example.shop.Shop",
      path: "deposit",
      // A session typed into the page is not the one used.
      input: { amountCents: 2_500, session: "typed-by-the-page" },
    });
    expect(deposit).toMatchObject({ ok: true, data: { balanceCents: 2_500 } });
    const other = visitor("not-a-session");
    expect(await other.caller.console.invoke({ name: "example.shop.Shop", path: "balance", input: {} })).toMatchObject({
      ok: false,
      refusal: { code: "UNAUTHORIZED" },
    });
  });

  it("calls only described queries and mutations of registered names, with bounded input", async () => {
    const { caller } = visitor();
    await expect(caller.console.invoke({ name: "acme.nowhere", path: "x" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "acme.nowhere is not registered",
    });
    await expect(caller.console.invoke({ name: "example.greeter", path: "__proto__" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "example.greeter has no procedure __proto__",
    });
    await expect(
      caller.console.invoke({ name: "switchboard.registry", path: "watch", input: {} }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const tooLarge = caller.console.invoke({
      name: "example.greeter",
      path: "welcomeMessage",
      input: "x".repeat(70_000),
    });
    await expect(tooLarge).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(tooLarge).rejects.toThrow("input must be at most 65536 bytes of JSON");
    // The web server holds no registry token: the registry refuses its writes.
    const takeover = await caller.console.invoke({
      name: "switchboard.registry",
      path: "remove",
      input: { name: "example.greeter" },
    });
    expect(takeover).toMatchObject({ ok: false, refusal: { code: "UNAUTHORIZED" } });
    const { instances } = await system.switchboard().registry.lookup.query({ name: "example.greeter" });
    expect(instances.map((instance) => instance.url)).toEqual([greeter.url]);
  });

  it("reads each instance's calls from its /metrics into the directory", async () => {
    const { caller } = visitor();
    const row = async () => {
      const { names } = await caller.directory.list({ prefix: "example.greeter", tag: "" });
      return names[0]?.instances[0]?.insight ?? undefined;
    };
    expect((await row())?.description?.procedures.map((procedure) => procedure.path)).toEqual(["welcomeMessage"]);
    const client = system.switchboard().connect("example.greeter");
    for (let round = 0; round < 30; round++) {
      await Promise.all(Array.from({ length: 10 }, () => client.welcomeMessage.query("metrics")));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const points = (await row())?.calls.welcomeMessage ?? [];
    expect(points.some((point) => point.rate > 1 && point.p99Ms !== null && point.errorRate === 0)).toBe(true);
    expect((await row())?.health.every((mark) => mark.up)).toBe(true);
  }, 30_000);
});
