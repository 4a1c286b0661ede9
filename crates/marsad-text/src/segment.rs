//! Clitic segmentation: proclitics, stem and enclitic pronoun of an Arabic word, as spans.
//!
//! An Arabic word in running text carries attached particles: a conjunction (و، ف), a
//! preposition (ب، ك، ل) or the future particle (س), the definite article (ال, written ل after
//! the preposition ل: لل) and a pronoun at the end (ه، ها، هم، هما، هن، ك، كم، كما، كن، ي،
//! ني، نا). Dictionaries of actors, places and event triggers match on the word without them,
//! which [`Segmenter::stem_key`] writes; dictionaries must key their own entries with it too.
//!
//! Stripping by rule alone breaks real words (بغداد is not ب + غداد, وزير is not و + زير,
//! وجه is not وج + ه). The [`Segmenter`] scores every segmentation the clitic grammar allows
//! with a small linear model over lexicon evidence: how often the candidate stem occurs as a
//! word, and how often it occurs after the article (a word seen as `ال` + word keeps its first
//! and last letters: البلد, الوجه). The article itself is settled by rule and lexicon evidence
//! so that a word keys the same after any particle (الحكومة، والحكومة، للحكومة → حكومه) and an
//! ال that belongs to the word stays (التزام، التقى، الذي). The lexicon and the weights are
//! embedded data (`data/segment-lexicon.tsv`, `data/segment-weights.tsv`, CC BY-SA 4.0, see
//! `data/NOTICE.md`), built by [`build`] from openly licensed corpora; known forms have their
//! decision precomputed at load, so most words cost one hash look-up.
//!
//! Measured on the UD Arabic-PADT test split (`tests/padt_segmentation.rs`, which documents the
//! comparison rule): 98.8% of all tokens and 98.6% of Arabic-letter tokens are cut exactly as
//! the gold syntactic words. For words the lexicon does not know (a new group's name after a
//! preposition), [`Segmenter::readings`] gives the next-best segmentations to try.
//!
//! Spans are byte ranges of the word as written (diacritics, tatweel and hamza variants
//! included), so they slice the original token.
//!
//! ```
//! use marsad_text::segment::{Proclitic, Segmenter};
//! let segmenter = Segmenter::new();
//! let word = "وبالحسكة";
//! let seg = segmenter.segment(word);
//! let kinds: Vec<Proclitic> = seg.proclitics().iter().map(|&(_, p)| p).collect();
//! assert_eq!(kinds, [Proclitic::Wa, Proclitic::Bi, Proclitic::Al]);
//! assert_eq!(seg.stem().slice(word), "حسكة");
//!
//! let mut key = String::new();
//! segmenter.stem_key("قواتها", &mut key);
//! assert_eq!(key, "قوات");
//! key.clear();
//! segmenter.stem_key("بحكومتهم", &mut key);
//! assert_eq!(key, "حكومه");
//! // real stems survive
//! assert_eq!(segmenter.segment("بغداد").stem().slice("بغداد"), "بغداد");
//! ```

use std::fmt;

use crate::normalize::{is_diacritic, is_format_control, normalize_into, NormalizeOptions};
use crate::span::Span;

// ---------------------------------------------------------------------------------------------
// Letters
// ---------------------------------------------------------------------------------------------

/// Letter codes: one byte per letter, alef forms folded, ى ة ء ؤ ئ kept apart.
pub(crate) mod code {
    pub const ALEF: u8 = 1;
    pub const BEH: u8 = 2;
    pub const TEH: u8 = 3;
    pub const THEH: u8 = 4;
    pub const JEEM: u8 = 5;
    pub const HAH: u8 = 6;
    pub const KHAH: u8 = 7;
    pub const DAL: u8 = 8;
    pub const THAL: u8 = 9;
    pub const REH: u8 = 10;
    pub const ZAIN: u8 = 11;
    pub const SEEN: u8 = 12;
    pub const SHEEN: u8 = 13;
    pub const SAD: u8 = 14;
    pub const DAD: u8 = 15;
    pub const TAH: u8 = 16;
    pub const ZAH: u8 = 17;
    pub const AIN: u8 = 18;
    pub const GHAIN: u8 = 19;
    pub const FEH: u8 = 20;
    pub const QAF: u8 = 21;
    pub const KAF: u8 = 22;
    pub const LAM: u8 = 23;
    pub const MEEM: u8 = 24;
    pub const NOON: u8 = 25;
    pub const HEH: u8 = 26;
    pub const WAW: u8 = 27;
    pub const YEH: u8 = 28;
    pub const ALEF_MAKSURA: u8 = 29;
    pub const TEH_MARBUTA: u8 = 30;
    pub const HAMZA: u8 = 31;
    pub const WAW_HAMZA: u8 = 32;
    pub const YEH_HAMZA: u8 = 33;
    pub const PEH: u8 = 34;
    pub const TCHEH: u8 = 35;
    pub const JEH: u8 = 36;
    pub const GAF: u8 = 37;
    pub const VEH: u8 = 38;
    /// Number of codes plus one (code 0 is unused).
    pub const COUNT: usize = 39;
}

/// The letter each code stands for in lexicon keys (ى ة ء ؤ ئ kept).
const CODE_CHAR: [char; code::COUNT] = [
    '\0', 'ا', 'ب', 'ت', 'ث', 'ج', 'ح', 'خ', 'د', 'ذ', 'ر', 'ز', 'س', 'ش', 'ص', 'ض', 'ط', 'ظ', 'ع',
    'غ', 'ف', 'ق', 'ك', 'ل', 'م', 'ن', 'ه', 'و', 'ي', 'ى', 'ة', 'ء', 'ؤ', 'ئ', 'پ', 'چ', 'ژ', 'گ',
    'ڤ',
];

/// The letter each code becomes under [`NormalizeOptions::MATCHING`] (`\0`: dropped); the
/// keys are written from [`MATCHING_STR`], which a test checks against this table.
#[cfg(test)]
const MATCHING_CHAR: [char; code::COUNT] = [
    '\0', 'ا', 'ب', 'ت', 'ث', 'ج', 'ح', 'خ', 'د', 'ذ', 'ر', 'ز', 'س', 'ش', 'ص', 'ض', 'ط', 'ظ', 'ع',
    'غ', 'ف', 'ق', 'ك', 'ل', 'م', 'ن', 'ه', 'و', 'ي', 'ي', 'ه', '\0', 'و', 'ي', 'پ', 'چ', 'ژ', 'گ',
    'ڤ',
];

/// The code of an Arabic letter, after the folding of [`NormalizeOptions::MATCHING`] for alef
/// forms and Persian letter shapes.
#[inline]
pub(crate) const fn letter_code(c: char) -> Option<u8> {
    use code::*;
    Some(match c {
        'ا' | 'أ' | 'إ' | 'آ' | 'ٱ' | '\u{0672}' | '\u{0673}' => ALEF,
        'ب' => BEH,
        'ت' => TEH,
        'ث' => THEH,
        'ج' => JEEM,
        'ح' => HAH,
        'خ' => KHAH,
        'د' => DAL,
        'ذ' => THAL,
        'ر' => REH,
        'ز' => ZAIN,
        'س' => SEEN,
        'ش' => SHEEN,
        'ص' => SAD,
        'ض' => DAD,
        'ط' => TAH,
        'ظ' => ZAH,
        'ع' => AIN,
        'غ' => GHAIN,
        'ف' => FEH,
        'ق' => QAF,
        'ك' | '\u{06A9}' => KAF,
        'ل' => LAM,
        'م' => MEEM,
        'ن' => NOON,
        'ه' | '\u{06C1}' | '\u{06BE}' => HEH,
        'و' => WAW,
        'ي' | '\u{06CC}' | '\u{06D0}' => YEH,
        'ى' => ALEF_MAKSURA,
        'ة' | '\u{06C0}' => TEH_MARBUTA,
        'ء' => HAMZA,
        'ؤ' => WAW_HAMZA,
        'ئ' => YEH_HAMZA,
        'پ' => PEH,
        'چ' => TCHEH,
        'ژ' => JEH,
        'گ' => GAF,
        'ڤ' => VEH,
        _ => return None,
    })
}

/// Table value of a mark that MATCHING drops.
const DROP: u8 = 0xFF;

/// Letter codes of U+0600..=U+06FF: a code, [`DROP`] for marks, 0 for anything else.
static ARABIC_BLOCK: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let cp = 0x600 + i as u32;
        if let Some(c) = char::from_u32(cp) {
            if let Some(code) = letter_code(c) {
                t[i] = code;
            } else if matches!(cp, 0x064B..=0x065F | 0x0670 | 0x0610..=0x061A | 0x06D6..=0x06ED | 0x0640 | 0x061C)
            {
                t[i] = DROP;
            }
        }
        i += 1;
    }
    t
};

/// Characters that MATCHING drops inside a word: diacritics, tatweel, format controls.
#[inline]
fn is_droppable(c: char) -> bool {
    is_diacritic(c) || c == '\u{0640}' || is_format_control(c)
}

/// Longest word (in letters) that is segmented; longer ones are kept whole.
pub(crate) const MAX_LETTERS: usize = 40;

/// A word as letter codes, with the byte offset in the word of each letter.
#[derive(Clone, Copy)]
pub(crate) struct Letters {
    pub(crate) codes: [u8; MAX_LETTERS],
    /// `origin[i]`: byte offset of letter `i`; `origin[len]`: the word's length.
    pub(crate) origin: [u32; MAX_LETTERS + 1],
    pub(crate) len: usize,
    /// Some letters share a character (a presentation-form ligature such as ﻻ).
    ligature: bool,
    /// Bit `i`: letter `i` is an alef written with hamza or madda (أ إ آ), which the article's
    /// alef never is.
    hamza_alef: u64,
}

impl Letters {
    /// Reads `word`; `None` when it holds anything but Arabic letters and droppable marks, or
    /// is too long.
    pub(crate) fn read(word: &str) -> Option<Letters> {
        let mut out = Letters {
            codes: [0; MAX_LETTERS],
            origin: [0; MAX_LETTERS + 1],
            len: 0,
            ligature: false,
            hamza_alef: 0,
        };
        out.read_into(word).then_some(out)
    }

