//! Time expressions, resolved against a publication date, with a precision.
//!
//! [`find_times`] reads a tokenized text and returns every time expression with its span, its
//! [`TimeKind`] (a date or period, a range, a "since" anchor, a duration) and, when it can be
//! told, the dates it denotes. Relative expressions (`أمس`, `الخميس الماضي`, `الشهر الماضي`)
//! need the publication date: without one they are still found, with `date: None`.
//!
//! Recognized:
//!
//! - absolute dates: `15 يناير 2022`, `15 كانون الثاني 2022`, `15 كانون الثاني/يناير`,
//!   `الخامس عشر من يناير`, `أول يناير`, `15 من الشهر الجاري`, and digits `2022/1/15`,
//!   `15/1/2022`, `15-1-2022`, `2022-01-15`, `15.1.2022`;
//! - months in the Gregorian, Levantine and Maghreb name systems, with a year, a relation
//!   (`ديسمبر الماضي`) or alone; years (`عام 2019`, `سنة 2019`, `في 2019`, `2019م`);
//! - weekdays (`الخميس`, `يوم الخميس`, `الخميس الماضي`, `الخميس 20 يناير`), days relative to
//!   publication (`اليوم`, `أمس`, `البارحة`, `أول أمس`, `الليلة الماضية`) and parts of days
//!   (`فجر اليوم`, `صباح أمس`, `مساء الخميس`, `ليلة الجمعة`);
//! - periods: `الأسبوع الماضي`, `الشهر الجاري`, `هذا العام`, `مطلع الشهر الجاري`,
//!   `أواخر 2019`, windows `الأيام الماضية`, `الـ24 ساعة الماضية`;
//! - `منذ ديسمبر الماضي` (a [`TimeKind::Since`] anchor); `منذ ثلاثة أسابيع`, `قبل يومين`
//!   (a date that long before publication, at the unit's precision);
//! - ranges: `بين عامي 2017 و2019`, `من 2017 إلى 2019`, `2017-2019`;
//! - durations: `خلال 4 أيام`, `لمدة شهرين`, `على مدى يومين`, `4 أيام`.
//!
//! Decisions a user should know:
//!
//! - A weekday alone or after `يوم` is the most recent such day **on or before** publication
//!   (news published on a Thursday that says `الخميس` means that day); with `الماضي`,
//!   `المنصرم` or `الفائت` it is the most recent one **strictly before** publication; with
//!   `المقبل`/`القادم` the next one after it. `اليوم الخميس` is the publication day.
//! - The publication date given is often the day a feed was read, a day or two after the
//!   article appeared. When the first day the text names both relative to publication and by
//!   its weekday (`اليوم (الخميس)`, `أمس الثلاثاء`) disagrees with it by one or two days,
//!   the weekday wins: every relative expression of the text is resolved against the
//!   publication date that weekday implies.
//! - `ليلة الجمعة` and `عشية الجمعة` are the night **before** Friday: the date is Thursday.
//!   `ليل الجمعة`, `مساء الجمعة`, `فجر الجمعة` are Friday. The night between two days
//!   (`ليل الأربعاء الخميس`, `ليلة الأحد - الاثنين`) is dated by its first day, unless the text
//!   says after midnight (`بعد منتصف ليل الأحد - الاثنين`): then the second.
//!   `الليلة قبل الماضية` is two days before publication. `الليلة الماضية` is the day
//!   before publication.
//! - A month without a year is the most recent such month not after the publication month;
//!   with `الماضي` strictly before it, with `المقبل` strictly after it.
//! - `الأسبوع الماضي` is the seven days before publication; `الشهر الماضي` and `العام
//!   الماضي` are the calendar month and year before it.
//! - A period has `date` (its first day) and `end` (its last day); [`TimeExpr::event_date`]
//!   gives its middle day, the usual ACLED coding of a week; a whole calendar month is coded
//!   on its 15th.
//! - Expressions never share a token; at each token the longest reading wins.
//!
//! ```
//! use chrono::NaiveDate;
//! use marsad_text::{normalize::TokenKeys, time::{find_times, Precision, TimeKind}, tokenize::tokenize};
//! let text = "هاجم التنظيم السجن يوم الخميس الماضي واستمرت الاشتباكات خلال 4 أيام";
//! let tokens = tokenize(text);
//! let keys = TokenKeys::build(text, &tokens);
//! let published = NaiveDate::from_ymd_opt(2022, 1, 24); // a Monday
//! let times = find_times(text, &tokens, &keys, published);
//! assert_eq!(times[0].span.slice(text), "يوم الخميس الماضي");
//! assert_eq!(times[0].date, NaiveDate::from_ymd_opt(2022, 1, 20));
//! assert_eq!(times[0].precision, Some(Precision::Day));
//! assert_eq!(times[1].span.slice(text), "خلال 4 أيام");
//! assert_eq!(times[1].kind, TimeKind::Duration);
//! ```

use std::ops::Range;
use std::sync::OnceLock;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::Serialize;

use crate::normalize::TokenKeys;
use crate::number::{
    hijri_to_gregorian, is_year_at, numeric_date, parse_cardinal, parse_digits, parse_ordinal, Art,
    Clitics, Cx, Table,
};
use crate::span::Span;
use crate::tokenize::{Token, TokenKind};

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

/// What a time expression is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeKind {
    /// A day or a period (week, month, year, window): `أمس`, `الشهر الماضي`, `عام 2019`.
    Date,
    /// Two explicit ends: `بين عامي 2017 و2019`.
    Range,
    /// A starting point: `منذ ديسمبر الماضي`; `date` is the anchor's first day.
    Since,
    /// A length of time, not a date: `خلال 4 أيام`; see [`TimeExpr::period`].
    Duration,
}

/// How precisely a date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    Day,
    Week,
    Month,
    Year,
}

impl Precision {
    /// ACLED's `time_precision`: 1 day, 2 week, 3 month; a year is coded 3, ACLED's coarsest.
    pub fn acled_code(self) -> u8 {
        match self {
            Precision::Day => 1,
            Precision::Week => 2,
            Precision::Month | Precision::Year => 3,
        }
    }
}

/// Units of time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
}

/// A length of time: `4 أيام` is `count: Some(4), unit: Day`; `أيام` alone has no count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Period {
    pub count: Option<u32>,
    pub unit: TimeUnit,
}

/// A time expression.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimeExpr {
    pub span: Span,
    pub tokens: Range<usize>,
    pub kind: TimeKind,
    /// The day, or the first day of a period, range or anchor; `None` when unresolved.
    pub date: Option<NaiveDate>,
    /// The last day of a period or range.
    pub end: Option<NaiveDate>,
    /// `None` for durations.
    pub precision: Option<Precision>,
    /// True when resolving needed the publication date.
    pub relative: bool,
    /// The length of a duration, and of `منذ ثلاثة أسابيع` / `قبل يومين`.
    pub period: Option<Period>,
}

impl TimeExpr {
    /// The date to code an event with: the day itself, the middle day of a period, the first
    /// day of a range; `None` for anchors, durations and unresolved expressions.
    pub fn event_date(&self) -> Option<NaiveDate> {
        match (self.kind, self.date, self.end) {
            // a whole calendar month is coded mid-month, on the 15th
            (TimeKind::Date, Some(a), Some(b))
                if self.precision == Some(Precision::Month)
                    && a.day() == 1
                    && b.succ_opt().is_some_and(|n| n.day() == 1)
                    && a.month() == b.month() =>
            {
                a.with_day(15)
            }
            (TimeKind::Date, Some(a), Some(b)) if b > a => {
                a.checked_add_days(Days::new(((b - a).num_days() / 2) as u64))
            }
            (TimeKind::Date | TimeKind::Range, Some(a), _) => Some(a),
            _ => None,
        }
    }

    /// ACLED's `time_precision` of [`TimeExpr::precision`].
    pub fn time_precision(&self) -> Option<u8> {
        self.precision.map(Precision::acled_code)
    }
}

/// The most days a publication date may run ahead of the article's own before the text's
/// weekday is no longer taken to correct it (see the module docs).
const MAX_PUBLICATION_LAG: i64 = 2;

