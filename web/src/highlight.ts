// Marks words of an Arabic evidence sentence: the trigger, the actors, the place and the
// numbers. Offsets from the API are Unicode code points into the article's text; a sentence
// carries its own start, so a mark at [s, e) in the article is [s - start, e - start) in it.

export type MarkKind = 'trigger' | 'actor' | 'place' | 'number';

export interface Mark {
  kind: MarkKind;
  /** Code-point offsets into the article text. */
  start: number;
  end: number;
}

export interface Piece {
  text: string;
  kind: MarkKind | null;
  /** Inside one of the `ranges` passed to `pieces` (the article view's evidence sentences). */
  inRange: boolean;
}

const PRIORITY: Record<MarkKind, number> = { trigger: 0, actor: 1, place: 2, number: 3 };

/** Digits (Western, Eastern Arabic, Persian) with separators inside a number. */
const NUMBER = /[0-9\u0660-\u0669\u06F0-\u06F9]+(?:[.,\u066B\u066C][0-9\u0660-\u0669\u06F0-\u06F9]+)*/gu;

/**
 * Marks in sentence-relative code points for the number phrases (e.g. `fatalities_text`) and
 * the digit runs found in `sentence`.
 */
export function numberMarks(sentence: string, start: number, phrases: (string | null | undefined)[]): Mark[] {
  const marks: Mark[] = [];
  const toCodePoint = (utf16: number) => Array.from(sentence.slice(0, utf16)).length;
  for (const phrase of phrases) {
    if (!phrase) continue;
    let from = 0;
    for (;;) {
      const at = sentence.indexOf(phrase, from);
      if (at < 0) break;
      const s = toCodePoint(at);
      marks.push({ kind: 'number', start: start + s, end: start + s + Array.from(phrase).length });
      from = at + phrase.length;
    }
  }
  for (const m of sentence.matchAll(NUMBER)) {
    const s = toCodePoint(m.index ?? 0);
    marks.push({ kind: 'number', start: start + s, end: start + s + Array.from(m[0]).length });
  }
  return marks;
}

/**
 * Cuts `sentence` (which starts at code point `start` of the article) into pieces, each plain
 * or marked. Overlapping marks keep the one of higher priority (trigger, actor, place, number);
 * marks outside the sentence are ignored, marks that cross its edge are clipped.
 */
export function pieces(
  sentence: string,
  start: number,
  marks: Mark[],
  ranges: { start: number; end: number }[] = [],
): Piece[] {
  const chars = Array.from(sentence);
  const owner: (MarkKind | null)[] = new Array(chars.length).fill(null);
  const inside: boolean[] = new Array(chars.length).fill(false);
  for (const r of ranges) {
    for (let i = Math.max(0, r.start - start); i < Math.min(chars.length, r.end - start); i++) inside[i] = true;
  }
  const sorted = [...marks].sort((a, b) => PRIORITY[a.kind] - PRIORITY[b.kind]);
  for (const mark of sorted) {
    const s = Math.max(0, mark.start - start);
    const e = Math.min(chars.length, mark.end - start);
    if (e <= s) continue;
    let free = true;
    for (let i = s; i < e; i++) if (owner[i] !== null) free = false;
    if (!free) continue;
    for (let i = s; i < e; i++) owner[i] = mark.kind;
  }
  const out: Piece[] = [];
  for (let i = 0; i < chars.length; ) {
    const kind = owner[i];
    const inRange = inside[i];
    let j = i + 1;
    while (j < chars.length && owner[j] === kind && inside[j] === inRange) j++;
    out.push({ text: chars.slice(i, j).join(''), kind, inRange });
    i = j;
  }
  return out;
}

/**
 * Renders pieces as text nodes and `<mark class="m-KIND">` elements; pieces in a range go
 * into `<span class="evidence-range">`.
 */
export function renderPieces(parent: HTMLElement, list: Piece[], title: (kind: MarkKind) => string): void {
  for (const piece of list) {
    let node: Node;
    if (piece.kind === null) {
      node = document.createTextNode(piece.text);
    } else {
      const mark = document.createElement('mark');
      mark.className = `m-${piece.kind}`;
      mark.dataset.kind = piece.kind;
      mark.title = title(piece.kind);
      mark.textContent = piece.text;
      node = mark;
    }
    if (piece.inRange) {
      const span = document.createElement('span');
      span.className = 'evidence-range';
      span.append(node);
      node = span;
    }
    parent.append(node);
  }
}
