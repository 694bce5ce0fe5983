import { test, expect, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';

// The engineer's journey over the demo estate (server/src/demo/estate.rs): search for a
// topic, understand it on its page, explore its lineage, open a reader's next hop,
// re-centre on it, filter by kind and evidence.

async function open(page: Page, path: string) {
  await page.goto(path);
  if (test.info().project.name === 'hydrated') {
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  }
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `test-results/${name}-${test.info().project.name}.png`, fullPage: true });

test('search finds a topic, whose page shows partitions, schemas, readers and lineage', async ({ page }) => {
  await open(page, '/');
  const search = page.getByRole('combobox', { name: 'Search the catalog' });
  await search.fill('shop.orders');
  await search.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=shop\.orders/);
  await expect(page.getByRole('combobox', { name: 'Search the catalog' })).toHaveValue('shop.orders');
  const first = page.getByTestId('search-hit').first();
  await expect(first).toContainText('topic');
  await expect(first).toContainText('local');
  await shot(page, 'search');

  await first.getByRole('link', { name: 'shop.orders', exact: true }).click();
  await expect(page).toHaveURL(/\/topic\?cluster=local&name=shop\.orders/);
  await expect(page).toHaveTitle(/shop\.orders · Tributary/);
  const topic = page.getByTestId('topic');
  await expect(topic.getByRole('heading', { name: 'shop.orders' })).toBeVisible();
  await expect(topic.getByTestId('freshness')).toContainText('Live');
  await expect(topic.getByTestId('partition')).toHaveCount(6);
  await expect(topic.getByTestId('topic-schemas')).toContainText('shop.orders-value');
  await expect(topic.getByTestId('reader').filter({ hasText: 'payment-service' })).toBeVisible();
  await expect(topic.getByTestId('reader').filter({ hasText: 'shipping-service' })).toBeVisible();
  const picture = topic.getByTestId('lineage-picture');
  await expect(picture.locator('[data-node="group:local/payment-service"]')).toBeVisible();
  await expect(picture.locator('[data-node="local/shop.orders"]')).toBeVisible();
  // Each reader's lag over the last day, sampled as the demo traffic moves.
  const sparkline = topic.getByTestId('reader').filter({ hasText: 'payment-service' }).getByTestId('lag-sparkline');
  await expect(sparkline).toHaveAttribute('aria-label', /^lag \d+ → \d+ over \d+ (min|h), peak \d+$/);
  await shot(page, 'topic');
});

test('the lineage explorer opens a node\'s next hop, re-centres, filters by kind and evidence, exports SVG', async ({ page }) => {
  const hydrated = test.info().project.name === 'hydrated';
  await open(page, '/topic?cluster=local&name=shop.orders');
  await page.getByRole('link', { name: 'Explore lineage' }).click();
  await expect(page).toHaveURL(/\/lineage\?node=local%2Fshop\.orders/);
  const form = page.getByRole('form', { name: 'Lineage view' });
  await form.getByLabel('Depth').selectOption('1');
  await form.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/depth=1/);
  const picture = page.getByTestId('lineage-picture');
  const shipping = picture.locator('[data-node="group:local/shipping-service"]');
  const payments = picture.locator('[data-node="local/shop.payments"]');
  await expect(shipping).toBeVisible();
  await expect(payments).toHaveCount(0);
  // Upstream sits left of the node asked about, downstream right of it.
  const centre = await picture.locator('[data-node="local/shop.orders"]').boundingBox();
  expect((await shipping.boundingBox())!.x).toBeGreaterThan(centre!.x);
  await shot(page, 'lineage');

  // A click opens the reader's next hop in place: what else it reads joins the picture.
  let loads = 0;
  page.on('load', () => loads++);
  await picture.getByRole('link', { name: 'Show the next hop of shipping-service' }).click();
  await expect(page).toHaveURL(/expand=group%3Alocal%2Fshipping-service/);
  await expect(payments).toBeVisible();
  await expect(shipping).toHaveAttribute('data-expanded', 'true');
  await expect(page.getByTestId('opened-nodes')).toContainText('group:local/shipping-service');
  if (hydrated) {
    expect(loads, 'the picture follows its links without reloading the page').toBe(0);
    await expect(payments).toHaveAttribute('data-arrived', 'true');
    await expect(picture.locator('[data-node="local/shop.orders"]')).not.toHaveAttribute('data-arrived', 'true');
  }
  await shot(page, 'lineage-expanded');
  // A second click closes it again.
  await picture.getByRole('link', { name: 'Close the next hop of shipping-service' }).click();
  await expect(payments).toHaveCount(0);

  // The node's mark centres the view on it.
  await picture.getByRole('link', { name: 'Centre the view on shipping-service' }).click();
  await expect(page).toHaveURL(/node=group%3Alocal%2Fshipping-service/);
  await expect(page).not.toHaveURL(/expand=/);
  await expect(payments).toBeVisible();

  await form.getByRole('checkbox', { name: 'group' }).uncheck();
  await form.getByRole('button', { name: 'Show' }).click();
  await expect(page).not.toHaveURL(/kinds=group/);
  // The node asked about stays, whatever its kind; every other group is gone.
  await expect(picture.locator('[data-kind="group"]:not([data-node="group:local/shipping-service"])')).toHaveCount(0);
  await expect(picture.locator('[data-kind="topic"]').first()).toBeVisible();

  // Offsets are observed evidence: without it, nothing reaches the group.
  await expect(picture.locator('path[data-basis="Observed"]').first()).toBeAttached();
  await form.getByRole('checkbox', { name: 'observed' }).uncheck();
  await form.getByRole('button', { name: 'Show' }).click();
  await expect(page).not.toHaveURL(/evidence=observed/);
  await expect(picture.locator('path[data-basis="Observed"]')).toHaveCount(0);
  await expect(payments).toHaveCount(0);

  const href = await page.getByTestId('export-svg').getAttribute('href');
  const exported = await page.request.get(href!);
  expect(exported.headers()['content-type']).toContain('image/svg+xml');
  expect(await exported.text()).toContain('<svg');
});

