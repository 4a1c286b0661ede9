//! The whole text chain over one text: tokens, keys, sentences (more layers as they land).
//!
//! [`Analysis`] is the one document object the later stages read: every layer is a list of
//! spans into the original text.

use crate::normalize::TokenKeys;
use crate::sentence::{split_sentences, Sentence};
use crate::tokenize::{tokenize, Token};

/// The layers of one analysed text.
pub struct Analysis<'t> {
    pub text: &'t str,
    pub tokens: Vec<Token>,
    pub keys: TokenKeys,
    pub sentences: Vec<Sentence>,
}

/// Runs the text chain. Holds the loaded resources; immutable and shareable across threads.
#[derive(Default)]
pub struct Analyzer {}

impl Analyzer {
    pub fn new() -> Analyzer {
        Analyzer {}
    }

    pub fn analyze<'t>(&self, text: &'t str) -> Analysis<'t> {
        let tokens = tokenize(text);
        let keys = TokenKeys::build(text, &tokens);
        let sentences = split_sentences(text, &tokens);
        Analysis {
            text,
            tokens,
            keys,
            sentences,
        }
    }
}
