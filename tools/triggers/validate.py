#!/usr/bin/env python3
"""Validate data/triggers/triggers.tsv and data/triggers/cues.tsv (standard library only).

Checks: header and column count, ACLED event/sub-event pairs, PLOVER types and modes from a
fixed list, pos/role/specificity values, the args mini-language (keys, cue words, needs,
conditions of `if=`), duplicate (normalized form, sub_event_type) pairs, forms that still
carry a proclitic, that every ACLED sub-event type is reachable (by a row that can open an
event, not only by a weapon modifier), and the cue file's classes and scopes. Prints counts
per event type, sub-event type, role and PLOVER type.

  python3 tools/triggers/validate.py            # the repository's files
  python3 tools/triggers/validate.py --triggers FILE --cues FILE

Exit status 1 when an error is found (warnings do not fail).
"""
import argparse
import collections
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from arnorm import norm  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

ACLED = {
    "Battles": ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
    "Explosions/Remote violence": ["Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"],
    "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": ["Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"],
}
SUB2ET = {s: et for et, subs in ACLED.items() for s in subs}

# PLOVER event types and modes. Modes as written in the PLOVER manual (openeventdata/PLOVER,
# PLOVER_MANUAL.tex, draft 0.7b1). FIGHT is a PLOVER category (README table: CAMEO 19/20) without
# a mode table in that draft; its modes are marsad's documented choice (data/triggers/README.md).
PLOVER = {
    "AGREE": set(), "CONSULT": {"visit", "third-party", "multilateral", "phone"}, "SUPPORT": set(),
    "CONCEDE": set(), "COOPERATE": set(), "AID": {"economic", "military", "humanitarian", "asylum"},
    "RETREAT": {"withdraw", "release", "return", "disarm", "ceasefire", "access", "resign"},
    "INVESTIGATE": set(), "DEMAND": {"assist", "change", "yield", "meet"}, "DISAPPROVE": set(),
    "ACCUSE": set(), "REJECT": {"assist", "change", "yield", "meet"},
    "THREATEN": {"restrict", "ban", "arrest", "relations", "expel", "territory", "violence"},
    "PROTEST": {"demo", "riot", "strike-gen", "strike-lim", "strike-hun", "boycott", "obstruct"},
    "SANCTION": {"convict", "cancel", "expel", "withdraw", "sever"},
    "MOBILIZE": {"troops", "weapons", "police"},
    "COERCE": {"confiscate", "restrict", "ban", "censor", "curfew", "martial-law", "arrest", "deport", "withhold"},
    "ASSAULT": {"abduct", "beat", "torture", "execute", "sexual", "assassinate", "destroy", "primitive",
                "firearms", "explosives", "suicide-attack", "heavy-weapons"},
    "FIGHT": {"small-arms", "artillery", "aerial", "naval", "occupy", "cbrn"},
}

HEADER = ["form", "event_type", "sub_event_type", "plover", "plover_mode", "pos", "specificity", "role", "args", "notes"]
POS = {"verb_active", "verb_passive", "noun", "participle", "adj", "phrase"}
ROLES = {"event", "weapon", "result", "state"}
SLOT_KEYS = {"agent", "target", "instrument", "place"}
LIST_KEYS = {"needs", "ctx", "veto_next", "veto_prev", "if", "alt_pos"}
FLAGS = {"enclitic_ok", "blocks_object"}
CUES = {"subject", "pre", "obj", "passive_subject", "gen", "adj", "enclitic", "lv_subject", "rel",
        "next", "self", "unknown", "بين..و"}
NEEDS = {"weapon", "agent", "armed_agent", "armed_target", "person_target", "place", "actor_next", "enclitic"}
CONDS = {"target:civilian", "target:armed", "target:protesters", "target:person", "target:goods",
         "agent:state", "agent:nonstate", "agent:protesters", "agent:aerial", "agent:mob", "obj:weapon",
         "side:protesters", "side:civilian", "side:state"}
ARABIC_CUE = re.compile(r"^[\u0621-\u064A\u0670 +]+$")

CUE_HEADER = ["form", "class", "scope", "notes"]
CUE_CLASSES = {"negation", "fear", "modal", "hypothetical", "future", "intention", "question", "history",
               "report", "attempt", "condemn", "death", "injury", "agent", "target", "place_prep",
               "demand", "continuation", "light_verb", "undergo_verb", "occur_verb", "static", "protester", "cause",
               "quantity", "hedge", "aggregate", "place_noun"}
