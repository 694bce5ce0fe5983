import { test, expect, Page } from '@playwright/test';
import { spawn, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { freePort, open, reloadUntil } from './support';

// Sign-in through a real OpenID Connect provider (scripts/oidc-provider: zitadel/oidc's
// provider with its own login form), on a Tributary of its own configured for it: its
// client secret from the environment, the `groups` claim mapped to roles, nobody reading
// without signing in. A steward signs in at the provider, lands on the page they asked
// for, tags the topic under their name and signs out; a viewer sees no button to record
// and a forged request is refused; a person whose groups map to no role is told so.

// Nobody signed in to begin with: not the demo server's session.
test.use({ storageState: { cookies: [], origins: [] }, extraHTTPHeaders: {} });

const binary = path.resolve(__dirname, '../../target/debug/tributary');
const providerProgram = process.env.TRIBUTARY_OIDC_PROVIDER;
const providerPassword = 'provider password 1';
const clientSecret = 'browser-test-client-secret';
const processes: ChildProcess[] = [];
let base = '';

test.beforeAll(async () => {
  const broker = process.env.BROKER_URL?.replace('tcp://', '');
  const registry = process.env.REGISTRY_URL;
  if (!broker || !registry) throw new Error('BROKER_URL and REGISTRY_URL must be set (scripts/test.sh sets them)');
  if (!providerProgram) throw new Error('TRIBUTARY_OIDC_PROVIDER must name the built provider (scripts/test.sh sets it)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-oidc-'));
  const [port, providerPort] = [await freePort(), await freePort()];
  base = `http://127.0.0.1:${port}`;
  const issuer = `http://127.0.0.1:${providerPort}/`;
  const users = [
    { id: 'u1', username: 'stella-sso', password: providerPassword, email: 'stella@example.com', groups: ['staff', 'data-stewards'] },
    { id: 'u2', username: 'vera-sso', password: providerPassword, email: 'vera@example.com', groups: ['staff'] },
    { id: 'u3', username: 'sam-sso', password: providerPassword, email: 'sam@example.com', groups: ['sales'] },
  ];
  fs.writeFileSync(path.join(dir, 'users.json'), JSON.stringify(users));
  processes.push(spawn(providerProgram, ['-port', `${providerPort}`, '-client-id', 'tributary', '-client-secret', clientSecret,
    '-redirect', `${base}/auth/oidc/callback`, '-users', path.join(dir, 'users.json')], { stdio: 'ignore' }));
  const config = path.join(dir, 'tributary.toml');
  fs.writeFileSync(config, [
    '[server]', `listen = "127.0.0.1:${port}"`, `site_root = "${path.resolve(__dirname, '../../target/site')}"`,
    '[store]', `url = "sqlite://${dir}/oidc.db"`,
    '[ingest]', 'poll_interval_secs = 1',
    '[auth.oidc]', `issuer = "${issuer}"`, 'client_id = "tributary"', 'client_secret = "${env:TEST_OIDC_SECRET}"',
    `redirect_url = "${base}/auth/oidc/callback"`, 'scopes = ["profile", "email", "groups"]', 'label = "Test SSO"',
    '[auth.oidc.roles]', 'staff = "viewer"', 'data-stewards = "steward"',
    '[[clusters]]', 'alias = "local"', `bootstrap_servers = "${broker}"`,
    '[[schema_registries]]', 'name = "main"', `url = "${registry}"`, 'clusters = ["local"]', '',
  ].join('\n'));
  processes.push(spawn(binary, ['--config', config, 'serve'], {
    stdio: 'ignore', env: { ...process.env, TEST_OIDC_SECRET: clientSecret },
  }));
  await expect(async () => {
    expect((await fetch(`${base}/readyz`)).ok).toBe(true);
    expect((await fetch(`${issuer}.well-known/openid-configuration`)).ok).toBe(true);
  }).toPass({ timeout: 30_000 });
});

test.afterAll(() => {
  for (const child of processes) child.kill();
});

const topicPath = '/topic?cluster=local&name=shop.orders';

/// From a page that needs signing in, through the provider's own login form, and back.
async function signInAtProvider(page: Page, username: string) {
  await open(page, `${base}${topicPath}`);
  await expect(page).toHaveURL(new RegExp(`${base}/sign-in\\?next=`));
  await page.getByRole('link', { name: 'Sign in with Test SSO' }).click();
  await expect(page).toHaveTitle('Login'); // the provider's page, not ours
  await page.getByLabel('Username:').fill(username);
  await page.getByLabel('Password:').fill(providerPassword);
  await page.getByRole('button', { name: 'Login' }).click();
}

test('people sign in through the OpenID Connect provider, with the role their groups give', async ({ page }) => {
  // Three sign-ins at the provider's own form, a change and a sign-out, across two
  // servers: more than the suite's 30 s on a loaded machine.
  test.setTimeout(60_000);
  const project = test.info().project.name;
  const unauthenticated = await page.request.get(`${base}/api/v1/topics`);
  expect(unauthenticated.status()).toBe(401);

  await signInAtProvider(page, 'sam-sso');
  await expect(page).toHaveURL(new RegExp(`${base}/sign-in\\?failed=no-role`));
  await expect(page.getByRole('alert')).toContainText('has no role in Tributary');

  await signInAtProvider(page, 'vera-sso');
  await expect(page).toHaveURL(`${base}${topicPath}`);
  await expect(page.getByTestId('signed-in')).toContainText('vera-sso · viewer');
  await reloadUntil(page, () => expect(page.getByRole('heading', { name: 'shop.orders' })).toBeVisible({ timeout: 1_000 }));
  await expect(page.getByRole('button', { name: 'Record' })).toHaveCount(0);
  const csrf = await page.getByTestId('signed-in').locator('input[name="csrf"]').getAttribute('value');
  const forged = await page.request.post(`${base}/api/v1/classification/topic-tags`, {
    headers: { 'x-csrf-token': csrf ?? '' },
    data: { cluster: 'local', topic: 'shop.orders', category: 'PII', tagged: true, reason: 'forged' },
  });
  expect(forged.status()).toBe(403);
  await page.getByTestId('signed-in').getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(new RegExp(`${base}/sign-in`));

  await signInAtProvider(page, 'stella-sso');
  await expect(page).toHaveURL(`${base}${topicPath}`);
  await expect(page.getByTestId('signed-in')).toContainText('stella-sso · steward');
  await page.getByText('Tag the whole topic').click();
  const form = page.getByRole('form', { name: 'Tag the whole topic' });
  await form.getByRole('textbox', { name: 'Reason' }).fill(`signed in through the provider (${project})`);
  await form.getByRole('button', { name: 'Record' }).click();
  await reloadUntil(page, () => expect(page.getByTestId('topic-tag')).toContainText(
    `tagged by hand by stella-sso: signed in through the provider (${project})`, { timeout: 1_000 }));
  await page.screenshot({ path: `test-results/oidc-signed-in-steward-${project}.png`, fullPage: true });
  // The header with a signed-in account fits the window: nothing to scroll sideways for.
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(widths[0]).toBeLessThanOrEqual(widths[1]);
  await page.getByTestId('signed-in').getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(new RegExp(`${base}/sign-in`));
  expect((await page.request.get(`${base}/api/v1/topics`)).status()).toBe(401);
});
