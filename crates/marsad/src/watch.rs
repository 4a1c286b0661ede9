//! `marsad watch`: poll RSS/Atom feeds and ingest their new items.

use std::collections::HashMap;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use marsad_extract::Extractor;
use marsad_store::{sources, Ingester, Store};

use crate::store_args::DbArgs;
use crate::Outcome;

/// Poll RSS/Atom feeds on an interval and ingest new or changed items.
///
/// Each poll is a conditional GET (If-None-Match / If-Modified-Since with the feed's last
/// ETag / Last-Modified): an unchanged feed costs one short 304 answer. Items are ingested as
/// by `marsad ingest` (already stored items are no-ops; a changed text replaces the old
/// events). A feed that fails (network error, HTTP error, not a feed) is retried after a
/// growing pause (interval × 2, × 4, … up to one hour) while the others go on. Every poll is
/// logged on stderr. Stop with Ctrl-C: each poll's items are committed when logged.
///
/// Examples:
///   marsad watch https://example.org/rss.xml --interval 600
///   marsad watch --db postgres://marsad:pw@db/marsad URL1 URL2
// The doc comment is the command's --help text, where URLs are written as a user types them.
#[allow(rustdoc::bare_urls)]
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Feed URLs (http:// or https://).
    #[arg(required = true)]
    urls: Vec<String>,
    /// Seconds between polls of a feed.
    #[arg(long, default_value_t = 300)]
    interval: u64,
    /// Stop once every feed has been polled this many times (default: run until stopped).
    /// A failing feed counts its tries, so with backoff this takes longer than N intervals.
    #[arg(long)]
    rounds: Option<u64>,
    /// Seconds to wait for a feed's answer.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    #[command(flatten)]
    db: DbArgs,
}

/// What is remembered of a feed between polls.
#[derive(Default)]
struct FeedState {
    etag: Option<String>,
    last_modified: Option<String>,
    failures: u32,
    next_poll: Option<Instant>,
    /// Polls made so far (answered or failed).
    polls: u64,
}

const MAX_FEED_BYTES: u64 = 32 << 20;

pub fn run(args: Args) -> Result<Outcome> {
    let store = args.db.open()?;
    let extractor = Extractor::load_default().context("loading the extraction resources")?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(args.timeout)))
        .build()
        .into();
    let interval = Duration::from_secs(args.interval);
    let mut states: HashMap<String, FeedState> = HashMap::new();
    let mut any_failure = false;
    loop {
        for url in &args.urls {
            let state = states.entry(url.clone()).or_default();
            if state.next_poll.is_some_and(|t| Instant::now() < t) {
                continue;
            }
            state.polls += 1;
            match poll(&agent, &store, &extractor, url, state) {
                Ok(()) => {
                    state.failures = 0;
                    state.next_poll = Some(Instant::now() + interval);
                }
                Err(e) => {
                    any_failure = true;
                    state.failures += 1;
                    let backoff = interval
                        .saturating_mul(1 << state.failures.min(10))
                        .min(Duration::from_secs(3600));
                    state.next_poll = Some(Instant::now() + backoff);
                    log(&format!(
                        "{url}: {e:#}; failure {} in a row, next try in {} s",
                        state.failures,
                        backoff.as_secs()
                    ));
                }
            }
        }
        let polled_enough = |n: u64| {
            args.urls
                .iter()
                .all(|u| states.get(u).is_some_and(|s| s.polls >= n))
        };
        if args.rounds.is_some_and(polled_enough) {
            break;
        }
        let next = states
            .values()
            .filter_map(|s| s.next_poll)
            .min()
            .unwrap_or_else(|| Instant::now() + interval);
        thread::sleep(
            next.saturating_duration_since(Instant::now())
                .max(Duration::from_millis(50)),
        );
    }
    Ok(if any_failure {
        Outcome::Partial
    } else {
        Outcome::Done
    })
}

fn poll(
    agent: &ureq::Agent,
    store: &Store,
    extractor: &Extractor,
    url: &str,
    state: &mut FeedState,
) -> Result<()> {
    let mut request = agent.get(url);
    if let Some(etag) = &state.etag {
        request = request.header("If-None-Match", etag);
    }
    if let Some(lm) = &state.last_modified {
        request = request.header("If-Modified-Since", lm);
    }
    let mut response = request.call().context("request failed")?;
    let status = response.status().as_u16();
    if status == 304 {
        log(&format!("{url}: not modified"));
        return Ok(());
    }
    if status != 200 {
        anyhow::bail!("HTTP {status}");
    }
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let (etag, last_modified) = (header("etag"), header("last-modified"));
    let body = response
        .body_mut()
        .with_config()
        .limit(MAX_FEED_BYTES)
        .read_to_vec()
        .context("reading the answer")?;
    let docs = sources::feed_documents(&body, url).map_err(anyhow::Error::msg)?;
    let n_items = docs.len();
    let mut ingester = Ingester::new(store, extractor);
    let report = ingester
        .ingest_batch(docs)
        .context("writing to the store")?;
    for s in &report.skipped {
        log(&format!("{}: {}; skipped", s.origin, s.reason));
    }
    for s in &report.repaired {
        log(&format!("{}: {}; stored", s.origin, s.reason));
    }
    // Remember validators only once the items are stored.
    state.etag = etag;
    state.last_modified = last_modified;
    log(&format!(
        "{url}: {n_items} items: {} new, {} updated, {} unchanged, {} skipped; {} event records",
        report.new,
        report.updated,
        report.unchanged,
        report.skipped.len(),
        report.records
    ));
    Ok(())
}

fn log(message: &str) {
    eprintln!(
        "{} marsad watch: {message}",
        chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ")
    );
}
