//! The Lua script corpus through the native build of the binding: its replies are
//! `tests/corpus/expected.txt`, which the wasm32 tests (node.rs, browser.rs) compare against.
//! spinel-server's diff_scripting.rs checks the same engine against redis-server.
#![cfg(not(target_arch = "wasm32"))]

mod corpus;

#[test]
fn native_replies_equal_expected_txt() {
    if std::env::var_os("SPINEL_BLESS").is_some() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/expected.txt");
        std::fs::write(path, corpus::run_corpus()).expect("write expected.txt");
        return;
    }
    corpus::assert_matches_expected();
}
