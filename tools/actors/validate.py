#!/usr/bin/env python3
"""Validate the marsad actor dictionary (data/actors/*.tsv + data/actors/ambiguous.txt).

Standard library only. Usage:
    python3 tools/actors/validate.py [DATA_DIR] [--quiet]

Checks
  * every *.tsv file: UTF-8, header line, 7 TAB-separated columns, '#' comments allowed;
  * id: ASCII slug, unique across all files;
  * name: non-empty, the only placeholder allowed is {country};
  * inter: 1..8; the same canonical name always has the same inter code;
  * country: empty or an ISO 3166-1 alpha-2 code;
  * kind: named | generic | member;
  * aliases: non-empty, no empty alias, Arabic script, no duplicate inside an entry
    (after normalization);
  * no alias (normalized: diacritics and tatweel removed, أإآٱ->ا, ى->ي, ة->ه) maps to two
    entries unless ambiguous.txt declares how it resolves; every ambiguous.txt row must be
    complete (all entries carrying the alias are listed) and refer to existing ids that carry it.
Prints counts per file, per country, per inter code and per kind. Exit status 1 on any error.

ambiguous.txt format (TAB-separated, '#' comments):
    alias <TAB> CC:id [CC,CC:id ...] [*:id] <TAB> optional comment
An alias listed there resolves by the event country: the entry whose country list contains the
event country, else the '*' entry, else it is left unresolved (the engine treats it as no actor
or as an anaphor).
"""
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict

