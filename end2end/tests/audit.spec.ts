import { test, expect, request as requests } from '@playwright/test';
import { open } from './support';

// The audit log in the browser. An admin makes a steward's account with a hostile name,
// who signs in and tags a demo topic over the API: the Audit page lists the change with its actor as written (not as markup), the
// topic, the reason, and the state after; the filter form narrows the log by action and
// target; the chain is reported intact with its head hash; the CSV export (with the
// page's filters) neutralises the formula in the actor's name.
// Each project tags with its own reason, since entries are kept.

test('a steward\'s change is in the audit log as written, filtered and exported', async ({ page, request }) => {
  const project = test.info().project.name;
  const actor = `=HYPERLINK("http://evil.example","<b>${project}</b>")`;
  const reason = `audited in ${project} at ${Date.now()}`;
  const password = `a long password for ${project}`;
  const made = await request.post('/api/v1/accounts', { data: { name: actor, role: 'steward', password } });
  expect(made.status()).toBe(201);
  // The steward's own browser session: signed in by the form, its CSRF token from a page.
  const steward = await requests.newContext({
    baseURL: process.env.TRIBUTARY_URL, storageState: { cookies: [], origins: [] }, extraHTTPHeaders: {},
  });
  await steward.post('/auth/sign-in', { form: { name: actor, password, next: '/' } });
  const signedIn = await (await steward.get('/')).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(signedIn)?.[1] ?? '';
  expect(csrf).not.toBe('');
  for (const [tagged, said] of [[true, reason], [false, `${reason} (undone)`]] as const) {
    const answer = await steward.post('/api/v1/classification/topic-tags', {
      headers: { 'x-csrf-token': csrf },
      data: { cluster: 'local', topic: 'shop.orders', category: 'CREDENTIALS', tagged, reason: said },
    });
    expect(answer.status()).toBe(201);
  }
  await steward.dispose();

  await open(page, '/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page).toHaveTitle(/^Audit log · Tributary$/);
  await expect(page.getByTestId('audit-chain')).toHaveAttribute('data-intact', 'true');
  await expect(page.getByTestId('audit-chain')).toContainText(/The chain holds: all \d+ entries are as written\. Head hash [0-9a-f]{64}/);

  // The log grows with every suite (reports generated are entries too): the entry is
  // looked for among the steward's own, as the actor filter shows them.
  await open(page, `/audit?actor=${encodeURIComponent(actor)}`);
  const entry = page.getByTestId('audit-entry').filter({ hasText: reason }).first();
  await expect(entry.getByTestId('audit-actor')).toHaveText(actor);
  await expect(entry.locator('b')).toHaveCount(0);
  await expect(entry.getByTestId('audit-target')).toHaveText('local/shop.orders');
  const after = entry.locator('details[data-state="after"]');
  await after.getByText('after').click();
  await expect(after.locator('pre')).toContainText('"tagged":true');

  // The form filters by action and target; the URL keeps the filters.
  const form = page.getByTestId('audit-filters');
  await form.getByLabel('Action').selectOption('topic_tagged');
  await form.getByLabel('Target contains').fill('shop.orders');
  await form.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/action=topic_tagged/);
  const entries = page.getByTestId('audit-entry');
  await expect(entries.filter({ hasText: reason })).toHaveCount(2);
  for (const action of await entries.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action')))) {
    expect(action).toBe('topic_tagged');
  }
  await page.screenshot({ path: `test-results/audit-log-${project}.png`, fullPage: true });

  // The CSV export carries the page's filters; a formula in a name is neutralised.
  const href = await page.getByTestId('audit-export-csv').getAttribute('href');
  expect(href).toContain('action=topic_tagged');
  const csv = await (await request.get(href!)).text();
  expect(csv.split('\r\n')[0]).toBe('seq,at_ms,actor,action,target,reason,before,after,prev_hash,hash');
  expect(csv).toContain(`"'=HYPERLINK(""http://evil.example""`);
  expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
  expect(csv).toContain(reason);
});
