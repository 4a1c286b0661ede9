// The observatory page: filters, map, timeline, event list, event panel and article view,
// wired to the HTTP API and to the page's URL.

import '@fontsource/noto-naskh-arabic/arabic-400.css';
import '@fontsource/noto-naskh-arabic/arabic-700.css';
import './style.css';
import { api, ApiError, EVENT_TYPES, type EventSummary, type Stats } from './api';
import { createMap, type EventMap } from './map';
import { h, renderDocument, renderEvent, typeChip } from './panel';
import { named, num, setLang, t, type Lang } from './i18n';
import { apiParams, emptyFilters, FILTER_KEYS, readUrl, writeUrl, type Filters, type ViewState } from './state';
import { createTimeline } from './timeline';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const app = $<HTMLElement>('app');
const form = $<HTMLFormElement>('filters');
const list = $<HTMLOListElement>('event-list');
const listInfo = $<HTMLElement>('list-info');
const more = $<HTMLButtonElement>('more');
const unlocated = $<HTMLElement>('unlocated');
const unlocatedList = $<HTMLOListElement>('unlocated-list');
const unlocatedMore = $<HTMLButtonElement>('unlocated-more');
const panel = $<HTMLElement>('panel');
const panelBody = $<HTMLElement>('panel-body');
const article = $<HTMLElement>('article');
const articleBody = $<HTMLElement>('article-body');
const summary = $<HTMLElement>('summary');
const notice = $<HTMLElement>('notice');

let state: ViewState = readUrl(location.search);
let nextCursor: string | null = null;
let unlocatedCursor: string | null = null;
let generation = 0;
let countryCodes: string[] = [];
let admin1Names: string[] = [];
/** The sub-event types the API accepts (the enum of its OpenAPI document). */
let subEventTypes: string[] = [];
/** Set when the country changes: the next refresh fits the map to the selection. */
let zoomToSelection = false;
/** "Download this selection", through the API's export. */
const downloads: [HTMLAnchorElement, string][] = [
  [$<HTMLAnchorElement>('download-csv'), 'csv'],
  [$<HTMLAnchorElement>('download-geojson'), 'geojson'],
];

setLang(state.lang);

const eventMap: EventMap = createMap(
  $('map'),
  state.map,
  t('attribution'),
  (id) => openEvent(id),
  () => {
    state.map = eventMap.position();
    history.replaceState(null, '', writeUrl(state) || location.pathname);
    // the list follows the map's extent
    if (app.dataset.loading === 'false') loadList(false).catch(showError);
  },
);

const timeline = createTimeline($('timeline-chart'), (from, to) => {
  state.filters.from = from;
  state.filters.to = to;
  syncForm();
  refresh(true);
});

