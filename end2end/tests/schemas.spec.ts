import { test, expect, Page } from '@playwright/test';

// The demo estate registers Confluent's datagen schemas (server/src/demo/schemas.rs):
// the demo topics' value schemas under `<topic>-value`, the rest under `datagen.*`,
// and the shop's customers with PII tags given at registration.

async function openSchemas(page: Page, path = '/schemas') {
  await page.goto(path);
  if (test.info().project.name === 'hydrated') {
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  }
}

test('the schemas page lists the registry with subjects, their topics and tags', async ({ page }) => {
  await openSchemas(page);
  await expect(page).toHaveTitle(/Schemas · Tributary/);
  const source = page.getByTestId('schema-source').filter({ hasText: 'main' });
  await expect(source.getByRole('heading', { name: 'main' })).toBeVisible();
  await expect(source.getByTestId('freshness')).toContainText('Live');

  const orders = source.getByTestId('subject-row').filter({ hasText: 'shop.orders-value' });
  await expect(orders).toContainText('AVRO');
  await expect(orders).toContainText('shop.orders (value)');
  await expect(orders).toContainText('ksql.orders');
  const customers = source.getByTestId('subject-row').filter({ hasText: 'shop.customers-value' });
  await expect(customers).toContainText('PII');
  await expect(source.getByTestId('subjects').locator('caption')).toContainText('39 of 39 subjects');
  await page.screenshot({ path: `test-results/schemas-${test.info().project.name}.png`, fullPage: true });
});

test('the schemas page is reachable from the navigation and filters by name', async ({ page }) => {
  await openSchemas(page, '/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Schemas' }).click();
  await expect(page).toHaveURL(/\/schemas/);
  const filter = page.getByLabel('Filter subjects by name');
  await filter.fill('shop.');
  if (test.info().project.name !== 'hydrated') {
    await filter.press('Enter');
    await expect(page).toHaveURL(/\?q=shop\./);
  }
  const rows = page.getByTestId('subject-row');
  // Only subjects named shop.* remain (a row also shows its record name, which for
  // shop.payments-value is datagen.example.transactions).
  await expect(rows.filter({ hasText: 'datagen.gaming' })).toHaveCount(0);
  await expect(rows).toHaveCount(5);
  await expect(rows.filter({ hasText: 'shop.orders-value' })).toBeVisible();
});

test('a topic links to its schema, whose field tree shows tags and folds without JavaScript', async ({ page }) => {
  await openSchemas(page, '/');
  const customersRow = page.getByTestId('topics').getByRole('row').filter({ hasText: 'shop.customers' });
  await customersRow.getByRole('link', { name: 'value: AVRO v1' }).click();
  await expect(page).toHaveURL(/\/subject\?source=main&name=shop\.customers-value/);
  const tree = page.getByTestId('field-tree');
  await expect(tree).toContainText('ksql.users');
  const userid = tree.locator('li[data-path="userid"]');
  await expect(userid).toContainText('string');
  await expect(userid.getByTestId('tag')).toHaveText('PII');
  await expect(page.getByRole('navigation', { name: 'Versions' }).getByRole('link', { name: 'v1' })).toHaveAttribute('aria-current', 'page');
  await page.screenshot({ path: `test-results/subject-${test.info().project.name}.png`, fullPage: true });

  // The schema text is folded until asked for; <details> needs no script.
  const text = page.getByText('Schema text');
  await expect(page.locator('pre').filter({ hasText: '"namespace"' })).toBeHidden();
  await text.click();
  await expect(page.locator('pre').filter({ hasText: '"namespace"' })).toBeVisible();
});

test('a new schema version shows beside the one before, added lines marked', async ({ page, request }) => {
  const registry = process.env.REGISTRY_URL;
  if (!registry) throw new Error('REGISTRY_URL must be set (scripts/test.sh sets it)');
  const subject = `compare.${test.info().project.name}.${Date.now()}-value`;
  const record = (fields: object[]) => JSON.stringify({ type: 'record', name: 'Parcel', namespace: 'demo', fields });
  const v1 = record([{ name: 'id', type: 'string' }]);
  const v2 = record([{ name: 'id', type: 'string' }, { name: 'weight_grams', type: 'int', default: 0 }]);
  for (const schema of [v1, v2]) {
    const registered = await request.post(`${registry}/subjects/${subject}/versions`, {
      data: { schema },
      headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
    });
    expect(registered.ok()).toBeTruthy();
  }
  await expect(async () => {
    await openSchemas(page, `/subject?source=main&name=${subject}`);
    await expect(page.getByRole('navigation', { name: 'Versions' }).getByRole('link', { name: 'v2' })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });

  const comparison = page.getByTestId('side-by-side');
  await expect(comparison.locator('summary')).toHaveText(/^Side by side: v1 → v2 \(\d+ lines differ\)$/);
  await expect(comparison.locator('tr[data-change="added"]').first()).toBeHidden();
  await comparison.locator('summary').click();
  const added = comparison.locator('tr[data-change="added"]');
  await expect(added.filter({ hasText: '"weight_grams"' })).toBeVisible();
  await expect(comparison.locator('tr[data-change="removed"]')).toHaveCount(0);
  await expect(comparison.locator('tr[data-change="same"]').filter({ hasText: '"id"' })).toBeVisible();
  await page.screenshot({ path: `test-results/subject-side-by-side-${test.info().project.name}.png`, fullPage: true });

  // Leave the estate as found: other tests count the demo's subjects.
  for (const permanent of ['false', 'true']) {
    const deleted = await request.delete(`${registry}/subjects/${subject}?permanent=${permanent}`);
    expect(deleted.ok()).toBeTruthy();
  }
  await expect(async () => {
    const listed = await (await request.get(`/api/v1/subjects?q=${subject}`)).json();
    expect(listed.items).toHaveLength(0);
  }).toPass({ timeout: 20_000 });
});
