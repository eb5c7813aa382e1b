//! FAILOVER: Redis 7.0's coordinated hand-over from a master to one of its replicas
//! (feature `server`). The master pauses writes, waits until the target (the one named by
//! `TO host port`, else any replica) has acknowledged its whole stream, then becomes that
//! replica's replica: the host connects to it with `PSYNC <replid> <offset> FAILOVER`, and
//! the target, seeing its master's history, promotes itself and continues the stream
//! (replid2). `TIMEOUT` aborts the wait (or, with `FORCE`, hands over anyway); `FAILOVER
//! ABORT` stops it; a target that refuses the PSYNC aborts it, and the server is a master
//! again. The pause ends whichever way it ends.

use crate::engine::Engine;
use alloc::string::String;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FailoverState {
    /// Writes paused, waiting for a replica to acknowledge the whole stream.
    WaitForSync,
    /// Connecting to the target as its replica (`PSYNC ... FAILOVER`).
    InProgress,
}

pub(crate) struct Failover {
    pub state: FailoverState,
    /// The replica to hand over to (chosen once one caught up, when none was named).
    pub target: Option<(String, u16)>,
    /// When the wait ends (unix ms), with TIMEOUT.
    pub end_ms: Option<u64>,
    pub force: bool,
}

impl Engine {
    /// INFO's `master_failover_state`.
    pub(crate) fn failover_state_name(&self) -> &'static str {
        match self.repl.failover.as_ref().map(|f| f.state) {
            None => "no-failover",
            Some(FailoverState::WaitForSync) => "waiting-for-sync",
            Some(FailoverState::InProgress) => "failover-in-progress",
        }
    }

    /// Whether the host's PSYNC must carry FAILOVER.
    pub fn failover_in_progress(&self) -> bool {
        self.repl.failover.as_ref().is_some_and(|f| f.state == FailoverState::InProgress)
    }

    /// FAILOVER accepted: writes pause until it ends.
    pub(crate) fn start_failover(&mut self, target: Option<(String, u16)>, timeout_ms: u64, force: bool) {
        let end_ms = (timeout_ms > 0).then(|| self.now_ms() + timeout_ms);
        self.repl.failover = Some(Failover { state: FailoverState::WaitForSync, target, end_ms, force });
        self.pause_writes_for(crate::pause::WritePause::Failover, true);
    }

    /// The pause ends and the state is forgotten (Redis's clearFailoverState).
    fn clear_failover(&mut self) {
        if self.repl.failover.take().is_some() {
            self.pause_writes_for(crate::pause::WritePause::Failover, false);
        }
    }

    /// Stops a failover (FAILOVER ABORT, timeout, a refused PSYNC): a server already
    /// following the target is a master again.
    pub(crate) fn abort_failover(&mut self, why: &str) {
        let Some(f) = self.repl.failover.as_ref() else { return };
        let line = match &f.target {
            Some((host, port)) => alloc::format!("FAILOVER to {host}:{port} aborted: {why}"),
            None => alloc::format!("FAILOVER to any replica aborted: {why}"),
        };
        let in_progress = f.state == FailoverState::InProgress;
        self.host_log(&line);
        if in_progress {
            self.stop_replicating();
        }
        self.clear_failover();
    }

    /// The host's PSYNC to the target was answered: continued (or a full sync: the
    /// hand-over is done), or refused (`ok` false: aborted).
    pub fn failover_psync_answered(&mut self, ok: bool) {
        if !self.failover_in_progress() {
            return;
        }
        if ok {
            self.clear_failover();
        } else {
            self.abort_failover("Failover target rejected psync request");
        }
    }

    /// From cron (Redis's updateFailoverStatus): the timeout, else a replica that caught up
    /// becomes the target and the hand-over starts.
    pub(crate) fn failover_cron(&mut self) {
        let Some(f) = self.repl.failover.as_ref().filter(|f| f.state == FailoverState::WaitForSync) else { return };
        if f.end_ms.is_some_and(|end| end <= self.now_ms()) {
            if f.force {
                let (host, port) = f.target.clone().unwrap_or_default();
                self.host_log(&alloc::format!("FAILOVER to {host}:{port} time out exceeded, failing over."));
                return self.hand_over(host, port);
            }
            return self.abort_failover("Replica never caught up before timeout");
        }
        let offset = self.repl.offset as i64;
        let named = f.target.clone();
        let caught_up = self.replica_views().into_iter().find(|r| {
            r.offset == offset && named.as_ref().is_none_or(|(host, port)| r.ip == *host && r.port == *port as i64)
        });
        if let Some(r) = caught_up {
            let (host, port) = named.unwrap_or((r.ip, r.port as u16));
            self.host_log(&alloc::format!("Failover target {host}:{port} is synced, failing over."));
            self.hand_over(host, port);
        }
    }

    /// Becomes the target's replica; the host's PSYNC says FAILOVER.
    fn hand_over(&mut self, host: String, port: u16) {
        if let Some(f) = self.repl.failover.as_mut() {
            f.state = FailoverState::InProgress;
            f.target = Some((host.clone(), port));
        }
        self.replicate(&host, port);
    }
}
