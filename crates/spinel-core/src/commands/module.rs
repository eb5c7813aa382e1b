//! MODULE: Spinel loads no modules, so it answers as a Redis with none loaded: MODULE LIST is
//! empty, and LOAD/LOADEX/UNLOAD are refused by `enable-module-command` (default `no`), or,
//! where that allows them, fail as Redis fails to load a missing library or unload an unknown
//! module. Clients that look for modules (`MODULE LIST`) get Redis's answer instead of an
//! unknown command.

use super::connection::reply_help;
use super::diagnostics::protected_allowed;
use super::{acl, flags::*, CommandSpec, Ctx};
use crate::config::opt;
use crate::engine::Engine;

const ADMIN_ACL: u32 = acl::ADMIN | acl::SLOW | acl::DANGEROUS;
/// LOAD, LOADEX and UNLOAD (Redis marks them protected, under enable-module-command).
const LOADING_FLAGS: u32 = ADMIN | NOSCRIPT | NO_ASYNC_LOADING | PROTECTED;

pub const COMMANDS: &[CommandSpec] = &[CommandSpec::new("module", -2, 0, acl::SLOW, super::container).with_subcommands(&[
    CommandSpec::sub("module|help", "help", 2, LOADING | STALE, acl::SLOW, module_help),
    CommandSpec::sub("module|list", "list", 2, ADMIN | NOSCRIPT, ADMIN_ACL, module_list),
    CommandSpec::sub("module|load", "load", -3, LOADING_FLAGS, ADMIN_ACL, module_load),
    CommandSpec::sub("module|loadex", "loadex", -3, LOADING_FLAGS, ADMIN_ACL, module_load),
    CommandSpec::sub("module|unload", "unload", 3, LOADING_FLAGS, ADMIN_ACL, module_unload),
])];

fn module_help(_e: &mut Engine, ctx: &mut Ctx) {
    reply_help(
        &mut ctx.out,
        "MODULE",
        &[
            "LIST",
            "    Return a list of loaded modules.",
            "LOAD <path> [<arg> ...]",
            "    Load a module library from <path>, passing to it any optional arguments.",
            "LOADEX <path> [[CONFIG NAME VALUE] [CONFIG NAME VALUE]] [ARGS ...]",
            "    Load a module library from <path>, while passing it module configurations and optional arguments.",
            "UNLOAD <name>",
            "    Unload a module.",
        ],
    );
}

fn module_list(_e: &mut Engine, ctx: &mut Ctx) {
    ctx.out.array(0);
}

/// Refused unless enable-module-command allows this client (as Redis refuses protected
/// commands); true if it may go on.
fn module_command_allowed(e: &Engine, ctx: &mut Ctx) -> bool {
    if protected_allowed(e, ctx, opt::ENABLE_MODULE_COMMAND) {
        return true;
    }
    ctx.out.error("ERR MODULE command not allowed. If the enable-module-command option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.");
    false
}

/// Spinel has no module loader: the load fails as Redis's does for a library it cannot open.
fn module_load(e: &mut Engine, ctx: &mut Ctx) {
    if module_command_allowed(e, ctx) {
        ctx.out.error("ERR Error loading the extension. Please check the server logs.");
    }
}

fn module_unload(e: &mut Engine, ctx: &mut Ctx) {
    if module_command_allowed(e, ctx) {
        ctx.out.error("ERR Error unloading module: no such module with that name");
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::{engine, run};

    #[test]
    fn loading_is_refused_by_default_and_fails_where_allowed() {
        let (mut e, c) = engine();
        assert_eq!(run(&mut e, c, "MODULE LIST"), b"*0\r\n");
        let refused = run(&mut e, c, "MODULE LOAD /x.so");
        assert!(refused.starts_with(b"-ERR MODULE command not allowed."));
        // Replies of redis-server 7.0.15 started with enable-module-command yes.
        e.config.set("enable-module-command", "yes", true).unwrap();
        assert_eq!(run(&mut e, c, "MODULE LOAD /nonexistent.so"), b"-ERR Error loading the extension. Please check the server logs.\r\n");
        assert_eq!(run(&mut e, c, "MODULE LOADEX /nonexistent.so CONFIG a b ARGS c"), b"-ERR Error loading the extension. Please check the server logs.\r\n");
        assert_eq!(run(&mut e, c, "MODULE UNLOAD foo"), b"-ERR Error unloading module: no such module with that name\r\n");
    }
}