function countryName(code: string): string {
  try {
    return new Intl.DisplayNames([state.lang], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function fillSelects(): void {
  const typeSel = form.elements.namedItem('event_type') as HTMLSelectElement;
  typeSel.replaceChildren(
    h('option', { value: '' }, t('any_type')),
    ...EVENT_TYPES.map((ty) => h('option', { value: ty }, t(`type.${ty}`))),
  );
  const countrySel = form.elements.namedItem('country') as HTMLSelectElement;
  countrySel.replaceChildren(
    h('option', { value: '' }, t('any_country')),
    ...countryCodes.map((c) => h('option', { value: c }, `${countryName(c)} (${c})`)),
  );
  // A shared view may name a country that has no events; keep it selectable.
  if (state.filters.country && !countryCodes.includes(state.filters.country)) {
    countrySel.append(h('option', { value: state.filters.country }, state.filters.country));
  }
  const options = (name: string, any: string, values: [string, string][], current: string) => {
    const sel = form.elements.namedItem(name) as HTMLSelectElement;
    sel.replaceChildren(h('option', { value: '' }, t(any)), ...values.map(([v, label]) => h('option', { value: v }, label)));
    // A shared view may name a value the store has no events of; keep it selectable.
    if (current && !values.some(([v]) => v === current)) sel.append(h('option', { value: current }, current));
  };
  options('sub_event_type', 'any_sub_type', subEventTypes.map((s) => [s, named('sub', s)]), state.filters.sub_event_type);
  options('admin1', 'any_admin1', admin1Names.map((a) => [a, a]), state.filters.admin1);
  options('max_precision', 'any_precision', ['1', '2', '3'].map((p) => [p, t(`geo_precision_${p}`)]), '');
  const legend = $<HTMLElement>('legend-items');
  legend.replaceChildren(...EVENT_TYPES.map((ty) => h('li', {}, typeChip(ty))));
}

function syncForm(): void {
  for (const [key, value] of Object.entries(state.filters)) {
    const input = form.elements.namedItem(key) as HTMLInputElement | HTMLSelectElement | null;
    if (input) input.value = value;
  }
}

function readForm(): Filters {
  const f = emptyFilters();
  for (const key of FILTER_KEYS) {
    const input = form.elements.namedItem(key) as HTMLInputElement | HTMLSelectElement;
    f[key] = input.value.trim();
  }
  return f;
}

function showError(err: unknown): void {
  notice.hidden = false;
  notice.textContent = err instanceof ApiError ? `${t('error')}: ${err.message}` : `${t('error')}: ${String(err)}`;
}

function listItem(e: EventSummary): HTMLElement {
  const place = [e.location?.name, e.admin1, e.country].filter(Boolean).join(', ');
  const actors = [e.actor1, e.actor2]
    .filter((a): a is string => Boolean(a))
    .map((a) => named('actor', a))
    .join(' — ');
  const li = h(
    'li',
    { class: 'event-item', 'data-id': e.event_id_cnty, tabindex: '0' },
    h('div', { class: 'line1' }, typeChip(e.event_type), h('span', { class: 'date' }, e.event_date ?? t('unknown'))),
    h(
      'div',
      { class: 'line2' },
      place || t('unknown'),
      e.location ? null : h('span', { class: 'no-coords' }, t('no_coords')),
    ),
    actors ? h('div', { class: 'line3 muted' }, actors) : null,
    e.fatalities ? h('div', { class: 'fat' }, `${num(e.fatalities)} ${t('fatalities')}`) : null,
  );
  const open = () => openEvent(e.event_id_cnty);
  li.addEventListener('click', open);
  li.addEventListener('keydown', (k) => k.key === 'Enter' && open());
  return li;
}

async function loadList(append: boolean): Promise<void> {
  const params = apiParams(state.filters);
  await eventMap.ready; // the map's size, hence its extent, is known once it has loaded
  const extent = eventMap.bounds();
  if (extent) params.set('bbox', extent);
  app.dataset.bbox = extent ?? '';
  params.set('limit', '50');
  if (append && nextCursor) params.set('cursor', nextCursor);
  const page = await api.events(params);
  if (!append) list.replaceChildren();
  list.append(...page.events.map(listItem));
  nextCursor = page.next;
  more.hidden = !nextCursor;
  if (!append && page.events.length === 0) list.append(h('li', { class: 'empty' }, t('none_in_view')));
}

/** The events of the selection without coordinates, whatever the map's view (the map cannot
 * show them and a view's extent would leave them out), in a list of their own. */
async function loadUnlocated(append: boolean): Promise<void> {
  const params = apiParams(state.filters);
  params.set('located', 'false');
  params.set('limit', '50');
  if (append && unlocatedCursor) params.set('cursor', unlocatedCursor);
  const page = await api.events(params);
  if (!append) unlocatedList.replaceChildren();
  unlocatedList.append(...page.events.map(listItem));
  unlocatedCursor = page.next;
  unlocatedMore.hidden = !unlocatedCursor;
}

function showUnlocated(stats: Stats): void {
  $('unlocated-count').textContent = num(stats.unlocated);
  unlocated.hidden = stats.unlocated === 0;
  app.dataset.unlocated = String(stats.unlocated);
}

function showSummary(stats: Stats): void {
  summary.textContent = `${num(stats.events)} ${t('events')} · ${num(stats.fatalities)} ${t('fatalities')}`;
  app.dataset.events = String(stats.events);
}

/** The selection by country and by actor: the largest few, as bars. */
function showBreakdown(stats: Stats): void {
  const part = (title: string, buckets: { key: string; events: number }[], label: (k: string) => string) => {
    const top = buckets.slice(0, 5);
    const max = Math.max(1, ...top.map((b) => b.events));
    return h(
      'div',
      { class: 'breakdown-part' },
      h('strong', {}, title),
      ...top.map((b) => {
        const bar = h('span', { class: 'breakdown-bar' });
        bar.style.width = `${(100 * b.events) / max}%`;
        return h('div', { class: 'breakdown-row' }, h('span', { class: 'breakdown-key' }, label(b.key)), bar, h('span', {}, num(b.events)));
      }),
    );
  };
  $('breakdown').replaceChildren(
    part(t('country'), stats.by_country, countryName),
    part(t('actors'), stats.by_actor, (a) => named('actor', a)),
  );
}

/** Reloads everything the filters drive. `push` records the view in the browser history. */
async function refresh(push: boolean): Promise<void> {
  const url = writeUrl(state) || location.pathname;
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
  const mine = ++generation;
  app.dataset.loading = 'true';
  notice.hidden = true;
  try {
    const filtered = apiParams(state.filters);
    const undated = apiParams(state.filters, ['from', 'to']);
    const span = dateSpanDays(state.filters);
    undated.set('by', span > 400 ? 'week' : 'day');
    const [points, stats, histogram] = await Promise.all([
      api.points(filtered),
      api.stats(filtered),
      api.stats(undated),
      loadList(false),
      loadUnlocated(false),
      eventMap.ready,
    ]);
    if (mine !== generation) return;
    eventMap.setPoints(points);
    if (zoomToSelection) {
      zoomToSelection = false;
      eventMap.fit(points);
      await loadList(false);
    }
    for (const [link, format] of downloads) {
      const params = apiParams(state.filters);
      params.set('format', format);
      link.href = `/api/export?${params}`;
    }
    app.dataset.points = String(points.ids.length);
    if (points.truncated) {
      notice.hidden = false;
      notice.textContent = t('map_points_truncated', { n: num(points.ids.length) });
    }
    showSummary(stats);
    showUnlocated(stats);
    listInfo.textContent = `${num(stats.events)} ${t('events')}`;
    timeline.draw(histogram, span > 400 ? 'week' : 'day', state.filters.from, state.filters.to);
    showBreakdown(stats);
  } catch (err) {
    showError(err);
  } finally {
    if (mine === generation) app.dataset.loading = 'false';
  }
}

/** Days between the first and last event of the unfiltered store (known after startup). */
let storeSpanDays = 0;
function dateSpanDays(_f: Filters): number {
  return storeSpanDays;
}

async function openEvent(id: string, push = true): Promise<void> {
  state.event = id;
  state.doc = '';
  article.hidden = true;
  if (push) history.pushState(null, '', writeUrl(state));
  panel.hidden = false;
  panel.dataset.loading = 'true';
  panelBody.replaceChildren(h('p', { class: 'muted' }, t('loading')));
  try {
    const detail = await api.event(id);
    if (state.event !== id) return;
    renderEvent(panelBody, detail, (doc) => openDoc(doc));
    panel.dataset.event = id;
  } catch (err) {
    panelBody.replaceChildren(h('p', { class: 'error' }, err instanceof ApiError ? err.message : String(err)));
  } finally {
    panel.dataset.loading = 'false';
  }
}

function closeEvent(): void {
  state.event = '';
  panel.hidden = true;
  history.pushState(null, '', writeUrl(state) || location.pathname);
}

async function openDoc(id: string, push = true): Promise<void> {
  state.doc = id;
  if (push) history.pushState(null, '', writeUrl(state));
  article.hidden = false;
  article.dataset.loading = 'true';
  articleBody.replaceChildren(h('p', { class: 'muted' }, t('loading')));
  try {
    const doc = await api.document(id);
    if (state.doc !== id) return;
    renderDocument(articleBody, doc, (ev) => openEvent(ev));
    article.dataset.doc = id;
  } catch (err) {
    articleBody.replaceChildren(h('p', { class: 'error' }, err instanceof ApiError ? err.message : String(err)));
  } finally {
    article.dataset.loading = 'false';
  }
}

function closeDoc(): void {
  state.doc = '';
  article.hidden = true;
  history.pushState(null, '', writeUrl(state) || location.pathname);
}

function applyState(push: boolean): void {
  syncForm();
  refresh(push);
  if (state.event) openEvent(state.event, false);
  else panel.hidden = true;
  if (state.doc) openDoc(state.doc, false);
  else article.hidden = true;
}

let typing: number | undefined;
form.addEventListener('input', (e) => {
  const target = e.target as HTMLElement;
  const delay = target.tagName === 'SELECT' ? 0 : 350;
  clearTimeout(typing);
  if ((target as HTMLInputElement).name === 'country') zoomToSelection = true;
  typing = window.setTimeout(() => {
    state.filters = readForm();
    refresh(true);
  }, delay);
});
form.addEventListener('submit', (e) => {
  e.preventDefault();
  clearTimeout(typing);
  state.filters = readForm();
  refresh(true);
});
$('clear').addEventListener('click', () => {
  state.filters = emptyFilters();
  syncForm();
  refresh(true);
});
more.addEventListener('click', () => loadList(true).catch(showError));
unlocatedMore.addEventListener('click', () => loadUnlocated(true).catch(showError));
$('panel-close').addEventListener('click', closeEvent);
$('article-close').addEventListener('click', closeDoc);
$('lang').addEventListener('click', () => {
  state.lang = state.lang === 'ar' ? 'en' : 'ar';
  setLang(state.lang as Lang);
  eventMap.relabel();
  fillSelects();
  syncForm();
  applyState(false);
});
window.addEventListener('popstate', () => {
  const lang = state.lang;
  state = readUrl(location.search);
  if (state.lang !== lang) {
    setLang(state.lang);
    fillSelects();
  }
  applyState(false);
});

async function start(): Promise<void> {
  fillSelects();
  syncForm();
  try {
    const all = await api.stats(new URLSearchParams({ by: 'day' }));
    countryCodes = all.by_country.map((b) => b.key).filter((k) => k && k !== 'null');
    admin1Names = all.by_admin1.map((b) => b.key).sort();
    const doc = await (await fetch('/api/openapi.json')).json();
    const params: { name: string; schema: { enum?: string[] } }[] = doc.paths['/api/points'].get.parameters;
    subEventTypes = params.find((p) => p.name === 'sub_event_type')?.schema.enum ?? [];
    const days = all.by_date.filter((b) => /^\d{4}-\d{2}-\d{2}$/.test(b.key)).map((b) => b.key);
    if (days.length > 1) {
      storeSpanDays = (Date.parse(days[days.length - 1]) - Date.parse(days[0])) / 86_400_000;
    }
    fillSelects();
    syncForm();
  } catch (err) {
    showError(err);
  }
  applyState(false);
}

start();
