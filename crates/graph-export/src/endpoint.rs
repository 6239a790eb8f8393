//! The Graph endpoint: which addresses are accepted, and keeping every request on it.

use crate::plan::VERSION;
use url::{Host, Url};

/// Graph's global endpoint.
pub const DEFAULT_GRAPH_URL: &str = "https://graph.microsoft.com";

/// A checked Graph root (`https://graph.microsoft.com`, a national cloud's, or a loopback test
/// server), without a trailing slash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    origin: String,
    loopback: bool,
}

impl Endpoint {
    /// Accepts `https://host[:port]`, and `http://` only for loopback addresses (127.0.0.0/8,
    /// `::1`, `localhost`): the token must never cross a network in clear text.
    pub fn parse(text: &str) -> Result<Endpoint, String> {
        let url = Url::parse(text.trim()).map_err(|e| format!("`{text}` is not a URL: {e}"))?;
        let loopback = match url.host() {
            Some(Host::Ipv4(ip)) => ip.is_loopback(),
            Some(Host::Ipv6(ip)) => ip.is_loopback(),
            Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
            None => return Err(format!("`{text}` has no host")),
        };
        match url.scheme() {
            "https" => {}
            "http" if loopback => {}
            "http" => {
                return Err(format!(
                    "`{text}`: plain http is accepted only for loopback addresses (127.0.0.1, ::1, \
                     localhost); use https"
                ))
            }
            other => return Err(format!("`{text}`: unsupported scheme `{other}`; use https")),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(format!("`{text}`: no user name or password in the URL"));
        }
        if !matches!(url.path(), "" | "/") || url.query().is_some() || url.fragment().is_some() {
            return Err(format!(
                "`{text}`: give only the scheme and host (for example {DEFAULT_GRAPH_URL}); \
                 licenselab adds {VERSION}"
            ));
        }
        let origin = url.origin().ascii_serialization();
        Ok(Endpoint { origin, loopback })
    }

    pub fn origin(&self) -> &str {
        &self.origin
    }

    pub fn is_loopback(&self) -> bool {
        self.loopback
    }

    /// The full URL of a path under [`VERSION`] (`/users?...`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{VERSION}{path}", self.origin)
    }

    /// The path under [`VERSION`] of an `@odata.nextLink`, which must point at this endpoint:
    /// the token is sent only to the endpoint the administrator chose.
    pub fn next_path(&self, link: &str) -> Result<String, String> {
        let url = Url::parse(link).map_err(|e| format!("`@odata.nextLink` is not a URL: {e}"))?;
        if url.origin().ascii_serialization() != self.origin {
            return Err(format!(
                "`@odata.nextLink` points at {}, not at {}; refusing to follow it",
                url.origin().ascii_serialization(),
                self.origin
            ));
        }
        let path = url
            .path()
            .strip_prefix(VERSION)
            .filter(|rest| rest.starts_with('/'))
            .ok_or_else(|| format!("`@odata.nextLink` is not under {VERSION}"))?;
        Ok(match url.query() {
            Some(query) => format!("{path}?{query}"),
            None => path.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_anywhere_plain_http_only_on_loopback() {
        for ok in [
            "https://graph.microsoft.com",
            "https://graph.microsoft.us/",
            "https://microsoftgraph.chinacloudapi.cn",
            "http://127.0.0.1:8080",
            "http://127.1.2.3",
            "http://[::1]:9000",
            "http://localhost:1234",
        ] {
            assert!(Endpoint::parse(ok).is_ok(), "{ok}");
        }
        for refused in [
            "http://graph.microsoft.com",
            "http://10.0.0.1",
            "http://[::2]",
            "http://localhost.example.com",
            "ftp://127.0.0.1",
            "https://graph.microsoft.com/v1.0",
            "https://user:pw@graph.microsoft.com",
            "graph.microsoft.com",
        ] {
            assert!(Endpoint::parse(refused).is_err(), "{refused}");
        }
        let e = Endpoint::parse("http://example.com").unwrap_err();
        assert!(e.contains("loopback"), "{e}");
    }

    #[test]
    fn next_links_stay_on_the_endpoint() {
        let endpoint = Endpoint::parse("https://graph.microsoft.com/").unwrap();
        assert_eq!(
            endpoint.url("/users"),
            "https://graph.microsoft.com/v1.0/users"
        );
        assert_eq!(
            endpoint
                .next_path("https://graph.microsoft.com/v1.0/users?$top=999&$skiptoken=X1")
                .unwrap(),
            "/users?$top=999&$skiptoken=X1"
        );
        assert!(endpoint
            .next_path("https://evil.example/v1.0/users")
            .unwrap_err()
            .contains("refusing"));
        assert!(endpoint
            .next_path("http://graph.microsoft.com/v1.0/users")
            .is_err());
        assert!(endpoint
            .next_path("https://graph.microsoft.com/beta/users")
            .is_err());
    }
}
