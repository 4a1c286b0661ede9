// The timeline: events per day or week stacked by event type, with a y-axis, the fatalities
// as a line (right axis), and the undated events counted in a bar of their own (SVG, drawn by
// hand), with a brush. Dragging across it selects a date range, which becomes the `from`/`to`
// filters; a double click clears them. The histogram itself ignores the date filters, so the
// brush can move.

import { EVENT_TYPES, TYPE_COLORS, type Stats } from './api';
import { num, t } from './i18n';

const SVG = 'http://www.w3.org/2000/svg';
const DAY = 86_400_000;

export interface Timeline {
  draw(stats: Stats, step: 'day' | 'week', from: string, to: string): void;
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
    draw(stats, step, from, to) {
      svg.replaceChildren();
      const width = container.clientWidth || 600;
      const height = container.clientHeight || 90;
      svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
      svg.setAttribute('width', String(width));
      svg.setAttribute('height', String(height));
      const dated = stats.by_date
        .map((b, i) => ({ ...b, types: stats.by_date_types[i] ?? [] }))
        .filter((b) => /^\d{4}-\d{2}-\d{2}$/.test(b.key));
      const plotH = height - 18;
      // the undated events, apart at the end
      const undatedW = 64;
      const right = width - undatedW;
      const undated = el('g', { class: 'undated' });
      const undatedLabel = el('text', { class: 'tick', x: right + 8, y: height - 4 });
      undatedLabel.textContent = `${t('undated')}: ${num(stats.undated)}`;
      undated.append(undatedLabel);
      svg.append(undated);
      if (dated.length === 0) {
        segs = [];
        return;
      }
      const stepMs = step === 'week' ? 7 * DAY : DAY;
      const padL = 34;
      const padR = 30;
      segs = segments(
        dated.map((b) => day(b.key)),
        stepMs,
        padL,
        right - padL - padR,
        step === 'week' ? 26 : 45,
      );
      const max = Math.max(...dated.map((b) => b.events));
      const maxFat = Math.max(1, ...dated.map((b) => b.fatalities));
      const y = (n: number, of: number) => plotH - (n / of) * (plotH - 6);
      // y-axis: events (left), fatalities (right)
      for (const n of [0, Math.round(max / 2), max]) {
        if (n === 0 && max === 0) continue;
        svg.append(el('line', { class: 'grid', x1: padL, x2: right - padR, y1: y(n, max), y2: y(n, max) }));
        const label = el('text', { class: 'tick', x: padL - 4, y: y(n, max) + 3, 'text-anchor': 'end' });
        label.textContent = num(n);
        svg.append(label);
      }
      const fatLabel = el('text', { class: 'tick fat-axis', x: right - padR + 4, y: y(maxFat, maxFat) + 8 });
      fatLabel.textContent = num(maxFat);
      svg.append(fatLabel);
      if (stats.undated > 0) {
        const h = Math.max(1, ((plotH - 6) * stats.undated) / Math.max(max, stats.undated));
        undated.append(el('rect', { class: 'undated-bar', x: right + 8, y: plotH - h, width: undatedW - 16, height: h }));
      }
      const inRange = (key: string) => (!from || key >= from) && (!to || key <= to);
      const fatPoints: string[] = [];
      for (const b of dated) {
        const t0 = day(b.key);
        const x = timeToX(segs, t0);
        const w = Math.max(1, timeToX(segs, t0 + stepMs) - x - 1);
        const bar = el('g', { class: inRange(b.key) ? 'bar' : 'bar out' });
        let below = 0;
        EVENT_TYPES.forEach((type, i) => {
          const n = b.types[i] ?? 0;
          if (n === 0) return;
          const top = y(below + n, max);
          bar.append(el('rect', { x, y: top, width: w, height: Math.max(1, y(below, max) - top), fill: TYPE_COLORS[type] }));
          below += n;
        });
        const title = el('title', {});
        title.textContent = `${b.key}: ${num(b.events)} ${t('events')}, ${num(b.fatalities)} ${t('fatalities')}`;
        bar.append(title);
        svg.append(bar);
        fatPoints.push(`${x + w / 2},${y(b.fatalities, maxFat)}`);
      }
      svg.append(el('polyline', { class: 'fat-line', points: fatPoints.join(' ') }));
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
        const a = from ? timeToX(segs, day(from)) : padL;
        const b = to ? timeToX(segs, day(to) + DAY) : right - padR;
        svg.append(el('rect', { class: 'brush', x: Math.max(0, a), y: 0, width: Math.max(2, b - a), height: plotH }));
      }
    },
  };
}
