// The event panel and the article view: what an event is, what each source claimed, and the
// Arabic sentences behind it with the trigger, actors, place and numbers marked.

import { TYPE_COLORS, type Actor, type DocumentView, type EventDetail, type Evidence, type SourceClaim } from './api';
import { numberMarks, pieces, renderPieces, type Mark } from './highlight';
import { named, num, t } from './i18n';

type Child = Node | string | null | undefined | false;

export function h(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

export function typeChip(type: string): HTMLElement {
  const chip = h('span', { class: 'chip' }, t(`type.${type}`));
  chip.style.setProperty('--c', TYPE_COLORS[type] ?? '#555');
  return chip;
}

function row(label: string, ...value: Child[]): HTMLElement {
  return h('div', { class: 'row' }, h('dt', {}, label), h('dd', {}, ...value));
}

function precision(p: number | null): string {
  return p === 1 || p === 2 || p === 3 ? t(`precision_${p}`) : t('precision_null');
}

/** An Arabic words element: right-to-left in the Arabic font, whatever the interface language. */
function arabic(text: string): HTMLElement {
  return h('bdi', { class: 'ar', dir: 'rtl', lang: 'ar' }, text);
}

function actorMarks(actor: Actor | null): Mark[] {
  return actor && actor.start != null && actor.end != null
    ? [{ kind: 'actor', start: actor.start, end: actor.end }]
    : [];
}

/** The marks of one source's claim, in article code points. */
export function claimMarks(c: {
  trigger: { start: number; end: number } | null;
  actor1: Actor | null;
  actor2: Actor | null;
  location: { start?: number | null; end?: number | null } | null;
}): Mark[] {
  const marks: Mark[] = [];
  if (c.trigger) marks.push({ kind: 'trigger', start: c.trigger.start, end: c.trigger.end });
  marks.push(...actorMarks(c.actor1), ...actorMarks(c.actor2));
  if (c.location && c.location.start != null && c.location.end != null) {
    marks.push({ kind: 'place', start: c.location.start, end: c.location.end });
  }
  return marks;
}

function evidenceBlock(ev: Evidence, marks: Mark[], fatalitiesText: string | null): HTMLElement {
  const p = h('p', { class: 'evidence ar', dir: 'rtl', lang: 'ar' });
  const all = [...marks, ...numberMarks(ev.sentence, ev.start, [fatalitiesText])];
  renderPieces(p, pieces(ev.sentence, ev.start, all), (k) => t(`mark.${k}`));
  return p;
}

function sourceBlock(c: SourceClaim, openDoc: (id: string) => void): HTMLElement {
  const marks = claimMarks(c);
  const link = h('a', { href: `?doc=${encodeURIComponent(c.doc_key)}`, class: 'open-article' }, t('open_article'));
  link.addEventListener('click', (e) => {
    e.preventDefault();
    openDoc(c.doc_key);
  });
  const fat =
    c.fatalities == null
      ? t('not_reported')
      : num(c.fatalities);
  return h(
    'section',
    { class: 'source' },
    h(
      'header',
      {},
      h('strong', {}, c.outlet ?? t('unknown')),
      c.published ? h('span', { class: 'muted' }, ` · ${c.published}`) : null,
    ),
    c.title ? h('div', { class: 'source-title' }, arabic(c.title)) : null,
    h(
      'dl',
      { class: 'claim' },
      row(t('fatalities'), fat, c.fatalities_text ? ' — ' : '', c.fatalities_text ? arabic(c.fatalities_text) : null),
      row(t('date'), c.event_date ?? t('unknown'), ` (${precision(c.time_precision)})`),
      row(t('sub_event_type'), named('sub', c.sub_event_type)),
      c.url ? row(t('article_url'), h('a', { href: c.url, class: 'url', target: '_blank', rel: 'noopener noreferrer' }, c.url)) : null,
    ),
    ...c.evidence.map((ev) => evidenceBlock(ev, marks, c.fatalities_text)),
    link,
  );
}

export function renderEvent(root: HTMLElement, detail: EventDetail, openDoc: (id: string) => void): void {
  const e = detail.event;
  const first = detail.sources[0];
  const actorLine = (name: string | null, claim: Actor | null | undefined) =>
    name ? [named('actor', name), claim?.text ? ' · ' : '', claim?.text ? arabic(claim.text) : null] : [t('unknown')];
  const place = e.location
    ? [
        e.location.name,
        first?.location?.text ? ' · ' : '',
        first?.location?.text ? arabic(first.location.text) : null,
      ]
    : [t('unknown')];
  const region = [e.admin2, e.admin1, e.country].filter(Boolean).join(', ');
  root.replaceChildren(
    h('div', { class: 'panel-head' }, typeChip(e.event_type), h('span', { class: 'sub' }, named('sub', e.sub_event_type))),
    h(
      'dl',
      { class: 'facts' },
      row(t('date'), e.event_date ?? t('unknown'), ` (${t('precision')}: ${precision(e.time_precision)})`),
      row(t('place'), ...place, region ? h('div', { class: 'muted' }, region) : null),
      e.location
        ? row(t('geo_precision'), t(`geo_precision_${e.location.geo_precision}`))
        : null,
      row(t('actor1'), ...actorLine(e.actor1, first?.actor1)),
      row(t('actor2'), ...actorLine(e.actor2, first?.actor2)),
      // 0 when none is reported (ACLED); no source's count at all shows as such
      row(t('fatalities'), e.fatalities_max == null ? `${num(e.fatalities)} (${t('not_reported')})` : num(e.fatalities)),
    ),
    h('h3', {}, `${t('sources')} (${num(detail.sources.length)})`),
    ...detail.sources.map((c) => sourceBlock(c, openDoc)),
  );
}

export function renderDocument(root: HTMLElement, doc: DocumentView, openEvent: (id: string) => void): void {
  const marks: Mark[] = [];
  const ranges: { start: number; end: number }[] = [];
  for (const ev of doc.events) {
    marks.push(...claimMarks(ev));
    for (const s of ev.evidence) {
      ranges.push(s);
      marks.push(...numberMarks(s.sentence, s.start, [ev.fatalities_text]).filter((m) => m.end - m.start > 0));
    }
  }
  const body = h('div', { class: 'article-text ar', dir: 'rtl', lang: 'ar' });
  renderPieces(body, pieces(doc.text, 0, marks, ranges), (k) => t(`mark.${k}`));
  const list = h('ul', { class: 'article-events' });
  for (const ev of doc.events) {
    const a = h('a', { href: `?event=${encodeURIComponent(ev.event_id)}` }, typeChip(ev.event_type), ` ${named('sub', ev.sub_event_type)}`);
    a.addEventListener('click', (e) => {
      e.preventDefault();
      openEvent(ev.event_id);
    });
    list.append(h('li', {}, a));
  }
  root.replaceChildren(
    h('h2', { class: 'ar', dir: 'rtl', lang: 'ar' }, doc.title ?? doc.doc_id),
    h(
      'div',
      { class: 'muted' },
      `${t('outlet')}: ${doc.outlet ?? t('unknown')} · ${t('published')}: ${doc.published ?? t('unknown')}`,
      doc.url
        ? h('span', {}, ' · ', h('a', { class: 'url', href: doc.url, target: '_blank', rel: 'noopener noreferrer' }, doc.url))
        : null,
    ),
    h('h3', {}, t('events_in_article')),
    list,
    body,
  );
}
