//! What guards every request before a handler sees it: the `Host` check against DNS
//! rebinding ([`AllowedHosts`]) and the security headers every answer carries
//! ([`security_headers`]).

use std::net::IpAddr;

use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::model::ErrorBody;

/// The `Content-Security-Policy` of every answer: the bundled page loads its script, style,
/// fonts, map data and map worker from the server itself (MapLibre also draws `blob:` and
/// `data:` images); nothing may frame it. The browser test fails on any CSP violation it logs.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; \
     connect-src 'self'; worker-src 'self'; child-src 'self'; object-src 'none'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The `Host` values a server answers; any other is refused with 421 Misdirected Request,
/// so a page whose domain was rebound to this server's address cannot use it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AllowedHosts {
    /// Every host (behind a proxy that checks it, say).
    Any,
    /// These names and addresses (lower case, without port), and with `ip_literals` any IP
    /// address (a rebinding page always sends its own domain name, never an address).
    Only {
        names: Vec<String>,
        ip_literals: bool,
    },
}

impl AllowedHosts {
    /// `localhost`, the loopback addresses and `bind`; any IP address when `bind` is the
    /// unspecified address (0.0.0.0 or ::), which answers on all of them.
    pub fn for_bind(bind: IpAddr) -> AllowedHosts {
        let mut names = vec![
            "localhost".to_string(),
            "127.0.0.1".to_string(),
            "::1".to_string(),
        ];
        if !bind.is_unspecified() {
            names.push(bind.to_string());
        }
        AllowedHosts::Only {
            names,
            ip_literals: bind.is_unspecified(),
        }
    }

    /// Adds a name (`example.org`, `10.0.0.5`, `[::1]`; a port is ignored); `*` allows any.
    pub fn allow(&mut self, name: &str) {
        let name = name.trim();
        if name == "*" {
            *self = AllowedHosts::Any;
            return;
        }
        if let AllowedHosts::Only { names, .. } = self {
            let (host, _) = split_port(name);
            let host = host.to_ascii_lowercase();
            if !names.contains(&host) {
                names.push(host);
            }
        }
    }

    /// Whether a request whose `Host` is `host` (with or without port) is answered.
    pub fn allows(&self, host: &str) -> bool {
        match self {
            AllowedHosts::Any => true,
            AllowedHosts::Only { names, ip_literals } => {
                let (name, _) = split_port(host);
                let name = name.trim_end_matches('.').to_ascii_lowercase();
                names.contains(&name) || (*ip_literals && name.parse::<IpAddr>().is_ok())
            }
        }
    }
}

impl Default for AllowedHosts {
    /// What a server bound to a loopback address answers.
    fn default() -> AllowedHosts {
        AllowedHosts::for_bind(IpAddr::from([127, 0, 0, 1]))
    }
}

/// `host[:port]` or `[v6][:port]` → (host without brackets, port).
fn split_port(authority: &str) -> (&str, Option<&str>) {
    if let Some(rest) = authority.strip_prefix('[') {
        return match rest.split_once(']') {
            Some((host, tail)) => (host, tail.strip_prefix(':')),
            None => (authority, None),
        };
    }
    match authority.rsplit_once(':') {
        // Several colons without brackets: a bare IPv6 address.
        Some((host, port)) if !host.contains(':') => (host, Some(port)),
        _ => (authority, None),
    }
}

/// Refuses requests whose `Host` (or HTTP/2 `:authority`) is not allowed: 421, or 400 when
/// there is none.
pub async fn check_host(
    State(allowed): State<std::sync::Arc<AllowedHosts>>,
    request: Request,
    next: Next,
) -> Response {
    if *allowed == AllowedHosts::Any {
        return next.run(request).await;
    }
    let host = request
        .uri()
        .authority()
        .map(|a| a.as_str().to_string())
        .or_else(|| {
            request
                .headers()
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        });
    match host {
        Some(host) if allowed.allows(&host) => next.run(request).await,
        Some(_) => refuse(
            StatusCode::MISDIRECTED_REQUEST,
            "this server does not answer for that Host (see marsad serve --allowed-host)",
        ),
        None => refuse(StatusCode::BAD_REQUEST, "the request has no Host header"),
    }
}

fn refuse(status: StatusCode, message: &str) -> Response {
    (
        status,
        Json(ErrorBody {
            error: message.to_string(),
        }),
    )
        .into_response()
}

/// The layers that put the security headers on every answer (CSP, `nosniff`,
/// `X-Frame-Options: DENY`, `Referrer-Policy: no-referrer`).
pub fn security_headers() -> [SetResponseHeaderLayer<HeaderValue>; 4] {
    [
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
    ]
    .map(|(name, value): (HeaderName, HeaderValue)| SetResponseHeaderLayer::overriding(name, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_with_and_without_ports() {
        let mut allowed = AllowedHosts::for_bind("10.0.0.5".parse().unwrap());
        for ok in [
            "localhost",
            "LOCALHOST:8080",
            "127.0.0.1:80",
            "[::1]:8080",
            "10.0.0.5:8080",
        ] {
            assert!(allowed.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:8080",
            "10.0.0.6",
            "localhost.evil",
        ] {
            assert!(!allowed.allows(bad), "{bad}");
        }
        allowed.allow("Marsad.example.org:443");
        assert!(allowed.allows("marsad.example.org"));
        allowed.allow("*");
        assert!(allowed.allows("evil.example"));
    }

    #[test]
    fn an_unspecified_bind_answers_any_address_but_no_other_name() {
        let allowed = AllowedHosts::for_bind("0.0.0.0".parse().unwrap());
        assert!(allowed.allows("192.168.1.20:8080"));
        assert!(allowed.allows("[fe80::1]:8080"));
        assert!(!allowed.allows("rebind.evil.example:8080"));
    }
}
