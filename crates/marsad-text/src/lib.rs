//! # marsad-text: the Arabic text core of marsad
//!
//! Everything marsad knows about Arabic text as text, with spans into the original:
//!
//! - [`normalize`]: configurable normalization with an alignment table back to the original;
//! - [`tokenize`]: tokens (Arabic and Latin words, numbers, punctuation, URLs, e-mails,
//!   hashtags, mentions) with byte spans;
//! - [`sentence`]: sentence splitting for Arabic news style;
//! - [`segment`]: clitic segmentation (proclitics, stem, enclitics) as spans;
//! - [`stem`]: a light stemmer for matching and an ISRI-style root extractor;
//! - [`number`]: numbers, number words, vague quantities and bounds, with the counted noun;
//! - [`time`]: time expressions resolved against a publication date, with a precision;
//! - [`span`]: the one [`Span`] type, and code-point offsets for export.
//!
//! ```
//! use marsad_text::{tokenize::tokenize, normalize::{normalize_str, NormalizeOptions}};
//! let text = "قُتِلَ ١١ جنديًا في ديالى";
//! let keys: Vec<String> = tokenize(text)
//!     .iter()
//!     .map(|t| normalize_str(t.span.slice(text), &NormalizeOptions::MATCHING))
//!     .collect();
//! assert_eq!(keys, ["قتل", "11", "جنديا", "في", "ديالي"]);
//! ```

pub mod analysis;
pub mod normalize;
pub mod number;
pub mod segment;
pub mod sentence;
pub mod span;
pub mod stem;
pub mod time;
pub mod tokenize;

pub use span::{CharOffsets, Span};
