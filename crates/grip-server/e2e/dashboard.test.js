// Browser tests of the grip dashboard, in Debian's chromium driven by playwright-core.
// .ci/e2e.sh seeds a store (the seed article or the demo article, plus the GDELT extract),
// starts `grip serve`, and runs this file with GRIP_URL and SCREENSHOTS set.
// Every view is loaded, checked for the actors it must show, clicked through, and
// photographed; the page must make no request off the server and log no error.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const base = (process.env.GRIP_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const shots = process.env.SCREENSHOTS ?? join(import.meta.dirname, '../../../target/e2e-screenshots');
const withGdelt = process.env.GRIP_E2E_GDELT !== '0';
const token = process.env.GRIP_TOKEN ?? '';

// An analyst's note we wrote for this test, posted through the API: its predictions are settled
// by the GDELT extract (a visit and an agreement happen, an attack too), or not yet.
const NOTE = `Central Asia outlook for the winter.

Putin will visit Kazakhstan before the end of the year. China will probably sign a new agreement with Kazakhstan. I doubt that Turkey will send troops to Kazakhstan. Azerbaijan will never attack Kazakhstan.
`;

let browser;
let context;
let page;
const pageErrors = [];
const offsite = [];

before(async () => {
  mkdirSync(shots, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    // The flags the machine notes prescribe: no sandbox as root, and no background traffic,
    // which the closed network would refuse.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, deviceScaleFactor: 1 });
  // The dashboard works offline: anything not from the server is refused and recorded.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith('data:')) return route.continue();
    offsite.push(url);
    return route.abort();
  });
  // Writes need the token: refused without it, accepted with it.
  const post = (headers) =>
    fetch(`${base}/v1/documents?id=analyst-note&date=2024-11-01&title=${encodeURIComponent('Central Asia outlook for the winter')}`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', ...headers },
      body: NOTE,
    });
  const refused = await post({});
  assert.equal(refused.status, 401);
  assert.equal((await refused.json()).code, 'missing_token');
  const stored = await post({ Authorization: `Bearer ${token}` });
  assert.ok([200, 201].includes(stored.status), `the note is stored: ${stored.status}`);
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
});

after(async () => {
  await browser?.close();
});

/** Opens a route and waits until its view has rendered. */
async function open(hash, view) {
  await page.goto(`${base}/${hash}`);
  await page.locator(`[data-testid="view-${view}"][data-ready="true"]`).waitFor({ timeout: 20_000 });
}

