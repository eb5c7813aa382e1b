//! Finding a command by its name, in any case: the first step of every command.
//!
//! A general hash map needs the name copied to lower case and hashed with a keyed hasher;
//! this table hashes the name as it came, with ASCII case folded in, and compares in place.
//! The table never changes after start-up and holds only the command table's names, so
//! there is nothing for a client to flood: an unknown name costs at most the longest
//! probe run, fixed when the table is built.
use super::CommandSpec;
use alloc::boxed::Box;
use alloc::vec;

pub struct NameTable {
    /// Open addressing with linear probing, at most half full; `None` ends a probe.
    slots: Box<[Option<&'static CommandSpec>]>,
    mask: usize,
}

/// FNV-1a of `name` with `| 0x20` on every byte, which lower-cases ASCII letters (and
/// merges a few punctuation bytes, which only costs a compare).
#[inline]
fn folded_hash(name: &[u8]) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    for &b in name {
        h = (h ^ (b | 0x20) as u32).wrapping_mul(0x0100_0193);
    }
    (h ^ (h >> 16)) as usize
}

impl NameTable {
    pub fn new(specs: impl Iterator<Item = &'static CommandSpec> + Clone) -> Self {
        let len = (specs.clone().count() * 2).next_power_of_two().max(16);
        let mut slots = vec![None; len].into_boxed_slice();
        let mask = len - 1;
        for spec in specs {
            let mut i = folded_hash(spec.name.as_bytes()) & mask;
            while slots[i].is_some() {
                i = (i + 1) & mask;
            }
            slots[i] = Some(spec);
        }
        NameTable { slots, mask }
    }

    /// The command named `name`, compared ASCII-case-insensitively.
    #[inline]
    pub fn get(&self, name: &[u8]) -> Option<&'static CommandSpec> {
        let mut i = folded_hash(name) & self.mask;
        loop {
            let spec = self.slots[i]?;
            // Table names are lower case: only the caller's bytes need folding.
            let known = spec.name.as_bytes();
            if known.len() == name.len() && known.iter().zip(name).all(|(&k, &b)| k == b.to_ascii_lowercase()) {
                return Some(spec);
            }
            i = (i + 1) & self.mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_command_in_any_case_and_nothing_else() {
        let table = NameTable::new(super::super::all());
        for spec in super::super::all() {
            let upper = spec.name.to_ascii_uppercase();
            assert!(core::ptr::eq(table.get(spec.name.as_bytes()).unwrap(), spec), "{}", spec.name);
            assert!(core::ptr::eq(table.get(upper.as_bytes()).unwrap(), spec), "{}", spec.name);
        }
        // "\x0d" hashes as "-" (`| 0x20`): the compare must refuse it.
        for name in ["", "ge", "gets", "get\0", "restore\x0dasking", "client|kill"] {
            assert!(table.get(name.as_bytes()).is_none(), "{name:?}");
        }
        assert!(table.get("set".as_bytes()).is_some_and(|s| s.name == "set"));
    }
}
