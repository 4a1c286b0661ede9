//! What the store's test binaries share: a PostgreSQL database of its own for one test.

/// A database created for one test on the server of `MARSAD_TEST_POSTGRES`, dropped with it.
pub struct PgDatabase {
    /// The URL of the new database.
    pub url: String,
    admin: String,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// A fresh database for `test`, or `None` (saying so) when `MARSAD_TEST_POSTGRES` is unset.
pub fn postgres_database(test: &str) -> Option<PgDatabase> {
    match std::env::var("MARSAD_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => {
            let name = format!("marsad_{}_{}", test, std::process::id());
            let mut admin = postgres::Client::connect(&url, postgres::NoTls)
                .expect("MARSAD_TEST_POSTGRES is set but the server cannot be reached");
            admin
                .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .unwrap();
            admin
                .batch_execute(&format!("CREATE DATABASE {name}"))
                .unwrap();
            let (base, _) = url.rsplit_once('/').unwrap();
            Some(PgDatabase {
                url: format!("{base}/{name}"),
                admin: url,
                name,
            })
        }
        _ => {
            eprintln!(
                "{test}: PostgreSQL half SKIPPED: set MARSAD_TEST_POSTGRES=postgres://user:pw@host/db \
                 to run it against a real server"
            );
            None
        }
    }
}
