//! Scripting commands: EVAL*, SCRIPT, FUNCTION, FCALL*. The table entries live here so
//! COMMAND, ACL and dispatch know them with or without a script VM; the handlers hand the
//! call to the VM the host installed (`Engine::set_script_engine`, see scripting.rs).

use super::acl as a;
use super::flags as f;
use super::{CommandSpec, Ctx};
use crate::engine::Engine;

fn to_vm(e: &mut Engine, ctx: &mut Ctx) {
    e.run_script_command(ctx);
}

/// EVAL, EVALSHA, FCALL and their _RO forms: MONITOR shows the call before the commands the
/// script runs (they skip the usual feed, which comes after a command), as Redis's.
fn run_script(e: &mut Engine, ctx: &mut Ctx) {
    if !e.monitors.is_empty() {
        e.feed_monitors(ctx.client, ctx.argv);
    }
    e.run_script_command(ctx);
}

/// Whether `spec` runs a script or function (EVAL, EVALSHA, FCALL and their _RO forms),
/// whose declared flags may stand in for the command's own.
pub(crate) fn runs_script(spec: &CommandSpec) -> bool {
    matches!(spec.full_name, "eval" | "evalsha" | "eval_ro" | "evalsha_ro" | "fcall" | "fcall_ro")
}

const EVAL_FLAGS: u32 = f::NOSCRIPT | f::STALE | f::SKIP_MONITOR | f::NO_MANDATORY_KEYS | f::MOVABLE_KEYS;
const SCRIPTING: u32 = a::SLOW | a::SCRIPTING;

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::new("eval", -3, f::MAY_REPLICATE | EVAL_FLAGS, SCRIPTING, run_script),
    CommandSpec::new("eval_ro", -3, f::READONLY | EVAL_FLAGS, SCRIPTING, run_script),
    CommandSpec::new("evalsha", -3, f::MAY_REPLICATE | EVAL_FLAGS, SCRIPTING, run_script),
    CommandSpec::new("evalsha_ro", -3, f::READONLY | EVAL_FLAGS, SCRIPTING, run_script),
    CommandSpec::new("fcall", -3, f::MAY_REPLICATE | EVAL_FLAGS, SCRIPTING, run_script),
    CommandSpec::new("fcall_ro", -3, f::READONLY | EVAL_FLAGS, SCRIPTING, run_script),
    CommandSpec::new("script", -2, 0, a::SLOW, super::container).with_subcommands(SCRIPT_SUBCOMMANDS),
    CommandSpec::new("function", -2, 0, a::SLOW, super::container).with_subcommands(FUNCTION_SUBCOMMANDS),
];

// In Redis's order (COMMAND INFO lists subcommands as Redis's table does).
const SCRIPT_SUBCOMMANDS: &[CommandSpec] = &[
    CommandSpec::sub("script|load", "load", 3, f::NOSCRIPT | f::STALE, SCRIPTING, to_vm),
    CommandSpec::sub("script|debug", "debug", 3, f::NOSCRIPT, SCRIPTING, to_vm),
    CommandSpec::sub("script|exists", "exists", -3, f::NOSCRIPT, SCRIPTING, to_vm),
    CommandSpec::sub("script|help", "help", 2, f::LOADING | f::STALE, SCRIPTING, to_vm),
    CommandSpec::sub("script|flush", "flush", -2, f::NOSCRIPT, SCRIPTING, to_vm),
    CommandSpec::sub("script|kill", "kill", 2, f::NOSCRIPT | f::ALLOW_BUSY, SCRIPTING, to_vm),
];

// In Redis's order (COMMAND INFO lists subcommands as Redis's table does).
const FUNCTION_SUBCOMMANDS: &[CommandSpec] = &[
    CommandSpec::sub("function|flush", "flush", -2, f::WRITE | f::NOSCRIPT, a::WRITE | SCRIPTING, to_vm),
    CommandSpec::sub("function|help", "help", 2, f::LOADING | f::STALE, SCRIPTING, to_vm),
    CommandSpec::sub("function|delete", "delete", 3, f::WRITE | f::NOSCRIPT, a::WRITE | SCRIPTING, to_vm),
    CommandSpec::sub("function|restore", "restore", -3, f::WRITE | f::DENYOOM | f::NOSCRIPT, a::WRITE | SCRIPTING, to_vm),
    CommandSpec::sub("function|dump", "dump", 2, f::NOSCRIPT, SCRIPTING, to_vm),
    CommandSpec::sub("function|list", "list", -2, f::NOSCRIPT, SCRIPTING, to_vm),
    CommandSpec::sub("function|kill", "kill", 2, f::NOSCRIPT | f::ALLOW_BUSY, SCRIPTING, to_vm),
    CommandSpec::sub("function|load", "load", -3, f::WRITE | f::DENYOOM | f::NOSCRIPT, a::WRITE | SCRIPTING, to_vm),
    CommandSpec::sub("function|stats", "stats", 2, f::NOSCRIPT | f::ALLOW_BUSY, SCRIPTING, to_vm),
];