test('a new topic\'s page tells what happened to it, and a declared writer joins its lineage live', async ({ page, request }) => {
  const tansu = process.env.TANSU_BIN;
  const broker = process.env.BROKER_URL;
  if (!tansu || !broker) throw new Error('TANSU_BIN and BROKER_URL must be set (scripts/test.sh sets them)');
  const project = test.info().project.name;
  const name = `history.${project}.${Date.now()}`;
  execFileSync(tansu, ['topic', 'create', name, '--broker', broker, '--partitions', '2']);
  await expect(async () => {
    await open(page, `/topic?cluster=local&name=${name}`);
    await expect(page.getByTestId('topic')).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  const changes = page.getByTestId('recent-changes');
  await expect(changes.getByTestId('topic-change').first()).toContainText(`Topic ${name} created with 2 partitions`);

  let loads = 0;
  page.on('load', () => loads++);
  const writer = `job:etl/loader-${project}`;
  const declared = await request.post('/api/v1/lineage/edges', { data: { from: writer, to: `local/${name}`, kind: 'writes' } });
  expect(declared.status()).toBe(201);
  const node = page.getByTestId('lineage-picture').locator(`[data-node="${writer}"]`);
  if (project === 'hydrated') {
    // Pushed by the change feed: the writer glows in the open picture, no reload.
    await expect(node).toHaveAttribute('data-arrived', 'true', { timeout: 15_000 });
    expect(loads).toBe(0);
  } else {
    await page.reload();
  }
  await expect(node).toBeVisible();
  await expect(page.getByTestId('writers')).toContainText(writer);
  await expect(changes.getByTestId('topic-change').first()).toContainText(`Declared: ${writer} writes local/${name}`);
  await shot(page, 'topic-history');
});

test('pages follow a dark system theme with readable contrast', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await open(page, '/topic?cluster=local&name=shop.orders');
  const background = await page.locator('body').evaluate((body) => getComputedStyle(body).backgroundColor);
  const text = await page.locator('body').evaluate((body) => getComputedStyle(body).color);
  const brightness = (colour: string) => {
    const [r, g, b] = colour.match(/\d+/g)!.map(Number);
    return (r * 299 + g * 587 + b * 114) / 1000;
  };
  expect(brightness(background)).toBeLessThan(60);
  expect(brightness(text)).toBeGreaterThan(180);
  await shot(page, 'topic-dark');
});

test('a reader links to its group page with members, offsets and lineage', async ({ page }) => {
  await open(page, '/topic?cluster=local&name=shop.orders');
  await page.getByTestId('reader').getByRole('link', { name: 'shipping-service' }).click();
  await expect(page).toHaveURL(/\/group\?cluster=local&id=shipping-service/);
  const group = page.getByTestId('group');
  await expect(group.getByRole('heading', { name: 'shipping-service' })).toBeVisible();
  await expect(group.getByTestId('member')).toHaveCount(1);
  // One row per topic (lag summed), its partitions on demand.
  const topics = await group.getByTestId('offset').locator(':scope > td:first-child').allInnerTexts();
  expect(topics.sort()).toEqual(['shop.orders', 'shop.payments']);
  const orders = group.getByTestId('offset').filter({ hasText: 'shop.orders' });
  await expect(orders.getByTestId('offset-partitions')).toContainText(/\d+ partitions?/);
  await orders.getByTestId('offset-partitions').locator('summary').click();
  await expect(orders.getByTestId('offset-partitions').locator('tbody tr').first()).toBeVisible();
  await expect(group.getByTestId('lineage-picture').locator('[data-node="local/shop.payments"]')).toBeVisible();
  await shot(page, 'group');
});

test('the search box suggests as you type and the keyboard picks a suggestion', async ({ page }) => {
  test.skip(test.info().project.name !== 'hydrated', 'suggestions need JavaScript; without it the box submits');
  await open(page, '/schemas');
  const box = page.getByRole('combobox', { name: 'Search the catalog' });
  await box.pressSequentially('payment-ser');
  const suggestions = page.getByRole('listbox', { name: 'Suggestions' });
  await expect(suggestions.getByRole('option').first()).toContainText('payment-service');
  await expect(box).toHaveAttribute('aria-expanded', 'true');
  await box.press('ArrowDown');
  await expect(suggestions.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await shot(page, 'search-suggestions');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/group\?cluster=local&id=payment-service/);
  await expect(page.getByTestId('group').getByRole('heading', { name: 'payment-service' })).toBeVisible();
});

test('a topic whose schema tags personal data is marked PII in the lineage', async ({ page }) => {
  await open(page, '/topic?cluster=local&name=shop.customers');
  const node = page.getByTestId('lineage-picture').locator('[data-node="local/shop.customers"]');
  await expect(node).toHaveAttribute('data-pii', 'true');
  await expect(page.getByTestId('lineage-picture').locator('[data-node="local/shop.orders"]')).toHaveCount(0);
  // The page says so, naming the tagged field and linking to it in the field tree.
  const personal = page.getByTestId('personal-data');
  await expect(personal).toContainText('Carries personal data');
  await personal.getByRole('link', { name: 'userid' }).click();
  await expect(page).toHaveURL(/\/subject\?source=main&name=shop\.customers-value#field-userid/);
});

test('hydrated, the lineage picture zooms and exports as PNG', async ({ page }) => {
  test.skip(test.info().project.name !== 'hydrated', 'zooming and PNG export need JavaScript; the page scrolls without it');
  await open(page, '/lineage?node=local%2Fshop.orders&depth=2');
  const controls = page.getByRole('group', { name: 'Picture controls' });
  await controls.getByRole('button', { name: 'Zoom in' }).click();
  await expect(page.getByTestId('zoom-level')).toHaveText('125%');
  const node = page.getByTestId('lineage-picture').locator('[data-node="local/shop.orders"]');
  const zoomed = await node.boundingBox();
  await controls.getByRole('button', { name: '100%' }).click();
  const normal = await node.boundingBox();
  expect(zoomed!.width).toBeGreaterThan(normal!.width * 1.2);
  const download = page.waitForEvent('download');
  await controls.getByRole('button', { name: 'Export PNG' }).click();
  expect((await download).suggestedFilename()).toBe('lineage.png');
});

test('searching a tag leads to the subjects that carry it', async ({ page }) => {
  await open(page, '/search?q=pii');
  const tag = page.getByTestId('search-hit').filter({ hasText: 'tag' }).first();
  await expect(tag).toContainText('PII');
  await tag.getByRole('link', { name: 'PII', exact: true }).click();
  await expect(page).toHaveURL(/\/schemas\?q=PII/);
  const rows = page.getByTestId('subject-row');
  await expect(rows.filter({ hasText: 'shop.customers-value' })).toBeVisible();
  await expect(rows.filter({ hasText: 'shop.orders-value' })).toHaveCount(0);
});