CUE_SCOPES = {"clause", "sentence", "next_verb", "next_word", "prefix"}
PROCLITIC_LEFT = re.compile(r"^(ال|بال|وال|فال|كال|لل)")
KEEP_AL = {"الى", "الي", "الله", "التي", "الذي", "الا", "الان", "باليستي", "باليستية", "باليستيا"}


class Report:
    def __init__(self):
        self.errors, self.warnings = [], []

    def err(self, where, msg):
        self.errors.append(f"{where}: {msg}")

    def warn(self, where, msg):
        self.warnings.append(f"{where}: {msg}")


def read_tsv(path, rep, header):
    rows = []
    with open(path, encoding="utf-8") as f:
        seen_header = False
        for ln, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if not seen_header:
                if cols != header:
                    rep.err(f"{os.path.basename(path)}:{ln}", f"header must be {header}, got {cols}")
                seen_header = True
                continue
            if len(cols) != len(header):
                rep.err(f"{os.path.basename(path)}:{ln}", f"{len(cols)} columns, expected {len(header)}")
                continue
            rows.append((ln, dict(zip(header, cols))))
    if not seen_header:
        rep.err(os.path.basename(path), "no header line")
    return rows


def check_plover(where, plover, mode, rep):
    if plover == "":
        if mode:
            rep.err(where, "plover_mode without plover")
        return
    if plover not in PLOVER:
        rep.err(where, f"unknown PLOVER type {plover!r}")
    elif mode and mode not in PLOVER[plover]:
        rep.err(where, f"mode {mode!r} is not a {plover} mode ({sorted(PLOVER[plover])})")


def check_args(where, args, rep):
    if not args:
        return
    for item in args.split(";"):
        item = item.strip()
        if not item:
            rep.err(where, "empty args item (stray ';')")
            continue
        if "=" not in item:
            if item not in FLAGS:
                rep.err(where, f"unknown flag {item!r}")
            continue
        key, _, val = item.partition("=")
        if key not in SLOT_KEYS | LIST_KEYS:
            rep.err(where, f"unknown args key {key!r}")
            continue
        vals = val.split("|")
        if any(v == "" for v in vals):
            rep.err(where, f"empty value in {key}=")
        if key in SLOT_KEYS:
            for v in vals:
                if v not in CUES and not ARABIC_CUE.match(v):
                    rep.err(where, f"{key}: cue {v!r} is neither a known cue nor an Arabic particle")
        elif key == "alt_pos":
            for v in vals:
                if v not in POS:
                    rep.err(where, f"alt_pos: unknown pos {v!r}")
        elif key == "needs":
            for v in vals:
                if v not in NEEDS:
                    rep.err(where, f"needs: unknown value {v!r}")
        elif key in ("ctx", "veto_next", "veto_prev"):
            for v in vals:
                if not ARABIC_CUE.match(v):
                    rep.err(where, f"{key}: {v!r} is not an Arabic form")
        elif key == "if":
            for alt in vals:
                m = re.match(r"^([^>]+)>([^@]+)@([A-Z]+)(?::([a-z-]+))?$", alt)
                if not m:
                    rep.err(where, f"if: cannot parse {alt!r} (COND[&COND]>Sub-event@PLOVER[:mode])")
                    continue
                conds, sub, pl, md = m.groups()
                for c in conds.split("&"):
                    if c not in CONDS:
                        rep.err(where, f"if: unknown condition {c!r}")
                if sub not in SUB2ET:
                    rep.err(where, f"if: unknown sub-event type {sub!r}")
                check_plover(where + " (if)", pl, md or "", rep)


