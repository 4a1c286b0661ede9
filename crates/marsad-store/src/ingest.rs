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
//! 4. hands the batch to the writer thread, which writes batches in input order (new
//!    documents, updated ones whose old records leave their events first, records,
//!    deduplication, derived events), several per transaction (one commit about every ten seconds).
//!
//! The two halves are pipelined: the writer writes a batch while the next one is extracted,
//! so the single writer and the extraction threads work at the same time.
//!
//! Because every step is deterministic and a transaction is committed whole or not at all, a
//! run that is killed and started again over the same input ends with the same store as a
//! run that was never interrupted: what was committed is unchanged input the second time,
//! and the rest is processed in the same order. Where the commits fall changes nothing but
//! how much work a second run redoes.

use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::JoinHandle;

use marsad_extract::{Document, EventRecord, Extractor};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::error::StoreError;
use crate::store::{content_hash, document_key, Committed, PreparedDoc, WriteJob};
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
    /// The totals of what was committed.
    report: IngestReport,
    /// Documents handed to the writer and not yet committed.
    in_flight: u64,
    /// The writer thread, started with the first batch.
    writer: Option<WriterThread>,
}

/// Extracted batches that may wait for the writer. Extraction goes on while the writer
/// commits (a second or more for a large transaction) instead of stalling after one batch.
const QUEUED_BATCHES: usize = 16;

/// The ingester's end of the writer thread ([`Store::run_writer`]).
struct WriterThread {
    /// Batches to write, at most [`QUEUED_BATCHES`] waiting.
    jobs: SyncSender<WriteJob>,
    done: Receiver<Result<Committed, StoreError>>,
    thread: JoinHandle<()>,
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
            in_flight: 0,
            writer: None,
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
            in_flight: 0,
            writer: None,
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

    /// Ingests one batch (extraction in parallel) and waits until it is committed, with what
    /// was submitted before. Returns what was committed; the run's totals grow too
    /// ([`Ingester::report`]). A `StoreError` means the open transaction was rolled back (e.g.
    /// the disk is full); the store keeps what it had.
    pub fn ingest_batch(
        &mut self,
        batch: Vec<SourcedDocument>,
    ) -> Result<IngestReport, StoreError> {
        self.write_now(batch.into_iter().map(|d| (d, None)).collect())
    }

    /// Like [`Ingester::ingest_batch`] for documents with their records already extracted
    /// (imports of `marsad extract` output, tests, benchmarks of the write path).
    pub fn ingest_extracted_batch(
        &mut self,
        batch: Vec<(SourcedDocument, Vec<EventRecord>)>,
    ) -> Result<IngestReport, StoreError> {
        self.write_now(batch.into_iter().map(|(d, r)| (d, Some(r))).collect())
    }

    /// Prepares one batch, hands it to the writer and waits for its commit.
    fn write_now(
        &mut self,
        batch: Vec<(SourcedDocument, Option<Vec<EventRecord>>)>,
    ) -> Result<IngestReport, StoreError> {
        let (docs, report) = self.prepare(batch)?;
        self.hand_over(WriteJob::Batch(docs, report))?;
        Ok(self.flush()?.unwrap_or_default())
    }

    /// Extracts one batch and queues it for the writer thread (waiting while sixteen wait
    /// already), without waiting for its write. Returns what was committed since the last
    /// call, if anything; [`Ingester::flush`] commits the rest and waits. After an
    /// error, stop: the batches of the transaction that failed are not stored.
    pub fn submit(
        &mut self,
        batch: Vec<SourcedDocument>,
    ) -> Result<Option<IngestReport>, StoreError> {
        let (docs, report) = self.prepare(batch.into_iter().map(|d| (d, None)).collect())?;
        self.hand_over(WriteJob::Batch(docs, report))?;
        self.collect(false)
    }

    /// Commits what was submitted, waits, and returns what was committed since the last call.
    pub fn flush(&mut self) -> Result<Option<IngestReport>, StoreError> {
        if self.writer.is_none() {
            return Ok(None);
        }
        self.hand_over(WriteJob::Commit)?;
        self.collect(true)
    }

    /// Sends a job to the writer thread, starting it first if needed.
    fn hand_over(&mut self, job: WriteJob) -> Result<(), StoreError> {
        let writer = self.writer.get_or_insert_with(|| {
            let (jobs, receive_jobs) = mpsc::sync_channel(QUEUED_BATCHES);
            let (send_done, done) = mpsc::channel();
            let store = self.store.clone();
            let thread = std::thread::Builder::new()
                .name("marsad-writer".into())
                .spawn(move || store.run_writer(receive_jobs, send_done))
                .expect("starting the writer thread");
            WriterThread { jobs, done, thread }
        });
        let read = match &job {
            WriteJob::Batch(_, report) => report.read,
            WriteJob::Commit => 0,
        };
        if writer.jobs.send(job).is_ok() {
            self.in_flight += read;
            return Ok(());
        }
        // the writer stopped: its error is waiting on `done`
        self.collect(true)?;
        Err(StoreError::WriterStopped {
            location: self.store.location().to_string(),
        })
    }

