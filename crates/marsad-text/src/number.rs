//! Quantities: numbers in digits and in words, vague quantities, bounds and the counted noun.
//!
//! [`find_quantities`] reads a tokenized text (tokens and their matching keys, see
//! [`crate::normalize::TokenKeys`]) and returns every quantity expression with byte spans into
//! the original text:
//!
//! - numbers in any digit script with separators (`1,000`, `٣٫٥`, `٢٬٥٠٠`), with a
//!   multiplier word after them (`5 آلاف`, `1.5 مليون`);
//! - cardinal number words with their gender and case forms, compounds linked by و
//!   (`خمسة وعشرون`, `مئة وعشرون`, `ثلاثة آلاف وخمسمئة`), fused and spaced hundreds
//!   (`ثلاثمئة`, `ثلاث مئة`);
//! - vague quantities (`عدة`، `عدد من`، `العديد من`، `بضعة`، `بعض`، `كثير`، `عشرات`، `المئات`،
//!   `آلاف`، `عشرات الآلاف`) with ACLED's coded value ([`Vague::coded_value`]);
//! - bounds before or after the number (`أكثر من`، `ما لا يقل عن`، `على الأقل`، `نحو`، `قرابة`،
//!   `تقريبا`، `أقل من`، `بين ... و ...`), with their span;
//! - the counted noun after the number (`11 جنديًا`, `عشرات من القتلى`), or before it in
//!   `حصيلة القتلى إلى 120`; the noun is returned, not classified;
//! - numbers that are not counts, each with its [`QuantityKind`] so a consumer can skip them:
//!   percentages (`12.5%`, `50 في المئة`), years (`عام 2019`), dates (`15/1/2022`, the day in
//!   `15 يناير`), clock times (`10:30`, `الساعة العاشرة`) and ordinals (`الثالث`).
//!
//! Words may carry the proclitics و ف ب ل ك and the article (`وعشرون`، `بنحو`، `لأكثر`،
//! `والمئات`، `بعشرات`); one small local reader peels them, shared with [`crate::time`].
//! Look-ups are hash based and there is no allocation per token.
//!
//! Quantities are returned in text order and never share a token of their number part.
//!
//! ```
//! use marsad_text::{normalize::TokenKeys, number::{find_quantities, Bound}, tokenize::tokenize};
//! let text = "قُتل أكثر من 120 شخصًا، ونزح المئات";
//! let tokens = tokenize(text);
//! let keys = TokenKeys::build(text, &tokens);
//! let found = find_quantities(text, &tokens, &keys);
//! assert_eq!(found[0].span.slice(text), "120");
//! assert_eq!(found[0].bound, Bound::AtLeast);
//! assert_eq!(found[0].noun.unwrap().slice(text), "شخصًا");
//! assert_eq!(found[0].phrase().slice(text), "أكثر من 120 شخصًا");
//! assert_eq!(found[0].lowest_credible(), Some(120));
//! assert_eq!(found[1].span.slice(text), "المئات");
//! assert_eq!(found[1].lowest_credible(), Some(100));
//! ```

use std::ops::Range;
use std::sync::OnceLock;

use chrono::NaiveDate;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use crate::normalize::{normalize_str, NormalizeOptions, TokenKeys};
use crate::span::Span;
use crate::tokenize::{Token, TokenKind};

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

/// What a number is used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum QuantityKind {
    /// A count of things: `11 جنديًا`, `خمسة وعشرون`, `3 ملايين`.
    Count,
    /// A vague quantity word: `عشرات`, `عدة`; see [`Quantity::vague`].
    Vague,
    /// A percentage: `12.5%`, `50 في المئة`.
    Percent,
    /// A year: `عام 2019`, `2022` after a month name, `في 2019`.
    Year,
    /// A date or a day of a month: `15/1/2022`, the `15` of `15 يناير`.
    Date,
    /// A clock time: `10:30`, `الساعة 10`, `الساعة العاشرة`.
    Clock,
    /// An ordinal adjective: `الثالث`, `الحادي عشر`.
    Ordinal,
}

/// How the stated value bounds the real one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    Exact,
    /// `أكثر من`، `ما لا يقل عن`، `على الأقل`: the value is a lower bound.
    AtLeast,
    /// `أقل من`، `لا يتجاوز`: the value is an upper bound.
    AtMost,
    /// `نحو`، `حوالي`، `قرابة`، `تقريبا`.
    About,
    /// `بين 10 و15`، `5 أو 6`: the value is the low end, [`Quantity::high`] the high end.
    Between,
}

/// The vague quantity words, by the amount they stand for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VagueAmount {
    /// عدة، عدد من، العديد من، بضعة، بعض، كثير.
    Several,
    /// عشرات.
    Dozens,
    /// مئات.
    Hundreds,
    /// آلاف، ألوف.
    Thousands,
    /// ملايين.
    Millions,
}

impl VagueAmount {
    /// ACLED's coded value: several = 10, dozens = 12, hundreds = 100; thousands = 1000 and
    /// millions = 1,000,000 by the same reading (the smallest round amount the word allows).
    pub fn coded_value(self) -> u64 {
        match self {
            VagueAmount::Several => 10,
            VagueAmount::Dozens => 12,
            VagueAmount::Hundreds => 100,
            VagueAmount::Thousands => 1000,
            VagueAmount::Millions => 1_000_000,
        }
    }
}

/// A vague quantity: an amount, times a scale for `عشرات الآلاف` (dozens × 1000).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Vague {
    pub amount: VagueAmount,
    /// 1, or the magnitude of a following plural: `عشرات الآلاف` is dozens with scale 1000.
    pub scale: u64,
}

impl Vague {
    /// The coded value times the scale: `عشرات الآلاف` → 12,000, `مئات الآلاف` → 100,000.
    /// A "several" word before a magnitude (`عدة مئات`, `بضعة آلاف`) is read as the magnitude
    /// alone (100, 1000).
    pub fn coded_value(self) -> u64 {
        self.amount.coded_value().saturating_mul(self.scale)
    }
}

/// A quantity expression.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Quantity {
    /// The number itself: digits or number words with their multiplier (`5 آلاف`), the percent
    /// words, or the vague phrase (`عدد كبير`); not the bound, not the noun.
    pub span: Span,
    /// The tokens of `span`.
    pub tokens: Range<usize>,
    pub kind: QuantityKind,
    /// The stated value (`None` for vague quantities and numeric dates and clock times).
    pub value: Option<f64>,
    /// The high end of a [`Bound::Between`] range.
    pub high: Option<f64>,
    /// For [`QuantityKind::Vague`].
    pub vague: Option<Vague>,
    pub bound: Bound,
    /// The words of the bound (`أكثر من`, `على الأقل`), before or after the number.
    pub bound_span: Option<Span>,
    /// The counted noun (`جنديًا` in `11 جنديًا`), unclassified.
    pub noun: Option<Span>,
    /// The token of `noun`: its matching key is `keys.get(noun_token)`.
    pub noun_token: Option<usize>,
}

impl Quantity {
    /// True for counts and vague quantities (what fatality counts are made of).
    pub fn is_count(&self) -> bool {
        matches!(self.kind, QuantityKind::Count | QuantityKind::Vague)
    }

    /// ACLED's lowest credible count: the stated value for exact, approximate and lower-bound
    /// counts ("more than 120" → 120), the low end of a range, the coded value of a vague word
    /// (several 10, dozens 12, hundreds 100). `None` for upper bounds ("fewer than 10" states
    /// no lower count; [`Quantity::value`] still holds 10) and for numbers that are not counts.
    pub fn lowest_credible(&self) -> Option<u64> {
        match self.kind {
            QuantityKind::Count => match self.bound {
                Bound::AtMost => None,
                _ => self.value.map(|v| v.floor() as u64),
            },
            QuantityKind::Vague => self.vague.map(Vague::coded_value),
            _ => None,
        }
    }

    /// The whole phrase: bound, number and noun (`أكثر من 120 قتيلًا`).
    pub fn phrase(&self) -> Span {
        let mut span = self.span;
        if let Some(b) = self.bound_span {
            span = span.cover(b);
        }
        if let Some(n) = self.noun {
            span = span.cover(n);
        }
        span
    }
}

/// Finds the quantity expressions of a tokenized text.
///
/// `tokens` come from [`crate::tokenize::tokenize`] over `text`, `keys` from
/// [`TokenKeys::build`] over the same tokens.
pub fn find_quantities(text: &str, tokens: &[Token], keys: &TokenKeys) -> Vec<Quantity> {
    let cx = Cx::new(text, tokens, keys);
    let mut out = Vec::new();
    let mut i = 0;
    while i < cx.n {
        match quantity_at(&cx, i) {
            Some(q) => {
                i = q.tokens.end.max(i + 1);
                out.push(q);
            }
            None => i += 1,
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Shared reading helpers (also used by time.rs)
// ---------------------------------------------------------------------------------------------

/// The tokens and keys of one text, bounds-checked.
#[derive(Clone, Copy)]
pub(crate) struct Cx<'a> {
    pub tokens: &'a [Token],
    pub keys: &'a TokenKeys,
    /// The number of tokens that have a key.
    pub n: usize,
}

impl<'a> Cx<'a> {
    pub(crate) fn new(_text: &'a str, tokens: &'a [Token], keys: &'a TokenKeys) -> Cx<'a> {
        Cx {
            tokens,
            keys,
            n: tokens.len().min(keys.len()),
        }
    }

    /// The key of token `i`, or "" past the end.
    #[inline]
    pub(crate) fn key(&self, i: usize) -> &'a str {
        if i < self.n {
            self.keys.get(i)
        } else {
            ""
        }
    }

    #[inline]
    pub(crate) fn kind(&self, i: usize) -> Option<TokenKind> {
        (i < self.n).then(|| self.tokens[i].kind)
    }

    /// True when token `i + 1` starts where token `i` ends (no space between).
    #[inline]
    pub(crate) fn touching(&self, i: usize) -> bool {
        i + 1 < self.n && self.tokens[i].span.end() == self.tokens[i + 1].span.start()
    }

    /// The span covering tokens `range` (empty ranges give an empty span at their start).
    pub(crate) fn span(&self, range: Range<usize>) -> Span {
        if range.start >= range.end || range.end > self.n {
            let at = self
                .tokens
                .get(range.start.min(self.n.saturating_sub(1)))
                .map_or(0, |t| t.span.start());
            return Span::new(at, at);
        }
        Span::new(
            self.tokens[range.start].span.start(),
            self.tokens[range.end - 1].span.end(),
        )
    }
}

/// Proclitics peeled off a key by [`Table::lookup`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Clitics {
    /// و or ف.
    pub conj: Option<char>,
    /// ب، ل or ك.
    pub prep: Option<char>,
    /// The article ال (also the ل of لل after the preposition ل).
    pub article: bool,
}

/// Whether a lexicon word takes the article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Art {
    Never,
    Optional,
    Required,
}

