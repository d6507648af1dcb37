#!/usr/bin/env node
// Opens gazet's map.html in headless Chromium and checks that it works
// offline and safely. tests/map_page.rs runs it; by hand:
//
//   npm ci --prefix tests/browser
//   node tests/browser/check_map.mjs output/map.html 16 /tmp/map.png \
//       [--open NAME] [--expect TEXT] [--zoom STEPS]
//
// Checks: no request other than file: and data: URLs, no Content-Security-
// Policy violation, no dialog (alert), no page error or console error; the
// number of markers; clicking a marker opens a visible popup with its name
// (--open picks the place, --expect is text its popup must show); the zoom
// buttons and dragging move the map; clicking an article in the side list
// shows only that article's markers, and "Show all" brings back the rest.
// Ends with the popup open (after zooming in STEPS wheel steps on it) and
// saves a 1280x800 screenshot. Exits 1 with the reasons on failure.

import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return null;
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
};
const openName = option('--open');
const expectText = option('--expect');
const zoomSteps = Number(option('--zoom') || 0);
if (args.length !== 3 || !/^\d+$/.test(args[1])) {
  console.error('usage: check_map.mjs <map.html> <expected_markers> <screenshot.png> [--open NAME] [--expect TEXT] [--zoom STEPS]');
  process.exit(2);
}
const [file, expectedArg, screenshot] = args;
const expected = Number(expectedArg);

const failures = [];
const fail = (message) => failures.push(message);
const outside = []; // requests that left the file
const dialogs = [];
const errors = [];

const watchdog = setTimeout(() => {
  console.error('check_map: FAIL: timed out after 90 s');
  process.exit(1);
}, 90_000);

const profile = mkdtempSync(path.join(tmpdir(), 'gazet-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.GAZET_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
  viewport: { width: 1280, height: 800 },
});

try {
  context.on('request', (r) => {
    if (!/^(file|data):/i.test(r.url())) outside.push(r.url());
  });
  const page = context.pages()[0] || (await context.newPage());
  page.on('websocket', (ws) => outside.push(ws.url()));
  page.on('dialog', async (d) => {
    dialogs.push(d.type() + ': ' + d.message());
    await d.dismiss();
  });
  page.on('pageerror', (e) => errors.push('page error: ' + e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push('console error: ' + m.text());
  });
  await page.addInitScript(() => {
    window.__gazetViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__gazetViolations.push(e.violatedDirective + ' ' + e.blockedURI);
    });
  });

  await page.goto(pathToFileURL(path.resolve(file)).href);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 15_000 });
  await run(page);
  await page.waitForTimeout(300);
  const violations = await page.evaluate(() => window.__gazetViolations);
  for (const v of violations) fail('Content-Security-Policy violation: ' + v);
  await page.screenshot({ path: screenshot });
} catch (e) {
  fail('error: ' + (e && e.stack ? e.stack : e));
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  clearTimeout(watchdog);
}

for (const u of outside) fail('request outside the file: ' + u);
for (const d of dialogs) fail('dialog opened (script ran?): ' + d);
for (const e of errors) fail(e);
if (failures.length) {
  for (const f of failures) console.error('check_map: FAIL: ' + f);
  process.exit(1);
}
console.log(`check_map: ok: ${expected} markers, popup, zoom, pan, article filter; screenshot ${screenshot}`);

/** Markers that are displayed. */
function visibleMarkers(page) {
  return page.evaluate(() => [...document.querySelectorAll('.gazet-marker')]
    .filter((m) => getComputedStyle(m).display !== 'none').length);
}

/** A point where a marker is on top (of the one named `name` if given):
 * its centre or a point around it. */
function clickableMarker(page, name) {
  return page.evaluate((name) => {
    const all = [...document.querySelectorAll('.gazet-marker')].reverse();
    for (const m of all) {
      if (name !== null && m.getAttribute('data-name') !== name) continue;
      const r = m.getBoundingClientRect();
      if (r.width === 0) continue;
      const cx = r.left + r.width / 2;
      const cy = r.top + r.height / 2;
      for (let a = -1; a < 8; a++) {
        const d = a < 0 ? 0 : r.width * 0.3;
        const x = cx + d * Math.cos(a * Math.PI / 4);
        const y = cy + d * Math.sin(a * Math.PI / 4);
        if (document.elementFromPoint(x, y) === m) return { x, y, name: m.getAttribute('data-name') };
      }
    }
    return null;
  }, name);
}

