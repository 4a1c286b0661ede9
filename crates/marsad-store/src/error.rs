//! The one error type of the store: every variant says where (database, file, record).

use std::path::PathBuf;

/// Why a store operation failed.
///
/// Each variant carries its context: the database location for database errors, the file and
/// record for input errors. Errors about one input document are not `StoreError`s: they are
/// reported as skipped documents in an [`IngestReport`](crate::IngestReport) and the rest goes
/// on. A `StoreError` stops the operation that raised it; a write that fails is rolled back
/// whole, so nothing already stored is lost or half-written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// SQLite refused an operation (disk full, read-only file, corrupt database…).
    #[error("{location}: {source}{}", sqlite_hint(.source))]
    Sqlite {
        /// The database file.
        location: String,
        #[source]
        source: rusqlite::Error,
    },
    /// PostgreSQL refused an operation or the connection failed.
    #[error("{location}: {source}{}", postgres_detail(.source))]
    Postgres {
        /// The connection string, without its password.
        location: String,
        #[source]
        source: postgres::Error,
    },
    /// The database was written by a newer marsad.
    #[error(
        "{location}: schema version {found} is newer than this marsad knows ({known}); \
         use a newer marsad or another database"
    )]
    SchemaTooNew {
        location: String,
        found: i64,
        known: i64,
    },
    /// A file could not be read or written.
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A stored value could not be read back (a bug, or a database edited by hand).
    #[error("{location}: stored data is not readable: {message}")]
    Corrupt { location: String, message: String },
    /// An argument is not valid (a filter value, a cursor, an export format).
    #[error("invalid {what}: {message}")]
    Invalid { what: &'static str, message: String },
    /// An ingest's writer stopped after an error, already reported, and writes nothing more.
    #[error("{location}: the writer stopped after an earlier error; nothing more is written")]
    WriterStopped { location: String },
    /// An export could not be written.
    #[error("export: {0}")]
    Export(String),
}

/// Adds the likely fix to SQLite errors a user can act on.
fn sqlite_hint(err: &rusqlite::Error) -> &'static str {
    use rusqlite::ffi::ErrorCode;
    match err.sqlite_error_code() {
        Some(ErrorCode::ReadOnly) => " (the database file or its folder is read-only)",
        Some(ErrorCode::DiskFull) => " (the disk is full; nothing of this batch was stored)",
        Some(ErrorCode::CannotOpen) => " (check that the folder exists and is writable)",
        Some(ErrorCode::NotADatabase) => " (this file is not a marsad/SQLite database)",
        Some(ErrorCode::DatabaseCorrupt) => {
            " (the database file is damaged: restore it from a backup, or salvage what it holds \
             with `sqlite3 FILE .recover | sqlite3 NEW`)"
        }
        _ => "",
    }
}

/// PostgreSQL's own message (the `Display` of `postgres::Error` hides it).
fn postgres_detail(err: &postgres::Error) -> String {
    match err.as_db_error() {
        Some(db) => format!(": {}", db.message()),
        None => String::new(),
    }
}

impl StoreError {
    /// Whether the database refused the data of a statement (a value it cannot hold, such as
    /// a NUL character on PostgreSQL, a text too long to index, a constraint) rather than
    /// failing as a whole (connection, disk, lock): such an error concerns one article,
    /// which is skipped while the others are stored.
    pub(crate) fn is_about_the_data(&self) -> bool {
        match self {
            StoreError::Postgres { source, .. } => source.code().is_some_and(|code| {
                // 22 data exception, 23 integrity constraint violation, 54 program limit
                // exceeded (e.g. a tsvector over 1 MB)
                ["22", "23", "54"]
                    .iter()
                    .any(|class| code.code().starts_with(class))
            }),
            StoreError::Sqlite { source, .. } => {
                use rusqlite::ffi::ErrorCode;
                matches!(
                    source.sqlite_error_code(),
                    Some(
                        ErrorCode::ConstraintViolation
                            | ErrorCode::TooBig
                            | ErrorCode::TypeMismatch
                    )
                )
            }
            _ => false,
        }
    }

    pub(crate) fn invalid(what: &'static str, message: impl Into<String>) -> StoreError {
        StoreError::Invalid {
            what,
            message: message.into(),
        }
    }
}
