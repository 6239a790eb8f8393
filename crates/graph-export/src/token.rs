//! The administrator's access token: held in memory only, never printed.

use std::fmt;
use std::process::{Command, Stdio};
use std::sync::Mutex;

/// The environment variable a token may come from.
pub const TOKEN_VARIABLE: &str = "LICENSELAB_GRAPH_TOKEN";

/// How many times a run may ask the token command for a new token after Graph says it expired.
const MAX_REFRESHES: u32 = 3;

/// An access token. Its `Debug` and `Display` print `[redacted]`, so it cannot reach a message
/// or a log by accident; only the HTTP client reads it.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Checks that the text can be sent in a header (printable ASCII, no spaces).
    pub fn new(text: &str) -> Result<Token, String> {
        let text = text.trim();
        let text = text
            .strip_prefix("Bearer ")
            .or_else(|| text.strip_prefix("bearer "))
            .unwrap_or(text);
        if text.is_empty() {
            return Err("the access token is empty".to_owned());
        }
        if !text.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(
                "the access token has spaces or characters that are not printable ASCII (is it \
                 more than one line?)"
                    .to_owned(),
            );
        }
        Ok(Token(text.to_owned()))
    }

    pub(crate) fn secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Where the token comes from.
#[derive(Clone, Debug)]
pub enum TokenSource {
    /// A shell command (`sh -c`) that prints the token on standard output; run at the start, and
    /// again when Graph says the token expired.
    Command(String),
    /// The environment variable [`TOKEN_VARIABLE`], read at the start.
    Environment,
    /// A token given directly (it cannot be renewed).
    Fixed(Token),
}

impl TokenSource {
    fn obtain(&self) -> Result<Token, String> {
        match self {
            TokenSource::Fixed(token) => Ok(token.clone()),
            TokenSource::Environment => {
                let text = std::env::var(TOKEN_VARIABLE).map_err(|_| {
                    format!("no token: set {TOKEN_VARIABLE} or pass --token-command")
                })?;
                Token::new(&text).map_err(|e| format!("{TOKEN_VARIABLE}: {e}"))
            }
            TokenSource::Command(command) => run_token_command(command),
        }
    }
}

fn run_token_command(command: &str) -> Result<Token, String> {
    let output = Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot run the token command through sh: {e}"))?;
    // The command's own output is never shown: it holds the token when it succeeds.
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let stderr: String = stderr.trim().chars().take(400).collect();
        let stderr = redact(&stderr, &[stdout.trim()]);
        return Err(format!(
            "the token command failed ({}){}",
            output.status,
            if stderr.is_empty() {
                String::new()
            } else {
                format!(": {stderr}")
            }
        ));
    }
    Token::new(&stdout).map_err(|e| format!("the token command's output: {e}"))
}

/// Replaces every secret in `text` with `[redacted]`.
pub fn redact(text: &str, secrets: &[&str]) -> String {
    let mut text = text.to_owned();
    for secret in secrets.iter().filter(|s| s.len() >= 4) {
        text = text.replace(secret, "[redacted]");
    }
    text
}

/// The current token, renewed through the source when Graph says it expired.
pub(crate) struct Tokens {
    source: TokenSource,
    state: Mutex<TokenState>,
}

struct TokenState {
    generation: u64,
    current: Token,
    /// Every token used in this run, to redact from errors.
    seen: Vec<Token>,
    refreshes: u32,
}

impl Tokens {
    pub fn new(source: TokenSource) -> Result<Tokens, String> {
        let current = source.obtain()?;
        Ok(Tokens {
            source,
            state: Mutex::new(TokenState {
                generation: 0,
                seen: vec![current.clone()],
                current,
                refreshes: 0,
            }),
        })
    }

    /// The token to send, and its generation (to say which one expired).
    pub fn current(&self) -> (u64, Token) {
        let state = self.state.lock().unwrap();
        (state.generation, state.current.clone())
    }

    /// Called when Graph said the token of `generation` expired: gets a new one, unless another
    /// request already did. `Ok(false)` when the token cannot be renewed.
    pub fn renew(&self, generation: u64) -> Result<bool, String> {
        let mut state = self.state.lock().unwrap();
        if state.generation != generation {
            return Ok(true);
        }
        if !matches!(self.source, TokenSource::Command(_)) || state.refreshes >= MAX_REFRESHES {
            return Ok(false);
        }
        let token = self.source.obtain()?;
        state.refreshes += 1;
        state.generation += 1;
        state.seen.push(token.clone());
        state.current = token;
        Ok(true)
    }

    /// Every token of this run, for [`redact`].
    pub fn secrets(&self) -> Vec<String> {
        let state = self.state.lock().unwrap();
        state.seen.iter().map(|t| t.secret().to_owned()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_never_print() {
        let token = Token::new("Bearer eyJ0eXAi.secret\n").unwrap();
        assert_eq!(token.secret(), "eyJ0eXAi.secret");
        assert_eq!(format!("{token} {token:?}"), "[redacted] [redacted]");
        assert!(Token::new("two\nlines").is_err());
        assert!(Token::new("  ").is_err());
        assert_eq!(
            redact("sent eyJ0eXAi.secret to x", &["eyJ0eXAi.secret"]),
            "sent [redacted] to x"
        );
    }

    #[test]
    fn the_command_runs_again_only_when_the_token_expired() {
        let tokens = Tokens::new(TokenSource::Command("echo token-$$".into())).unwrap();
        let (generation, first) = tokens.current();
        assert!(tokens.renew(generation).unwrap());
        let (next, second) = tokens.current();
        assert_eq!(next, generation + 1);
        assert_ne!(first, second);
        // A second request that saw the old token does not run the command again.
        assert!(tokens.renew(generation).unwrap());
        assert_eq!(tokens.current().0, next);
        assert_eq!(tokens.secrets().len(), 2);

        let fixed = Tokens::new(TokenSource::Fixed(Token::new("abcd").unwrap())).unwrap();
        assert!(!fixed.renew(0).unwrap());

        let failing = Tokens::new(TokenSource::Command("echo oops >&2; exit 3".into()));
        let message = failing.err().unwrap();
        assert!(
            message.contains("failed") && message.contains("oops"),
            "{message}"
        );
    }
}