/// Finds the time expressions of a tokenized text, resolving them against `published`
/// (corrected by the text's own weekday, see the module docs).
pub fn find_times(
    text: &str,
    tokens: &[Token],
    keys: &TokenKeys,
    published: Option<NaiveDate>,
) -> Vec<TimeExpr> {
    let cx = Cx::new(text, tokens, keys);
    let lex = lexicon();
    let memo: Vec<Option<(T, Clitics)>> = (0..cx.n)
        .map(|i| {
            if cx.kind(i) == Some(TokenKind::Arabic) {
                lex.word(cx.key(i))
            } else {
                None
            }
        })
        .collect();
    let mut p = P {
        cx,
        memo: Some(memo),
        published,
    };
    if let Some(lag) = p.publication_lag() {
        p.published = published.and_then(|d| shift_days(d, -lag));
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < p.cx.n {
        match p.time_at(i) {
            Some(e) => {
                i = e.tokens.end.max(i + 1);
                out.push(e);
            }
            None => i += 1,
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Lexicon
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rel {
    /// الماضي، المنصرم، الفائت، السابق.
    Past,
    /// الأخير، الأخيرة.
    Recent,
    /// المقبل، القادم.
    Next,
    /// الجاري، الحالي.
    Current,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Edge {
    Start,
    Middle,
    End,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum T {
    Month(u8),
    /// A month name that is also a common word (مارس "practiced", آب "father"): needs a day,
    /// a year, a relation or `شهر` around it.
    AmbiguousMonth(u8),
    /// كانون and تشرين, completed by الأول/الثاني.
    Kanun,
    Tishrin,
    Weekday(Weekday),
    /// يوم; with the article, today.
    Day,
    /// ليلة; with the article, tonight.
    Night,
    /// صباح، مساء، فجر...; `true` for عشية (the eve: the day before).
    Part(bool),
    Yesterday,
    /// أول: أول أمس, أول يناير.
    First,
    /// A unit and its grammatical number (0 plural, 1 singular, 2 dual).
    Unit(TimeUnit, u8),
    Rel(Rel),
    Since,
    Ago,
    During,
    /// مدى، مدار after على.
    Extent,
    Between,
    Edge(Edge),
    This,
}

use TimeUnit as U;

const TIME_WORDS: &[(&str, T, Art)] = &[
    ("يناير", T::Month(1), Art::Never),
    ("جانفي", T::Month(1), Art::Never),
    ("فبراير", T::Month(2), Art::Never),
    ("شباط", T::Month(2), Art::Never),
    ("فيفري", T::Month(2), Art::Never),
    ("مارس", T::AmbiguousMonth(3), Art::Never),
    ("آذار", T::Month(3), Art::Never),
    ("أبريل", T::Month(4), Art::Never),
    ("إبريل", T::Month(4), Art::Never),
    ("نيسان", T::Month(4), Art::Never),
    ("أفريل", T::Month(4), Art::Never),
    ("مايو", T::Month(5), Art::Never),
    ("أيار", T::Month(5), Art::Never),
    ("مايس", T::Month(5), Art::Never),
    ("ماي", T::AmbiguousMonth(5), Art::Never),
    ("يونيو", T::Month(6), Art::Never),
    ("يونيه", T::Month(6), Art::Never),
    ("حزيران", T::Month(6), Art::Never),
    ("جوان", T::Month(6), Art::Never),
    ("يوليو", T::Month(7), Art::Never),
    ("يوليه", T::Month(7), Art::Never),
    ("تموز", T::Month(7), Art::Never),
    ("يوليوز", T::Month(7), Art::Never),
    ("جويلية", T::Month(7), Art::Never),
    ("أغسطس", T::Month(8), Art::Never),
    ("آب", T::AmbiguousMonth(8), Art::Never),
    ("غشت", T::Month(8), Art::Never),
    ("أوت", T::Month(8), Art::Never),
    ("سبتمبر", T::Month(9), Art::Never),
    ("أيلول", T::Month(9), Art::Never),
    ("شتنبر", T::Month(9), Art::Never),
    ("أكتوبر", T::Month(10), Art::Never),
    ("نوفمبر", T::Month(11), Art::Never),
    ("نونبر", T::Month(11), Art::Never),
    ("ديسمبر", T::Month(12), Art::Never),
    ("دجنبر", T::Month(12), Art::Never),
    ("كانون", T::Kanun, Art::Never),
    ("تشرين", T::Tishrin, Art::Never),
    ("أحد", T::Weekday(Weekday::Sun), Art::Required),
    ("إثنين", T::Weekday(Weekday::Mon), Art::Required),
    ("ثلاثاء", T::Weekday(Weekday::Tue), Art::Required),
    ("أربعاء", T::Weekday(Weekday::Wed), Art::Required),
    ("خميس", T::Weekday(Weekday::Thu), Art::Required),
    ("جمعة", T::Weekday(Weekday::Fri), Art::Required),
    ("سبت", T::Weekday(Weekday::Sat), Art::Required),
    ("يوم", T::Day, Art::Optional),
    ("ليلة", T::Night, Art::Optional),
    ("صباح", T::Part(false), Art::Never),
    ("صبيحة", T::Part(false), Art::Never),
    ("مساء", T::Part(false), Art::Never),
    ("فجر", T::Part(false), Art::Never),
    ("ظهر", T::Part(false), Art::Never),
    ("ظهيرة", T::Part(false), Art::Never),
    ("عصر", T::Part(false), Art::Never),
    ("ليل", T::Part(false), Art::Never),
    ("نهار", T::Part(false), Art::Never),
    ("عشية", T::Part(true), Art::Never),
    ("أمس", T::Yesterday, Art::Optional),
    ("بارحة", T::Yesterday, Art::Required),
    ("أول", T::First, Art::Never),
    ("دقيقة", T::Unit(U::Minute, 1), Art::Optional),
    ("دقائق", T::Unit(U::Minute, 0), Art::Optional),
    ("دقيقتين", T::Unit(U::Minute, 2), Art::Optional),
    ("دقيقتان", T::Unit(U::Minute, 2), Art::Optional),
    ("ساعة", T::Unit(U::Hour, 1), Art::Optional),
    ("ساعات", T::Unit(U::Hour, 0), Art::Optional),
    ("ساعتين", T::Unit(U::Hour, 2), Art::Optional),
    ("ساعتان", T::Unit(U::Hour, 2), Art::Optional),
    ("يوما", T::Unit(U::Day, 1), Art::Never),
    ("أيام", T::Unit(U::Day, 0), Art::Optional),
    ("يومين", T::Unit(U::Day, 2), Art::Optional),
    ("يومان", T::Unit(U::Day, 2), Art::Optional),
    ("أسبوع", T::Unit(U::Week, 1), Art::Optional),
    ("أسبوعا", T::Unit(U::Week, 1), Art::Never),
    ("أسابيع", T::Unit(U::Week, 0), Art::Optional),
    ("أسبوعين", T::Unit(U::Week, 2), Art::Optional),
    ("أسبوعان", T::Unit(U::Week, 2), Art::Optional),
    ("شهر", T::Unit(U::Month, 1), Art::Optional),
    ("شهرا", T::Unit(U::Month, 1), Art::Never),
    ("أشهر", T::Unit(U::Month, 0), Art::Optional),
    ("شهور", T::Unit(U::Month, 0), Art::Optional),
    ("شهرين", T::Unit(U::Month, 2), Art::Optional),
    ("شهران", T::Unit(U::Month, 2), Art::Optional),
    ("شهري", T::Unit(U::Month, 2), Art::Never),
    ("عام", T::Unit(U::Year, 1), Art::Optional),
    ("عاما", T::Unit(U::Year, 1), Art::Never),
    ("أعوام", T::Unit(U::Year, 0), Art::Optional),
    ("عامين", T::Unit(U::Year, 2), Art::Optional),
    ("عامان", T::Unit(U::Year, 2), Art::Optional),
    ("عامي", T::Unit(U::Year, 2), Art::Never),
    ("سنة", T::Unit(U::Year, 1), Art::Optional),
    ("سنوات", T::Unit(U::Year, 0), Art::Optional),
    ("سنين", T::Unit(U::Year, 0), Art::Optional),
    ("سنتين", T::Unit(U::Year, 2), Art::Optional),
    ("سنتان", T::Unit(U::Year, 2), Art::Optional),
    ("سنتي", T::Unit(U::Year, 2), Art::Never),
    ("ماضي", T::Rel(Rel::Past), Art::Required),
    ("ماضية", T::Rel(Rel::Past), Art::Required),
    ("ماضيين", T::Rel(Rel::Past), Art::Required),
    ("ماضيتين", T::Rel(Rel::Past), Art::Required),
    ("منصرم", T::Rel(Rel::Past), Art::Required),
    ("منصرمة", T::Rel(Rel::Past), Art::Required),
    ("فائت", T::Rel(Rel::Past), Art::Required),
    ("فائتة", T::Rel(Rel::Past), Art::Required),
    ("سابق", T::Rel(Rel::Past), Art::Required),
    ("سابقة", T::Rel(Rel::Past), Art::Required),
    ("أخير", T::Rel(Rel::Recent), Art::Required),
    ("أخيرة", T::Rel(Rel::Recent), Art::Required),
    ("أخيرين", T::Rel(Rel::Recent), Art::Required),
    ("مقبل", T::Rel(Rel::Next), Art::Required),
    ("مقبلة", T::Rel(Rel::Next), Art::Required),
    ("قادم", T::Rel(Rel::Next), Art::Required),
    ("قادمة", T::Rel(Rel::Next), Art::Required),
    ("جاري", T::Rel(Rel::Current), Art::Required),
    ("جارية", T::Rel(Rel::Current), Art::Required),
    ("حالي", T::Rel(Rel::Current), Art::Required),
    ("حالية", T::Rel(Rel::Current), Art::Required),
    ("منذ", T::Since, Art::Never),
    ("قبل", T::Ago, Art::Never),
    ("خلال", T::During, Art::Never),
    ("طوال", T::During, Art::Never),
    ("طيلة", T::During, Art::Never),
    ("مدة", T::During, Art::Never),
    ("مدى", T::Extent, Art::Never),
    ("مدار", T::Extent, Art::Never),
    ("بين", T::Between, Art::Never),
    ("مطلع", T::Edge(Edge::Start), Art::Never),
    ("أوائل", T::Edge(Edge::Start), Art::Never),
    ("بداية", T::Edge(Edge::Start), Art::Never),
    ("مستهل", T::Edge(Edge::Start), Art::Never),
    ("منتصف", T::Edge(Edge::Middle), Art::Never),
    ("أواسط", T::Edge(Edge::Middle), Art::Never),
    ("أواخر", T::Edge(Edge::End), Art::Never),
    ("نهاية", T::Edge(Edge::End), Art::Never),
    ("ختام", T::Edge(Edge::End), Art::Never),
    ("هذا", T::This, Art::Never),
    ("هذه", T::This, Art::Never),
];

/// Words after اليوم that make it "the day" rather than "today".
const NOT_TODAY: &[&str] = &[
    "التالي",
    "السابق",
    "الاول",
    "الثاني",
    "الثالث",
    "الاخير",
    "نفسه",
    "ذاته",
    "العالمي",
    "الوطني",
    "الدولي",
    "الموعود",
];

struct TimeLexicon {
    words: Table<(T, Art)>,
}

fn lexicon() -> &'static TimeLexicon {
    static LEXICON: OnceLock<TimeLexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let entries: Vec<(&str, (T, Art))> =
            TIME_WORDS.iter().map(|&(w, t, a)| (w, (t, a))).collect();
        TimeLexicon {
            words: Table::new(&entries),
        }
    })
}

impl TimeLexicon {
    fn word(&self, key: &str) -> Option<(T, Clitics)> {
        self.words
            .lookup(key, |(t, art), c| {
                // month and weekday names take و/ف/ب/ل but no ك
                art.allows(c.article) && (c.prep != Some('ك') || matches!(t, T::Unit(..)))
            })
            .map(|((t, _), c)| (t, c))
    }
}

// Helpers for number.rs ---------------------------------------------------------------------

/// True for words of the calendar that are never a counted noun: months, weekdays, `أمس`,
/// `اليوم`, `الماضي`...
pub(crate) fn is_calendar_word(key: &str) -> bool {
    match lexicon().word(key) {
        Some((t, c)) => match t {
            T::Month(_)
            | T::AmbiguousMonth(_)
            | T::Kanun
            | T::Tishrin
            | T::Weekday(_)
            | T::Yesterday
            | T::Rel(_) => true,
            T::Day | T::Night => c.article,
            _ => false,
        },
        None => false,
    }
}

/// True for كانون and تشرين.
pub(crate) fn is_month_prefix(key: &str) -> bool {
    matches!(lexicon().word(key), Some((T::Kanun | T::Tishrin, _)))
}

/// True when a month follows at token `j` (after an optional `من`): `15 يناير`,
/// `15 من كانون الثاني`, `15 من الشهر الجاري`.
pub(crate) fn month_follows(cx: &Cx, j: usize) -> bool {
    let p = P {
        cx: Cx { ..*cx },
        memo: None,
        published: None,
    };
    let j = if cx.key(j) == "من" { j + 1 } else { j };
    p.month_name(j).is_some() || p.this_month_ref(j).is_some()
}

/// True when a month name ends right before token `i`.
pub(crate) fn month_precedes(cx: &Cx, i: usize) -> bool {
    if i == 0 {
        return false;
    }
    let p = P {
        cx: Cx { ..*cx },
        memo: None,
        published: None,
    };
    let k = if cx.key(i - 1) == "من" && i >= 2 {
        i - 2
    } else {
        i - 1
    };
    matches!(p.word(k), Some((T::Month(_) | T::AmbiguousMonth(_), _)))
        || (k >= 1 && p.month_name(k - 1).is_some_and(|(_, end, _)| end == k + 1))
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

/// What a date phrase denotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Found {
    end: usize,
    date: Option<NaiveDate>,
    last: Option<NaiveDate>,
    precision: Precision,
    relative: bool,
    /// The weekday the text names for a day it gives relative to publication (`أمس الجمعة`).
    weekday: Option<Weekday>,
}

struct MonthRef {
    year: Option<i32>,
    month: u32,
    end: usize,
    relative: bool,
}

enum YearRef {
    Explicit(i32),
    Relative(Rel),
}

struct P<'a> {
    cx: Cx<'a>,
    /// The lexicon reading of every token, computed once.
    memo: Option<Vec<Option<(T, Clitics)>>>,
    published: Option<NaiveDate>,
}

fn shift_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    }
}

