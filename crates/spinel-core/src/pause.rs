//! CLIENT PAUSE: commands held back until the pause ends (Redis's postponed clients).
//!
//! While a pause is on (`ALL`, or `WRITE` for commands that may change data), such a
//! command returns `Outcome::Blocked` and is kept with its arguments; when the pause ends
//! (CLIENT UNPAUSE or its deadline, checked in `cron`) the held commands run in arrival
//! order and their replies reach the clients through `take_ready`/`take_pending`, as for
//! any blocked client.

use crate::client::ClientId;
use crate::commands::{flags, CommandSpec};
use crate::engine::{Engine, Outcome};
use alloc::collections::VecDeque;
use alloc::vec::Vec;

/// What holds writes besides CLIENT PAUSE.
#[cfg(feature = "server")]
#[derive(Clone, Copy)]
pub(crate) enum WritePause {
    Failover,
    Shutdown,
}

#[derive(Default)]
pub struct Pause {
    /// Deadline (unix ms) of the current pause; 0 = none.
    pub until_ms: u64,
    /// Only commands that may write are held.
    pub write_only: bool,
    /// A FAILOVER's pause of writes, apart from CLIENT PAUSE's (CLIENT UNPAUSE leaves it).
    #[cfg(feature = "server")]
    pub failover: bool,
    /// A SHUTDOWN's pause of writes while it waits for lagging replicas (shutdown.rs).
    #[cfg(feature = "server")]
    pub shutdown: bool,
    /// Held commands, oldest first.
    pub held: VecDeque<(ClientId, Vec<Vec<u8>>)>,
}

impl Engine {
    /// Whether `spec` must wait for the pause to end.
    #[inline(always)]
    pub(crate) fn paused_for(&self, client: ClientId, spec: &CommandSpec, argv: &[&[u8]]) -> bool {
        let client_pause = self.client_paused();
        if !client_pause && !self.write_pause() {
            return false;
        }
        if client_pause && !self.pause.write_only {
            return true;
        }
        self.may_write(spec, argv)
            || (spec.full_name == "exec"
                && self.clients.get(client).and_then(|c| c.multi.as_ref()).is_some_and(|m| {
                    m.commands.iter().any(|(s, args)| self.may_write(s, &args.iter().map(|a| a.as_slice()).collect::<Vec<_>>()))
                }))
    }

    /// Whether a command may write, as CLIENT PAUSE WRITE judges it: a script or function
    /// that declares its flags may write unless it says no-writes, whatever the command's
    /// own flags (Redis's scriptFlagsToCmdFlags).
    fn may_write(&self, spec: &CommandSpec, argv: &[&[u8]]) -> bool {
        if crate::commands::scripting::runs_script(spec) {
            if let Some(no_writes) = self.script_declares_no_writes(argv) {
                return !no_writes;
            }
        }
        spec.has(flags::WRITE | flags::MAY_REPLICATE)
    }

    /// While a pause is on the dataset stays as it is: keys whose TTL passed read as absent
    /// but are not deleted (lazily or actively) and nothing is evicted, as Redis's
    /// checkClientPauseTimeoutAndReturnIfPaused; they go once the pause ends.
    #[inline]
    pub(crate) fn dataset_frozen(&self) -> bool {
        self.write_pause() || self.client_paused()
    }

    /// A CLIENT PAUSE is on (set and not past its deadline).
    #[inline(always)]
    fn client_paused(&self) -> bool {
        self.pause.until_ms != 0 && self.now_ms() < self.pause.until_ms
    }

    /// A FAILOVER or a SHUTDOWN waiting for replicas holds writes (only servers have
    /// replicas).
    #[inline(always)]
    pub(crate) fn write_pause(&self) -> bool {
        #[cfg(feature = "server")]
        return self.pause.failover || self.pause.shutdown;
        #[cfg(not(feature = "server"))]
        false
    }

    /// Holds a command until the pause ends.
    pub(crate) fn hold(&mut self, client: ClientId, argv: &[&[u8]]) -> Outcome {
        self.pause.held.push_back((client, argv.iter().map(|a| a.to_vec()).collect()));
        Outcome::Blocked
    }

