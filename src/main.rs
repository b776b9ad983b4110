//! `strom`: a Kafka-compatible broker and the `kafka-*.sh` tools in one binary.
//!
//! Invoked through a link named `kafka-topics` (or `kafka-topics.sh`) it behaves as
//! `strom topics`; see `cli::applet`.

use std::process::ExitCode;

mod cli;

// Large allocations are backed by MAP_NORESERVE mappings so that an absurd array count read off
// the wire (kafka-protocol 0.18 pre-sizes vectors from it) costs address space, not an abort.
#[global_allocator]
static GLOBAL: strom_core::alloc::GuardedAlloc = strom_core::alloc::GuardedAlloc;

fn main() -> ExitCode {
    let invocation = cli::parse();
    cli::logging::init(&invocation);
    match cli::run(invocation) {
        Ok(code) => code,
        Err(e) if cli::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            cli::color::eprint_error(&format!("{e:#}"));
            ExitCode::FAILURE
        }
    }
}