fn shift_months(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    let m = Months::new(u32::try_from(n.unsigned_abs()).ok()?);
    if n >= 0 {
        d.checked_add_months(m)
    } else {
        d.checked_sub_months(m)
    }
}

fn month_bounds(year: i32, month: u32) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
    Some((first, last))
}

fn year_bounds(year: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((
        NaiveDate::from_ymd_opt(year, 1, 1)?,
        NaiveDate::from_ymd_opt(year, 12, 31)?,
    ))
}

/// The year of a month named without one.
fn month_year(published: NaiveDate, month: u32, rel: Option<Rel>) -> i32 {
    let (y, pm) = (published.year(), published.month());
    match rel {
        None => {
            if month <= pm {
                y
            } else {
                y - 1
            }
        }
        Some(Rel::Past | Rel::Recent) => {
            if month < pm {
                y
            } else {
                y - 1
            }
        }
        Some(Rel::Next) => {
            if month > pm {
                y
            } else {
                y + 1
            }
        }
        Some(Rel::Current) => y,
    }
}

fn rel_offset(rel: Rel) -> i64 {
    match rel {
        Rel::Past | Rel::Recent => -1,
        Rel::Current => 0,
        Rel::Next => 1,
    }
}

/// The weekday `wd` relative to `published` (see the module docs).
fn resolve_weekday(published: NaiveDate, wd: Weekday, rel: Option<Rel>) -> Option<NaiveDate> {
    let today = i64::from(published.weekday().num_days_from_monday());
    let target = i64::from(wd.num_days_from_monday());
    let back = (today - target).rem_euclid(7);
    match rel {
        Some(Rel::Past | Rel::Recent) => shift_days(published, -(if back == 0 { 7 } else { back })),
        Some(Rel::Next) => {
            let fwd = (target - today).rem_euclid(7);
            shift_days(published, if fwd == 0 { 7 } else { fwd })
        }
        _ => shift_days(published, -back),
    }
}

/// The Islamic month named by one or two keys (MATCHING-normalized), and how many tokens it
/// takes.
fn hijri_month(first: &str, second: &str) -> Option<(u32, usize)> {
    let two = |m: u32| Some((m, 2));
    match (first, second) {
        ("محرم", _) => Some((1, 1)),
        ("صفر", _) => Some((2, 1)),
        ("ربيع", "الاول" | "اول") => two(3),
        ("ربيع", "الثاني" | "الاخر" | "ثاني") => two(4),
        ("جمادي", "الاولي" | "الاول" | "اولي") => two(5),
        ("جمادي", "الاخره" | "الثانيه" | "الاخر" | "الثاني") => two(6),
        ("رجب", _) => Some((7, 1)),
        ("شعبان", _) => Some((8, 1)),
        ("رمضان", _) => Some((9, 1)),
        ("شوال", _) => Some((10, 1)),
        ("ذو" | "ذي", "القعده") => two(11),
        ("ذو" | "ذي", "الحجه") => two(12),
        _ => None,
    }
}

fn day_found(end: usize, date: Option<NaiveDate>, relative: bool) -> Found {
    Found {
        end,
        date,
        last: None,
        precision: Precision::Day,
        relative,
        weekday: None,
    }
}

fn period_found(
    end: usize,
    bounds: Option<(NaiveDate, NaiveDate)>,
    precision: Precision,
    relative: bool,
) -> Found {
    Found {
        end,
        date: bounds.map(|b| b.0),
        last: bounds.map(|b| b.1),
        precision,
        relative,
        weekday: None,
    }
}

/// The precision of a window of `days` days.
fn window_precision(days: i64) -> Precision {
    match days {
        ..=1 => Precision::Day,
        2..=7 => Precision::Week,
        8..=31 => Precision::Month,
        _ => Precision::Year,
    }
}

impl<'a> P<'a> {
    fn word(&self, i: usize) -> Option<(T, Clitics)> {
        match &self.memo {
            Some(m) => m.get(i).copied().flatten(),
            None => {
                if self.cx.kind(i) == Some(TokenKind::Arabic) {
                    lexicon().word(self.cx.key(i))
                } else {
                    None
                }
            }
        }
    }

