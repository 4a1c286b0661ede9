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

/** A stretch of time with data, and where it is drawn. */
interface Segment {
  t0: number;
  t1: number;
  x0: number;
  width: number;
}

/**
 * Cuts the dated buckets into segments of time with data: an empty stretch longer than
 * `maxGap` steps is not drawn to scale but as a narrow break, so a few old events do not
 * squeeze the rest of the histogram into a sliver.
 */
export function segments(days: number[], stepMs: number, left: number, width: number, maxGap = 45): Segment[] {
  const spans: [number, number][] = [];
  for (const t of days) {
    const last = spans[spans.length - 1];
    if (last && t - last[1] <= maxGap * stepMs) last[1] = t + stepMs;
    else spans.push([t, t + stepMs]);
  }
  const gapPx = 22;
  const minW = 36;
  const total = spans.reduce((sum, [a, b]) => sum + (b - a), 0);
  const free = Math.max(0, width - gapPx * (spans.length - 1) - minW * spans.length);
  let x = left;
  return spans.map(([t0, t1]) => {
    const w = minW + (free * (t1 - t0)) / total;
    const seg = { t0, t1, x0: x, width: w };
    x += w + gapPx;
    return seg;
  });
}

function timeToX(segs: Segment[], t: number): number {
  for (const s of segs) {
    if (t <= s.t1) return t < s.t0 ? s.x0 : s.x0 + ((t - s.t0) / (s.t1 - s.t0)) * s.width;
  }
  const last = segs[segs.length - 1];
  return last.x0 + last.width;
}

function xToTime(segs: Segment[], x: number): number {
  for (const s of segs) {
    if (x <= s.x0 + s.width) return x < s.x0 ? s.t0 : s.t0 + ((x - s.x0) / s.width) * (s.t1 - s.t0);
  }
  return segs[segs.length - 1].t1 - 1;
}

export function createTimeline(container: HTMLElement, onBrush: (from: string, to: string) => void): Timeline {
  const svg = el('svg', { class: 'timeline-svg', role: 'img' });
  container.append(svg);
  let segs: Segment[] = [];
  let drag: { start: number; rect: SVGRectElement } | null = null;

  const toDate = (clientX: number) => {
    const box = svg.getBoundingClientRect();
    return iso(Math.floor(xToTime(segs, clientX - box.left) / DAY) * DAY);
  };

  svg.addEventListener('pointerdown', (e) => {
    if (segs.length === 0) return;
    svg.setPointerCapture(e.pointerId);
    const box = svg.getBoundingClientRect();
    const rect = el('rect', { class: 'brush', x: e.clientX - box.left, y: 0, width: 0, height: box.height - 18 });
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
        segs = [];
        return;
      }
      const stepMs = step === 'week' ? 7 * DAY : DAY;
      const pad = 24;
      segs = segments(
        dated.map((b) => day(b.key)),
        stepMs,
        pad,
        width - 2 * pad,
        step === 'week' ? 26 : 45,
      );
      const max = Math.max(...dated.map((b) => b.events));
      const plotH = height - 18;
      const inRange = (key: string) => (!from || key >= from) && (!to || key <= to);
      for (const b of dated) {
        const t = day(b.key);
        const x = timeToX(segs, t);
        const w = Math.max(1, timeToX(segs, t + stepMs) - x - 1);
        const h = Math.max(1, (b.events / max) * (plotH - 4));
        const bar = el('rect', { class: inRange(b.key) ? 'bar' : 'bar out', x, y: plotH - h, width: w, height: h });
        const title = el('title', {});
        title.textContent = `${b.key}: ${num(b.events)}`;
        bar.append(title);
        svg.append(bar);
      }
      // Dates under each segment; a break mark between segments.
      segs.forEach((s, i) => {
        const ticks = Math.max(1, Math.floor(s.width / 110));
        for (let k = 0; k <= ticks; k++) {
          if (k === ticks && ticks > 0 && s.width < 110) break;
          const t = s.t0 + ((s.t1 - s.t0 - DAY) * k) / ticks;
          const label = el('text', {
            class: 'tick',
            x: s.x0 + (k / ticks) * s.width,
            y: height - 4,
            'text-anchor': k === 0 ? 'start' : k === ticks ? 'end' : 'middle',
          });
          label.textContent = iso(t);
          svg.append(label);
        }
        if (i > 0) {
          const gx = s.x0 - 11;
          svg.append(el('path', { class: 'break', d: `M${gx - 4},${plotH - 8} l4,-8 l0,16 l4,-8` }));
        }
      });
      if (from || to) {
        const a = from ? timeToX(segs, day(from)) : pad;
        const b = to ? timeToX(segs, day(to) + DAY) : width - pad;
        svg.append(el('rect', { class: 'brush', x: Math.max(0, a), y: 0, width: Math.max(2, b - a), height: plotH }));
      }
    },
  };
}