    /// Takes the writer's commit reports: those already sent, or (`until_requested`) up to
    /// the one a [`WriteJob::Commit`] asked for.
    fn collect(&mut self, until_requested: bool) -> Result<Option<IngestReport>, StoreError> {
        let Some(writer) = &self.writer else {
            return Ok(None);
        };
        let mut committed: Option<IngestReport> = None;
        loop {
            let next = if until_requested {
                writer.done.recv().ok()
            } else {
                writer.done.try_recv().ok()
            };
            let Some(result) = next else {
                break;
            };
            match result {
                Ok(c) => {
                    self.in_flight = self.in_flight.saturating_sub(c.report.read);
                    self.report.absorb(c.report.clone());
                    committed
                        .get_or_insert_with(IngestReport::default)
                        .absorb(c.report);
                    if c.requested && until_requested {
                        break;
                    }
                }
                Err(e) => {
                    self.stop_writer();
                    return Err(e);
                }
            }
        }
        Ok(committed)
    }

    /// Closes the job channel and waits for the writer thread (which commits what it has).
    fn stop_writer(&mut self) {
        if let Some(writer) = self.writer.take() {
            drop(writer.jobs);
            if let Err(panic) = writer.thread.join() {
                resume_unwind(panic);
            }
        }
    }

    /// Steps 1-3 of a batch: what to write, and the batch's report without the write's counts.
    fn prepare(
        &mut self,
        batch: Vec<(SourcedDocument, Option<Vec<EventRecord>>)>,
    ) -> Result<(Vec<PreparedDoc>, IngestReport), StoreError> {
        let mut report = IngestReport {
            read: batch.len() as u64,
            ..IngestReport::default()
        };
        // 1-2: identify, drop duplicates of this run and empty texts
        type Pending = (i64, String, SourcedDocument, Option<Vec<EventRecord>>);
        let mut pending: Vec<Pending> = Vec::with_capacity(batch.len());
        for (mut item, given) in batch {
            let dropped = drop_nul_characters(&mut item.document);
            if dropped > 0 {
                report.repaired.push(Skipped {
                    origin: item.origin.clone(),
                    reason: format!("{dropped} NUL character(s) dropped"),
                });
            }
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
        let extracted: Vec<(i64, bool, String, Result<PreparedDoc, String>)> = work
            .into_par_iter()
            .map(|(key, hash, update, item, given)| {
                let records = match given {
                    Some(records) => Ok(records),
                    None => extract_one(extractor, &item.document),
                };
                let origin = item.origin.clone();
                let prepared = records
                    .and_then(|r| PreparedDoc::new(key, item.document, hash, update, origin, r));
                (key, update, item.origin, prepared)
            })
            .collect();
        let mut prepared = Vec::with_capacity(extracted.len());
        for (key, update, origin, result) in extracted {
            match result {
                Ok(doc) => {
                    if update {
                        report.updated += 1;
                    } else {
                        report.new += 1;
                    }
                    prepared.push(doc);
                }
                Err(reason) => {
                    self.seen.remove(&key);
                    report.skipped.push(Skipped { origin, reason });
                }
            }
        }
        Ok((prepared, report))
    }

    /// The totals of the batches committed so far.
    pub fn report(&self) -> &IngestReport {
        &self.report
    }

    /// Documents read and handed to the writer but not committed yet (for progress).
    pub fn in_flight(&self) -> u64 {
        self.in_flight
    }

    /// Ends the run with its totals, committing what was submitted.
    pub fn finish(mut self) -> Result<IngestReport, StoreError> {
        self.flush()?;
        self.stop_writer();
        Ok(std::mem::take(&mut self.report))
    }
}

/// Drops the NUL characters (U+0000) of a document's texts, where documents enter the store:
/// PostgreSQL cannot hold one in a text (its whole transaction failed), SQLite would store
/// what the other backend refuses, and no article needs one. Returns how many were dropped.
fn drop_nul_characters(d: &mut Document) -> usize {
    let mut dropped = 0;
    let fields = [Some(&mut d.doc_id), Some(&mut d.text)]
        .into_iter()
        .chain([d.source.as_mut(), d.url.as_mut(), d.title.as_mut()])
        .flatten();
    for field in fields {
        if field.contains('\0') {
            let before = field.len();
            field.retain(|c| c != '\0');
            dropped += before - field.len();
        }
    }
    dropped
}

/// Extracts one document; an extractor panic becomes the reason the document is skipped.
fn extract_one(
    extractor: Option<&Extractor>,
    document: &Document,
) -> Result<Vec<EventRecord>, String> {
    let Some(extractor) = extractor else {
        return Err("no extractor given for this document".to_string());
    };
    catch_unwind(AssertUnwindSafe(|| extractor.extract(document))).map_err(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        format!("the extractor failed on this document ({what}); please report it")
    })
}

impl Drop for Ingester<'_> {
    /// Commits what was submitted and waits for the writer thread, so that dropping an
    /// ingester never leaves a write running behind the caller's back (use
    /// [`Ingester::finish`] to see its outcome).
    fn drop(&mut self) {
        if let Some(writer) = self.writer.take() {
            drop(writer.jobs);
            let _ = writer.thread.join();
        }
    }
}

impl Store {
    /// Ingests a list of documents (for `marsad demo`, the server's upload endpoint, tests):
    /// batches of 256, extraction in parallel, written as [`Ingester::submit`] does.
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
                ingester.submit(std::mem::take(&mut batch))?;
            }
        }
        ingester.submit(batch)?;
        ingester.finish()
    }
}
