// Headless Chromium from Debian (Playwright cannot download its own build on these machines),
// driven by playwright-core.
import * as fs from 'fs';
import { Browser, chromium } from 'playwright-core';
import { onCleanup } from './cleanup';
import { timeoutFromEnv, withTimeout } from './waits';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that work as root on a machine whose only network is loopback and npm. */
const CHROMIUM_ARGS = [
  '--no-sandbox', // root
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking', // else it keeps dialling Google and gets refused
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`No browser at ${CHROMIUM_PATH}: install it with "apt-get install -y chromium", or set CHROMIUM_PATH`);
  }
  const launchTimeoutMs = timeoutFromEnv('MI_BROWSER_LAUNCH_TIMEOUT', 60_000);
  let browser: Browser;
  try {
    browser = await withTimeout(
      chromium.launch({
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: CHROMIUM_ARGS,
        timeout: launchTimeoutMs,
        // The harness stops the browser itself, in order, on these signals.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      }),
      launchTimeoutMs + 5000,
      `Chromium (${CHROMIUM_PATH}) to start`,
    );
  } catch (error) {
    throw new Error(`Chromium (${CHROMIUM_PATH}) did not start: ${(error as Error).message.split('\n')[0]}`);
  }
  const unregister = onCleanup('close Chromium', () => browser.close());
  browser.once('disconnected', unregister);
  return browser;
}
