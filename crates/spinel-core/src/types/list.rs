//! (being written)

#[derive(Clone, Debug, Default)]
pub struct List {}

impl List {
    pub fn encoding(&self) -> &'static str {
        "quicklist"
    }

    pub fn heap_size(&self) -> usize {
        0
    }
}
