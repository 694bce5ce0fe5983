import { test, expect, Page } from '@playwright/test';
import { E2E_ACCOUNT } from './support';

// The steward's first step over the demo estate: the orders' schema has no tags, but its
// address fields look like personal data. The topic page says so, as suggestions, and a
// steward dismisses one with a reason, which the page then shows with who and why.
// Each project decides on its own field, since decisions are kept.

async function open(page: Page, path: string) {
  await page.goto(path);
  if (test.info().project.name === 'hydrated') {
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  }
}

test('a suggested category is dismissed with a reason and the page says who and why', async ({ page }) => {
  const field = test.info().project.name === 'hydrated' ? 'address.state' : 'address.city';
  const steward = E2E_ACCOUNT;
  await open(page, '/topic?cluster=local&name=shop.orders');
  const personal = page.getByTestId('personal-data');
  await expect(personal).toContainText('Likely carries personal data (suggested, not tagged)');
  const row = personal.getByTestId('classified-field').filter({ hasText: field });
  await expect(row).toContainText('PII, suggested by rule address_part (name)');

  const form = row.getByRole('form', { name: `Decide on PII for ${field}` });
  await form.getByRole('combobox', { name: 'Decision' }).selectOption('dismiss');
  await form.getByRole('textbox', { name: 'Reason' }).fill('a place alone names no one');
  await expect(form).toContainText(`as ${steward}`); // signed in: the account decides
  await form.getByRole('button', { name: 'Record' }).click();

  // Without JavaScript the browser comes back to the page; hydrated, the live feed
  // refreshes it. Either way the suggestion moves to the dismissed ones, named as text.
  const dismissed = page.getByTestId('dismissed-suggestions');
  await expect(dismissed).toContainText(`${field} not PII (rule address_part) by ${steward}: a place alone names no one`);
  await expect(personal.getByTestId('classified-field').filter({ hasText: field })).toHaveCount(0);
  await page.screenshot({ path: `test-results/steward-${test.info().project.name}.png`, fullPage: true });
});
