//! Configurable Arabic normalization that never loses the way back to the original text.
//!
//! [`normalize`] returns a [`Normalized`] string that records, for every byte it holds, the
//! byte offset in the original text of the character that produced it; deletions (diacritics,
//! tatweel, control characters) are recorded by that table, never guessed. [`normalize_into`]
//! is the same transform without the table, for dictionary keys on hot paths.
//!
//! Two presets cover marsad's needs: [`NormalizeOptions::DISPLAY`] keeps the letters a reader
//! expects (ة، ى، ؤ، ئ) and [`NormalizeOptions::MATCHING`] folds everything that spelling varies
//! on, producing the keys that dictionaries and the gazetteer are indexed with.
//!
//! ```
//! use marsad_text::normalize::{normalize, NormalizeOptions};
//! let n = normalize("قُتِلَ ١١ جنديًا في ديالى", &NormalizeOptions::MATCHING);
//! assert_eq!(n.as_str(), "قتل 11 جنديا في ديالي");
//! // "ديالي" in the normalized text maps back to "ديالى" in the original.
//! let text = "قُتِلَ ١١ جنديًا في ديالى";
//! let start = n.as_str().find("ديالي").unwrap();
//! let original = n.to_original(marsad_text::Span::new(start, n.as_str().len()), text);
//! assert_eq!(original.slice(text), "ديالى");
//! ```

use crate::span::Span;

/// Which foldings to apply. Every field is independent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NormalizeOptions {
    /// Arabic presentation forms (U+FB50–FDFF, U+FE70–FEFF) to base letters (ﻻ → لا).
    pub presentation_forms: bool,
    /// Remove harakat and tanween (U+064B–065F), dagger alef (U+0670), Quranic marks
    /// (U+0610–061A, U+06D6–06ED).
    pub strip_diacritics: bool,
    /// Remove tatweel (U+0640).
    pub strip_tatweel: bool,
    /// أ إ آ ٱ (and wavy-hamza alefs) to ا.
    pub fold_alef: bool,
    /// ى to ي (also Farsi yeh ی).
    pub fold_alef_maksura: bool,
    /// ة to ه (also ۀ).
    pub fold_teh_marbuta: bool,
    /// ؤ to و, ئ to ي, lone ء dropped: the gazetteer's key normalization.
    pub fold_hamza_carriers: bool,
    /// Persian/Urdu letter shapes to their Arabic counterparts (ک → ك, ی → ي, ہ → ه).
    pub fold_persian_letters: bool,
    /// Eastern Arabic (U+0660–0669) and Persian (U+06F0–06F9) digits to ASCII.
    pub ascii_digits: bool,
    /// ، ؛ ؟ ٪ ٫ ٬ ۔ to , ; ? % . , .
    pub ascii_punctuation: bool,
    /// Drop zero-width and bidi controls (U+200B–200F, U+202A–202E, U+2066–2069, U+FEFF, U+061C).
    pub drop_format_controls: bool,
    /// Typographic quotes to `"` and `'`.
    pub unify_quotes: bool,
    /// ASCII uppercase to lowercase (Latin names in keys: ISIS = isis).
    pub lowercase_latin: bool,
}

impl NormalizeOptions {
    /// For showing text: invisible noise removed, spelling kept.
    pub const DISPLAY: NormalizeOptions = NormalizeOptions {
        presentation_forms: true,
        strip_diacritics: true,
        strip_tatweel: true,
        fold_alef: false,
        fold_alef_maksura: false,
        fold_teh_marbuta: false,
        fold_hamza_carriers: false,
        fold_persian_letters: false,
        ascii_digits: true,
        ascii_punctuation: false,
        drop_format_controls: true,
        unify_quotes: true,
        lowercase_latin: false,
    };

    /// For matching keys (dictionaries, gazetteer): every variant spelling folded.
    pub const MATCHING: NormalizeOptions = NormalizeOptions {
        presentation_forms: true,
        strip_diacritics: true,
        strip_tatweel: true,
        fold_alef: true,
        fold_alef_maksura: true,
        fold_teh_marbuta: true,
        fold_hamza_carriers: true,
        fold_persian_letters: true,
        ascii_digits: true,
        ascii_punctuation: true,
        drop_format_controls: true,
        unify_quotes: true,
        lowercase_latin: true,
    };
}

impl Default for NormalizeOptions {
    fn default() -> Self {
        NormalizeOptions::MATCHING
    }
}

