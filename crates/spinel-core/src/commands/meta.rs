//! (being written)



