import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  freePort,
  repositoryRoot,
  startSystem,
  type RunningApp,
  type RunningSystem,
} from "../../scripts/lib/processes.ts";
import { buildWeb, startWeb, type RunningWeb } from "../../scripts/lib/web.ts";

// The production build of apps/web (next build + next start) against real registry, greeter and shop processes,
// driven by Debian's chromium. Screenshots land in docs/screenshots/.
const screenshots = path.join(repositoryRoot, "docs/screenshots");
const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

describe("the web app in a real browser, against the production build", () => {
  let system: RunningSystem;
  let shop: RunningApp;
  let greeter: RunningApp;
  let web: RunningWeb;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    system = await startSystem();
    [greeter, shop] = await Promise.all([system.start("greeter"), system.start("shop")]);
    await buildWeb();
    web = await startWeb(await freePort(), { SWITCHBOARD_REGISTRY_URL: system.registryUrl });
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    mkdirSync(screenshots, { recursive: true });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await system?.stopAll();
  });

  it("loads the production pages quickly (figures printed)", async () => {
    for (const route of ["/", "/greeter", "/shop"]) {
      await page.goto(`${web.url}${route}`, { waitUntil: "load" });
      // Evaluated in the page (a string, so this file needs no DOM types).
      const timing = await page.evaluate<{ domContentLoaded: number; load: number }>(
        `(() => { const [n] = performance.getEntriesByType("navigation");
          return { domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd }; })()`,
      );
      console.log(
        `page load ${route}: DOMContentLoaded ${timing.domContentLoaded.toFixed(0)} ms, load ${timing.load.toFixed(0)} ms`,
      );
      expect(timing.load).toBeGreaterThan(0);
    }
  });

  it("greets through the registry, by keyboard, and says which instance answered", async () => {
    await page.goto(`${web.url}/greeter`);
    await page.getByLabel("What is your name?").focus();
    await page.keyboard.type("Rashmi");
    await page.keyboard.press("Enter");
    await page.getByTestId("greeting").filter({ hasText: "Hi welcome Rashmi" }).waitFor();
    expect(await page.getByText(`answered by ${greeter.url}`).count()).toBe(1);
    await page.screenshot({ path: path.join(screenshots, "greeter.png") });
  });

  it("signs up, deposits 100.00, buys for 37.00, shows 63.00 and both entries; the session is an HttpOnly cookie", async () => {
    await page.goto(`${web.url}/shop`);
    await page.getByRole("button", { name: "Sign up instead" }).click();
    await page.getByLabel("Account name").fill("Meeta");
    await page.getByLabel("Password").fill("meeta-web-password");
    await page.getByRole("button", { name: "Sign up", exact: true }).click();
    await page.getByTestId("balance").filter({ hasText: "0.00" }).waitFor();

    await page.getByLabel("Amount").fill("100.00");
    await page.getByRole("button", { name: "Deposit", exact: true }).click();
    await page.getByTestId("balance").filter({ hasText: "100.00" }).waitFor();
    await page.getByLabel("Item").fill("book");
    await page.getByLabel("Price").fill("37.00");
    await page.getByRole("button", { name: "Buy", exact: true }).click();
    await page.getByTestId("balance").filter({ hasText: "63.00" }).waitFor();

    const rows = page.locator(".statement tbody tr");
    await page.locator('.statement tr[data-kind="purchase"]').waitFor();
    expect(await rows.allInnerTexts()).toEqual([
      expect.stringMatching(/Bought book\s+−37\.00\s+63\.00/) as string,
      expect.stringMatching(/Deposit\s+\+100\.00\s+100\.00/) as string,
    ]);

    const [cookie] = await page.context().cookies();
    expect(cookie).toMatchObject({ name: "switchboard_shop_session", httpOnly: true, sameSite: "Strict" });
    expect(await page.evaluate("localStorage.length")).toBe(0);
    expect(await page.evaluate("document.cookie")).toBe("");
    await page.screenshot({ path: path.join(screenshots, "shop.png"), fullPage: true });
  });

  it("says why a purchase is refused, with the balance and the price, and refuses a bad amount at the form and at the server", async () => {
    await page.goto(`${web.url}/shop`);
    await page.getByLabel("Item").fill("bicycle");
    await page.getByLabel("Price").fill("100.00");
    await page.getByRole("button", { name: "Buy", exact: true }).click();
    await page.getByRole("alert").filter({ hasText: "insufficient funds: balance 63.00, price 100.00" }).waitFor();

    await page.getByLabel("Amount").fill("-5");
    await page.getByRole("button", { name: "Deposit", exact: true }).click();
    await page.getByRole("alert").filter({ hasText: "enter an amount like 12.50" }).waitFor();

    const refused = await page.request.post(`${web.url}/api/trpc/shop.deposit`, {
      data: { amountCents: -5, idempotencyKey: "bad-amount" },
    });
    expect(refused.status()).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { message: "amountCents: amount must be positive" } });
    expect(await page.getByTestId("balance").innerText()).toBe("63.00");
  });

  it("shows all accounts to the operator only", async () => {
    await page.goto(`${web.url}/shop`);
    await page.getByText("Operator view").click();
    await page.getByLabel("Operator token").fill("wrong-token");
    await page.getByRole("button", { name: "Show all accounts" }).click();
    await page.getByRole("alert").filter({ hasText: "wrong operator token" }).waitFor();
    await page.getByLabel("Operator token").fill(system.shopOperatorToken);
    await page.getByRole("button", { name: "Show all accounts" }).click();
    await page.locator(".operator tbody tr").filter({ hasText: "Meeta" }).filter({ hasText: "63.00" }).waitFor();
  });

  it("lists the directory live: a new instance appears and a killed one disappears, without a reload", async () => {
    await page.goto(`${web.url}/`);
    await page.locator('[data-name="example.shop.Shop"]').waitFor();
    await page.screenshot({ path: path.join(screenshots, "directory.png"), fullPage: true });

    const extra = await system.start("greeter", { GREETER_NAME: "acme.extra", SWITCHBOARD_LEASE_TTL_MS: "2000" });
    const row = page.locator(`[data-name="acme.extra"] tr[data-url="${extra.url}"]`);
    await row.waitFor({ timeout: 10_000 });
    await page.getByLabel("Name prefix").fill("acme.");
    await page.locator('[data-name="example.greeter"]').waitFor({ state: "detached" });
    expect(await row.isVisible()).toBe(true);

    await extra.stop("SIGKILL");
    // Gone within its 2 s lease (plus the registry's 1 s sweep), with no reload.
    await row.waitFor({ state: "detached", timeout: 8_000 });
    await page.getByText("No registered services match these filters.").waitFor();
  });

  it("says which service is down, and recovers by itself when it is back", async () => {
    await page.goto(`${web.url}/shop`);
    await shop.stop("SIGKILL");
    const banner = page.getByRole("alert").filter({ hasText: "The shop (example.shop.Shop) is unavailable" });
    await banner.waitFor({ timeout: 10_000 });
    shop = await system.start("shop");
    await banner.waitFor({ state: "detached", timeout: 15_000 });
    await page.getByTestId("balance").filter({ hasText: "63.00" }).waitFor();
  }, 60_000);

  it("fits a phone screen", async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await phone.context().addCookies(await page.context().cookies());
    await phone.goto(`${web.url}/shop`);
    await phone.getByTestId("balance").waitFor();
    const overflow = await phone.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: path.join(screenshots, "shop-phone.png"), fullPage: true });
    await phone.close();
  });
});