impl Art {
    #[inline]
    pub(crate) fn allows(self, article: bool) -> bool {
        match self {
            Art::Never => !article,
            Art::Optional => true,
            Art::Required => article,
        }
    }
}

/// The matching key of a lexicon spelling.
pub(crate) fn key_of(word: &str) -> String {
    normalize_str(word, &NormalizeOptions::MATCHING)
}

/// A lexicon: matching keys (bare, without clitics) to values.
pub(crate) struct Table<V> {
    map: FxHashMap<Box<str>, V>,
}

impl<V: Copy> Table<V> {
    /// Builds from natural spellings; they are normalized here, so the data stays readable.
    /// The first of two spellings with the same key wins.
    pub(crate) fn new(entries: &[(&str, V)]) -> Table<V> {
        let mut map = FxHashMap::with_capacity_and_hasher(entries.len(), Default::default());
        for &(word, value) in entries {
            map.entry(key_of(word).into_boxed_str()).or_insert(value);
        }
        Table { map }
    }

    /// Looks a token key up, peeling و/ف, then ب/ل/ك, then the article, least stripped
    /// reading first; returns the first reading `accept` takes.
    pub(crate) fn lookup(
        &self,
        key: &str,
        mut accept: impl FnMut(V, Clitics) -> bool,
    ) -> Option<(V, Clitics)> {
        let mut conj = [Some((key, None)), None];
        if let Some(rest) = key.strip_prefix('و') {
            conj[1] = Some((rest, Some('و')));
        } else if let Some(rest) = key.strip_prefix('ف') {
            conj[1] = Some((rest, Some('ف')));
        }
        for (k1, c) in conj.into_iter().flatten() {
            let mut prep = [Some((k1, None)), None];
            for p in ['ب', 'ل', 'ك'] {
                if let Some(rest) = k1.strip_prefix(p) {
                    prep[1] = Some((rest, Some(p)));
                    break;
                }
            }
            for (k2, p) in prep.into_iter().flatten() {
                let mut art = [Some((k2, false)), None];
                if let Some(rest) = k2.strip_prefix("ال") {
                    art[1] = Some((rest, true));
                } else if p == Some('ل') {
                    // لل: the preposition ل before the article, whose alef is not written
                    if let Some(rest) = k2.strip_prefix('ل') {
                        art[1] = Some((rest, true));
                    }
                }
                for (stem, a) in art.into_iter().flatten() {
                    if !at_least_two_chars(stem) {
                        continue;
                    }
                    if let Some(&v) = self.map.get(stem) {
                        let clitics = Clitics {
                            conj: c,
                            prep: p,
                            article: a,
                        };
                        if accept(v, clitics) {
                            return Some((v, clitics));
                        }
                    }
                }
            }
        }
        None
    }
}

#[inline]
fn at_least_two_chars(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some() && chars.next().is_some()
}

/// True when `key` is `word` with at most two proclitics (و ف ب ل ك) before it.
pub(crate) fn is_word_with_clitics(key: &str, word: &str) -> bool {
    match key.strip_suffix(word) {
        Some(prefix) => prefix.chars().count() <= 2 && prefix.chars().all(|c| "وفبلك".contains(c)),
        None => false,
    }
}

/// A number written in digits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Digits {
    pub value: f64,
    /// No decimals.
    pub integer: bool,
    /// No separators at all (a year or a day of the month can only be plain).
    pub plain: bool,
    /// The number of digits.
    pub digits: usize,
    pub percent: bool,
}

/// Reads a Number token's key (ASCII digits, `.`, `,`, `%`): `1,000` and `1.000.000` are
/// thousands, `12.5` and `2,5` decimals. `None` for shapes that are no single number
/// (`15.1.2022`).
pub(crate) fn parse_digits(key: &str) -> Option<Digits> {
    let (body, percent) = match key.strip_suffix('%') {
        Some(b) => (b, true),
        None => (key, false),
    };
    if body.is_empty() || !body.as_bytes()[0].is_ascii_digit() {
        return None;
    }
    let bytes = body.as_bytes();
    let digits = bytes.iter().filter(|b| b.is_ascii_digit()).count();
    let commas = bytes.iter().filter(|&&b| b == b',').count();
    let dots = bytes.iter().filter(|&&b| b == b'.').count();
    if digits + commas + dots != bytes.len() {
        return None;
    }
    // group lengths between separators
    let groups_of_three_after_first = |sep: u8| {
        body.split(sep as char)
            .skip(1)
            .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
    };
    let (int_part, frac_part): (&str, &str) = match (commas, dots) {
        (0, 0) => (body, ""),
        (0, 1) => split_once(body, '.'),
        (1, 0) => {
            if groups_of_three_after_first(b',') {
                (body, "")
            } else {
                split_once(body, ',')
            }
        }
        (c, 0) if c > 1 && groups_of_three_after_first(b',') => (body, ""),
        (0, d) if d > 1 && groups_of_three_after_first(b'.') => (body, ""),
        _ if commas >= 1 && dots >= 1 => {
            // 1,000.5 or 1.000,5: the last separator is the decimal one
            let (dec, thousands) = if body.rfind('.') > body.rfind(',') {
                ('.', ',')
            } else {
                (',', '.')
            };
            if body.matches(dec).count() != 1 {
                return None;
            }
            let (int, frac) = split_once(body, dec);
            if !groups_of_three_after_first_in(int, thousands) {
                return None;
            }
            (int, frac)
        }
        _ => return None,
    };
    if frac_part.is_empty() && (body.ends_with(',') || body.ends_with('.')) {
        return None;
    }
    let mut value = 0f64;
    for b in int_part.bytes().filter(u8::is_ascii_digit) {
        value = value * 10.0 + f64::from(b - b'0');
    }
    let mut scale = 1f64;
    for b in frac_part.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        scale /= 10.0;
        value += f64::from(b - b'0') * scale;
    }
    Some(Digits {
        value,
        integer: frac_part.is_empty(),
        plain: commas == 0 && dots == 0,
        digits,
        percent,
    })
}

fn split_once(s: &str, sep: char) -> (&str, &str) {
    s.split_once(sep).unwrap_or((s, ""))
}

fn groups_of_three_after_first_in(s: &str, sep: char) -> bool {
    let mut parts = s.split(sep);
    let first_ok = parts
        .next()
        .is_some_and(|g| (1..=3).contains(&g.len()) || !s.contains(sep));
    first_ok && parts.all(|g| g.len() == 3)
}

/// A date written with digits: `15/1/2022`, `15-1-2022`, `2022/1/15`, `2022-01-15` (adjacent
/// tokens, one separator kind), or `15.1.2022` (one token), with an optional `م`/`هـ` glued
/// after it. Day first unless the year is first; a month above 12 with a day up to 12 is read
/// month first. Years 1300–1500 are Hijri, converted with the tabular Islamic calendar (within
/// a day or two of the official Umm al-Qura dates). Returns the date (`None` when the shape is
/// a date's but the numbers are not a valid one) and the end of its tokens.
pub(crate) fn numeric_date(cx: &Cx, i: usize) -> Option<(Option<NaiveDate>, usize)> {
    if cx.kind(i) != Some(TokenKind::Number) {
        return None;
    }
    let key = cx.key(i);
    let dotted = key.bytes().filter(|&b| b == b'.').count() == 2 && !key.contains(',');
    let (parts, end, touching) = if dotted {
        let mut parts = key.split('.');
        ((parts.next()?, parts.next()?, parts.next()?), i + 1, true)
    } else {
        if !key.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let sep = cx.key(i + 1);
        if !(sep == "/" || sep == "-") || cx.kind(i + 1) != Some(TokenKind::Punct) {
            return None;
        }
        if cx.key(i + 3) != sep
            || cx.kind(i + 2) != Some(TokenKind::Number)
            || cx.kind(i + 4) != Some(TokenKind::Number)
        {
            return None;
        }
        let touching =
            cx.touching(i) && cx.touching(i + 1) && cx.touching(i + 2) && cx.touching(i + 3);
        ((key, cx.key(i + 2), cx.key(i + 4)), i + 5, touching)
    };
    let date = date_from_parts(parts.0, parts.1, parts.2)?;
    // 15 - 3 - 2003: with spaces, only a valid date with a full year is one
    if !touching && (date.is_none() || parts.2.len() != 4) {
        return None;
    }
    let end = if year_suffix(cx, end) { end + 1 } else { end };
    Some((date, end))
}

