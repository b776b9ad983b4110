//! End-to-end tests: the real `strom` binary, a broker on an ephemeral port, and the tools
//! driven as users drive them. Each test prepares state, runs a tool, checks its output and
//! exit status, then checks the server state through the tools or strom-client.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod acls;
mod argv0;
mod configs;
mod console;
mod consumer_groups;
mod delete_records;
mod generated;
mod get_offsets;
mod harness;
mod log_dirs;
mod metadata_quorum;
mod output_formats;
mod perf_tools;
mod shell;
mod snapshots;
mod storage;
mod topics;