    /// Reads `word` into `self`; false when it holds anything but Arabic letters and droppable
    /// marks, or is too long.
    pub(crate) fn read_into(&mut self, word: &str) -> bool {
        self.len = 0;
        self.ligature = false;
        self.hamza_alef = 0;
        if word.len() > u32::MAX as usize {
            return false;
        }
        let b = word.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let x = b[i];
            // fast path: a two-byte character of the Arabic block U+0600..=U+06FF
            if (0xD8..=0xDB).contains(&x) && i + 1 < b.len() {
                let cp = ((x as usize & 0x1F) << 6) | (b[i + 1] as usize & 0x3F);
                match ARABIC_BLOCK[cp - 0x600] {
                    DROP => {}
                    0 => return false,
                    code => {
                        if matches!(cp, 0x622 | 0x623 | 0x625) {
                            self.hamza_alef |= 1 << self.len.min(63);
                        }
                        if self.push(code, i).is_none() {
                            return false;
                        }
                    }
                }
                i += 2;
                continue;
            }
            let Some(c) = word.get(i..).and_then(|r| r.chars().next()) else {
                return false;
            };
            if !self.read_other(c, i) {
                return false;
            }
            i += c.len_utf8();
        }
        if self.len == 0 {
            return false;
        }
        self.origin[self.len] = word.len() as u32;
        true
    }

    /// A character outside the fast path: format controls, presentation forms.
    #[cold]
    fn read_other(&mut self, c: char, i: usize) -> bool {
        if let Some(code) = letter_code(c) {
            return self.push(code, i).is_some();
        }
        if is_droppable(c) || matches!(c, '\u{FE70}'..='\u{FE7F}') {
            // marks, and isolated or medial forms of harakat
            return true;
        }
        if !matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE80}'..='\u{FEFC}') {
            return false;
        }
        let mut ok = true;
        let mut pushed = 0;
        unicode_normalization::char::decompose_compatible(c, |d| {
            if !ok {
                return;
            }
            if let Some(code) = letter_code(d) {
                if matches!(d, 'أ' | 'إ' | 'آ') {
                    self.hamza_alef |= 1 << self.len.min(63);
                }
                if self.push(code, i).is_none() {
                    ok = false;
                }
                pushed += 1;
            } else if !is_droppable(d) && d != ' ' {
                ok = false;
            }
        });
        ok && pushed > 0
    }

    #[inline]
    fn push(&mut self, code: u8, origin: usize) -> Option<()> {
        if self.len >= MAX_LETTERS {
            return None;
        }
        self.codes[self.len] = code;
        self.origin[self.len] = origin as u32;
        if self.len > 0 && self.origin[self.len - 1] == origin as u32 {
            self.ligature = true;
        }
        self.len += 1;
        Some(())
    }

    #[inline]
    pub(crate) fn new() -> Letters {
        Letters {
            codes: [0; MAX_LETTERS],
            origin: [0; MAX_LETTERS + 1],
            len: 0,
            ligature: false,
            hamza_alef: 0,
        }
    }

    /// Letters of a lexicon form (one character per letter).
    fn from_codes(codes: &[u8]) -> Option<Letters> {
        if codes.is_empty() || codes.len() > MAX_LETTERS {
            return None;
        }
        let mut out = Letters {
            codes: [0; MAX_LETTERS],
            origin: [0; MAX_LETTERS + 1],
            len: 0,
            ligature: false,
            hamza_alef: 0,
        };
        for (i, &c) in codes.iter().enumerate() {
            out.push(c, 2 * i)?;
        }
        out.origin[out.len] = 2 * out.len as u32;
        Some(out)
    }

    #[inline]
    fn is_hamza_alef(&self, i: usize) -> bool {
        i < 64 && self.hamza_alef & (1 << i) != 0
    }

    #[inline]
    pub(crate) fn codes(&self) -> &[u8] {
        &self.codes[..self.len]
    }

    /// True when a cut before letter `i` falls between two characters of the word (not inside
    /// one presentation-form ligature).
    #[inline]
    fn can_cut(&self, i: usize) -> bool {
        i == 0 || i >= self.len || self.origin[i] != self.origin[i - 1]
    }

    /// Byte span of letters `[from, to)`: a cut sits at the start of the next letter, so marks
    /// after a letter stay with it.
    #[inline]
    fn span(&self, from: usize, to: usize) -> Span {
        let start = if from == 0 {
            0
        } else {
            self.origin[from] as usize
        };
        let end = if to >= self.len {
            self.origin[self.len] as usize
        } else {
            self.origin[to] as usize
        };
        Span::new(start, end.max(start))
    }
}

/// Writes letter codes as lexicon text (ى ة ء ؤ ئ kept).
pub(crate) fn push_code_chars(codes: &[u8], out: &mut String) {
    for &c in codes {
        if let Some(&ch) = CODE_CHAR.get(c as usize) {
            if ch != '\0' {
                out.push(ch);
            }
        }
    }
}

/// The letter each code becomes under [`NormalizeOptions::MATCHING`] (`""`: dropped), as
/// strings, so keys are written without encoding chars.
const MATCHING_STR: [&str; code::COUNT] = [
    "", "ا", "ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر", "ز", "س", "ش", "ص", "ض", "ط", "ظ", "ع",
    "غ", "ف", "ق", "ك", "ل", "م", "ن", "ه", "و", "ي", "ي", "ه", "", "و", "ي", "پ", "چ", "ژ", "گ",
    "ڤ",
];

/// Writes letter codes as MATCHING-normalized text.
pub(crate) fn push_matching_chars(codes: &[u8], out: &mut String) {
    out.reserve(2 * codes.len());
    for &c in codes {
        if let Some(s) = MATCHING_STR.get(c as usize) {
            out.push_str(s);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

/// A particle attached before the stem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Proclitic {
    /// Conjunction و "and".
    Wa,
    /// Conjunction ف "so, then".
    Fa,
    /// Preposition ب "in, with, by".
    Bi,
    /// Preposition ك "like, as".
    Ka,
    /// Preposition (or particle) ل "for, to".
    Li,
    /// Future particle س (before an imperfect verb).
    Sa,
    /// Definite article ال (its alef is not written after ل: لل).
    Al,
}

impl Proclitic {
    const ALL: [Proclitic; 7] = [
        Proclitic::Wa,
        Proclitic::Fa,
        Proclitic::Bi,
        Proclitic::Ka,
        Proclitic::Li,
        Proclitic::Sa,
        Proclitic::Al,
    ];

    /// Its name, as serialized (`"wa"`, `"al"`…).
    pub fn name(self) -> &'static str {
        match self {
            Proclitic::Wa => "wa",
            Proclitic::Fa => "fa",
            Proclitic::Bi => "bi",
            Proclitic::Ka => "ka",
            Proclitic::Li => "li",
            Proclitic::Sa => "sa",
            Proclitic::Al => "al",
        }
    }
}

/// A pronoun attached after the stem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Enclitic {
    /// ه "him, his"
    Hu,
    /// ها "her, its"
    Ha,
    /// هم "them (m.)"
    Hum,
    /// هما "them two"
    Huma,
    /// هن "them (f.)"
    Hunna,
    /// ك "you, your"
    Ka,
    /// كم "you (pl.)"
    Kum,
    /// كما "you two"
    Kuma,
    /// كن "you (f. pl.)"
    Kunna,
    /// ي "my"
    Ya,
    /// ني "me" (after verbs and إن/أن)
    Ni,
    /// نا "us, our"
    Na,
}

impl Enclitic {
    const ALL: [Enclitic; 12] = [
        Enclitic::Hu,
        Enclitic::Ha,
        Enclitic::Hum,
        Enclitic::Huma,
        Enclitic::Hunna,
        Enclitic::Ka,
        Enclitic::Kum,
        Enclitic::Kuma,
        Enclitic::Kunna,
        Enclitic::Ya,
        Enclitic::Ni,
        Enclitic::Na,
    ];

    /// Its letters.
    fn codes(self) -> &'static [u8] {
        use code::*;
        match self {
            Enclitic::Hu => &[HEH],
            Enclitic::Ha => &[HEH, ALEF],
            Enclitic::Hum => &[HEH, MEEM],
            Enclitic::Huma => &[HEH, MEEM, ALEF],
            Enclitic::Hunna => &[HEH, NOON],
            Enclitic::Ka => &[KAF],
            Enclitic::Kum => &[KAF, MEEM],
            Enclitic::Kuma => &[KAF, MEEM, ALEF],
            Enclitic::Kunna => &[KAF, NOON],
            Enclitic::Ya => &[YEH],
            Enclitic::Ni => &[NOON, YEH],
            Enclitic::Na => &[NOON, ALEF],
        }
    }

    /// Its name, as serialized (`"hu"`, `"hum"`…).
    pub fn name(self) -> &'static str {
        match self {
            Enclitic::Hu => "hu",
            Enclitic::Ha => "ha",
            Enclitic::Hum => "hum",
            Enclitic::Huma => "huma",
            Enclitic::Hunna => "hunna",
            Enclitic::Ka => "ka",
            Enclitic::Kum => "kum",
            Enclitic::Kuma => "kuma",
            Enclitic::Kunna => "kunna",
            Enclitic::Ya => "ya",
            Enclitic::Ni => "ni",
            Enclitic::Na => "na",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Most proclitics one word carries: conjunction, preposition or future particle, article.
pub const MAX_PROCLITICS: usize = 3;

/// How the stem's last letter reads in its key when a pronoun followed it (حكومت+ه → حكومة).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[repr(u8)]
pub(crate) enum Restore {
    #[default]
    None = 0,
    /// ت was ة.
    TehMarbuta,
    /// و was وا (verb plural before an object pronoun).
    WawAlef,
    /// ئ or ؤ was ء.
    Hamza,
    /// ا or ي was ى.
    AlefMaksura,
}

impl Restore {
    /// The codes replacing the stem's last letter in its key.
    fn apply(self, last: u8) -> ([u8; 2], usize) {
        use code::*;
        match self {
            Restore::None => ([last, 0], 1),
            Restore::TehMarbuta => ([TEH_MARBUTA, 0], 1),
            Restore::WawAlef => ([WAW, ALEF], 2),
            Restore::Hamza => ([HAMZA, 0], 1),
            Restore::AlefMaksura => ([ALEF_MAKSURA, 0], 1),
        }
    }
}

/// The segmentation of one word: byte spans into the word as given.
///
/// The proclitics, the stem and the enclitic tile the word in order. A word that is not
/// Arabic, or too long, is one stem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Segmentation {
    proclitics: [(Span, Proclitic); MAX_PROCLITICS],
    n_proclitics: u8,
    stem: Span,
    enclitic: Option<(Span, Enclitic)>,
    restore: Restore,
}

impl Segmentation {
    /// The whole word as one stem.
    pub fn whole(word: &str) -> Segmentation {
        Segmentation {
            proclitics: [(Span::default(), Proclitic::Wa); MAX_PROCLITICS],
            n_proclitics: 0,
            stem: Span::new(0, word.len()),
            enclitic: None,
            restore: Restore::None,
        }
    }

    /// The proclitics, in order.
    #[inline]
    pub fn proclitics(&self) -> &[(Span, Proclitic)] {
        &self.proclitics[..self.n_proclitics as usize]
    }

    /// The stem (with no clitic: the whole word).
    #[inline]
    pub fn stem(&self) -> Span {
        self.stem
    }

    /// The enclitic pronoun, if any.
    #[inline]
    pub fn enclitic(&self) -> Option<(Span, Enclitic)> {
        self.enclitic
    }

    /// True when the word carries the definite article.
    pub fn has_article(&self) -> bool {
        self.proclitics().iter().any(|&(_, p)| p == Proclitic::Al)
    }

    /// True when anything was split off.
    pub fn is_split(&self) -> bool {
        self.n_proclitics > 0 || self.enclitic.is_some()
    }
}

// ---------------------------------------------------------------------------------------------
// Data: lexicon and weights
// ---------------------------------------------------------------------------------------------

/// What went wrong reading segmentation data.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DataError {
    /// The first line is not the expected magic and version.
    #[error("{what}: expected first line {expected:?}, found {found:?}; rebuild the data with `cargo run -p marsad-text --example build_segment_data`")]
    Header {
        what: &'static str,
        expected: String,
        found: String,
    },
    /// A line that does not parse.
    #[error("{what} line {line}: {message}")]
    Line {
        what: &'static str,
        line: usize,
        message: String,
    },
}

const LEXICON_MAGIC: &str = "#marsad-segment-lexicon\tv1";
const WEIGHTS_MAGIC: &str = "#marsad-segment-weights\tv1";