/// A normalized text with its alignment to the original.
#[derive(Clone, Debug, Default)]
pub struct Normalized {
    text: String,
    /// `origin[i]`: byte offset in the original of the char that produced normalized byte `i`;
    /// `origin[text.len()]` is the original's length.
    origin: Vec<u32>,
    original_len: usize,
}

impl Normalized {
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The original byte offset that normalized byte offset `i` comes from.
    pub fn origin_of(&self, i: usize) -> usize {
        self.origin[i] as usize
    }

    /// Maps a span of the normalized text to the span of the original that produced it.
    /// Characters deleted inside or right after the span (diacritics, tatweel) belong to it;
    /// deleted format controls at its end do not.
    pub fn to_original(&self, span: Span, original: &str) -> Span {
        let start = self.origin[span.start()] as usize;
        let mut end = self.origin[span.end()] as usize;
        if span.is_empty() {
            return Span::new(start, start);
        }
        while end > start {
            let c = original[..end].chars().next_back().expect("non-empty");
            if is_format_control(c) || c.is_whitespace() {
                end -= c.len_utf8();
            } else {
                break;
            }
        }
        Span::new(start, end)
    }

    /// Clears the buffers for reuse, keeping their capacity.
    pub fn clear(&mut self) {
        self.text.clear();
        self.origin.clear();
        self.original_len = 0;
    }
}

/// Normalizes `text`, keeping the alignment table.
pub fn normalize(text: &str, options: &NormalizeOptions) -> Normalized {
    let mut out = Normalized::default();
    normalize_aligned_into(text, options, &mut out);
    out
}

/// Normalizes `text` into a reusable [`Normalized`] buffer.
pub fn normalize_aligned_into(text: &str, options: &NormalizeOptions, out: &mut Normalized) {
    out.clear();
    out.text.reserve(text.len());
    out.origin.reserve(text.len() + 1);
    out.original_len = text.len();
    transform(text, options, |piece, origin, copied| {
        out.text.push_str(piece);
        if copied {
            // a verbatim run: each byte maps to the start of its own character
            for (k, c) in piece.char_indices() {
                out.origin
                    .extend(std::iter::repeat_n((origin + k) as u32, c.len_utf8()));
            }
        } else {
            out.origin
                .extend(std::iter::repeat_n(origin as u32, piece.len()));
        }
    });
    out.origin.push(text.len() as u32);
}

/// Normalizes `text`, appending to `out` (no alignment): the fast path for keys.
pub fn normalize_into(text: &str, options: &NormalizeOptions, out: &mut String) {
    out.reserve(text.len());
    transform(text, options, |piece, _, _| out.push_str(piece));
}

/// Normalizes `text` into a new string (no alignment).
pub fn normalize_str(text: &str, options: &NormalizeOptions) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, options, &mut out);
    out
}

/// What one input character becomes.
enum Mapped {
    Keep,
    Drop,
    Char(char),
    /// A presentation form expanded by its compatibility decomposition.
    Decompose,
}

/// The one transform primitive: calls `emit(piece, original_offset, copied)` for every output
/// piece. A `copied` piece is the verbatim input `text[original_offset..][..piece.len()]` (runs
/// of characters normalization keeps are passed on whole); any other piece replaces the one
/// input character at `original_offset`.
#[inline]
fn transform(text: &str, options: &NormalizeOptions, mut emit: impl FnMut(&str, usize, bool)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut run = 0;
    let mut buf = [0u8; 4];
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if options.lowercase_latin && b.is_ascii_uppercase() {
                if i > run {
                    emit(&text[run..i], run, true);
                }
                let c = [b.to_ascii_lowercase()];
                emit(ascii_str(&c), i, false);
                run = i + 1;
            }
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().expect("char boundary");
        let len = c.len_utf8();
        let mapped = map_char(c, options);
        if matches!(mapped, Mapped::Keep) {
            i += len;
            continue;
        }
        if i > run {
            emit(&text[run..i], run, true);
        }
        match mapped {
            Mapped::Keep | Mapped::Drop => {}
            Mapped::Char(m) => emit(m.encode_utf8(&mut buf), i, false),
            Mapped::Decompose => {
                unicode_normalization::char::decompose_compatible(c, |d| {
                    let mut inner = [0u8; 4];
                    match map_char(d, options) {
                        Mapped::Keep | Mapped::Decompose => {
                            emit(d.encode_utf8(&mut inner), i, false)
                        }
                        Mapped::Drop => {}
                        Mapped::Char(m) => emit(m.encode_utf8(&mut inner), i, false),
                    }
                });
            }
        }
        i += len;
        run = i;
    }
    if bytes.len() > run {
        emit(&text[run..], run, true);
    }
}

