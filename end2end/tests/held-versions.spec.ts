import { test, expect } from '@playwright/test';
import { deleteSubject, open, reloadUntil } from './support';
import { execFileSync } from 'node:child_process';

// What a topic holds over time. Version 1 of a topic's value schema carries a seeker's
// e-mail address; version 2 drops it. The latest schema has no personal field, yet the
// topic page says the records of version 1 are still held, with the date they clear by,
// and how long any record can stay; the Personal data page lists the field as held.
// Each project uses its own topic and subject, since the registry keeps them.

test('a field removed by a new schema version is still held until its records can be gone', async ({ page, request }) => {
  const tansu = process.env.TANSU_BIN;
  const broker = process.env.BROKER_URL;
  const registry = process.env.REGISTRY_URL;
  if (!tansu || !broker || !registry) throw new Error('TANSU_BIN, BROKER_URL and REGISTRY_URL must be set (scripts/test.sh sets them)');
  const project = test.info().project.name;
  const topic = `jobs.applications.${project}.${Date.now()}`;
  execFileSync(tansu, ['topic', 'create', topic, '--broker', broker, '--partitions', '1', '--config', 'retention.ms=86400000']);
  // The record's name is the topic's own: a schema text registered under a second subject
  // keeps its id, and the registry poll finds new versions by new ids.
  const recordName = `Application_${project.replace(/\W/g, '_')}_${Date.now()}`;
  const version = async (fields: object[]) => {
    const schema = { type: 'record', name: recordName, fields };
    const registered = await request.post(`${registry}/subjects/${topic}-value/versions`, {
      data: { schema: JSON.stringify(schema) },
      headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
    });
    expect(registered.ok()).toBeTruthy();
  };
  await version([{ name: 'application_id', type: 'string' }, { name: 'seeker_email', type: 'string' }]);

  const topicPage = `/topic?cluster=local&name=${encodeURIComponent(topic)}`;
  await open(page, topicPage);
  const personal = page.getByTestId('personal-data');
  await reloadUntil(page, () => expect(personal.getByTestId('classified-field')).toContainText('seeker_email', { timeout: 1_000 }));

  await version([{ name: 'application_id', type: 'string' }, { name: 'status', type: 'string', default: 'open' }]);
  const held = page.getByTestId('held-field');
  await reloadUntil(page, () => expect(held).toHaveCount(1, { timeout: 1_000 }));
  await expect(held).toHaveAttribute('data-version', '1');
  await expect(held).toContainText('seeker_email');
  await expect(held).toContainText(/in version 1, clears by \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);
  await expect(personal).toContainText('No field of the latest schema is tagged as personal data');
  await expect(page.getByTestId('record-lifetime')).toContainText('A record can stay up to');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Personal data' }).click();
  const row = page.getByTestId('personal-topic').and(page.locator(`[data-topic="${topic}"]`));
  await reloadUntil(page, () => expect(row).toBeVisible({ timeout: 1_000 }));
  await expect(row.getByTestId('held-field')).toContainText('seeker_email');
  await expect(row.getByTestId('held-field')).toContainText('in version 1, clears by');
  await expect(row.getByTestId('lifespan')).toContainText('in Kafka');

  // Leave the estate as found: other tests count the demo's subjects.
  await deleteSubject(request, registry, `${topic}-value`);
});
