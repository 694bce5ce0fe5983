import { test, expect } from '@playwright/test';
import { open } from './support';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

// The compliance officer's report for the demo's customer-data profile. The Reports page's
// form downloads the PDF (with or without JavaScript); its text, as poppler's pdftotext
// reads it, has the cover (the profile, who asked for it, with a non-Latin and hostile
// name, as written), the summary's figures, a violation, a field with its provenance, and
// the content hash in the footer of every page, which is the JSON report's own (the name
// mixes Latin, Greek, Japanese and Korean: the last two set in the embedded fallback fonts). Its pages,
// made images with pdftoppm, are kept with the screenshots. The JSON report agrees with
// the API's open violations.

test('an officer downloads the PDF report of a profile, and the JSON agrees with the API', async ({ page, request }) => {
  const project = test.info().project.name;
  const officer = `Zoë Ωμέγα 山田太郎 김민준 <script>x</script> ${project}`;
  await open(page, '/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
  await expect(page).toHaveURL(/\/reports$/);
  await expect(page).toHaveTitle(/^Reports · Tributary$/);
  const form = page.getByRole('form', { name: 'Report' });
  await form.getByLabel('Profile').selectOption('customer-data');
  await form.getByLabel('Format').selectOption('pdf');
  await form.getByLabel('Your name (on the cover)').fill(officer);
  const downloading = page.waitForEvent('download');
  await form.getByRole('button', { name: 'Download the report' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('compliance-report.pdf');
  const file = `test-results/report-${project}.pdf`;
  await download.saveAs(file);

  const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
  expect(text).toContain('Compliance report: customer-data');
  expect(text).toContain(officer);
  expect(text).toMatch(/Topics holding personal data\s+\d+/);
  expect(text).toMatch(/Violations open at the period's end\s+[1-9]\d*/);
  expect(text).toContain('max_retention_days');
  expect(text).toMatch(/shop\.customers-value#\S+/);
  expect(text).toMatch(/PII: (schema tag|name rule|tagged by)/);
  expect(text).toContain('Record of processing (GDPR Article 30)');
  const footers = text.match(/content SHA-256 ([0-9a-f]{64})/g) ?? [];
  const pages = execFileSync('pdfinfo', [file]).toString().match(/Pages:\s+(\d+)/)![1];
  expect(footers.length).toBe(Number(pages));

  // The pages as images, beside the screenshots.
  execFileSync('pdftoppm', ['-png', '-r', '60', file, `test-results/report-${project}-page`]);
  expect(readdirSync('test-results').filter((name) => name.startsWith(`report-${project}-page`)).length).toBe(Number(pages));

  // The JSON report: its open violations are the API's.
  const json = await (await request.get('/api/v1/reports?profile=customer-data')).json();
  const api = await (await request.get('/api/v1/violations?profile=customer-data')).json();
  const open_ids = (list: any[]) => list.filter((v) => v.resolved_at_ms === null).map((v) => v.id).sort();
  expect(open_ids(json.violations)).toEqual(open_ids(api));
  expect(json.content_hash).toMatch(/^[0-9a-f]{64}$/);
});
