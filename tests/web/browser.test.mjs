// paragraf serve in a real browser: Debian's chromium, headless, driven by
// playwright-core against a server on a free local port with the corpus
// imported. Run by ctest (Web.Browser) from the source tree:
//   PARAGRAF_BINARY=build/src/cli/paragraf node --test tests/web/browser.test.mjs
// Each page is photographed into $PARAGRAF_SCREENSHOTS (default
// build/web-screenshots); docs/img/ keeps two of them for the README.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let chromium;
try {
  ({ chromium } = require('playwright-core'));
} catch (e) {
  throw new Error('playwright-core is missing: run tools/setup (npm ci in tests/web)');
}

const root = resolve(new URL('../..', import.meta.url).pathname);
const binary = resolve(root, process.env.PARAGRAF_BINARY || 'build/src/cli/paragraf');
const shots = resolve(root, process.env.PARAGRAF_SCREENSHOTS || 'build/web-screenshots');
const browserPath = process.env.CHROMIUM || '/usr/bin/chromium';
const token = 'browser-test-token-' + process.pid;
// Uploaded in the test, so not imported before it.
const uploaded = 'corpus/documents/gen-tn-bergaby-2025-01-28.pdf';

let dir, server, base, browser, context;
let serverOutput = '';

function corpusFiles() {
  const files = [];
  for (const folder of ['corpus/documents', 'corpus/followups/documents', 'corpus/web']) {
    for (const name of readdirSync(join(root, folder)).sort()) {
      const path = join(folder, name);
      if (/\.(pdf|txt|md)$/.test(name) && path !== uploaded) files.push(path);
    }
  }
  return files;
}

// The whole page, or only what the window shows (the README's pictures).
async function shot(page, name, { fullPage = true } = {}) {
  await page.screenshot({ path: join(shots, name + '.png'), fullPage });
}

