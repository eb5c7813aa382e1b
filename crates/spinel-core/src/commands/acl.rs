//! ACL commands (CAT, DELUSER, DRYRUN, GENPASS, GETUSER, HELP, LIST, LOAD, LOG, SAVE,
//! SETUSER, USERS, WHOAMI), the dispatcher's permission check, and authentication.
//! The model (users, rules, checks, log) is `crate::acl`.
//!
//! ACL LOAD / SAVE: the engine has no files, so it asks the host through
//! [`crate::engine::HostInfo::acl_file`] to read or write the `aclfile` path; a host
//! without files leaves it `None`, and the commands answer as Redis does without an aclfile.

use super::flags::*;
use super::{acl, CommandSpec, Ctx};
use crate::acl::{Denied, LogContext, LogEntry, UserId, DEFAULT_USER};
use crate::client::ClientId;
use crate::config::opt;
use crate::engine::{Engine, Outcome};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

const ADMIN_SUB: u32 = ADMIN | NOSCRIPT | LOADING | STALE;
const ADMIN_CAT: u32 = acl::ADMIN | acl::SLOW | acl::DANGEROUS;

pub const COMMANDS: &[CommandSpec] = &[CommandSpec::new("acl", -2, 0, acl::SLOW, super::container).with_subcommands(ACL_SUBCOMMANDS)];

const ACL_SUBCOMMANDS: &[CommandSpec] = &[
    CommandSpec::sub("acl|cat", "cat", -2, NOSCRIPT | LOADING | STALE, acl::SLOW, acl_cat),
    CommandSpec::sub("acl|deluser", "deluser", -3, ADMIN_SUB, ADMIN_CAT, acl_deluser),
    CommandSpec::sub("acl|dryrun", "dryrun", -4, ADMIN_SUB, ADMIN_CAT, acl_dryrun),
    CommandSpec::sub("acl|genpass", "genpass", -2, NOSCRIPT | LOADING | STALE, acl::SLOW, acl_genpass),
    CommandSpec::sub("acl|getuser", "getuser", 3, ADMIN_SUB, ADMIN_CAT, acl_getuser),
    CommandSpec::sub("acl|help", "help", 2, LOADING | STALE, acl::SLOW, acl_help),
    CommandSpec::sub("acl|list", "list", 2, ADMIN_SUB, ADMIN_CAT, acl_list),
    CommandSpec::sub("acl|load", "load", 2, ADMIN_SUB, ADMIN_CAT, acl_load),
    CommandSpec::sub("acl|log", "log", -2, ADMIN_SUB, ADMIN_CAT, acl_log),
    CommandSpec::sub("acl|save", "save", 2, ADMIN_SUB, ADMIN_CAT, acl_save),
    CommandSpec::sub("acl|setuser", "setuser", -3, ADMIN_SUB, ADMIN_CAT, acl_setuser),
    CommandSpec::sub("acl|users", "users", 2, ADMIN_SUB, ADMIN_CAT, acl_users),
    CommandSpec::sub("acl|whoami", "whoami", 2, NOSCRIPT | LOADING | STALE, acl::SLOW, acl_whoami),
];

/// How the host reads and writes the ACL file (paths are the `aclfile` option).
#[derive(Clone, Copy, Debug)]
pub struct AclFileIo {
    pub read: fn(path: &str) -> Result<Vec<u8>, String>,
    pub write: fn(path: &str, text: &str) -> Result<(), String>,
}

// ----- the dispatcher's check, authentication --------------------------------------------------

impl Engine {
    /// Redis's ACL check in `processCommand`: on refusal, logs it and returns the error text.
    pub(crate) fn acl_check(&mut self, client: ClientId, spec: &'static CommandSpec, argv: &[&[u8]], in_multi: bool) -> Result<(), String> {
        let context = if in_multi { LogContext::Multi } else { LogContext::Toplevel };
        let Some(why) = self.acl_denial(client, spec, argv, context) else { return Ok(()) };
        Err(String::from(match why {
            Denied::Command => return Err(format!("NOPERM this user has no permissions to run the '{}' command", spec.full_name)),
            Denied::Key => "NOPERM this user has no permissions to access one of the keys used as arguments",
            Denied::Channel => "NOPERM this user has no permissions to access one of the channels used as arguments",
            Denied::Auth => "NOPERM no permission",
        }))
    }

