//! Ingestion: documents in, records and deduplicated events stored.
//!
//! An [`Ingester`] takes documents batch by batch. For each batch it
//! 1. identifies every document by (source, doc_id) and hashes what extraction reads (text,
//!    publication date, title, URL);
//! 2. drops what needs no work: a document seen earlier in this run (a second, different text
//!    under the same id is reported, and the first one kept), an empty text, a text the store
//!    already has (unchanged);
//! 3. extracts the rest in parallel (rayon), each document on its own: an extractor panic on
//!    one document skips that document only;
//! 4. writes the batch in one transaction, in input order: new documents, updated ones (their
//!    old records leave their events first), records, deduplication, derived events.
//!
//! Because every step is deterministic and a batch is written whole or not at all, a run that
//! is killed and started again over the same input ends with the same store as a run that was
//! never interrupted: what was committed is unchanged input the second time, and the rest is
//! processed in the same order.

use std::panic::{catch_unwind, AssertUnwindSafe};

use marsad_extract::{Document, EventRecord, Extractor};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::error::StoreError;
use crate::store::{content_hash, document_key, PreparedDoc};
use crate::types::{IngestReport, Skipped};
use crate::Store;

/// One input document and where it came from (for messages: `file:line`, a URL…).
#[derive(Clone, Debug)]
pub struct SourcedDocument {
    pub document: Document,
    pub origin: String,
}

/// Ingests documents into a store, batch by batch, remembering what this run has seen.
pub struct Ingester<'a> {
    store: &'a Store,
    extractor: Option<&'a Extractor>,
    /// Documents of this run: key → (content hash, origin).
    seen: FxHashMap<i64, (String, String)>,
    report: IngestReport,
}

/// A document to extract and write: key, content hash, update?, the document, given records.
type Work = (i64, String, bool, SourcedDocument, Option<Vec<EventRecord>>);

