import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../scripts/lib/browser.ts";
import { freePort, startSystem, type RunningSystem } from "../../scripts/lib/processes.ts";
import { buildWebIfStale } from "../../scripts/lib/web-build-if-stale.ts";
import { startWeb, type RunningWeb } from "../../scripts/lib/web.ts";

// The web app's security in Debian's chromium against the production build and real services: the session cookie's
// attributes, mutations refused from another origin (CSRF), and registered names, tags and item names shown as text,
// never run as markup.
// Each payload sets a global if it ever runs as script.
const markupName = `acme.<img src=x onerror="window.__ran='name'">`;
const markupTag = `<svg onload="window.__ran='tag'">`;
const markupItem = `<script>window.__ran='item'</script><img src=x onerror="window.__ran='item'">`;

describe("the web app's security, in a real browser", () => {
  let system: RunningSystem;
  let web: RunningWeb;
  let browser: Browser;
  let page: Page;
  let attacker: http.Server;
  let attackerUrl: string;
  const dialogs: string[] = [];

  beforeAll(async () => {
    system = await startSystem();
    await Promise.all([
      system.start("greeter"),
      system.start("shop"),
      system.start("greeter", { GREETER_NAME: markupName, GREETER_TAGS: markupTag }),
    ]);
    await buildWebIfStale(() => undefined);
    web = await startWeb(await freePort(), { SWITCHBOARD_REGISTRY_URL: system.registryUrl });
    // Another port of the same host: the same *site* as the web app, so SameSite=Strict cookies are sent from it.
    attacker = http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(`<!doctype html><form id="f" method="post" enctype="multipart/form-data"
        action="${web.url}/api/trpc/shop.logOut"><input name="x" value="1"></form>
        <script>document.getElementById("f").submit()</script>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
    browser = await launchChromium();
    page = await browser.newPage();
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    attacker?.closeAllConnections();
    if (attacker) await new Promise((resolve) => attacker.close(resolve));
    await web?.stop();
    await system?.stopAll();
  });

  const ran = () => page.evaluate<unknown>("window.__ran");

  it("sets the session cookie HttpOnly and SameSite=Strict, and Secure behind an HTTPS proxy", async () => {
    const signUp = (headers: Record<string, string>, name: string) =>
      fetch(`${web.url}/api/trpc/shop.signUp`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ name, password: `${name}-password` }),
      });
    const plain = (await signUp({}, "Plain")).headers.get("set-cookie") ?? "";
    expect(plain).toMatch(/HttpOnly/);
    expect(plain).toMatch(/SameSite=Strict/);
    expect(plain).not.toMatch(/Secure/);
    const proxied = await signUp({ "x-forwarded-proto": "https" }, "Proxied");
    expect(proxied.headers.get("set-cookie")).toMatch(/; Secure/);
  });

  it("refuses a mutation from another origin with 403 FORBIDDEN, and a same-site form cannot log the visitor out", async () => {
    await page.goto(`${web.url}/shop`);
    const signed = await page.request.post(`${web.url}/api/trpc/shop.signUp`, {
      data: { name: "Visitor", password: "visitor-password" },
    });
    expect(signed.status()).toBe(200);
    const foreign = await page.request.post(`${web.url}/api/trpc/shop.deposit`, {
      headers: { origin: attackerUrl },
      data: { amountCents: 100, idempotencyKey: "csrf-deposit" },
    });
    expect(foreign.status()).toBe(403);
    expect(await foreign.json()).toMatchObject({
      error: { message: expect.stringContaining(`a request from ${attackerUrl}`) as string, data: { code: "FORBIDDEN" } },
    });

    // The attacker's page submits a form to logOut from its own origin, with the visitor's cookie.
    await page.goto(attackerUrl);
    await page.waitForURL(`${web.url}/api/trpc/shop.logOut`);
    expect(await page.locator("body").innerText()).toContain("FORBIDDEN");
    const account = await page.request.get(`${web.url}/api/trpc/shop.account`);
    expect(await account.json()).toMatchObject({ result: { data: { name: "Visitor", balanceCents: 0 } } });

    // The app's own page still may.
    await page.goto(`${web.url}/shop`);
    await page.getByLabel("Amount").fill("1.00");
    await page.getByRole("button", { name: "Deposit", exact: true }).click();
    await page.getByTestId("balance").filter({ hasText: "1.00" }).waitFor();
  });

  it("shows a registered name and tag with markup in them as text in the directory; nothing runs", async () => {
    await page.goto(`${web.url}/`);
    await page.getByText(markupName).first().waitFor();
    await page.getByText(markupTag).first().waitFor();
    expect(await ran()).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it("shows an item name with markup in it as text in the statement; nothing runs", async () => {
    const bought = await page.request.post(`${web.url}/api/trpc/shop.buy`, {
      data: { priceCents: 50, item: markupItem, idempotencyKey: "markup-item" },
    });
    expect(bought.status()).toBe(200);
    await page.goto(`${web.url}/shop`);
    await page.locator('.statement tr[data-kind="purchase"]').filter({ hasText: "window.__ran" }).waitFor();
    expect(await ran()).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });
});
