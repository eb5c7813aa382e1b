//! Spinel's engine: a Redis-compatible keyspace, its commands and the RESP protocol.
//!
//! The crate is sans-IO and `no_std` + `alloc`: the host (native server, wasm binding)
//! owns sockets, clocks, files and threads, and drives the [`Engine`] with parsed commands,
//! the current time and periodic [`Engine::cron`] calls. See ARCHITECTURE.md.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod acl;
pub mod aof;
pub mod blocking;
pub mod bytes;
pub mod client;
pub mod commands;
pub mod config;
pub mod diagnostics;
#[cfg(feature = "server")]
pub mod digest;
pub mod engine;
pub mod evict;
pub mod glob;
pub mod keyspace;
pub mod lazyfree;
pub mod multi;
pub mod pubsub;
pub mod tracking;
pub mod ldouble;
pub mod notify;
pub mod num;
pub mod pause;
pub mod persist;
pub mod resp;
pub mod snapshot;
pub mod scripting;
pub mod types;
pub mod value;
pub mod vecmap;
pub mod hll;
pub mod rdb;
pub mod repl;
#[cfg(feature = "server")]
pub mod replica;
#[cfg(feature = "server")]
pub mod failover;
#[cfg(feature = "server")]
pub mod shutdown;
#[cfg(feature = "server")]
pub mod oom;
#[cfg(feature = "server")]
pub mod client_evict;

pub use client::{ClientId, ConnInfo};
pub use engine::{Engine, HostInfo, Outcome};
pub use resp::parser::{ParseError, Parser, ParserLimits};
pub use resp::writer::{Protocol, Reply};
pub use scripting::{CallFlags, ScriptEngine};
