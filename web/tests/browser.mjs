// Browser tests of the observatory page in real headless Chromium (Debian's), driven by
// playwright-core. Usage: node web/tests/browser.mjs http://127.0.0.1:PORT [artifacts-dir]
// The server must hold the sample articles (the Ghwayran prison attack, Al-Hasakah) and
// some of the demo collection; crates/marsad-server/tests/browser.rs starts one and runs this.
// Screenshots go to the artifacts folder (default web/test-artifacts).

import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const base = process.argv[2];
const artifacts = process.argv[3] ?? new URL('../test-artifacts', import.meta.url).pathname;
if (!base) {
  console.error('usage: node browser.mjs BASE_URL [ARTIFACTS_DIR]');
  process.exit(2);
}
mkdirSync(artifacts, { recursive: true });
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const origin = new URL(base).origin;

const results = [];
function check(cond, message) {
  if (!cond) throw new Error(message);
}

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--enable-unsafe-swiftshader',
  ],
});

/** A fresh page that records console errors and any request leaving the server. */
async function newPage(width = 1400, height = 900) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.errors = [];
  page.outside = [];
  page.on('console', (m) => m.type() === 'error' && page.errors.push(m.text()));
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) page.outside.push(url);
  });
  return page;
}

/** Waits until the page has loaded its data for the current view. */
async function settled(page) {
  await page.waitForFunction(() => document.getElementById('app')?.dataset.loading === 'false', null, {
    timeout: 30_000,
  });
  // Let the map draw the new data and its cluster labels.
  await page.waitForTimeout(600);
}

async function test(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push([name, true]);
    console.log(`ok - ${name} (${Date.now() - started} ms)`);
  } catch (err) {
    results.push([name, false]);
    console.log(`not ok - ${name}\n  ${String(err?.stack ?? err).split('\n').join('\n  ')}`);
  }
}

let shared = '';
let openedEvent = '';

await test('the page loads the events onto the map, the list and the timeline', async () => {
  const page = await newPage();
  await page.goto(base);
  await settled(page);
  await page.waitForSelector('.maplibregl-canvas');
  const points = Number(await page.getAttribute('#app', 'data-points'));
  const events = Number(await page.getAttribute('#app', 'data-events'));
  check(points > 50, `points on the map: ${points}`);
  check(events >= points, `events ${events} < points ${points}`);
  const items = await page.locator('#event-list .event-item').count();
  check(items === 50, `list items: ${items}`);
  // one bar per dated bucket of the histogram the page asks for (weeks: the demo spans years)
  const bars = await page.locator('.timeline-svg .bar').count();
  const histogram = await (await fetch(`${base}/api/stats?by=week`)).json();
  const dated = histogram.by_date.filter((b) => /^\d{4}-\d{2}-\d{2}$/.test(b.key)).length;
  check(bars === dated && bars >= 3, `timeline bars: ${bars}, dated weeks: ${dated}`);
  // stacked by type, with a y-axis, a fatalities line and the undated events apart
  const fills = await page.locator('.timeline-svg .bar rect').evaluateAll((rs) => [...new Set(rs.map((r) => r.getAttribute('fill')))]);
  check(fills.length >= 3, `bar colours (types): ${fills}`);
  check((await page.locator('.timeline-svg .grid').count()) >= 2, 'the y-axis has grid lines');
  const fatLine = await page.locator('.timeline-svg .fat-line').getAttribute('points');
  check(fatLine.split(' ').length === dated, `fatalities line: ${fatLine.split(' ').length} points`);
  const undatedText = await page.locator('.timeline-svg .undated text').textContent();
  const undatedWant = histogram.undated.toLocaleString('ar-EG');
  check(histogram.undated > 0 && undatedText.includes(undatedWant), `undated: ${undatedText} (want ${undatedWant})`);
  const sum = histogram.by_date_types.flat().reduce((a, b) => a + b, 0);
  check(sum + histogram.undated === histogram.events, `types ${sum} + undated ${histogram.undated} = ${histogram.events}`);
  // the selection by country and by actor
  const rows = await page.locator('#breakdown .breakdown-row').count();
  check(rows >= 4, `breakdown rows: ${rows}`);
  await page.waitForSelector('.cluster-count', { timeout: 10_000 });
  const clusters = await page.locator('.cluster-count').count();
  check(clusters > 0, 'clusters are labelled');
  check((await page.getAttribute('html', 'dir')) === 'rtl', 'Arabic interface by default');
  // actor names in Arabic, from the actor dictionary
  const actorLines = await page.locator('#event-list .event-item .line3').allTextContents();
  const arabicActors = actorLines.filter((a) => /[\u0600-\u06FF]/.test(a)).length;
  check(arabicActors >= actorLines.length / 2, `actors in Arabic: ${arabicActors} of ${actorLines.length}: ${actorLines}`);
  await page.screenshot({ path: join(artifacts, '01-overview-ar.png') });
  // the timeline alone, and the breakdown scrolled into view
  await page.locator('footer.timeline').screenshot({ path: join(artifacts, '01b-timeline-ar.png') });
  await page.locator('#breakdown').scrollIntoViewIfNeeded();
  await page.locator('aside.side').screenshot({ path: join(artifacts, '01c-breakdown-ar.png') });
  check(page.outside.length === 0, `requests outside the server: ${page.outside.join(', ')}`);
  check(page.errors.length === 0, `console errors: ${page.errors.join(' | ')}`);
  await page.context().close();
});

