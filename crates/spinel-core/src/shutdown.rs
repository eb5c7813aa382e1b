//! SHUTDOWN and the shutdown signals as Redis 7.0 runs them (feature `server`).
//!
//! A shutdown (the command, or SIGTERM/SIGINT, which the host reports and `cron` acts on,
//! so DEBUG PAUSE-CRON delays it and SHUTDOWN ABORT can cancel it) first lets lagging
//! replicas catch up: unless NOW is given or `shutdown-timeout` is 0, writes pause, the
//! replicas are asked for an ACK, and the SHUTDOWN callers block until every replica
//! acknowledged the whole stream or the timeout passed. Then the last steps: lagging
//! replicas are logged, a running child is killed, the AOF is fsynced, the final RDB is
//! written when asked or when save points are set. A failed save keeps the server up
//! (unless FORCE): the blocked callers get "Errors trying to SHUTDOWN" and writes resume.
//! On success `shutdown_finished` tells the host to flush its clients and exit.

use crate::client::ClientId;
use crate::commands::Ctx;
use crate::engine::{Engine, Outcome};
use crate::resp::writer::Reply;
use alloc::format;
use alloc::vec::Vec;

pub(crate) const SHUTDOWN_FAILED: &str = "ERR Errors trying to SHUTDOWN. Check logs.";

/// SHUTDOWN's modifiers (also what `shutdown-on-sigint`/`-sigterm` give a signal).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct ShutdownFlags {
    /// SAVE (Some(true)) or NOSAVE (Some(false)); None: save when save points are set.
    pub save: Option<bool>,
    /// NOW: do not wait for lagging replicas.
    pub now: bool,
    /// FORCE: exit even when the final save fails.
    pub force: bool,
}

impl ShutdownFlags {
    /// Parses SHUTDOWN's words; None for an unknown word or SAVE with NOSAVE.
    pub(crate) fn parse<'a>(words: impl Iterator<Item = &'a [u8]>) -> Option<ShutdownFlags> {
        let mut f = ShutdownFlags::default();
        for w in words {
            if w.eq_ignore_ascii_case(b"nosave") {
                f.save = if f.save == Some(true) { return None } else { Some(false) };
            } else if w.eq_ignore_ascii_case(b"save") {
                f.save = if f.save == Some(false) { return None } else { Some(true) };
            } else if w.eq_ignore_ascii_case(b"now") {
                f.now = true;
            } else if w.eq_ignore_ascii_case(b"force") {
                f.force = true;
            } else {
                return None;
            }
        }
        Some(f)
    }

    /// A `shutdown-on-sig*` setting, as the config keeps it: bits for save, nosave, now and
    /// force (config.rs's SHUTDOWN_FLAGS order).
    fn from_config(bits: i64) -> ShutdownFlags {
        let save = if bits & 1 != 0 { Some(true) } else if bits & 2 != 0 { Some(false) } else { None };
        ShutdownFlags { save, now: bits & 4 != 0, force: bits & 8 != 0 }
    }
}

#[derive(Default)]
pub(crate) struct Shutdown {
    /// A signal asked for a shutdown that `cron` has not started yet (Redis's
    /// shutdown_asap): Some(true) for SIGINT, Some(false) for SIGTERM.
    signal: Option<bool>,
    /// Started and waiting for replicas until this unix ms (Redis's shutdown_mstime); 0 when
    /// no shutdown is under way.
    deadline_ms: u64,
    flags: ShutdownFlags,
    /// Clients blocked in SHUTDOWN while it waits.
    blocked: Vec<ClientId>,
    /// The last steps succeeded: the host exits.
    finished: bool,
}

/// How a shutdown's first step went.
#[derive(Debug, PartialEq, Eq)]
enum Step {
    Finished,
    Waiting,
    Failed,
}

impl Engine {
    /// SIGINT or SIGTERM arrived (the host logged it): `cron` starts the shutdown.
    pub fn shutdown_signal(&mut self, sigint: bool) {
        self.shutdown.signal = Some(sigint);
    }

    /// A signal's shutdown is pending or under way: a second SIGINT ends the process at once.
    pub fn shutdown_signalled(&self) -> bool {
        self.shutdown.signal.is_some()
    }

    /// The shutdown's last steps succeeded: the host flushes its clients and exits.
    pub fn shutdown_finished(&self) -> bool {
        self.shutdown.finished
    }

