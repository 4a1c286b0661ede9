// Interface labels in Arabic and English. The Arabic strings live only in labels/ar.json.

import ar from './labels/ar.json';
import en from './labels/en.json';
import actorsAr from './labels/actors-ar.json';

export type Lang = 'ar' | 'en';
type Labels = typeof en;
const LABELS: Record<Lang, Labels> = { ar, en };

let current: Lang = 'ar';

export function setLang(lang: Lang): void {
  current = lang;
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
  document.title = LABELS[lang].title;
  for (const el of document.querySelectorAll<HTMLElement>('[data-l]')) {
    el.textContent = t(el.dataset.l as string);
  }
  for (const el of document.querySelectorAll<HTMLInputElement>('[data-lp]')) {
    el.placeholder = t(el.dataset.lp as string);
  }
}

export function lang(): Lang {
  return current;
}

/** The label for `key` in the current language; the key itself when there is none. */
export function t(key: string, vars: Record<string, string | number> = {}): string {
  const labels = LABELS[current] as Record<string, string>;
  let text = labels[key] ?? (LABELS.en as Record<string, string>)[key] ?? key;
  for (const [name, value] of Object.entries(vars)) text = text.replace(`{${name}}`, String(value));
  return text;
}

/** The label of a named value (`sub.Armed clash`) in the current language; the name itself
 * when there is none (English names are ACLED's). */
export function named(prefix: string, name: string): string {
  if (prefix === 'actor') return current === 'ar' ? actorName(name) : name;
  return (LABELS[current] as Record<string, string>)[`${prefix}.${name}`] ?? name;
}

/** An actor's Arabic name from the actor dictionary (tools/actor-names.mjs); a name made from
 * a template such as `Civilians ({country})` takes the template's. */
function actorName(name: string): string {
  const names = actorsAr as Record<string, string>;
  return names[name] ?? names[name.replace(/\([^)]*\)$/, '({country})')] ?? name;
}

/** A number in the current language's digits. */
export function num(n: number): string {
  return n.toLocaleString(current === 'ar' ? 'ar-EG' : 'en-US');
}
