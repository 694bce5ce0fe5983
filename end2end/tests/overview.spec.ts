import { execFileSync } from 'node:child_process';
import { test, expect, Page } from '@playwright/test';

// The demo estate that `tributary demo-estate` creates (server/src/demo/estate.rs).
const DEMO_TOPICS = ['shop.orders', 'shop.payments', 'shop.shipments', 'shop.customers', 'web.pageviews'];
const DEMO_GROUPS = ['payment-service', 'shipping-service', 'clickstream-analytics'];

async function openOverview(page: Page, path = '/') {
  await page.goto(path);
  if (test.info().project.name === 'hydrated') {
    // The app marks <body> once the browser bundle has taken over the page.
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  }
}

test('the overview lists the demo cluster with its topics and groups', async ({ page }) => {
  await openOverview(page);
  await expect(page).toHaveTitle(/Clusters · Tributary/);
  const cluster = page.getByTestId('cluster').filter({ hasText: 'local' });
  await expect(cluster.getByRole('heading', { name: 'local' })).toBeVisible();
  await expect(cluster.getByTestId('freshness')).toContainText('Live');

  const topics = cluster.getByTestId('topics');
  for (const name of DEMO_TOPICS) {
    await expect(topics.getByRole('cell', { name, exact: true })).toBeVisible();
  }
  await expect(topics.getByRole('row').filter({ hasText: 'shop.orders' })).toContainText('7 days');
  // Compacted: its records stay per key until a tombstone, whatever retention.ms says.
  await expect(topics.getByRole('row').filter({ hasText: 'shop.customers' })).toContainText('until a tombstone deletes its key');

  const groups = cluster.getByTestId('groups');
  for (const name of DEMO_GROUPS) {
    await expect(groups.getByRole('cell', { name, exact: true })).toBeVisible();
  }
  await page.screenshot({ path: `test-results/overview-${test.info().project.name}.png`, fullPage: true });
});

test('the name filter narrows topics and groups', async ({ page }) => {
  await openOverview(page);
  const topics = page.getByTestId('topics');
  const filter = page.getByLabel('Filter topics and groups by name');

  if (test.info().project.name === 'hydrated') {
    // Live: rows go as you type, without a page load.
    const urlBefore = page.url();
    await filter.fill('shop.');
    await expect(topics.getByRole('cell', { name: 'web.pageviews', exact: true })).toHaveCount(0);
    await expect(topics.getByRole('cell', { name: 'shop.orders', exact: true })).toBeVisible();
    expect(page.url()).toBe(urlBefore);
  } else {
    // Without JavaScript: the filter is a form; Enter submits it and the server filters.
    await filter.fill('shop.');
    await filter.press('Enter');
    await expect(page).toHaveURL(/\?q=shop\./);
    await expect(topics.getByRole('cell', { name: 'web.pageviews', exact: true })).toHaveCount(0);
    await expect(topics.getByRole('cell', { name: 'shop.orders', exact: true })).toBeVisible();
  }
  await expect(page.getByTestId('groups').getByRole('row')).toHaveCount(1); // header only: no group name has "shop."
});

test('an unknown page says so', async ({ page }) => {
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('a topic created on the broker shows up on the open page', async ({ page }) => {
  const tansu = process.env.TANSU_BIN;
  const broker = process.env.BROKER_URL;
  if (!tansu || !broker) throw new Error('TANSU_BIN and BROKER_URL must be set (scripts/test.sh sets them)');
  await openOverview(page);
  const name = `live.${test.info().project.name}.${Date.now()}`;
  const cell = page.getByTestId('topics').getByRole('cell', { name, exact: true });
  let loads = 0;
  page.on('load', () => loads++);

  execFileSync(tansu, ['topic', 'create', name, '--broker', broker, '--partitions', '2']);

  if (test.info().project.name === 'hydrated') {
    // Pushed by the change feed: no reload.
    await expect(cell).toBeVisible({ timeout: 15_000 });
    expect(loads).toBe(0);
    // What arrived while the page was open is highlighted; what was there is not.
    const arrived = page.getByTestId('topics').getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
    await expect(arrived).toHaveAttribute('data-arrived', 'true');
    const orders = page.getByTestId('topics').getByRole('row').filter({ hasText: 'shop.orders' });
    await expect(orders).not.toHaveAttribute('data-arrived', 'true');
  } else {
    // Without JavaScript the page is a snapshot: a reload shows the new topic.
    await expect(async () => {
      await page.reload();
      await expect(cell).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
  }
});

test('a cluster has its own page with its tables and what changed on it', async ({ page }) => {
  await openOverview(page);
  await page.getByTestId('cluster').getByRole('link', { name: 'local', exact: true }).click();
  await expect(page).toHaveURL(/\/cluster\?name=local$/);
  await expect(page).toHaveTitle(/^local · Tributary$/);
  await expect(page.getByTestId('cluster')).toHaveCount(1);
  await expect(page.getByTestId('topics').getByRole('cell', { name: 'shop.orders', exact: true })).toBeVisible();
  // The live test above created a topic on this cluster: the change log says so.
  await expect(page.getByTestId('cluster-changes').getByTestId('topic-change').filter({ hasText: 'created with 2 partitions' }).first()).toBeVisible();
  await page.screenshot({ path: `test-results/cluster-${test.info().project.name}.png`, fullPage: true });

  await page.goto('/cluster?name=nowhere');
  await expect(page.getByRole('heading', { name: 'No such cluster' })).toBeVisible();
});

test('the app has its icon and manifest', async ({ page, request }) => {
  await page.goto('/');
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', '/favicon.svg');
  const icon = await request.get('/favicon.svg');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toContain('image/svg+xml');
  const manifest = await request.get('/site.webmanifest');
  expect(manifest.status()).toBe(200);
  expect((await manifest.json()).name).toBe('Tributary');
});