await test('a filter changes the map, the list and the URL', async () => {
  const page = await newPage();
  await page.goto(base);
  await settled(page);
  const before = Number(await page.getAttribute('#app', 'data-points'));
  const firstBefore = await page.locator('#event-list .event-item').first().getAttribute('data-id');
  await page.selectOption('select[name=event_type]', 'Explosions/Remote violence');
  await page.waitForFunction(() => location.search.includes('event_type='));
  await settled(page);
  const after = Number(await page.getAttribute('#app', 'data-points'));
  check(after > 0 && after < before, `points ${before} -> ${after}`);
  const chips = await page.locator('#event-list .event-item .chip').allTextContents();
  const label = await page.evaluate(() => document.querySelector('select[name=event_type] option:checked').textContent);
  check(chips.length > 0 && chips.every((c) => c === label), `list types: ${[...new Set(chips)]} (want ${label})`);
  const firstAfter = await page.locator('#event-list .event-item').first().getAttribute('data-id');
  check(firstAfter !== firstBefore || after < before, 'the list changed');
  // A text filter in Arabic narrows to the prison attack.
  await page.selectOption('select[name=event_type]', '');
  await page.fill('input[name=q]', 'غويران');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('q') === 'غويران');
  await settled(page);
  // The text query matches articles: the sample articles about the prison attack.
  const places = await page.locator('#event-list .event-item .line2').allTextContents();
  const hasakah = places.filter((p) => p.includes('Hasakah')).length;
  check(hasakah >= 3 && places.length < 50, `places: ${places}`);
  await page.screenshot({ path: join(artifacts, '02-filtered.png') });
  check(page.errors.length === 0, `console errors: ${page.errors.join(' | ')}`);
  await page.context().close();
});

await test('the timeline brush filters by date', async () => {
  const page = await newPage();
  await page.goto(`${base}/?country=YE`);
  await settled(page);
  const before = Number(await page.getAttribute('#app', 'data-events'));
  const box = await page.locator('.timeline-svg').boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.55, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.75, y, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(() => new URLSearchParams(location.search).has('from'));
  await settled(page);
  const after = Number(await page.getAttribute('#app', 'data-events'));
  check(after > 0 && after < before, `events ${before} -> ${after}`);
  const params = new URLSearchParams(new URL(page.url()).search);
  check(params.get('from') < params.get('to'), `range ${params.get('from')}..${params.get('to')}`);
  const dates = await page.locator('#event-list .event-item .date').allTextContents();
  check(dates.every((d) => d >= params.get('from') && d <= params.get('to')), `dates ${dates}`);
  await page.screenshot({ path: join(artifacts, '03-brushed.png') });
  await page.context().close();
});

