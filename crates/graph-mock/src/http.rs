//! Just enough HTTP/1.1 for the mock: keep-alive, `Content-Length` bodies, and connections that
//! can be dropped on purpose.

use crate::{Answer, State};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// The largest request the mock reads (a `$batch` of 20 GETs is a few KB).
const MAX_BODY: usize = 1024 * 1024;

struct Request {
    method: String,
    target: String,
    authorization: Option<String>,
    body: Vec<u8>,
}

fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Request> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let target = parts.next()?.to_owned();
    let mut authorization = None;
    let mut length = 0usize;
    for _ in 0..100 {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 {
            return None;
        }
        let header = header.trim_end();
        if header.is_empty() {
            let mut body = vec![0; length.min(MAX_BODY)];
            reader.read_exact(&mut body).ok()?;
            return Some(Request {
                method,
                target,
                authorization,
                body,
            });
        }
        let (name, value) = header.split_once(':')?;
        let value = value.trim();
        if name.eq_ignore_ascii_case("authorization") {
            authorization = Some(value.to_owned());
        } else if name.eq_ignore_ascii_case("content-length") {
            length = value.parse().ok()?;
        }
    }
    None
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// Serves one connection until the client closes it, a request is dropped on purpose, or it
/// stays idle for 10 seconds.
pub(crate) fn serve(stream: TcpStream, state: &State) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    while let Some(request) = read_request(&mut reader) {
        let authorization = request.authorization.as_deref();
        let answer = match (request.method.as_str(), request.target.as_str()) {
            ("POST", "/v1.0/$batch") => state.batch(&request.body, authorization),
            ("GET", target) => state.get(target, authorization, false),
            (method, target) => {
                state.violation(format!(
                    "{method} {target}: only GET and $batch are allowed"
                ));
                state.record(method, target, false, 405);
                Some(Answer::error(405, "BadRequest", "Method not allowed."))
            }
        };
        let Some(answer) = answer else {
            // A dropped connection: no answer at all.
            return;
        };
        let body = serde_json::to_vec(&answer.body).expect("JSON values serialize");
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
            answer.status,
            reason(answer.status),
            body.len()
        );
        for (name, value) in &answer.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        if writer.write_all(head.as_bytes()).is_err() || writer.write_all(&body).is_err() {
            return;
        }
    }
}

/// Percent-decoding of a query part (`%24select` is `$select`).
pub(crate) fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
