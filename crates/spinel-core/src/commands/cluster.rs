//! Cluster commands: CLUSTER and its subcommands, READONLY, READWRITE, ASKING. Spinel runs
//! as a Redis with `cluster-enabled no`, so each of them answers as that Redis does, with
//! "cluster support disabled". They are in the table so that arity, ACL, COMMAND and scripts
//! treat them as Redis does, and a cluster-aware client reading the error learns that this
//! is not a cluster.

use super::{acl, flags::*, CommandSpec, Ctx};
use crate::engine::Engine;

/// ACL categories of the subcommands that change the cluster.
const ADMIN_ACL: u32 = acl::ADMIN | acl::SLOW | acl::DANGEROUS;

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::new("cluster", -2, 0, acl::SLOW, super::container).with_subcommands(CLUSTER_SUBCOMMANDS),
    CommandSpec::new("asking", 1, FAST, acl::FAST | acl::CONNECTION, disabled),
    CommandSpec::new("readonly", 1, LOADING | STALE | FAST, acl::FAST | acl::CONNECTION, disabled),
    CommandSpec::new("readwrite", 1, LOADING | STALE | FAST, acl::FAST | acl::CONNECTION, disabled),
];

const CLUSTER_SUBCOMMANDS: &[CommandSpec] = &[
    CommandSpec::sub("cluster|addslots", "addslots", -3, ADMIN | STALE | NO_ASYNC_LOADING, ADMIN_ACL, disabled),
    CommandSpec::sub("cluster|addslotsrange", "addslotsrange", -4, ADMIN | STALE | NO_ASYNC_LOADING, ADMIN_ACL, disabled),
    CommandSpec::sub("cluster|bumpepoch", "bumpepoch", 2, ADMIN | STALE | NO_ASYNC_LOADING, ADMIN_ACL, disabled),
    CommandSpec::sub("cluster|count-failure-reports", "count-failure-reports", 3, ADMIN | STALE, ADMIN_ACL, disabled),
    CommandSpec::sub("cluster|countkeysinslot", "countkeysinslot", 3, STALE, acl::SLOW, disabled),
    CommandSpec::sub("cluster|delslots", "delslots", -3, ADMIN | STALE | NO_ASYNC_LOADING, ADMIN_ACL, disabled),
    CommandSpec::sub("cluster|delslotsrange", "delslotsrange", -4, ADMIN | STALE | NO_ASYNC_LOADING, ADMIN_ACL, disabled),
    CommandSpec::sub("cluster|failover", "failover", -2, ADMIN | STALE | NO_ASYNC_LOADING, ADMIN_ACL, disabled),
    CommandSpec::sub("cluster|flushslots", "flushslots", 2, ADMIN | STALE | NO_ASYNC_LOADING, ADMIN_ACL, disabled),
    CommandSpec::sub("cluster|forget", "forget", 3, ADMIN | STALE | NO_ASYNC_LOADING, ADMIN_ACL, disabled),
    CommandSpec::sub("cluster|getkeysinslot", "getkeysinslot", 4, STALE, acl::SLOW, disabled),
    CommandSpec::sub("cluster|help", "help", 2, LOADING | STALE, acl::SLOW, disabled),
    CommandSpec::sub("cluster|info", "info", 2, STALE, acl::SLOW, disabled),
    CommandSpec::sub("cluster|keyslot", "keyslot", 3, STALE, acl::SLOW, disabled),
    CommandSpec::sub("cluster|links", "links", 2, STALE, acl::SLOW, disabled),
    CommandSpec::sub("cluster|meet", "meet", -4, ADMIN | STALE | NO_ASYNC_LOADING, ADMIN_ACL, disabled),
    CommandSpec::sub("cluster|myid", "myid", 2, STALE, acl::SLOW, disabled),
    CommandSpec::sub("cluster|nodes", "nodes", 2, STALE, acl::SLOW, disabled),
    CommandSpec::sub("cluster|replicas", "replicas", 3, ADMIN | STALE, ADMIN_ACL, disabled),
    CommandSpec::sub("cluster|replicate", "replicate", 3, ADMIN | STALE | NO_ASYNC_LOADING, ADMIN_ACL, disabled),
    CommandSpec::sub("cluster|reset", "reset", -2, ADMIN | NOSCRIPT | STALE, ADMIN_ACL, disabled),
    CommandSpec::sub("cluster|saveconfig", "saveconfig", 2, ADMIN | STALE | NO_ASYNC_LOADING, ADMIN_ACL, disabled),
    CommandSpec::sub("cluster|set-config-epoch", "set-config-epoch", 3, ADMIN | STALE | NO_ASYNC_LOADING, ADMIN_ACL, disabled),
    CommandSpec::sub("cluster|setslot", "setslot", -4, ADMIN | STALE | NO_ASYNC_LOADING, ADMIN_ACL, disabled),
    CommandSpec::sub("cluster|shards", "shards", 2, STALE, acl::SLOW, disabled),
    CommandSpec::sub("cluster|slaves", "slaves", 3, ADMIN | STALE, ADMIN_ACL, disabled),
    CommandSpec::sub("cluster|slots", "slots", 2, STALE, acl::SLOW, disabled),
];

/// Redis's answer to every cluster command when cluster mode is off (even CLUSTER HELP).
fn disabled(_e: &mut Engine, ctx: &mut Ctx) {
    ctx.out.error("ERR This instance has cluster support disabled");
}