await test('opening an event shows its sources and the highlighted Arabic evidence', async () => {
  const page = await newPage();
  await page.goto(`${base}/?q=${encodeURIComponent('غويران')}`);
  await settled(page);
  await page.locator('#event-list .event-item').first().click();
  await page.waitForFunction(() => document.getElementById('panel')?.dataset.loading === 'false');
  openedEvent = new URL(page.url()).searchParams.get('event');
  check(openedEvent, 'the URL names the event');
  const evidence = page.locator('#panel .evidence').first();
  await evidence.waitFor();
  check((await evidence.getAttribute('dir')) === 'rtl', 'evidence is right-to-left');
  const style = await evidence.evaluate((el) => {
    const cs = getComputedStyle(el);
    return { font: cs.fontFamily, direction: cs.direction, align: cs.textAlign };
  });
  check(style.font.includes('Noto Naskh Arabic'), `font ${style.font}`);
  check(style.direction === 'rtl', `direction ${style.direction}`);
  await page.evaluate(() => document.fonts.ready);
  const loaded = await page.evaluate(() => document.fonts.check('20px "Noto Naskh Arabic"', 'قتل'));
  check(loaded, 'the Arabic web font is loaded');
  const kinds = await page.locator('#panel .evidence mark').evaluateAll((ms) => ms.map((m) => m.dataset.kind));
  check(kinds.includes('trigger'), `marks: ${kinds}`);
  check(kinds.includes('place') || kinds.includes('actor'), `marks: ${kinds}`);
  // Each mark's words are words of the sentence.
  const ok = await page.locator('#panel .evidence').first().evaluate((p) =>
    [...p.querySelectorAll('mark')].every((m) => p.textContent.includes(m.textContent) && m.textContent.trim().length > 0),
  );
  check(ok, 'marks hold words of the sentence');
  const facts = await page.locator('#panel .facts').textContent();
  check(facts.includes('Al-Hasakah'), `facts: ${facts}`);
  await page.screenshot({ path: join(artifacts, '04-event-panel.png') });
  // The full article, with the event's words marked in it.
  await page.locator('#panel .open-article').first().click();
  await page.waitForFunction(() => document.getElementById('article')?.dataset.loading === 'false');
  check(new URL(page.url()).searchParams.has('doc'), 'the URL names the article');
  const marks = await page.locator('#article .article-text mark.m-trigger').count();
  check(marks > 0, 'triggers are marked in the article');
  await page.screenshot({ path: join(artifacts, '05-article.png') });
  await page.goBack();
  await page.waitForFunction(() => document.getElementById('article').hidden);
  check(await page.locator('#panel').isVisible(), 'back returns to the event');
  check(page.errors.length === 0, `console errors: ${page.errors.join(' | ')}`);
  shared = page.url();
  await page.context().close();
});