    /// A script's `redis.call` is checked as the script's user (Redis's scriptVerifyACL):
    /// on refusal, logs it (context `lua`) and returns the error text scripts get.
    pub(crate) fn acl_check_script(&mut self, client: ClientId, spec: &'static CommandSpec, argv: &[&[u8]]) -> Result<(), &'static str> {
        let Some(why) = self.acl_denial(client, spec, argv, LogContext::Lua) else { return Ok(()) };
        Err(match why {
            Denied::Command => "ERR The user executing the script can't run this command or subcommand",
            Denied::Key => "ERR The user executing the script can't access at least one of the keys mentioned in the command arguments",
            Denied::Channel => "ERR The user executing the script can't publish to the channel mentioned in the command",
            Denied::Auth => "ERR The user executing the script is lacking the permissions for the command",
        })
    }

    /// Why the client's user may not run `spec` with `argv` (None if it may), logged in
    /// `context`. A refused top-level or queued command becomes the client's last command
    /// first, as Redis sets it before checking (the log's client line shows it); a script's
    /// shows its caller's EVAL/FCALL.
    #[inline]
    fn acl_denial(&mut self, client: ClientId, spec: &'static CommandSpec, argv: &[&[u8]], context: LogContext) -> Option<Denied> {
        let uid = self.clients.get(client)?.user;
        if !self.acl.restricted(uid) {
            return None;
        }
        let (why, pos) = self.acl.user(uid)?.check(&self.acl.ids, spec, argv).err()?;
        if context != LogContext::Lua {
            if let Some(c) = self.clients.get_mut(client) {
                c.last_cmd = spec.full_name;
            }
        }
        self.acl_log(client, why, context, object(spec, argv, why, pos), None);
        Some(why)
    }

    /// EXEC re-checks each queued command (permissions may have changed since queueing).
    pub(crate) fn acl_recheck_queued(&mut self, client: ClientId, spec: &'static CommandSpec, argv: &[&[u8]]) -> Result<(), String> {
        let Some(uid) = self.clients.get(client).map(|c| c.user) else { return Ok(()) };
        let Some(user) = self.acl.user(uid) else { return Ok(()) };
        let Err((why, pos)) = user.check(&self.acl.ids, spec, argv) else { return Ok(()) };
        self.acl_log(client, why, LogContext::Multi, object(spec, argv, why, pos), None);
        let reason = match why {
            Denied::Command => "no permission to execute the command or subcommand",
            Denied::Key => "no permission to touch the specified keys",
            Denied::Channel => "no permission to access one of the channels used as arguments",
            Denied::Auth => "no permission",
        };
        Err(format!("NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. This command is no longer allowed for the following reason: {reason}"))
    }

    /// Adds an ACL LOG entry for `client` (the user is the client's, unless given).
    fn acl_log(&mut self, client: ClientId, reason: Denied, context: LogContext, object: Vec<u8>, username: Option<&[u8]>) {
        let Some(c) = self.clients.get(client) else { return };
        let username = match username {
            Some(u) => u.to_vec(),
            None => self.acl.name(c.user).as_bytes().to_vec(),
        };
        let mut client_info = String::new();
        super::connection::client_line(self, client, c, None, &mut client_info);
        let entry = LogEntry { count: 1, reason, context, object, username, ctime_ms: self.now_ms(), client_info };
        let max = self.config.int(opt::ACLLOG_MAX_LEN).max(0) as usize;
        self.acl.log_denial(entry, max);
    }

    /// AUTH / HELLO AUTH: switches the client to `user` if the password opens it; logs a
    /// failed attempt (reason `auth`, object the command name as sent) as Redis does.
    pub(crate) fn authenticate(&mut self, client: ClientId, user: &[u8], pass: &[u8], command: &[u8]) -> bool {
        let found = self.acl.find(user).filter(|&id| self.acl.user(id).is_some_and(|u| u.password_ok(pass)));
        match found {
            Some(id) => {
                if let Some(c) = self.clients.get_mut(client) {
                    c.authenticated = true;
                    c.user = id;
                }
                true
            }
            None => {
                let in_multi = self.clients.get(client).is_some_and(|c| c.multi.is_some());
                let context = if in_multi { LogContext::Multi } else { LogContext::Toplevel };
                self.acl_log(client, Denied::Auth, context, command.to_vec(), Some(user));
                false
            }
        }
    }

    /// CONFIG SET requirepass: the default user's password becomes the new value (none:
    /// `nopass`), as Redis's `ACLUpdateDefaultUserPassword`.
    pub(crate) fn acl_requirepass_changed(&mut self) {
        let pass = String::from(self.config.str(opt::REQUIREPASS));
        self.acl.set_default_password(&pass);
    }

    /// Applies the options the ACL reads at every change (`acl-pubsub-default`).
    pub(crate) fn acl_options_changed(&mut self) {
        let all = self.config.str(opt::ACL_PUBSUB_DEFAULT) == "allchannels";
        self.acl.set_pubsub_default(all);
    }

    /// Defines a user from rules (the config file's `user` directive). On error, the
    /// refused rule and why.
    pub fn acl_set_user(&mut self, name: &[u8], rules: &[&[u8]]) -> Result<(), (String, &'static str)> {
        self.acl.set_user_rules(name, rules).map(|_| ())
    }

    /// The users of the `aclfile`, read through the host.
    #[cfg(feature = "server")]
    fn read_acl_file(&self) -> Result<Vec<crate::acl::User>, String> {
        let path = self.config.str(opt::ACLFILE);
        let Some(io) = self.host.acl_file else {
            return Err(format!("Error loading ACLs, opening file '{path}': not supported by this host"));
        };
        let text = (io.read)(path).map_err(|e| format!("Error loading ACLs, opening file '{path}': {e}"))?;
        self.acl.parse_file(path, &text)
    }

    /// Without the `server` feature the host has no files.
    #[cfg(not(feature = "server"))]
    fn read_acl_file(&self) -> Result<Vec<crate::acl::User>, String> {
        Err(format!("Error loading ACLs, opening file '{}': not supported by this host", self.config.str(opt::ACLFILE)))
    }

    /// Loads the `aclfile` through the host, replacing every user (ACL LOAD, and at startup).
    /// Clients of the old users other than `default` are disconnected, as Redis frees those
    /// users; returns whether `me` (the caller) is one of them.
    pub fn acl_load_file(&mut self, me: Option<ClientId>) -> Result<bool, String> {
        let users = self.read_acl_file()?;
        self.acl.replace_all(users);
        let gone: Vec<ClientId> = self.clients.iter().filter(|(_, c)| c.user != DEFAULT_USER).map(|(id, _)| id).collect();
        let mut me_gone = false;
        for id in gone {
            self.log_out(id);
            if Some(id) == me {
                me_gone = true;
            } else {
                self.request_close(id);
            }
        }
        Ok(me_gone)
    }

    /// Puts a client back on the default user, unauthenticated (its user is gone).
    fn log_out(&mut self, id: ClientId) {
        if let Some(c) = self.clients.get_mut(id) {
            c.user = DEFAULT_USER;
            c.authenticated = false;
        }
    }

    /// Redis disconnects Pub/Sub clients of a user whose channel permissions no longer cover
    /// their subscriptions; returns whether `me` is one of them.
    fn kill_pubsub_clients_if_needed(&mut self, uid: UserId, original: &crate::acl::User, me: ClientId) -> bool {
        let Some(upcoming) = self.acl.user(uid).and_then(|u| u.revoked_channels(original)) else { return false };
        let allowed = |name: &[u8], pattern: bool| crate::acl::subscription_allowed(&upcoming, name, pattern);
        let victims: Vec<ClientId> = self
            .clients
            .iter()
            .filter(|(_, c)| {
                c.user == uid
                    && (c.subs.patterns.iter().any(|p| !allowed(p, true))
                        || c.subs.channels.iter().any(|ch| !allowed(ch, false))
                        || c.subs.shard_channels.iter().any(|ch| !allowed(ch, false)))
            })
            .map(|(id, _)| id)
            .collect();
        let mut me_killed = false;
        for id in victims {
            if id == me {
                me_killed = true;
            } else {
                self.request_close(id);
            }
        }
        me_killed
    }
}

/// The ACL LOG object of a refusal: the command name, or the refused key or channel.
fn object(spec: &CommandSpec, argv: &[&[u8]], why: Denied, pos: usize) -> Vec<u8> {
    match why {
        Denied::Command => spec.full_name.as_bytes().to_vec(),
        Denied::Key | Denied::Channel => argv.get(pos).map_or(Vec::new(), |a| a.to_vec()),
        Denied::Auth => argv[0].to_vec(),
    }
}

fn wrong_args(ctx: &mut Ctx) {
    let sub = String::from_utf8_lossy(ctx.argv[1]);
    ctx.out.error(&format!("ERR unknown subcommand or wrong number of arguments for '{sub}'. Try ACL HELP."));
}

// ----- handlers --------------------------------------------------------------------------------

fn acl_cat(e: &mut Engine, ctx: &mut Ctx) {
    match ctx.argv.len() {
        2 => {
            ctx.out.array(acl::NAMES.len());
            for (_, n) in acl::NAMES {
                ctx.out.bulk(n.as_bytes());
            }
        }
        3 => {
            let Some(flag) = crate::acl::category_flag(ctx.argv[2]) else {
                let name = String::from_utf8_lossy(&ctx.argv[2][..ctx.argv[2].len().min(128)]);
                return ctx.out.error(&format!("ERR Unknown category '{name}'"));
            };
            let names: Vec<&str> = e.acl.ids.names_in(flag).collect();
            ctx.out.array(names.len());
            for n in names {
                ctx.out.bulk(n.as_bytes());
            }
        }
        _ => wrong_args(ctx),
    }
}

fn acl_deluser(e: &mut Engine, ctx: &mut Ctx) {
    if ctx.argv[2..].iter().any(|n| *n == b"default") {
        return ctx.out.error("ERR The 'default' user cannot be removed");
    }
    let mut deleted = 0;
    for name in &ctx.argv[2..] {
        let Some(uid) = e.acl.delete(name) else { continue };
        deleted += 1;
        let victims: Vec<ClientId> = e.clients.iter().filter(|(_, c)| c.user == uid).map(|(id, _)| id).collect();
        for id in victims {
            e.log_out(id);
            if id == ctx.client {
                ctx.outcome = Outcome::Close;
            } else {
                e.request_close(id);
            }
        }
    }
    ctx.out.int(deleted);
}

fn acl_dryrun(e: &mut Engine, ctx: &mut Ctx) {
    let argv = ctx.argv;
    let Some(uid) = e.acl.find(argv[2]) else {
        return ctx.out.error(&format!("ERR User '{}' not found", String::from_utf8_lossy(argv[2])));
    };
    let cmd_argv = &argv[3..];
    let spec = e.lookup_command(cmd_argv).and_then(|s| {
        if s.subcommands.is_empty() || cmd_argv.len() < 2 {
            Some(s)
        } else {
            s.subcommands.iter().find(|sub| sub.name.as_bytes().eq_ignore_ascii_case(cmd_argv[1]))
        }
    });
    let Some(spec) = spec else {
        return ctx.out.error(&format!("ERR Command '{}' not found", String::from_utf8_lossy(argv[3])));
    };
    if !spec.arity_ok(cmd_argv.len()) {
        return ctx.out.error(&format!("ERR wrong number of arguments for '{}' command", spec.full_name));
    }
    let Some(user) = e.acl.user(uid) else { return };
    match user.check(&e.acl.ids, spec, cmd_argv) {
        Ok(()) => ctx.out.ok(),
        Err((why, pos)) => {
            let arg = String::from_utf8_lossy(cmd_argv.get(pos).copied().unwrap_or_default());
            let msg = match why {
                Denied::Command => format!("This user has no permissions to run the '{}' command", spec.full_name),
                Denied::Key => format!("This user has no permissions to access the '{arg}' key"),
                _ => format!("This user has no permissions to access the '{arg}' channel"),
            };
            ctx.out.bulk(msg.as_bytes());
        }
    }
}

fn acl_genpass(e: &mut Engine, ctx: &mut Ctx) {
    let bits = match ctx.argv.len() {
        2 => 256,
        3 => {
            let Some(n) = super::arg_i64(&mut ctx.out, ctx.argv[2]) else { return };
            if !(1..=4096).contains(&n) {
                return ctx.out.error("ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096");
            }
            n as usize
        }
        _ => return wrong_args(ctx),
    };
    let chars = bits.div_ceil(4);
    let pass: Vec<u8> = (0..chars).map(|_| b"0123456789abcdef"[e.rng.usize(0..16)]).collect();
    ctx.out.bulk(&pass);
}

fn acl_getuser(e: &mut Engine, ctx: &mut Ctx) {
    let Some(user) = e.acl.find(ctx.argv[2]).and_then(|id| e.acl.user(id)) else {
        return ctx.out.null();
    };
    let ids = &e.acl.ids;
    let desc = user.details(ids);
    let out = &mut ctx.out;
    out.map(6);
    out.bulk(b"flags");
    out.set(desc.flags.len());
    for f in &desc.flags {
        out.bulk(f.as_bytes());
    }
    out.bulk(b"passwords");
    out.array(desc.passwords.len());
    for p in &desc.passwords {
        out.bulk(p.as_bytes());
    }
    let selector = |out: &mut crate::resp::writer::Reply, s: &[String; 3]| {
        out.bulk(b"commands");
        out.bulk(s[0].as_bytes());
        out.bulk(b"keys");
        out.bulk(s[1].as_bytes());
        out.bulk(b"channels");
        out.bulk(s[2].as_bytes());
    };
    selector(out, &desc.selectors[0]);
    out.bulk(b"selectors");
    out.array(desc.selectors.len() - 1);
    for s in &desc.selectors[1..] {
        out.map(3);
        selector(out, s);
    }
}

fn acl_help(_e: &mut Engine, ctx: &mut Ctx) {
    super::connection::reply_help(
        &mut ctx.out,
        "ACL",
        &[
            "CAT [<category>]",
            "    List all commands that belong to <category>, or all command categories",
            "    when no category is specified.",
            "DELUSER <username> [<username> ...]",
            "    Delete a list of users.",
            "DRYRUN <username> <command> [<arg> ...]",
            "    Returns whether the user can execute the given command without executing the command.",
            "GETUSER <username>",
            "    Get the user's details.",
            "GENPASS [<bits>]",
            "    Generate a secure 256-bit user password. The optional `bits` argument can",
            "    be used to specify a different size.",
            "LIST",
            "    Show users details in config file format.",
            "LOAD",
            "    Reload users from the ACL file.",
            "LOG [<count> | RESET]",
            "    Show the ACL log entries.",
            "SAVE",
            "    Save the current config to the ACL file.",
            "SETUSER <username> <attribute> [<attribute> ...]",
            "    Create or modify a user with the specified attributes.",
            "USERS",
            "    List all the registered usernames.",
            "WHOAMI",
            "    Return the current connection username.",
        ],
    );
}

fn acl_list(e: &mut Engine, ctx: &mut Ctx) {
    let lines: Vec<String> = e
        .acl
        .users()
        .map(|(_, u)| format!("user {} {}", String::from_utf8_lossy(&u.name), u.describe(&e.acl.ids)))
        .collect();
    ctx.out.array(lines.len());
    for l in lines {
        ctx.out.bulk(l.as_bytes());
    }
}

const NO_ACLFILE: &str = "ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.";

fn acl_load(e: &mut Engine, ctx: &mut Ctx) {
    if e.config.str(opt::ACLFILE).is_empty() {
        return ctx.out.error(NO_ACLFILE);
    }
    match e.acl_load_file(Some(ctx.client)) {
        Ok(me_gone) => {
            if me_gone {
                ctx.outcome = Outcome::Close;
            }
            ctx.out.ok()
        }
        Err(msg) => ctx.out.error(&format!("ERR {msg}")),
    }
}

fn acl_save(e: &mut Engine, ctx: &mut Ctx) {
    let path = String::from(e.config.str(opt::ACLFILE));
    if path.is_empty() {
        return ctx.out.error(NO_ACLFILE);
    }
    #[cfg(not(feature = "server"))]
    let saved: Option<Result<(), String>> = None;
    #[cfg(feature = "server")]
    let saved = e.host.acl_file.map(|io| (io.write)(&path, &e.acl.file_text()));
    match saved {
        Some(Ok(())) => ctx.out.ok(),
        _ => ctx.out.error("ERR There was an error trying to save the ACLs. Please check the server logs for more information"),
    }
}

fn acl_log(e: &mut Engine, ctx: &mut Ctx) {
    let mut count: i64 = 10;
    match ctx.argv.len() {
        2 => {}
        3 => {
            if ctx.argv[2].eq_ignore_ascii_case(b"reset") {
                e.acl.log.clear();
                return ctx.out.ok();
            }
            let Some(n) = super::arg_i64(&mut ctx.out, ctx.argv[2]) else { return };
            count = n.max(0);
        }
        _ => return wrong_args(ctx),
    }
    let now = e.now_ms();
    let n = (count as usize).min(e.acl.log.len());
    let out = &mut ctx.out;
    out.array(n);
    for entry in e.acl.log.iter().take(n) {
        out.map(7);
        out.bulk(b"count");
        out.int(entry.count as i64);
        out.bulk(b"reason");
        out.bulk(match entry.reason {
            Denied::Command => b"command",
            Denied::Key => b"key",
            Denied::Channel => b"channel",
            Denied::Auth => b"auth",
        });
        out.bulk(b"context");
        out.bulk(match entry.context {
            LogContext::Toplevel => &b"toplevel"[..],
            LogContext::Multi => &b"multi"[..],
            LogContext::Lua => &b"lua"[..],
        });
        out.bulk(b"object");
        out.bulk(&entry.object);
        out.bulk(b"username");
        out.bulk(&entry.username);
        out.bulk(b"age-seconds");
        let age = now.saturating_sub(entry.ctime_ms) as f64 / 1000.0;
        out.double_text(crate::num::format_double(age).as_bytes());
        out.bulk(b"client-info");
        out.bulk(entry.client_info.as_bytes());
    }
}

fn acl_setuser(e: &mut Engine, ctx: &mut Ctx) {
    let name = ctx.argv[2];
    if name.iter().any(|&b| b == 0 || b == b' ' || (b'\t'..=b'\r').contains(&b)) {
        return ctx.out.error("ERR Usernames can't contain spaces or null characters");
    }
    let original = e.acl.find(name).and_then(|id| e.acl.user(id)).cloned();
    match e.acl.set_user(name, &ctx.argv[3..]) {
        Ok(uid) => {
            if original.is_some_and(|o| e.kill_pubsub_clients_if_needed(uid, &o, ctx.client)) {
                ctx.outcome = Outcome::Close;
            }
            ctx.out.ok()
        }
        Err(msg) => ctx.out.error(&format!("ERR {msg}")),
    }
}

fn acl_users(e: &mut Engine, ctx: &mut Ctx) {
    let names: Vec<Vec<u8>> = e.acl.users().map(|(_, u)| u.name.clone()).collect();
    ctx.out.array(names.len());
    for n in names {
        ctx.out.bulk(&n);
    }
}

fn acl_whoami(e: &mut Engine, ctx: &mut Ctx) {
    let uid = e.clients.get(ctx.client).map_or(DEFAULT_USER, |c| c.user);
    let name = String::from(e.acl.name(uid));
    ctx.out.bulk(name.as_bytes());
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::{engine, run};

    #[test]
    fn restricted_user_gets_noperm_and_log_entries() {
        let (mut e, c) = engine();
        assert_eq!(run(&mut e, c, "ACL SETUSER app on >pw ~app:* +@read"), b"+OK\r\n");
        assert_eq!(run(&mut e, c, "AUTH app pw"), b"+OK\r\n");
        assert_eq!(run(&mut e, c, "ACL WHOAMI"), b"-NOPERM this user has no permissions to run the 'acl|whoami' command\r\n");
        assert_eq!(run(&mut e, c, "GET app:1"), b"$-1\r\n");
        assert_eq!(run(&mut e, c, "GET other"), b"-NOPERM this user has no permissions to access one of the keys used as arguments\r\n");
        assert_eq!(run(&mut e, c, "SET app:1 x"), b"-NOPERM this user has no permissions to run the 'set' command\r\n");
        assert_eq!(run(&mut e, c, "AUTH app wrong"), b"-WRONGPASS invalid username-password pair or user is disabled.\r\n");
        assert_eq!(run(&mut e, c, "AUTH default x"), b"+OK\r\n");
        let log = run(&mut e, c, "ACL LOG");
        let text = String::from_utf8_lossy(&log);
        assert!(text.starts_with("*4\r\n*14\r\n$5\r\ncount\r\n:1\r\n$6\r\nreason\r\n$4\r\nauth\r\n"), "{text}");
        assert!(text.contains("$6\r\nobject\r\n$5\r\nother\r\n"), "{text}");
        assert_eq!(run(&mut e, c, "ACL LOG RESET"), b"+OK\r\n");
        assert_eq!(run(&mut e, c, "ACL LOG"), b"*0\r\n");
    }

    use alloc::string::String;
}
