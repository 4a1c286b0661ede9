//! # marsad-extract: from an Arabic article to event records
//!
//! (being built: see `record` for the interchange format and `input` for reading articles.)

pub mod input;
pub mod record;

pub use record::{Document, EventRecord};

/// Turns documents into event records. Loaded once; immutable and shared across threads.
pub struct Extractor {
    analyzer: marsad_text::analysis::Analyzer,
}

/// Why the extraction resources could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExtractError {
    #[error("{path}: line {line}: {message}")]
    Resource {
        path: String,
        line: usize,
        message: String,
    },
}

impl Extractor {
    /// Loads the dictionaries and gazetteer bundled with marsad.
    pub fn load_default() -> Result<Extractor, ExtractError> {
        Ok(Extractor {
            analyzer: marsad_text::analysis::Analyzer::new(),
        })
    }

    /// The events of one document.
    pub fn extract(&self, doc: &Document) -> Vec<EventRecord> {
        self.extract_explained(doc).0
    }

    /// The events of one document and a readable account of how each was found.
    pub fn extract_explained(&self, doc: &Document) -> (Vec<EventRecord>, String) {
        let _analysis = self.analyzer.analyze(&doc.text);
        (Vec::new(), String::new())
    }
}