    fn key(&self, i: usize) -> &'a str {
        self.cx.key(i)
    }

    fn rel_at(&self, i: usize) -> Option<Rel> {
        match self.word(i) {
            Some((T::Rel(r), c)) if c.conj.is_none() && c.prep.is_none() => Some(r),
            _ => None,
        }
    }

    /// A unit word at `i` with the article (الأسبوع، الشهر، العام).
    fn unit_with_article(&self, i: usize) -> Option<(TimeUnit, u8)> {
        match self.word(i) {
            Some((T::Unit(u, n), c)) if c.article => Some((u, n)),
            _ => None,
        }
    }

    fn pub_then<R>(&self, f: impl FnOnce(NaiveDate) -> Option<R>) -> Option<R> {
        self.published.and_then(f)
    }

    fn expr(&self, kind: TimeKind, start: usize, f: Found) -> TimeExpr {
        TimeExpr {
            span: self.cx.span(start..f.end),
            tokens: start..f.end,
            kind,
            date: f.date,
            end: f.last,
            precision: Some(f.precision),
            relative: f.relative,
            period: None,
        }
    }

    /// A 4-digit year in 1900–2100 at token `j`.
    fn year_number(&self, j: usize) -> Option<i32> {
        if self.cx.kind(j) != Some(TokenKind::Number) {
            return None;
        }
        let d = parse_digits(self.key(j))?;
        (d.plain && d.integer && d.digits == 4 && (1900.0..=2100.0).contains(&d.value))
            .then_some(d.value as i32)
    }

    /// After a year number: `م` or `هـ` glued to it.
    fn after_year(&self, j: usize) -> usize {
        if matches!(self.key(j), "م" | "ه") && j > 0 && self.cx.touching(j - 1) {
            j + 1
        } else {
            j
        }
    }

    // --- months -------------------------------------------------------------------------

    /// One month name (كانون الثاني is one): month, end, ambiguous.
    fn month_word(&self, i: usize) -> Option<(u32, usize, bool)> {
        let (t, c) = self.word(i)?;
        if c.prep == Some('ك') {
            return None;
        }
        match t {
            T::Month(m) => Some((u32::from(m), i + 1, false)),
            T::AmbiguousMonth(m) => Some((u32::from(m), i + 1, true)),
            T::Kanun | T::Tishrin => {
                let next = self.key(i + 1);
                let second = matches!(next, "الثاني" | "ثاني");
                let first = matches!(next, "الاول" | "اول");
                match (t, first, second) {
                    (T::Kanun, true, _) => Some((12, i + 2, false)),
                    (T::Kanun, _, true) => Some((1, i + 2, false)),
                    (T::Tishrin, true, _) => Some((10, i + 2, false)),
                    (T::Tishrin, _, true) => Some((11, i + 2, false)),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// A month name with an optional second name for the same month:
    /// `كانون الثاني/يناير`, `يناير (كانون الثاني)`.
    fn month_name(&self, i: usize) -> Option<(u32, usize, bool)> {
        let (m, mut end, mut ambiguous) = self.month_word(i)?;
        // يونيو حزيران: the second name may also follow with no mark between
        let alt = if matches!(self.key(end), "/" | "(" | "-") {
            end + 1
        } else {
            end
        };
        if alt > end || self.bare_month(end) {
            if let Some((m2, e2, _)) = self.month_word(alt) {
                if m2 == m {
                    end = e2;
                    ambiguous = false;
                    if self.key(end) == ")" {
                        end += 1;
                    }
                }
            }
        }
        Some((m, end, ambiguous))
    }

    /// A year after a month: `2022`, `عام 2022`, `من العام الماضي`, `من هذا العام`.
    fn year_after(&self, j: usize) -> Option<(YearRef, usize)> {
        let k = if self.key(j) == "من" { j + 1 } else { j };
        let mut k2 = k;
        let unit = matches!(self.word(k2), Some((T::Unit(U::Year, 1), _)));
        if unit {
            k2 += 1;
        }
        if let Some(y) = self.year_number(k2) {
            return Some((YearRef::Explicit(y), self.after_year(k2 + 1)));
        }
        if unit && self.unit_with_article(k).is_some() {
            if let Some(r) = self.rel_at(k2) {
                return Some((YearRef::Relative(r), k2 + 1));
            }
        }
        if matches!(self.word(k), Some((T::This, _)))
            && self.unit_with_article(k + 1) == Some((U::Year, 1))
        {
            return Some((YearRef::Relative(Rel::Current), k + 2));
        }
        None
    }

    /// A month name at `i` not carrying و: the second name of a pair is bare.
    fn bare_month(&self, i: usize) -> bool {
        matches!(self.word(i), Some((_, c)) if c.conj.is_none())
    }

    /// A month with what fixes its year. `context`: a day or `شهر` came before, so an
    /// ambiguous name (مارس، آب) is a month.
    fn month_ref(&self, i: usize, context: bool) -> Option<MonthRef> {
        let (month, mut end, ambiguous) = self.month_name(i)?;
        let mut known = context || !ambiguous;
        let (year, relative) = if let Some((year, e)) = self.year_after(end) {
            end = e;
            known = true;
            match year {
                YearRef::Explicit(y) => (Some(y), false),
                YearRef::Relative(r) => (
                    self.published.map(|p| p.year() + rel_offset(r) as i32),
                    true,
                ),
            }
        } else if let Some(r) = self.rel_at(end) {
            end += 1;
            known = true;
            (self.published.map(|p| month_year(p, month, Some(r))), true)
        } else {
            (self.published.map(|p| month_year(p, month, None)), true)
        };
        known.then_some(MonthRef {
            year,
            month,
            end,
            relative,
        })
    }

    /// `الشهر الجاري`, `الشهر الماضي`, `هذا الشهر`: (month offset from publication, end).
    fn this_month_ref(&self, i: usize) -> Option<(i64, usize)> {
        if self.unit_with_article(i) == Some((U::Month, 1)) {
            if let Some(r) = self.rel_at(i + 1) {
                return Some((rel_offset(r), i + 2));
            }
        }
        if matches!(self.word(i), Some((T::This, _)))
            && self.unit_with_article(i + 1) == Some((U::Month, 1))
        {
            return Some((0, i + 2));
        }
        None
    }

    fn month_found(&self, m: &MonthRef) -> Found {
        period_found(
            m.end,
            m.year.and_then(|y| month_bounds(y, m.month)),
            Precision::Month,
            m.relative,
        )
    }

    // --- days ---------------------------------------------------------------------------

    /// A day of a month: `15 يناير 2022`, `الخامس عشر من يناير`, `15 من الشهر الجاري`.
    fn day_of_month(&self, i: usize) -> Option<Found> {
        let (day, j) = match self.cx.kind(i)? {
            TokenKind::Number => {
                let d = parse_digits(self.key(i))?;
                if !(d.plain && d.integer && (1.0..=31.0).contains(&d.value)) {
                    return None;
                }
                (d.value as u32, i + 1)
            }
            TokenKind::Arabic => {
                let (v, e) = parse_ordinal(&self.cx, i)?;
                (u32::from(v), e)
            }
            _ => return None,
        };
        if !(1..=31).contains(&day) {
            return None;
        }
        let k = if self.key(j) == "من" { j + 1 } else { j };
        if let Some(m) = self.month_ref(k, true) {
            let date = m
                .year
                .and_then(|y| NaiveDate::from_ymd_opt(y, m.month, day));
            if m.year.is_some() && date.is_none() {
                return None;
            }
            return Some(day_found(m.end, date, m.relative));
        }
        if let Some((offset, end)) = self.this_month_ref(k) {
            let date = self.pub_then(|p| {
                let first = NaiveDate::from_ymd_opt(p.year(), p.month(), 1)?;
                let month = shift_months(first, offset)?;
                NaiveDate::from_ymd_opt(month.year(), month.month(), day)
            });
            return Some(day_found(end, date, true));
        }
        None
    }

    /// `أول يناير`: the first day of a month.
    fn first_of_month(&self, i: usize) -> Option<Found> {
        if !matches!(self.word(i), Some((T::First, _))) {
            return None;
        }
        let m = self.month_ref(i + 1, true)?;
        let date = m.year.and_then(|y| NaiveDate::from_ymd_opt(y, m.month, 1));
        Some(day_found(m.end, date, m.relative))
    }

    /// A weekday, with its relation, a second night day and an explicit date after it.
    /// Returns the phrase and whether an explicit date or a second day (the night into it)
    /// fixed it.
    fn weekday(&self, i: usize) -> Option<(Found, bool)> {
        let (T::Weekday(wd), _) = self.word(i)? else {
            return None;
        };
        let mut end = i + 1;
        let mut rel = None;
        if let Some(r @ (Rel::Past | Rel::Next)) = self.rel_at(end) {
            rel = Some(r);
            end += 1;
        }
        // the night between two days: ليل الأربعاء الخميس، ليل الأربعاء - الخميس
        let k = if matches!(self.key(end), "-" | "/" | "علي") {
            end + 1
        } else {
            end
        };
        let mut night_into = false;
        if let Some((T::Weekday(second), c)) = self.word(k) {
            if c.conj.is_none() {
                night_into = second == wd.succ();
                end = k + 1;
            }
        }
        // الخميس 20 يناير، الخميس الموافق 20 يناير
        let k = if self.key(end) == "الموافق" {
            end + 1
        } else {
            end
        };
        if let Some(f) = self.day_of_month(k) {
            return Some((f, true));
        }
        // a night into the next day is dated by its first day (the night of Wednesday into
        // Thursday is Wednesday's) and fixed by it; [`P::part_of_day`] moves what came after
        // midnight to the second
        let date = self.pub_then(|p| resolve_weekday(p, wd, rel));
        Some((day_found(end, date, true), night_into))
    }

    /// `اليوم` (today), with a weekday after it.
    fn today(&self, i: usize) -> Option<Found> {
        match self.word(i) {
            Some((T::Day, c)) if c.article => {}
            _ => return None,
        }
        let next = self.key(i + 1);
        if NOT_TODAY.contains(&next) || self.rel_at(i + 1).is_some() {
            return None;
        }
        Some(self.weekday_tail(i + 1, self.published))
    }

    /// A day named relative to publication (`date`), ending at `j` or at the weekday that
    /// may follow: `أمس الجمعة`, `اليوم (الخميس)`.
    fn weekday_tail(&self, j: usize, date: Option<NaiveDate>) -> Found {
        let weekday = |k: usize| match self.word(k) {
            Some((T::Weekday(wd), c)) if c.conj.is_none() => Some(wd),
            _ => None,
        };
        let (end, named) = if let Some(wd) = weekday(j) {
            (j + 1, Some(wd))
        } else if let (Some(wd), "(", ")") = (weekday(j + 1), self.key(j), self.key(j + 2)) {
            (j + 3, Some(wd))
        } else {
            (j, None)
        };
        Found {
            weekday: named,
            ..day_found(end, date, true)
        }
    }

    /// How many days (one or two) the publication date given runs ahead of the text's own,
    /// by the first day the text names both relative to publication and by its weekday.
    fn publication_lag(&self) -> Option<i64> {
        self.published?;
        // a quoted speaker's today (`وقال: «فجر اليوم (الأحد) ...»`) is the day they spoke,
        // not the article's: only the narrator's days correct the publication date
        let mut quoted = false;
        let (date, named) = (0..self.cx.n).find_map(|i| {
            match self.key(i) {
                "«" => quoted = true,
                "»" => quoted = false,
                "\"" | "“" | "”" => quoted = !quoted,
                _ => {}
            }
            if quoted {
                return None;
            }
            let f = self.today(i).or_else(|| self.yesterday(i))?;
            Some((f.date?, f.weekday?))
        })?;
        let lag = (date - resolve_weekday(date, named, None)?).num_days();
        (1..=MAX_PUBLICATION_LAG).contains(&lag).then_some(lag)
    }

    /// `أمس`, `البارحة`, `أمس الأول`, `أول أمس`, `أول من أمس`, `الليلة الماضية`, with the
    /// weekday that may follow (`أمس الجمعة`).
    fn yesterday(&self, i: usize) -> Option<Found> {
        let back =
            |end: usize, days: i64| self.weekday_tail(end, self.pub_then(|p| shift_days(p, -days)));
        match self.word(i)? {
            (T::Yesterday, _) => {
                if self.key(i + 1) == "الاول" {
                    Some(back(i + 2, 2))
                } else {
                    Some(back(i + 1, 1))
                }
            }
            (T::First, _) => {
                if matches!(self.word(i + 1), Some((T::Yesterday, _))) {
                    Some(back(i + 2, 2))
                } else if self.key(i + 1) == "من"
                    && matches!(self.word(i + 2), Some((T::Yesterday, _)))
                {
                    Some(back(i + 3, 2))
                } else {
                    None
                }
            }
            (T::Night, c) if c.article && self.rel_at(i + 1) == Some(Rel::Past) => {
                Some(back(i + 2, 1))
            }
            // الليلة قبل الماضية: the night before last
            (T::Night, c)
                if c.article
                    && matches!(self.word(i + 1), Some((T::Ago, c)) if c.conj.is_none())
                    && self.rel_at(i + 2) == Some(Rel::Past) =>
            {
                Some(back(i + 3, 2))
            }
            _ => None,
        }
    }

    /// A part of a day before a day: `صباح اليوم`, `مساء أمس`, `يوم الخميس`, `ليلة الجمعة`,
    /// `يوم 15 يناير`.
    fn part_of_day(&self, i: usize) -> Option<Found> {
        let night_before = match self.word(i)? {
            (T::Part(eve), _) => eve,
            (T::Night, c) if !c.article => true,
            (T::Day, c) if !c.article => false,
            _ => return None,
        };
        let j = i + 1;
        if let Some(f) = self.today(j).or_else(|| self.yesterday(j)) {
            return Some(f);
        }
        if let Some((f, explicit)) = self.weekday(j) {
            if night_before && !explicit {
                let date = f.date.and_then(|d| shift_days(d, -1));
                return Some(Found { date, ..f });
            }
            // بعد منتصف ليل الأحد - الاثنين: after midnight, the night's second day
            let two_days = explicit && self.day_of_month(j + 1).is_none() && f.end > j + 1;
            if two_days && i >= 2 && self.key(i - 1) == "منتصف" && self.key(i - 2) == "بعد"
            {
                let date = f.date.and_then(|d| shift_days(d, 1));
                return Some(Found { date, ..f });
            }
            return Some(f);
        }
        if let Some((date, end)) = numeric_date(&self.cx, j) {
            return Some(day_found(end, date, false));
        }
        self.hijri_day(j).or_else(|| self.day_of_month(j))
    }

    /// A day of the Islamic calendar with its month's name and year: `16 رجب 1425 هـ`, `3 ذو
    /// الحجة 1436`, by the tabular calendar (a day off the sighted calendar at most). Only with
    /// the year: a Hijri month alone is not placed in a year here.
    fn hijri_day(&self, i: usize) -> Option<Found> {
        let day = self.small_count(i).filter(|d| (1..=30).contains(d))?;
        let (month, after) = hijri_month(self.key(i + 1), self.key(i + 2))?;
        let j = i + 1 + after;
        if self.cx.kind(j) != Some(TokenKind::Number) {
            return None;
        }
        let y = parse_digits(self.key(j))?;
        if !(y.plain && y.integer && y.digits == 4 && (1300.0..=1500.0).contains(&y.value)) {
            return None;
        }
        let end = if matches!(self.key(j + 1), "ه" | "هـ") {
            j + 2
        } else {
            j + 1
        };
        let date = hijri_to_gregorian(y.value as u32, month, day);
        Some(day_found(end, date, false))
    }

    /// A day named by an ordinal word, checked cheaply before the ordinal is read.
    fn ordinal_day(&self, i: usize) -> Option<Found> {
        let next = self.key(i + 1);
        let likely = next == "من"
            || next == "عشر"
            || next == "عشره"
            || next.starts_with("وال")
            || matches!(
                self.word(i + 1),
                Some((T::Month(_) | T::Kanun | T::Tishrin, _))
            );
        if likely && self.cx.kind(i) == Some(TokenKind::Arabic) && self.key(i).starts_with("ال") {
            self.day_of_month(i)
        } else {
            None
        }
    }

    // --- periods ------------------------------------------------------------------------

    /// A calendar period named relative to publication: the week, month or year before,
    /// of or after it.
    fn calendar(&self, unit: TimeUnit, rel: Rel, end: usize) -> Option<Found> {
        let precision = match unit {
            U::Week => Precision::Week,
            U::Month => Precision::Month,
            U::Year => Precision::Year,
            _ => return None,
        };
        let bounds = self.pub_then(|p| match unit {
            U::Week => match rel {
                Rel::Past | Rel::Recent => Some((shift_days(p, -7)?, shift_days(p, -1)?)),
                Rel::Current => Some((shift_days(p, -6)?, p)),
                Rel::Next => Some((shift_days(p, 1)?, shift_days(p, 7)?)),
            },
            U::Month => {
                let first = NaiveDate::from_ymd_opt(p.year(), p.month(), 1)?;
                let m = shift_months(first, rel_offset(rel))?;
                month_bounds(m.year(), m.month())
            }
            _ => year_bounds(p.year() + rel_offset(rel) as i32),
        });
        Some(period_found(end, bounds, precision, true))
    }

    /// A year: `عام 2019`, `العام 2019`, `سنة 2019م`, or a bare year.
    fn year(&self, i: usize) -> Option<Found> {
        let (y, end) = if matches!(self.word(i), Some((T::Unit(U::Year, 1), _))) {
            (self.year_number(i + 1)?, i + 2)
        } else if is_year_at(&self.cx, i) {
            (self.year_number(i)?, i + 1)
        } else {
            return None;
        };
        Some(period_found(
            self.after_year(end),
            year_bounds(y),
            Precision::Year,
            false,
        ))
    }

    /// A window ending at publication: `الأيام الماضية`, `الأيام الثلاثة الماضية`,
    /// `الـ24 ساعة الماضية`, `الساعات الـ24 الأخيرة`, `الأسبوعين الماضيين`.
    fn window(&self, i: usize) -> Option<Found> {
        let (unit, count, end) = if self.key(i) == "ال" {
            let n = self.small_count(i + 1)?;
            let (t, c) = self.word(i + 2)?;
            let T::Unit(u, _) = t else { return None };
            if c.article || c.conj.is_some() {
                return None;
            }
            self.rel_at(i + 3)
                .filter(|r| matches!(r, Rel::Past | Rel::Recent))?;
            (u, Some(n), i + 4)
        } else {
            let (u, number) = self.unit_with_article(i)?;
            if number == 1 {
                return None;
            }
            let mut j = i + 1;
            let mut count = (number == 2).then_some(2);
            if self.key(j) == "ال" {
                if let Some(n) = self.small_count(j + 1) {
                    count = Some(n);
                    j += 2;
                }
            } else if let Some(n) = self.small_count(j) {
                count = Some(n);
                j += 1;
            } else if self.cx.kind(j) == Some(TokenKind::Arabic) {
                if let Some((v, e)) = parse_cardinal(&self.cx, j) {
                    count = Some(v as u32);
                    j = e;
                }
            }
            if self.key(j) == "القليله" {
                j += 1;
            }
            self.rel_at(j)
                .filter(|r| matches!(r, Rel::Past | Rel::Recent))?;
            (u, count, j + 1)
        };
        let count = match (count, unit) {
            (Some(n), _) => i64::from(n),
            (None, U::Hour | U::Minute) => 1,
            (None, U::Day) => 7,
            (None, U::Week) => 4,
            _ => return None,
        };
        let (days, months) = match unit {
            U::Minute => (1, 0),
            U::Hour => ((count + 23) / 24, 0),
            U::Day => (count, 0),
            U::Week => (count * 7, 0),
            U::Month => (count * 30, count),
            U::Year => (count * 365, count * 12),
        };
        let bounds = self.pub_then(|p| {
            let start = if months > 0 {
                shift_months(p, -months)?
            } else {
                shift_days(p, -days)?
            };
            Some((start, p))
        });
        Some(period_found(end, bounds, window_precision(days), true))
    }

    /// A plain integer count at token `j`.
    fn small_count(&self, j: usize) -> Option<u32> {
        if self.cx.kind(j) != Some(TokenKind::Number) {
            return None;
        }
        let d = parse_digits(self.key(j))?;
        (d.plain && d.integer && d.value <= 100_000.0).then_some(d.value as u32)
    }

    /// A period: a month (with `شهر` before it), a relative week/month/year, a year, a
    /// window.
    fn period(&self, i: usize, context: bool) -> Option<Found> {
        if let Some((T::Unit(U::Month, 1), c)) = self.word(i) {
            if !c.article {
                if let Some(m) = self.month_ref(i + 1, true) {
                    return Some(self.month_found(&m));
                }
            }
        }
        if let Some(m) = self.month_ref(i, context) {
            return Some(self.month_found(&m));
        }
        if let Some((u, 1)) = self.unit_with_article(i) {
            if let Some(r) = self.rel_at(i + 1) {
                return self.calendar(u, r, i + 2);
            }
        }
        if matches!(self.word(i), Some((T::This, _))) {
            if let Some((u, 1)) = self.unit_with_article(i + 1) {
                return self.calendar(u, Rel::Current, i + 2);
            }
        }
        self.year(i).or_else(|| self.window(i))
    }

    /// `مطلع الشهر الجاري`, `أواخر 2019`, `منتصف يناير`: a third of a period.
    fn edge(&self, i: usize) -> Option<Found> {
        let Some((T::Edge(edge), _)) = self.word(i) else {
            return None;
        };
        let f = self.period(i + 1, true)?;
        if !matches!(f.precision, Precision::Month | Precision::Year) {
            return None;
        }
        let bounds = match (f.date, f.last) {
            (Some(a), Some(b)) => {
                let third = ((b - a).num_days() + 1) / 3;
                match edge {
                    Edge::Start => Some((a, shift_days(a, third - 1)?)),
                    Edge::Middle => Some((shift_days(a, third)?, shift_days(a, 2 * third - 1)?)),
                    Edge::End => Some((shift_days(a, 2 * third)?, b)),
                }
            }
            _ => None,
        };
        Some(period_found(f.end, bounds, f.precision, f.relative))
    }

    /// Any date or period starting at token `i`.
    fn date_phrase(&self, i: usize) -> Option<Found> {
        if self.cx.kind(i) == Some(TokenKind::Number) {
            if let Some((date, end)) = numeric_date(&self.cx, i) {
                return Some(day_found(end, date, false));
            }
            return self
                .hijri_day(i)
                .or_else(|| self.day_of_month(i))
                .or_else(|| self.period(i, false));
        }
        if self.word(i).is_none() {
            // an ordinal day: الخامس عشر من يناير
            return self.ordinal_day(i);
        }
        self.edge(i)
            .or_else(|| self.part_of_day(i))
            .or_else(|| self.first_of_month(i))
            .or_else(|| self.day_of_month(i))
            .or_else(|| self.weekday(i).map(|(f, _)| f))
            .or_else(|| self.today(i))
            .or_else(|| self.yesterday(i))
            .or_else(|| self.period(i, false))
    }

    // --- counts of time -----------------------------------------------------------------

    /// A count and a unit: `4 أيام`, `ثلاثة أسابيع`, `يومين`; with `single`, also `يوم`,
    /// `أسبوع` (one) and a bare plural `أيام` (no count).
    fn count_unit(&self, i: usize, single: bool) -> Option<(Option<u32>, TimeUnit, usize)> {
        let unit_at = |j: usize| match self.word(j) {
            Some((T::Unit(u, _), c)) if !c.article && c.conj.is_none() => Some(u),
            Some((T::Day, c)) if !c.article && c.conj.is_none() => Some(U::Day),
            _ => None,
        };
        match self.cx.kind(i)? {
            TokenKind::Number => {
                let n = self.small_count(i)?;
                Some((Some(n), unit_at(i + 1)?, i + 2))
            }
            TokenKind::Arabic => {
                if let Some((v, e)) = parse_cardinal(&self.cx, i) {
                    if let Some(u) = unit_at(e) {
                        return Some((Some(v as u32), u, e + 1));
                    }
                }
                match self.word(i)? {
                    (T::Unit(u, 2), c) if !c.article => Some((Some(2), u, i + 1)),
                    (T::Unit(u, 1), c) if single && !c.article => Some((Some(1), u, i + 1)),
                    (T::Day, c) if single && !c.article => Some((Some(1), U::Day, i + 1)),
                    (T::Unit(u, 0), c) if single && !c.article => Some((None, u, i + 1)),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// `منذ ثلاثة أسابيع`, `قبل يومين`: the date that long before publication.
    fn ago(&self, start: usize, count: Option<u32>, unit: TimeUnit, end: usize) -> TimeExpr {
        let (date, last, precision) = match (count, unit) {
            (_, U::Minute | U::Hour) => (self.published, None, Some(Precision::Day)),
            (Some(n), U::Day) => (
                self.pub_then(|p| shift_days(p, -i64::from(n))),
                None,
                Some(Precision::Day),
            ),
            (Some(n), U::Week) => (
                self.pub_then(|p| shift_days(p, -7 * i64::from(n))),
                None,
                Some(Precision::Week),
            ),
            (Some(n), U::Month) => (
                self.pub_then(|p| shift_months(p, -i64::from(n))),
                None,
                Some(Precision::Month),
            ),
            (Some(n), U::Year) => (
                self.pub_then(|p| shift_months(p, -12 * i64::from(n))),
                None,
                Some(Precision::Year),
            ),
            // قبل أيام: within the week before publication
            (None, U::Day) => (
                self.pub_then(|p| shift_days(p, -7)),
                self.pub_then(|p| shift_days(p, -1)),
                Some(Precision::Week),
            ),
            (None, _) => (None, None, None),
        };
        let kind = if precision.is_some() {
            TimeKind::Date
        } else {
            TimeKind::Duration
        };
        TimeExpr {
            span: self.cx.span(start..end),
            tokens: start..end,
            kind,
            date,
            end: last,
            precision,
            relative: kind == TimeKind::Date,
            period: Some(Period { count, unit }),
        }
    }

    fn duration(&self, start: usize, count: Option<u32>, unit: TimeUnit, end: usize) -> TimeExpr {
        TimeExpr {
            span: self.cx.span(start..end),
            tokens: start..end,
            kind: TimeKind::Duration,
            date: None,
            end: None,
            precision: None,
            relative: false,
            period: Some(Period { count, unit }),
        }
    }

    /// Skips an approximation between منذ/قبل and a count: `منذ أكثر من عامين`,
    /// `قبل نحو شهرين`.
    fn skip_about(&self, j: usize) -> usize {
        match (self.key(j), self.key(j + 1)) {
            ("نحو" | "حوالي" | "قرابه" | "زها" | "قرابة", _) => j + 1,
            ("اكثر" | "اقل", "من") => j + 2,
            ("ما", "يقارب" | "يزيد" | "يناهز") => {
                if matches!(self.key(j + 2), "علي" | "عن") {
                    j + 3
                } else {
                    j + 2
                }
            }
            _ => j,
        }
    }

    // --- ranges -------------------------------------------------------------------------

    /// A year for a range: `2017`, `عام 2017`, `وعام 2019`.
    fn range_year(&self, j: usize) -> Option<Found> {
        let (y, end) = if matches!(self.word(j), Some((T::Unit(U::Year, 1), _))) {
            (self.year_number(j + 1)?, j + 2)
        } else {
            (self.year_number(j)?, j + 1)
        };
        Some(period_found(
            self.after_year(end),
            year_bounds(y),
            Precision::Year,
            false,
        ))
    }

    /// `بين عامي 2017 و2019`, `بين يناير ومارس`; `j` is the token after بين.
    fn between(&self, start: usize, j: usize) -> Option<TimeExpr> {
        #[derive(PartialEq)]
        enum Of {
            Years,
            Months,
            Any,
        }
        let (of, j) = match self.word(j) {
            Some((T::Unit(U::Year, 2), _)) => (Of::Years, j + 1),
            Some((T::Unit(U::Month, 2), _)) => (Of::Months, j + 1),
            _ => (Of::Any, j),
        };
        let side = |k: usize| match of {
            Of::Years => self.range_year(k),
            Of::Months => self.month_ref(k, true).map(|m| self.month_found(&m)),
            Of::Any => self.date_phrase(k),
        };
        let x = side(j)?;
        let k = x.end;
        let y_start = if self.key(k) == "و" {
            k + 1
        } else if self.key(k).starts_with('و') && self.cx.kind(k) == Some(TokenKind::Arabic) {
            k
        } else {
            return None;
        };
        let y = side(y_start)?;
        Some(self.range(start, x, y))
    }

    fn range(&self, start: usize, x: Found, y: Found) -> TimeExpr {
        TimeExpr {
            span: self.cx.span(start..y.end),
            tokens: start..y.end,
            kind: TimeKind::Range,
            date: x.date,
            end: y.last.or(y.date),
            precision: Some(x.precision.max(y.precision)),
            relative: x.relative || y.relative,
            period: None,
        }
    }

    /// `من 2017 إلى 2019`, `من يناير حتى مارس`.
    fn range_from_to(&self, i: usize) -> Option<TimeExpr> {
        let x = self.date_phrase(i + 1)?;
        if !matches!(self.key(x.end), "الي" | "حتي" | "لغايه") {
            return None;
        }
        let y = self.date_phrase(x.end + 1)?;
        Some(self.range(i, x, y))
    }

    // --- the expression at a token ------------------------------------------------------

    fn time_at(&self, i: usize) -> Option<TimeExpr> {
        let word = self.word(i);
        let kind = self.cx.kind(i)?;
        if word.is_none() && kind != TokenKind::Number {
            return match self.key(i) {
                key if key.starts_with("ال") && key != "ال" => {
                    self.ordinal_day(i).map(|f| self.expr(TimeKind::Date, i, f))
                }
                "من" if self.word(i + 1).is_some()
                    || self.cx.kind(i + 1) == Some(TokenKind::Number) =>
                {
                    self.range_from_to(i)
                }
                "علي" if matches!(self.word(i + 1), Some((T::Extent, _))) => self
                    .count_unit(i + 2, true)
                    .map(|(n, u, e)| self.duration(i, n, u, e)),
                "ما" if matches!(self.word(i + 1), Some((T::Between, _))) => {
                    self.between(i, i + 2)
                }
                "ال" => self.window(i).map(|f| self.expr(TimeKind::Date, i, f)),
                _ => None,
            };
        }
        match word {
            Some((T::Since, _)) => {
                if let Some(f) = self.date_phrase(i + 1) {
                    return Some(TimeExpr {
                        end: None,
                        ..self.expr(TimeKind::Since, i, f)
                    });
                }
                if let Some((n, u, e)) = self.count_unit(self.skip_about(i + 1), true) {
                    return Some(self.ago(i, n, u, e));
                }
                return None;
            }
            Some((T::Ago, _)) => {
                // قبل يومين من الهجوم counts from the attack, not from publication
                if let Some((n, u, e)) = self.count_unit(self.skip_about(i + 1), true) {
                    if self.key(e) != "من" {
                        return Some(self.ago(i, n, u, e));
                    }
                }
                return None;
            }
            Some((T::During, _)) => {
                if self.date_phrase(i + 1).is_none() && self.between(i + 1, i + 1).is_none() {
                    if let Some((n, u, e)) = self.count_unit(i + 1, true) {
                        return Some(self.duration(i, n, u, e));
                    }
                }
                return None;
            }
            Some((T::Between, _)) => return self.between(i, i + 1),
            // شهري يونيو ويوليو، عامي 2017 و2019
            Some((T::Unit(U::Month | U::Year, 2), c)) if !c.article => {
                if let Some(r) = self.between(i, i) {
                    return Some(r);
                }
            }
            _ => {}
        }
        if let Some(f) = self.date_phrase(i) {
            // 2017-2019
            if f.precision == Precision::Year
                && self.key(f.end) == "-"
                && self.cx.touching(f.end - 1)
                && self.cx.touching(f.end)
            {
                if let Some(y) = self.range_year(f.end + 1) {
                    return Some(self.range(i, f, y));
                }
            }
            return Some(self.expr(TimeKind::Date, i, f));
        }
        self.count_unit(i, false)
            .map(|(n, u, e)| self.duration(i, n, u, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Publication date of the tests: Monday 24 January 2022.
    fn published() -> Option<NaiveDate> {
        Some(ymd(2022, 1, 24))
    }

    fn times(text: &str, published: Option<NaiveDate>) -> Vec<TimeExpr> {
        let tokens = tokenize(text);
        let keys = TokenKeys::build(text, &tokens);
        find_times(text, &tokens, &keys, published)
    }

    /// The only time expression of `text`, published on 2022-01-24.
    fn one(text: &str) -> TimeExpr {
        let found = times(text, published());
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.into_iter().next().unwrap()
    }

    fn day(text: &str) -> (&str, Option<NaiveDate>) {
        let e = one(text);
        assert_eq!(e.kind, TimeKind::Date, "{text}");
        assert_eq!(e.precision, Some(Precision::Day), "{text}");
        (e.span.slice(text), e.date)
    }

    /// Dates of every expression of `text` published on 2022-01-24 (a Monday).
    fn dates(text: &str) -> Vec<Option<NaiveDate>> {
        times(text, published()).iter().map(|e| e.date).collect()
    }

    #[test]
    fn the_texts_own_weekday_corrects_a_late_publication_date() {
        // the feed's date is a day late: the article's today is Sunday, its yesterday Saturday
        assert_eq!(
            dates("ذكر المرصد اليوم (الأحد) أن مسلحين خطفوا مساء أمس قائد الفرقة"),
            [Some(ymd(2022, 1, 23)), Some(ymd(2022, 1, 22))]
        );
        assert_eq!(
            dates("قتل ثلاثة يوم أمس السبت، واعتقل فجر أمس خمسة"),
            [Some(ymd(2022, 1, 22)), Some(ymd(2022, 1, 22))]
        );
        // two days late, and a weekday alone is resolved from the corrected date too
        assert_eq!(
            dates("أعلن الجيش أمس الجمعة أنه قصف المواقع الخميس"),
            [Some(ymd(2022, 1, 21)), Some(ymd(2022, 1, 20))]
        );
        // the first such day decides; one that agrees changes nothing
        assert_eq!(
            dates("قتل أمس الأحد اثنان، وقال اليوم (السبت) إن"),
            [Some(ymd(2022, 1, 23)), Some(ymd(2022, 1, 24))]
        );
        // a quoted speaker's today is the day they spoke: it corrects nothing
        assert_eq!(
            dates("وقال القائد: «حررنا فجر اليوم (السبت) المعسكر»، وقتل أمس اثنان")[1],
            Some(ymd(2022, 1, 23))
        );
        // three days apart is not a late feed: the publication date stands
        assert_eq!(dates("قتل أمس الخميس اثنان"), [Some(ymd(2022, 1, 23))]);
        // without a weekday nothing is corrected
        assert_eq!(dates("قتل أمس اثنان"), [Some(ymd(2022, 1, 23))]);
    }

    #[test]
    fn weekdays() {
        assert_eq!(
            day("هاجم التنظيم السجن يوم الخميس الماضي"),
            ("يوم الخميس الماضي", Some(ymd(2022, 1, 20)))
        );
        assert_eq!(day("قتل الخميس الماضي").1, Some(ymd(2022, 1, 20)));
        assert_eq!(day("وقع الهجوم يوم الخميس").1, Some(ymd(2022, 1, 20)));
        // the publication day itself: bare → that day, الماضي → a week before
        assert_eq!(day("قتل يوم الاثنين").1, Some(ymd(2022, 1, 24)));
        assert_eq!(day("قتل الاثنين الماضي").1, Some(ymd(2022, 1, 17)));
        assert_eq!(day("تجتمع اللجنة الأحد المقبل").1, Some(ymd(2022, 1, 30)));
        assert_eq!(day("وقال السبت إن").1, Some(ymd(2022, 1, 22)));
        assert_eq!(day("وقع والأربعاء").1, Some(ymd(2022, 1, 19)));
        // the night before Friday is Thursday; the evening of Thursday is Thursday
        assert_eq!(day("هجوم ليلة الجمعة").1, Some(ymd(2022, 1, 20)));
        assert_eq!(day("هجوم مساء الخميس").1, Some(ymd(2022, 1, 20)));
        // the night between two days is dated by its first day, after midnight by the second
        assert_eq!(day("هجوم ليل الأربعاء الخميس").1, Some(ymd(2022, 1, 19)));
        assert_eq!(day("غارة ليلة السبت الأحد").1, Some(ymd(2022, 1, 22)));
        assert_eq!(
            day("قصف بعد منتصف ليل الأحد - الاثنين"),
            ("ليل الأحد - الاثنين", Some(ymd(2022, 1, 24)))
        );
        assert_eq!(
            day("قصف بعد منتصف ليل السبت الأحد"),
            ("ليل السبت الأحد", Some(ymd(2022, 1, 23)))
        );
        // an explicit date after the weekday wins
        assert_eq!(
            day("يوم الخميس 20 كانون الثاني 2022"),
            ("يوم الخميس 20 كانون الثاني 2022", Some(ymd(2022, 1, 20)))
        );
    }

    #[test]
    fn days_relative_to_publication() {
        assert_eq!(day("قتل أمس"), ("أمس", Some(ymd(2022, 1, 23))));
        assert_eq!(day("قتل بالأمس").1, Some(ymd(2022, 1, 23)));
        assert_eq!(day("قتل البارحة").1, Some(ymd(2022, 1, 23)));
        assert_eq!(day("قتل أول أمس").1, Some(ymd(2022, 1, 22)));
        assert_eq!(day("قتل أول من أمس").1, Some(ymd(2022, 1, 22)));
        assert_eq!(day("قتل أمس الأول").1, Some(ymd(2022, 1, 22)));
        assert_eq!(day("قتل اليوم").1, Some(ymd(2022, 1, 24)));
        assert_eq!(day("قتل اليوم الاثنين").0, "اليوم الاثنين");
        assert_eq!(day("قتل فجر اليوم").0, "فجر اليوم");
        assert_eq!(day("قتل صباح اليوم").1, Some(ymd(2022, 1, 24)));
        assert_eq!(day("قتل صباح أمس").1, Some(ymd(2022, 1, 23)));
        assert_eq!(day("قتل مساء أمس").1, Some(ymd(2022, 1, 23)));
        assert_eq!(day("قتل يوم أمس").0, "يوم أمس");
        assert_eq!(day("قتل الليلة الماضية").1, Some(ymd(2022, 1, 23)));
        assert_eq!(
            day("انفجرت عبوة في ساعة متأخرة الليلة قبل الماضية"),
            ("الليلة قبل الماضية", Some(ymd(2022, 1, 22)))
        );
        // the weekday that follows is the same day
        assert_eq!(day("قتل أمس الأحد في"), ("أمس الأحد", Some(ymd(2022, 1, 23))));
        assert_eq!(day("قتل أول من أمس (السبت)").0, "أول من أمس (السبت)");
        assert_eq!(day("أعلنت اليوم (الاثنين)").0, "اليوم (الاثنين)");
        // "the next day" and "International Day" are not today
        assert!(times("في اليوم التالي", published()).is_empty());
        assert!(times("اليوم العالمي للمرأة", published()).is_empty());
    }

    #[test]
    fn unresolved_without_a_publication_date() {
        let found = times("قتل أمس ويوم الخميس الماضي في ديسمبر", None);
        assert_eq!(found.len(), 3);
        for e in &found {
            assert_eq!(e.date, None);
            assert!(e.relative);
        }
        // absolute dates do not need it
        let e = &times("في 15 يناير 2022", None)[0];
        assert_eq!((e.date, e.relative), (Some(ymd(2022, 1, 15)), false));
    }

    #[test]
    fn absolute_dates() {
        assert_eq!(
            day("في 15 يناير 2022"),
            ("15 يناير 2022", Some(ymd(2022, 1, 15)))
        );
        assert_eq!(day("في 15 كانون الثاني 2022").1, Some(ymd(2022, 1, 15)));
        assert_eq!(
            day("في ١٥ كانون الثاني/يناير ٢٠٢٢").0,
            "١٥ كانون الثاني/يناير ٢٠٢٢"
        );
        assert_eq!(day("في 3 تشرين الأول 2021").1, Some(ymd(2021, 10, 3)));
        assert_eq!(day("في 3 من شتنبر 2021").1, Some(ymd(2021, 9, 3)));
        assert_eq!(day("في 3 مارس 2021").1, Some(ymd(2021, 3, 3)));
        assert_eq!(day("في 10 آب 2021").1, Some(ymd(2021, 8, 10)));
        assert_eq!(
            day("يوم 2022/1/15"),
            ("يوم 2022/1/15", Some(ymd(2022, 1, 15)))
        );
        assert_eq!(day("في 15/1/2022").1, Some(ymd(2022, 1, 15)));
        assert_eq!(day("في 15-1-2022").1, Some(ymd(2022, 1, 15)));
        assert_eq!(day("في 2022-01-15").1, Some(ymd(2022, 1, 15)));
        assert_eq!(day("في 15.1.2022").1, Some(ymd(2022, 1, 15)));
        assert_eq!(day("في 15 - 3 - 2003 م").0, "15 - 3 - 2003");
        assert_eq!(day("في 1/30/2022").1, Some(ymd(2022, 1, 30)));
        // Hijri years, by the tabular calendar: 1 Ramadan 1436 is 18 June 2015
        assert_eq!(
            day("يوم 1/9/1436هـ"),
            ("يوم 1/9/1436هـ", Some(ymd(2015, 6, 18)))
        );
        assert_eq!(day("في 1436/9/1").1, Some(ymd(2015, 6, 18)));
        assert_eq!(
            day("يوم 1 رمضان 1436 هـ"),
            ("يوم 1 رمضان 1436 هـ", Some(ymd(2015, 6, 18)))
        );
        assert_eq!(day("في 10 ذي الحجة 1436").1, Some(ymd(2015, 9, 24)));
        assert_eq!(day("في 16 رجب 1425هـ").1, Some(ymd(2004, 9, 1)));
        // the year of a day without one: the most recent such month
        assert_eq!(day("في 15 ديسمبر").1, Some(ymd(2021, 12, 15)));
        assert_eq!(day("في 15 يناير").1, Some(ymd(2022, 1, 15)));
        assert_eq!(day("في الخامس عشر من يناير").1, Some(ymd(2022, 1, 15)));
        assert_eq!(
            day("في الحادي والعشرين من ديسمبر").1,
            Some(ymd(2021, 12, 21))
        );
        assert_eq!(day("في أول يناير").1, Some(ymd(2022, 1, 1)));
        assert_eq!(day("في 10 من الشهر الجاري").1, Some(ymd(2022, 1, 10)));
        assert_eq!(day("في 10 من الشهر الماضي").1, Some(ymd(2021, 12, 10)));
        // no 31 February
        assert!(times("في 31 فبراير 2022", published())
            .iter()
            .all(|e| e.precision != Some(Precision::Day)));
    }

    #[test]
    fn months_and_years() {
        let e = one("منذ ديسمبر الماضي");
        assert_eq!(e.kind, TimeKind::Since);
        assert_eq!(
            (e.date, e.precision),
            (Some(ymd(2021, 12, 1)), Some(Precision::Month))
        );
        let e = one("في يناير الماضي");
        assert_eq!(e.date, Some(ymd(2021, 1, 1)));
        let e = one("في يناير 2022");
        assert_eq!(
            (e.date, e.end),
            (Some(ymd(2022, 1, 1)), Some(ymd(2022, 1, 31)))
        );
        // a whole month is coded mid-month, on the 15th
        assert_eq!(e.event_date(), Some(ymd(2022, 1, 15)));
        assert_eq!(one("في فبراير 2021").event_date(), Some(ymd(2021, 2, 15)));
        assert_eq!(e.time_precision(), Some(3));
        assert_eq!(one("في يونيو حزيران 2021").date, Some(ymd(2021, 6, 1)));
        let e = one("في شهر آب الماضي");
        assert_eq!(
            (e.span.slice("في شهر آب الماضي"), e.date),
            ("شهر آب الماضي", Some(ymd(2021, 8, 1)))
        );
        let e = one("في حزيران من العام الماضي");
        assert_eq!(e.date, Some(ymd(2021, 6, 1)));
        let e = one("في عام 2019");
        assert_eq!(
            (e.span.slice("في عام 2019"), e.precision),
            ("عام 2019", Some(Precision::Year))
        );
        assert_eq!(
            (e.date, e.end),
            (Some(ymd(2019, 1, 1)), Some(ymd(2019, 12, 31)))
        );
        assert_eq!(e.time_precision(), Some(3));
        assert_eq!(one("في سنة 2019م").span.slice("في سنة 2019م"), "سنة 2019م");
        assert_eq!(one("في 2019 قتل").date, Some(ymd(2019, 1, 1)));
        // verbs and fathers are not months
        assert!(times("مارس ضغوطا على الأب", published()).is_empty());
        assert!(times("قال آب", published()).is_empty());
    }

    #[test]
    fn relative_periods() {
        let e = one("خلال الأسبوع الماضي");
        assert_eq!(e.precision, Some(Precision::Week));
        assert_eq!(
            (e.date, e.end),
            (Some(ymd(2022, 1, 17)), Some(ymd(2022, 1, 23)))
        );
        assert_eq!(e.event_date(), Some(ymd(2022, 1, 20)));
        assert_eq!(e.time_precision(), Some(2));
        let e = one("في الشهر الماضي");
        assert_eq!(
            (e.date, e.end),
            (Some(ymd(2021, 12, 1)), Some(ymd(2021, 12, 31)))
        );
        let e = one("العام الماضي");
        assert_eq!(
            (e.date, e.precision),
            (Some(ymd(2021, 1, 1)), Some(Precision::Year))
        );
        assert_eq!(one("هذا العام").date, Some(ymd(2022, 1, 1)));
        let e = one("في مطلع الشهر الجاري");
        assert_eq!(
            (e.date, e.end),
            (Some(ymd(2022, 1, 1)), Some(ymd(2022, 1, 10)))
        );
        let e = one("في أواخر 2019");
        assert_eq!(e.end, Some(ymd(2019, 12, 31)));
        assert_eq!(e.precision, Some(Precision::Year));
        let e = one("خلال الأيام الماضية");
        assert_eq!(
            (e.date, e.end, e.precision),
            (
                Some(ymd(2022, 1, 17)),
                Some(ymd(2022, 1, 24)),
                Some(Precision::Week)
            )
        );
        let e = one("خلال الـ24 ساعة الماضية");
        assert_eq!(
            (e.date, e.precision),
            (Some(ymd(2022, 1, 23)), Some(Precision::Day))
        );
        let e = one("خلال الأيام الثلاثة الماضية");
        assert_eq!(e.date, Some(ymd(2022, 1, 21)));
    }

    #[test]
    fn ago_is_a_date_and_durations_are_not() {
        let e = one("منذ ثلاثة أسابيع");
        assert_eq!(e.kind, TimeKind::Date);
        assert_eq!(
            (e.date, e.precision),
            (Some(ymd(2022, 1, 3)), Some(Precision::Week))
        );
        assert_eq!(
            e.period,
            Some(Period {
                count: Some(3),
                unit: TimeUnit::Week
            })
        );
        assert_eq!(one("قبل يومين").date, Some(ymd(2022, 1, 22)));
        assert_eq!(one("منذ عام").date, Some(ymd(2021, 1, 24)));
        assert_eq!(one("قبل ساعات").date, Some(ymd(2022, 1, 24)));
        assert_eq!(one("قبل نحو شهرين").date, Some(ymd(2021, 11, 24)));
        assert_eq!(one("منذ أكثر من عامين").date, Some(ymd(2020, 1, 24)));
        for (text, span, count, unit) in [
            (
                "أكثر من 120 قتيلًا خلال 4 أيام",
                "خلال 4 أيام",
                Some(4),
                TimeUnit::Day,
            ),
            ("استمرت لمدة شهرين", "لمدة شهرين", Some(2), TimeUnit::Month),
            ("على مدى يومين", "على مدى يومين", Some(2), TimeUnit::Day),
            (
                "على مدار ثلاثة أيام",
                "على مدار ثلاثة أيام",
                Some(3),
                TimeUnit::Day,
            ),
            ("بعد 4 أيام من الهجوم", "4 أيام", Some(4), TimeUnit::Day),
            ("قبل يومين من الهجوم", "يومين", Some(2), TimeUnit::Day),
            ("طوال أسابيع", "طوال أسابيع", None, TimeUnit::Week),
        ] {
            let e = one(text);
            assert_eq!(e.kind, TimeKind::Duration, "{text}");
            assert_eq!(e.span.slice(text), span, "{text}");
            assert_eq!(e.period, Some(Period { count, unit }), "{text}");
            assert_eq!((e.date, e.precision, e.event_date()), (None, None, None));
        }
    }

    #[test]
    fn ranges() {
        let text = "طرد منها بين عامي 2017 و2019 على يد عدة قوى";
        let e = one(text);
        assert_eq!(e.kind, TimeKind::Range);
        assert_eq!(e.span.slice(text), "بين عامي 2017 و2019");
        assert_eq!(
            (e.date, e.end),
            (Some(ymd(2017, 1, 1)), Some(ymd(2019, 12, 31)))
        );
        assert_eq!(e.precision, Some(Precision::Year));
        assert!(!e.relative);
        assert_eq!(one("ما بين 2017 و2019").kind, TimeKind::Range);
        assert_eq!(one("من عام 2017 إلى عام 2019").end, Some(ymd(2019, 12, 31)));
        assert_eq!(one("في الفترة 2011-2013").date, Some(ymd(2011, 1, 1)));
        let e = one("خلال شهري يونيو (حزيران) ويوليو الماضيين");
        assert_eq!(e.kind, TimeKind::Range);
        assert_eq!(
            (e.date, e.end),
            (Some(ymd(2021, 6, 1)), Some(ymd(2021, 7, 31)))
        );
        // each side resolves alone: يناير without a year is January before publication
        let e = one("بين شهري أبريل ومايو 2021");
        assert_eq!(
            (e.date, e.end),
            (Some(ymd(2021, 4, 1)), Some(ymd(2021, 5, 31)))
        );
        assert_eq!(e.precision, Some(Precision::Month));
    }

    #[test]
    fn sample_paragraph() {
        let text = "سيطر تنظيم “داعش” على مساحات شاسعة من سوريا والعراق، حتى طرد منها بين عامي 2017 و2019 على يد عدة قوى، حيث شهدت المدينة اشتباكات جرّاء هجوم شنته خلايا التنظيم على سجن غويران يوم الخميس الماضي، وهذه هي المرة الثانية منذ ديسمبر الماضي.";
        let found: Vec<(&str, TimeKind, Option<NaiveDate>)> = times(text, published())
            .iter()
            .map(|e| (e.span.slice(text), e.kind, e.date))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "بين عامي 2017 و2019",
                    TimeKind::Range,
                    Some(ymd(2017, 1, 1))
                ),
                ("يوم الخميس الماضي", TimeKind::Date, Some(ymd(2022, 1, 20))),
                ("منذ ديسمبر الماضي", TimeKind::Since, Some(ymd(2021, 12, 1))),
            ]
        );
    }

    #[test]
    fn precision_codes() {
        assert_eq!(Precision::Day.acled_code(), 1);
        assert_eq!(Precision::Week.acled_code(), 2);
        assert_eq!(Precision::Month.acled_code(), 3);
        assert_eq!(Precision::Year.acled_code(), 3);
    }

    #[test]
    fn lexicon_spellings_do_not_collide() {
        let mut seen = std::collections::HashMap::new();
        for &(w, t, _) in TIME_WORDS {
            if let Some(old) = seen.insert(crate::number::key_of(w), t) {
                assert_eq!(old, t, "{w} collides");
            }
        }
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        const VOCAB: &[&str] = &[
            "يوم",
            "الخميس",
            "الماضي",
            "منذ",
            "قبل",
            "خلال",
            "بين",
            "عامي",
            "2017",
            "و2019",
            "و",
            "أمس",
            "أول",
            "من",
            "اليوم",
            "ليلة",
            "الجمعة",
            "15",
            "يناير",
            "كانون",
            "الثاني",
            "2022",
            "/",
            "-",
            "1",
            "الشهر",
            "الجاري",
            "مطلع",
            "أواخر",
            "الأيام",
            "الـ",
            "24",
            "ساعة",
            "الماضية",
            "ثلاثة",
            "أسابيع",
            "يومين",
            "على",
            "مدى",
            "ما",
            "إلى",
            "عام",
            "الخامس",
            "عشر",
            "هذا",
            "العام",
            "31",
            "فبراير",
            "م",
            "مارس",
            "شهر",
            "الموافق",
            ".",
        ];

        fn check(text: &str, published: Option<NaiveDate>) {
            let tokens = tokenize(text);
            let keys = TokenKeys::build(text, &tokens);
            let mut last_end = 0;
            for e in find_times(text, &tokens, &keys, published) {
                assert!(e.span.end() <= text.len());
                assert!(text.is_char_boundary(e.span.start()));
                assert!(text.is_char_boundary(e.span.end()));
                assert!(e.tokens.start < e.tokens.end && e.tokens.end <= tokens.len());
                assert!(e.tokens.start >= last_end, "overlap in {text}");
                last_end = e.tokens.end;
                let _ = (e.event_date(), e.time_precision());
            }
        }

        fn date() -> impl Strategy<Value = Option<NaiveDate>> {
            proptest::option::of(
                (-200_000i32..200_000, 1u32..=12, 1u32..=28)
                    .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap()),
            )
        }

        proptest! {
            #[test]
            fn no_panic_and_spans_inside(text in "\\PC{0,80}", published in date()) {
                check(&text, published);
            }

            #[test]
            fn no_panic_on_time_soup(words in proptest::collection::vec(
                proptest::sample::select(VOCAB), 0..24), glue in proptest::collection::vec(
                proptest::sample::select(&[" ", "", " ", "  "][..]), 24), published in date()) {
                let mut text = String::new();
                for (k, w) in words.iter().enumerate() {
                    text.push_str(w);
                    text.push_str(glue[k]);
                }
                check(&text, published);
            }
        }
    }
}