    /// INFO's `shutdown_in_milliseconds`, while a shutdown waits for replicas.
    pub(crate) fn shutdown_in_ms(&self) -> Option<i64> {
        (self.shutdown.deadline_ms != 0).then(|| self.shutdown.deadline_ms as i64 - self.now_ms() as i64)
    }

    /// SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT].
    pub(crate) fn shutdown_command(&mut self, ctx: &mut Ctx) {
        let is_abort = |a: &&[u8]| a.eq_ignore_ascii_case(b"abort");
        let abort = ctx.argv[1..].iter().any(is_abort);
        let flags = ShutdownFlags::parse(ctx.argv[1..].iter().copied().filter(|a| !is_abort(a)))
            .filter(|f| !abort || *f == ShutdownFlags::default());
        let Some(flags) = flags else {
            return ctx.out.error(crate::commands::SYNTAX);
        };
        if abort {
            return match self.abort_shutdown() {
                true => ctx.out.ok(),
                false => ctx.out.error("ERR No shutdown in progress."),
            };
        }
        if !flags.now && ctx.no_block {
            return ctx.out.error("ERR SHUTDOWN without NOW or ABORT isn't allowed for DENY BLOCKING client");
        }
        if flags.save != Some(false) {
            if let Some(busy) = self.running_script_busy_error() {
                return ctx.out.error(busy);
            }
        }
        match self.prepare_for_shutdown(flags) {
            // No reply: the connection closes as the server exits.
            Step::Finished => ctx.outcome = Outcome::Shutdown,
            Step::Waiting => {
                self.block(ctx, &[], 0, crate::blocking::TimeoutReply::Never, None);
                self.shutdown.blocked.push(ctx.client);
            }
            Step::Failed => ctx.out.error(SHUTDOWN_FAILED),
        }
    }

    /// From `cron`: starts a signal's shutdown, or ends the wait for replicas. Not while a
    /// script runs: Redis's cron does not run then, and the final save would hold it half
    /// done (SCRIPT KILL, or its end, lets the shutdown go on).
    pub(crate) fn shutdown_cron(&mut self) {
        if self.scripting.running.is_some() {
            return;
        }
        if self.shutdown.deadline_ms == 0 {
            let Some(sigint) = self.shutdown.signal else { return };
            let opt = if sigint { crate::config::opt::SHUTDOWN_ON_SIGINT } else { crate::config::opt::SHUTDOWN_ON_SIGTERM };
            self.prepare_for_shutdown(ShutdownFlags::from_config(self.config.int(opt)));
        } else if self.now_ms() >= self.shutdown.deadline_ms || self.replicas_caught_up() {
            self.finish_shutdown();
        }
    }

    /// Redis's prepareForShutdown: waits for lagging replicas unless told not to, else
    /// finishes at once.
    fn prepare_for_shutdown(&mut self, flags: ShutdownFlags) -> Step {
        if self.shutdown.deadline_ms != 0 {
            return Step::Waiting;
        }
        self.shutdown.flags = flags;
        self.host_warn("User requested shutdown...");
        let timeout_s = self.config.int(crate::config::opt::SHUTDOWN_TIMEOUT);
        if !flags.now && timeout_s != 0 && !self.replicas_caught_up() {
            self.shutdown.deadline_ms = self.now_ms() + timeout_s as u64 * 1000;
            if !self.dataset_frozen() {
                self.repl.get_ack = true;
            }
            self.pause_writes_for(crate::pause::WritePause::Shutdown, true);
            self.host_log("Waiting for replicas before shutting down.");
            return Step::Waiting;
        }
        self.finish_shutdown()
    }

    /// Every replica acknowledged the whole stream (Redis's isReadyToShutdown).
    fn replicas_caught_up(&self) -> bool {
        let offset = self.repl.offset as i64;
        self.replica_views().iter().all(|r| r.offset == offset)
    }

