//! Shared by the integration tests: a real store in a temporary folder, real servers on
//! loopback ports, and a minimal HTTP/1.1 client (so requests can be as malformed as needed).

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use marsad_extract::{Document, Extractor};
use marsad_server::store::StoreBackend;
use marsad_server::Config;
use marsad_store::Store;

pub const TOKEN: &str = "test-token-0123";

/// A temporary folder removed when the test process ends (best effort).
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("marsad-server-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The sample articles and the first `n` articles of the demo collection.
pub fn articles(n: usize) -> Vec<Document> {
    let mut docs = Vec::new();
    for (file, take) in [
        ("examples/hasakah-prison.jsonl", usize::MAX),
        ("data/demo/saudinewsnet-demo.jsonl", n),
    ] {
        let text = std::fs::read_to_string(repo().join(file)).unwrap();
        docs.extend(
            text.lines()
                .take(take)
                .map(|l| serde_json::from_str::<Document>(l).unwrap()),
        );
    }
    docs
}

/// The demo article whose event has no coordinates (Taliban attacks in Badakhshan, placed
/// only in Afghanistan: `located=false`, the page's list of such events).
pub const UNLOCATED_ARTICLE: &str = "saudinewsnet-35d7716601d601d8";

/// The article `doc_id` of the demo collection.
pub fn demo_article(doc_id: &str) -> Document {
    let text = std::fs::read_to_string(repo().join("data/demo/saudinewsnet-demo.jsonl")).unwrap();
    text.lines()
        .map(|l| serde_json::from_str::<Document>(l).unwrap())
        .find(|d| d.doc_id == doc_id)
        .unwrap_or_else(|| panic!("{doc_id} is not in the demo collection"))
}

/// The servers every test shares: `main` (token set, 256 KiB body limit) and `limited`
/// (a burst of 2 posts), over one SQLite store holding the samples, 120 demo articles and
/// [`UNLOCATED_ARTICLE`].
pub struct World {
    pub main: SocketAddr,
    pub limited: SocketAddr,
    pub store: Store,
    _dir: TempDir,
}

pub fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let dir = TempDir::new("api");
        let store = Store::open(dir.0.join("test.db").to_str().unwrap()).unwrap();
        let extractor = Extractor::load_default().unwrap();
        let mut docs = articles(120);
        docs.push(demo_article(UNLOCATED_ARTICLE));
        let report = store.ingest_documents(&extractor, docs).unwrap();
        assert!(report.records > 100, "{report:?}");
        let backend = Arc::new(StoreBackend::with_extractor(store.clone(), extractor));
        let main = Config {
            token: Some(TOKEN.into()),
            max_body_bytes: 256 * 1024,
            posts_per_minute: 600,
            post_burst: 100,
            ..Config::default()
        };
        let limited = Config {
            posts_per_minute: 1,
            post_burst: 2,
            ..Config::default()
        };
        let addrs = serve(backend, vec![main, limited]);
        World {
            main: addrs[0],
            limited: addrs[1],
            store,
            _dir: dir,
        }
    })
}

/// Serves `backend` once per config, each on its own loopback port, from a runtime of its own
/// that lives as long as the test process.
pub fn serve(backend: Arc<StoreBackend>, configs: Vec<Config>) -> Vec<SocketAddr> {
    serve_with(backend, configs, marsad_server::Timeouts::default())
}

/// [`serve`] with the given connection timeouts.
pub fn serve_with(
    backend: Arc<StoreBackend>,
    configs: Vec<Config>,
    timeouts: marsad_server::Timeouts,
) -> Vec<SocketAddr> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let mut addrs = Vec::new();
            let mut tasks = Vec::new();
            for config in configs {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                addrs.push(listener.local_addr().unwrap());
                let router = marsad_server::router(backend.clone(), config);
                tasks.push(tokio::spawn(marsad_server::serve_with(
                    listener,
                    router,
                    timeouts,
                    std::future::pending(),
                )));
            }
            tx.send(addrs).unwrap();
            for t in tasks {
                let _ = t.await;
            }
        });
    });
    rx.recv().unwrap()
}

/// A response as read off the wire.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8 body")
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// The `error` message of a 4xx JSON body.
    pub fn error(&self) -> String {
        self.json()["error"]
            .as_str()
            .expect("an error message")
            .to_string()
    }
}

/// Sends raw bytes and reads the response (Connection: close).
pub fn raw(addr: SocketAddr, request: &[u8]) -> Response {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    // The server may answer and close before it has read a large body: ignore write errors.
    let _ = stream.write_all(request);
    read_response(&mut stream)
}

pub fn read_response(stream: &mut TcpStream) -> Response {
    let mut buf = Vec::new();
    let _ = stream.read_to_end(&mut buf);
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(&buf)));
    let head = String::from_utf8_lossy(&buf[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = buf[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        let mut out = Vec::new();
        let mut rest = &body[..];
        loop {
            let end = rest.windows(2).position(|w| w == b"\r\n").unwrap();
            let size = usize::from_str_radix(std::str::from_utf8(&rest[..end]).unwrap().trim(), 16)
                .unwrap();
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[end + 2..end + 2 + size]);
            rest = &rest[end + 2 + size + 2..];
        }
        body = out;
    }
    Response {
        status,
        headers,
        body,
    }
}

pub fn get(addr: SocketAddr, target: &str) -> Response {
    raw(
        addr,
        format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

pub fn post(addr: SocketAddr, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Response {
    let mut req = format!(
        "POST {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    let mut bytes = req.into_bytes();
    bytes.extend_from_slice(body);
    raw(addr, &bytes)
}

/// Percent-encodes a query value.
pub fn enc(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
