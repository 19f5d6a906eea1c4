// `npm run screenshots`: the pictures in docs/screenshots/, taken in Debian's chromium against the production build of
// the web app with a registry, a greeter and a shop running — the directory with live call charts, the console, the
// greeter and the shop, on a laptop and on a phone. The browser tests never write them; this command alone does.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { launchChromium } from "./lib/browser.ts";
import { freePort, repositoryRoot, startSystem } from "./lib/processes.ts";
import { buildWeb, startWeb } from "./lib/web.ts";

const folder = path.join(repositoryRoot, "docs/screenshots");
const laptop = { width: 1280, height: 900 };
const phone = { width: 390, height: 844 };

function step(message: string) {
  console.log(`screenshots: ${message}`);
}

step("starting a registry, a greeter and a shop");
const system = await startSystem();
try {
  await Promise.all([system.start("greeter"), system.start("shop")]);
  step("building the web app (next build)");
  await buildWeb();
  const web = await startWeb(await freePort(), { SWITCHBOARD_REGISTRY_URL: system.registryUrl });
  const browser = await launchChromium();
  try {
    mkdirSync(folder, { recursive: true });
    const page = await browser.newPage({ viewport: laptop });
    const save = async (target: Page, name: string) => {
      await target.screenshot({ path: path.join(folder, name), fullPage: true });
      step(`wrote docs/screenshots/${name}`);
    };

    await page.goto(`${web.url}/greeter`);
    await page.getByLabel("What is your name?").fill("Rashmi");
    await page.getByRole("button", { name: "Greet me" }).click();
    await page.getByTestId("greeting").waitFor();
    await save(page, "greeter.png");

    await page.goto(`${web.url}/shop`);
    await page.getByRole("button", { name: "Sign up instead" }).click();
    await page.getByLabel("Account name").fill("Meeta");
    await page.getByLabel("Password").fill("meeta-web-password");
    await page.getByRole("button", { name: "Sign up", exact: true }).click();
    await page.getByLabel("Amount").fill("100.00");
    await page.getByRole("button", { name: "Deposit", exact: true }).click();
    await page.getByTestId("balance").filter({ hasText: "100.00" }).waitFor();
    await page.getByLabel("Item").fill("book");
    await page.getByLabel("Price").fill("37.00");
    await page.getByRole("button", { name: "Buy", exact: true }).click();
    await page.getByTestId("balance").filter({ hasText: "63.00" }).waitFor();
    await page.locator('.statement tr[data-kind="purchase"]').waitFor();
    await save(page, "shop.png");

    // The web server samples an instance's /metrics only while its directory is open: open it, then call.
    await page.goto(`${web.url}/`);
    await page.locator('[data-name="example.greeter"] [data-procedure="welcomeMessage"]').waitFor();
    step("calling the greeter and the shop for 12 s, so the directory's charts have something to show");
    const switchboard = system.switchboard({ transport: "http" });
    const greeter = switchboard.connect("example.greeter");
    const shop = switchboard.connect("example.shop.Shop");
    const until = Date.now() + 12_000;
    const traffic = (async () => {
      for (let round = 1; Date.now() < until; round++) {
        // A rising load with a few refused calls, so every chart moves.
        const calls: Promise<unknown>[] = Array.from({ length: 1 + (round % 8) }, (_, index) =>
          greeter.welcomeMessage.query(`caller ${index}`),
        );
        if (round % 3 === 0)
          calls.push(shop.logOn.mutate({ name: "Meeta", password: "wrong-password" }).catch(() => ""));
        await Promise.all(calls);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    // The picture is taken while the calls still go on, after enough intervals for the lines to have a shape.
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    await page
      .locator('[data-name="example.greeter"] [data-procedure="welcomeMessage"] [data-testid="rate"]')
      .filter({ hasNotText: /^(—|0\/s)$/ })
      .waitFor();
    await save(page, "directory.png");
    await traffic;

    await page.goto(`${web.url}/console?name=example.greeter&procedure=welcomeMessage`);
    await page.getByRole("textbox", { name: /^Input/ }).fill("Rashmi");
    await page.getByRole("button", { name: "Call welcomeMessage" }).click();
    await page.getByTestId("call-result").waitFor();
    await save(page, "console.png");

    await page.goto(`${web.url}/console?name=example.shop.Shop&procedure=deposit`);
    await page.getByLabel("amountCents").fill("-5");
    await page.getByLabel("Check against the schema before sending").uncheck();
    await page.getByRole("button", { name: "Call deposit" }).click();
    await page.getByTestId("call-refusal").waitFor();
    await save(page, "console-refusal.png");

    const small = await browser.newPage({ viewport: phone, isMobile: true });
    await small.context().addCookies(await page.context().cookies());
    await small.goto(`${web.url}/shop`);
    await small.getByTestId("balance").waitFor();
    await save(small, "shop-phone.png");
    await small.goto(`${web.url}/`);
    await small.locator('[data-name="example.greeter"]').waitFor();
    await save(small, "directory-phone.png");
  } finally {
    await browser.close();
    await web.stop();
  }
} finally {
  await system.stopAll();
}