    /// Redis's finishShutdown: the lagging replicas logged, children stopped, the AOF
    /// fsynced, the final RDB written. A failed save cancels the shutdown unless FORCE.
    fn finish_shutdown(&mut self) -> Step {
        let offset = self.repl.offset as i64;
        let replicas = self.replica_views();
        let lagging = replicas.iter().filter(|r| r.offset != offset).count();
        for r in replicas.iter().filter(|r| r.offset != offset) {
            let lag = if r.state == crate::repl::SyncState::Online { r.lag_s } else { 0 };
            let line = format!("Lagging replica {}:{} reported offset {} behind master, lag={lag}, state={}.", r.ip, r.port, offset - r.offset, r.state.name());
            self.host_warn(&line);
        }
        if !replicas.is_empty() {
            self.host_log(&format!("{} of {} replicas are in sync when shutting down.", replicas.len() - lagging, replicas.len()));
        }
        let flags = self.shutdown.flags;
        // Without the rewrite that writes its first base, an AOF switched on at runtime
        // does not hold the data yet.
        if self.persist.aof_waiting_rewrite && self.persist.aof_rewrite_started.is_some() {
            if !flags.force {
                self.host_warn("Writing initial AOF, can't exit.");
                return self.shutdown_failed();
            }
            self.host_warn("Writing initial AOF. Exit anyway.");
        }
        if self.persist.host.is_some() {
            self.with_persist_host(|h, e| h.before_shutdown(e));
            let wanted = flags.save.unwrap_or_else(|| !crate::config::save_points(&self.config).is_empty());
            if wanted {
                self.host_log("Saving the final RDB snapshot before exiting.");
                if !self.save_now() {
                    if !flags.force {
                        self.host_warn("Error trying to save the DB, can't exit.");
                        return self.shutdown_failed();
                    }
                    self.host_warn("Error trying to save the DB. Exit anyway.");
                }
            }
        }
        self.shutdown.finished = true;
        Step::Finished
    }

    fn shutdown_failed(&mut self) -> Step {
        self.host_warn("Errors trying to shut down the server. Check the logs for more information.");
        self.cancel_shutdown();
        Step::Failed
    }

    /// A client is gone: it no longer waits for the shutdown (its id may be reused).
    pub(crate) fn forget_shutdown_caller(&mut self, id: ClientId) {
        if !self.shutdown.blocked.is_empty() {
            self.shutdown.blocked.retain(|&c| c != id);
        }
    }

    /// The shutdown stops: its callers get an error, writes resume.
    fn cancel_shutdown(&mut self) {
        let blocked = core::mem::take(&mut self.shutdown.blocked);
        self.shutdown = Default::default();
        for client in blocked {
            // (Only a client still waiting in SHUTDOWN: one unblocked by a role change may
            // be blocked in another command by now.)
            let waits = self.blocking.waiters.get(&client).is_some_and(|w| w.on_timeout == crate::blocking::TimeoutReply::Never);
            if !waits || self.unblock(client).is_none() {
                continue;
            }
            if let Some(c) = self.clients.get_mut(client) {
                Reply::new(&mut c.pending, c.proto).error(SHUTDOWN_FAILED);
            }
            self.clients.mark_ready(client);
        }
        self.pause_writes_for(crate::pause::WritePause::Shutdown, false);
    }

    /// SHUTDOWN ABORT: false when no shutdown was requested.
    fn abort_shutdown(&mut self) -> bool {
        if self.shutdown.deadline_ms != 0 {
            self.cancel_shutdown();
        } else if self.shutdown.signal.take().is_none() {
            return false;
        }
        self.host_log("Shutdown manually aborted.");
        true
    }
}

#[cfg(test)]
mod tests {
    use super::ShutdownFlags;
    use crate::config::{opt, Config};

    /// The flags a signal's shutdown takes come from the bits the config keeps for
    /// `shutdown-on-sig*`, which SHUTDOWN's own words give too.
    #[test]
    fn signal_flags_are_read_from_the_config() {
        let mut c = Config::default();
        for (value, words) in [("nosave now", &[&b"NOSAVE"[..], b"NOW"][..]), ("save force", &[b"save", b"force"]), ("default", &[])] {
            c.set("shutdown-on-sigterm", value, false).unwrap();
            assert_eq!(ShutdownFlags::from_config(c.int(opt::SHUTDOWN_ON_SIGTERM)), ShutdownFlags::parse(words.iter().copied()).unwrap(), "{value}");
        }
        assert_eq!(ShutdownFlags::parse([&b"default"[..]].into_iter()), None);
        assert_eq!(ShutdownFlags::parse([&b"save"[..], b"nosave"].into_iter()), None);
    }
}
