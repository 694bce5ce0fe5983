import { test, expect, Page } from '@playwright/test';

// The API page renders the OpenAPI document the server generates from its handlers.

async function open(page: Page, path: string) {
  await page.goto(path);
  if (test.info().project.name === 'hydrated') {
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  }
}

test('the API page documents every operation with its parameters and answers', async ({ page }) => {
  await open(page, '/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API' }).click();
  await expect(page).toHaveURL(/\/api$/);
  await expect(page).toHaveTitle(/API · Tributary/);
  await expect(page.getByRole('heading', { name: 'Tributary API' })).toBeVisible();

  const topics = page.getByTestId('operation').filter({ hasText: '/api/v1/topics' }).first();
  await expect(topics).toContainText('GET');
  await topics.locator('summary').click();
  await expect(topics.getByRole('cell', { name: 'cursor', exact: true })).toBeVisible();
  await expect(topics).toContainText('1–1000');
  await expect(topics).toContainText('Page_TopicListing');

  const declare = page.locator('#post-api-v1-lineage-edges');
  await expect(declare).toContainText('POST');
  await declare.locator('summary').click();
  await expect(declare).toContainText('Body: DeclaredEdgeBody');
  await page.screenshot({ path: `test-results/api-${test.info().project.name}.png`, fullPage: true });

  const document = await page.request.get(await page.getByTestId('openapi-link').getAttribute('href') ?? '');
  expect(document.ok()).toBeTruthy();
  const json = await document.json();
  expect(json.openapi).toMatch(/^3\./);
  // The page shows exactly the document's operations.
  const operations = Object.values(json.paths as Record<string, object>).reduce((n, item) => n + Object.keys(item).length, 0);
  await expect(page.getByTestId('operation')).toHaveCount(operations);
});
