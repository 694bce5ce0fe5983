import { test, expect, Page } from '@playwright/test';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

// The Estate page: what the demo shop's code (a kafka-gitops state file) declares and
// where the cluster differs, by kind, with the file and line. Then a file whose topic,
// service and principal names are hostile: each must read as written and never run, in
// both modes; and a broken file is named with its line while the rest is still read.

const PAYLOAD = '</title><script>window.__pwned=1</script>';
const IMG = '"><img src=x onerror="window.__pwned=1">';

function estateDir(): string {
  const dir = process.env.ESTATE_DIR;
  if (!dir) throw new Error('ESTATE_DIR must be set (scripts/test.sh sets it)');
  return dir;
}

async function open(page: Page, path: string) {
  const response = await page.goto(path);
  if (test.info().project.name === 'hydrated') {
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  }
  return response;
}

test('the Estate page shows the drift from the demo code by kind, with file and line', async ({ page }) => {
  const missing = page.locator('[data-testid="drift-finding"][data-kind="topic_missing"]');
  const undeclared = page.locator('[data-testid="drift-finding"][data-kind="topic_undeclared"]');
  // Another test's files may still be leaving the watched directory: a few seconds.
  await expect(async () => {
    const response = await open(page, '/estate?cluster=local');
    expect(response?.status()).toBe(200);
    // web.pageviews is on the cluster but declared nowhere.
    await expect(undeclared.filter({ hasText: 'web.pageviews' })).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.locator('h1')).toContainText('Estate of local');
  // shop.returns is declared (line 17 of the file) but not on the cluster.
  await expect(missing.filter({ hasText: 'shop.returns' })).toHaveCount(1);
  await expect(missing.filter({ hasText: 'shop-state.yaml:17' })).toHaveCount(1);
  // The demo broker answers that it holds no ACLs: every ACL the code implies is missing
  // (payment-service: READ on shop.orders and its group, WRITE on shop.payments).
  const aclMissing = page.locator('[data-testid="drift-finding"][data-kind="acl_missing"]');
  await expect(aclMissing.filter({ hasText: 'User:payment-service' })).toHaveCount(3);
  await expect(aclMissing.filter({ hasText: 'ALLOW WRITE on topic shop.payments from *' })).toHaveCount(1);
  // Each finding's topic links its page.
  await expect(missing.locator('a', { hasText: 'shop.returns' })).toHaveAttribute('href', '/topic?cluster=local&name=shop.returns');
});

test('hostile names in estate files read as written; a broken file is named with its line', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', async (dialog) => { dialogs.push(dialog.message()); await dialog.dismiss(); });
  const project = test.info().project.name;
  const hostile = join(estateDir(), `hostile-${project}.yaml`);
  const broken = join(estateDir(), `broken-${project}.yaml`);
  const topic = `evil${PAYLOAD}${project}`;
  writeFileSync(hostile, [
    'topics:',
    `  ${JSON.stringify(topic)}:`,
    '    partitions: 1',
    'services:',
    `  ${JSON.stringify('svc' + IMG)}:`,
    '    type: application',
    `    principal: ${JSON.stringify('User:' + IMG)}`,
    `    consumes: [${JSON.stringify(topic)}]`,
    '',
  ].join('\n'));
  writeFileSync(broken, `topics:\n  x:\n    ${JSON.stringify('partitons' + PAYLOAD)}: 3\n`);
  try {
    // The watcher re-reads within seconds.
    await expect(async () => {
      await open(page, '/estate?cluster=local');
      const missing = page.locator('[data-testid="drift-finding"][data-kind="topic_missing"]');
      await expect(missing.filter({ hasText: topic })).toHaveCount(1, { timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await expect(page.getByTestId('estate-file-error').filter({ hasText: `broken-${project}.yaml:3` })).toHaveCount(1);
    await expect(page.getByTestId('estate-file-error').filter({ hasText: PAYLOAD })).toHaveCount(1);
    // Nothing injected became an element or ran.
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    if (project === 'hydrated') {
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    }
    expect(dialogs).toEqual([]);
    expect(await page.title()).toContain('Estate of local');
  } finally {
    rmSync(hostile, { force: true });
    rmSync(broken, { force: true });
  }
});
