import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { open } from './support';

// Every page of the demo estate checked by axe-core against WCAG 2.0 and 2.1, levels A
// and AA, as served and hydrated: no serious or critical finding. (Minor and moderate
// ones are printed, so that they are seen.) axe runs as a script: for the page as served
// without JavaScript, it runs in a page whose own scripts (the hydration bundle under
// /pkg) are blocked, so that what it checks is the server's HTML.

const pages = [
  '/',
  '/cluster?alias=local',
  '/topic?cluster=local&name=shop.orders',
  '/group?cluster=local&id=payment-service',
  '/lineage?node=local/shop.orders',
  '/schemas',
  '/subject?source=main&subject=shop.orders-value',
  '/compliance',
  '/personal-data',
  '/audit',
  '/reports',
  '/search?q=shop',
  '/access',
  '/api',
];

for (const path of pages) {
  test(`${path} has no serious or critical accessibility finding`, async ({ page, browser }, testInfo) => {
    let checked = page;
    if (testInfo.project.name === 'ssr-no-js') {
      const { baseURL, storageState, extraHTTPHeaders } = testInfo.project.use;
      const context = await browser.newContext({ baseURL, storageState, extraHTTPHeaders, javaScriptEnabled: true });
      await context.route('**/pkg/**', (route) => route.abort());
      checked = await context.newPage();
      await checked.goto(path);
    } else {
      await open(page, path);
    }
    const results = await new AxeBuilder({ page: checked })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    const findings = results.violations.map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      where: violation.nodes.slice(0, 3).map((node) => node.target.join(' ')),
    }));
    const blocking = findings.filter((finding) => finding.impact === 'serious' || finding.impact === 'critical');
    if (findings.length > blocking.length) {
      console.log(`${path}: minor findings`, JSON.stringify(findings.filter((f) => !blocking.includes(f))));
    }
    expect(blocking, JSON.stringify(blocking, null, 2)).toEqual([]);
  });
}
