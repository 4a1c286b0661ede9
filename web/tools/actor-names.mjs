// Writes src/labels/actors-ar.json: the Arabic name of each actor of the dictionary
// (data/actors/*.tsv), its first alias, by its canonical English name, for the Arabic interface.
// Run by `npm run build`.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const dir = new URL('../../data/actors/', import.meta.url);
// A row bound to no country names the actor everywhere; a row bound to one (ولاية خراسان is
// Islamic State ({country}) in Afghanistan) only where it operates, so it never names the
// actor for other countries: the general row's words win, also over a literal name that is
// an instance of its template (Islamic State (Iraq), an older branch's row).
const general = {};
const bound = {};
for (const file of readdirSync(dir).filter((f) => f.endsWith('.tsv')).sort()) {
  for (const line of readFileSync(new URL(file, dir), 'utf8').split('\n')) {
    const [id, name, , country, , aliases] = line.split('\t');
    if (!id || id.startsWith('#') || id === 'id' || !name || !aliases) continue;
    (country ? bound : general)[name] ??= aliases.split('|')[0].trim();
  }
}
const names = { ...bound, ...general };
for (const name of Object.keys(names)) {
  const template = name.replace(/\([^)]*\)$/, '({country})');
  if (template !== name && general[template]) names[name] = general[template];
}
const sorted = Object.fromEntries(Object.keys(names).sort().map((k) => [k, names[k]]));
writeFileSync(new URL('../src/labels/actors-ar.json', import.meta.url), `${JSON.stringify(sorted, null, 1)}\n`);
