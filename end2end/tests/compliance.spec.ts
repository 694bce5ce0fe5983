import { test, expect } from '@playwright/test';
import { E2E_ACCOUNT, deleteSubject, open, reloadUntil } from './support';
import { execFileSync } from 'node:child_process';

// The compliance officer's journey. The demo's profile `customer-data` (server/data/
// demo-profiles) keeps personal data at most 30 days. A new topic keeps its records
// forever and its schema has a free-text field, `note`, that a name rule flags as
// personal data: the Compliance page shows the violation; the officer follows it to the
// topic, sees the field and the verdict there, and dismisses the suggestion with a
// reason (the notes are machine-written status lines). The topic leaves the profile's
// scope, the PII flows picture no longer draws it, and the violation moves to "Resolved
// lately".
// Each project works on its own topic, since decisions and violations are kept.

test('an officer follows a violation to its topic and a dismissed false positive resolves it', async ({ page, request }) => {
  const tansu = process.env.TANSU_BIN;
  const broker = process.env.BROKER_URL;
  const registry = process.env.REGISTRY_URL;
  if (!tansu || !broker || !registry) throw new Error('TANSU_BIN, BROKER_URL and REGISTRY_URL must be set (scripts/test.sh sets them)');
  const topic = `crm.tickets.${test.info().project.name}.${Date.now()}`;
  execFileSync(tansu, ['topic', 'create', topic, '--broker', broker, '--partitions', '1', '--config', 'retention.ms=-1']);
  const schema = {
    type: 'record', name: 'Ticket', fields: [
      { name: 'ticket_id', type: 'string' },
      { name: 'note', type: 'string' },
    ],
  };
  const registered = await request.post(`${registry}/subjects/${topic}-value/versions`, {
    data: { schema: JSON.stringify(schema) },
    headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
  });
  expect(registered.ok()).toBeTruthy();

  await open(page, '/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Compliance' }).click();
  await expect(page).toHaveURL(/\/compliance$/);
  await expect(page).toHaveTitle(/^Compliance · Tributary$/);
  const profile = page.getByTestId('profile').filter({ hasText: 'customer-data' });
  await expect(profile).toContainText('max_retention_days records are deleted within 30 days');
  const violation = page.getByTestId('open-violations').locator(`[data-topic="${topic}"][data-rule="max_retention_days"]`);
  await reloadUntil(page, () => expect(violation).toBeVisible({ timeout: 1_000 }));
  await expect(violation).toContainText('retention.ms is -1 (records are kept forever); at most 30 days allowed');
  await expect(violation).toContainText('customer-data');

  await violation.getByRole('link', { name: topic }).click();
  await expect(page).toHaveURL(new RegExp(`/topic\\?cluster=local&name=${topic.replace(/\./g, '\\.')}$`));
  if (test.info().project.name === 'hydrated') {
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  }
  await expect(page.getByTestId('topic-violation').filter({ hasText: 'max_retention_days' })).toContainText('customer-data');
  const personal = page.getByTestId('personal-data');
  const row = personal.getByTestId('classified-field').filter({ hasText: 'note' });
  await expect(row).toContainText('PII, suggested by rule free_text (name)');

  // The flows picture on the Personal data page draws the topic as holding PII.
  const flowNode = page.getByTestId('pii-flows').locator(`g[data-node="local/${topic}"]`);
  await open(page, '/personal-data');
  await expect(flowNode).toHaveAttribute('data-pii', 'true');
  await page.goBack();
  if (test.info().project.name === 'hydrated') {
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  }

  const form = row.getByRole('form', { name: 'Decide on PII for note' });
  await form.getByRole('combobox', { name: 'Decision' }).selectOption('dismiss');
  await form.getByRole('textbox', { name: 'Reason' }).fill('machine-written status lines, never a person\'s words');
  await form.getByRole('button', { name: 'Record' }).click();
  await expect(page.getByTestId('dismissed-suggestions')).toContainText(`note not PII (rule free_text) by ${E2E_ACCOUNT}`);
  await reloadUntil(page, () => expect(page.getByTestId('topic-violation')).toHaveCount(0, { timeout: 1_000 }));

  // The flows picture follows: the topic holds no personal data any more.
  await open(page, '/personal-data');
  await expect(flowNode).toHaveCount(0);

  await open(page, '/compliance');
  await expect(page.getByTestId('open-violations').locator(`[data-topic="${topic}"]`)).toHaveCount(0);
  const resolved = page.getByTestId('resolved-violations').locator(`[data-topic="${topic}"][data-rule="max_retention_days"]`);
  await expect(resolved).toContainText('resolved');
  await page.screenshot({ path: `test-results/compliance-${test.info().project.name}.png`, fullPage: true });

  // Leave the estate as found: other tests count the demo's subjects.
  await deleteSubject(request, registry, `${topic}-value`);
});

test('a hostile reader of personal data reads as written in its violation, which resolves when it stops', async ({ page, request }) => {
  const dialogs: string[] = [];
  page.on('dialog', async (dialog) => { dialogs.push(dialog.message()); await dialog.dismiss(); });
  // Group names hold almost any character, but no `/` in a node path.
  const reader = `<img src=x onerror="window.__pwned=1">-${test.info().project.name}`;
  const edge = { from: 'local/shop.orders', to: `group:local/${reader}`, kind: 'reads' };
  const declared = await request.post('/api/v1/lineage/edges', { data: edge });
  expect(declared.status()).toBe(201);

  await open(page, '/compliance');
  const violation = page.getByTestId('open-violations').locator('[data-rule="allowed_groups"][data-topic="shop.orders"]')
    .filter({ hasText: reader });
  await reloadUntil(page, () => expect(violation).toBeVisible({ timeout: 1_000 }));
  await expect(violation).toContainText(`group ${reader} reads it and is not allowed to`);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  if (test.info().project.name === 'hydrated') {
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  }

  // The Personal data page's readers matrix names it as written, and runs nothing.
  await open(page, '/personal-data');
  const readerRow = page.getByTestId('reader-row').filter({ hasText: reader });
  await expect(readerRow).toContainText(`group ${reader}`);
  await expect(readerRow.locator('[data-category="PII"]')).toContainText('reads shop.orders');
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  if (test.info().project.name === 'hydrated') {
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  }
  await open(page, '/compliance');

  const removed = await request.delete(`/api/v1/lineage/edges?${new URLSearchParams(edge).toString()}`);
  expect(removed.status()).toBe(204);
  await reloadUntil(page, () => expect(violation).toHaveCount(0, { timeout: 1_000 }));
  await expect(page.getByTestId('resolved-violations').locator('[data-rule="allowed_groups"]').filter({ hasText: reader }))
    .toContainText('resolved');
  expect(dialogs).toEqual([]);
});
