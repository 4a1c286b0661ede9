"""Arabic matching-key normalization mirroring marsad-text NormalizeOptions::MATCHING
(the letter foldings only), plus the proclitic stripping the engine applies before
dictionary lookup. Standard library only; shared by validate.py and corpus_check.py."""
import re
import unicodedata

_DIAC = re.compile("[\u064B-\u065F\u0670\u0610-\u061A\u06D6-\u06ED\u0640]")
_FOLD = str.maketrans({
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",
    "\u0672": "\u0627", "\u0673": "\u0627",
    "\u0649": "\u064A", "\u06CC": "\u064A", "\u06D0": "\u064A",
    "\u0629": "\u0647", "\u06C0": "\u0647",
    "\u0624": "\u0648", "\u0626": "\u064A", "\u0621": None,
    "\u06A9": "\u0643", "\u06C1": "\u0647", "\u06BE": "\u0647",
})
_FMT = re.compile("[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u061C]")
TOKEN = re.compile("[\u0621-\u064A\u0660-\u0669\u066E-\u06D3\u06FA-\u06FF\u064B-\u065F\u0670\u0640]+|[0-9]+|[A-Za-z]+")


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s) if any("\uFB50" <= c <= "\uFEFF" for c in s) else s
    s = _FMT.sub("", s)
    s = _DIAC.sub("", s)
    return s.translate(_FOLD).lower()


# Proclitic sequences tried longest first; the engine also tries the bare token.
PROCLITICS = ["وبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال",
              "وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك"]


def candidates(tok: str):
    """All lookup keys for one normalized token: the token itself, then proclitic-stripped
    variants (keeping at least two letters)."""
    out = [tok]
    for p in PROCLITICS:
        if tok.startswith(p) and len(tok) - len(p) >= 2:
            rest = tok[len(p):]
            if p.endswith("لل"):
                rest2 = "ال" + rest
                out.append(rest)
                out.append(rest2)
            else:
                out.append(rest)
    seen, res = set(), []
    for c in out:
        if c not in seen:
            seen.add(c)
            res.append(c)
    return res


ENCLITICS = ["هما", "كما", "هم", "هن", "كم", "كن", "نا", "ها", "ني", "ه", "ك"]


def tokens(text: str):
    return [norm(t) for t in TOKEN.findall(text)]
