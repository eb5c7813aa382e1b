//! (being written)
use super::CommandSpec;
use crate::engine::Engine;

pub const COMMANDS: &[CommandSpec] = &[];

/// Active expiry (being written).
pub fn active_expire_cycle(_e: &mut Engine) {}
