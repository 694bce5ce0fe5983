import { test, expect } from '@playwright/test';
import { E2E_ACCOUNT, open, reloadUntil } from './support';
import { execFileSync } from 'node:child_process';

// Where personal data flows. An application reads the demo's customers (tagged PII)
// and writes a topic with no schema of its own: the Personal data page shows that topic
// holding PII from upstream, through the application, with the customers' fields; the
// readers matrix shows the application reading PII; the flows picture draws the path.
// A steward marks the application as masking what it reads, with a reason: the mark is
// listed, the flow shows as stopped at the customers, the topic no longer holds personal
// data, and the picture's path ends at it without the PII mark.
// Each project uses its own application and topic, since marks are kept.

test('personal data propagates through an application until a steward marks it as masking', async ({ page, request }) => {
  const tansu = process.env.TANSU_BIN;
  const broker = process.env.BROKER_URL;
  if (!tansu || !broker) throw new Error('TANSU_BIN and BROKER_URL must be set (scripts/test.sh sets them)');
  const project = test.info().project.name;
  const topic = `crm.profiles.${project}.${Date.now()}`;
  const application = `profile-builder-${project}`;
  execFileSync(tansu, ['topic', 'create', topic, '--broker', broker, '--partitions', '1']);
  const edges = [
    { from: 'local/shop.customers', to: `group:local/${application}`, kind: 'reads' },
    { from: `group:local/${application}`, to: `local/${topic}`, kind: 'writes' },
  ];
  for (const edge of edges) {
    expect((await request.post('/api/v1/lineage/edges', { data: edge })).status()).toBe(201);
  }

  await open(page, '/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Personal data' }).click();
  await expect(page).toHaveURL(/\/personal-data$/);
  await expect(page).toHaveTitle(/^Personal data · Tributary$/);
  const row = page.getByTestId('personal-topic').and(page.locator(`[data-topic="${topic}"]`));
  await reloadUntil(page, () => expect(row).toBeVisible({ timeout: 1_000 }));
  await expect(row.getByTestId('upstream-mark')).toContainText(
    `PII upstream, through group:local/${application}, from topic shop.customers (fields shop.customers-value#userid`);
  const customers = page.getByTestId('personal-topic').and(page.locator('[data-topic="shop.customers"]'));
  await expect(customers.getByTestId('personal-field').filter({ hasText: 'userid' })).toContainText('protected by encrypt-pii');
  // Copied downstream, the customers' data is kept in the application's topic too.
  await expect(customers.getByTestId('lifespan-place').filter({ hasText: topic })).toHaveAttribute('data-kind', 'downstream');
  const reader = page.getByTestId('reader-row').and(page.locator(`[data-name="${application}"]`));
  await expect(reader.locator('[data-category="PII"]')).toContainText('reads shop.customers');

  // The flows picture draws the path: the customers, the application, its topic, PII.
  const flows = page.getByTestId('pii-flows');
  await expect(flows.locator('g[data-node="local/shop.customers"]')).toHaveAttribute('data-pii', 'true');
  await expect(flows.locator(`g[data-node="group:local/${application}"]`)).toHaveCount(1);
  await expect(flows.locator(`g[data-node="local/${topic}"]`)).toHaveAttribute('data-pii', 'true');

  const form = page.getByRole('form', { name: 'Mark an application as masking' });
  await form.getByRole('textbox', { name: 'Application' }).fill(`group:local/${application}`);
  await form.getByRole('textbox', { name: 'Reason' }).fill('keeps a hash of the user id, nothing else');
  await expect(form).toContainText(`as ${E2E_ACCOUNT}`); // signed in: the account decides
  await form.getByRole('button', { name: 'Record' }).click();
  await reloadUntil(page, () => expect(row).toHaveCount(0, { timeout: 1_000 }));
  await expect(page.getByTestId('masking-mark').filter({ hasText: application }))
    .toContainText(`masks what it reads: keeps a hash of the user id, nothing else (${E2E_ACCOUNT}`);
  await expect(customers.getByTestId('stopped-flow').filter({ hasText: application }))
    .toContainText(`stopped at group:local/${application} (masking) before ${topic}`);
  await expect(customers.getByTestId('lifespan-place').filter({ hasText: topic })).toHaveCount(0);
  // The picture follows: the path ends at the topic, which holds no personal data now.
  await expect(flows.locator(`g[data-node="local/${topic}"]`)).toHaveCount(1);
  await expect(flows.locator(`g[data-node="local/${topic}"]`)).not.toHaveAttribute('data-pii', 'true');
  await page.screenshot({ path: `test-results/personal-data-${project}.png`, fullPage: true });

  for (const edge of edges) {
    await request.delete(`/api/v1/lineage/edges?${new URLSearchParams(edge).toString()}`);
  }
});

test('a steward tags a whole topic as holding PII and the Personal data page lists it', async ({ page }) => {
  const tansu = process.env.TANSU_BIN;
  const broker = process.env.BROKER_URL;
  if (!tansu || !broker) throw new Error('TANSU_BIN and BROKER_URL must be set (scripts/test.sh sets them)');
  const project = test.info().project.name;
  const topic = `support.transcripts.${project}.${Date.now()}`;
  execFileSync(tansu, ['topic', 'create', topic, '--broker', broker, '--partitions', '1']);
  await open(page, '/');
  await reloadUntil(page, () => expect(page.getByRole('cell', { name: topic, exact: true })).toBeVisible({ timeout: 1_000 }));
  await open(page, `/topic?cluster=local&name=${topic}`);
  await page.getByText('Tag the whole topic').click();
  const form = page.getByRole('form', { name: 'Tag the whole topic' });
  await form.getByRole('textbox', { name: 'Reason' }).fill('chat transcripts: names and addresses in free text');
  await form.getByRole('button', { name: 'Record' }).click();
  await reloadUntil(page, () => expect(page.getByTestId('topic-tag')).toContainText(
    `PII, tagged by hand by ${E2E_ACCOUNT}: chat transcripts: names and addresses in free text`, { timeout: 1_000 }));

  await open(page, '/personal-data');
  const row = page.getByTestId('personal-topic').and(page.locator(`[data-topic="${topic}"]`));
  await reloadUntil(page, () => expect(row).toBeVisible({ timeout: 1_000 }));
  await expect(row.getByTestId('topic-tag')).toContainText(`PII: the whole topic, tagged by hand by ${E2E_ACCOUNT}`);
});