await test('the URL round-trips the view', async () => {
  check(shared.includes('event='), `shared URL ${shared}`);
  const page = await newPage(1200, 800);
  await page.goto(shared);
  await settled(page);
  await page.waitForFunction(() => document.getElementById('panel')?.dataset.loading === 'false');
  check((await page.inputValue('input[name=q]')) === 'غويران', 'the text filter is restored');
  check((await page.getAttribute('#panel', 'data-event')) === openedEvent, 'the same event is open');
  const search = new URL(page.url()).searchParams;
  check(search.get('q') === 'غويران' && search.get('event') === openedEvent, `URL kept: ${page.url()}`);
  // Filters and map position in, the same out.
  const view = `${base}/?event_type=Battles&country=YE&min_fatalities=1&map=5.00%2F15.000%2F45.000&lang=en`;
  await page.goto(view);
  await settled(page);
  check((await page.inputValue('select[name=event_type]')) === 'Battles', 'type restored');
  check((await page.inputValue('select[name=country]')) === 'YE', 'country restored');
  check((await page.inputValue('input[name=min_fatalities]')) === '1', 'min fatalities restored');
  check((await page.getAttribute('html', 'lang')) === 'en', 'language restored');
  const fats = await page.locator('#event-list .event-item .fat').count();
  const items = await page.locator('#event-list .event-item').count();
  check(items > 0 && fats === items, `every listed event has fatalities (${fats}/${items})`);
  const out = new URL(page.url()).searchParams;
  for (const [k, v] of [['event_type', 'Battles'], ['country', 'YE'], ['min_fatalities', '1'], ['lang', 'en']]) {
    check(out.get(k) === v, `${k} = ${out.get(k)}`);
  }
  check(out.get('map')?.startsWith('5.00/15.000/45.000'), `map ${out.get('map')}`);
  await page.screenshot({ path: join(artifacts, '06-shared-view-en.png') });
  await page.context().close();
});

await test('the interface switches between Arabic and English', async () => {
  const page = await newPage();
  await page.goto(base);
  await settled(page);
  const arLabel = await page.locator('[data-l=event_type]').textContent();
  await page.click('#lang');
  await settled(page);
  check((await page.getAttribute('html', 'dir')) === 'ltr', 'English is left-to-right');
  const enLabel = await page.locator('[data-l=event_type]').textContent();
  check(arLabel === 'نوع الحدث' && enLabel === 'Event type', `${arLabel} / ${enLabel}`);
  check(new URL(page.url()).searchParams.get('lang') === 'en', 'the language is in the URL');
  await page.click('#lang');
  check((await page.getAttribute('html', 'dir')) === 'rtl', 'back to Arabic');
  await page.context().close();
});

await test('bad input in the URL gives a message, not a broken page', async () => {
  const page = await newPage();
  await page.goto(`${base}/?from=not-a-date&event=NOPE1`);
  await page.waitForFunction(() => !document.getElementById('notice').hidden);
  const notice = await page.locator('#notice').textContent();
  check(notice.includes('from'), `notice: ${notice}`);
  await page.waitForFunction(() => document.getElementById('panel')?.dataset.loading === 'false');
  const panel = await page.locator('#panel').textContent();
  check(panel.includes('NOPE1'), `panel: ${panel}`);
  await page.context().close();
});

/** Checks that the list holds the first events the API lists for the page's filters and the
 * map's view (the extent the page reports); returns that extent. */
async function listMatchesView(page) {
  const bbox = (await page.getAttribute('#app', 'data-bbox')).split(',').map(Number);
  const params = new URL(page.url()).searchParams;
  for (const k of ['map', 'lang', 'event', 'doc']) params.delete(k);
  params.set('bbox', bbox.join(','));
  params.set('limit', '50');
  const inView = (await (await fetch(`${base}/api/events?${params}`)).json()).events.map((ev) => ev.event_id_cnty);
  const listed = await page.locator('#event-list .event-item').evaluateAll((els) => els.map((el) => el.dataset.id));
  check(listed.length > 0 && listed.join() === inView.join(), `listed ${listed}, in view ${inView}`);
  return bbox;
}

/** The events the API counts for the filters of a page URL (its map, language and panel left out). */
async function apiCount(url) {
  const params = new URL(url).searchParams;
  for (const k of ['map', 'lang', 'event', 'doc']) params.delete(k);
  return (await (await fetch(`${base}/api/stats?${params}`)).json()).events;
}