/** The centre of the first marker named `name`, if displayed. */
function markerCentre(page, name) {
  return page.evaluate((name) => {
    const m = [...document.querySelectorAll('.gazet-marker')].find((m) => m.getAttribute('data-name') === name);
    if (!m) return null;
    const r = m.getBoundingClientRect();
    return r.width > 0 ? { x: r.left + r.width / 2, y: r.top + r.height / 2 } : null;
  }, name);
}

function landTransform(page) {
  return page.evaluate(() => document.getElementById('gazet-land').getAttribute('transform'));
}

async function openPopup(page) {
  let marker = await clickableMarker(page, openName);
  // A place under others: zoom in on it, as a reader would.
  for (let i = 0; !marker && openName !== null && i < 6; i++) {
    const at = await markerCentre(page, openName);
    if (!at) break;
    await page.mouse.move(at.x, at.y);
    await page.mouse.wheel(0, -300);
    await page.waitForTimeout(100);
    marker = await clickableMarker(page, openName);
  }
  if (!marker) {
    fail(openName ? `no clickable marker named ${openName}` : 'no clickable marker');
    return;
  }
  await page.mouse.click(marker.x, marker.y);
  const popup = page.locator('#gazet-popup');
  if (!(await popup.isVisible())) {
    fail(`the popup of ${marker.name} is not visible`);
    return;
  }
  const title = await popup.locator('h3').textContent();
  if (title !== marker.name) fail(`popup title ${JSON.stringify(title)}, expected ${JSON.stringify(marker.name)}`);
  const text = await popup.textContent();
  if (expectText !== null && !text.includes(expectText)) {
    fail(`the popup of ${marker.name} does not show ${JSON.stringify(expectText)}`);
  }
}

async function run(page) {
  const markers = await page.locator('.gazet-marker').count();
  if (markers !== expected) fail(`${markers} markers, expected ${expected}`);
  const shown = await visibleMarkers(page);
  if (shown !== expected) fail(`${shown} markers displayed, expected ${expected}`);
  const foreign = await page.evaluate(() => ({
    scripts: document.scripts.length,
    embeds: document.querySelectorAll('img, iframe, object, embed, link, base, form').length,
  }));
  if (foreign.scripts !== 2) fail(`${foreign.scripts} script elements, expected the page's 2`);
  if (foreign.embeds !== 0) fail(`${foreign.embeds} img/iframe/object/embed/link/base/form elements`);
  if (expected === 0) return;

  await openPopup(page);

  // Zoom and pan move the basemap.
  await page.keyboard.press('Escape');
  if (await page.locator('#gazet-popup').isVisible()) fail('Escape did not close the popup');
  let before = await landTransform(page);
  await page.click('#gazet-zoom-in');
  await page.waitForTimeout(100);
  if ((await landTransform(page)) === before) fail('the zoom button did not zoom');
  before = await landTransform(page);
  const box = await page.locator('#gazet-map').boundingBox();
  const [x, y] = [box.x + box.width / 2, box.y + 30];
  await page.mouse.move(x, y);
  await page.mouse.wheel(0, 200);
  await page.waitForTimeout(100);
  if ((await landTransform(page)) === before) fail('the mouse wheel did not zoom');
  before = await landTransform(page);
  await page.mouse.down();
  await page.mouse.move(x + 100, y + 60, { steps: 5 });
  await page.mouse.up();
  await page.waitForTimeout(100);
  if ((await landTransform(page)) === before) fail('dragging did not pan the map');

  // An article's places only, then all again.
  const article = await page.evaluate((total) => {
    const buttons = [...document.querySelectorAll('#gazet-articles button')];
    const b = buttons.find((x) => Number(x.dataset.places) > 0 && Number(x.dataset.places) < total);
    return b ? { index: b.dataset.index, places: Number(b.dataset.places) } : null;
  }, expected);
  if (article === null) {
    console.log('check_map: note: no article with only some of the places; filter not checked');
  } else {
    await page.click(`#gazet-articles button[data-index="${article.index}"]`);
    await page.waitForTimeout(100);
    const n = await visibleMarkers(page);
    if (n !== article.places) fail(`article filter shows ${n} markers, expected ${article.places}`);
    if (!(await page.locator('#gazet-filter').isVisible())) fail('the filter box is not shown');
    await page.click('#gazet-reset');
    await page.waitForTimeout(100);
    const all = await visibleMarkers(page);
    if (all !== expected) fail(`"Show all" shows ${all} markers, expected ${expected}`);
  }
  for (let i = 0; i < zoomSteps; i++) {
    const at = (openName !== null && (await markerCentre(page, openName))) || { x, y };
    await page.mouse.move(at.x, at.y);
    await page.mouse.wheel(0, -100);
    await page.waitForTimeout(60);
  }
  await openPopup(page);
}
