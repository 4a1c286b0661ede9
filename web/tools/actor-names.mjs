// Writes src/labels/actors-ar.json: the Arabic name of each actor of the dictionary
// (data/actors/*.tsv), its first alias, by its canonical English name, for the Arabic interface.
// Run by `npm run build`.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const dir = new URL('../../data/actors/', import.meta.url);
const names = {};
for (const file of readdirSync(dir).filter((f) => f.endsWith('.tsv')).sort()) {
  for (const line of readFileSync(new URL(file, dir), 'utf8').split('\n')) {
    const [id, name, , , , aliases] = line.split('\t');
    if (!id || id.startsWith('#') || id === 'id' || !name || !aliases) continue;
    names[name] ??= aliases.split('|')[0].trim();
  }
}
const sorted = Object.fromEntries(Object.keys(names).sort().map((k) => [k, names[k]]));
writeFileSync(new URL('../src/labels/actors-ar.json', import.meta.url), `${JSON.stringify(sorted, null, 1)}\n`);
