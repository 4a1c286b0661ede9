// The timeline: a histogram of events per day or week (SVG, drawn by hand) with a brush.
// Dragging across it selects a date range, which becomes the `from`/`to` filters; a double
// click clears them. The histogram itself ignores the date filters, so the brush can move.

import type { Bucket } from './api';
import { num } from './i18n';

const SVG = 'http://www.w3.org/2000/svg';
const DAY = 86_400_000;

export interface Timeline {
  draw(buckets: Bucket[], step: 'day' | 'week', from: string, to: string): void;
}

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function createTimeline(container: HTMLElement, onBrush: (from: string, to: string) => void): Timeline {
  const svg = el('svg', { class: 'timeline-svg', role: 'img' });
  container.append(svg);
  let scale: { x0: number; t0: number; perMs: number; step: number } | null = null;
  let drag: { start: number; rect: SVGRectElement } | null = null;

  const toDate = (clientX: number) => {
    if (!scale) return '';
    const box = svg.getBoundingClientRect();
    const x = clientX - box.left;
    return iso(Math.floor((scale.t0 + (x - scale.x0) / scale.perMs) / DAY) * DAY);
  };

  svg.addEventListener('pointerdown', (e) => {
    if (!scale) return;
    svg.setPointerCapture(e.pointerId);
    const box = svg.getBoundingClientRect();
    const rect = el('rect', { class: 'brush', x: e.clientX - box.left, y: 0, width: 0, height: box.height });
    svg.querySelector('.brush')?.remove();
    svg.append(rect);
    drag = { start: e.clientX, rect };
  });
  svg.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const box = svg.getBoundingClientRect();
    const a = Math.min(drag.start, e.clientX) - box.left;
    const b = Math.max(drag.start, e.clientX) - box.left;
    drag.rect.setAttribute('x', String(a));
    drag.rect.setAttribute('width', String(b - a));
  });
  svg.addEventListener('pointerup', (e) => {
    if (!drag) return;
    const a = Math.min(drag.start, e.clientX);
    const b = Math.max(drag.start, e.clientX);
    drag = null;
    if (b - a < 3) return;
    onBrush(toDate(a), toDate(b));
  });
  svg.addEventListener('dblclick', () => onBrush('', ''));

  return {
    draw(buckets, step, from, to) {
      svg.replaceChildren();
      const width = container.clientWidth || 600;
      const height = container.clientHeight || 90;
      svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
      svg.setAttribute('width', String(width));
      svg.setAttribute('height', String(height));
      const dated = buckets.filter((b) => /^\d{4}-\d{2}-\d{2}$/.test(b.key));
      if (dated.length === 0) {
        scale = null;
        return;
      }
      const stepMs = step === 'week' ? 7 * DAY : DAY;
      const t0 = day(dated[0].key);
      const t1 = day(dated[dated.length - 1].key) + stepMs;
      const pad = 24;
      const perMs = (width - 2 * pad) / (t1 - t0);
      scale = { x0: pad, t0, perMs, step: stepMs };
      const max = Math.max(...dated.map((b) => b.events));
      const barW = Math.max(1, stepMs * perMs - 1);
      const plotH = height - 18;
      const inRange = (key: string) => (!from || key >= from) && (!to || key <= to);
      for (const b of dated) {
        const x = pad + (day(b.key) - t0) * perMs;
        const h = Math.max(1, (b.events / max) * (plotH - 4));
        const bar = el('rect', {
          class: inRange(b.key) ? 'bar' : 'bar out',
          x,
          y: plotH - h,
          width: barW,
          height: h,
        });
        const title = el('title', {});
        title.textContent = `${b.key}: ${num(b.events)}`;
        bar.append(title);
        svg.append(bar);
      }
      // Axis: first, last, and a few dates between.
      const ticks = 5;
      for (let i = 0; i <= ticks; i++) {
        const t = t0 + ((t1 - t0) * i) / ticks;
        const label = el('text', { class: 'tick', x: pad + (t - t0) * perMs, y: height - 4, 'text-anchor': 'middle' });
        label.textContent = iso(t);
        svg.append(label);
      }
      if (from || to) {
        const a = from ? pad + (day(from) - t0) * perMs : pad;
        const b = to ? pad + (day(to) + DAY - t0) * perMs : width - pad;
        svg.append(el('rect', { class: 'brush', x: Math.max(0, a), y: 0, width: Math.max(2, b - a), height: plotH }));
      }
    },
  };
}
