//! `marsad serve`: the observatory (HTTP API and web page) over an event store.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use marsad_server::store::StoreBackend;
use marsad_server::{AllowedHosts, Backend, Config};
use marsad_store::Store;

use crate::Outcome;

/// Serve the observatory: a web map, timeline and evidence view, and its HTTP API.
///
/// One process, no other server to install: the page is built into the binary and works
/// offline. The API is described at /api/openapi.json.
///
/// Writing (POST /api/documents) needs `Authorization: Bearer <token>` when a token is set
/// with --token-file or the MARSAD_TOKEN environment variable; set one whenever --bind is not
/// a loopback address. Failed tokens are rate limited per client (429 with Retry-After).
///
/// Only requests addressed to an allowed Host are answered (others get 421), which stops a
/// web page whose domain resolves to this server (DNS rebinding) from using it: allowed are
/// localhost, the loopback addresses and the --bind address (any IP address when binding
/// 0.0.0.0 or ::); add the names clients use with --allowed-host. Connections whose headers
/// do not arrive within 10 s (a new or an idle keep-alive connection) or whose body does not
/// arrive within 60 s are closed.
///
/// Examples:
///   marsad serve                                  # ./marsad.db on http://127.0.0.1:8080
///   marsad serve --db events.db --port 9000
///   MARSAD_TOKEN=s3cret marsad serve --db postgres://marsad@localhost/marsad --bind 0.0.0.0 \
///       --allowed-host marsad.example.org
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The event store: a SQLite file (created when missing) or a postgres:// URL.
    #[arg(long, default_value = "marsad.db")]
    db: String,
    #[command(flatten)]
    server: ServerArgs,
}

/// Options shared by `serve` and `demo`.
#[derive(clap::Args)]
pub struct ServerArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Port to listen on.
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// File holding the token that POST /api/documents requires (else $MARSAD_TOKEN).
    #[arg(long)]
    token_file: Option<PathBuf>,
    /// Largest accepted request body, in MiB.
    #[arg(long, default_value_t = 16)]
    max_body_mib: usize,
    /// Ingest requests per minute and client.
    #[arg(long, default_value_t = 60)]
    posts_per_minute: u32,
    /// A Host name (or address) clients may use besides localhost and the bind address;
    /// repeat for several; `*` answers any Host (behind a proxy that checks it).
    #[arg(long = "allowed-host", value_name = "NAME")]
    allowed_hosts: Vec<String>,
}

impl ServerArgs {
    fn config(&self) -> Result<Config> {
        let token = match &self.token_file {
            Some(path) => {
                let token = std::fs::read_to_string(path)
                    .with_context(|| format!("reading the token file {}", path.display()))?
                    .trim()
                    .to_string();
                if token.is_empty() {
                    bail!(
                        "the token file {} is empty: put the token in it, or leave out \
                         --token-file to serve without one",
                        path.display()
                    );
                }
                Some(token)
            }
            None => std::env::var("MARSAD_TOKEN")
                .ok()
                .map(|t| t.trim().to_string()),
        }
        .filter(|t| !t.is_empty());
        if token.is_none() && !self.bind.is_loopback() {
            eprintln!(
                "marsad serve: warning: listening on {} with no token: anyone who can reach it \
                 can add articles (set MARSAD_TOKEN or --token-file)",
                self.bind
            );
        }
        if self.max_body_mib == 0 {
            bail!("--max-body-mib must be at least 1");
        }
        let mut allowed_hosts = AllowedHosts::for_bind(self.bind);
        for name in &self.allowed_hosts {
            if name.trim().is_empty() {
                bail!("--allowed-host needs a name");
            }
            allowed_hosts.allow(name);
        }
        Ok(Config {
            token,
            allowed_hosts,
            max_body_bytes: self.max_body_mib.saturating_mul(1024 * 1024),
            posts_per_minute: self.posts_per_minute,
            ..Config::default()
        })
    }

    /// Serves `backend` until ctrl-c; `ready` is called with the URL once listening.
    pub fn serve(&self, backend: Arc<dyn Backend>, ready: impl FnOnce(&str)) -> Result<()> {
        let config = self.config()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .context("starting the async runtime")?;
        let addr = SocketAddr::new(self.bind, self.port);
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("listening on {addr} (is the port in use? try --port)"))?;
            let local = listener.local_addr()?;
            let host = match local.ip() {
                IpAddr::V6(ip) => format!("[{ip}]"),
                ip => ip.to_string(),
            };
            ready(&format!("http://{host}:{}", local.port()));
            marsad_server::serve(listener, marsad_server::router(backend, config))
                .await
                .context("serving")
        })
    }
}

pub fn run(args: Args) -> Result<Outcome> {
    let store = Store::open(&args.db).with_context(|| format!("opening the store {}", args.db))?;
    let location = store.location().to_string();
    let backend = Arc::new(StoreBackend::new(store));
    args.server.serve(backend, |url| {
        eprintln!("marsad serve: {location} on {url} (ctrl-c to stop)");
    })?;
    Ok(Outcome::Done)
}