async function shot(name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

test('the top bar shows the store', async () => {
  await open('#/graph', 'graph');
  const status = page.getByTestId('status');
  await status.getByText('documents').waitFor();
  assert.match(await status.innerText(), /\d+ documents/);
});

test('actor graph: parties, coloured edges, click an edge for its events, then its timeline', { skip: !withGdelt }, async () => {
  await open('#/graph?min=3&edges=60', 'graph');
  const nodes = page.getByTestId('graph-node');
  assert.ok((await nodes.count()) >= 8, 'many parties');
  const ids = await nodes.evaluateAll((all) => all.map((node) => node.dataset.id));
  for (const id of ['RUS', 'KAZ', 'UKR', 'CHN']) assert.ok(ids.includes(id), `${id} is a node: ${ids}`);
  const labels = await page.locator('.node-label').evaluateAll((all) => all.map((label) => label.textContent));
  for (const name of ['Russia', 'Kazakhstan', 'Ukraine', 'China']) assert.ok(labels.includes(name), `${name} is labelled`);
  const strokes = await page.locator('.edge-line').evaluateAll((lines) => lines.map((line) => line.getAttribute('stroke')));
  assert.ok(strokes.length >= 10, 'many edges');
  assert.ok(new Set(strokes).size >= 3, 'edges are coloured by balance');
  const widths = await page.locator('.edge-line').evaluateAll((lines) => lines.map((line) => Number(line.getAttribute('stroke-width'))));
  assert.ok(Math.max(...widths) > 2 * Math.min(...widths), 'edge width follows volume');
  await shot('1-graph');

  const edge = page.locator('[data-testid="graph-edge"][data-source="RUS"][data-target="KAZ"]');
  await edge.dispatchEvent('click');
  await page.getByTestId('edge-title').filter({ hasText: 'Russia → Kazakhstan' }).waitFor();
  const events = page.getByTestId('graph-panel').locator('li.event');
  await events.first().waitFor();
  assert.ok((await events.count()) > 0, 'the edge lists its events');
  const first = await events.first().innerText();
  assert.match(first, /Russia → Kazakhstan/);
  await shot('2-graph-edge-events');

  await page.getByRole('button', { name: 'Timeline of this pair' }).click();
  await page.locator('[data-testid="view-timeline"][data-ready="true"]').waitFor();
  assert.match(page.url(), /#\/timeline\?.*a=RUS.*b=KAZ/);
});

test('timeline: quad counts and Goldstein per week for a pair, spikes marked, click a week', { skip: !withGdelt }, async () => {
  await open('#/timeline?a=RUS&b=KAZ&interval=week', 'timeline');
  const summary = await page.getByTestId('timeline-summary').innerText();
  assert.match(summary, /Russia → Kazakhstan/);
  assert.match(summary, /grip of Russia on Kazakhstan/);
  const bars = page.getByTestId('timeline-bar');
  assert.ok((await bars.count()) >= 8, 'weekly bars');
  for (const chart of ['timeline-events', 'timeline-goldstein', 'timeline-grip']) {
    assert.equal(await page.getByTestId(chart).count(), 1, `${chart} is drawn`);
  }
  await shot('3-timeline-rus-kaz');
  await bars.nth(2).dispatchEvent('click');
  await page.getByTestId('period-events').locator('li.event').first().waitFor();
  assert.match(await page.getByTestId('period-events').innerText(), /Events between Russia and Kazakhstan/i);

  // A pair whose grip index spikes in the extract (Azerbaijan on Kazakhstan, January 2025).
  await open('#/timeline?a=AZE&b=KAZ&interval=week', 'timeline');
  const spikes = page.getByTestId('spike');
  assert.ok((await spikes.count()) >= 1, 'spikes are marked');
  assert.ok((await page.locator('.spike-dot').count()) >= 1, 'spikes are marked on the grip index');
  await spikes.first().scrollIntoViewIfNeeded();
  await page.locator('.spike-dot').first().hover();
  await page.locator('#tooltip:not([hidden])').getByText('Spike').waitFor();
  await shot('4-timeline-aze-kaz-spikes');
});

test('map: post-Soviet states shaded by the grip of Russia, then China', { skip: !withGdelt }, async () => {
  await open('#/map?patron=RUS', 'map');
  const countries = page.getByTestId('map-country');
  assert.equal(await countries.count(), 15, 'the fifteen successor states');
  const codes = await countries.evaluateAll((all) => Object.fromEntries(all.map((path) => [path.dataset.code, { grip: path.dataset.grip, fill: path.getAttribute('fill') }])));
  assert.ok(Number(codes.KAZ.grip) > 0.1, `Russia has grip on Kazakhstan: ${codes.KAZ.grip}`);
  assert.ok(codes.KAZ.fill.startsWith('rgb'), 'Kazakhstan is shaded');
  const shaded = Object.values(codes).filter((country) => country.fill.startsWith('rgb')).length;
  assert.ok(shaded >= 8, `most states are shaded: ${shaded}`);
  const labels = await page.locator('.label-name').evaluateAll((all) => all.map((label) => label.textContent));
  for (const name of ['Kazakhstan', 'Ukraine', 'Uzbekistan', 'Belarus']) assert.ok(labels.includes(name), `${name} is labelled: ${labels}`);
  for (const code of ['GEO', 'ARM', 'AZE', 'EST']) assert.ok(labels.includes(code), `${code} is labelled: ${labels}`);
  assert.equal(await page.getByTestId('map-ranking').locator('tbody tr').count(), 14, 'the other fourteen are ranked');
  await page.locator('[data-testid="map-country"][data-code="KAZ"]').hover();
  await page.locator('#tooltip:not([hidden])').getByText('Grip of Russia').waitFor();
  await shot('5-map-russia');

  await page.locator('select[name="patron"]').selectOption('CHN');
  await page.waitForURL(/patron=CHN/);
  await page.locator('[data-testid="view-map"][data-ready="true"]').waitFor();
  const chinaOnKaz = await page.locator('[data-testid="map-country"][data-code="KAZ"]').getAttribute('data-grip');
  assert.ok(Number(chinaOnKaz) > 0, 'China has some grip on Kazakhstan');
  assert.notEqual(chinaOnKaz, codes.KAZ.grip);
  await shot('6-map-china');

  await page.locator('[data-testid="map-country"][data-code="KAZ"]').dispatchEvent('click');
  await page.locator('[data-testid="view-timeline"][data-ready="true"]').waitFor();
  assert.match(page.url(), /a=CHN.*b=KAZ/);
});

test('document view: the article with mentions, events and claims highlighted and explained', async () => {
  // The seed when present, else the demo article: both are about Russia, Kazakhstan and Tokayev.
  const documents = await (await fetch(`${base}/v1/documents`)).json();
  const article = documents.items.find((item) => item.external_id !== 'analyst-note');
  assert.ok(article, 'the seeded article is stored');
  await open(`#/documents/${article.id}`, 'documents');
  const list = page.getByTestId('doc-list').locator('li');
  assert.equal(await list.count(), 2, 'the article and the note are listed');
  const text = page.getByTestId('doc-text');
  const mentions = await text.locator('.m').allInnerTexts();
  for (const form of ['Tokayev', 'Putin']) assert.ok(mentions.some((mention) => mention.includes(form)), `${form} is highlighted: ${mentions}`);
  assert.ok(mentions.some((mention) => /Russia|Rusia|Moscow/.test(mention)), 'Russia is highlighted');
  assert.ok(mentions.some((mention) => /Kazakhst/.test(mention)), 'Kazakhstan is highlighted');
  assert.ok((await text.locator('.ev').count()) >= 3, 'event triggers are highlighted');
  assert.ok((await text.locator('.cl').count()) >= 3, 'claims are highlighted');
  assert.ok((await page.getByTestId('doc-events').locator('li').count()) >= 3);
  assert.ok((await page.getByTestId('doc-claims').locator('li').count()) >= 3);

  const tooltip = page.locator('#tooltip:not([hidden])');
  await text.locator('.m', { hasText: 'Tokayev' }).first().hover();
  await tooltip.waitFor();
  let tip = await tooltip.innerText();
  assert.match(tip, /Actor: Kassym-Jomart Tokayev/);
  assert.match(tip, /Rule link\//);
  await text.locator('.ev').first().hover();
  tip = await tooltip.innerText();
  assert.match(tip, /Event \d+/);
  assert.match(tip, /Rule verbs\//);
  assert.match(tip, /Evidence “/);
  await text.locator('.cue').first().hover();
  assert.match(await tooltip.innerText(), /Cue “.+”\nSets (certain|probable|possible|doubtful) certainty/);
  await text.locator('.cl:not(.m):not(.ev)').first().hover();
  tip = await tooltip.innerText();
  assert.match(tip, /Claim: (prediction|assertion|evaluation|recommendation)/);
  assert.match(tip, /Holder \S+/);
  assert.match(tip, /Certainty (certain|probable|possible|doubtful)/);
  assert.match(tip, /Rule claims?\//);
  await shot('7-document-claim-tooltip');
  await text.locator('.m', { hasText: 'Tokayev' }).first().hover();
  await shot('8-document-mention-tooltip');
  // Hovering an event card outlines its words in the text.
  await page.getByTestId('doc-events').locator('li').first().hover();
  assert.ok((await text.locator('.focus').count()) >= 1);
});

test('forecast tracker: predictions, holders, certainty and status', async () => {
  await open('#/forecasts', 'forecasts');
  const summary = await page.getByTestId('forecast-summary').innerText();
  assert.match(summary, /\d+ predictions/);
  const rows = page.getByTestId('forecast-row');
  assert.ok((await rows.count()) >= 1, 'at least one prediction');
  const first = await rows.first().innerText();
  assert.match(first, /(certain|probable|possible|doubtful)/);
  assert.match(first, /(confirmed|not yet|contradicted|untracked)/);
  assert.match(first, /→|names no event/);
  const statuses = await rows.evaluateAll((all) => all.map((item) => item.dataset.status));
  if (withGdelt) {
    // The note's four predictions, settled by the GDELT extract.
    assert.ok(statuses.filter((status) => status === 'confirmed').length >= 2, `${statuses}`);
    assert.ok(statuses.includes('contradicted'), `${statuses}`);
    assert.ok(statuses.includes('not_yet'), `${statuses}`);
    const confirmed = page.locator('[data-testid="forecast-row"][data-status="confirmed"]', { hasText: 'Putin will visit Kazakhstan' });
    assert.match(await confirmed.innerText(), /042/);
    assert.match(await confirmed.innerText(), /2024-11-28/);
  }
  await shot('9-forecasts');
  await rows.first().locator('a[href^="#/documents/"]').click();
  await page.locator('[data-testid="view-documents"][data-ready="true"]').waitFor();
});

test('the page made no request off the server and logged no error', () => {
  assert.deepEqual(offsite, []);
  assert.deepEqual(pageErrors, []);
});