fn small_number(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Three numbers of a date: `None` when they are not shaped like one, `Some(None)` when shaped
/// like one but invalid.
fn date_from_parts(a: &str, b: &str, c: &str) -> Option<Option<NaiveDate>> {
    let (x, y, z) = (small_number(a)?, small_number(b)?, small_number(c)?);
    let short = |s: &str| (1..=2).contains(&s.len());
    let (year, m, d) = if a.len() == 4 && short(b) && short(c) {
        (x, y, z)
    } else if short(a) && short(b) && (c.len() == 4 || c.len() == 2) {
        let year = if c.len() == 2 { 2000 + z } else { z };
        if y > 12 && x <= 12 {
            (year, x, y)
        } else {
            (year, y, x)
        }
    } else {
        return None;
    };
    let date = match year {
        1300..=1500 => hijri_to_gregorian(year, m, d),
        1900..=2100 => NaiveDate::from_ymd_opt(year as i32, m, d),
        _ => None,
    };
    // a two-digit year is a date only if it reads as one
    if c.len() == 2 && a.len() != 4 && date.is_none() {
        return None;
    }
    Some(date)
}

/// The Gregorian date of a day of the tabular Islamic calendar.
pub(crate) fn hijri_to_gregorian(year: u32, month: u32, day: u32) -> Option<NaiveDate> {
    if !(1..=12).contains(&month) || !(1..=30).contains(&day) || year == 0 {
        return None;
    }
    let (y, m, d) = (i64::from(year), i64::from(month), i64::from(day));
    // days before the month: months alternate 30 and 29 days
    let month_days = (59 * (m - 1) + 1) / 2;
    let jdn = d + month_days + 354 * (y - 1) + (3 + 11 * y) / 30 + 1_948_439;
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(jdn - 1_721_425).ok()?)
}

/// A clock time `10:30` (adjacent tokens): returns the end of its tokens.
fn clock_at(cx: &Cx, i: usize) -> Option<usize> {
    let h = small_number(cx.key(i))?;
    if cx.key(i + 1) != ":" || !cx.touching(i) || !cx.touching(i + 1) {
        return None;
    }
    let m = cx.key(i + 2);
    let minutes = small_number(m)?;
    (h <= 24 && m.len() == 2 && minutes <= 59).then_some(i + 3)
}

// ---------------------------------------------------------------------------------------------
// Lexicon
// ---------------------------------------------------------------------------------------------

/// Whether a vague word needs `من` after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Of {
    /// `عدد من`: no quantity without من.
    Required,
    /// `العديد (من)`.
    Optional,
    /// `قتلى كثيرون`: an adjective after its noun.
    NounBefore,
    /// `عدة`: before its noun (`عدة أشخاص`) or after it (`غارات عدة`).
    Either,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Word {
    /// 1 to 9.
    Unit(u8),
    /// أحد، إحدى (1) and اثنا، اثنتا (2): only before عشر.
    TeenUnit(u8),
    /// عشر، عشرة: 10, or the ten of a teen.
    Ten10,
    /// 20 to 90.
    Tens(u8),
    /// 100 to 900.
    Hundred(u16),
    /// ألف، مليون، مليار: the value and the grammatical number (0 plural, 1 singular, 2 dual).
    Scale(u64, u8),
    /// نصف, after a scale: `مليون ونصف`.
    Half,
    Vague(VagueAmount, Of),
    /// Ordinal adjectives 1 to 10; 0 is الحادي (1, only in compounds).
    Ordinal(u8),
}

use Word::*;

#[rustfmt::skip]
const NUMBER_WORDS: &[(&str, Word, Art)] = &[
    ("واحد", Unit(1), Art::Optional),
    ("واحدة", Unit(1), Art::Optional),
    ("اثنان", Unit(2), Art::Optional),
    // الاثنين is Monday
    ("اثنين", Unit(2), Art::Never),
    ("اثنتان", Unit(2), Art::Optional),
    ("اثنتين", Unit(2), Art::Optional),
    ("ثلاث", Unit(3), Art::Optional),
    ("ثلاثة", Unit(3), Art::Optional),
    ("أربع", Unit(4), Art::Optional),
    ("أربعة", Unit(4), Art::Optional),
    ("خمس", Unit(5), Art::Optional),
    ("خمسة", Unit(5), Art::Optional),
    ("ست", Unit(6), Art::Never),
    ("ستة", Unit(6), Art::Optional),
    ("سبع", Unit(7), Art::Optional),
    ("سبعة", Unit(7), Art::Optional),
    ("ثمان", Unit(8), Art::Optional),
    ("ثماني", Unit(8), Art::Optional),
    ("ثمانية", Unit(8), Art::Optional),
    ("تسع", Unit(9), Art::Optional),
    ("تسعة", Unit(9), Art::Optional),
    ("أحد", TeenUnit(1), Art::Never),
    ("إحدى", TeenUnit(1), Art::Never),
    ("اثنا", TeenUnit(2), Art::Never),
    ("اثني", TeenUnit(2), Art::Never),
    ("اثنتا", TeenUnit(2), Art::Never),
    ("اثنتي", TeenUnit(2), Art::Never),
    ("عشر", Ten10, Art::Optional),
    ("عشرة", Ten10, Art::Optional),
    ("عشرون", Tens(20), Art::Optional),
    ("عشرين", Tens(20), Art::Optional),
    ("ثلاثون", Tens(30), Art::Optional),
    ("ثلاثين", Tens(30), Art::Optional),
    ("أربعون", Tens(40), Art::Optional),
    ("أربعين", Tens(40), Art::Optional),
    ("خمسون", Tens(50), Art::Optional),
    ("خمسين", Tens(50), Art::Optional),
    ("ستون", Tens(60), Art::Optional),
    ("ستين", Tens(60), Art::Optional),
    ("سبعون", Tens(70), Art::Optional),
    ("سبعين", Tens(70), Art::Optional),
    ("ثمانون", Tens(80), Art::Optional),
    ("ثمانين", Tens(80), Art::Optional),
    ("تسعون", Tens(90), Art::Optional),
    ("تسعين", Tens(90), Art::Optional),
    // المئة is "percent" (في المئة، بالمئة)
    ("مئة", Hundred(100), Art::Never),
    ("مائة", Hundred(100), Art::Never),
    ("مئتان", Hundred(200), Art::Never),
    ("مئتين", Hundred(200), Art::Never),
    ("مئتي", Hundred(200), Art::Never),
    ("مائتان", Hundred(200), Art::Never),
    ("مائتين", Hundred(200), Art::Never),
    ("مائتا", Hundred(200), Art::Never),
    ("مائتي", Hundred(200), Art::Never),
    ("ثلاثمئة", Hundred(300), Art::Never),
    ("ثلاثمائة", Hundred(300), Art::Never),
    ("ثلثمائة", Hundred(300), Art::Never),
    ("أربعمئة", Hundred(400), Art::Never),
    ("أربعمائة", Hundred(400), Art::Never),
    ("خمسمئة", Hundred(500), Art::Never),
    ("خمسمائة", Hundred(500), Art::Never),
    ("ستمئة", Hundred(600), Art::Never),
    ("ستمائة", Hundred(600), Art::Never),
    ("سبعمئة", Hundred(700), Art::Never),
    ("سبعمائة", Hundred(700), Art::Never),
    ("ثمانمئة", Hundred(800), Art::Never),
    ("ثمانمائة", Hundred(800), Art::Never),
    ("ثمانيمئة", Hundred(800), Art::Never),
    ("ثمانيمائة", Hundred(800), Art::Never),
    ("تسعمئة", Hundred(900), Art::Never),
    ("تسعمائة", Hundred(900), Art::Never),
    ("ألف", Scale(1000, 1), Art::Never),
    ("ألفا", Scale(1000, 1), Art::Never),
    ("ألفان", Scale(1000, 2), Art::Never),
    ("ألفين", Scale(1000, 2), Art::Never),
    ("ألفي", Scale(1000, 2), Art::Never),
    ("آلاف", Scale(1000, 0), Art::Optional),
    ("ألوف", Scale(1000, 0), Art::Optional),
    ("مليون", Scale(1_000_000, 1), Art::Never),
    ("مليونا", Scale(1_000_000, 1), Art::Never),
    ("مليونان", Scale(1_000_000, 2), Art::Never),
    ("مليونين", Scale(1_000_000, 2), Art::Never),
    ("مليوني", Scale(1_000_000, 2), Art::Never),
    ("ملايين", Scale(1_000_000, 0), Art::Optional),
    ("مليار", Scale(1_000_000_000, 1), Art::Never),
    ("مليارا", Scale(1_000_000_000, 1), Art::Never),
    ("بليون", Scale(1_000_000_000, 1), Art::Never),
    ("ملياران", Scale(1_000_000_000, 2), Art::Never),
    ("مليارين", Scale(1_000_000_000, 2), Art::Never),
    ("مليارات", Scale(1_000_000_000, 0), Art::Optional),
    ("نصف", Half, Art::Never),
    ("عدة", Vague(VagueAmount::Several, Of::Either), Art::Never),
    ("بضعة", Vague(VagueAmount::Several, Of::Optional), Art::Never),
    ("بضع", Vague(VagueAmount::Several, Of::Optional), Art::Never),
    ("بعض", Vague(VagueAmount::Several, Of::Optional), Art::Never),
    ("عدد", Vague(VagueAmount::Several, Of::Required), Art::Never),
    ("عددا", Vague(VagueAmount::Several, Of::Required), Art::Never),
    ("أعداد", Vague(VagueAmount::Several, Of::Required), Art::Never),
    ("عديد", Vague(VagueAmount::Several, Of::Optional), Art::Required),
    ("كثير", Vague(VagueAmount::Several, Of::Required), Art::Optional),
    ("كثيرون", Vague(VagueAmount::Several, Of::NounBefore), Art::Never),
    ("كثيرين", Vague(VagueAmount::Several, Of::NounBefore), Art::Never),
    ("عشرات", Vague(VagueAmount::Dozens, Of::Optional), Art::Optional),
    ("مئات", Vague(VagueAmount::Hundreds, Of::Optional), Art::Optional),
    ("أول", Ordinal(1), Art::Required),
    ("أولى", Ordinal(1), Art::Required),
    ("ثاني", Ordinal(2), Art::Required),
    ("ثانية", Ordinal(2), Art::Required),
    ("ثالث", Ordinal(3), Art::Required),
    ("ثالثة", Ordinal(3), Art::Required),
    ("رابع", Ordinal(4), Art::Required),
    ("رابعة", Ordinal(4), Art::Required),
    ("خامس", Ordinal(5), Art::Required),
    ("خامسة", Ordinal(5), Art::Required),
    ("سادس", Ordinal(6), Art::Required),
    ("سادسة", Ordinal(6), Art::Required),
    ("سابع", Ordinal(7), Art::Required),
    ("سابعة", Ordinal(7), Art::Required),
    ("ثامن", Ordinal(8), Art::Required),
    ("ثامنة", Ordinal(8), Art::Required),
    ("تاسع", Ordinal(9), Art::Required),
    ("تاسعة", Ordinal(9), Art::Required),
    ("عاشر", Ordinal(10), Art::Required),
    ("عاشرة", Ordinal(10), Art::Required),
    ("حادي", Ordinal(0), Art::Required),
    ("حادية", Ordinal(0), Art::Required),
];

