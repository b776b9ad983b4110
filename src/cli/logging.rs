//! tracing to stderr: the broker logs at info, tools at warn; RUST_LOG overrides both.

use tracing_subscriber::EnvFilter;

use super::{Invocation, Tool};

pub fn init(inv: &Invocation) {
    let default = match inv.tool {
        Tool::ServerStart(_) => "info",
        _ => "warn",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    // --color and NO_COLOR (tracing's own NO_COLOR check does not look for a terminal).
    let ansi = super::color::stderr_enabled();
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
        .with_target(false)
        .try_init();
}
