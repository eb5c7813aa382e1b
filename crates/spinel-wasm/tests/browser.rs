//! The binding compiled to wasm32, run in headless Chromium (CHROMEDRIVER) by wasm-bindgen-test-runner
//! (scripts/test.sh). On native targets this file is empty: tests/common is wasm-only.
#![cfg(target_arch = "wasm32")]
use wasm_bindgen_test::*;

mod common;
mod corpus;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn commands_run_and_reply_in_resp() {
    common::commands_run_and_reply_in_resp();
}

#[wasm_bindgen_test]
fn bad_input_is_an_error_not_a_panic() {
    common::bad_input_is_an_error_not_a_panic();
}

#[wasm_bindgen_test]
fn blocked_clients_get_their_reply_through_take_pending() {
    common::blocked_clients_get_their_reply_through_take_pending();
}

#[wasm_bindgen_test]
fn change_stream_round_trips_through_replay() {
    common::change_stream_round_trips_through_replay();
}

/// The Lua script corpus gives the native engine's replies (checked against redis-server).
#[wasm_bindgen_test]
fn command_docs_without_prose() {
    common::command_docs_without_prose();
}

#[wasm_bindgen_test]
fn lua_script_corpus_replies_as_the_native_engine() {
    corpus::assert_matches_expected();
}