def validate_triggers(path, rep):
    rows = read_tsv(path, rep, HEADER)
    seen = {}
    for ln, r in rows:
        where = f"triggers.tsv:{ln} [{r['form']}]"
        form = r["form"].strip()
        if form != r["form"] or not form:
            rep.err(where, "empty form or surrounding whitespace")
        if "  " in form:
            rep.err(where, "double space in form")
        for tok in form.split():
            if PROCLITIC_LEFT.match(tok) and tok not in KEEP_AL and len(tok) > 3:
                rep.warn(where, f"token {tok!r} still carries a proclitic/article (forms are written stripped)")
        et, sub = r["event_type"], r["sub_event_type"]
        if et not in ACLED:
            rep.err(where, f"unknown event_type {et!r}")
        elif sub not in ACLED[et]:
            rep.err(where, f"{sub!r} is not a sub-event type of {et!r}")
        check_plover(where, r["plover"], r["plover_mode"], rep)
        if r["pos"] not in POS:
            rep.err(where, f"unknown pos {r['pos']!r} (one value; other readings go to args alt_pos=)")
        if r["specificity"] not in ("1", "2", "3"):
            rep.err(where, f"specificity must be 1, 2 or 3, got {r['specificity']!r}")
        if r["role"] not in ROLES:
            rep.err(where, f"unknown role {r['role']!r}")
        check_args(where, r["args"], rep)
        key = (norm(form), sub)
        if key in seen:
            rep.err(where, f"duplicate (form, sub_event_type) after normalization; first at line {seen[key]}")
        else:
            seen[key] = ln
    return [r for _, r in rows]


def validate_cues(path, rep):
    rows = read_tsv(path, rep, CUE_HEADER)
    seen = {}
    for ln, r in rows:
        where = f"cues.tsv:{ln} [{r['form']}]"
        if not r["form"].strip():
            rep.err(where, "empty form")
        if r["class"] not in CUE_CLASSES:
            rep.err(where, f"unknown class {r['class']!r}")
        if r["scope"] not in CUE_SCOPES:
            rep.err(where, f"unknown scope {r['scope']!r}")
        key = (norm(r["form"]), r["class"])
        if key in seen:
            rep.err(where, f"duplicate (form, class) after normalization; first at line {seen[key]}")
        else:
            seen[key] = ln
    return [r for _, r in rows]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--triggers", default=os.path.join(ROOT, "data", "triggers", "triggers.tsv"))
    ap.add_argument("--cues", default=os.path.join(ROOT, "data", "triggers", "cues.tsv"))
    ap.add_argument("--show-warnings", action="store_true")
    a = ap.parse_args()
    rep = Report()
    trig = validate_triggers(a.triggers, rep)
    cues = validate_cues(a.cues, rep) if os.path.exists(a.cues) else []
    if not os.path.exists(a.cues):
        rep.err("cues.tsv", "missing")

    # reachability: every sub-event type opened by at least one non-weapon row
    opening = collections.Counter(r["sub_event_type"] for r in trig if r["role"] != "weapon")
    anyrow = collections.Counter(r["sub_event_type"] for r in trig)
    for et, subs in ACLED.items():
        for s in subs:
            if anyrow[s] == 0:
                rep.err("coverage", f"sub-event type {s!r} has no trigger")
            elif opening[s] == 0:
                rep.err("coverage", f"sub-event type {s!r} only has weapon rows (nothing opens an event)")

    print(f"triggers: {len(trig)} rows, {len({norm(r['form']) for r in trig})} distinct normalized forms")
    by_et = collections.Counter(r["event_type"] for r in trig)
    for et, subs in ACLED.items():
        print(f"  {et}: {by_et[et]}")
        for s in subs:
            print(f"      {s}: {anyrow[s]} (opening rows {opening[s]})")
    print("by role:", ", ".join(f"{k} {v}" for k, v in collections.Counter(r["role"] for r in trig).most_common()))
    print("by PLOVER:", ", ".join(f"{k or '(none)'} {v}" for k, v in
                                  collections.Counter(r["plover"] for r in trig).most_common()))
    print("by specificity:", ", ".join(f"{k}: {v}" for k, v in
                                        sorted(collections.Counter(r["specificity"] for r in trig).items())))
    print("multiword forms:", sum(1 for r in trig if " " in r["form"]))
    if cues:
        print(f"cues: {len(cues)} rows;", ", ".join(f"{k} {v}" for k, v in
                                                  sorted(collections.Counter(r["class"] for r in cues).items())))
    print(f"warnings: {len(rep.warnings)}; errors: {len(rep.errors)}")
    if a.show_warnings:
        for w in rep.warnings:
            print("WARN", w)
    for e in rep.errors:
        print("ERROR", e)
    sys.exit(1 if rep.errors else 0)


if __name__ == "__main__":
    main()