HEADER = ["id", "name", "inter", "country", "kind", "aliases", "notes"]
KINDS = {"named", "generic", "member"}
INTER = {
    1: "State forces", 2: "Rebel groups", 3: "Political militias", 4: "Identity militias",
    5: "Rioters", 6: "Protesters", 7: "Civilians", 8: "External/Other forces",
}
# ISO 3166-1 alpha-2 (officially assigned codes).
ISO2 = set("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
""".split())
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ARABIC_RE = re.compile(r"[\u0621-\u064A]")
DIACRITICS_RE = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})


def normalize(alias):
    s = unicodedata.normalize("NFC", alias)
    s = DIACRITICS_RE.sub("", s)
    s = s.translate(FOLD)
    return " ".join(s.split())


class Report:
    def __init__(self):
        self.errors = []
        self.warnings = []

    def error(self, where, msg):
        self.errors.append(f"ERROR {where}: {msg}")

    def warn(self, where, msg):
        self.warnings.append(f"WARN  {where}: {msg}")


def load_entries(data_dir, rep):
    entries = []  # dicts
    files = sorted(f for f in os.listdir(data_dir) if f.endswith(".tsv"))
    if not files:
        rep.error(data_dir, "no .tsv files")
    for fname in files:
        path = os.path.join(data_dir, fname)
        try:
            text = open(path, encoding="utf-8").read()
        except UnicodeDecodeError as e:
            rep.error(fname, f"not UTF-8 ({e})")
            continue
        if text.startswith("\ufeff"):
            rep.error(fname, "starts with a BOM")
        header_seen = False
        for lineno, line in enumerate(text.split("\n"), 1):
            where = f"{fname}:{lineno}"
            if line.endswith("\r"):
                rep.error(where, "CRLF line ending")
                line = line[:-1]
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if not header_seen:
                if cols != HEADER:
                    rep.error(where, f"header must be {'<TAB>'.join(HEADER)}")
                header_seen = True
                continue
            if len(cols) != len(HEADER):
                rep.error(where, f"{len(cols)} columns, expected {len(HEADER)}")
                continue
            e = dict(zip(HEADER, cols), file=fname, line=lineno, where=where)
            for k in HEADER[:6]:
                if e[k] != e[k].strip():
                    rep.error(where, f"column {k} has leading/trailing spaces")
            entries.append(e)
        if not header_seen:
            rep.error(fname, "no header line")
    return files, entries


def check_entries(entries, rep):
    seen_ids = {}
    name_inter = {}
    for e in entries:
        w = e["where"]
        if not ID_RE.match(e["id"]):
            rep.error(w, f"bad id {e['id']!r} (ASCII slug: a-z, 0-9, '-')")
        if e["id"] in seen_ids:
            rep.error(w, f"duplicate id {e['id']} (first at {seen_ids[e['id']]})")
        else:
            seen_ids[e["id"]] = w
        name = e["name"]
        if not name:
            rep.error(w, "empty name")
        if re.sub(r"\{country\}", "", name).count("{") or re.sub(r"\{country\}", "", name).count("}"):
            rep.error(w, f"name {name!r}: only the {{country}} placeholder is allowed")
        try:
            inter = int(e["inter"])
            if inter not in INTER:
                raise ValueError
            e["inter_i"] = inter
            if name in name_inter and name_inter[name][0] != inter:
                rep.error(w, f"name {name!r} has inter {inter} here but {name_inter[name][0]} at {name_inter[name][1]}")
            name_inter.setdefault(name, (inter, w))
        except ValueError:
            rep.error(w, f"bad inter {e['inter']!r} (1-8)")
            e["inter_i"] = None
        if e["country"] and e["country"] not in ISO2:
            rep.error(w, f"bad country {e['country']!r} (ISO 3166-1 alpha-2 or empty)")
        if e["kind"] not in KINDS:
            rep.error(w, f"bad kind {e['kind']!r} ({'/'.join(sorted(KINDS))})")
        if e["kind"] == "generic" and e["country"]:
            rep.warn(w, "generic entry with a country (generic roles follow the event country)")
        if not e["aliases"]:
            rep.error(w, "no aliases")
            e["alias_list"] = []
            continue
        aliases = e["aliases"].split("|")
        e["alias_list"] = []
        seen_norm = {}
        for a in aliases:
            if not a:
                rep.error(w, "empty alias (stray '|')")
                continue
            if a != a.strip() or "  " in a:
                rep.error(w, f"alias {a!r} has stray spaces")
            if not ARABIC_RE.search(a):
                rep.error(w, f"alias {a!r} has no Arabic letter")
            n = normalize(a)
            if n in seen_norm:
                rep.warn(w, f"alias {a!r} duplicates {seen_norm[n]!r} after normalization")
                continue
            seen_norm[n] = a
            e["alias_list"].append((a, n))


def load_ambiguous(path, rep, ids):
    table = {}  # norm alias -> (raw, [(countries, id)], where)
    if not os.path.exists(path):
        rep.warn(path, "missing (no alias may then appear in two entries)")
        return table
    for lineno, line in enumerate(open(path, encoding="utf-8").read().split("\n"), 1):
        where = f"{os.path.basename(path)}:{lineno}"
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 2:
            rep.error(where, "expected alias<TAB>resolution[<TAB>comment]")
            continue
        raw, res = cols[0], cols[1]
        n = normalize(raw)
        if n in table:
            rep.error(where, f"alias {raw!r} listed twice (first at {table[n][2]})")
            continue
        rules = []
        stars = 0
        for tok in res.split():
            if ":" not in tok:
                rep.error(where, f"bad rule {tok!r} (CC[,CC]:id or *:id)")
                continue
            cc, _, eid = tok.partition(":")
            ccs = cc.split(",")
            if cc == "*":
                stars += 1
            else:
                for c in ccs:
                    if c not in ISO2:
                        rep.error(where, f"bad country {c!r} in {tok!r}")
            if eid not in ids:
                rep.error(where, f"unknown id {eid!r}")
            rules.append((ccs, eid))
        if stars > 1:
            rep.error(where, "more than one '*' rule")
        all_cc = [c for ccs, _ in rules for c in ccs if c != "*"]
        dup = [c for c, k in Counter(all_cc).items() if k > 1]
        if dup:
            rep.error(where, f"country listed twice: {','.join(dup)}")
        table[n] = (raw, rules, where)
    return table


def main(argv):
    quiet = "--quiet" in argv
    args = [a for a in argv if not a.startswith("--")]
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    data_dir = args[0] if args else os.path.join(root, "data", "actors")
    rep = Report()
    files, entries = load_entries(data_dir, rep)
    check_entries(entries, rep)
    ids = {e["id"]: e for e in entries}
    table = load_ambiguous(os.path.join(data_dir, "ambiguous.txt"), rep, ids)

    # alias -> entries
    owners = defaultdict(list)
    for e in entries:
        for raw, n in e.get("alias_list", []):
            owners[n].append((e, raw))
    collisions = {n: v for n, v in owners.items() if len({e["id"] for e, _ in v}) > 1}
    for n, v in sorted(collisions.items()):
        if n not in table:
            lst = ", ".join(f"{e['id']} ({e['file']})" for e, _ in v)
            rep.error(v[0][0]["where"], f"alias {v[0][1]!r} maps to several entries: {lst}; declare it in ambiguous.txt or remove it")
    for n, (raw, rules, where) in table.items():
        carriers = {e["id"] for e, _ in owners.get(n, [])}
        listed = {eid for _, eid in rules}
        if not carriers:
            rep.error(where, f"alias {raw!r} is not an alias of any entry")
        for eid in listed - carriers:
            if eid in ids:
                rep.error(where, f"{eid} does not list the alias {raw!r}")
        for eid in carriers - listed:
            rep.error(where, f"{eid} lists the alias {raw!r} but is missing from the rule")

    # statistics
    per_file = defaultdict(lambda: [0, 0])
    per_country = Counter()
    per_inter = Counter()
    per_kind = Counter()
    n_alias = 0
    for e in entries:
        k = len(e.get("alias_list", []))
        per_file[e["file"]][0] += 1
        per_file[e["file"]][1] += k
        per_country[e["country"] or "(event country)"] += 1
        per_inter[e.get("inter_i")] += 1
        per_kind[e["kind"]] += 1
        n_alias += k
    print(f"actor dictionary: {data_dir}")
    print(f"{'file':<28}{'entries':>8}{'aliases':>9}")
    for f in files:
        c = per_file.get(f, [0, 0])
        print(f"{f:<28}{c[0]:>8}{c[1]:>9}")
    print(f"{'TOTAL':<28}{len(entries):>8}{n_alias:>9}")
    print(f"distinct normalized aliases: {len(owners)}; distinct canonical names: {len({e['name'] for e in entries})}")
    print(f"ambiguous/country-bound aliases declared: {len(table)} (shared by several entries: {len(collisions)})")
    print("per kind:    " + ", ".join(f"{k} {v}" for k, v in sorted(per_kind.items())))
    print("per inter:   " + ", ".join(f"{k} {INTER.get(k, '?')}: {v}" for k, v in sorted(per_inter.items(), key=lambda x: (x[0] is None, x[0] or 0))))
    print("per country: " + ", ".join(f"{k} {v}" for k, v in sorted(per_country.items(), key=lambda x: (-x[1], x[0]))))
    if not quiet:
        for w in rep.warnings:
            print(w)
    for err in rep.errors:
        print(err)
    print(f"{len(rep.errors)} error(s), {len(rep.warnings)} warning(s)")
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
