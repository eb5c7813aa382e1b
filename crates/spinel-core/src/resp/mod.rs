//! RESP2/RESP3: the incremental request parser and the reply encoder.
pub mod parser;
pub mod writer;
