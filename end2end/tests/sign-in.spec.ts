import { test, expect, Page } from '@playwright/test';
import { execFileSync, spawn, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { freePort, open, reloadUntil } from './support';

// Sign-in, roles and sessions in the browser, on a Tributary of its own (accounts end
// the first-run mode the other journeys run in): the demo estate's broker and registry,
// a fresh store with a steward and a viewer made on the command line, and
// `auth.anonymous = "read"`. Nobody signed in reads; the viewer sees no button to record
// and a forged request is refused; the steward tags a topic under their own name; signing
// out ends the session. On the Access page an admin makes an account and sees every
// account's name as written, and anyone signed in makes, uses and revokes a token.

// Nobody signed in to begin with: not the demo server's session.
test.use({ storageState: { cookies: [], origins: [] }, extraHTTPHeaders: {} });

const binary = path.resolve(__dirname, '../../target/debug/tributary');
const password = 'a long enough password';
let server: ChildProcess | undefined;
let base = '';

test.beforeAll(async () => {
  const broker = process.env.BROKER_URL?.replace('tcp://', '');
  const registry = process.env.REGISTRY_URL;
  if (!broker || !registry) throw new Error('BROKER_URL and REGISTRY_URL must be set (scripts/test.sh sets them)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-sign-in-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const config = path.join(dir, 'tributary.toml');
  fs.writeFileSync(config, [
    '[server]', `listen = "127.0.0.1:${port}"`, `site_root = "${path.resolve(__dirname, '../../target/site')}"`,
    '[store]', `url = "sqlite://${dir}/signed.db"`,
    '[ingest]', 'poll_interval_secs = 1',
    '[auth]', 'anonymous = "read"',
    '[[clusters]]', 'alias = "local"', `bootstrap_servers = "${broker}"`,
    '[[schema_registries]]', 'name = "main"', `url = "${registry}"`, 'clusters = ["local"]', '',
  ].join('\n'));
  for (const [name, role] of [['stella <steward>', 'steward'], ['vera', 'viewer'], ['ada', 'admin']]) {
    execFileSync(binary, ['--config', config, 'user', 'add', name, '--role', role], { input: `${password}\n` });
  }
  server = spawn(binary, ['--config', config, 'serve'], { stdio: 'ignore' });
  await expect(async () => {
    const ready = await fetch(`${base}/readyz`);
    expect(ready.ok).toBe(true);
  }).toPass({ timeout: 30_000 });
});

test.afterAll(() => {
  server?.kill();
});

async function signIn(page: Page, name: string) {
  await open(page, `${base}/sign-in?next=/topic%3Fcluster%3Dlocal%26name%3Dshop.orders`);
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${base}/topic?cluster=local&name=shop.orders`);
  await expect(page.getByTestId('signed-in')).toContainText(name);
}

async function signOut(page: Page) {
  await page.getByTestId('signed-in').getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(new RegExp(`${base}/sign-in`));
}

test('nobody signed in reads; a viewer cannot record, even by forging; a steward tags under their name', async ({ page }) => {
  const project = test.info().project.name;
  const topicPage = `${base}/topic?cluster=local&name=shop.orders`;
  await open(page, topicPage);
  await reloadUntil(page, () => expect(page.getByRole('heading', { name: 'shop.orders' })).toBeVisible({ timeout: 1_000 }));
  await expect(page.getByTestId('anonymous-banner')).toContainText('you may read the catalog');
  await expect(page.getByRole('button', { name: 'Record' })).toHaveCount(0);

  await page.getByText('Sign in', { exact: true }).first().click();
  await expect(page).toHaveURL(`${base}/sign-in`);
  await page.getByRole('textbox', { name: 'Name' }).fill('vera');
  await page.getByLabel('Password').fill('not the password at all');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('do not match an account');

  await signIn(page, 'vera');
  await expect(page.getByTestId('anonymous-banner')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Record' })).toHaveCount(0);
  await expect(page.getByTestId('steward-only').first()).toBeVisible();
  // The viewer's own session, with its CSRF token, asks anyway: refused.
  const csrf = await page.getByTestId('signed-in').locator('input[name="csrf"]').getAttribute('value');
  const forged = await page.request.post(`${base}/api/v1/classification/topic-tags`, {
    headers: { 'x-csrf-token': csrf ?? '' },
    data: { cluster: 'local', topic: 'shop.orders', category: 'PII', tagged: true, reason: 'forged' },
  });
  expect(forged.status()).toBe(403);
  expect((await forged.json()).error.message).toContain('steward');
  await signOut(page);
  const after = await page.request.get(`${base}/api/v1/topics`);
  expect(after.status()).toBe(200); // anonymous read, the session gone
  const tokens = await page.request.get(`${base}/api/v1/tokens`);
  expect(tokens.status()).toBe(401);

  await signIn(page, 'stella <steward>');
  await page.getByText('Tag the whole topic').click();
  const form = page.getByRole('form', { name: 'Tag the whole topic' });
  await expect(form.getByRole('textbox', { name: 'Who decides' })).toHaveCount(0);
  await form.getByRole('textbox', { name: 'Reason' }).fill(`the order notes carry customers' names (${project})`);
  await form.getByRole('button', { name: 'Record' }).click();
  await reloadUntil(page, () => expect(page.getByTestId('topic-tag')).toContainText(
    `tagged by hand by stella <steward>: the order notes carry customers' names (${project})`, { timeout: 1_000 }));
  await page.screenshot({ path: `test-results/signed-in-steward-${project}.png`, fullPage: true });
  // A form from another site's page is refused, session or not.
  const crossSite = await page.request.post(`${base}/_sfn/tag_topic`, {
    headers: { origin: 'https://evil.example' },
    form: { cluster: 'local', topic: 'shop.orders', category: 'PII', tagged: 'false', reason: 'x', csrf: csrf ?? '' },
  });
  expect(crossSite.status()).toBe(403);
  await signOut(page);
  await expect(page.getByTestId('anonymous-banner')).toBeVisible();
});

test('the Access page: an admin makes an account; a token is made, shown once, used and revoked', async ({ page }) => {
  const project = test.info().project.name;
  await signIn(page, 'ada');
  await page.getByTestId('signed-in').getByRole('link', { name: 'Access' }).click();
  await expect(page).toHaveURL(`${base}/access`);
  const accounts = page.getByTestId('account-row');
  await expect(accounts.filter({ hasText: 'stella <steward>' })).toContainText('steward');
  await expect(page.locator('steward')).toHaveCount(0); // a name, never markup

  const officer = `olga <officer> ${project}`;
  const form = page.getByRole('form', { name: 'Make an account' });
  await form.getByRole('textbox', { name: 'Name' }).fill(officer);
  await form.getByLabel('Role').selectOption('compliance-officer');
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Make the account' }).click();
  if (project === 'hydrated') {
    // The answer comes back to the page itself (no navigation to wait for).
    await expect(form.getByRole('status')).toContainText(`Account “${officer}” made with the role compliance-officer.`);
  }
  await reloadUntil(page, () => expect(page.getByTestId('account-row').filter({ hasText: officer }))
    .toContainText('compliance-officer', { timeout: 1_000 }));

  if (project === 'ssr-no-js') {
    // The secret can only be shown by the page that made it: without JavaScript the page
    // says how else to make one, and offers no form that would lose it.
    await expect(page.getByRole('form', { name: 'Make a token' })).toHaveCount(0);
    await expect(page.getByTestId('token-without-script')).toContainText('tributary token add');
    return;
  }
  const tokenForm = page.getByRole('form', { name: 'Make a token' });
  await tokenForm.getByRole('textbox', { name: 'Label' }).fill('browser test <token>');
  await tokenForm.getByLabel('reports').check();
  await tokenForm.getByRole('button', { name: 'Make the token' }).click();
  const secret = (await page.getByTestId('new-token').textContent()) ?? '';
  expect(secret).toMatch(/^trb_/);
  const row = page.getByTestId('token-row').filter({ hasText: 'browser test <token>' });
  await expect(row).toContainText('read, reports');
  await expect(page.locator('token')).toHaveCount(0); // the label is text, never markup
  const asToken = await page.request.get(`${base}/api/v1/audit`, { headers: { authorization: `Bearer ${secret}` } });
  expect(asToken.status()).toBe(200);
  await row.getByRole('button', { name: 'Revoke' }).click();
  await expect(row).toContainText('revoked');
  const revoked = await page.request.get(`${base}/api/v1/topics`, { headers: { authorization: `Bearer ${secret}` } });
  expect(revoked.status()).toBe(401);
  await page.reload();
  await expect(page.getByTestId('new-token')).toHaveCount(0); // shown once
  await page.screenshot({ path: `test-results/access-page-${project}.png`, fullPage: true });
});