await test('every filter of the API is in the page and the URL; a country zooms the map; the list follows the map', async () => {
  const page = await newPage();
  await page.goto(base);
  await settled(page);
  const zoomBefore = Number(new URL(page.url()).searchParams.get('map')?.split('/')[0] ?? 3.2);
  await page.selectOption('select[name=country]', 'YE');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('country') === 'YE');
  await settled(page);
  const zoomAfter = Number(new URL(page.url()).searchParams.get('map').split('/')[0]);
  check(zoomAfter > zoomBefore, `choosing Yemen zooms the map: ${zoomBefore} -> ${zoomAfter}`);
  const places = await page.locator('#event-list .event-item .line2').allTextContents();
  check(places.length > 0 && places.every((p) => p.endsWith('Yemen')), `list in Yemen: ${places}`);
  // one Yemeni event's values, set through the page's inputs
  const e = (await (await fetch(`${base}/api/events?country=YE&limit=1&max_precision=1`)).json()).events[0];
  const outlet = e.source.split('; ')[0];
  await page.fill('input[name=from]', e.event_date);
  await page.fill('input[name=to]', e.event_date);
  await page.selectOption('select[name=sub_event_type]', e.sub_event_type);
  await page.selectOption('select[name=admin1]', e.admin1);
  await page.fill('input[name=outlet]', outlet);
  await page.selectOption('select[name=max_precision]', '1');
  await page.waitForFunction((o) => new URLSearchParams(location.search).get('outlet') === o, outlet);
  await settled(page);
  const url = new URL(page.url()).searchParams;
  const want = { from: e.event_date, to: e.event_date, sub_event_type: e.sub_event_type, admin1: e.admin1, outlet, max_precision: '1' };
  for (const [k, v] of Object.entries(want)) check(url.get(k) === v, `${k} in the URL: ${url.get(k)} (want ${v})`);
  const shown = Number(await page.getAttribute('#app', 'data-events'));
  const counted = await apiCount(page.url());
  check(shown === counted && shown >= 1, `page ${shown} events, API ${counted}`);
  // the selection as CSV and GeoJSON, through the API's export
  const csv = await fetch(new URL(await page.getAttribute('#download-csv', 'href'), base));
  check(csv.headers.get('content-type').startsWith('text/csv'), `CSV: ${csv.headers.get('content-type')}`);
  const header = (await csv.text()).split('\n')[0];
  check(header.includes('event_date') && header.includes('admin1'), `CSV header: ${header}`);
  const geojson = await (await fetch(new URL(await page.getAttribute('#download-geojson', 'href'), base))).json();
  const located = Number(await page.getAttribute('#app', 'data-points'));
  check(geojson.features.length === located && located >= 1, `GeoJSON features ${geojson.features.length}, points ${located}`);
  check(geojson.features.every((f) => f.properties.admin1 === e.admin1), 'GeoJSON holds the selection');
  // the URL restores every input; centred on the event, the list shows it
  const centred = new URL(page.url());
  centred.searchParams.set('map', `8.00/${e.location.latitude}/${e.location.longitude}`);
  await page.goto(centred.href);
  await settled(page);
  for (const [k, v] of Object.entries(want)) {
    const value = await page.inputValue(`[name=${k}]`);
    check(value === v, `${k} restored: ${value} (want ${v})`);
  }
  await listMatchesView(page);
  const listed = await page.locator('#event-list .event-item').evaluateAll((els) => els.map((el) => el.dataset.id));
  check(listed.includes(e.event_id_cnty), `${e.event_id_cnty} listed: ${listed}`);
  await page.screenshot({ path: join(artifacts, '08-all-filters.png') });
  // zoomed in on Baghdad, the list holds the events of the map's view
  await page.goto(`${base}/?map=7.00%2F33.300%2F44.400`);
  await settled(page);
  const bbox = await listMatchesView(page);
  check(bbox[2] - bbox[0] < 20 && bbox[0] < 44.4 && 44.4 < bbox[2], `list extent ${bbox}`);
  check(page.errors.length === 0, `console errors: ${page.errors.join(' | ')}`);
  await page.context().close();
});

