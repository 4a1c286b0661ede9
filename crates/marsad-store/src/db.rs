//! One SQL interface over SQLite and PostgreSQL, so every store operation is written once.
//!
//! Statements use `$1, $2, …` placeholders, numbered in the order they first appear: SQLite
//! reads `$1` as a named parameter whose index is its rank of first appearance, PostgreSQL as a
//! positional one, so the same text binds the same values on both. Values cross as [`Val`]
//! (NULL, 64-bit integer, double, text, bytes); columns are declared `BIGINT`,
//! `DOUBLE PRECISION`, `TEXT` and a per-dialect blob type. The few places where the dialects
//! differ (full-text search, blob type, primary keys) ask [`Conn::dialect`].

use std::error::Error as StdError;

use postgres::types::{IsNull, ToSql, Type};
use rusqlite::types::ValueRef;

use crate::error::StoreError;

/// Which database a connection talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// A value crossing the SQL boundary.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Val {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl Val {
    pub(crate) fn int(&self) -> Option<i64> {
        match self {
            Val::Int(v) => Some(*v),
            Val::Real(v) => Some(*v as i64),
            _ => None,
        }
    }

    pub(crate) fn real(&self) -> Option<f64> {
        match self {
            Val::Real(v) => Some(*v),
            Val::Int(v) => Some(*v as f64),
            _ => None,
        }
    }

    pub(crate) fn text(&self) -> Option<&str> {
        match self {
            Val::Text(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn take_text(&mut self) -> Option<String> {
        match std::mem::replace(self, Val::Null) {
            Val::Text(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn blob(&self) -> Option<&[u8]> {
        match self {
            Val::Blob(b) => Some(b),
            _ => None,
        }
    }
}

impl From<i64> for Val {
    fn from(v: i64) -> Val {
        Val::Int(v)
    }
}
impl From<f64> for Val {
    fn from(v: f64) -> Val {
        Val::Real(v)
    }
}
impl From<&str> for Val {
    fn from(v: &str) -> Val {
        Val::Text(v.to_string())
    }
}
impl From<String> for Val {
    fn from(v: String) -> Val {
        Val::Text(v)
    }
}
impl<T: Into<Val>> From<Option<T>> for Val {
    fn from(v: Option<T>) -> Val {
        v.map_or(Val::Null, Into::into)
    }
}

pub(crate) type Row = Vec<Val>;

/// An open connection of either dialect.
pub(crate) enum Conn {
    Sqlite {
        conn: rusqlite::Connection,
        location: String,
    },
    Postgres {
        client: Box<postgres::Client>,
        location: String,
    },
}

impl Conn {
    pub(crate) fn dialect(&self) -> Dialect {
        match self {
            Conn::Sqlite { .. } => Dialect::Sqlite,
            Conn::Postgres { .. } => Dialect::Postgres,
        }
    }

    pub(crate) fn location(&self) -> &str {
        match self {
            Conn::Sqlite { location, .. } | Conn::Postgres { location, .. } => location,
        }
    }

    fn sqlite_err(location: &str, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            location: location.to_string(),
            source,
        }
    }

    fn pg_err(location: &str, source: postgres::Error) -> StoreError {
        StoreError::Postgres {
            location: location.to_string(),
            source,
        }
    }

    /// Runs statements without parameters (DDL, `BEGIN`, `COMMIT`).
    pub(crate) fn batch(&mut self, sql: &str) -> Result<(), StoreError> {
        match self {
            Conn::Sqlite { conn, location } => conn
                .execute_batch(sql)
                .map_err(|e| Self::sqlite_err(location, e)),
            Conn::Postgres { client, location } => client
                .batch_execute(sql)
                .map_err(|e| Self::pg_err(location, e)),
        }
    }

    /// Runs one statement; returns the number of rows changed.
    pub(crate) fn execute(&mut self, sql: &str, params: &[Val]) -> Result<u64, StoreError> {
        match self {
            Conn::Sqlite { conn, location } => {
                let run = || -> rusqlite::Result<u64> {
                    let mut stmt = conn.prepare_cached(sql)?;
                    bind_sqlite(&mut stmt, params)?;
                    Ok(stmt.raw_execute()? as u64)
                };
                run().map_err(|e| Self::sqlite_err(location, e))
            }
            Conn::Postgres { client, location } => {
                let refs: Vec<&(dyn ToSql + Sync)> =
                    params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
                client
                    .execute(sql, &refs)
                    .map_err(|e| Self::pg_err(location, e))
            }
        }
    }

    /// Runs a query and collects its rows.
    pub(crate) fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Row>, StoreError> {
        let mut rows = Vec::new();
        self.for_each(sql, params, |row| {
            rows.push(row);
            Ok(())
        })?;
        Ok(rows)
    }

    /// Runs a query returning at most one row.
    pub(crate) fn query_one(
        &mut self,
        sql: &str,
        params: &[Val],
    ) -> Result<Option<Row>, StoreError> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    /// Runs a query and hands each row to `f` as it comes (exports of millions of rows).
    pub(crate) fn for_each(
        &mut self,
        sql: &str,
        params: &[Val],
        mut f: impl FnMut(Row) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        match self {
            Conn::Sqlite { conn, location } => {
                let mut stmt = conn
                    .prepare_cached(sql)
                    .map_err(|e| Self::sqlite_err(location, e))?;
                bind_sqlite(&mut stmt, params).map_err(|e| Self::sqlite_err(location, e))?;
                let ncols = stmt.column_count();
                let mut rows = stmt.raw_query();
                while let Some(row) = rows.next().map_err(|e| Self::sqlite_err(location, e))? {
                    let mut out = Vec::with_capacity(ncols);
                    for i in 0..ncols {
                        let v = row.get_ref(i).map_err(|e| Self::sqlite_err(location, e))?;
                        out.push(match v {
                            ValueRef::Null => Val::Null,
                            ValueRef::Integer(i) => Val::Int(i),
                            ValueRef::Real(r) => Val::Real(r),
                            ValueRef::Text(t) => Val::Text(String::from_utf8_lossy(t).into_owned()),
                            ValueRef::Blob(b) => Val::Blob(b.to_vec()),
                        });
                    }
                    f(out)?;
                }
                Ok(())
            }
            Conn::Postgres { client, location } => {
                use postgres::fallible_iterator::FallibleIterator;
                let refs = params.iter().map(|p| p as &(dyn ToSql + Sync));
                let mut it = client
                    .query_raw(sql, refs)
                    .map_err(|e| Self::pg_err(location, e))?;
                while let Some(row) = it.next().map_err(|e| Self::pg_err(location, e))? {
                    let mut out = Vec::with_capacity(row.len());
                    for (i, col) in row.columns().iter().enumerate() {
                        out.push(
                            pg_value(&row, i, col.type_())
                                .map_err(|e| Self::pg_err(location, e))?,
                        );
                    }
                    f(out)?;
                }
                Ok(())
            }
        }
    }

    /// Starts a write transaction.
    pub(crate) fn begin(&mut self) -> Result<(), StoreError> {
        match self.dialect() {
            Dialect::Sqlite => self.batch("BEGIN IMMEDIATE"),
            Dialect::Postgres => self.batch("BEGIN"),
        }
    }

    pub(crate) fn commit(&mut self) -> Result<(), StoreError> {
        self.batch("COMMIT")
    }

    /// Rolls back, ignoring a failure (the connection is then dropped by the caller).
    pub(crate) fn rollback(&mut self) {
        let _ = self.batch("ROLLBACK");
    }

    /// Runs `f` in a transaction: committed when `f` succeeds, rolled back otherwise.
    pub(crate) fn transaction<T>(
        &mut self,
        f: impl FnOnce(&mut Conn) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.begin()?;
        match f(self) {
            Ok(v) => match self.commit() {
                Ok(()) => Ok(v),
                Err(e) => {
                    self.rollback();
                    Err(e)
                }
            },
            Err(e) => {
                self.rollback();
                Err(e)
            }
        }
    }
}

fn bind_sqlite(stmt: &mut rusqlite::CachedStatement<'_>, params: &[Val]) -> rusqlite::Result<()> {
    stmt.clear_bindings();
    for (i, p) in params.iter().enumerate() {
        let idx = i + 1;
        match p {
            Val::Null => stmt.raw_bind_parameter(idx, rusqlite::types::Null)?,
            Val::Int(v) => stmt.raw_bind_parameter(idx, v)?,
            Val::Real(v) => stmt.raw_bind_parameter(idx, v)?,
            Val::Text(v) => stmt.raw_bind_parameter(idx, v.as_str())?,
            Val::Blob(v) => stmt.raw_bind_parameter(idx, v.as_slice())?,
        }
    }
    Ok(())
}

fn pg_value(row: &postgres::Row, i: usize, ty: &Type) -> Result<Val, postgres::Error> {
    Ok(match *ty {
        Type::INT8 => row
            .try_get::<_, Option<i64>>(i)?
            .map_or(Val::Null, Val::Int),
        Type::INT4 => row
            .try_get::<_, Option<i32>>(i)?
            .map_or(Val::Null, |v| Val::Int(v.into())),
        Type::INT2 => row
            .try_get::<_, Option<i16>>(i)?
            .map_or(Val::Null, |v| Val::Int(v.into())),
        Type::BOOL => row
            .try_get::<_, Option<bool>>(i)?
            .map_or(Val::Null, |v| Val::Int(v.into())),
        Type::FLOAT8 => row
            .try_get::<_, Option<f64>>(i)?
            .map_or(Val::Null, Val::Real),
        Type::FLOAT4 => row
            .try_get::<_, Option<f32>>(i)?
            .map_or(Val::Null, |v| Val::Real(v.into())),
        Type::BYTEA => row
            .try_get::<_, Option<Vec<u8>>>(i)?
            .map_or(Val::Null, Val::Blob),
        _ => row
            .try_get::<_, Option<String>>(i)?
            .map_or(Val::Null, Val::Text),
    })
}

type BoxError = Box<dyn StdError + Sync + Send>;

impl ToSql for Val {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> Result<IsNull, BoxError> {
        match self {
            Val::Null => Ok(IsNull::Yes),
            Val::Int(v) => match *ty {
                Type::INT8 => v.to_sql(ty, out),
                Type::INT4 => i32::try_from(*v)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*v)?.to_sql(ty, out),
                Type::FLOAT8 => (*v as f64).to_sql(ty, out),
                Type::FLOAT4 => (*v as f32).to_sql(ty, out),
                Type::BOOL => (*v != 0).to_sql(ty, out),
                _ => v.to_string().to_sql(&Type::TEXT, out),
            },
            Val::Real(v) => match *ty {
                Type::FLOAT4 => (*v as f32).to_sql(ty, out),
                Type::INT8 => (*v as i64).to_sql(ty, out),
                _ => v.to_sql(&Type::FLOAT8, out),
            },
            Val::Text(v) => v.as_str().to_sql(&Type::TEXT, out),
            Val::Blob(v) => v.as_slice().to_sql(&Type::BYTEA, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

/// Builds `$n` placeholders while collecting their values, for queries assembled from filters.
#[derive(Default)]
pub(crate) struct Params {
    pub(crate) values: Vec<Val>,
}

impl Params {
    /// Adds a value and returns its placeholder.
    pub(crate) fn push(&mut self, v: impl Into<Val>) -> String {
        self.values.push(v.into());
        format!("${}", self.values.len())
    }
}
