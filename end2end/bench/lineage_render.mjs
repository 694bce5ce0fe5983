// The lineage explorer's first render with about 1,000 visible nodes, in headless
// Chromium (Debian's), against a running Tributary:
//
//   TRIBUTARY_URL=http://127.0.0.1:3000 node end2end/bench/lineage_render.mjs
//
// It declares a generated estate over the API (jobs writing and reading `bench.*`
// topics around one hub, three hops each way, declared edges only: nothing touches a
// broker), then loads the explorer on the hub several times, with and without
// JavaScript, and reports the time to a drawn picture and the number of nodes drawn;
// then, hydrated, how long a click takes to open a node's next hop in place.
// Knobs: BENCH_FANOUT (readers/writers per node, default 16: ~1,050 nodes), BENCH_RUNS (default 5).
import { chromium } from 'playwright-core';

const base = process.env.TRIBUTARY_URL ?? 'http://127.0.0.1:3000';
const fanout = Number(process.env.BENCH_FANOUT ?? 16);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const cluster = process.env.BENCH_CLUSTER ?? 'local';

async function declare(from, to, kind) {
  const response = await fetch(`${base}/api/v1/lineage/edges`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from, to, kind }),
  });
  if (response.status !== 201) throw new Error(`${from} → ${to}: ${response.status} ${await response.text()}`);
}

// hub ← writers ← their inputs ← their writers; hub → readers → their outputs → readers.
const hub = `${cluster}/bench.hub`;
let edges = 0;
for (let i = 0; i < fanout; i++) {
  const writer = `job:bench/writer-${i}`;
  const reader = `job:bench/reader-${i}`;
  await declare(writer, hub, 'writes');
  await declare(hub, reader, 'reads');
  edges += 2;
  for (let j = 0; j < fanout; j++) {
    const input = `${cluster}/bench.in-${i}-${j}`;
    const output = `${cluster}/bench.out-${i}-${j}`;
    await declare(input, writer, 'reads');
    await declare(reader, output, 'writes');
    await declare(`job:bench/source-${i}-${j}`, input, 'writes');
    await declare(output, `job:bench/sink-${i}-${j}`, 'reads');
    edges += 4;
  }
}
console.log(`declared ${edges} edges around ${hub}`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
for (const javaScriptEnabled of [false, true]) {
  const times = [];
  let drawn = 0;
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    const started = Date.now();
    await page.goto(`${base}/lineage?node=${encodeURIComponent(hub)}&depth=3`);
    await page.locator('[data-testid="lineage-svg"]').waitFor();
    if (javaScriptEnabled) await page.locator('body[data-hydrated="true"]').waitFor();
    // Layout done: the browser has placed every node.
    drawn = await page.locator('[data-testid="lineage-svg"] g[data-node]').evaluateAll((nodes) => {
      nodes.forEach((node) => node.getBBox());
      return nodes.length;
    });
    times.push(Date.now() - started);
    await context.close();
  }
  times.sort((a, b) => a - b);
  const label = javaScriptEnabled ? 'hydrated' : 'without JavaScript';
  console.log(`${label}: ${drawn} nodes drawn; first render median ${times[Math.floor(runs / 2)]} ms, max ${times[runs - 1]} ms (${runs} runs)`);
}
// Opening a node's next hop in place: at depth 2 the inputs' sources are hidden; a
// click on an input adds its source one column further left.
{
  const times = [];
  let drawn = 0;
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/lineage?node=${encodeURIComponent(hub)}&depth=2`);
    await page.locator('body[data-hydrated="true"]').waitFor();
    // The first writer's inputs sort first, so they are drawn even when the column collapses.
    const input = `bench.in-0-${run}`;
    const started = Date.now();
    await page.getByRole('link', { name: `Show the next hop of ${input}`, exact: true }).click();
    await page.locator(`[data-node="job:bench/source-0-${run}"]`).waitFor();
    times.push(Date.now() - started);
    drawn = await page.locator('[data-testid="lineage-svg"] g[data-node]').count();
    await context.close();
  }
  times.sort((a, b) => a - b);
  console.log(`open a next hop (hydrated, ${drawn} nodes drawn): median ${times[Math.floor(runs / 2)]} ms, max ${times[runs - 1]} ms (${runs} runs)`);
}
await browser.close();
