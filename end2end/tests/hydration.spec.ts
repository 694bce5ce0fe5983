import { test, expect } from '@playwright/test';
import { open } from './support';

// Hydrated, the pages take over what the server rendered without complaint: no script
// error and no hydration mismatch in the console, signed in (the header, the stewards'
// forms and the Access page all depend on who is signed in, sent with the page).

const pages = ['/', '/topic?cluster=local&name=shop.orders', '/schemas', '/personal-data', '/compliance', '/access'];

test('hydrated pages take over the server-rendered ones without errors', async ({ page }) => {
  test.skip(test.info().project.name !== 'hydrated', 'about hydration');
  const complaints: string[] = [];
  page.on('pageerror', (error) => complaints.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') complaints.push(`${message.type()}: ${message.text()}`);
  });
  for (const path of pages) {
    await open(page, path);
    await expect(page.getByTestId('signed-in')).toBeVisible();
  }
  expect(complaints).toEqual([]);
});