    /// Whether a client has a command held by a pause.
    pub(crate) fn is_held(&self, client: ClientId) -> bool {
        !self.pause.held.is_empty() && self.pause.held.iter().any(|(c, _)| *c == client)
    }

    /// CLIENT PAUSE: a longer or stricter pause replaces a shorter or laxer one.
    pub(crate) fn pause_clients(&mut self, until_ms: u64, write_only: bool) {
        if self.client_paused() {
            self.pause.until_ms = self.pause.until_ms.max(until_ms);
            self.pause.write_only &= write_only;
        } else {
            self.pause.until_ms = until_ms;
            self.pause.write_only = write_only;
        }
    }

    /// Ends the pause (CLIENT UNPAUSE, or its deadline) and runs the held commands (those a
    /// FAILOVER's or a SHUTDOWN's pause still holds are held again).
    pub(crate) fn unpause_clients(&mut self) {
        self.pause.until_ms = 0;
        self.release_held();
    }

    /// A FAILOVER's or a SHUTDOWN's pause of writes starts or ends (the commands it held run
    /// unless another pause still holds them).
    #[cfg(feature = "server")]
    pub(crate) fn pause_writes_for(&mut self, why: WritePause, on: bool) {
        match why {
            WritePause::Failover => self.pause.failover = on,
            WritePause::Shutdown => self.pause.shutdown = on,
        }
        if !on {
            self.release_held();
        }
    }

    /// Runs the held commands in arrival order.
    fn release_held(&mut self) {
        // A held command may pause again (CLIENT PAUSE): the commands after it are then held
        // anew, in the next queue, not in this one.
        let held = core::mem::take(&mut self.pause.held);
        for (client, args) in held {
            let argv: Vec<&[u8]> = args.iter().map(|a| a.as_slice()).collect();
            let mut out = Vec::new();
            let now = self.now_us;
            let outcome = self.execute(client, &argv, now, &mut out);
            if let Some(c) = self.clients.get_mut(client) {
                c.pending.extend_from_slice(&out);
                if outcome == Outcome::Close {
                    c.close_requested = true;
                }
            }
            self.clients.mark_ready(client);
        }
    }

    /// From `cron`: a pause whose time is up ends.
    pub(crate) fn check_pause_deadline(&mut self) {
        if self.pause.until_ms != 0 && self.now_ms() >= self.pause.until_ms {
            self.unpause_clients();
        }
    }

    /// Forgets a disconnected client's held commands.
    pub(crate) fn drop_held(&mut self, client: ClientId) {
        if !self.pause.held.is_empty() {
            self.pause.held.retain(|(c, _)| *c != client);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::{engine, run, T0};

    /// A paused server keeps expired keys for reads, but a write inside the EXEC that paused
    /// replaces such a key instead of adding a second one.
    #[test]
    fn writes_after_a_pause_in_exec_replace_expired_keys() {
        let (mut e, c) = engine();
        e.active_expire_enabled = false;
        for line in ["SET k old PX 1", "SET w old PX 1", "SET r old PX 1"] {
            run(&mut e, c, line);
        }
        e.cron(T0 + 10_000);
        for line in ["MULTI", "CLIENT PAUSE 100000 WRITE", "SET k new", "SADD w m", "SUNIONSTORE r w", "EXEC"] {
            run(&mut e, c, line);
        }
        // Paused: the expired keys are gone for readers, the written ones there once.
        assert_eq!(run(&mut e, c, "DBSIZE"), b":3\r\n");
        assert_eq!(run(&mut e, c, "GET k"), b"$3\r\nnew\r\n");
        assert_eq!(run(&mut e, c, "SMEMBERS r"), b"*1\r\n$1\r\nm\r\n");
        assert_eq!(run(&mut e, c, "CLIENT UNPAUSE"), b"+OK\r\n");
        assert_eq!(run(&mut e, c, "KEYS *").len(), b"*3\r\n$1\r\nk\r\n$1\r\nw\r\n$1\r\nr\r\n".len());
    }
}
