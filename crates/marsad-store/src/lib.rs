//! # marsad-store: the event store
//!
//! Turns extracted [`EventRecord`](marsad_extract::EventRecord)s into a system of record:
//! articles are stored once (identified by source and id, with a content hash, so ingesting
//! again is a no-op and an updated article replaces its old records), records about one
//! occurrence from different articles are merged into one event that keeps every source's
//! claim ([`dedup`]), and events are queried, counted and exported.
//!
//! - [`Store`]: open SQLite (`marsad.db`, the default) or PostgreSQL (`postgres://…`), same
//!   behaviour and schema ([`schema`]); a cheap clonable, thread-safe handle;
//! - [`Ingester`] / [`Store::ingest_documents`]: documents in, in parallel, one transaction
//!   per batch ([`ingest`]);
//! - [`sources`]: reading `.txt`, `.jsonl`, `.html`, RSS/Atom and WARC inputs as documents;
//! - [`Store::events`], [`Store::event`], [`Store::document`], [`Store::stats`],
//!   [`Store::search_documents`] with [`EventFilter`] and keyset [`Page`]s ([`query`]);
//! - [`export`]: ACLED-style CSV, JSONL, GeoJSON and (feature `parquet`) Parquet.
//!
//! The API is synchronous; from async code (the web server) call it inside
//! `tokio::task::spawn_blocking`, sharing one `Store` clone per task.
//!
//! ```
//! use marsad_extract::{Document, Extractor};
//! use marsad_store::{EventFilter, PageRequest, Store};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let store = Store::open(dir.path().join("marsad.db").to_str().unwrap()).unwrap();
//! let extractor = Extractor::load_default().unwrap();
//! let doc = Document {
//!     doc_id: "d1".into(),
//!     text: "قتل 11 جنديًا في هجوم لعناصر تنظيم داعش على مقر للجيش العراقي في ديالى أمس.".into(),
//!     published: chrono::NaiveDate::from_ymd_opt(2022, 1, 24),
//!     ..Document::default()
//! };
//! let report = store.ingest_documents(&extractor, vec![doc.clone()]).unwrap();
//! assert_eq!((report.new, report.records), (1, 1));
//! // the same article again changes nothing
//! assert_eq!(store.ingest_documents(&extractor, vec![doc]).unwrap().unchanged, 1);
//!
//! let page = store.events(&EventFilter { country: Some("Iraq".into()), ..Default::default() },
//!                         &PageRequest::default()).unwrap();
//! assert_eq!(page.items[0].event_id_cnty, "IRQ1");
//! assert_eq!(page.items[0].admin1.as_deref(), Some("Diyala"));
//! assert_eq!(page.items[0].fatalities, Some(11));
//! ```

pub mod countries;
mod db;
pub mod dedup;
mod error;
pub mod export;
pub mod filter;
pub mod ingest;
pub mod query;
pub mod schema;
pub mod sources;
mod store;
mod types;

pub use db::Dialect;
pub use error::StoreError;
pub use filter::{FilterError, FilterKind, FilterSpec, EVENT_TYPES, FILTERS};
pub use ingest::{Ingester, SourcedDocument};
pub use store::{document_key, format_doc_key, Rebuilt, Store};
pub use types::*;
