//! tracing to stderr: the broker logs at info, tools at warn; RUST_LOG overrides both.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

use super::{Invocation, Tool};

pub fn init(inv: &Invocation) {
    let default = match inv.tool {
        Tool::ServerStart(_) => "info",
        _ => "warn",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let ansi = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
        .with_target(false)
        .try_init();
}
