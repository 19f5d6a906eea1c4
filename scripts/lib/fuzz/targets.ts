// Every procedure of every process the fuzzer attacks, with a valid example input to bend, whether a valid call would
// change state, and the credentials each is tried with.
import { greeterRouter, shopRouter } from "@switchboard/api";
import {
  buyInput,
  depositInput,
  idempotencyKeySchema,
  logOnInput,
  operatorInput,
  signUpInput,
  statementInput,
} from "@switchboard/api/shop-schema";
import { registryRouter } from "@switchboard/core/registry";
import type { AnyRouter } from "@trpc/server";
import { z } from "zod";
import { inputCheckOf, schemaCheck, type InputCheck } from "./input-check.ts";

export type ProcedureType = "query" | "mutation" | "subscription";
/** How a call proves who it is: no credential, a wrong one, or the real one. */
export type Credential = "none" | "wrong" | "valid";

export interface FuzzProcedure {
  path: string;
  type: ProcedureType;
  /** A valid input (with the real credential in it, where the input carries one), for mutation-based inputs. */
  example?: Record<string, unknown>;
  /** A valid call with the valid credential changes state: such calls get only inputs the schema refuses. */
  changesState: boolean;
  /** The target's header credential guards it: without the valid one, even a valid input must be refused. */
  guarded: boolean;
  /** Answers 200 without the valid credential and changes nothing then (logging out what is no session). */
  harmlessWithoutCredential?: boolean;
  accepts: InputCheck;
}

export interface FuzzTarget {
  label: "registry" | "greeter" | "shop" | "web";
  url: string;
  /** `/trpc` on Switchboard services, `/api/trpc` on the web app. */
  trpcPath: string;
  websocket: boolean;
  /** Credentials that travel in headers (the registry's bearer token, the web app's session cookie). */
  credentials: Credential[];
  headersFor(credential: Credential): Record<string, string>;
  procedures: FuzzProcedure[];
  /** A cheap query that must answer 200 (the liveness probe, and the second call of every batch). */
  probe: { path: string; inputText: string };
}

/** What the fuzzer knows of the running system (set up by fuzz-system.ts). */
export interface FuzzFixtures {
  registryUrl: string;
  registryToken: string;
  greeterUrl: string;
  shopUrl: string;
  shopSession: string;
  shopAccountName: string;
  shopOperatorToken: string;
  webUrl?: string;
  webSessionCookie?: string;
}

const wrongToken = "wrong-token-0123456789abcdef";

function procedureOf(
  router: AnyRouter,
  path: string,
  type: ProcedureType,
  changesState: boolean,
  example?: Record<string, unknown>,
): FuzzProcedure {
  return { path, type, changesState, guarded: false, example, accepts: inputCheckOf(router, path) };
}

export function registryTarget(fixtures: FuzzFixtures): FuzzTarget {
  // Every write needs the token; reads are open (REGISTRY_READS_NEED_TOKEN is off, as by default).
  const r = (path: string, type: ProcedureType, changesState: boolean, example?: Record<string, unknown>) => ({
    ...procedureOf(registryRouter, path, type, changesState, example),
    guarded: type === "mutation",
  });
  return {
    label: "registry",
    url: fixtures.registryUrl,
    trpcPath: "/trpc",
    websocket: true,
    credentials: ["none", "wrong", "valid"],
    headersFor: (credential): Record<string, string> =>
      credential === "none"
        ? {}
        : { authorization: `Bearer ${credential === "valid" ? fixtures.registryToken : wrongToken}` },
    procedures: [
      r("register", "mutation", true, { name: "fuzz.new", url: "http://127.0.0.1:9", tags: ["a"], ttlMs: 60_000 }),
      r("heartbeat", "mutation", true, { leaseId: "0123456789abcdef0123456789abcdef" }),
      r("deregister", "mutation", true, { leaseId: "0123456789abcdef0123456789abcdef" }),
      r("setMetadata", "mutation", true, { name: "fuzz.target", tags: ["b"] }),
      r("remove", "mutation", true, { prefix: "fuzz." }),
      r("lookup", "query", false, { name: "fuzz.target" }),
      r("lookupByTags", "query", false, { tags: ["fuzz"] }),
      r("list", "query", false, { regex: "fuzz\\..*" }),
      r("count", "query", false, { prefix: "fuzz." }),
      r("watch", "subscription", false, { prefix: "fuzz." }),
      r("ping", "query", false),
    ],
    probe: { path: "ping", inputText: "" },
  };
}

export function greeterTarget(fixtures: FuzzFixtures): FuzzTarget {
  return {
    label: "greeter",
    url: fixtures.greeterUrl,
    trpcPath: "/trpc",
    websocket: true,
    credentials: ["none"],
    headersFor: () => ({}),
    procedures: [procedureOf(greeterRouter, "welcomeMessage", "query", false)],
    probe: { path: "welcomeMessage", inputText: '"probe"' },
  };
}