/// Words that are never a counted noun after a number (prepositions, particles, pronouns...).
const NOT_NOUNS: &[&str] = &[
    "في",
    "على",
    "إلى",
    "عن",
    "من",
    "مع",
    "منذ",
    "خلال",
    "بعد",
    "قبل",
    "حتى",
    "أو",
    "و",
    "ثم",
    "بين",
    "عند",
    "لدى",
    "الذي",
    "التي",
    "الذين",
    "اللذين",
    "اللتين",
    "أن",
    "إن",
    "قد",
    "لا",
    "لم",
    "لن",
    "ما",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "هؤلاء",
    "كل",
    "وفق",
    "وفقا",
    "حسب",
    "بحسب",
    "نحو",
    "حوالي",
    "فقط",
    "أي",
    "هو",
    "هي",
    "هم",
    "كما",
    "لكن",
    "بل",
    "إذ",
    "إذا",
    "حيث",
    "فيما",
    "عندما",
    "إثر",
    "جراء",
    "بسبب",
    "ضمن",
    "داخل",
    "خارج",
    "فوق",
    "تحت",
    "أمام",
    "خلف",
    "مثل",
    "غير",
    "سوى",
    "منها",
    "منهم",
    "فيها",
    "فيه",
    "عليه",
    "عليها",
    "بينهم",
    "بينما",
    "وسط",
    "قرب",
    "م",
    "هـ",
    "ال",
    "أكثر",
    "أقل",
    "تقريبا",
    "بالمئة",
    "بالمائة",
    "الساعة",
    "صباحا",
    "مساء",
    "ظهرا",
    "عصرا",
    "ليلا",
    "فجرا",
    "بتوقيت",
    "آخر",
    "ضد",
    "لصالح",
    "عبر",
    "أمس",
    "اليوم",
    "الليلة",
    "يوم",
    "نفسه",
    "أيضا",
    "بعدما",
    "قبيل",
    "عقب",
    "لدي",
];

/// Bound phrases before a number, longest first.
const BOUNDS_BEFORE: &[(&str, Bound)] = &[
    ("ما لا يقل عن", Bound::AtLeast),
    ("ما لا يقل على", Bound::AtLeast),
    ("ما لا يزيد عن", Bound::AtMost),
    ("ما لا يزيد على", Bound::AtMost),
    ("ما يقرب من", Bound::About),
    ("لا يقل عن", Bound::AtLeast),
    ("لا تقل عن", Bound::AtLeast),
    ("ما يزيد على", Bound::AtLeast),
    ("ما يزيد عن", Bound::AtLeast),
    ("ما يربو على", Bound::AtLeast),
    ("ما يربو عن", Bound::AtLeast),
    ("ما لا يتجاوز", Bound::AtMost),
    ("لا يزيد عن", Bound::AtMost),
    ("لا يزيد على", Bound::AtMost),
    ("لا تزيد عن", Bound::AtMost),
    ("لا تزيد على", Bound::AtMost),
    ("يزيد على", Bound::AtLeast),
    ("يزيد عن", Bound::AtLeast),
    ("يربو على", Bound::AtLeast),
    ("ما يفوق", Bound::AtLeast),
    ("أكثر من", Bound::AtLeast),
    ("أزيد من", Bound::AtLeast),
    ("على الأقل", Bound::AtLeast),
    ("لا يتجاوز", Bound::AtMost),
    ("لا تتجاوز", Bound::AtMost),
    ("أقل من", Bound::AtMost),
    ("ما دون", Bound::AtMost),
    ("ما يقارب", Bound::About),
    ("ما يناهز", Bound::About),
    ("يقرب من", Bound::About),
    ("في حدود", Bound::About),
    ("يفوق", Bound::AtLeast),
    ("يقارب", Bound::About),
    ("يناهز", Bound::About),
    ("نحو", Bound::About),
    ("حوالي", Bound::About),
    ("حوالى", Bound::About),
    ("قرابة", Bound::About),
    ("زهاء", Bound::About),
    ("تقريبا", Bound::About),
];

/// Bound phrases after a number or its noun.
const BOUNDS_AFTER: &[(&str, Bound)] = &[
    ("على أقل تقدير", Bound::AtLeast),
    ("على الأقل", Bound::AtLeast),
    ("على الأكثر", Bound::AtMost),
    ("أو أكثر", Bound::AtLeast),
    ("أو أقل", Bound::AtMost),
    ("فأكثر", Bound::AtLeast),
    ("فأقل", Bound::AtMost),
    ("تقريبا", Bound::About),
];

/// Words before a year that make it one: `عام 2019`, `سنة 2019`.
const YEAR_WORDS: &[&str] = &["عام", "سنة", "عامي", "سنتي"];

/// Words before a 4-digit number in 1900–2100 after which it is read as a year.
const YEAR_HINTS: &[&str] = &[
    "في",
    "منذ",
    "حتى",
    "خلال",
    "قبل",
    "بعد",
    "مطلع",
    "منتصف",
    "أواخر",
    "أوائل",
    "نهاية",
    "بداية",
    "مستهل",
    "ربيع",
    "صيف",
    "خريف",
    "شتاء",
];

/// Number lexicon and phrase lists, built once.
pub(crate) struct NumberLexicon {
    words: Table<(Word, Art)>,
    not_nouns: FxHashSet<Box<str>>,
    year_hints: FxHashSet<Box<str>>,
    year_words: Table<()>,
    bounds_before: Vec<(Vec<Box<str>>, Bound)>,
    bounds_after: Vec<(Vec<Box<str>>, Bound)>,
}

fn phrases(list: &[(&str, Bound)]) -> Vec<(Vec<Box<str>>, Bound)> {
    let mut out: Vec<(Vec<Box<str>>, Bound)> = list
        .iter()
        .map(|&(p, b)| {
            (
                p.split_whitespace()
                    .map(|w| key_of(w).into_boxed_str())
                    .collect(),
                b,
            )
        })
        .collect();
    out.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
    out
}

fn key_set(list: &[&str]) -> FxHashSet<Box<str>> {
    list.iter().map(|w| key_of(w).into_boxed_str()).collect()
}

pub(crate) fn lexicon() -> &'static NumberLexicon {
    static LEXICON: OnceLock<NumberLexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let entries: Vec<(&str, (Word, Art))> =
            NUMBER_WORDS.iter().map(|&(w, v, a)| (w, (v, a))).collect();
        let year_words: Vec<(&str, ())> = YEAR_WORDS.iter().map(|&w| (w, ())).collect();
        NumberLexicon {
            words: Table::new(&entries),
            not_nouns: key_set(NOT_NOUNS),
            year_hints: key_set(YEAR_HINTS),
            year_words: Table::new(&year_words),
            bounds_before: phrases(BOUNDS_BEFORE),
            bounds_after: phrases(BOUNDS_AFTER),
        }
    })
}

impl NumberLexicon {
    /// The number word of a key read with any proclitics.
    fn word(&self, key: &str) -> Option<(Word, Clitics)> {
        self.words
            .lookup(key, |(_, art), c| {
                art.allows(c.article) && c.prep != Some('ك')
            })
            .map(|((w, _), c)| (w, c))
    }

    /// A number word continuing a number: only و before it. Returns the word and whether و
    /// was there.
    fn continuation(&self, key: &str) -> Option<(Word, bool)> {
        self.words
            .lookup(key, |(_, art), c| {
                art.allows(c.article) && c.prep.is_none() && c.conj != Some('ف')
            })
            .map(|((w, _), c)| (w, c.conj.is_some()))
    }

    fn is_not_noun(&self, key: &str) -> bool {
        self.not_nouns.contains(key)
    }
}

// ---------------------------------------------------------------------------------------------
// Number words
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum St {
    Start,
    Unit,
    TeenUnit,
    Teen,
    Tens,
    Hundred,
    Scale,
    Done,
}

