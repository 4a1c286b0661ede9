//! Tokenization of the original text, with byte spans.
//!
//! Tokens are cut from the text as written (diacritics, tatweel and presentation forms stay
//! inside their word), so every token's span slices the original; keys for matching are made
//! afterwards by [`crate::normalize`]. URLs, e-mail addresses, hashtags, @mentions and numbers
//! with separators (`1,000`, `٣٫٥`, `12.5%`) are kept whole. Digits glued to a word split from
//! it (`و2019` is `و` + `2019`).
//!
//! ```
//! use marsad_text::tokenize::{tokenize, TokenKind};
//! let text = "قُتل 12.5% من #سوريا، راجع https://example.org/a.";
//! let words: Vec<&str> = tokenize(text).iter().map(|t| t.span.slice(text)).collect();
//! assert_eq!(words, ["قُتل", "12.5%", "من", "#سوريا", "،", "راجع", "https://example.org/a", "."]);
//! assert_eq!(tokenize(text)[3].kind, TokenKind::Hashtag);
//! ```

use serde::Serialize;

use crate::normalize::{is_diacritic, is_format_control};
use crate::span::Span;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// A run of Arabic-script letters (with their diacritics and tatweel).
    Arabic,
    /// A word in another alphabetic script (Latin, mostly), digits allowed after a letter (F16).
    Latin,
    /// Digits in any script, with thousands/decimal separators and an optional percent sign.
    Number,
    Punct,
    Url,
    Email,
    Hashtag,
    Mention,
    /// Anything else: emoji, symbols, stray marks.
    Symbol,
}

impl TokenKind {
    /// True for tokens that carry words (Arabic or other scripts).
    pub fn is_word(self) -> bool {
        matches!(self, TokenKind::Arabic | TokenKind::Latin)
    }
}

/// A token: its kind and its byte span in the original text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

/// Tokenizes `text` into a vector.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 6);
    out.extend(Tokens::new(text));
    out
}

/// A non-allocating iterator over the tokens of a text.
pub struct Tokens<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Tokens<'a> {
    pub fn new(text: &'a str) -> Tokens<'a> {
        Tokens { text, pos: 0 }
    }
}

/// The basic Arabic letters (and tatweel): letters without case, most characters of the
/// texts marsad reads.
#[inline]
fn is_basic_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}')
}

/// A letter or digit of any script, as `char::is_alphanumeric`, answered without the
/// Unicode table lookup for the basic Arabic letters.
#[inline]
pub fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || is_basic_arabic_letter(c) || (!c.is_ascii() && c.is_alphanumeric())
}

/// Lower-cases a text; the basic Arabic letters (which have no case) are copied without the
/// Unicode case tables that `str::to_lowercase` consults for every character beyond ASCII.
pub fn to_lowercase(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() || is_basic_arabic_letter(c) {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// True for Arabic-script letters (base block, supplements, extended-A, presentation forms).
#[inline]
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c,
        '\u{0620}'..='\u{063F}' | '\u{0641}'..='\u{064A}' | '\u{066E}'..='\u{066F}'
        | '\u{0671}'..='\u{06D3}' | '\u{06D5}' | '\u{06EE}'..='\u{06EF}' | '\u{06FA}'..='\u{06FC}'
        | '\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08C9}'
        | '\u{FB50}'..='\u{FD3D}' | '\u{FD40}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}')
}

/// A mark that continues an Arabic word: diacritics, tatweel.
#[inline]
fn is_arabic_mark(c: char) -> bool {
    is_diacritic(c) || c == '\u{0640}' || matches!(c, '\u{08CA}'..='\u{08FF}')
}

/// The numeric value of a digit in ASCII, Eastern Arabic or Persian script.
#[inline]
pub fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

#[inline]
fn is_digit(c: char) -> bool {
    digit_value(c).is_some()
}

