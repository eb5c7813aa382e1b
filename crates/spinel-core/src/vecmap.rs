//! [`VecMap`]: a map kept as a sorted Vec, for maps that are small or rarely changed
//! (errorstats, latency events, ACL users, a stream's consumer groups and their consumers). Every BTreeMap key/value type is its own copy
//! of the B-tree code, ~10 KB of the npm package's wasm each; this is a few hundred bytes.
//! Lookups are binary searches; inserts and removals move the tail (fine for these sizes).

use alloc::vec::Vec;
use core::borrow::Borrow;

#[derive(Clone, Debug)]
pub struct VecMap<K, V>(Vec<(K, V)>);

impl<K, V> Default for VecMap<K, V> {
    fn default() -> Self {
        VecMap(Vec::new())
    }
}

impl<K: Ord, V> VecMap<K, V> {
    pub const fn new() -> Self {
        VecMap(Vec::new())
    }

    fn position<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.0.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.position(key).ok().map(|i| &self.0[i].1)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.position(key).is_ok()
    }

    pub fn get_key_value<Q: Ord + ?Sized>(&self, key: &Q) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
    {
        self.position(key).ok().map(|i| (&self.0[i].0, &self.0[i].1))
    }

    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        self.position(key).ok().map(|i| &mut self.0[i].1)
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.remove_entry(key).map(|(_, v)| v)
    }

    pub fn remove_entry<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<(K, V)>
    where
        K: Borrow<Q>,
    {
        self.position(key).ok().map(|i| self.0.remove(i))
    }

    /// Sets `key` to `value`; returns the value it replaces.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.position(&key) {
            Ok(i) => Some(core::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    pub fn get_or_insert_with(&mut self, key: K, value: impl FnOnce() -> V) -> &mut V {
        let i = match self.position(&key) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (key, value()));
                i
            }
        };
        &mut self.0[i].1
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// In key order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// In key order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.0.iter().map(|(_, v)| v)
    }
}

impl<K: Ord + Borrow<Q>, V, Q: Ord + ?Sized> core::ops::Index<&Q> for VecMap<K, V> {
    type Output = V;
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("key in VecMap")
    }
}

impl<'a, K, V> IntoIterator for &'a VecMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = core::iter::Map<core::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::collections::BTreeMap;
    use alloc::vec::Vec;

    /// Random inserts, lookups and removals agree with a BTreeMap, order included.
    #[test]
    fn behaves_as_a_btreemap() {
        let mut rng = fastrand::Rng::with_seed(3);
        let mut ours: VecMap<Vec<u8>, u32> = VecMap::new();
        let mut model: BTreeMap<Vec<u8>, u32> = BTreeMap::new();
        for step in 0..5000u32 {
            let key = alloc::vec![rng.u8(b'a'..b'h'), rng.u8(b'a'..b'h')];
            match rng.u8(..4) {
                0 => assert_eq!(ours.insert(key.clone(), step), model.insert(key, step)),
                1 => assert_eq!(ours.remove(&key[..]), model.remove(&key[..])),
                2 => assert_eq!(*ours.get_or_insert_with(key.clone(), || step), *model.entry(key).or_insert(step)),
                _ => assert_eq!(ours.get(&key[..]), model.get(&key[..])),
            }
            assert_eq!(ours.len(), model.len());
        }
        assert!(ours.iter().eq(model.iter()));
        assert!(ours.values().eq(model.values()));
        ours.clear();
        assert!(ours.is_empty());
    }
}