#[inline]
fn ascii_str(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).expect("ASCII")
}

/// True for zero-width and bidi control characters.
#[inline]
pub fn is_format_control(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}')
}

/// True for Arabic diacritics: harakat, tanween, shadda, sukun, dagger alef, Quranic marks.
#[inline]
pub fn is_diacritic(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0610}'..='\u{061A}' | '\u{06D6}'..='\u{06ED}')
}

#[inline]
fn map_char(c: char, o: &NormalizeOptions) -> Mapped {
    use Mapped::*;
    match c {
        _ if is_diacritic(c) => {
            if o.strip_diacritics {
                Drop
            } else {
                Keep
            }
        }
        '\u{0640}' if o.strip_tatweel => Drop,
        '\u{0623}' | '\u{0625}' | '\u{0622}' | '\u{0671}' | '\u{0672}' | '\u{0673}'
            if o.fold_alef =>
        {
            Char('\u{0627}')
        }
        '\u{0649}' if o.fold_alef_maksura => Char('\u{064A}'),
        '\u{06CC}' | '\u{06D0}' if o.fold_alef_maksura || o.fold_persian_letters => {
            Char('\u{064A}')
        }
        '\u{0629}' if o.fold_teh_marbuta => Char('\u{0647}'),
        '\u{06C0}' if o.fold_teh_marbuta => Char('\u{0647}'),
        '\u{0624}' if o.fold_hamza_carriers => Char('\u{0648}'),
        '\u{0626}' if o.fold_hamza_carriers => Char('\u{064A}'),
        '\u{0621}' if o.fold_hamza_carriers => Drop,
        '\u{06A9}' if o.fold_persian_letters => Char('\u{0643}'),
        '\u{06C1}' | '\u{06BE}' if o.fold_persian_letters => Char('\u{0647}'),
        '\u{0660}'..='\u{0669}' if o.ascii_digits => {
            Char((b'0' + (c as u32 - 0x0660) as u8) as char)
        }
        '\u{06F0}'..='\u{06F9}' if o.ascii_digits => {
            Char((b'0' + (c as u32 - 0x06F0) as u8) as char)
        }
        '\u{060C}' | '\u{066C}' if o.ascii_punctuation => Char(','),
        '\u{061B}' if o.ascii_punctuation => Char(';'),
        '\u{061F}' if o.ascii_punctuation => Char('?'),
        '\u{066A}' if o.ascii_punctuation => Char('%'),
        '\u{066B}' | '\u{06D4}' if o.ascii_punctuation => Char('.'),
        _ if is_format_control(c) => {
            if o.drop_format_controls {
                Drop
            } else {
                Keep
            }
        }
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}'
        | '\u{2033}'
            if o.unify_quotes =>
        {
            Char('"')
        }
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' if o.unify_quotes => {
            Char('\'')
        }
        // Isolated/medial forms of harakat decompose to space + mark: treat them as marks.
        '\u{FE70}'..='\u{FE7F}' if o.presentation_forms && o.strip_diacritics => {
            if c == '\u{FE71}'
                || c == '\u{FE77}'
                || c == '\u{FE79}'
                || c == '\u{FE7B}'
                || c == '\u{FE7D}'
                || c == '\u{FE7F}'
            {
                // medial forms with tatweel: the tatweel is dropped too
                if o.strip_tatweel {
                    Drop
                } else {
                    Char('\u{0640}')
                }
            } else {
                Drop
            }
        }
        '\u{FB50}'..='\u{FDFF}' | '\u{FE80}'..='\u{FEFC}' if o.presentation_forms => Decompose,
        _ => Keep,
    }
}

/// The matching key of every token of a text, in one buffer (no allocation per token).
///
/// ```
/// use marsad_text::{normalize::TokenKeys, tokenize::tokenize};
/// let text = "أعلنت قوّات الأمن";
/// let keys = TokenKeys::build(text, &tokenize(text));
/// assert_eq!(keys.get(1), "قوات");
/// assert_eq!(keys.iter().collect::<Vec<_>>(), ["اعلنت", "قوات", "الامن"]);
/// ```
#[derive(Clone, Debug, Default)]
pub struct TokenKeys {
    buf: String,
    ends: Vec<u32>,
}