/// Punctuation: ASCII, Arabic, general typographic.
#[inline]
pub fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c,
            '\u{060C}' | '\u{061B}' | '\u{061E}' | '\u{061F}' | '\u{066A}'..='\u{066D}' | '\u{06D4}'
            | '\u{00A1}' | '\u{00A7}' | '\u{00AB}' | '\u{00B6}' | '\u{00B7}' | '\u{00BB}' | '\u{00BF}'
            | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '\u{3001}'..='\u{3003}'
            | '\u{FD3E}' | '\u{FD3F}')
}

#[inline]
fn is_hashtag_char(c: char) -> bool {
    c == '_' || is_word_char(c) || is_arabic_letter(c) || is_arabic_mark(c)
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let text = self.text;
        // skip whitespace and invisible controls
        let rest = &text[self.pos..];
        let skipped = rest
            .char_indices()
            .find(|&(_, c)| !(c.is_whitespace() || is_format_control(c)))
            .map_or(rest.len(), |(i, _)| i);
        self.pos += skipped;
        if self.pos >= text.len() {
            return None;
        }
        let start = self.pos;
        let rest = &text[start..];
        let c = rest.chars().next().expect("non-empty");
        let (len, kind) = if let Some(len) = special_token_len(rest, c) {
            len
        } else if is_arabic_letter(c) {
            (arabic_word_len(rest), TokenKind::Arabic)
        } else if is_digit(c) {
            (number_len(rest), TokenKind::Number)
        } else if is_arabic_mark(c) {
            // stray marks: glue them to a following Arabic word, else a symbol
            let marks = rest
                .char_indices()
                .find(|&(_, c)| !is_arabic_mark(c))
                .map_or(rest.len(), |(i, _)| i);
            match rest[marks..].chars().next() {
                Some(n) if is_arabic_letter(n) => {
                    (marks + arabic_word_len(&rest[marks..]), TokenKind::Arabic)
                }
                _ => (marks, TokenKind::Symbol),
            }
        } else if c.is_alphabetic() {
            (other_word_len(rest), TokenKind::Latin)
        } else if is_punct(c) {
            // runs of the same mark (..., !!, --) are one token
            let run = rest
                .char_indices()
                .find(|&(_, d)| d != c)
                .map_or(rest.len(), |(i, _)| i);
            (run, TokenKind::Punct)
        } else {
            (symbol_len(rest, c), TokenKind::Symbol)
        };
        self.pos = start + len;
        Some(Token {
            span: Span::new(start, start + len),
            kind,
        })
    }
}

fn arabic_word_len(s: &str) -> usize {
    let mut end = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_arabic_letter(c) || is_arabic_mark(c) {
            end = i + c.len_utf8();
        } else if c == '\u{200C}' || c == '\u{200D}' {
            // ZWNJ/ZWJ stay inside a word only between letters
            match chars.peek() {
                Some(&(_, n)) if is_arabic_letter(n) => end = i + c.len_utf8(),
                _ => break,
            }
        } else {
            break;
        }
    }
    end
}

fn other_word_len(s: &str) -> usize {
    s.char_indices()
        .find(|&(_, c)| {
            // a character of another script's word: a letter or digit that is not Arabic (and
            // not an Arabic-Indic digit); combining marks stay with the word they follow
            let other_script = c.is_alphanumeric()
                && !is_arabic_letter(c)
                && !is_arabic_mark(c)
                && digit_value(c).is_none_or(|_| c.is_ascii_digit());
            !other_script && !is_combining(c)
        })
        .map_or(s.len(), |(i, _)| i)
}

#[inline]
fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}')
}

