//! (being written) Metadata of this group's commands; see `commands/meta.rs` and `meta/string.rs`.

use super::*;

pub(super) static ENTRIES: &[(&str, Meta)] = &[];