impl<'a> Ingester<'a> {
    pub fn new(store: &'a Store, extractor: &'a Extractor) -> Ingester<'a> {
        Ingester {
            store,
            extractor: Some(extractor),
            seen: FxHashMap::default(),
            report: IngestReport::default(),
        }
    }

    /// An ingester for documents whose records were extracted already
    /// ([`Ingester::ingest_extracted_batch`] only).
    pub fn without_extractor(store: &'a Store) -> Ingester<'a> {
        Ingester {
            store,
            extractor: None,
            seen: FxHashMap::default(),
            report: IngestReport::default(),
        }
    }

    /// Records input that could not be read as a document (a bad line, a corrupt record).
    pub fn skip(&mut self, origin: impl Into<String>, reason: impl Into<String>) -> Skipped {
        let s = Skipped {
            origin: origin.into(),
            reason: reason.into(),
        };
        self.report.read += 1;
        self.report.skipped.push(s.clone());
        s
    }

    /// Ingests one batch (extraction in parallel, one write transaction). Returns what this
    /// batch did; the run's totals grow too ([`Ingester::report`]). A `StoreError` means the
    /// batch was not written (e.g. the disk is full); the store keeps what it had.
    pub fn ingest_batch(
        &mut self,
        batch: Vec<SourcedDocument>,
    ) -> Result<IngestReport, StoreError> {
        self.run_batch(batch.into_iter().map(|d| (d, None)).collect())
    }

    /// Like [`Ingester::ingest_batch`] for documents with their records already extracted
    /// (imports of `marsad extract` output, tests, benchmarks of the write path).
    pub fn ingest_extracted_batch(
        &mut self,
        batch: Vec<(SourcedDocument, Vec<EventRecord>)>,
    ) -> Result<IngestReport, StoreError> {
        self.run_batch(batch.into_iter().map(|(d, r)| (d, Some(r))).collect())
    }

    fn run_batch(
        &mut self,
        batch: Vec<(SourcedDocument, Option<Vec<EventRecord>>)>,
    ) -> Result<IngestReport, StoreError> {
        let mut report = IngestReport {
            read: batch.len() as u64,
            ..IngestReport::default()
        };
        // 1-2: identify, drop duplicates of this run and empty texts
        type Pending = (i64, String, SourcedDocument, Option<Vec<EventRecord>>);
        let mut pending: Vec<Pending> = Vec::with_capacity(batch.len());
        for (item, given) in batch {
            let d = &item.document;
            if d.text.trim().is_empty() {
                report.skipped.push(Skipped {
                    origin: item.origin,
                    reason: format!("document {:?} has an empty text", d.doc_id),
                });
                continue;
            }
            let key = document_key(d.source.as_deref(), &d.doc_id);
            let hash = content_hash(d);
            if let Some((seen_hash, seen_origin)) = self.seen.get(&key) {
                if *seen_hash == hash {
                    report.unchanged += 1;
                } else {
                    report.skipped.push(Skipped {
                        origin: item.origin,
                        reason: format!(
                            "doc_id {:?} already came with another text at {seen_origin}; \
                             the first one is kept (give each article its own doc_id)",
                            d.doc_id
                        ),
                    });
                }
                continue;
            }
            self.seen.insert(key, (hash.clone(), item.origin.clone()));
            pending.push((key, hash, item, given));
        }
        let keys: Vec<i64> = pending.iter().map(|p| p.0).collect();
        let stored = self.store.stored_hashes(&keys)?;
        let mut work: Vec<Work> = Vec::new();
        for (key, hash, item, given) in pending {
            match stored.get(&key) {
                Some(h) if *h == hash => report.unchanged += 1,
                Some(_) => work.push((key, hash, true, item, given)),
                None => work.push((key, hash, false, item, given)),
            }
        }
        // 3: extract in parallel, in input order
        let extractor = self.extractor;
        let extracted: Vec<Result<Vec<EventRecord>, String>> = work
            .par_iter_mut()
            .map(|(_, _, _, item, given)| {
                if let Some(records) = given.take() {
                    return Ok(records);
                }
                let Some(extractor) = extractor else {
                    return Err("no extractor given for this document".to_string());
                };
                catch_unwind(AssertUnwindSafe(|| extractor.extract(&item.document))).map_err(
                    |panic| {
                        let what = panic
                            .downcast_ref::<&str>()
                            .map(|s| s.to_string())
                            .or_else(|| panic.downcast_ref::<String>().cloned())
                            .unwrap_or_else(|| "unknown panic".into());
                        format!("the extractor failed on this document ({what}); please report it")
                    },
                )
            })
            .collect();
        let mut prepared = Vec::with_capacity(work.len());
        for ((key, hash, update, item, _), records) in work.into_iter().zip(extracted) {
            match records {
                Ok(records) => {
                    if update {
                        report.updated += 1;
                    } else {
                        report.new += 1;
                    }
                    prepared.push(PreparedDoc {
                        key,
                        doc: item.document,
                        hash,
                        update,
                        records,
                    });
                }
                Err(reason) => {
                    self.seen.remove(&key);
                    report.skipped.push(Skipped {
                        origin: item.origin,
                        reason,
                    });
                }
            }
        }
        // 4: one transaction
        let counts = self.store.write_batch(&prepared)?;
        report.records = counts.records;
        report.merged = counts.merged;
        self.report.absorb(report.clone());
        Ok(report)
    }

    /// The totals of this run so far.
    pub fn report(&self) -> &IngestReport {
        &self.report
    }

    /// Ends the run with its totals.
    pub fn finish(self) -> IngestReport {
        self.report
    }
}

impl Store {
    /// Ingests a list of documents (for `marsad demo`, the server's upload endpoint, tests):
    /// batches of 256, extraction in parallel, one transaction per batch.
    pub fn ingest_documents(
        &self,
        extractor: &Extractor,
        documents: Vec<Document>,
    ) -> Result<IngestReport, StoreError> {
        let mut ingester = Ingester::new(self, extractor);
        let mut batch = Vec::new();
        for (i, document) in documents.into_iter().enumerate() {
            batch.push(SourcedDocument {
                origin: format!("document {} ({})", i + 1, document.doc_id),
                document,
            });
            if batch.len() == 256 {
                ingester.ingest_batch(std::mem::take(&mut batch))?;
            }
        }
        ingester.ingest_batch(batch)?;
        Ok(ingester.finish())
    }
}
