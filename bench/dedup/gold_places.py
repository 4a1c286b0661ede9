#!/usr/bin/env python3
"""Coordinates for the place names of the dedup gold's events, for the store's dedup test.

  gold_places.py [--bin target/release/marsad] [--shared ../shared] > \
      crates/marsad-store/tests/fixtures/dedup-gold-places.tsv

The gold events name their place in English and Arabic but carry no coordinates. Each
distinct (country, English name, Arabic words) is geocoded with `marsad geocode --json
--country CC "<Arabic words>"`; the first mention's chosen candidate gives latitude, longitude
and geo_precision. Places the gazetteer does not resolve are left out (the test then gives the
name a point of its own).
"""
import argparse, glob, json, os, subprocess, sys
from concurrent.futures import ThreadPoolExecutor


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/marsad")
    ap.add_argument("--shared", default=os.environ.get("MARSAD_SHARED", "../shared"))
    a = ap.parse_args()
    places = set()
    for d in ("dev-gold", "train-gold"):
        for f in glob.glob(os.path.join(a.shared, "data", d, "saudinewsnet-*.json")):
            for e in json.load(open(f, encoding="utf-8"))["events"]:
                loc = e.get("location") or {}
                if e.get("country") and loc.get("name") and loc.get("ar"):
                    places.add((e["country"], loc["name"], loc["ar"]))

    def geocode(p):
        cc, name, ar = p
        r = subprocess.run([a.bin, "geocode", "--json", "--country", cc, ar], capture_output=True, text=True)
        for line in r.stdout.splitlines():
            m = json.loads(line)
            if m.get("candidates") and m.get("geo_precision"):
                c = m["candidates"][0]
                return (cc, name, c["latitude"], c["longitude"], m["geo_precision"], c["name"])
        return None

    with ThreadPoolExecutor(2) as ex:
        rows = sorted(r for r in ex.map(geocode, sorted(places)) if r)
    print(f"# dedup-gold place names geocoded by bench/dedup/gold_places.py ({len(rows)} of {len(places)} resolved)")
    print("country\tname\tlatitude\tlongitude\tgeo_precision\tgazetteer_name")
    seen = set()
    for cc, name, lat, lon, prec, gname in rows:
        if (cc, name) in seen:
            continue
        seen.add((cc, name))
        print(f"{cc}\t{name}\t{lat:.5f}\t{lon:.5f}\t{prec}\t{gname}")


if __name__ == "__main__":
    main()