export function shopTarget(fixtures: FuzzFixtures): FuzzTarget {
  const session = fixtures.shopSession;
  const s = (path: string, type: ProcedureType, changesState: boolean, example?: Record<string, unknown>) =>
    procedureOf(shopRouter, path, type, changesState, example);
  return {
    label: "shop",
    url: fixtures.shopUrl,
    trpcPath: "/trpc",
    websocket: true,
    // The shop's credentials travel in the input: every example carries the real session, mutations bend the rest.
    credentials: ["valid"],
    headersFor: () => ({}),
    procedures: [
      s("name", "query", false),
      s("signUp", "mutation", true, { name: "Fuzz New", password: "fuzz-new-password" }),
      // A wrong password: a valid log-on input is refused (and only moves the throttle, which is not money).
      s("logOn", "mutation", false, { name: fixtures.shopAccountName, password: "not-the-password" }),
      s("logOut", "mutation", true, { session }),
      s("balance", "query", false, { session }),
      s("deposit", "mutation", true, { session, amountCents: 500, idempotencyKey: "fuzz-key-1" }),
      s("buy", "mutation", true, { session, priceCents: 300, item: "book", idempotencyKey: "fuzz-key-2" }),
      s("statement", "query", false, { session, limit: 5 }),
      s("allAccounts", "query", false, { operatorToken: fixtures.shopOperatorToken }),
    ],
    probe: { path: "name", inputText: "" },
  };
}

/** The web app's procedures take these inputs (apps/web/src/server/routers): its router is a Next module. */
const webSchemas = {
  directoryList: z.object({
    prefix: z.string().trim().max(256).default(""),
    tag: z.string().trim().max(64).default(""),
  }),
  welcome: z.object({ name: z.string().trim().min(1).max(100) }),
  deposit: depositInput.omit({ session: true }).extend({ idempotencyKey: idempotencyKeySchema }),
  buy: buyInput.omit({ session: true }).extend({ idempotencyKey: idempotencyKeySchema }),
  statement: statementInput.pick({ before: true }),
  consoleProcedures: z.object({ name: z.string().trim().min(1).max(256) }),
  consoleInvoke: z.object({
    name: z.string().trim().min(1).max(256),
    path: z.string().min(1).max(512),
    input: z
      .unknown()
      .optional()
      .refine((value) => value === undefined || JSON.stringify(value).length <= 64 * 1024),
  }),
};
const anything: InputCheck = () => true;

export function webTarget(fixtures: FuzzFixtures): FuzzTarget | undefined {
  if (!fixtures.webUrl || !fixtures.webSessionCookie) return undefined;
  const cookie = fixtures.webSessionCookie;
  // The session cookie guards logOut, deposit, buy and statement (the shop's own procedures behind withSession).
  const sessionOnly = new Set(["shop.logOut", "shop.deposit", "shop.buy", "shop.statement"]);
  const w = (
    path: string,
    type: ProcedureType,
    changesState: boolean,
    accepts: InputCheck,
    example?: Record<string, unknown>,
  ): FuzzProcedure => ({ path, type, changesState, guarded: sessionOnly.has(path), accepts, example });
  return {
    label: "web",
    url: fixtures.webUrl,
    trpcPath: "/api/trpc",
    websocket: false,
    credentials: ["none", "wrong", "valid"],
    headersFor: (credential): Record<string, string> =>
      credential === "none"
        ? {}
        : { cookie: credential === "valid" ? cookie : cookie.replace(/=.*/, "=not-a-session-0123456789") },
    procedures: [
      w("status.services", "query", false, anything),
      w("directory.list", "query", false, schemaCheck(webSchemas.directoryList), { prefix: "fuzz.", tag: "" }),
      w("directory.changes", "subscription", false, anything),
      w("greeter.welcome", "mutation", false, schemaCheck(webSchemas.welcome), { name: "Fuzz" }),
      w("shop.account", "query", false, anything),
      w("shop.signUp", "mutation", true, schemaCheck(signUpInput), { name: "Fuzz Web", password: "fuzz-web-password" }),
      w("shop.logOn", "mutation", false, schemaCheck(logOnInput), {
        name: fixtures.shopAccountName,
        password: "not-the-password",
      }),
      // Takes no input, so with the real cookie every call would log out: tried without it only. A cookie that is no
      // session is logged out too (200, nothing changes); no cookie at all is UNAUTHORIZED.
      { ...w("shop.logOut", "mutation", true, anything), harmlessWithoutCredential: true },
      w("shop.deposit", "mutation", true, schemaCheck(webSchemas.deposit), {
        amountCents: 500,
        idempotencyKey: "fuzz-web-key-1",
      }),
      w("shop.buy", "mutation", true, schemaCheck(webSchemas.buy), {
        priceCents: 300,
        item: "book",
        idempotencyKey: "fuzz-web-key-2",
      }),
      w("shop.statement", "query", false, schemaCheck(webSchemas.statement), { before: 10 }),
      w("shop.allAccounts", "query", false, schemaCheck(operatorInput), {
        operatorToken: fixtures.shopOperatorToken,
      }),
      w("console.procedures", "query", false, schemaCheck(webSchemas.consoleProcedures), { name: "example.greeter" }),
      // Calls any procedure of any registered name (the shop's with the cookie's session): every valid call could
      // write, so only inputs its schema refuses are sent, with any cookie.
      w("console.invoke", "mutation", true, schemaCheck(webSchemas.consoleInvoke), {
        name: "example.shop.Shop",
        path: "deposit",
        input: { amountCents: 500 },
      }),
    ],
    probe: { path: "shop.account", inputText: "" },
  };
}

export function allTargets(fixtures: FuzzFixtures): FuzzTarget[] {
  const web = webTarget(fixtures);
  return [registryTarget(fixtures), greeterTarget(fixtures), shopTarget(fixtures), ...(web ? [web] : [])];
}

/** The transports a procedure is tried on: every path tRPC offers for its type on that process. */
export type Transport = "http" | "http-get" | "http-batch" | "ws" | "sse";

export function transportsFor(target: FuzzTarget, procedure: FuzzProcedure): Transport[] {
  const ws: Transport[] = target.websocket ? ["ws"] : [];
  if (procedure.type === "subscription") return ["sse", "http", ...ws];
  return ["http", "http-get", "http-batch", ...ws];
}
