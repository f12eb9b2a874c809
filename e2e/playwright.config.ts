// Playwright configuration for Sekisho's browser tests.
//
// The tests drive the admin UI of `sekisho serve` with the system Chromium:
// no browser is ever downloaded (never run `npx playwright install`). Each
// test file gets its own server on fresh ports and a fresh data directory;
// see fixtures.ts.
import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

/** Where Chromium or Chrome usually lives; the first that exists is used. */
function chromiumPath(): string {
  const fromEnv = process.env.SEKISHO_CHROMIUM;
  if (fromEnv) return fromEnv;
  const candidates: Record<string, string[]> = {
    linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'],
    darwin: [
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    ],
    win32: [
      'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
      'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
    ],
  };
  return (candidates[process.platform] ?? []).find((p) => existsSync(p)) ?? '/usr/bin/chromium';
}

export default defineConfig({
  testDir: './tests',
  // One worker: tests start real servers and Chromium on a 2-core machine.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: './test-results',
  use: {
    browserName: 'chromium',
    // The UI picks its language from the browser locale: test the Japanese UI.
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    // The portal and gateway use certificates from Sekisho's own CA.
    ignoreHTTPSErrors: true,
    actionTimeout: 10_000,
    navigationTimeout: 20_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
