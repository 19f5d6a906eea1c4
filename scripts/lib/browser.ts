// Debian's chromium, headless, driven through playwright-core (its own browser download cannot work offline).
import { chromium, type Browser } from "playwright-core";

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

/** Launches /usr/bin/chromium (`apt-get install chromium`), as the browser tests and the screenshots use it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
}
