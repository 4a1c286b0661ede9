//! Reading articles: JSONL lines (one [`Document`] each) or a whole plain-text file.
//!
//! A bad line (not UTF-8, not JSON, no `text`) is a value, not a crash: the reader yields an
//! [`InputError`] carrying the line number, and the next line is read as usual. A field that is
//! wrong but not essential (a `published` date that is not `YYYY-MM-DD`) keeps the article and
//! leaves a warning, taken with [`JsonlDocuments::take_warnings`].

use std::io::BufRead;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::record::Document;

/// A line that could not be read as a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct InputError {
    /// 1-based line number in the input.
    pub line: usize,
    pub message: String,
}

/// Reads JSONL documents from `reader`, one per non-blank line.
pub struct JsonlDocuments<R> {
    reader: R,
    line: usize,
    buf: Vec<u8>,
    io_failed: bool,
    warnings: Vec<InputError>,
}

impl<R: BufRead> JsonlDocuments<R> {
    pub fn new(reader: R) -> Self {
        JsonlDocuments {
            reader,
            line: 0,
            buf: Vec::new(),
            io_failed: false,
            warnings: Vec::new(),
        }
    }

    /// Warnings about documents already yielded (kept, but with a field dropped).
    pub fn take_warnings(&mut self) -> Vec<InputError> {
        std::mem::take(&mut self.warnings)
    }
}

impl<R: BufRead> Iterator for JsonlDocuments<R> {
    type Item = Result<Document, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.io_failed {
                return None;
            }
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    self.io_failed = true;
                    return Some(Err(InputError {
                        line: self.line + 1,
                        message: format!("read error: {e}"),
                    }));
                }
            }
            self.line += 1;
            let mut bytes = self.buf.as_slice();
            if self.line == 1 {
                bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(parse_line(bytes, self.line, &mut self.warnings));
        }
    }
}

/// The wire form of a document: `published` is read as text and checked apart.
#[derive(Deserialize)]
struct WireDocument {
    doc_id: String,
    text: String,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    title: Option<String>,
}

fn parse_line(
    bytes: &[u8],
    line: usize,
    warnings: &mut Vec<InputError>,
) -> Result<Document, InputError> {
    let error = |message: String| InputError { line, message };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        error(format!(
            "invalid UTF-8 at byte {} of the line",
            e.valid_up_to()
        ))
    })?;
    let wire: WireDocument = serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        if message.starts_with("missing field") || message.starts_with("invalid type") {
            error(message)
        } else {
            error(format!("invalid JSON: {message}"))
        }
    })?;
    if wire.doc_id.trim().is_empty() {
        return Err(error("empty `doc_id`".to_string()));
    }
    let published = match wire.published.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(date) => match NaiveDate::parse_from_str(date, "%Y-%m-%d") {
            Ok(date) => Some(date),
            Err(_) => {
                warnings.push(error(format!(
                    "`published` must be YYYY-MM-DD, got {date:?}: the article is read without it"
                )));
                None
            }
        },
    };
    Ok(Document {
        doc_id: wire.doc_id,
        text: wire.text,
        published,
        source: wire.source,
        url: wire.url,
        title: wire.title,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_lines_are_reported_with_their_number_and_skipped() {
        let mut input = Vec::new();
        input.extend_from_slice(
            b"\xEF\xBB\xBF{\"doc_id\":\"a\",\"text\":\"\xD9\x82\xD8\xAA\xD9\x84\"}\n",
        );
        input.extend_from_slice(b"\n");
        input.extend_from_slice(b"{not json}\n");
        input.extend_from_slice(b"{\"doc_id\":\"c\"}\n");
        input.extend_from_slice(b"{\"doc_id\":\"d\",\"text\":\"\xFF\xFE\"}\n");
        input.extend_from_slice(
            b"{\"doc_id\":\"e\",\"text\":\"ok\",\"published\":\"2022-13-40\"}\n",
        );
        input.extend_from_slice(b"{\"doc_id\":\"f\",\"text\":\"last line without newline\"}");
        let mut reader = JsonlDocuments::new(&input[..]);
        let results: Vec<_> = reader.by_ref().collect();
        assert_eq!(results.len(), 6);
        assert_eq!(results[0].as_ref().unwrap().text, "قتل");
        let errors: Vec<(usize, &str)> = results
            .iter()
            .filter_map(|r| r.as_ref().err())
            .map(|e| (e.line, e.message.as_str()))
            .collect();
        assert_eq!(errors.len(), 3);
        assert_eq!(errors[0].0, 3);
        assert!(errors[0].1.starts_with("invalid JSON"));
        assert_eq!(errors[1].0, 4);
        assert!(
            errors[1].1.contains("missing field `text`"),
            "{}",
            errors[1].1
        );
        assert_eq!(errors[2], (5, "invalid UTF-8 at byte 22 of the line"));
        // a bad date keeps the article, without its date, and warns
        let kept = results[4].as_ref().unwrap();
        assert_eq!((kept.doc_id.as_str(), kept.published), ("e", None));
        let warnings = reader.take_warnings();
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].line, 6);
        assert!(warnings[0].message.contains("2022-13-40"));
        assert_eq!(results[5].as_ref().unwrap().doc_id, "f");
    }
}