fn number_len(s: &str) -> usize {
    let chars: Vec<(usize, char)> = s.char_indices().take(64).collect();
    let mut k = 0;
    while k < chars.len() && is_digit(chars[k].1) {
        k += 1;
    }
    loop {
        // a separator between digits continues the number: 1,000  12.5  ٣٫٥  ٢٬٥٠٠
        if k + 1 < chars.len()
            && matches!(chars[k].1, '.' | ',' | '\u{066B}' | '\u{066C}')
            && is_digit(chars[k + 1].1)
        {
            k += 1;
            while k < chars.len() && is_digit(chars[k].1) {
                k += 1;
            }
        } else {
            break;
        }
    }
    if k == chars.len() && chars.len() == 64 {
        // a very long digit run: take it all without building a bigger table
        let tail = s[chars[k - 1].0..]
            .char_indices()
            .find(|&(_, c)| !is_digit(c))
            .map_or(s.len(), |(i, _)| chars[k - 1].0 + i);
        return tail;
    }
    if k < chars.len() && matches!(chars[k].1, '%' | '\u{066A}') {
        k += 1;
    }
    if k < chars.len() {
        chars[k].0
    } else {
        s.len()
    }
}

fn symbol_len(s: &str, c: char) -> usize {
    // keep emoji modifiers, variation selectors and ZWJ sequences with their base
    let mut end = c.len_utf8();
    let mut chars = s[end..].chars().peekable();
    while let Some(&n) = chars.peek() {
        if matches!(n, '\u{FE0E}' | '\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}') || is_combining(n) {
            end += n.len_utf8();
            chars.next();
        } else if n == '\u{200D}' {
            chars.next();
            match chars.next() {
                Some(m) if !m.is_whitespace() => end += n.len_utf8() + m.len_utf8(),
                _ => break,
            }
        } else {
            break;
        }
    }
    end
}

/// URLs, e-mail addresses, hashtags and mentions, if one starts here.
fn special_token_len(s: &str, c: char) -> Option<(usize, TokenKind)> {
    match c {
        '#' => {
            let body = s[1..]
                .char_indices()
                .find(|&(_, c)| !is_hashtag_char(c))
                .map_or(s.len() - 1, |(i, _)| i);
            (body > 0).then_some((1 + body, TokenKind::Hashtag))
        }
        '@' => {
            let body = s[1..]
                .bytes()
                .position(|b| !(b.is_ascii_alphanumeric() || b == b'_'))
                .unwrap_or(s.len() - 1);
            (body > 0).then_some((1 + body, TokenKind::Mention))
        }
        _ if c.is_ascii_alphanumeric() => {
            let head = s.as_bytes().get(..8).unwrap_or(s.as_bytes());
            let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
            if lower.starts_with(b"http://")
                || lower.starts_with(b"https://")
                || lower.starts_with(b"www.")
            {
                return Some((url_len(s), TokenKind::Url));
            }
            email_len(s).map(|len| (len, TokenKind::Email))
        }
        _ => None,
    }
}

fn url_len(s: &str) -> usize {
    let mut end = s
        .char_indices()
        .find(|&(_, c)| c.is_whitespace() || matches!(c, '"' | '<' | '>' | '“' | '”' | '«' | '»'))
        .map_or(s.len(), |(i, _)| i);
    // trailing punctuation belongs to the sentence, not the URL
    while let Some(c) = s[..end].chars().next_back() {
        if matches!(
            c,
            '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '\'' | '،' | '؛' | '؟'
        ) {
            end -= c.len_utf8();
        } else {
            break;
        }
    }
    end
}

