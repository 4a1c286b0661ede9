//! The one reader of dictionary tables: UTF-8, tab-separated, a header line, `#` comments.
//!
//! Columns are found by header name, so files may add columns; a missing required column or a
//! malformed row is an error naming the file and line.

use crate::ExtractError;

/// A parsed table: header and rows, borrowing the file's text.
pub struct Table<'a> {
    path: &'a str,
    columns: Vec<&'a str>,
    rows: Vec<Row<'a>>,
}

/// One data row with its 1-based line number.
pub struct Row<'a> {
    pub line: usize,
    cells: Vec<&'a str>,
}

impl<'a> Table<'a> {
    pub fn parse(path: &'a str, text: &'a str) -> Result<Table<'a>, ExtractError> {
        let mut columns = None;
        let mut rows = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
            match columns {
                None => columns = Some(cells),
                Some(_) => rows.push(Row {
                    line: line_no,
                    cells,
                }),
            }
        }
        let columns = columns.ok_or_else(|| ExtractError::Resource {
            path: path.to_string(),
            line: 0,
            message: "no header line".to_string(),
        })?;
        Ok(Table {
            path,
            columns,
            rows,
        })
    }

    /// The index of a required column.
    pub fn column(&self, name: &str) -> Result<usize, ExtractError> {
        self.columns
            .iter()
            .position(|c| *c == name)
            .ok_or_else(|| ExtractError::Resource {
                path: self.path.to_string(),
                line: 1,
                message: format!("missing column `{name}`"),
            })
    }

    /// The index of an optional column.
    pub fn optional_column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| *c == name)
    }

    pub fn rows(&self) -> &[Row<'a>] {
        &self.rows
    }

    /// An error about `row`.
    pub fn error(&self, row: &Row, message: impl Into<String>) -> ExtractError {
        ExtractError::Resource {
            path: self.path.to_string(),
            line: row.line,
            message: message.into(),
        }
    }
}

impl<'a> Row<'a> {
    /// The cell at `column`, empty when the row is short.
    pub fn get(&self, column: usize) -> &'a str {
        self.cells.get(column).copied().unwrap_or("")
    }

    /// The cell at an optional column, `None` when absent or empty.
    pub fn get_opt(&self, column: Option<usize>) -> Option<&'a str> {
        column.map(|c| self.get(c)).filter(|s| !s.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_by_name_comments_and_errors_with_lines() {
        let text = "# comment\nform\tclass\n\nقد\tmodal\n# x\nسوف\n";
        let table = Table::parse("cues.tsv", text).unwrap();
        let form = table.column("form").unwrap();
        let class = table.column("class").unwrap();
        let rows = table.rows();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].line, rows[0].get(form), rows[0].get(class)),
            (4, "قد", "modal")
        );
        assert_eq!((rows[1].line, rows[1].get(class)), (6, ""));
        let err = table.column("scope").unwrap_err().to_string();
        assert_eq!(err, "cues.tsv: line 1: missing column `scope`");
        assert!(Table::parse("empty.tsv", "# only\n").is_err());
    }
}
