//! The one error type of marsad-geo.

use std::path::PathBuf;

/// Everything that can go wrong while building, loading or extending a gazetteer.
///
/// Every variant names the file (and line where there is one) and, where a user can fix it,
/// says how.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GeoError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The compact gazetteer does not start with marsad's magic bytes.
    #[error("{path}: not a marsad gazetteer (bad magic bytes); rebuild it with `marsad gazetteer build --from DIR --out FILE`")]
    BadMagic { path: PathBuf },
    /// The compact gazetteer was written by another format version.
    #[error("{path}: gazetteer format version {found}, this marsad reads version {expected}; rebuild it with `marsad gazetteer build --from DIR --out FILE`")]
    Version {
        path: PathBuf,
        found: u16,
        expected: u16,
    },
    /// The compact gazetteer is truncated or its content is malformed.
    #[error("{path}: corrupt gazetteer{}: {message}; rebuild it with `marsad gazetteer build --from DIR --out FILE`", line.map(|l| format!(" (record {l})")).unwrap_or_default())]
    Corrupt {
        path: PathBuf,
        line: Option<usize>,
        message: String,
    },
    /// A row of a source or supplement file is malformed and the file cannot be used.
    #[error("{path}:{line}: {message}")]
    BadRow {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// A build directory holds none of the source files the builder knows.
    #[error("{path}: no gazetteer sources found (expected places.tsv.gz + admin1.tsv, or GeoNames dump files such as allCountries.txt or XX.txt + admin1CodesASCII.txt)")]
    NoSources { path: PathBuf },
}

impl GeoError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> GeoError {
        GeoError::Io {
            path: path.into(),
            source,
        }
    }
}

/// A problem with one row that did not stop the build or load: the row was skipped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// The file the row came from.
    pub path: PathBuf,
    /// 1-based line number.
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}