impl TokenKeys {
    /// Keys of `tokens` (spans into `text`) under [`NormalizeOptions::MATCHING`].
    pub fn build(text: &str, tokens: &[crate::tokenize::Token]) -> TokenKeys {
        let mut keys = TokenKeys::default();
        keys.rebuild(text, tokens);
        keys
    }

    /// Rebuilds in place, reusing the buffers.
    pub fn rebuild(&mut self, text: &str, tokens: &[crate::tokenize::Token]) {
        self.buf.clear();
        self.ends.clear();
        self.buf.reserve(text.len());
        self.ends.reserve(tokens.len());
        for token in tokens {
            normalize_into(
                token.span.slice(text),
                &NormalizeOptions::MATCHING,
                &mut self.buf,
            );
            self.ends.push(self.buf.len() as u32);
        }
    }

    /// The key of token `i`.
    #[inline]
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.buf[start..self.ends[i] as usize]
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> String {
        normalize_str(s, &NormalizeOptions::MATCHING)
    }
    fn d(s: &str) -> String {
        normalize_str(s, &NormalizeOptions::DISPLAY)
    }

    #[test]
    fn diacritics_and_tatweel_are_removed() {
        assert_eq!(m("مُحَمَّدٌ"), "محمد");
        assert_eq!(m("العـــــربية"), "العربيه");
        assert_eq!(d("العـــــربية"), "العربية");
        assert_eq!(m("الرحمٰن"), "الرحمن");
    }

    #[test]
    fn alef_yeh_teh_marbuta_fold_only_when_asked() {
        assert_eq!(m("أحمد إسلام آمن ٱلكتاب"), "احمد اسلام امن الكتاب");
        assert_eq!(d("أحمد إسلام آمن"), "أحمد إسلام آمن");
        assert_eq!(m("مستشفى على"), "مستشفي علي");
        assert_eq!(d("مستشفى"), "مستشفى");
        assert_eq!(m("مدرسة"), "مدرسه");
        let keep_teh = NormalizeOptions {
            fold_teh_marbuta: false,
            ..NormalizeOptions::MATCHING
        };
        assert_eq!(normalize_str("مدرسة", &keep_teh), "مدرسة");
    }

    #[test]
    fn presentation_forms_become_base_letters() {
        assert_eq!(m("ﺍﻟﻤﻮﺻﻞ"), "الموصل");
        assert_eq!(m("ﻻ"), "لا");
        assert_eq!(m("ﷲ"), "الله");
        // isolated forms of harakat are marks, not spaces
        assert_eq!(m("ب\u{FE76}"), "ب");
    }

    #[test]
    fn digits_and_punctuation() {
        assert_eq!(m("عام ٢٠١٧ و۲۰۱۹"), "عام 2017 و2019");
        assert_eq!(m("قال، ثم؛ لماذا؟ ٥٠٪ ٣٫٥"), "قال, ثم; لماذا? 50% 3.5");
        assert_eq!(d("قال، ثم؛"), "قال، ثم؛");
    }

    #[test]
    fn controls_dropped_and_quotes_unified() {
        assert_eq!(m("\u{200F}داعش\u{200E}\u{FEFF}"), "داعش");
        assert_eq!(m("“داعش” «قسد» ‘x’"), "\"داعش\" \"قسد\" 'x'");
        assert_eq!(m("ISIS داعش"), "isis داعش");
    }

    #[test]
    fn hamza_carriers_fold_for_keys() {
        assert_eq!(m("سؤال هيئة شيء"), "سوال هييه شي");
        assert_eq!(d("سؤال"), "سؤال");
    }

    #[test]
    fn alignment_points_back_into_the_original() {
        let original = "قُتِلَ ٣ جنود في الـموصل";
        let n = normalize(original, &NormalizeOptions::MATCHING);
        assert_eq!(n.as_str(), "قتل 3 جنود في الموصل");
        for word in ["قتل", "3", "جنود", "في", "الموصل"] {
            let start = n.as_str().find(word).unwrap();
            let span = n.to_original(Span::new(start, start + word.len()), original);
            let back = span.slice(original);
            assert_eq!(normalize_str(back, &NormalizeOptions::MATCHING), word);
        }
        // the diacritics after the last letter belong to the word
        let span = n.to_original(Span::new(0, "قتل".len()), original);
        assert_eq!(span.slice(original), "قُتِلَ");
    }
}
