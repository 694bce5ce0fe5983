import { test, expect, APIRequestContext, Page } from '@playwright/test';
import * as net from 'net';

// Helpers the browser tests share.

/// The account the journeys on the demo estate are signed in as (scripts/test.sh makes it
/// an admin and signs it in; playwright.config.ts carries its session): a name with
/// markup in it, so every place that shows who decided is checked to show it as text.
export const E2E_ACCOUNT = process.env.E2E_ACCOUNT ?? 'Ada <e2e>';

/// Opens `path`; in the hydrated project, waits until the page is hydrated.
export async function open(page: Page, path: string) {
  await page.goto(path);
  await whenHydrated(page);
}

async function whenHydrated(page: Page) {
  if (test.info().project.name === 'hydrated') {
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  }
}

/// Reloads until `check` passes (without JavaScript a page is a snapshot; hydrated, the
/// live feed refreshes it, and a reload is harmless).
export async function reloadUntil(page: Page, check: () => Promise<void>) {
  await expect(async () => {
    await page.reload();
    await whenHydrated(page);
    await check();
  }).toPass({ timeout: 30_000 });
}

/// Ports handed out by `freePort` in this worker: never handed out twice.
const handedOut = new Set<number>();

/// One listener on a port the system picks, kept open until released.
function listenOnAny(): Promise<net.Server> {
  return new Promise((resolve) => {
    const listener = net.createServer();
    listener.listen(0, '127.0.0.1', () => resolve(listener));
  });
}

/// A free port of 127.0.0.1, for a server a journey starts of its own, never one handed
/// out before here (two picks in a row may get the same port from the system while the
/// first is not bound yet): the listeners tried stay open until a new port is found.
export async function freePort(): Promise<number> {
  const held: net.Server[] = [];
  try {
    for (;;) {
      const listener = await listenOnAny();
      held.push(listener);
      const port = (listener.address() as net.AddressInfo).port;
      if (!handedOut.has(port)) {
        handedOut.add(port);
        return port;
      }
    }
  } finally {
    await Promise.all(held.map((listener) => new Promise((done) => listener.close(done))));
  }
}

/// Deletes `subject` from the registry (soft, then permanently) and waits until the
/// catalog no longer lists it: other tests count the demo's subjects.
export async function deleteSubject(request: APIRequestContext, registry: string, subject: string) {
  for (const permanent of ['false', 'true']) {
    await request.delete(`${registry}/subjects/${subject}?permanent=${permanent}`);
  }
  await expect(async () => {
    const listed = await (await request.get(`/api/v1/subjects?q=${encodeURIComponent(subject)}`)).json();
    expect(listed.items).toHaveLength(0);
  }).toPass({ timeout: 20_000 });
}
