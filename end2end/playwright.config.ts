import { defineConfig } from '@playwright/test';

// Tributary must already be running with the demo estate (scripts/test.sh starts it);
// TRIBUTARY_URL says where. The journeys run signed in: scripts/test.sh makes an account,
// signs it in and hands over the session (E2E_STORAGE_STATE, a Playwright storage state
// with its cookie) and its CSRF token (E2E_CSRF, sent with every request, as a page's
// scripts send it with changes).
const baseURL = process.env.TRIBUTARY_URL ?? 'http://127.0.0.1:3000';
const storageState = process.env.E2E_STORAGE_STATE;
const extraHTTPHeaders: Record<string, string> = process.env.E2E_CSRF ? { 'x-csrf-token': process.env.E2E_CSRF } : {};

// Debian's Chromium; never a downloaded browser. These flags keep it from reaching
// for the network, which this machine does not have.
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
};

export default defineConfig({
  testDir: './tests',
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: './test-results',
  use: { baseURL, launchOptions: chromium, screenshot: 'only-on-failure', storageState, extraHTTPHeaders },
  projects: [
    // Every journey runs twice: as served (no JavaScript) and hydrated.
    { name: 'ssr-no-js', use: { javaScriptEnabled: false } },
    { name: 'hydrated', use: { javaScriptEnabled: true } },
  ],
});