await test('the event panel links the article; Arabic names sub-event types and says a day, not today', async () => {
  const page = await newPage();
  // a day-precise event of the demo collection (its articles have URLs; the samples none)
  const listed = (await (await fetch(`${base}/api/events?limit=500`)).json()).events;
  const e = listed.find((ev) => ev.time_precision === 1 && !ev.source.split('; ').includes('sample'));
  await page.goto(`${base}/?event=${encodeURIComponent(e.event_id_cnty)}`);
  await page.waitForFunction(() => document.getElementById('panel')?.dataset.loading === 'false');
  const detail = await (await fetch(`${base}/api/events/${encodeURIComponent(e.event_id_cnty)}`)).json();
  const url = detail.sources.find((s) => s.url)?.url;
  check(url, `a source of ${e.event_id_cnty} has a URL`);
  const hrefs = await page.locator('#panel .source a.url').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  check(hrefs.includes(url), `links ${hrefs} (want ${url})`);
  const sub = await page.locator('#panel .panel-head .sub').textContent();
  check(/[\u0600-\u06FF]/.test(sub), `sub-event type in Arabic: ${sub}`);
  const facts = await page.locator('#panel .facts').textContent();
  check(!facts.includes('اليوم') && facts.includes('يوم محدد'), `a day, not "today", in: ${facts}`);
  await page.screenshot({ path: join(artifacts, '09-panel-link-ar.png') });
  await page.context().close();
});