fn email_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let local = b
        .iter()
        .position(|&c| {
            !(c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-'))
        })
        .unwrap_or(b.len());
    if local == 0 || b.get(local) != Some(&b'@') {
        return None;
    }
    let domain_start = local + 1;
    let mut domain_end = b[domain_start..]
        .iter()
        .position(|&c| !(c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-')))
        .map_or(b.len(), |p| domain_start + p);
    while domain_end > domain_start && matches!(b[domain_end - 1], b'.' | b'-') {
        domain_end -= 1;
    }
    let domain = &b[domain_start..domain_end];
    let dot = domain.iter().rposition(|&c| c == b'.')?;
    let tld = &domain[dot + 1..];
    (dot > 0 && tld.len() >= 2 && tld.iter().all(u8::is_ascii_alphabetic)).then_some(domain_end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_chars_and_lower_case_agree_with_std() {
        for c in (0..0x3000u32)
            .chain(0xFB50..0xFEFF)
            .filter_map(char::from_u32)
        {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
        for text in ["قُتل 12 شخصاً في DAMASCUS", "Élysée ÖZGÜR İstanbul", "١٢ ABC"]
        {
            assert_eq!(to_lowercase(text), text.to_lowercase());
        }
    }

    fn toks(text: &str) -> Vec<(&str, TokenKind)> {
        tokenize(text)
            .into_iter()
            .map(|t| (t.span.slice(text), t.kind))
            .collect()
    }

    fn words(text: &str) -> Vec<&str> {
        toks(text).into_iter().map(|(w, _)| w).collect()
    }

    #[test]
    fn arabic_words_keep_their_marks() {
        assert_eq!(
            words("قُتِلَ ثلاثة أشخاص في الموصل، وأُصيب آخرون"),
            [
                "قُتِلَ",
                "ثلاثة",
                "أشخاص",
                "في",
                "الموصل",
                "،",
                "وأُصيب",
                "آخرون"
            ]
        );
        assert_eq!(words("العـــــربية ﺍﻟﻤﻮﺻﻞ"), ["العـــــربية", "ﺍﻟﻤﻮﺻﻞ"]);
    }

    #[test]
    fn numbers_in_every_script() {
        use TokenKind::Number;
        assert_eq!(
            toks("2017 1,000 ٣٫٥ 12.5% ٥٠٪ ۱۲۳۴"),
            [
                ("2017", Number),
                ("1,000", Number),
                ("٣٫٥", Number),
                ("12.5%", Number),
                ("٥٠٪", Number),
                ("۱۲۳۴", Number)
            ]
        );
        // a number at the end of a sentence keeps its full stop apart
        assert_eq!(words("قتل 136."), ["قتل", "136", "."]);
        // digits glued to a conjunction split from it
        assert_eq!(
            words("بين عامي 2017 و2019"),
            ["بين", "عامي", "2017", "و", "2019"]
        );
    }

    #[test]
    fn urls_emails_hashtags_mentions_stay_whole() {
        use TokenKind::*;
        assert_eq!(
            toks("راجع https://www.alweeam.com.sa/348387/إماراتيون-يردون/ و www.bbc.com/arabic."),
            [
                ("راجع", Arabic),
                ("https://www.alweeam.com.sa/348387/إماراتيون-يردون/", Url),
                ("و", Arabic),
                ("www.bbc.com/arabic", Url),
                (".", Punct)
            ]
        );
        assert_eq!(
            toks("info@sohr.org، #حلب_الآن @SDF_Press"),
            [
                ("info@sohr.org", Email),
                ("،", Punct),
                ("#حلب_الآن", Hashtag),
                ("@SDF_Press", Mention)
            ]
        );
    }

    #[test]
    fn punctuation_latin_and_symbols() {
        use TokenKind::*;
        assert_eq!(
            toks("“داعش” (ISIS)... F16 🙂👍🏽"),
            [
                ("“", Punct),
                ("داعش", Arabic),
                ("”", Punct),
                ("(", Punct),
                ("ISIS", Latin),
                (")", Punct),
                ("...", Punct),
                ("F16", Latin),
                ("🙂", Symbol),
                ("👍🏽", Symbol)
            ]
        );
    }

    #[test]
    fn invisible_controls_and_stray_marks() {
        use TokenKind::*;
        assert_eq!(
            toks("\u{200F}حلب\u{200E} \u{064E}"),
            [("حلب", Arabic), ("\u{064E}", Symbol)]
        );
        assert_eq!(toks("\u{064E}حلب"), [("\u{064E}حلب", Arabic)]);
        assert!(tokenize("").is_empty());
        assert!(tokenize(" \n\t\u{200B}").is_empty());
    }
}
