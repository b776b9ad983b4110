//! The core of strom: the wire layer, the log, the metadata controller and the broker.
//!
//! Dependency direction inside the crate is one way: `wire` <- `log` <- `controller` <-
//! `broker`. The log never sees network types; the controller's planning step is a pure function
//! of the current metadata image.

pub mod alloc;
pub mod broker;
pub mod config;
pub mod controller;
pub mod coordinator;
pub mod error;
pub mod log;