// What a page did that it must not: open a dialog (an alert from a
// script), throw a script error, or ask for anything but the server.
function watch(page) {
  const seen = { dialogs: [], errors: [] };
  page.on('dialog', async (dialog) => {
    seen.dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  page.on('pageerror', (e) => seen.errors.push(e.message));
  return seen;
}

function clean(seen) {
  assert.deepEqual(seen.dialogs, [], 'no script of a document ran');
  assert.deepEqual(seen.errors, [], 'no script error');
}

before(async () => {
  assert.ok(existsSync(binary), binary + ' is missing: build paragraf first');
  assert.ok(existsSync(browserPath), browserPath + ' is missing: run tools/setup (chromium)');
  mkdirSync(shots, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'paragraf-browser-'));
  const db = join(dir, 'web.db');
  const imported = spawnSync(binary, ['--db', db, 'import', ...corpusFiles()], {
    cwd: root, encoding: 'utf8',
  });
  assert.equal(imported.status, 0, imported.stderr + imported.stdout);

  server = spawn(binary, ['serve', '--db', db, '--port', '0'], {
    cwd: root, env: { ...process.env, PARAGRAF_WEB_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  base = await new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error('no server: ' + serverOutput)), 20000);
    const read = (chunk) => {
      serverOutput += chunk;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(serverOutput);
      if (m) { clearTimeout(timer); resolvePromise(m[0].replace(/\/$/, '')); }
    };
    server.stdout.setEncoding('utf8').on('data', read);
    server.stderr.setEncoding('utf8').on('data', read);
    server.on('exit', (code) => reject(new Error('server exited ' + code + ': ' + serverOutput)));
  });
  browser = await chromium.launch({ executablePath: browserPath, headless: true,
                                    args: ['--no-sandbox', '--lang=sv-SE'] });
  context = await browser.newContext({ locale: 'sv-SE', acceptDownloads: true,
                                       viewport: { width: 1280, height: 900 } });
  // Offline: nothing but the server may be asked for anything.
  await context.route(/^(?!http:\/\/127\.0\.0\.1:)/, (route) => route.abort());
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    const code = await exited;
    assert.equal(code, 0, 'paragraf serve stops cleanly on SIGTERM');
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('paragraf serve', () => {
  test('search finds an inflected word and a compound, with facets and pages', async () => {
    const page = await context.newPage();
    const seen = watch(page);
    await page.goto(base + '/');
    await page.getByLabel('Sök bland besluten').fill('kartläggningen av hemlösheten');
    await page.getByRole('button', { name: 'Sök' }).click();
    await page.waitForURL(/\/sok\?/);
    const first = page.locator('ol.hits li').first();
    await assert.doesNotReject(first.waitFor());
    assert.match(await first.locator('h3').innerText(), /kartläggning av hemlöshet/i);
    assert.ok(await page.locator('ol.hits mark').count() > 0, 'matches are marked');

    // A compound: "avtal" finds "hemsjukvårdsavtalet".
    await page.getByLabel('Sökord').fill('avtal');
    await page.getByRole('button', { name: 'Sök' }).click();
    await page.waitForURL(/q=avtal/);
    const marks = await page.locator('ol.hits mark').allInnerTexts();
    assert.ok(marks.some((m) => /hemsjukvårdsavtal/i.test(m)), 'compound marked: ' + marks);
    const total = Number((await page.locator('#hit-count').innerText()).match(/^\d+/)[0]);
    assert.ok(total > 10, 'more than one page of hits');
    await shot(page, 'sok', { fullPage: false });
    await page.getByRole('link', { name: 'Nästa' }).click();
    await page.waitForURL(/sida=2/);
    assert.match(await page.locator('#hit-count').innerText(), /visar 11–/);
    await page.goBack();

    // A facet narrows the hits and shows its count.
    const facet = page.locator('.facets a', { hasText: 'SVOM' });
    const count = Number(await facet.locator('xpath=..').locator('.count').innerText());
    await facet.click();
    await page.waitForURL(/organ=/);
    assert.equal(await page.locator('ol.hits li').count(), Math.min(count, 10));
    assert.match(await page.locator('#hit-count').innerText(), new RegExp('^' + count + ' träffar'));
    clean(seen);
    await page.close();
  });

  test('a paragraph shows its decision and follows its follow-up both ways', async () => {
    const page = await context.newPage();
    const seen = watch(page);
    await page.goto(base + '/sok?q=' + encodeURIComponent('kartläggningen av hemlösheten'));
    await page.locator('ol.hits a', { hasText: 'Socialnämnden 2021-11-17 § 90' }).click();
    await page.waitForURL(/\/paragraf\/\d+$/);
    const origin = page.url();
    assert.match(await page.locator('h1').innerText(), /Kartläggning av hemlöshet/);
    await assert.doesNotReject(page.locator('section.decision').waitFor());
    await shot(page, 'paragraf');
    const onward = page.locator('ul.trail a', { hasText: '2022-06-15 § 20' });
    await onward.first().click();
    await page.waitForURL(/\/paragraf\/\d+$/);
    assert.match(await page.locator('h1').innerText(), /Återrapportering av uppdrag om kartläggning/);
    const back = page.locator('#besvarar ~ ul.trail a[href^="/paragraf/"]').first();
    assert.equal(new URL(await back.getAttribute('href'), base).href, origin);
    await shot(page, 'paragraf-besvarar');
    // The meeting it belongs to, with attendance and the paragraph list.
    await page.locator('.crumbs a').nth(1).click();
    await page.waitForURL(/\/sammantrade\/\d+$/);
    assert.ok(await page.locator('#narvaro + table tbody tr').count() > 5);
    await shot(page, 'sammantrade');
    clean(seen);
    await page.close();
  });

  test('the balanslista filters and downloads its XLSX', async () => {
    const page = await context.newPage();
    const seen = watch(page);
    await page.goto(base + '/balanslista');
    await page.getByLabel('Organ').selectOption('Sociala vård- och omsorgsgruppen');
    await page.getByLabel('Per datum').fill('2022-07-01');
    await page.getByRole('button', { name: 'Visa' }).click();
    await page.waitForURL(/per=2022-07-01/);
    const summary = await page.locator('#balans-summary').innerText();
    assert.match(summary, /poster per 2022-07-01 för Sociala vård- och omsorgsgruppen/);
    const all = await page.locator('table.balans tbody tr').count();
    await shot(page, 'balanslista', { fullPage: false });
    await page.getByLabel('Typ').selectOption('uppdrag');
    await page.getByRole('button', { name: 'Visa' }).click();
    await page.waitForURL(/typ=uppdrag/);
    const captions = await page.locator('table.balans caption').allInnerTexts();
    assert.ok(captions.length > 0 && captions.every((c) => c.startsWith('Uppdrag')), captions.join());
    assert.ok(await page.locator('table.balans tbody tr').count() <= all);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Excel (XLSX)' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'balanslista-2022-07-01.xlsx');
    const saved = join(dir, 'balanslista.xlsx');
    await download.saveAs(saved);
    const bytes = readFileSync(saved);
    assert.ok(bytes.length > 1000 && bytes.subarray(0, 2).toString() === 'PK', 'an XLSX (zip)');
    clean(seen);
    await page.close();
  });

  test('writing needs a login; then a PDF uploads and its meeting shows', async () => {
    const page = await context.newPage();
    const seen = watch(page);
    const refused = await page.request.post(base + '/importera', { multipart: { filer: {
      name: 'x.txt', mimeType: 'text/plain', buffer: Buffer.from('§ 1 Test') } } });
    assert.equal(refused.status(), 401);

    await page.goto(base + '/importera');
    await page.getByRole('link', { name: 'Logga in' }).first().click();
    await page.getByLabel('Token').fill('fel token');
    await page.getByRole('button', { name: 'Logga in' }).click();
    assert.match(await page.locator('.error').innerText(), /Fel token/);
    await page.getByLabel('Token').fill(token);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL(/\/importera$/);
    await shot(page, 'importera');
    await page.getByLabel('Filer').setInputFiles(join(root, uploaded));
    await page.getByRole('button', { name: 'Importera' }).click();
    await page.waitForURL(/\/importera\/[0-9a-f]+$/);
    await page.locator('#import-summary').waitFor({ timeout: 60000 });
    assert.match(await page.locator('#import-summary').innerText(), /^1 importerade/);
    await shot(page, 'import-resultat');
    await page.getByRole('link', { name: /Visa sammanträdet: Tekniska nämnden 2025-01-28/ }).click();
    await page.waitForURL(/\/sammantrade\/\d+$/);
    assert.match(await page.locator('h1').innerText(), /Tekniska nämnden 2025-01-28/);
    const source = page.getByRole('link', { name: /Öppna PDF:en/ });
    const response = await page.request.get(new URL(await source.getAttribute('href'), base).href);
    assert.equal(response.headers()['content-type'], 'application/pdf');
    assert.equal((await response.body()).subarray(0, 5).toString(), '%PDF-');
    await shot(page, 'sammantrade-uppladdat');

    // The secretariat closes a follow-up; the balanslista of that day no
    // longer lists it.
    await page.goto(base + '/balanslista?per=2022-07-01&organ=Socialn%C3%A4mnden');
    const row = page.locator('table.balans tbody tr').first();
    const id = await row.locator('td a').first().innerText();
    await row.locator('td a').first().click();
    await page.getByLabel('Anteckning (krävs)').fill('Klart enligt skrivelse');
    await page.getByLabel('Gäller från').first().fill('2022-06-30');
    await page.getByRole('button', { name: 'Avsluta' }).click();
    assert.match(await page.locator('.notice').first().innerText(), /Åtgärden är sparad/);
    await shot(page, 'uppfoljning');
    await page.goto(base + '/balanslista?per=2022-07-01&organ=Socialn%C3%A4mnden');
    assert.equal(await page.locator('table.balans a', { hasText: id }).count(), 0);
    clean(seen);
    await page.close();
  });

  test('a document with <script> and quotes in its texts stays text', async () => {
    const page = await context.newPage();
    const seen = watch(page);
    await page.goto(base + '/sok?q=' + encodeURIComponent('bidrag föreningen'));
    const hit = page.locator('ol.hits a', { hasText: '<script>' }).first();
    await hit.click();
    await page.waitForURL(/\/paragraf\/\d+$/);
    const title = await page.locator('h1').innerText();
    assert.ok(title.includes('Bidrag till föreningen "<script>alert(\'xss\')</script>" & Co'), title);
    assert.equal(await page.locator('main script, main img, main svg, main b, main i').count(), 0);
    assert.equal(await page.evaluate(() => document.title.includes('hackad')), false);
    assert.equal(await page.locator('script').count(), 1, 'only paragraf.js');
    await shot(page, 'xss-paragraf');
    await page.locator('.crumbs a').nth(1).click();
    await page.waitForURL(/\/sammantrade\/\d+$/);
    assert.match(await page.locator('main').innerText(), /Kulturhuset "Scenen" <b>fet<\/b>/);
    assert.equal(await page.locator('main script, main img, main b').count(), 0);
    await shot(page, 'xss-sammantrade');
    clean(seen);
    await page.close();
  });
});
