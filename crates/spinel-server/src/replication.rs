//! The host side of serving replicas (the engine's repl.rs has the protocol and the
//! stream). A replica is a client connection like any other: SYNC/PSYNC put the RDB in its
//! pending output, and every write the engine records afterwards is appended there too;
//! the loop delivers it with the other clients' pending output (`deliver_ready`).
//!
//! What the host adds: moving the recorded writes out of the engine once per loop iteration
//! and after cron (expiry DELs, PINGs), the `client-output-buffer-limit replica` check, and
//! exempting replicas from the idle `timeout`, as Redis does.

use spinel_core::Engine;

/// Moves completed writes to the replicas' output (and, with the AOF on, keeps them for it).
/// Costs one flag test when no replica was ever attached.
#[inline]
pub fn flush(engine: &mut Engine) {
    if engine.replication_active() {
        engine.flush_replication();
    }
}