/// Reads a cardinal in words from token `i`: its value and the end of its tokens.
pub(crate) fn parse_cardinal(cx: &Cx, i: usize) -> Option<(f64, usize)> {
    let lex = lexicon();
    let mut total = 0f64;
    let mut hundreds = 0u64;
    let mut small = 0u64;
    let mut st = St::Start;
    let mut last_scale = u64::MAX;
    let mut best = None;
    let mut j = i;
    // a number in words has at most a few groups: bound the walk all the same
    while j < cx.n && j < i + 24 {
        if cx.kind(j) != Some(TokenKind::Arabic) {
            break;
        }
        let (word, and, next) = if j == i {
            let (w, _) = lex.word(cx.key(j))?;
            (w, false, j + 1)
        } else if cx.key(j) == "و" {
            if cx.kind(j + 1) != Some(TokenKind::Arabic) {
                break;
            }
            match lex.continuation(cx.key(j + 1)) {
                Some((w, false)) => (w, true, j + 2),
                _ => break,
            }
        } else {
            match lex.continuation(cx.key(j)) {
                Some((w, and)) => (w, and, j + 1),
                None => break,
            }
        };
        let group = hundreds + small;
        let ok = match (st, word, and) {
            // every scale is at least 1000, so a new group after one is always smaller
            (St::Start, w, _) | (St::Scale, w, true) if !matches!(w, Scale(..) | Half) => match w {
                Unit(u) => {
                    small = u64::from(u);
                    st = St::Unit;
                    true
                }
                TeenUnit(u) => {
                    small = u64::from(u);
                    st = St::TeenUnit;
                    true
                }
                Ten10 => {
                    small = 10;
                    st = St::Teen;
                    true
                }
                Tens(t) => {
                    small = u64::from(t);
                    st = St::Tens;
                    true
                }
                Hundred(h) => {
                    hundreds = u64::from(h);
                    st = St::Hundred;
                    true
                }
                _ => false,
            },
            (St::Start, Scale(v, count), _) if count > 0 => {
                total = (v * u64::from(count)) as f64;
                last_scale = v;
                st = St::Scale;
                true
            }
            (St::Scale, Scale(v, count), true) if count > 0 && v < last_scale => {
                total += (v * u64::from(count)) as f64;
                last_scale = v;
                true
            }
            (St::Scale, Half, true) => {
                total += last_scale as f64 / 2.0;
                st = St::Done;
                true
            }
            (St::Unit, Ten10, false) if (3..=9).contains(&small) => {
                small += 10;
                st = St::Teen;
                true
            }
            (St::TeenUnit, Ten10, false) => {
                small += 10;
                st = St::Teen;
                true
            }
            (St::Unit, Tens(t), true) if small <= 9 => {
                small += u64::from(t);
                st = St::Tens;
                true
            }
            (St::Unit, Hundred(100), false) if hundreds == 0 => {
                hundreds = small * 100;
                small = 0;
                st = St::Hundred;
                true
            }
            (St::Hundred, w, true) => match w {
                Unit(u) => {
                    small = u64::from(u);
                    st = St::Unit;
                    true
                }
                TeenUnit(u) => {
                    small = u64::from(u);
                    st = St::TeenUnit;
                    true
                }
                Ten10 => {
                    small = 10;
                    st = St::Teen;
                    true
                }
                Tens(t) => {
                    small = u64::from(t);
                    st = St::Tens;
                    true
                }
                _ => false,
            },
            (St::Unit | St::Teen | St::Tens | St::Hundred, Scale(v, count), false)
                if count != 2 && v < last_scale && group > 0 =>
            {
                total += (group * v) as f64;
                hundreds = 0;
                small = 0;
                last_scale = v;
                st = St::Scale;
                true
            }
            _ => false,
        };
        if !ok {
            break;
        }
        j = next;
        if st != St::TeenUnit {
            best = Some((total + (hundreds + small) as f64, j));
        }
        if st == St::Done {
            break;
        }
    }
    best
}

/// Reads an ordinal adjective from token `i` (`الثالث`, `الحادي عشر`, `الخامس والعشرين`):
/// its value and the end of its tokens.
pub(crate) fn parse_ordinal(cx: &Cx, i: usize) -> Option<(u8, usize)> {
    if cx.kind(i) != Some(TokenKind::Arabic) {
        return None;
    }
    let lex = lexicon();
    let (word, clitics) = lex.word(cx.key(i))?;
    match word {
        Ordinal(u) if u != 1 && cx.kind(i + 1) == Some(TokenKind::Arabic) => {
            let next = cx.key(i + 1);
            // الثالث عشر، الحادية عشرة: the ten bare, without و
            let ten = lex.words.lookup(next, |(w, _), c| {
                w == Ten10 && c.conj.is_none() && c.prep.is_none() && !c.article
            });
            if ten.is_some() {
                return Some((if u == 0 { 11 } else { u + 10 }, i + 2));
            }
            // الخامس والعشرين، الحادي والثلاثين
            let tens = lex.words.lookup(next, |(w, _), c| {
                matches!(w, Tens(_)) && c.conj == Some('و') && c.prep.is_none() && c.article
            });
            if let Some(((Tens(t), _), _)) = tens {
                return Some((if u == 0 { t + 1 } else { t + u }, i + 2));
            }
            (u >= 1).then_some((u, i + 1))
        }
        Ordinal(u) => (u >= 1).then_some((u, i + 1)),
        Tens(t) if clitics.article => Some((t, i + 1)),
        _ => None,
    }
}

/// A multiplier after a number: `5 آلاف`, `1.5 مليون`, `100 ألف`. Returns the factor and the
/// end of its tokens.
fn scale_after(cx: &Cx, j: usize) -> Option<(f64, usize)> {
    if cx.kind(j) != Some(TokenKind::Arabic) {
        return None;
    }
    let lex = lexicon();
    match lex.words.lookup(cx.key(j), |(_, art), c| {
        art.allows(c.article) && c.conj.is_none() && c.prep.is_none() && !c.article
    }) {
        Some(((Scale(v, count), _), _)) if count != 2 => {
            // مليون ونصف
            if let Some((Half, true)) = lex.continuation(cx.key(j + 1)) {
                return Some((v as f64 * 1.5, j + 2));
            }
            Some((v as f64, j + 1))
        }
        _ => None,
    }
}