await test('the page is usable at phone width (390 px)', async () => {
  const page = await newPage(390, 844);
  await page.goto(base);
  await settled(page);
  const map = await page.locator('#map').boundingBox();
  check(map.width >= 370 && map.height >= 300, `map ${map.width}x${map.height}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `the page is ${overflow} px wider than the screen`);
  check((await page.locator('#event-list .event-item').count()) > 0, 'the list is there');
  await page.screenshot({ path: join(artifacts, '10-phone.png'), fullPage: true });
  await page.screenshot({ path: join(artifacts, '10b-phone-screen.png') });
  await page.context().close();
});

await test('the map names places offline at every zoom: zoomed on Aden, in Arabic and English', async () => {
  const page = await newPage();
  await page.goto(`${base}/?map=10.00%2F12.800%2F45.000`);
  await settled(page);
  await page.waitForSelector('.place-name', { timeout: 15_000 });
  const ar = await page.locator('.place-name').allTextContents();
  check(ar.includes('عدن'), `Arabic names: ${ar}`);
  check(ar.length >= 3, `names in view: ${ar}`);
  await page.screenshot({ path: join(artifacts, '11-aden-names-ar.png') });
  await page.click('#lang');
  await page.waitForFunction(() => [...document.querySelectorAll('.place-name')].some((e) => e.textContent === 'Aden'));
  // the world view names first-level divisions
  await page.goto(`${base}/?map=4.00%2F15.500%2F45.000&lang=en`);
  await settled(page);
  await page.waitForSelector('.place-name.admin1');
  const provinces = await page.locator('.place-name.admin1').allTextContents();
  check(provinces.length >= 5, `provinces: ${provinces}`);
  // the borders of the first-level divisions, drawn offline from the bundled file
  const admin1Countries = await page.getAttribute('#map', 'data-admin1-countries');
  check(admin1Countries === '29', `admin1 borders of 29 countries loaded: ${admin1Countries}`);
  await page.waitForFunction(() => Number(document.getElementById('map').dataset.admin1Drawn) > 0, null, { timeout: 10_000 });
  await page.screenshot({ path: join(artifacts, '12-yemen-provinces-en.png') });
  // between Ta'izz and Aden: towns, provinces and their borders
  await page.goto(`${base}/?map=7.50%2F13.150%2F44.400&lang=en`);
  await settled(page);
  await page.waitForFunction(() => Number(document.getElementById('map').dataset.admin1Drawn) > 0, null, { timeout: 10_000 });
  const names = await page.locator('.place-name').allTextContents();
  check(names.some((n) => n.includes('Taiz') || n.includes("Ta'izz") || n.includes('Ta‘izz')) && names.includes('Aden'), `names: ${names}`);
  await page.screenshot({ path: join(artifacts, '14-taizz-aden-borders-en.png') });
  check(page.outside.length === 0, `requests outside the server: ${page.outside.join(', ')}`);
  check(page.errors.length === 0, `console errors: ${page.errors.join(' | ')}`);
  await page.context().close();
});

await test('events without coordinates are listed apart, marked, counted, and follow the filters', async () => {
  const page = await newPage();
  await page.goto(base);
  await settled(page);
  const stats = await (await fetch(`${base}/api/stats`)).json();
  check(stats.unlocated > 0, `events without coordinates in the store: ${stats.unlocated}`);
  check(Number(await page.getAttribute('#app', 'data-unlocated')) === stats.unlocated, 'the page counts them');
  check(await page.locator('#unlocated').isVisible(), 'their section is shown');
  const countText = await page.locator('#unlocated-count').textContent();
  check(countText === stats.unlocated.toLocaleString('ar-EG'), `count shown: ${countText} (want ${stats.unlocated})`);
  const apiList = async (query) =>
    (await (await fetch(`${base}/api/events?located=false&limit=50${query}`)).json()).events.map((e) => e.event_id_cnty);
  const ids = (sel) => page.locator(sel).evaluateAll((els) => els.map((el) => el.dataset.id));
  let listed = await ids('#unlocated-list .event-item');
  let want = await apiList('');
  check(listed.length > 0 && listed.join() === want.join(), `listed ${listed}, want ${want}`);
  check((await page.locator('#unlocated-list .event-item .no-coords').count()) === listed.length, 'each is marked as without coordinates');
  const inView = await ids('#event-list .event-item');
  check(!inView.some((id) => listed.includes(id)), 'the map-view list holds none of them');
  // a filter narrows them as it narrows the rest
  const first = (await (await fetch(`${base}/api/events/${encodeURIComponent(listed[0])}`)).json()).event;
  check(first.location === null, `${first.event_id_cnty} has no coordinates`);
  await page.selectOption('select[name=event_type]', first.event_type);
  await page.waitForFunction(() => new URLSearchParams(location.search).has('event_type'));
  await settled(page);
  const typed = await (await fetch(`${base}/api/stats?event_type=${encodeURIComponent(first.event_type)}`)).json();
  check(Number(await page.getAttribute('#app', 'data-unlocated')) === typed.unlocated, `filtered count ${typed.unlocated}`);
  check(typed.unlocated <= stats.unlocated && typed.unlocated >= 1, `${typed.unlocated} of ${stats.unlocated}`);
  listed = await ids('#unlocated-list .event-item');
  want = await apiList(`&event_type=${encodeURIComponent(first.event_type)}`);
  check(listed.length > 0 && listed.join() === want.join(), `filtered: listed ${listed}, want ${want}`);
  const chips = await page.locator('#unlocated-list .event-item .chip').allTextContents();
  check(new Set(chips).size === 1, `one type: ${[...new Set(chips)]}`);
  await page.locator('#unlocated').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(artifacts, '13-unlocated-list-ar.png') });
  // one opens like any other event
  await page.locator('#unlocated-list .event-item').first().click();
  await page.waitForFunction(() => document.getElementById('panel')?.dataset.loading === 'false');
  check((await page.getAttribute('#panel', 'data-event')) === listed[0], 'its panel opens');
  check(page.errors.length === 0, `console errors: ${page.errors.join(' | ')}`);
  await page.context().close();
});

await browser.close();
const passed = results.filter(([, ok]) => ok).length;
const failed = results.length - passed;
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
