import { initTRPC } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { connectUrl } from "../client/switchboard.ts";
import { initService, type SwitchboardMeta } from "../trpc.ts";
import { describeRouter, type ServiceDescription } from "./describe.ts";
import { serveRouter, type ServingRouter } from "./serve.ts";

const t = initService<object>();
const accountRouter = t.router({
  deposit: t.procedure
    .meta({ idempotent: { key: "idempotencyKey" } })
    .input(
      z.object({
        session: z.string(),
        amountCents: z.number().int().positive(),
        idempotencyKey: z.string().optional(),
      }),
    )
    .output(z.object({ balanceCents: z.number().int() }))
    .mutation(({ input }) => ({ balanceCents: input.amountCents })),
  ping: t.procedure.query(() => "pong"),
  // JSON Schema has no date, and a custom parser function has no schema at all: both must not break the description.
  at: t.procedure.input(z.object({ when: z.date(), note: z.string() })).query(() => 1),
  custom: t.procedure.input((value: unknown) => String(value)).query(({ input }) => input),
  stamp: t.procedure.meta({ idempotent: true }).mutation(() => 1),
  nested: t.router({ list: t.procedure.input(z.object({ limit: z.number().default(10) })).query(() => []) }),
});

describe("GET /describe", () => {
  let serving: ServingRouter;
  let description: ServiceDescription;
  beforeAll(async () => {
    serving = await serveRouter({
      router: accountRouter,
      createContext: () => ({}),
      host: "127.0.0.1",
      port: 0,
      name: "acme.accounts",
    });
    const response = await fetch(`${serving.url}/describe`);
    expect(response.status).toBe(200);
    description = (await response.json()) as ServiceDescription;
  });
  afterAll(() => serving.close());

  it("lists every procedure with its kind, declarations and input and output as JSON Schema", () => {
    expect(description.name).toBe("acme.accounts");
    expect(description.procedures.map((procedure) => procedure.path)).toEqual([
      "at",
      "custom",
      "deposit",
      "nested.list",
      "ping",
      "stamp",
    ]);
    const deposit = description.procedures.find((procedure) => procedure.path === "deposit");
    expect(deposit).toMatchObject({
      type: "mutation",
      idempotent: { key: "idempotencyKey" },
      input: {
        type: "object",
        properties: { session: { type: "string" }, amountCents: { type: "integer", exclusiveMinimum: 0 } },
        required: ["session", "amountCents"],
      },
      output: { type: "object", properties: { balanceCents: { type: "integer" } } },
    });
    expect(description.procedures.find((procedure) => procedure.path === "stamp")).toMatchObject({
      idempotent: true,
      input: null,
      output: null,
    });
    // The input side of a default: the field may be left out.
    const list = description.procedures.find((procedure) => procedure.path === "nested.list");
    expect(list?.input).toMatchObject({ type: "object", properties: { limit: { type: "number", default: 10 } } });
    expect((list?.input as { required?: string[] }).required ?? []).not.toContain("limit");
  });

  it("describes what JSON Schema cannot express as anything, rather than failing", () => {
    const at = description.procedures.find((procedure) => procedure.path === "at");
    expect(at?.input).toMatchObject({ type: "object", properties: { when: {}, note: { type: "string" } } });
    expect(description.procedures.find((procedure) => procedure.path === "custom")?.input).toEqual({});
  });

  it("hashes the API so that the same procedures give the same hash, and any change another", () => {
    expect(description.schemaHash).toMatch(/^[\da-f]{16}$/);
    expect(describeRouter(accountRouter).schemaHash).toBe(description.schemaHash);
    const reordered = t.router({
      ping: t.procedure.query(() => "pong"),
      stamp: t.procedure.meta({ idempotent: true }).mutation(() => 1),
    });
    const sameTwo = t.router({
      stamp: t.procedure.meta({ idempotent: true }).mutation(() => 1),
      ping: t.procedure.query(() => "pong"),
    });
    expect(describeRouter(reordered).schemaHash).toBe(describeRouter(sameTwo).schemaHash);
    const changed = t.router({ ping: t.procedure.query(() => "pong"), stamp: t.procedure.mutation(() => 1) });
    expect(describeRouter(changed).schemaHash).not.toBe(describeRouter(sameTwo).schemaHash);
  });

  it("describes routers made with their own initTRPC", () => {
    const own = initTRPC.meta<SwitchboardMeta>().create();
    const router = own.router({ add: own.procedure.input(z.object({ a: z.number() })).query(() => 1) });
    expect(describeRouter(router).procedures).toEqual([
      {
        path: "add",
        type: "query",
        idempotent: false,
        input: expect.objectContaining({ type: "object", properties: { a: { type: "number" } } }) as unknown,
        output: null,
      },
    ]);
  });
});

describe("serveRouter({ describe: false })", () => {
  let serving: ServingRouter;
  beforeAll(async () => {
    serving = await serveRouter({
      router: accountRouter,
      createContext: () => ({}),
      host: "127.0.0.1",
      port: 0,
      describe: false,
    });
  });
  afterAll(() => serving.close());

  it("answers 404 at /describe and still serves calls", async () => {
    expect((await fetch(`${serving.url}/describe`)).status).toBe(404);
    expect(serving.description).toBeUndefined();
    const client = connectUrl<typeof accountRouter>(serving.url, { transport: "http" });
    expect(await client.ping.query()).toBe("pong");
  });
});
