import { test, expect, Page, APIRequestContext } from '@playwright/test';

// Names come from outside: subjects, fields, docs and tags from registries, group and
// job names from declarations, queries from users. Each hostile one must read as
// written (titles included) and never run, with and without JavaScript. A principal
// cannot be made here: the test broker (tansu) has no ACLs.

const PAYLOADS = [
  '</title><script>window.__pwned=1</script>',
  '"><img src=x onerror="window.__pwned=1">',
  '</svg><script>window.__pwned=1</script>',
  '{{7*7}} ${7*7}',
  '\u202Eevil\u200Bname\u200D',
  'x'.repeat(1000),
];
// Group and job names hold no `/` (it separates a node path's parts).
const NODE_NAMES = ['"><img src=x onerror="window.__pwned=1">', '<svg onload="window.__pwned=1">', '\u202Eevil\u200Bjob'];
const SUBJECT = `hostile-</title><script>window.__pwned=1</script>-${Date.now()}`;

function registry(): string {
  const url = process.env.REGISTRY_URL;
  if (!url) throw new Error('REGISTRY_URL must be set (scripts/test.sh sets it)');
  return url;
}

// A JSON Schema whose property names, descriptions and tags are the payloads.
function hostileSchema(): string {
  const properties: Record<string, object> = {};
  PAYLOADS.forEach((payload, index) => {
    properties[`p${index}${payload.slice(0, 60)}`] = { type: 'string', description: payload, tags: [payload.slice(0, 40)] };
  });
  return JSON.stringify({ type: 'object', title: 'Hostile', properties });
}

const edges = () => NODE_NAMES.flatMap((name) => [
  { from: `group:local/${name}`, to: 'local/shop.orders', kind: 'writes' },
  { from: 'local/shop.orders', to: `job:airflow/${name}`, kind: 'reads' },
]);

async function watch(page: Page): Promise<string[]> {
  const dialogs: string[] = [];
  page.on('dialog', async (dialog) => { dialogs.push(dialog.message()); await dialog.dismiss(); });
  return dialogs;
}

async function open(page: Page, path: string) {
  const response = await page.goto(path);
  if (test.info().project.name === 'hydrated') {
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  }
  return response;
}

async function notPwned(page: Page) {
  if (test.info().project.name === 'hydrated') {
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  }
  // Nothing injected became an element.
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('svg[onload]')).toHaveCount(0);
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ request }) => {
  const registered = await request.post(`${registry()}/subjects/${encodeURIComponent(SUBJECT)}/versions`, {
    data: { schemaType: 'JSON', schema: hostileSchema() },
    headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
  });
  expect(registered.ok(), await registered.text()).toBeTruthy();
  for (const edge of edges()) {
    const declared = await request.post('/api/v1/lineage/edges', { data: edge });
    expect(declared.status(), await declared.text()).toBe(201);
  }
});

test.afterAll(async ({ request }: { request: APIRequestContext }) => {
  for (const permanent of ['false', 'true']) {
    await request.delete(`${registry()}/subjects/${encodeURIComponent(SUBJECT)}?permanent=${permanent}`);
  }
  for (const edge of edges()) {
    const query = new URLSearchParams(edge as Record<string, string>).toString();
    await request.delete(`/api/v1/lineage/edges?${query}`);
  }
  // Leave the estate as found: other tests count the demo's subjects.
  await expect(async () => {
    const listed = await (await request.get('/api/v1/subjects?q=hostile-')).json();
    expect(listed.items).toHaveLength(0);
  }).toPass({ timeout: 20_000 });
});

test('hostile search queries read as written in the title, the box and the page', async ({ page }) => {
  const dialogs = await watch(page);
  for (const payload of PAYLOADS) {
    await open(page, `/search?q=${encodeURIComponent(payload)}`);
    await expect(page).toHaveTitle(`Search: ${payload} · Tributary`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Results for “${payload}”`);
    await expect(page.getByRole('combobox', { name: 'Search the catalog' })).toHaveValue(payload);
    await notPwned(page);
  }
  expect(dialogs).toEqual([]);
});

test('a hostile subject, its fields, docs and tags read as written on its page', async ({ page }) => {
  const dialogs = await watch(page);
  await expect(async () => {
    const response = await open(page, `/subject?source=main&name=${encodeURIComponent(SUBJECT)}`);
    expect(response?.status()).toBe(200);
  }).toPass({ timeout: 20_000 });
  await expect(page).toHaveTitle(`${SUBJECT} · Tributary`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(SUBJECT);
  const tree = page.getByTestId('field-tree');
  for (const [index, payload] of PAYLOADS.entries()) {
    await expect(tree).toContainText(`p${index}${payload.slice(0, 60)}`);
    await expect(tree).toContainText(payload);
  }
  await notPwned(page);
  await page.screenshot({ path: `test-results/hostile-subject-${test.info().project.name}.png`, fullPage: true });
  await open(page, '/schemas');
  await expect(page.getByTestId('subject-row').filter({ hasText: SUBJECT })).toHaveCount(1);
  await notPwned(page);
  expect(dialogs).toEqual([]);
});

test('hostile group and job names read as written in titles and the lineage picture', async ({ page }) => {
  const dialogs = await watch(page);
  for (const name of NODE_NAMES) {
    await open(page, `/group?cluster=local&id=${encodeURIComponent(name)}`);
    await expect(page).toHaveTitle(`${name} · Tributary`);
    await notPwned(page);
    await open(page, `/lineage?node=${encodeURIComponent(`job:airflow/${name}`)}&depth=2`);
    const picture = page.getByTestId('lineage-picture');
    await expect(picture.locator(`g[data-node="job:airflow/${name.replace(/"/g, '\\"')}"]`)).toHaveCount(1);
    await expect(picture).toContainText(name.length > 30 ? name.slice(0, 20) : name);
    await notPwned(page);
  }
  await page.screenshot({ path: `test-results/hostile-lineage-${test.info().project.name}.png`, fullPage: true });
  expect(dialogs).toEqual([]);
});