static EMBEDDED_LEXICON: &str = include_str!("../data/segment-lexicon.tsv");
static EMBEDDED_WEIGHTS: &str = include_str!("../data/segment-weights.tsv");
/// Press words the NER corpora of the main lexicon saw too rarely (same format, added counts).
static EMBEDDED_PRESS_WORDS: &str = include_str!("../data/segment-press.tsv");

/// Word counts keyed by letter codes: how often a form occurs alone, and after ال.
///
/// The index is an open-addressing table of 16-byte slots whose key is the form itself packed
/// into 64 bits (six bits a letter, up to ten letters), so a look-up touches one cache line;
/// counts live apart and are read only when a word is scored.
#[derive(Clone)]
pub(crate) struct Lexicon {
    arena: Vec<u8>,
    entries: Vec<Entry>,
    slots: Vec<Slot>,
    mask: usize,
}

#[derive(Clone, Copy, Default)]
struct Slot {
    /// [`packed_key`]; 0: empty.
    key: u64,
    /// The segmentation chosen for this form as a whole word ([`pack`]), 0 before it is known.
    decision: u32,
    /// Index in `entries`.
    entry: u32,
}

#[derive(Clone, Copy, Default)]
struct Entry {
    offset: u32,
    len: u8,
    count: u32,
    al_count: u32,
    /// `ln(1 + count)`, `ln(1 + al_count)`, `ln(1 + count + al_count)`.
    logs: [f32; 3],
}

#[inline]
fn logs(count: u32, al_count: u32) -> [f32; 3] {
    [
        (1.0 + count as f32).ln(),
        (1.0 + al_count as f32).ln(),
        (1.0 + count as f32 + al_count as f32).ln(),
    ]
}

/// Longest form packed exactly into a slot key.
const PACKED_LETTERS: usize = 10;

