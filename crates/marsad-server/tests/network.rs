//! The server facing a network, on real sockets: the Host check, the security headers, the
//! rate limit on failed tokens, and connections closed when their headers, body or next
//! request do not arrive in time. The servers here have 1 s timeouts; each test that waits
//! for a close gives the server 8 s, so a server without the timeout fails it.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use common::{get, post, raw, TOKEN};
use marsad_server::store::StoreBackend;
use marsad_server::{Config, Timeouts};

/// A server with a token, 1 s header and body timeouts and a burst of 3 failed tokens.
fn server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        let world = common::world();
        let backend = Arc::new(StoreBackend::new(world.store.clone()));
        let config = Config {
            token: Some(TOKEN.into()),
            auth_failure_burst: 3,
            auth_failures_per_minute: 1,
            body_timeout: Duration::from_secs(1),
            ..Config::default()
        };
        let timeouts = Timeouts {
            header: Duration::from_secs(1),
            ..Timeouts::default()
        };
        common::serve_with(backend, vec![config], timeouts)[0]
    })
}

/// Reads until the server closes the connection; `Err` when it has not within `limit`.
fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> Result<Vec<u8>, String> {
    stream.set_read_timeout(Some(limit)).unwrap();
    let started = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return Ok(got),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return Ok(got),
            Err(e) => {
                return Err(format!(
                    "still open after {:?} ({e}); read {:?}",
                    started.elapsed(),
                    String::from_utf8_lossy(&got)
                ))
            }
        }
        if started.elapsed() > limit {
            return Err("still open".into());
        }
    }
}

#[test]
fn another_host_is_refused() {
    let addr = server();
    let ask = |host: &str| {
        raw(
            addr,
            format!("GET /api/stats HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
    };
    for host in [
        "rebind.evil.example",
        &format!("rebind.evil.example:{}", addr.port()),
        "localhost.evil.example",
        "10.1.2.3",
    ] {
        let r = ask(host);
        assert_eq!(r.status, 421, "{host}: {}", r.text());
        assert!(r.error().contains("--allowed-host"), "{}", r.error());
    }
    for host in [
        "localhost".to_string(),
        format!("127.0.0.1:{}", addr.port()),
        format!("[::1]:{}", addr.port()),
    ] {
        assert_eq!(ask(&host).status, 200, "{host}");
    }
    // The page too, not only the API.
    let r = raw(
        addr,
        b"GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(r.status, 421);
    // HTTP/1.0 without a Host.
    let r = raw(addr, b"GET /api/stats HTTP/1.0\r\n\r\n");
    assert_eq!(r.status, 400, "{}", r.text());
}

#[test]
fn every_answer_carries_the_security_headers() {
    let addr = server();
    let answers = [
        get(addr, "/"),
        get(addr, "/api/stats"),
        get(addr, "/api/events/nope"),
        get(addr, "/api/events?bad=1"),
        raw(
            addr,
            b"GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
        ),
        get(addr, "/api/documents/nope"),
    ];
    let statuses: Vec<u16> = answers.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 200, 404, 400, 421, 404]);
    for r in &answers {
        let csp = r.header("content-security-policy").unwrap_or_default();
        assert!(csp.contains("default-src 'self'"), "{csp:?}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp:?}");
        assert!(csp.contains("object-src 'none'"), "{csp:?}");
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(r.header("x-frame-options"), Some("DENY"));
        assert_eq!(r.header("referrer-policy"), Some("no-referrer"));
    }
}

#[test]
fn failed_tokens_are_rate_limited() {
    let addr = server();
    let json = [
        ("Content-Type", "application/json"),
        ("Authorization", "Bearer guess"),
    ];
    let statuses: Vec<u16> = (0..5)
        .map(|_| post(addr, "/api/documents", &json, b"{}").status)
        .collect();
    assert_eq!(statuses, [401, 401, 401, 429, 429]);
    let r = post(addr, "/api/documents", &json, b"{}");
    assert_eq!(r.status, 429);
    assert!(r.header("retry-after").unwrap().parse::<u64>().unwrap() >= 1);
    // Once blocked, even the right token waits: guessing cannot go on in between.
    let auth = format!("Bearer {TOKEN}");
    let r = post(
        addr,
        "/api/documents",
        &[
            ("Content-Type", "application/json"),
            ("Authorization", auth.as_str()),
        ],
        b"{}",
    );
    assert_eq!(r.status, 429);
}

#[test]
fn a_request_whose_headers_never_end_is_closed() {
    let mut stream = TcpStream::connect(server()).unwrap();
    stream
        .write_all(b"GET /api/stats HTTP/1.1\r\nHost: localhost\r\nX-Slow: 1")
        .unwrap();
    let started = Instant::now();
    read_until_closed(&mut stream, Duration::from_secs(8)).unwrap();
    assert!(started.elapsed() >= Duration::from_millis(500));
}

#[test]
fn a_connection_that_sends_nothing_is_closed() {
    let mut stream = TcpStream::connect(server()).unwrap();
    let got = read_until_closed(&mut stream, Duration::from_secs(8)).unwrap();
    assert!(got.is_empty() || got.starts_with(b"HTTP/1.1 408"));
}

#[test]
fn an_idle_keep_alive_connection_is_closed() {
    let mut stream = TcpStream::connect(server()).unwrap();
    stream
        .write_all(b"GET /api/stats HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    // The answer comes, the connection stays open for the next request, then is closed.
    let got = read_until_closed(&mut stream, Duration::from_secs(8)).unwrap();
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(!text.to_ascii_lowercase().contains("connection: close"));
}

#[test]
fn a_body_that_never_arrives_is_cut_off() {
    let mut stream = TcpStream::connect(server()).unwrap();
    let head = format!(
        "POST /api/documents HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {TOKEN}\r\n\
         Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n[{{\"doc_id\":"
    );
    stream.write_all(head.as_bytes()).unwrap();
    // A byte every 300 ms: each arrives well within any per-read timeout, the whole never.
    let writer = {
        let mut stream = stream.try_clone().unwrap();
        std::thread::spawn(move || {
            for _ in 0..40 {
                std::thread::sleep(Duration::from_millis(300));
                if stream.write_all(b" ").is_err() {
                    break;
                }
            }
        })
    };
    let got = read_until_closed(&mut stream, Duration::from_secs(8)).unwrap();
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.contains("did not arrive"), "{text}");
    writer.join().unwrap();
}