/// `في المئة`, `بالمئة`, `بالمائة`, `%` after a number: the end of those tokens.
fn percent_after(cx: &Cx, j: usize) -> Option<usize> {
    // keys: مئة is ميه, مائة is مايه
    let is_hundred = |k: &str| matches!(k, "الميه" | "المايه");
    match cx.key(j) {
        "%" => Some(j + 1),
        "في" if is_hundred(cx.key(j + 1)) => Some(j + 2),
        "بالميه" | "بالمايه" => Some(j + 1),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Quantities
// ---------------------------------------------------------------------------------------------

fn quantity(cx: &Cx, kind: QuantityKind, tokens: Range<usize>, value: Option<f64>) -> Quantity {
    Quantity {
        span: cx.span(tokens.clone()),
        tokens,
        kind,
        value,
        high: None,
        vague: None,
        bound: Bound::Exact,
        bound_span: None,
        noun: None,
        noun_token: None,
    }
}

fn quantity_at(cx: &Cx, i: usize) -> Option<Quantity> {
    match cx.kind(i)? {
        TokenKind::Number => digits_quantity(cx, i),
        TokenKind::Arabic => word_quantity(cx, i),
        _ => None,
    }
}

fn digits_quantity(cx: &Cx, i: usize) -> Option<Quantity> {
    if let Some((_, end)) = numeric_date(cx, i) {
        return Some(quantity(cx, QuantityKind::Date, i..end, None));
    }
    if let Some(end) = clock_at(cx, i) {
        return Some(quantity(cx, QuantityKind::Clock, i..end, None));
    }
    let d = parse_digits(cx.key(i))?;
    if d.percent {
        return Some(quantity(cx, QuantityKind::Percent, i..i + 1, Some(d.value)));
    }
    if let Some(end) = percent_after(cx, i + 1) {
        return Some(quantity(cx, QuantityKind::Percent, i..end, Some(d.value)));
    }
    if let Some((factor, end)) = scale_after(cx, i + 1) {
        return Some(finish_count(cx, i..end, d.value * factor, false));
    }
    if d.integer
        && d.plain
        && (1.0..=31.0).contains(&d.value)
        && crate::time::month_follows(cx, i + 1)
    {
        return Some(quantity(cx, QuantityKind::Date, i..i + 1, Some(d.value)));
    }
    if i > 0 && is_clock_word(cx.key(i - 1)) && d.integer && d.value <= 24.0 {
        return Some(quantity(cx, QuantityKind::Clock, i..i + 1, Some(d.value)));
    }
    if is_year_digits(cx, i, &d) {
        let mut end = i + 1;
        if year_suffix(cx, end) {
            end += 1;
        }
        return Some(quantity(cx, QuantityKind::Year, i..end, Some(d.value)));
    }
    Some(finish_count(cx, i..i + 1, d.value, false))
}

fn is_clock_word(key: &str) -> bool {
    key == "الساعه" || key == "الساعة"
}

/// `م` or `هـ` right after a year: `2019م`.
fn year_suffix(cx: &Cx, j: usize) -> bool {
    matches!(cx.key(j), "م" | "ه") && j > 0 && cx.touching(j - 1)
}

/// True when the Number token `i` is read as a year (see [`is_year_at`]).
fn is_year_digits(cx: &Cx, i: usize, d: &Digits) -> bool {
    if !(d.integer && d.plain && d.digits == 4 && (1900.0..=2100.0).contains(&d.value)) {
        return false;
    }
    if year_word_before(cx, i) || year_suffix(cx, i + 1) || crate::time::month_precedes(cx, i) {
        return true;
    }
    let lex = lexicon();
    if i > 0 {
        let prev = cx.key(i - 1);
        if lex.year_hints.contains(prev) {
            return true;
        }
        // 2017 و2019
        if prev == "و" && i >= 2 {
            if let Some(p) = parse_digits(cx.key(i - 2)) {
                if p.plain && p.digits == 4 && (1900.0..=2100.0).contains(&p.value) {
                    return true;
                }
            }
        }
    }
    noun_after(cx, i + 1, true).is_none()
}

/// `عام`, `العام`, `سنة`, `عامي`... right before token `i`.
fn year_word_before(cx: &Cx, i: usize) -> bool {
    i > 0
        && lexicon()
            .year_words
            .lookup(cx.key(i - 1), |_, _| true)
            .is_some()
}

/// True when the Number token `i` is a year: a plain 4-digit number in 1900–2100 after `عام`,
/// `سنة`, a month name or `في`/`منذ`/`خلال`..., or with `م` after it, or with no counted noun
/// after it.
pub(crate) fn is_year_at(cx: &Cx, i: usize) -> bool {
    cx.kind(i) == Some(TokenKind::Number)
        && parse_digits(cx.key(i)).is_some_and(|d| is_year_digits(cx, i, &d))
}

fn word_quantity(cx: &Cx, i: usize) -> Option<Quantity> {
    let lex = lexicon();
    let (word, clitics) = lex.word(cx.key(i))?;
    match word {
        Unit(_) | TeenUnit(_) | Ten10 | Hundred(_) | Scale(_, 1 | 2) => {
            let (value, end) = parse_cardinal(cx, i)?;
            if let Some(pend) = percent_after(cx, end) {
                return Some(quantity(cx, QuantityKind::Percent, i..pend, Some(value)));
            }
            if year_word_before(cx, i) && value >= 1000.0 {
                return Some(quantity(cx, QuantityKind::Year, i..end, Some(value)));
            }
            Some(finish_count(cx, i..end, value, clitics.article))
        }
        Tens(_) if !clitics.article => {
            let (value, end) = parse_cardinal(cx, i)?;
            if let Some(pend) = percent_after(cx, end) {
                return Some(quantity(cx, QuantityKind::Percent, i..pend, Some(value)));
            }
            Some(finish_count(cx, i..end, value, clitics.article))
        }
        Ordinal(_) | Tens(_) => {
            let (value, end) = parse_ordinal(cx, i)?;
            let kind = if i > 0 && is_clock_word(cx.key(i - 1)) {
                QuantityKind::Clock
            } else {
                QuantityKind::Ordinal
            };
            // كانون الثاني، تشرين الأول are months
            if i > 0 && crate::time::is_month_prefix(cx.key(i - 1)) {
                return None;
            }
            // هؤلاء الخمسين مقاتلا: a definite ten before an indefinite noun counts it
            if matches!(word, Tens(_))
                && end == i + 1
                && is_noun_candidate(cx, end)
                && !cx.key(end).starts_with("ال")
            {
                return Some(finish_count(cx, i..end, f64::from(value), false));
            }
            Some(quantity(cx, kind, i..end, Some(f64::from(value))))
        }
        Scale(v, 0) => {
            let amount = if v >= 1_000_000 {
                VagueAmount::Millions
            } else {
                VagueAmount::Thousands
            };
            vague_quantity(cx, i, amount, Of::Optional)
        }
        Vague(amount, of) => vague_quantity(cx, i, amount, of),
        _ => None,
    }
}

fn vague_quantity(cx: &Cx, i: usize, amount: VagueAmount, of: Of) -> Option<Quantity> {
    let lex = lexicon();
    let mut amount = amount;
    let mut scale = 1u64;
    let mut end = i + 1;
    let next_word = |j: usize| {
        if cx.kind(j) == Some(TokenKind::Arabic) {
            lex.words
                .lookup(cx.key(j), |(_, art), c| {
                    art.allows(c.article) && c.conj.is_none() && c.prep.is_none()
                })
                .map(|((w, _), c)| (w, c))
        } else {
            None
        }
    };
    match (amount, next_word(end)) {
        // عدة مئات، بضعة آلاف، بضع عشرات
        (
            VagueAmount::Several,
            Some((Vague(a @ (VagueAmount::Dozens | VagueAmount::Hundreds), _), c)),
        ) if !c.article => {
            amount = a;
            end += 1;
        }
        (VagueAmount::Several, Some((Scale(v, 0), c))) if !c.article => {
            amount = if v >= 1_000_000 {
                VagueAmount::Millions
            } else {
                VagueAmount::Thousands
            };
            end += 1;
        }
        // عشرات الآلاف، مئات الآلاف، عشرات الملايين
        (
            VagueAmount::Dozens | VagueAmount::Hundreds | VagueAmount::Thousands,
            Some((Scale(v, 0), c)),
        ) if c.article && v > amount.coded_value() => {
            scale = v;
            end += 1;
        }
        _ => {}
    }
    if of == Of::Required {
        // عدد كبير من
        if matches!(
            cx.key(end),
            "كبير"
                | "كبيرا"
                | "كبيره"
                | "قليل"
                | "قليلا"
                | "محدود"
                | "محدودا"
                | "غفير"
                | "هايل"
        ) {
            end += 1;
        }
        if cx.key(end) != "من" {
            return None;
        }
    }
    let mut q = quantity(cx, QuantityKind::Vague, i..end, None);
    q.vague = Some(Vague { amount, scale });
    let before = || (i > 0 && is_noun_candidate(cx, i - 1)).then(|| i - 1);
    let noun = match of {
        Of::NounBefore => before(),
        // غارات عدة: only a lone عدة follows its noun
        Of::Either if end == i + 1 => noun_after(cx, end, true).or_else(before),
        _ => noun_after(cx, end, true),
    };
    if let Some(n) = noun {
        q.noun = Some(cx.tokens[n].span);
        q.noun_token = Some(n);
    }
    attach_bound(cx, &mut q);
    Some(q)
}

/// Completes a count: range, bound and noun.
fn finish_count(cx: &Cx, tokens: Range<usize>, value: f64, definite: bool) -> Quantity {
    let mut q = quantity(cx, QuantityKind::Count, tokens.clone(), Some(value));
    let mut end = tokens.end;
    // بين 10 و15، 5 أو 6
    if let Some((high, hend)) = range_high(cx, end, value) {
        let between = bound_before(cx, tokens.start).filter(|&(b, _)| b == Bound::Between);
        let or = cx.key(end) == "او";
        if between.is_some() || or {
            q.high = Some(high);
            q.bound = Bound::Between;
            if let Some((_, span)) = between {
                q.bound_span = Some(span);
            }
            end = hend;
        }
    }
    if q.bound != Bound::Between {
        attach_bound_before(cx, &mut q);
    }
    // (190) موقوفا
    let noun_at = if tokens.start > 0 && cx.key(tokens.start - 1) == "(" && cx.key(end) == ")" {
        end + 1
    } else {
        end
    };
    let noun = noun_after(cx, noun_at, true)
        // الجرحى الثلاثة: a definite number after its noun
        .or_else(|| {
            (definite && tokens.start > 0 && is_noun_candidate(cx, tokens.start - 1))
                .then(|| tokens.start - 1)
        })
        .or_else(|| noun_before(cx, tokens.start));
    if let Some(n) = noun {
        q.noun = Some(cx.tokens[n].span);
        q.noun_token = Some(n);
    }
    if q.bound == Bound::Exact {
        let after = noun.filter(|&n| n >= end).map_or(end, |n| n + 1);
        if let Some((b, span)) = bound_after(cx, after).or_else(|| bound_after(cx, end)) {
            q.bound = b;
            q.bound_span = Some(span);
        }
    }
    q
}

/// `بين` or `ما بين` right before token `start`.
fn between_word_before(cx: &Cx, start: usize) -> bool {
    start > 0 && is_word_with_clitics(cx.key(start - 1), "بين")
}

/// The high end of a range after a low value: `و15` / `و 15` / `أو 6` / `و خمسة عشر`.
fn range_high(cx: &Cx, j: usize, low: f64) -> Option<(f64, usize)> {
    let k = match cx.key(j) {
        // بين 10 إلى 17 (a range only after بين)
        "و" | "او" | "الي" => j + 1,
        // وخمسة عشر: the conjunction on the number word
        key if key.starts_with('و') && cx.kind(j) == Some(TokenKind::Arabic) => j,
        _ => return None,
    };
    let (high, end) = match cx.kind(k)? {
        TokenKind::Number => {
            let d = parse_digits(cx.key(k))?;
            if d.percent {
                return None;
            }
            (d.value, k + 1)
        }
        TokenKind::Arabic => parse_cardinal(cx, k)?,
        _ => return None,
    };
    (high > low).then_some((high, end))
}

fn attach_bound(cx: &Cx, q: &mut Quantity) {
    attach_bound_before(cx, q);
    if q.bound == Bound::Exact {
        let after = q.noun_token.map_or(q.tokens.end, |n| n + 1);
        if let Some((b, span)) = bound_after(cx, after) {
            q.bound = b;
            q.bound_span = Some(span);
        }
    }
}

fn attach_bound_before(cx: &Cx, q: &mut Quantity) {
    if let Some((b, span)) = bound_before(cx, q.tokens.start) {
        if b != Bound::Between {
            q.bound = b;
            q.bound_span = Some(span);
        }
    }
}

/// The bound phrase ending right before token `start`.
fn bound_before(cx: &Cx, start: usize) -> Option<(Bound, Span)> {
    let lex = lexicon();
    if between_word_before(cx, start) {
        let from = if start >= 2 && cx.key(start - 2) == "ما" {
            start - 2
        } else {
            start - 1
        };
        return Some((Bound::Between, cx.span(from..start)));
    }
    for (words, bound) in &lex.bounds_before {
        let len = words.len();
        if len > start {
            continue;
        }
        let from = start - len;
        if phrase_matches(cx, from, words) {
            return Some((*bound, cx.span(from..start)));
        }
    }
    None
}

/// The bound phrase starting at token `from`.
fn bound_after(cx: &Cx, from: usize) -> Option<(Bound, Span)> {
    let lex = lexicon();
    for (words, bound) in &lex.bounds_after {
        let len = words.len();
        if from + len > cx.n {
            continue;
        }
        if phrase_matches(cx, from, words) {
            return Some((*bound, cx.span(from..from + len)));
        }
    }
    None
}

/// The phrase `words` at token `from`; its first word may carry proclitics.
fn phrase_matches(cx: &Cx, from: usize, words: &[Box<str>]) -> bool {
    words.iter().enumerate().all(|(k, w)| {
        let key = cx.key(from + k);
        if k == 0 {
            is_word_with_clitics(key, w)
        } else {
            key == &**w
        }
    })
}

/// True when token `j` can be a counted noun.
fn is_noun_candidate(cx: &Cx, j: usize) -> bool {
    if cx.kind(j) != Some(TokenKind::Arabic) {
        return false;
    }
    let key = cx.key(j);
    let lex = lexicon();
    // a word after و starts a new clause: 3 وإصابة 5
    !(key.starts_with('و')
        || !at_least_two_chars(key)
        || lex.is_not_noun(key)
        || crate::time::is_calendar_word(key)
        || lex.word(key).is_some())
}

/// The counted noun at token `j` (or after `من` there when `of` is allowed).
fn noun_after(cx: &Cx, j: usize, of: bool) -> Option<usize> {
    if of && cx.key(j) == "من" && is_noun_candidate(cx, j + 1) {
        return Some(j + 1);
    }
    (is_noun_candidate(cx, j) && bound_after(cx, j).is_none()).then_some(j)
}

/// `حصيلة القتلى إلى 120`, `بلغ عدد الفارين 136`: the noun named before the number.
fn noun_before(cx: &Cx, start: usize) -> Option<usize> {
    let lo = start.saturating_sub(8);
    for k in (lo..start).rev() {
        let key = cx.key(k);
        let stem = ["حصيله", "عدد", "اعداد"]
            .iter()
            .any(|w| is_word_with_clitics(key, w));
        if stem {
            let noun = k + 1;
            return (noun < start && is_noun_candidate(cx, noun)).then_some(noun);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    fn find(text: &str) -> Vec<Quantity> {
        let tokens = tokenize(text);
        let keys = TokenKeys::build(text, &tokens);
        find_quantities(text, &tokens, &keys)
    }

    /// The first quantity of a kind, as (number text, value, bound, noun text).
    fn first(text: &str, kind: QuantityKind) -> (&str, Option<f64>, Bound, Option<&str>) {
        let q = find(text)
            .into_iter()
            .find(|q| q.kind == kind)
            .unwrap_or_else(|| panic!("no {kind:?} in {text}"));
        (
            q.span.slice(text),
            q.value,
            q.bound,
            q.noun.map(|n| n.slice(text)),
        )
    }

    fn count(text: &str) -> (&str, Option<f64>, Bound, Option<&str>) {
        first(text, QuantityKind::Count)
    }

    #[test]
    fn digits_with_separators_in_every_script() {
        assert_eq!(
            count("قتل 1,000 شخص"),
            ("1,000", Some(1000.0), Bound::Exact, Some("شخص"))
        );
        assert_eq!(count("نحو ٢٬٥٠٠ لاجئ").1, Some(2500.0));
        assert_eq!(count("فر ٣٫٥ مليون سوري").1, Some(3_500_000.0));
        assert_eq!(count("خسائر بقيمة 12.5 مليار دولار").1, Some(12.5e9));
        assert_eq!(count("نزوح 2,5 مليون شخص").1, Some(2_500_000.0));
        assert_eq!(count("قتل ۱۲ شخصا").1, Some(12.0));
    }

    #[test]
    fn parse_digits_shapes() {
        let v = |k: &str| parse_digits(k).map(|d| d.value);
        assert_eq!(v("1,000,000"), Some(1e6));
        assert_eq!(v("1.000.000"), Some(1e6));
        assert_eq!(v("1,000.5"), Some(1000.5));
        assert_eq!(v("1.000,5"), Some(1000.5));
        assert_eq!(v("12.5%"), Some(12.5));
        assert_eq!(v("15.1.2022"), None);
        assert_eq!(v("007"), Some(7.0));
        assert!(parse_digits("2019").unwrap().plain);
    }

    #[test]
    fn killed_soldiers_and_more_than() {
        assert_eq!(
            count("أسفر الهجوم عن مقتل 11 جنديًا"),
            ("11", Some(11.0), Bound::Exact, Some("جنديًا"))
        );
        let q = &find("قتل أكثر من 120 شخصًا خلال 4 أيام")[0];
        assert_eq!(q.bound, Bound::AtLeast);
        assert_eq!(
            q.bound_span
                .unwrap()
                .slice("قتل أكثر من 120 شخصًا خلال 4 أيام"),
            "أكثر من"
        );
        assert_eq!(q.lowest_credible(), Some(120));
    }

    #[test]
    fn number_words_with_compounds() {
        assert_eq!(
            count("لقي خمسة وعشرون مدنيا حتفهم"),
            ("خمسة وعشرون", Some(25.0), Bound::Exact, Some("مدنيا"))
        );
        assert_eq!(count("قتل ثلاثة أشخاص").1, Some(3.0));
        assert_eq!(count("أصيب اثنا عشر شخصا").1, Some(12.0));
        assert_eq!(count("اعتقلت إحدى عشرة امرأة").1, Some(11.0));
        assert_eq!(count("قتل ثلاثة عشر مسلحا").1, Some(13.0));
        assert_eq!(count("أسر مئة وعشرون جنديا").1, Some(120.0));
        assert_eq!(count("أسر مائة وخمسة وعشرون جنديا").1, Some(125.0));
        assert_eq!(count("نزح ثلاثمائة شخص").1, Some(300.0));
        assert_eq!(count("نزح ثلاث مئة شخص").1, Some(300.0));
        assert_eq!(count("نزح نحو مئتي ألف شخص").1, Some(200_000.0));
        assert_eq!(count("فر ثلاثة آلاف وخمسمئة لاجئ").1, Some(3500.0));
        assert_eq!(count("شارك خمسة عشر ألفا").1, Some(15_000.0));
        assert_eq!(count("نزح مليون ونصف").1, Some(1_500_000.0));
        assert_eq!(count("نزح ألف ومئتان").1, Some(1200.0));
        assert_eq!(count("قتل واحد وعشرون شخصا").1, Some(21.0));
        // separate و token
        assert_eq!(count("قتل خمسة و عشرون شخصا").1, Some(25.0));
    }

    #[test]
    fn two_numbers_joined_by_and_stay_apart() {
        let text = "قتل ثلاثة وأصيب أربعة";
        let q = find(text);
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].span.slice(text), "ثلاثة");
        assert_eq!(q[1].value, Some(4.0));
        // 3 killed and 5 wounded: the noun of 3 is not the next clause
        let text = "مقتل 3 وإصابة 5 آخرين";
        let q = find(text);
        assert_eq!(q[0].noun, None);
        assert_eq!(q[1].noun.unwrap().slice(text), "آخرين");
    }

    #[test]
    fn multipliers_after_digits() {
        assert_eq!(
            count("انضم 5 آلاف داعشي"),
            ("5 آلاف", Some(5000.0), Bound::Exact, Some("داعشي"))
        );
        assert_eq!(count("نزح 3 ملايين شخص").1, Some(3e6));
        assert_eq!(count("فر 100 ألف").1, Some(100_000.0));
    }

    #[test]
    fn vague_quantities_and_their_coded_values() {
        let text = "نزح المئات";
        let q = &find(text)[0];
        assert_eq!(q.kind, QuantityKind::Vague);
        assert_eq!(q.span.slice(text), "المئات");
        assert_eq!(q.lowest_credible(), Some(100));
        let cases = [
            ("قتل عشرات المدنيين", 12, Some("المدنيين")),
            ("قتل العشرات من المدنيين", 12, Some("المدنيين")),
            ("قتل عدد من المدنيين", 10, Some("المدنيين")),
            ("قتل عدد كبير من المدنيين", 10, Some("المدنيين")),
            ("قتل العديد من الجنود", 10, Some("الجنود")),
            ("أصيب بعشرات الجروح", 12, Some("الجروح")),
            ("وقتل عدة أشخاص", 10, Some("أشخاص")),
            ("وقتل بضعة جنود", 10, Some("جنود")),
            ("نزح عشرات الآلاف", 12_000, None),
            ("نزح مئات الآلاف من السكان", 100_000, Some("السكان")),
            ("يضم السجن آلاف من عناصر التنظيم", 1000, Some("عناصر")),
            ("فر عدة مئات", 100, None),
            ("سقط قتلى كثيرون", 10, Some("قتلى")),
        ];
        for (text, value, noun) in cases {
            let q = find(text)
                .into_iter()
                .find(|q| q.kind == QuantityKind::Vague)
                .unwrap_or_else(|| panic!("no vague quantity in {text}"));
            assert_eq!(q.lowest_credible(), Some(value), "{text}");
            assert_eq!(q.noun.map(|n| n.slice(text)), noun, "{text}");
        }
        // عدد without من is "the number of", not a quantity; كثير needs من too
        assert!(find("بلغ عدد القتلى").is_empty());
        assert!(find("أكثر بكثير").is_empty());
        // عدة after its noun
        let text = "شنت المقاتلات غارات عدة";
        assert_eq!(find(text)[0].noun.unwrap().slice(text), "غارات");
        // كميات is not ك + مئات
        assert!(find("ضبط كميات كبيرة").is_empty());
    }

    #[test]
    fn bounds_before_and_after() {
        let cases = [
            ("قرابة ٣٠٠ مسلح", Bound::About, "قرابة", Some(300)),
            ("ما لا يقل عن 7 قتلى", Bound::AtLeast, "ما لا يقل عن", Some(7)),
            ("قتل بنحو 20 شخصا", Bound::About, "بنحو", Some(20)),
            ("لأكثر من 50 قتيلا", Bound::AtLeast, "لأكثر من", Some(50)),
            ("قتل 7 أشخاص على الأقل", Bound::AtLeast, "على الأقل", Some(7)),
            ("قتل 30 تقريبا", Bound::About, "تقريبا", Some(30)),
            (
                "ما يزيد على مئة مقاتل",
                Bound::AtLeast,
                "ما يزيد على",
                Some(100),
            ),
            ("عدد لا يتجاوز 10 أشخاص", Bound::AtMost, "لا يتجاوز", None),
            ("أقل من عشرة قتلى", Bound::AtMost, "أقل من", None),
            ("قتل 10 فأكثر", Bound::AtLeast, "فأكثر", Some(10)),
        ];
        for (text, bound, words, lowest) in cases {
            let q = find(text)
                .into_iter()
                .find(|q| q.kind == QuantityKind::Count)
                .unwrap();
            assert_eq!(q.bound, bound, "{text}");
            assert_eq!(q.bound_span.unwrap().slice(text), words, "{text}");
            assert_eq!(q.lowest_credible(), lowest, "{text}");
        }
    }

    #[test]
    fn ranges() {
        let text = "قتل ما بين 10 و15 شخصا";
        let q = &find(text)[0];
        assert_eq!(
            (q.value, q.high, q.bound),
            (Some(10.0), Some(15.0), Bound::Between)
        );
        assert_eq!(q.bound_span.unwrap().slice(text), "ما بين");
        assert_eq!(q.noun.unwrap().slice(text), "شخصا");
        assert_eq!(q.lowest_credible(), Some(10));
        let text = "قتل 5 أو 6 مدنيين";
        let q = &find(text)[0];
        assert_eq!((q.value, q.high), (Some(5.0), Some(6.0)));
        assert_eq!(q.phrase().slice(text), "5 أو 6 مدنيين");
    }

    #[test]
    fn noun_in_parentheses_style_and_definite_numbers() {
        let text = "القبض عليهم وعددهم (190) موقوفا";
        assert_eq!(find(text)[0].noun.unwrap().slice(text), "موقوفا");
        let text = "نقل الجرحى الثلاثة إلى المستشفى";
        let q = &find(text)[0];
        assert_eq!(
            (q.value, q.noun.unwrap().slice(text)),
            (Some(3.0), "الجرحى")
        );
        let text = "تتراوح أعدادهم بين 10 إلى 17 شخصا";
        let q = &find(text)[0];
        assert_eq!(
            (q.value, q.high, q.bound),
            (Some(10.0), Some(17.0), Bound::Between)
        );
    }

    #[test]
    fn noun_named_before_the_number() {
        let text = "ارتفعت حصيلة القتلى إلى 120";
        let q = &find(text)[0];
        assert_eq!(q.noun.unwrap().slice(text), "القتلى");
        let text = "وقد بلغ عدد الفارين الذين تم القبض عليهم 136";
        assert_eq!(find(text)[0].noun.unwrap().slice(text), "الفارين");
    }

    #[test]
    fn years_dates_percentages_clocks_ordinals_are_not_counts() {
        assert_eq!(first("في عام 2019 قتل", QuantityKind::Year).0, "2019");
        assert_eq!(
            first("طرد منها بين عامي 2017 و2019", QuantityKind::Year).0,
            "2017"
        );
        let q = find("بين عامي 2017 و2019");
        assert!(q.iter().all(|q| q.kind == QuantityKind::Year), "{q:?}");
        assert_eq!(
            first("وقع في 15/1/2022 هجوم", QuantityKind::Date).0,
            "15/1/2022"
        );
        assert_eq!(first("يوم 15 يناير 2022", QuantityKind::Date).0, "15");
        assert_eq!(first("يوم 15 يناير 2022", QuantityKind::Year).0, "2022");
        assert_eq!(
            first("في 15 كانون الثاني 2022", QuantityKind::Year).0,
            "2022"
        );
        assert_eq!(
            first("تراجع بنسبة 12.5%", QuantityKind::Percent).1,
            Some(12.5)
        );
        assert_eq!(
            first("ارتفع 50 في المئة", QuantityKind::Percent).0,
            "50 في المئة"
        );
        assert_eq!(
            first("ارتفع خمسين بالمائة", QuantityKind::Percent).1,
            Some(50.0)
        );
        assert_eq!(
            first("عند الساعة 10:30 صباحا", QuantityKind::Clock).0,
            "10:30"
        );
        assert_eq!(
            first("عند الساعة العاشرة", QuantityKind::Clock).1,
            Some(10.0)
        );
        assert_eq!(first("للمرة الثانية", QuantityKind::Ordinal).1, Some(2.0));
        assert_eq!(
            first("في القرن العشرين", QuantityKind::Ordinal).1,
            Some(20.0)
        );
        assert_eq!(count("هؤلاء الخمسين مقاتلاً").3, Some("مقاتلاً"));
        assert_eq!(
            first("في الحادي عشر من", QuantityKind::Ordinal).1,
            Some(11.0)
        );
        assert_eq!(
            first("في الخامس والعشرين من", QuantityKind::Ordinal).1,
            Some(25.0)
        );
        assert_eq!(
            first("الدورة الثالثة عشرة", QuantityKind::Ordinal).1,
            Some(13.0)
        );
        // months named with ordinals are not ordinals
        assert!(find("كانون الثاني").is_empty());
        // Monday is not two
        assert!(find("يوم الاثنين").is_empty());
        // a year-like number with a counted noun is a count
        assert_eq!(count("قتل 2000 شخص").1, Some(2000.0));
        for q in find("في 2019 و 15/1/2022 و 12.5% و 10:30") {
            assert_eq!(q.lowest_credible(), None, "{q:?}");
        }
    }

    #[test]
    fn sample_sentence_spans_slice_the_original() {
        let text = "وقد أعلن المرصد عن ارتفاع أعداد ضحايا اشتباكات سجن غويران إلى أكثر من 120 قتيلًا خلال 4 أيام، وبلغ عدد الفارين 136 سجينًا.";
        let q = find(text);
        let shown: Vec<(&str, Option<&str>)> = q
            .iter()
            .map(|q| (q.span.slice(text), q.noun.map(|n| n.slice(text))))
            .collect();
        assert_eq!(
            shown,
            [
                ("120", Some("قتيلًا")),
                ("4", Some("أيام")),
                ("136", Some("سجينًا"))
            ]
        );
    }

    #[test]
    fn lexicon_spellings_do_not_collide() {
        let mut seen: std::collections::HashMap<String, Word> = std::collections::HashMap::new();
        for &(w, v, _) in NUMBER_WORDS {
            if let Some(old) = seen.insert(key_of(w), v) {
                assert_eq!(old, v, "{w} collides");
            }
        }
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        const VOCAB: &[&str] = &[
            "أكثر",
            "من",
            "120",
            "قتيلا",
            "خمسة",
            "وعشرون",
            "و",
            "مئة",
            "ألف",
            "آلاف",
            "عشرات",
            "الآلاف",
            "عدد",
            "كبير",
            "بين",
            "ما",
            "لا",
            "يقل",
            "عن",
            "على",
            "الأقل",
            "/",
            "-",
            ":",
            "2019",
            "15",
            "1",
            "يناير",
            "كانون",
            "الثاني",
            "عام",
            "في",
            "المئة",
            "%",
            "١٢٫٥",
            "الحادي",
            "عشر",
            "عشرة",
            "الساعة",
            "أو",
            "حصيلة",
            "إلى",
            "ونصف",
            "م",
            "،",
            "اثنا",
            "ثلاث",
            "مليون",
            "بالمئة",
            "كثيرون",
            "الخميس",
        ];

        fn check(text: &str) {
            let tokens = tokenize(text);
            let keys = TokenKeys::build(text, &tokens);
            let mut last_end = 0;
            for q in find_quantities(text, &tokens, &keys) {
                for span in [Some(q.span), q.bound_span, q.noun, Some(q.phrase())]
                    .into_iter()
                    .flatten()
                {
                    assert!(span.end() <= text.len());
                    assert!(text.is_char_boundary(span.start()));
                    assert!(text.is_char_boundary(span.end()));
                }
                assert!(q.tokens.start < q.tokens.end && q.tokens.end <= tokens.len());
                assert!(
                    q.tokens.start >= last_end,
                    "overlapping quantities in {text}"
                );
                last_end = q.tokens.end;
                let _ = q.lowest_credible();
            }
        }

        proptest! {
            #[test]
            fn no_panic_and_spans_inside(text in "\\PC{0,80}") {
                check(&text);
            }

            #[test]
            fn no_panic_on_number_soup(words in proptest::collection::vec(
                proptest::sample::select(VOCAB), 0..24), glue in proptest::collection::vec(
                proptest::sample::select(&[" ", "", " ", "  "][..]), 24)) {
                let mut text = String::new();
                for (k, w) in words.iter().enumerate() {
                    text.push_str(w);
                    text.push_str(glue[k]);
                }
                check(&text);
            }
        }
    }
}