/// A form as 64 bits: up to ten six-bit letter codes and the length in the top four bits;
/// a longer form is its hash marked with 0xF on top (then the key bytes are compared too).
#[inline]
fn packed_key(codes: &[u8]) -> u64 {
    if codes.len() <= PACKED_LETTERS {
        let mut v = 0u64;
        for (i, &c) in codes.iter().enumerate() {
            v |= (c as u64 & 63) << (6 * i);
        }
        v | (codes.len() as u64) << 60
    } else {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for &b in codes {
            h = (h.rotate_left(5) ^ b as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
        (h & ((1 << 60) - 1)) | (0xF << 60)
    }
}

impl Lexicon {
    pub(crate) fn from_entries(entries: &[(Vec<u8>, u32, u32)]) -> Lexicon {
        let cap = (entries.len() * 2).next_power_of_two().max(16);
        let mut lex = Lexicon {
            arena: Vec::with_capacity(entries.iter().map(|e| e.0.len()).sum()),
            entries: Vec::with_capacity(entries.len()),
            slots: vec![Slot::default(); cap],
            mask: cap - 1,
        };
        for (key, count, al) in entries {
            lex.insert(key, *count, *al);
        }
        lex
    }

    #[inline]
    fn home(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & self.mask
    }

    fn insert(&mut self, codes: &[u8], count: u32, al_count: u32) {
        if codes.is_empty() || codes.len() > u8::MAX as usize {
            return;
        }
        if let Some(i) = self.slot_of(codes) {
            let e = &mut self.entries[self.slots[i].entry as usize];
            e.count = e.count.saturating_add(count);
            e.al_count = e.al_count.saturating_add(al_count);
            e.logs = logs(e.count, e.al_count);
            return;
        }
        let key = packed_key(codes);
        let mut i = self.home(key);
        while self.slots[i].key != 0 {
            i = (i + 1) & self.mask;
        }
        let offset = self.arena.len() as u32;
        self.arena.extend_from_slice(codes);
        self.slots[i] = Slot {
            key,
            decision: 0,
            entry: self.entries.len() as u32,
        };
        self.entries.push(Entry {
            offset,
            len: codes.len() as u8,
            count,
            al_count,
            logs: logs(count, al_count),
        });
    }

    #[inline]
    fn codes_of(&self, e: &Entry) -> &[u8] {
        &self.arena[e.offset as usize..e.offset as usize + e.len as usize]
    }

    /// The slot index of a form, if it is in the lexicon.
    #[inline]
    fn slot_of(&self, codes: &[u8]) -> Option<usize> {
        if codes.is_empty() || codes.len() > u8::MAX as usize {
            return None;
        }
        let key = packed_key(codes);
        let mut i = self.home(key);
        loop {
            let slot = &self.slots[i];
            if slot.key == 0 {
                return None;
            }
            if slot.key == key
                && (codes.len() <= PACKED_LETTERS
                    || self.codes_of(&self.entries[slot.entry as usize]) == codes)
            {
                return Some(i);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// The slot of a form (its stored decision), if any.
    #[inline]
    fn find_slot(&self, codes: &[u8]) -> Option<&Slot> {
        self.slot_of(codes).map(|i| &self.slots[i])
    }

    /// The counts of a form, if any.
    #[inline]
    fn find(&self, codes: &[u8]) -> Option<&Entry> {
        self.slot_of(codes)
            .map(|i| &self.entries[self.slots[i].entry as usize])
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Adds another lexicon's counts to this one's.
    pub(crate) fn add_counts(&mut self, other: &Lexicon) {
        for e in &other.entries {
            self.insert(other.codes_of(e), e.count, e.al_count);
        }
    }

    /// Parses the lexicon file: a header line, then `form<TAB>count<TAB>count after ال`.
    pub(crate) fn parse(text: &str) -> Result<Lexicon, DataError> {
        let mut lines = text.lines();
        let first = lines.next().unwrap_or("");
        if first.trim_end() != LEXICON_MAGIC {
            return Err(DataError::Header {
                what: "segment lexicon",
                expected: LEXICON_MAGIC.to_string(),
                found: first.chars().take(60).collect(),
            });
        }
        let mut entries = Vec::new();
        for (n, line) in lines.enumerate() {
            let line_no = n + 2;
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |message: &str| DataError::Line {
                what: "segment lexicon",
                line: line_no,
                message: message.to_string(),
            };
            let mut fields = line.split('\t');
            let form = fields.next().ok_or_else(|| err("missing form"))?;
            let count: u32 = fields
                .next()
                .and_then(|f| f.parse().ok())
                .ok_or_else(|| err("bad count"))?;
            let al: u32 = fields
                .next()
                .and_then(|f| f.parse().ok())
                .ok_or_else(|| err("bad count after the article"))?;
            let letters = Letters::read(form).ok_or_else(|| err("form is not Arabic letters"))?;
            entries.push((letters.codes().to_vec(), count, al));
        }
        Ok(Lexicon::from_entries(&entries))
    }
}

/// Feature indices of the scoring model. Lexicon counts enter as `ln(1 + count)`.
mod feat {
    use super::{Enclitic, Proclitic};

    /// One per proclitic kind.
    pub const PRE: usize = 0;
    /// Number of proclitics, 0..=3.
    pub const NPRE: usize = PRE + 7;
    /// Enclitic kind, 0 = none.
    pub const ENC: usize = NPRE + 4;
    /// Nothing split.
    pub const NOSPLIT: usize = ENC + 13;
    /// Per shape (proclitics? × enclitic?): lexicon features of the stem.
    pub const SHAPED: usize = NOSPLIT + 1;
    pub const PER_SHAPE: usize = 10;
    pub const LF: usize = 0;
    pub const LF_AL: usize = 1;
    pub const LF_ANY: usize = 2;
    pub const UNSEEN: usize = 3;
    /// Stem length 1..=6 (6: six or more).
    pub const LEN: usize = 4;
    /// The stem's last letter was restored for lookup.
    pub const RESTORED: usize = SHAPED + 4 * PER_SHAPE;
    /// `ln(1 + count)` of the stem, per first proclitic.
    pub const LF_PRE: usize = RESTORED + 1;
    /// `ln(1 + count)` of the stem, per enclitic.
    pub const LF_ENC: usize = LF_PRE + 7;
    pub const COUNT: usize = LF_ENC + 12;

    pub const SHAPES: [&str; 4] = ["nn", "ne", "pn", "pe"];

    /// Every feature's name, in index order (the weights file names them).
    pub fn names() -> Vec<String> {
        let mut names = vec![String::new(); COUNT];
        for p in Proclitic::ALL {
            names[PRE + p as usize] = format!("pre:{}", p.name());
            names[LF_PRE + p as usize] = format!("lf_pre:{}", p.name());
        }
        for n in 0..4 {
            names[NPRE + n] = format!("npre:{n}");
        }
        names[ENC] = "enc:none".into();
        for e in Enclitic::ALL {
            names[ENC + 1 + e.index()] = format!("enc:{}", e.name());
            names[LF_ENC + e.index()] = format!("lf_enc:{}", e.name());
        }
        names[NOSPLIT] = "nosplit".into();
        for (s, shape) in SHAPES.iter().enumerate() {
            let base = SHAPED + s * PER_SHAPE;
            names[base + LF] = format!("lf:{shape}");
            names[base + LF_AL] = format!("lf_al:{shape}");
            names[base + LF_ANY] = format!("lf_any:{shape}");
            names[base + UNSEEN] = format!("unseen:{shape}");
            for l in 0..6 {
                names[base + LEN + l] = format!("len{}:{shape}", l + 1);
            }
        }
        names[RESTORED] = "restored".into();
        names
    }
}

/// The weights of the scoring model.
#[derive(Clone)]
pub(crate) struct Weights(pub(crate) [f32; feat::COUNT]);

impl Weights {
    /// Parses the weights file: a header line, then `feature<TAB>weight`.
    pub(crate) fn parse(text: &str) -> Result<Weights, DataError> {
        let mut lines = text.lines();
        let first = lines.next().unwrap_or("");
        if first.trim_end() != WEIGHTS_MAGIC {
            return Err(DataError::Header {
                what: "segment weights",
                expected: WEIGHTS_MAGIC.to_string(),
                found: first.chars().take(60).collect(),
            });
        }
        let names = feat::names();
        let mut w = [0f32; feat::COUNT];
        for (n, line) in lines.enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |message: String| DataError::Line {
                what: "segment weights",
                line: n + 2,
                message,
            };
            let (name, value) = line
                .split_once('\t')
                .ok_or_else(|| err("expected feature<TAB>weight".into()))?;
            let index = names
                .iter()
                .position(|x| x == name)
                .ok_or_else(|| err(format!("unknown feature {name:?}")))?;
            w[index] = value
                .trim()
                .parse()
                .map_err(|_| err(format!("bad weight {value:?}")))?;
        }
        Ok(Weights(w))
    }

    pub(crate) fn to_tsv(&self) -> String {
        let mut out = String::from(WEIGHTS_MAGIC);
        out.push('\n');
        for (name, w) in feat::names().iter().zip(self.0.iter()) {
            if *w != 0.0 {
                out.push_str(&format!("{name}\t{w}\n"));
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Candidates and scoring
// ---------------------------------------------------------------------------------------------

/// One segmentation the clitic grammar allows, in letters.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Candidate {
    /// Proclitics with their letter ranges.
    pre: [(u8, u8, Proclitic); MAX_PROCLITICS],
    npre: u8,
    stem: (u8, u8),
    enc: Option<Enclitic>,
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Candidate) -> bool {
        self.proclitics() == other.proclitics() && self.stem == other.stem && self.enc == other.enc
    }
}

impl Eq for Candidate {}

impl Candidate {
    fn proclitics(&self) -> &[(u8, u8, Proclitic)] {
        &self.pre[..self.npre as usize]
    }

    /// Cut positions (in letters) between syntactic words: after each proclitic but the
    /// article, and before the enclitic.
    pub(crate) fn cuts(&self, out: &mut [u8; 4]) -> usize {
        let mut n = 0;
        for &(_, end, p) in self.proclitics() {
            if p != Proclitic::Al {
                out[n] = end;
                n += 1;
            }
        }
        if self.enc.is_some() {
            out[n] = self.stem.1;
            n += 1;
        }
        n
    }
}

/// Up to this many candidates per word (the grammar allows fewer).
const MAX_CANDIDATES: usize = 24;

struct Candidates {
    items: [Candidate; MAX_CANDIDATES],
    len: usize,
}

impl Candidates {
    fn push(&mut self, c: Candidate) {
        if self.len < MAX_CANDIDATES {
            self.items[self.len] = c;
            self.len += 1;
        }
    }
    fn as_slice(&self) -> &[Candidate] {
        &self.items[..self.len]
    }
}

/// Every segmentation of `l` the clitic grammar allows; the unsegmented word comes first.
fn enumerate(l: &Letters, out: &mut Candidates) {
    use code::*;
    out.len = 0;
    let c = l.codes();
    let n = c.len();
    let at = |i: usize| c.get(i).copied().unwrap_or(0);
    let (encs, nencs) = final_enclitics(c);
    let encs = &encs[..nencs];
    let conjs: [(Option<Proclitic>, usize); 2] = [
        (None, 0),
        match at(0) {
            WAW => (Some(Proclitic::Wa), 1),
            FEH => (Some(Proclitic::Fa), 1),
            _ => (None, usize::MAX),
        },
    ];
    for &(conj, i) in &conjs {
        if i == usize::MAX || (conj.is_some() && !l.can_cut(i)) {
            continue;
        }
        let preps: [(Option<Proclitic>, usize); 2] = [
            (None, i),
            match at(i) {
                BEH => (Some(Proclitic::Bi), i + 1),
                KAF => (Some(Proclitic::Ka), i + 1),
                LAM => (Some(Proclitic::Li), i + 1),
                SEEN if matches!(at(i + 1), YEH | TEH | NOON | ALEF) => {
                    (Some(Proclitic::Sa), i + 1)
                }
                _ => (None, usize::MAX),
            },
        ];
        for &(prep, j) in &preps {
            if j == usize::MAX || j > n || (prep.is_some() && !l.can_cut(j)) {
                continue;
            }
            let mut pre = [(0u8, 0u8, Proclitic::Wa); MAX_PROCLITICS];
            let mut npre = 0;
            if let Some(p) = conj {
                pre[npre] = (0, i as u8, p);
                npre += 1;
            }
            if let Some(p) = prep {
                pre[npre] = (i as u8, j as u8, p);
                npre += 1;
            }
            with_enclitics(l, encs, pre, npre, j, out);
            if prep == Some(Proclitic::Sa) {
                continue;
            }
            // the article: ال, or ل alone after the preposition ل (لل)
            let art_end = if prep == Some(Proclitic::Li) {
                (at(j) == LAM).then_some(j + 1)
            } else {
                (at(j) == ALEF && at(j + 1) == LAM && !l.is_hamza_alef(j)).then_some(j + 2)
            };
            if let Some(k) = art_end {
                // the model sees a stem of three letters after a bare article, two after
                // another proclitic; [`align_article`] settles the article itself
                let min_stem = if npre > 0 { 2 } else { 3 };
                if n >= k + min_stem && l.can_cut(k) {
                    let mut pre = pre;
                    pre[npre] = (j as u8, k as u8, Proclitic::Al);
                    out.push(Candidate {
                        pre,
                        npre: npre as u8 + 1,
                        stem: (k as u8, n as u8),
                        enc: None,
                    });
                }
            }
        }
    }
}

/// The enclitics `codes` ends with, in [`Enclitic::ALL`] order (at most two: ي and ني).
#[inline]
fn final_enclitics(c: &[u8]) -> ([Enclitic; 2], usize) {
    use code::*;
    let n = c.len();
    let at = |k: usize| if k <= n && k > 0 { c[n - k] } else { 0 };
    let mut out = [Enclitic::Hu; 2];
    let mut len = 0;
    let mut push = |e| {
        out[len] = e;
        len += 1;
    };
    match (at(1), at(2), at(3)) {
        (HEH, _, _) => push(Enclitic::Hu),
        (ALEF, HEH, _) => push(Enclitic::Ha),
        (ALEF, NOON, _) => push(Enclitic::Na),
        (ALEF, MEEM, HEH) => push(Enclitic::Huma),
        (ALEF, MEEM, KAF) => push(Enclitic::Kuma),
        (MEEM, HEH, _) => push(Enclitic::Hum),
        (MEEM, KAF, _) => push(Enclitic::Kum),
        (NOON, HEH, _) => push(Enclitic::Hunna),
        (NOON, KAF, _) => push(Enclitic::Kunna),
        (KAF, _, _) => push(Enclitic::Ka),
        (YEH, NOON, _) => {
            push(Enclitic::Ya);
            push(Enclitic::Ni);
        }
        (YEH, _, _) => push(Enclitic::Ya),
        _ => {}
    }
    (out, len)
}

fn with_enclitics(
    l: &Letters,
    encs: &[Enclitic],
    pre: [(u8, u8, Proclitic); MAX_PROCLITICS],
    npre: usize,
    j: usize,
    out: &mut Candidates,
) {
    let n = l.len;
    if n - j >= 2 || (npre == 0 && n - j >= 1) {
        out.push(Candidate {
            pre,
            npre: npre as u8,
            stem: (j as u8, n as u8),
            enc: None,
        });
    }
    for &e in encs {
        let elen = e.codes().len();
        if n < j + elen {
            continue;
        }
        let end = n - elen;
        if !l.can_cut(end) {
            continue;
        }
        let stem_len = end - j;
        if stem_len == 0 {
            // a preposition carrying the pronoun: له، بها، بكم
            if npre > 0 {
                let (s, _, p) = pre[npre - 1];
                if matches!(p, Proclitic::Bi | Proclitic::Li | Proclitic::Ka) {
                    out.push(Candidate {
                        pre,
                        npre: npre as u8 - 1,
                        stem: (s, end as u8),
                        enc: Some(e),
                    });
                }
            }
            continue;
        }
        if stem_len < 2 {
            continue;
        }
        out.push(Candidate {
            pre,
            npre: npre as u8,
            stem: (j as u8, end as u8),
            enc: Some(e),
        });
    }
}

/// Lexicon evidence for one stem range.
#[derive(Clone, Copy, Default)]
struct StemInfo {
    count: u32,
    al_count: u32,
    /// `ln(1 + count)`, `ln(1 + al_count)`, `ln(1 + count + al_count)`.
    logs: [f32; 3],
    restore: Restore,
}

impl StemInfo {
    fn of(slot: Option<&Entry>, restore: Restore) -> StemInfo {
        match slot {
            Some(s) => StemInfo {
                count: s.count,
                al_count: s.al_count,
                logs: s.logs,
                restore,
            },
            None => StemInfo {
                restore,
                ..StemInfo::default()
            },
        }
    }
}

/// Lexicon evidence of a stem, trying the spellings a pronoun may have changed.
fn stem_info(lex: &Lexicon, codes: &[u8], has_enc: bool) -> StemInfo {
    use code::*;
    let mut best = StemInfo::of(lex.find(codes), Restore::None);
    if !has_enc || codes.is_empty() || codes.len() > MAX_LETTERS {
        return best;
    }
    let last = codes[codes.len() - 1];
    let mut buf = [0u8; MAX_LETTERS + 1];
    let stem = &codes[..codes.len() - 1];
    buf[..stem.len()].copy_from_slice(stem);
    let variants: &[Restore] = match last {
        TEH => &[Restore::TehMarbuta],
        WAW => &[Restore::WawAlef],
        YEH_HAMZA | WAW_HAMZA => &[Restore::Hamza],
        ALEF | YEH => &[Restore::AlefMaksura],
        _ => &[],
    };
    for &r in variants {
        let (rep, k) = r.apply(last);
        buf[stem.len()..stem.len() + k].copy_from_slice(&rep[..k]);
        if let Some(slot) = lex.find(&buf[..stem.len() + k]) {
            if slot.count > best.count {
                best = StemInfo::of(Some(slot), r);
            }
        }
    }
    best
}

/// Sparse features of a candidate: `(index, value)`.
struct FeatureVec {
    items: [(u16, f32); 16],
    len: usize,
}

impl FeatureVec {
    #[inline]
    fn add(&mut self, index: usize, value: f32) {
        if self.len < self.items.len() {
            self.items[self.len] = (index as u16, value);
            self.len += 1;
        }
    }
    pub(crate) fn iter(&self) -> impl Iterator<Item = (usize, f32)> + '_ {
        self.items[..self.len].iter().map(|&(i, v)| (i as usize, v))
    }
}

/// The features of a candidate, as a sparse vector (training).
fn features(cand: &Candidate, info: StemInfo) -> FeatureVec {
    let mut f = FeatureVec {
        items: [(0, 0.0); 16],
        len: 0,
    };
    each_feature(cand, info, |i, v| f.add(i, v));
    f
}

/// The score of a candidate: the dot product of its features with `w` (decoding).
#[inline]
fn score(cand: &Candidate, info: StemInfo, w: &[f32; feat::COUNT]) -> f32 {
    let mut s = 0.0;
    each_feature(cand, info, |i, v| s += w[i] * v);
    s
}

/// Calls `f(index, value)` for every non-zero feature of a candidate.
#[inline]
fn each_feature(cand: &Candidate, info: StemInfo, mut f: impl FnMut(usize, f32)) {
    for &(_, _, p) in cand.proclitics() {
        f(feat::PRE + p as usize, 1.0);
    }
    f(feat::NPRE + (cand.npre as usize).min(3), 1.0);
    match cand.enc {
        None => f(feat::ENC, 1.0),
        Some(e) => f(feat::ENC + 1 + e.index(), 1.0),
    }
    if cand.npre == 0 && cand.enc.is_none() {
        f(feat::NOSPLIT, 1.0);
    }
    let shape = (cand.npre > 0) as usize * 2 + cand.enc.is_some() as usize;
    let base = feat::SHAPED + shape * feat::PER_SHAPE;
    let [lf, lf_al, lf_any] = info.logs;
    f(base + feat::LF, lf);
    f(base + feat::LF_AL, lf_al);
    f(base + feat::LF_ANY, lf_any);
    if info.count == 0 && info.al_count == 0 {
        f(base + feat::UNSEEN, 1.0);
    }
    let len = (cand.stem.1 - cand.stem.0) as usize;
    f(base + feat::LEN + len.clamp(1, 6) - 1, 1.0);
    if info.restore != Restore::None {
        f(feat::RESTORED, 1.0);
    }
    if let Some(&(_, _, p)) = cand.proclitics().first() {
        f(feat::LF_PRE + p as usize, lf_any);
    }
    if let Some(e) = cand.enc {
        f(feat::LF_ENC + e.index(), lf_any);
    }
}

/// Scores every candidate of a word, memoizing lexicon look-ups per stem range.
fn best_candidate(
    lex: &Lexicon,
    weights: &[f32; feat::COUNT],
    l: &Letters,
    cands: &Candidates,
) -> Option<(Candidate, StemInfo)> {
    let mut memo: [((u8, u8, bool), StemInfo); 8] = [((0, 0, false), StemInfo::default()); 8];
    let mut nmemo = 0;
    let mut best: Option<(Candidate, StemInfo, f32)> = None;
    for cand in cands.as_slice() {
        let key = (cand.stem.0, cand.stem.1, cand.enc.is_some());
        let info = match memo[..nmemo].iter().find(|m| m.0 == key) {
            Some(m) => m.1,
            None => {
                let codes = &l.codes()[cand.stem.0 as usize..cand.stem.1 as usize];
                let mut info = stem_info(lex, codes, cand.enc.is_some());
                // after the future س the stem is an imperfect verb (يقصف): when the lexicon
                // has not seen it, its bare stem (قصف) is the evidence; a verb never ends in ة
                let future = cand
                    .proclitics()
                    .last()
                    .is_some_and(|p| p.2 == Proclitic::Sa);
                let verb_like = codes.len() >= 4 && codes.last() != Some(&code::TEH_MARBUTA);
                if future && verb_like && info.count == 0 && info.al_count == 0 {
                    info = stem_info(lex, &codes[1..], cand.enc.is_some());
                }
                if nmemo < memo.len() {
                    memo[nmemo] = (key, info);
                    nmemo += 1;
                }
                info
            }
        };
        let score = score(cand, info, weights);
        if best.is_none_or(|b| score > b.2) {
            best = Some((*cand, info, score));
        }
    }
    best.map(|(c, i, _)| (c, i))
}

/// Packs a decision into 32 bits: stem range (6 + 6 bits), enclitic (4), restore (3),
/// number of proclitics (2), their kinds (3 × 3); bit 31 marks it as set.
fn pack(c: &Candidate, restore: Restore) -> u32 {
    let mut v = 1u32 << 31;
    v |= c.stem.0 as u32 & 0x3f;
    v |= (c.stem.1 as u32 & 0x3f) << 6;
    v |= c.enc.map_or(0, |e| e.index() as u32 + 1) << 12;
    v |= (restore as u32) << 16;
    v |= (c.npre as u32 & 3) << 19;
    for (k, &(_, _, p)) in c.proclitics().iter().enumerate() {
        v |= (p as u32) << (21 + 3 * k);
    }
    v
}

/// Unpacks [`pack`]; proclitic ranges follow from their kinds (one letter each, the article
/// two, or one after ل).
fn unpack(v: u32) -> (Candidate, Restore) {
    let mut c = Candidate {
        pre: [(0, 0, Proclitic::Wa); MAX_PROCLITICS],
        npre: ((v >> 19) & 3) as u8,
        stem: ((v & 0x3f) as u8, ((v >> 6) & 0x3f) as u8),
        enc: match (v >> 12) & 0xf {
            0 => None,
            i => Enclitic::ALL.get(i as usize - 1).copied(),
        },
    };
    let mut pos = 0u8;
    for k in 0..(c.npre as usize).min(MAX_PROCLITICS) {
        let p = Proclitic::ALL[(((v >> (21 + 3 * k)) & 7) as usize).min(6)];
        let len = match p {
            Proclitic::Al if k > 0 && c.pre[k - 1].2 == Proclitic::Li => 1,
            Proclitic::Al => 2,
            _ => 1,
        };
        c.pre[k] = (pos, pos + len, p);
        pos += len;
    }
    let restore = match (v >> 16) & 7 {
        1 => Restore::TehMarbuta,
        2 => Restore::WawAlef,
        3 => Restore::Hamza,
        4 => Restore::AlefMaksura,
        _ => Restore::None,
    };
    (c, restore)
}

fn empty_candidates() -> Candidates {
    Candidates {
        items: [Candidate {
            pre: [(0, 0, Proclitic::Wa); MAX_PROCLITICS],
            npre: 0,
            stem: (0, 0),
            enc: None,
        }; MAX_CANDIDATES],
        len: 0,
    }
}

/// Scores the candidates of `l` without the whole-word cache.
fn decide_uncached(lex: &Lexicon, weights: &Weights, l: &Letters) -> Option<(Candidate, Restore)> {
    let mut cands = empty_candidates();
    enumerate(l, &mut cands);
    best_candidate(lex, &weights.0, l, &cands).map(|(c, info)| {
        let restore = if c.enc.is_some() {
            key_restore(&l.codes()[c.stem.0 as usize..c.stem.1 as usize], info)
        } else {
            Restore::None
        };
        canonical(l, c, restore)
    })
}

/// How the key of a stem before a pronoun restores its last letter: as the lexicon says, or,
/// for a stem the lexicon has never seen in either spelling, by the usual rule: ت after a
/// letter other than ا was ة (مدرستها), a final و was the verb plural وا (قاتلوهم), ئ or ؤ
/// after ا was ء (أبنائهم).
fn key_restore(stem: &[u8], info: StemInfo) -> Restore {
    use code::*;
    if info.restore != Restore::None || info.count > 0 || info.al_count > 0 {
        return info.restore;
    }
    let n = stem.len();
    let before = if n >= 2 { stem[n - 2] } else { 0 };
    match stem.last() {
        Some(&TEH) if before != ALEF && n >= 3 => Restore::TehMarbuta,
        Some(&WAW) if n >= 3 => Restore::WawAlef,
        Some(&YEH_HAMZA | &WAW_HAMZA) if before == ALEF => Restore::Hamza,
        _ => Restore::None,
    }
}

/// Settles the article by rule, whatever particles precede it, so that a word keys the
/// same in every context: an initial ال (plain alef) before at least two letters is the
/// article unless the lexicon marks it as part of the word (الالتزام is attested, التقت
/// inflects as a verb, الذي is a function word); after ل (written لل) it is the article
/// unless the lexicon knows the word with its ل better (ل + ليبيا). The cuts the model
/// chose do not move: PADT keeps the article inside its syntactic word, so the training
/// data never says where it ends.
fn align_article(lex: &Lexicon, l: &Letters, c: &mut Candidate) {
    use code::*;
    if c.enc.is_some() {
        return;
    }
    let has_article = c.proclitics().last().is_some_and(|p| p.2 == Proclitic::Al);
    let outer = c.npre as usize - usize::from(has_article);
    let (host_start, last) = match outer {
        0 => (0, None),
        k => (c.pre[k - 1].1 as usize, Some(c.pre[k - 1].2)),
    };
    let codes = l.codes();
    let host = &codes[host_start.min(codes.len())..];
    let (art_len, split) = if last == Some(Proclitic::Li) && host.first() == Some(&LAM) {
        // لل + X: the article (ل + ال + X) unless the lexicon knows لX better than X
        // (ل + ليبيا، ل + لبنان)
        if host.len() < 3 {
            return;
        }
        let evidence = |e: Option<&Entry>| e.map_or(0, |e| e.count as u64 + e.al_count as u64);
        let split = evidence(lex.find(host)) <= evidence(lex.find(&host[1..]));
        (1, split)
    } else if host.len() >= 4
        && host[0] == ALEF
        && host[1] == LAM
        && !l.is_hamza_alef(host_start)
        && matches!(
            last,
            None | Some(Proclitic::Wa | Proclitic::Fa | Proclitic::Bi | Proclitic::Ka)
        )
    {
        let inherent = lex
            .find_slot(host)
            .is_some_and(|s| s.decision & INHERENT_AL != 0);
        (2, !inherent)
    } else {
        return;
    };
    if split == has_article {
        return;
    }
    let art_end = host_start + art_len;
    if split && !l.can_cut(art_end) {
        return; // inside a ligature (ﷲ)
    }
    if split {
        c.pre[outer] = (host_start as u8, art_end as u8, Proclitic::Al);
        c.npre = outer as u8 + 1;
        c.stem.0 = art_end as u8;
    } else {
        c.npre = outer as u8;
        c.stem.0 = host_start as u8;
    }
}

/// A preposition followed by nothing but a pronoun (بها، ولهم) is written as its host: the
/// preposition is the stem and the pronoun the enclitic. Same cuts, clearer parts.
fn canonical(l: &Letters, c: Candidate, restore: Restore) -> (Candidate, Restore) {
    if c.enc.is_some() || c.npre == 0 {
        return (c, restore);
    }
    let (start, _, p) = c.pre[c.npre as usize - 1];
    if !matches!(p, Proclitic::Bi | Proclitic::Li | Proclitic::Ka) {
        return (c, restore);
    }
    let stem = &l.codes()[c.stem.0 as usize..c.stem.1 as usize];
    let (encs, n) = final_enclitics(stem);
    match encs[..n].iter().find(|e| e.codes().len() == stem.len()) {
        Some(&e) => (
            Candidate {
                npre: c.npre - 1,
                stem: (start, c.stem.0),
                enc: Some(e),
                ..c
            },
            Restore::None,
        ),
        None => (c, restore),
    }
}

impl Lexicon {
    /// Stores, for every form, the segmentation chosen for it as a whole word.
    fn fill_decisions(&mut self, weights: &Weights) {
        let mut decisions = Vec::with_capacity(self.entries.len());
        for e in &self.entries {
            let codes = self.codes_of(e);
            let (Some(l), Some(i)) = (Letters::from_codes(codes), self.slot_of(codes)) else {
                continue;
            };
            if let Some((c, r)) = decide_uncached(self, weights, &l) {
                decisions.push((i, pack(&c, r)));
            }
        }
        for (i, d) in decisions {
            self.slots[i].decision = d;
        }
        // forms whose initial ال is not the article
        let mut inherent = Vec::new();
        for e in &self.entries {
            let codes = self.codes_of(e);
            if self.article_is_part_of_word(codes, e) {
                if let Some(i) = self.slot_of(codes) {
                    inherent.push(i);
                }
            }
        }
        for i in inherent {
            self.slots[i].decision |= INHERENT_AL;
        }
        // the stored decisions settle the article as `align_article` does at run time
        let mut aligned = Vec::with_capacity(self.entries.len());
        for e in &self.entries {
            let codes = self.codes_of(e);
            let (Some(l), Some(i)) = (Letters::from_codes(codes), self.slot_of(codes)) else {
                continue;
            };
            let d = self.slots[i].decision;
            if d & !INHERENT_AL == 0 {
                continue;
            }
            let (mut c, r) = unpack(d);
            align_article(self, &l, &mut c);
            aligned.push((i, pack(&c, r) | (d & INHERENT_AL)));
        }
        for (i, d) in aligned {
            self.slots[i].decision = d;
        }
    }

    /// True when the initial ال of a form belongs to the word: the form itself takes the
    /// article (الالتزام), it inflects as a verb (التقت، التقوا), or it is a function word
    /// (الذي، الله، الآن).
    fn article_is_part_of_word(&self, codes: &[u8], e: &Entry) -> bool {
        use code::*;
        if codes.len() < 3 || codes[0] != ALEF || codes[1] != LAM {
            return false;
        }
        if e.al_count > 0 || INHERENT_AL_WORDS.contains(&codes) {
            return true;
        }
        // a verb: past feminine ت or plural وا (a final ى drops before them)
        let stem = match codes.last() {
            Some(&ALEF_MAKSURA) => &codes[..codes.len() - 1],
            _ => codes,
        };
        if stem.len() + 2 > MAX_LETTERS {
            return false;
        }
        let mut buf = [0u8; MAX_LETTERS];
        buf[..stem.len()].copy_from_slice(stem);
        let mut seen = 0;
        for suffix in [&[TEH][..], &[WAW, ALEF][..]] {
            buf[stem.len()..stem.len() + suffix.len()].copy_from_slice(suffix);
            seen += self
                .find(&buf[..stem.len() + suffix.len()])
                .map_or(0, |e| e.count);
        }
        seen >= 2
    }
}

/// Flag in a slot's decision: the form's initial ال is not the article.
const INHERENT_AL: u32 = 1 << 30;

/// Function words that start with ال not being the article (letter codes).
const INHERENT_AL_WORDS: &[&[u8]] = {
    use code::*;
    &[
        &[ALEF, LAM, THAL, YEH],                 // الذي
        &[ALEF, LAM, TEH, YEH],                  // التي
        &[ALEF, LAM, THAL, YEH, NOON],           // الذين
        &[ALEF, LAM, LAM, THAL, YEH, NOON],      // اللذين
        &[ALEF, LAM, LAM, TEH, YEH, NOON],       // اللتين
        &[ALEF, LAM, LAM, THAL, ALEF, NOON],     // اللذان
        &[ALEF, LAM, LAM, TEH, ALEF, NOON],      // اللتان
        &[ALEF, LAM, LAM, ALEF, TEH, YEH],       // اللاتي
        &[ALEF, LAM, LAM, WAW, ALEF, TEH, YEH],  // اللواتي
        &[ALEF, LAM, LAM, ALEF, YEH_HAMZA, YEH], // اللائي
        &[ALEF, LAM, LAM, HEH],                  // الله
        &[ALEF, LAM, LAM, HEH, MEEM],            // اللهم
        &[ALEF, LAM, ALEF, NOON],                // الآن
    ]
};

// ---------------------------------------------------------------------------------------------
// The segmenter
// ---------------------------------------------------------------------------------------------

/// Clitic segmenter: lexicon and weights, loaded once, immutable, shared by reference.
#[derive(Clone)]
pub struct Segmenter {
    lexicon: Lexicon,
    weights: Weights,
}

impl fmt::Debug for Segmenter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Segmenter")
            .field("lexicon_entries", &self.lexicon.len())
            .finish()
    }
}

impl Default for Segmenter {
    fn default() -> Self {
        Segmenter::new()
    }
}

impl Segmenter {
    /// The segmenter with the embedded lexicon and weights, loaded once for the process and
    /// shared (immutable).
    pub fn shared() -> &'static Segmenter {
        static SHARED: std::sync::OnceLock<Segmenter> = std::sync::OnceLock::new();
        SHARED.get_or_init(Segmenter::new)
    }

    /// The segmenter with the embedded lexicon and weights.
    pub fn new() -> Segmenter {
        // The embedded files are checked by this crate's tests; failing here is a build bug.
        let mut lexicon = Lexicon::parse(EMBEDDED_LEXICON).expect("embedded lexicon parses");
        lexicon.add_counts(&Lexicon::parse(EMBEDDED_PRESS_WORDS).expect("press words parse"));
        let weights = Weights::parse(EMBEDDED_WEIGHTS).expect("embedded weights parse");
        Segmenter::from_parts(lexicon, weights)
    }

    /// A segmenter from lexicon and weights files (see `data/segment-lexicon.tsv`).
    pub fn from_data(lexicon: &str, weights: &str) -> Result<Segmenter, DataError> {
        Ok(Segmenter::from_parts(
            Lexicon::parse(lexicon)?,
            Weights::parse(weights)?,
        ))
    }

    pub(crate) fn from_parts(mut lexicon: Lexicon, weights: Weights) -> Segmenter {
        lexicon.fill_decisions(&weights);
        Segmenter { lexicon, weights }
    }

    /// The segmentation of `l`: the lexicon's stored decision for a known form, else scored.
    #[inline]
    /// The decision for a word: stored for a known form (article settled), else scored.
    pub(crate) fn decide(&self, l: &Letters) -> Option<(Candidate, Restore)> {
        if !l.ligature {
            if let Some(slot) = self.lexicon.find_slot(l.codes()) {
                if slot.decision != 0 {
                    let (c, r) = unpack(slot.decision);
                    // the stored decision was made on the folded form: an article is only
                    // valid where the alef carries no hamza
                    let valid = c
                        .proclitics()
                        .iter()
                        .all(|&(s, _, p)| p != Proclitic::Al || !l.is_hamza_alef(s as usize));
                    if valid {
                        return Some((c, r));
                    }
                }
            }
        }
        let (mut c, r) = decide_uncached(&self.lexicon, &self.weights, l)?;
        align_article(&self.lexicon, l, &mut c);
        Some((c, r))
    }

    /// Segments one word (a token as written in the text).
    pub fn segment(&self, word: &str) -> Segmentation {
        let mut l = Letters::new();
        if l.read_into(word) {
            self.segment_letters(word, &l).0
        } else {
            Segmentation::whole(word)
        }
    }

    fn segment_letters(&self, word: &str, l: &Letters) -> (Segmentation, Option<Candidate>) {
        let Some((best, restore)) = self.decide(l) else {
            return (Segmentation::whole(word), None);
        };
        (to_segmentation(word, l, &best, restore), Some(best))
    }

    /// Up to [`MAX_READINGS`] segmentations of `word` with different stems, best first: the
    /// first is [`Segmenter::segment`]'s, the others are the next-best the model scored.
    ///
    /// For dictionary matching of words the lexicon does not know (a new group's name after
    /// ل: لداعش), try the key of each reading in turn ([`Segmenter::key_of`]).
    ///
    /// ```
    /// use marsad_text::segment::Segmenter;
    /// let s = Segmenter::new();
    /// let word = "وللمسلحين";
    /// let mut keys = Vec::new();
    /// for seg in s.readings(word).as_slice() {
    ///     let mut key = String::new();
    ///     s.key_of(word, seg, &mut key);
    ///     keys.push(key);
    /// }
    /// assert_eq!(keys[0], "مسلحين");
    /// assert!(keys.len() > 1);
    /// ```
    pub fn readings(&self, word: &str) -> Readings {
        let mut out = Readings {
            items: [Segmentation::whole(word); MAX_READINGS],
            len: 1,
        };
        let mut l = Letters::new();
        if !l.read_into(word) {
            return out;
        }
        out.items[0] = self.segment_letters(word, &l).0;
        let mut cands = empty_candidates();
        enumerate(&l, &mut cands);
        let mut scored: [(f32, usize); MAX_CANDIDATES] = [(f32::MIN, 0); MAX_CANDIDATES];
        let mut infos = [StemInfo::default(); MAX_CANDIDATES];
        for (i, c) in cands.as_slice().iter().enumerate() {
            let codes = &l.codes()[c.stem.0 as usize..c.stem.1 as usize];
            infos[i] = stem_info(&self.lexicon, codes, c.enc.is_some());
            scored[i] = (score(c, infos[i], &self.weights.0), i);
        }
        let scored = &mut scored[..cands.len];
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for &(_, i) in scored.iter() {
            if out.len == MAX_READINGS {
                break;
            }
            let c = cands.items[i];
            let restore = if c.enc.is_some() {
                key_restore(&l.codes()[c.stem.0 as usize..c.stem.1 as usize], infos[i])
            } else {
                Restore::None
            };
            let (mut c, restore) = canonical(&l, c, restore);
            align_article(&self.lexicon, &l, &mut c);
            let seg = to_segmentation(word, &l, &c, restore);
            if out.items[..out.len].iter().all(|r| r.stem != seg.stem) {
                out.items[out.len] = seg;
                out.len += 1;
            }
        }
        out
    }

    /// Appends to `out` the matching key of the stem of `seg`, a segmentation of `word` (from
    /// [`Segmenter::segment`] or [`Segmenter::readings`]); see [`Segmenter::stem_key`].
    pub fn key_of(&self, word: &str, seg: &Segmentation, out: &mut String) {
        let Some(stem) = word.get(seg.stem.start()..seg.stem.end()) else {
            normalize_into(word, &NormalizeOptions::MATCHING, out);
            return;
        };
        let mut l = Letters::new();
        if l.read_into(stem) {
            push_key(l.codes(), seg.restore, out);
        } else {
            normalize_into(stem, &NormalizeOptions::MATCHING, out);
        }
    }

    /// Appends to `out` the matching key of `word`: its stem without proclitics (article
    /// included) or enclitic, [`NormalizeOptions::MATCHING`]-normalized, with the last letter
    /// a pronoun changed put back (حكومتها → حكومه, قتلوهم → قتلوا). Returns the segmentation.
    ///
    /// Dictionaries must key their entries with this same function, word by word.
    pub fn stem_key(&self, word: &str, out: &mut String) -> Segmentation {
        let mut l = Letters::new();
        if !l.read_into(word) {
            normalize_into(word, &NormalizeOptions::MATCHING, out);
            return Segmentation::whole(word);
        }
        let (seg, best) = self.segment_letters(word, &l);
        match best {
            Some(c) => {
                let codes = &l.codes()[c.stem.0 as usize..c.stem.1 as usize];
                push_key(codes, seg.restore, out);
            }
            None => normalize_into(word, &NormalizeOptions::MATCHING, out),
        }
        seg
    }

    /// The number of forms in the lexicon.
    pub fn lexicon_len(&self) -> usize {
        self.lexicon.len()
    }

    /// How often the lexicon's corpora saw `word` as a whole form, alone or after ال (0 for a
    /// word it never saw): a frequent word is a common word, a rare or unseen one may be a
    /// name.
    pub fn form_count(&self, word: &str) -> u32 {
        let Some(letters) = Letters::read(word) else {
            return 0;
        };
        self.lexicon.slot_of(letters.codes()).map_or(0, |i| {
            let e = &self.lexicon.entries[self.lexicon.slots[i].entry as usize];
            e.count.saturating_add(e.al_count)
        })
    }
}

/// Spans of a decided candidate.
fn to_segmentation(word: &str, l: &Letters, c: &Candidate, restore: Restore) -> Segmentation {
    let mut seg = Segmentation::whole(word);
    for (k, &(s, e, p)) in c.proclitics().iter().enumerate() {
        seg.proclitics[k] = (l.span(s as usize, e as usize), p);
    }
    seg.n_proclitics = c.npre;
    seg.stem = l.span(c.stem.0 as usize, c.stem.1 as usize);
    if let Some(e) = c.enc {
        seg.enclitic = Some((l.span(c.stem.1 as usize, l.len), e));
        seg.restore = restore;
    }
    seg
}

/// Most segmentations [`Segmenter::readings`] returns.
pub const MAX_READINGS: usize = 4;

/// Alternative segmentations of one word, best first (no allocation).
#[derive(Clone, Copy, Debug)]
pub struct Readings {
    items: [Segmentation; MAX_READINGS],
    len: usize,
}

impl Readings {
    /// The readings, best first (at least one).
    pub fn as_slice(&self) -> &[Segmentation] {
        &self.items[..self.len]
    }
}

fn push_key(codes: &[u8], restore: Restore, out: &mut String) {
    match codes.split_last() {
        Some((&last, head)) if restore != Restore::None => {
            push_matching_chars(head, out);
            let (rep, k) = restore.apply(last);
            push_matching_chars(&rep[..k], out);
        }
        _ => push_matching_chars(codes, out),
    }
}

// ---------------------------------------------------------------------------------------------
// Building the data
// ---------------------------------------------------------------------------------------------

/// Building the lexicon and training the weights (used by the `build_segment_data` example).
///
/// The lexicon counts word forms of an unannotated corpus; the weights are trained with an
/// averaged structured perceptron on words with gold cut positions.
pub mod build {
    use std::collections::HashMap;

    use super::*;

    /// Counts word forms.
    #[derive(Default)]
    pub struct LexiconBuilder {
        counts: HashMap<Vec<u8>, u64>,
    }

    impl LexiconBuilder {
        /// Counts one token (ignored unless made of Arabic letters).
        pub fn add(&mut self, token: &str) {
            if let Some(l) = Letters::read(token) {
                *self.counts.entry(l.codes().to_vec()).or_default() += 1;
            }
        }

        /// Moves the count of every form that `segmenter` reads with a preposition (ب، ك، ل,
        /// also لل = ل + ال) to the form without it: a corpus that leaves these prepositions
        /// attached (as FANE does) would otherwise count للرد as a word of its own. Returns the
        /// number of forms moved.
        pub fn detach_prepositions(&mut self, segmenter: &Segmenter) -> usize {
            use code::*;
            let mut moved: Vec<(Vec<u8>, Vec<u8>, u64)> = Vec::new();
            for (form, &n) in &self.counts {
                let Some(l) = Letters::from_codes(form) else {
                    continue;
                };
                if form.len() >= 4 && form[0] == LAM && form[1] == LAM {
                    // a word starting with لل is ل + ال: no Arabic stem starts with two lams
                    let mut rest = vec![ALEF];
                    rest.extend_from_slice(&form[1..]);
                    moved.push((form.clone(), rest, n));
                    continue;
                }
                let Some((c, _)) = segmenter.decide(&l) else {
                    continue;
                };
                let pre = c.proclitics();
                let Some(k) = pre.iter().position(|&(_, _, p)| {
                    matches!(p, Proclitic::Bi | Proclitic::Ka | Proclitic::Li)
                }) else {
                    continue;
                };
                let (_, end, p) = pre[k];
                let mut rest: Vec<u8> = form[..pre[k].0 as usize].to_vec();
                let after = &form[end as usize..];
                if p == Proclitic::Li && pre.get(k + 1).is_some_and(|x| x.2 == Proclitic::Al) {
                    // لل: the article's alef comes back
                    rest.push(ALEF);
                }
                rest.extend_from_slice(after);
                if rest.len() >= 2 {
                    moved.push((form.clone(), rest, n));
                }
            }
            for (from, to, n) in &moved {
                self.counts.remove(from);
                *self.counts.entry(to.clone()).or_default() += n;
            }
            moved.len()
        }

        /// The entries `(form, count, count after ال)` kept: forms seen at least `min_count`
        /// times alone or after the article. A form ending in ي loses a quarter of the count of
        /// its ى spelling (texts that write إلى as الي must not make الي a frequent word).
        pub fn entries(&self, min_count: u64) -> Vec<(Vec<u8>, u32, u32)> {
            use code::*;
            let mut counts: HashMap<Vec<u8>, u64> = self.counts.clone();
            for (form, &n) in &self.counts {
                if form.last() == Some(&ALEF_MAKSURA) {
                    let mut y = form.clone();
                    *y.last_mut().expect("non-empty") = YEH;
                    if let Some(c) = counts.get_mut(&y) {
                        *c = c.saturating_sub(n / 4);
                    }
                }
            }
            let mut out: Vec<(Vec<u8>, u32, u32)> = Vec::new();
            let mut keys: Vec<&Vec<u8>> = counts.keys().collect();
            // forms seen only after the article
            let mut extra: Vec<Vec<u8>> = Vec::new();
            for form in counts.keys() {
                if form.len() > 2 && form[0] == ALEF && form[1] == LAM {
                    let rest = form[2..].to_vec();
                    if !counts.contains_key(&rest) {
                        extra.push(rest);
                    }
                }
            }
            extra.sort();
            extra.dedup();
            keys.extend(extra.iter());
            for form in keys {
                let n = counts.get(form).copied().unwrap_or(0);
                let mut al = vec![ALEF, LAM];
                al.extend_from_slice(form);
                let a = counts.get(&al).copied().unwrap_or(0);
                if n.max(a) >= min_count {
                    out.push((
                        form.clone(),
                        n.min(u32::MAX as u64) as u32,
                        a.min(u32::MAX as u64) as u32,
                    ));
                }
            }
            out.sort();
            out
        }

        /// The lexicon file text.
        pub fn to_tsv(entries: &[(Vec<u8>, u32, u32)], comment: &str) -> String {
            let mut out = String::from(LEXICON_MAGIC);
            out.push('\n');
            for line in comment.lines() {
                out.push_str("# ");
                out.push_str(line);
                out.push('\n');
            }
            let mut form = String::new();
            for (codes, n, a) in entries {
                form.clear();
                push_code_chars(codes, &mut form);
                out.push_str(&format!("{form}\t{n}\t{a}\n"));
            }
            out
        }
    }

    /// A training word: its surface and the gold cut positions (in letters) between its
    /// syntactic words, the article not counted as one.
    #[derive(Clone, Debug)]
    pub struct Example {
        pub word: String,
        pub cuts: Vec<u8>,
    }

    /// Trains weights with an averaged structured perceptron; returns the weights file text.
    pub fn train(
        lexicon_tsv: &str,
        examples: &[Example],
        epochs: usize,
    ) -> Result<String, DataError> {
        let lex = Lexicon::parse(lexicon_tsv)?;
        let mut w = vec![0f64; feat::COUNT];
        let mut total = vec![0f64; feat::COUNT];
        let mut t = 1f64;
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut cands = empty_candidates();
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..epochs {
            // a fixed-seed shuffle, for reproducible weights
            for i in (1..order.len()).rev() {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                order.swap(i, (rng % (i as u64 + 1)) as usize);
            }
            for &k in &order {
                let ex = &examples[k];
                let Some(l) = Letters::read(&ex.word) else {
                    continue;
                };
                enumerate(&l, &mut cands);
                let mut scored: Vec<(f64, bool, FeatureVec)> = Vec::with_capacity(cands.len);
                for c in cands.as_slice() {
                    let codes = &l.codes()[c.stem.0 as usize..c.stem.1 as usize];
                    let info = stem_info(&lex, codes, c.enc.is_some());
                    let f = features(c, info);
                    let s: f64 = f.iter().map(|(i, v)| w[i] * v as f64).sum();
                    let mut cuts = [0u8; 4];
                    let n = c.cuts(&mut cuts);
                    let gold = cuts[..n] == ex.cuts[..];
                    scored.push((s, gold, f));
                }
                if !scored.iter().any(|s| s.1) {
                    continue;
                }
                let pred = argmax(&scored, |_| true);
                if !scored[pred].1 {
                    let g = argmax(&scored, |s| s.1);
                    for (i, v) in scored[g].2.iter() {
                        w[i] += v as f64;
                        total[i] += t * v as f64;
                    }
                    for (i, v) in scored[pred].2.iter() {
                        w[i] -= v as f64;
                        total[i] -= t * v as f64;
                    }
                }
                t += 1.0;
            }
        }
        let mut avg = [0f32; feat::COUNT];
        for i in 0..feat::COUNT {
            avg[i] = ((w[i] - total[i] / t) * 1000.0).round() as f32 / 1000.0;
        }
        Ok(Weights(avg).to_tsv())
    }

    fn argmax(
        scored: &[(f64, bool, FeatureVec)],
        keep: impl Fn(&(f64, bool, FeatureVec)) -> bool,
    ) -> usize {
        let mut best = usize::MAX;
        for (i, s) in scored.iter().enumerate() {
            if keep(s) && (best == usize::MAX || s.0 > scored[best].0) {
                best = i;
            }
        }
        best
    }

    /// The lexicon form of a word (letters folded as the lexicon keys them).
    pub fn lexicon_form(word: &str) -> Option<String> {
        let l = Letters::read(word)?;
        let mut s = String::new();
        push_code_chars(l.codes(), &mut s);
        Some(s)
    }

    /// Cut positions (in letters) of the segmentation chosen for `word`, the article not
    /// counted: what evaluations compare with gold.
    pub fn cuts(segmenter: &Segmenter, word: &str) -> Vec<u8> {
        let Some(l) = Letters::read(word) else {
            return Vec::new();
        };
        let (_, best) = segmenter.segment_letters(word, &l);
        let Some(c) = best else { return Vec::new() };
        let mut cuts = [0u8; 4];
        let n = c.cuts(&mut cuts);
        cuts[..n].to_vec()
    }

    /// A segmenter from in-memory data (for evaluating freshly trained weights).
    pub fn segmenter(lexicon_tsv: &str, weights_tsv: &str) -> Result<Segmenter, DataError> {
        Ok(Segmenter::from_parts(
            Lexicon::parse(lexicon_tsv)?,
            Weights::parse(weights_tsv)?,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize_str;
    use proptest::prelude::*;

    fn segmenter() -> &'static Segmenter {
        Segmenter::shared()
    }

    #[test]
    fn form_counts_tell_common_words_from_unseen_names() {
        let s = segmenter();
        assert!(s.form_count("صغيرة") > 100);
        assert!(s.form_count("قرية") > 100);
        assert_eq!(s.form_count("كوندوغا"), 0);
        assert_eq!(s.form_count("not arabic"), 0);
    }

    /// `(proclitics, stem, enclitic)` as text.
    fn parts(word: &str) -> (Vec<&str>, &str, Option<&str>) {
        let seg = segmenter().segment(word);
        (
            seg.proclitics()
                .iter()
                .map(|&(s, _)| s.slice(word))
                .collect(),
            seg.stem().slice(word),
            seg.enclitic().map(|(s, _)| s.slice(word)),
        )
    }

    fn key(word: &str) -> String {
        let mut out = String::new();
        segmenter().stem_key(word, &mut out);
        out
    }

    #[test]
    fn press_words_keep_their_first_letter() {
        // rare in the NER corpora, so once cut as a proclitic and a stem (كمينا as ك + ميناء
        // "like a port", فجرت as ف + جرت "took place"): data/segment-press.tsv counts them
        for (word, stem) in [
            ("كمينا", "كمينا"),
            ("وكمينا", "كمينا"),
            ("فجرت", "فجرت"),
            ("وفجرت", "فجرت"),
            ("واصلت", "واصلت"),
            ("وقفة", "وقفه"),
            ("لافتات", "لافتات"),
            ("سامة", "سامه"),
        ] {
            assert_eq!(key(word), stem, "{word} split as {:?}", parts(word));
        }
        // the words they were confused with keep their own keys
        assert_eq!(key("ميناء"), "مينا");
        assert_eq!(key("جرت"), "جرت");
    }

    #[test]
    fn real_stems_are_not_stripped() {
        for word in [
            "بغداد",
            "فلسطين",
            "بيروت",
            "والي",
            "وزير",
            "كتاب",
            "لبنان",
            "فرنسا",
            "بلد",
            "كلية",
            "وزارة",
            "وكالة",
            "ولاية",
            "بيان",
            "لجنة",
            "كبير",
            "فريق",
            "وجه",
            "اتجاه",
            "مياه",
            "سلاح",
            "سكان",
        ] {
            let seg = segmenter().segment(word);
            assert!(!seg.is_split(), "{word} split as {:?}", parts(word));
            assert_eq!(key(word), normalize_str(word, &NormalizeOptions::MATCHING));
        }
    }

    #[test]
    fn proclitics_are_split_and_typed() {
        let seg = segmenter().segment("وبالحسكة");
        let kinds: Vec<Proclitic> = seg.proclitics().iter().map(|&(_, p)| p).collect();
        assert_eq!(kinds, [Proclitic::Wa, Proclitic::Bi, Proclitic::Al]);
        assert_eq!(parts("وبالحسكة"), (vec!["و", "ب", "ال"], "حسكة", None));
        // ل + ال is written لل: the article is the second ل
        assert_eq!(parts("للحكومة"), (vec!["ل", "ل"], "حكومة", None));
        assert_eq!(
            segmenter().segment("للحكومة").proclitics()[1].1,
            Proclitic::Al
        );
        assert_eq!(parts("وللجيش"), (vec!["و", "ل", "ل"], "جيش", None));
        assert_eq!(parts("كالعادة"), (vec!["ك", "ال"], "عادة", None));
        assert_eq!(parts("فقال"), (vec!["ف"], "قال", None));
        assert_eq!(parts("واشتباكات"), (vec!["و"], "اشتباكات", None));
    }

    #[test]
    fn enclitics_are_split_and_keys_restore_the_stem() {
        assert_eq!(parts("قواتها"), (vec![], "قوات", Some("ها")));
        assert_eq!(key("قواتها"), "قوات");
        assert_eq!(parts("سيارته"), (vec![], "سيارت", Some("ه")));
        assert_eq!(key("سيارته"), "سياره");
        assert_eq!(key("بحكومتهم"), "حكومه");
        // the verb's plural alef comes back before an object pronoun
        assert_eq!(parts("فقتلوهم"), (vec!["ف"], "قتلو", Some("هم")));
        assert_eq!(key("فقتلوهم"), "قتلوا");
        assert_eq!(
            segmenter().segment("فقتلوهم").enclitic().map(|e| e.1),
            Some(Enclitic::Hum)
        );
        // a hamza seat before the pronoun reads as ء in the key (ء is dropped by MATCHING)
        assert_eq!(key("لقائه"), key("لقاء"));
        // stems the lexicon never saw follow the usual spelling rule
        assert_eq!(key("استهدفوها"), "استهدفوا");
        assert_eq!(key("قواتها"), "قوات");
    }

    #[test]
    fn a_preposition_with_a_pronoun_is_its_host() {
        assert_eq!(parts("بها"), (vec![], "ب", Some("ها")));
        assert_eq!(parts("ولهم"), (vec!["و"], "ل", Some("هم")));
        assert_eq!(parts("عليهم"), (vec![], "علي", Some("هم")));
    }

    #[test]
    fn the_article_keys_the_same_in_every_context() {
        for group in [
            &[
                "الحكومة",
                "والحكومة",
                "بالحكومة",
                "للحكومة",
                "فالحكومة",
                "حكومتها",
            ][..],
            &["الرد", "والرد", "للرد", "بالرد"][..],
            // ال that belongs to the word: التزام takes the article itself (الالتزام)
            &["التزام", "بالتزام", "لالتزام", "التزامها", "والتزام"][..],
            &["ليبيا", "لليبيا", "بليبيا", "وليبيا"][..],
        ] {
            let keys: Vec<String> = group.iter().map(|w| key(w)).collect();
            assert!(keys.iter().all(|k| *k == keys[0]), "{group:?} -> {keys:?}");
        }
        assert_eq!(key("الذي"), "الذي");
        assert_eq!(key("والتقى"), key("التقى"));
    }

    #[test]
    fn readings_offer_the_next_best_stems() {
        let s = segmenter();
        for word in ["لداعش", "وبالحسكة", "قواتها", "بغداد", "ISIS"] {
            let r = s.readings(word);
            assert_eq!(r.as_slice()[0], s.segment(word), "{word}");
            let stems: Vec<Span> = r.as_slice().iter().map(|x| x.stem()).collect();
            let mut dedup = stems.clone();
            dedup.dedup();
            assert_eq!(stems.len(), dedup.len());
        }
        // whatever the first choice, an unknown name after ل has the bare name among its keys
        let word = "لداعش";
        let keys: Vec<String> = s
            .readings(word)
            .as_slice()
            .iter()
            .map(|seg| {
                let mut k = String::new();
                s.key_of(word, seg, &mut k);
                k
            })
            .collect();
        assert!(keys.contains(&"داعش".to_string()), "{keys:?}");
    }

    #[test]
    fn an_alef_with_hamza_is_no_article() {
        // آلية "mechanism", إلغاء "cancellation": not ال + ية، ال + غاء
        assert_eq!(parts("آلية"), (vec![], "آلية", None));
        assert_eq!(parts("وآلية").2, None);
        assert!(!segmenter().segment("وإلغاء").has_article());
        assert!(segmenter().segment("والغارات").has_article());
    }

    #[test]
    fn alef_maksura_tells_to_from_governor() {
        // والى / وإلى: "and to"; والي: "governor"
        assert_eq!(parts("وإلى"), (vec!["و"], "إلى", None));
        assert_eq!(parts("والى"), (vec!["و"], "الى", None));
        assert_eq!(parts("والي"), (vec![], "والي", None));
    }

    #[test]
    fn spans_slice_the_original_with_marks_and_tatweel() {
        let word = "وَبِالْحَسَكَةِ";
        assert_eq!(parts(word), (vec!["وَ", "بِ", "الْ"], "حَسَكَةِ", None));
        assert_eq!(key(word), "حسكه");
        let word = "والـمسلحين";
        assert_eq!(parts(word), (vec!["و", "الـ"], "مسلحين", None));
        assert_eq!(key("والمسلحين"), "مسلحين");
        // presentation forms are read through their decomposition
        let word = "ﻭﺍﻟﺤﻜﻮﻣﺔ";
        assert_eq!(parts(word), (vec!["ﻭ", "ﺍﻟ"], "ﺤﻜﻮﻣﺔ", None));
        assert_eq!(key(word), "حكومه");
    }

    #[test]
    fn non_arabic_words_are_one_stem_with_a_normalized_key() {
        for word in ["ISIS", "2019", "F16", "و2019", "", "-"] {
            let seg = segmenter().segment(word);
            assert!(!seg.is_split());
            assert_eq!(seg.stem(), Span::new(0, word.len()));
            assert_eq!(key(word), normalize_str(word, &NormalizeOptions::MATCHING));
        }
    }

    #[test]
    fn stored_decisions_match_scoring_for_every_lexicon_form() {
        let s = segmenter();
        let mut checked = 0;
        for e in &s.lexicon.entries {
            let codes = s.lexicon.codes_of(e);
            let slot = s.lexicon.find_slot(codes).expect("indexed");
            let l = Letters::from_codes(codes).expect("lexicon form");
            let fresh = decide_uncached(&s.lexicon, &s.weights, &l).map(|(mut c, r)| {
                align_article(&s.lexicon, &l, &mut c);
                (c, r)
            });
            assert_eq!(
                fresh.map(|(c, r)| pack(&c, r)),
                Some(slot.decision & !INHERENT_AL)
            );
            let (c, r) = unpack(slot.decision);
            assert_eq!(Some((c, r)), fresh);
            checked += 1;
        }
        assert!(checked > 10_000, "{checked} forms");
    }

    #[test]
    fn embedded_data_parses_and_bad_data_is_refused() {
        assert!(segmenter().lexicon_len() > 10_000);
        let err = Segmenter::from_data("form\t1\t0\n", EMBEDDED_WEIGHTS).unwrap_err();
        assert!(matches!(err, DataError::Header { .. }), "{err}");
        let bad = format!("{LEXICON_MAGIC}\nكتاب\tx\t0\n");
        let err = Segmenter::from_data(&bad, EMBEDDED_WEIGHTS).unwrap_err();
        assert!(matches!(err, DataError::Line { line: 2, .. }), "{err}");
        let bad = format!("{WEIGHTS_MAGIC}\nno-such-feature\t1\n");
        let err = Segmenter::from_data(EMBEDDED_LEXICON, &bad).unwrap_err();
        assert!(err.to_string().contains("no-such-feature"), "{err}");
    }

    #[test]
    fn matching_strings_are_the_matching_chars() {
        for (i, &c) in MATCHING_CHAR.iter().enumerate() {
            let want = if c == '\0' {
                String::new()
            } else {
                c.to_string()
            };
            assert_eq!(MATCHING_STR[i], want, "code {i}");
            // and the MATCHING normalization of the lexicon letter
            let letter = CODE_CHAR[i];
            if letter != '\0' {
                assert_eq!(
                    normalize_str(&letter.to_string(), &NormalizeOptions::MATCHING),
                    want
                );
            }
        }
    }

    #[test]
    fn segmenter_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Segmenter>();
    }

    /// Words made of Arabic letters, clitic letters, marks and tatweel (plus the odd other char).
    fn arabic_like() -> impl Strategy<Value = String> {
        let chars = prop::sample::select(vec![
            'و', 'ف', 'ب', 'ك', 'ل', 'س', 'ا', 'أ', 'إ', 'آ', 'ه', 'ة', 'ي', 'ى', 'ن', 'م', 'ت',
            'ء', 'ؤ', 'ئ', 'ح', 'ع', 'ر', 'د', 'ق', '\u{064E}', '\u{0651}', '\u{0640}', '\u{200C}',
            'ﻻ', 'ﻭ', '\u{FE76}', 'ﷲ', 'x', '1',
        ]);
        prop::collection::vec(chars, 0..14).prop_map(|v| v.into_iter().collect())
    }

    fn check_tiling(word: &str, seg: &Segmentation) -> Result<(), TestCaseError> {
        let mut pos = 0;
        let mut pieces: Vec<Span> = seg.proclitics().iter().map(|&(s, _)| s).collect();
        pieces.push(seg.stem());
        if let Some((s, _)) = seg.enclitic() {
            pieces.push(s);
        }
        for s in pieces {
            prop_assert_eq!(s.start(), pos, "pieces of {:?} do not tile", word);
            prop_assert!(word.is_char_boundary(s.start()) && word.is_char_boundary(s.end()));
            prop_assert!(!s.is_empty() || word.is_empty());
            pos = s.end();
        }
        prop_assert_eq!(pos, word.len());
        Ok(())
    }

    proptest! {
        #[test]
        fn any_string_segments_without_panic(word in "\\PC{0,12}") {
            let seg = segmenter().segment(&word);
            check_tiling(&word, &seg)?;
            let mut k = String::new();
            segmenter().stem_key(&word, &mut k);
        }

        #[test]
        fn arabic_like_words_tile_and_key_their_stem(word in arabic_like()) {
            let seg = segmenter().segment(&word);
            check_tiling(&word, &seg)?;
            let mut k = String::new();
            let seg2 = segmenter().stem_key(&word, &mut k);
            prop_assert_eq!(seg, seg2);
            for reading in segmenter().readings(&word).as_slice() {
                check_tiling(&word, reading)?;
                let mut k = String::new();
                segmenter().key_of(&word, reading, &mut k);
            }
            if seg.enclitic().is_none() {
                // without a pronoun the key is the MATCHING form of the stem as written
                prop_assert_eq!(k, normalize_str(seg.stem().slice(&word), &NormalizeOptions::MATCHING));
            }
        }
    }
}
