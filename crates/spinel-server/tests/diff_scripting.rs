//! Differential tests of scripting (EVAL, EVALSHA, EVAL_RO, EVALSHA_RO, SCRIPT): a corpus of
//! scripts (tests/scripts/corpus.txt) runs on spinel-server and on a real redis-server and the
//! replies must match byte for byte. Each case of the corpus is:
//!
//! ```text
//! ### name | keys=a,b | args=x,y | ro | resp3
//! > SETUP COMMAND (redis-cli style, run on both before the script)
//! lua body ...
//! < CHECK COMMAND (run on both after the script, replies compared too)
//! ```
//! Options: `keys=`/`args=` (comma-separated), `ro` (EVAL_RO), `resp3` (HELLO 3 first).
//! Every case also runs again through EVALSHA (the script cache), and FLUSHALL separates cases.

mod common;

use common::corpus::{parse, Case};
use common::{render, split_command, Differ};

fn corpus() -> Vec<Case> {
    parse(include_str!("scripts/corpus.txt"))
}

/// Plays `lines` (redis-cli style) on a fresh pair of servers; every reply must match.
fn run_lines(label: &str, lines: &[&str]) {
    let mut differ = Differ::start(label);
    for line in lines {
        differ.run(&split_command(line));
    }
    differ.finish();
}

#[test]
fn corpus_has_enough_scripts() {
    let cases = corpus();
    assert!(cases.len() >= 150, "corpus has {} scripts", cases.len());
}

#[test]
fn script_corpus_matches_redis() {
    let cases = corpus();
    let mut differ = Differ::start("script corpus");
    for c in &cases {
        differ.run_str("FLUSHALL");
        if c.resp3 {
            differ.run_str("HELLO 3");
        }
        for s in &c.setup {
            differ.run(&split_command(s));
        }
        for by_sha in [false, true] {
            let mut cmd: Vec<Vec<u8>> = Vec::new();
            let name = match (by_sha, c.ro) {
                (false, false) => "EVAL",
                (false, true) => "EVAL_RO",
                (true, false) => "EVALSHA",
                (true, true) => "EVALSHA_RO",
            };
            cmd.push(name.into());
            if by_sha {
                let sha = differ.run(&[b"SCRIPT".to_vec(), b"LOAD".to_vec(), c.body.clone().into_bytes()]);
                // `$40\r\n<sha>\r\n`
                if sha.len() < 45 {
                    continue; // a compile error, compared already
                }
                cmd.push(sha[5..45].to_vec());
            } else {
                cmd.push(c.body.clone().into_bytes());
            }
            cmd.push(c.keys.len().to_string().into_bytes());
            cmd.extend(c.keys.iter().map(|k| k.clone().into_bytes()));
            cmd.extend(c.args.iter().map(|a| a.clone().into_bytes()));
            differ.label = format!("script corpus: case `{}`", c.name);
            differ.run(&cmd);
            for s in &c.checks {
                differ.run(&split_command(s));
            }
        }
        if c.resp3 {
            differ.run_str("HELLO 2");
        }
    }
    differ.label = "script corpus".into();
    differ.finish();
}

#[test]
fn scripting_commands_match_redis() {
    run_lines("scripting commands", &[
        r##"EVAL"##,
        r##"EVAL x"##,
        r##"EVAL "return 1" x"##,
        r##"EVAL "return 1" -1"##,
        r##"EVAL "return 1" 2 a"##,
        r##"EVALSHA ffffffffffffffffffffffffffffffffffffffff 0"##,
        r##"EVALSHA short 0"##,
        r##"SCRIPT LOAD "return 42""##,
        r##"EVALSHA 1fa00e76656cc152ad327c13fe365858fd7be306 0"##,
        r##"EVALSHA 1FA00E76656CC152AD327C13FE365858FD7BE306 0"##,
        r##"SCRIPT EXISTS 1fa00e76656cc152ad327c13fe365858fd7be306 ffffffffffffffffffffffffffffffffffffffff"##,
        r##"SCRIPT FLUSH"##,
        r##"SCRIPT EXISTS 1fa00e76656cc152ad327c13fe365858fd7be306"##,
        r##"EVAL "return 2" 0"##,
        r##"SCRIPT FLUSH ASYNC"##,
        r##"SCRIPT FLUSH SYNC"##,
        r##"SCRIPT FLUSH BAD"##,
        r##"SCRIPT KILL"##,
        r##"SCRIPT FOO"##,
        r##"SCRIPT HELP"##,
        r##"SCRIPT LOAD"##,
        r##"EVAL "return redis.call('set', KEYS[1], 'v')" 1 k"##,
        r##"GET k"##,
        r##"EVAL_RO "return redis.call('get', KEYS[1])" 1 k"##,
        r##"EVAL_RO "return redis.call('del', KEYS[1])" 1 k"##,
        r##"EVAL "#!lua flags=no-writes\nreturn redis.call('del', KEYS[1])" 1 k"##,
        r##"EVAL "#!lua flags=no-writes\nreturn redis.call('get', KEYS[1])" 1 k"##,
        r##"EVAL "#!lua\nreturn redis.call('get', KEYS[1])" 1 k"##,
        r##"EVAL "#!lua flags=bogus\nreturn 1" 0"##,
        r##"EVAL "#!python\nreturn 1" 0"##,
        r##"EVAL "#!lua flags=no-writes,\nreturn 1" 0"##,
        r##"EVAL "#!lua flags=\nreturn 1" 0"##,
        r##"EVAL "#!lua flags=no-writes" 0"##,
        r##"EVAL "#! lua\nreturn 1" 0"##,
        r##"EVAL "return redis.call('select', 1)" 0"##,
        r##"EVAL "redis.call('select', 1); return redis.call('set', 'in1', 'x')" 0"##,
        r##"GET in1"##,
        r##"SELECT 1"##,
        r##"GET in1"##,
        r##"SELECT 0"##,
        r##"EVAL "return redis.call('blpop', 'nolist', 0)" 0"##,
        r##"COMMAND INFO eval evalsha eval_ro evalsha_ro"##,
        r##"COMMAND GETKEYS EVAL "return 1" 2 a b c"##,
        r##"SCRIPT DEBUG NO"##,
        r##"SCRIPT DEBUG MAYBE"##,
        r##"SCRIPT DEBUG"##,
        r##"EVAL "redis.set_repl(redis.REPL_NONE) redis.call('set', 'norepl', '1') return redis.call('get', 'norepl')" 0"##,
        r##"CONFIG GET lua-time-limit"##,
        r##"CONFIG GET busy-reply-threshold"##,
    ]);
}

/// Past maxmemory (noeviction), scripts follow Redis's rules: a script without flags gets
/// OOM at its first denyoom write but is not stopped once it has written; a script with
/// flags or a function that may write is refused before it runs, unless it declares
/// `no-writes` or `allow-oom`. (Spinel used to let every script write past maxmemory.)
#[test]
fn scripts_respect_maxmemory() {
    run_lines("scripts past maxmemory", &[
        r##"FUNCTION FLUSH"##,
        r##"FUNCTION LOAD "#!lua name=oomlib\nredis.register_function('fw', function() return redis.call('set', 'f', '1') end)\nredis.register_function{function_name='fro', callback=function() return redis.call('get', 'f') end, flags={'no-writes'}}\nredis.register_function{function_name='foom', callback=function() return redis.call('set', 'f', '2') end, flags={'allow-oom'}}""##,
        r##"SET before 1"##,
        r##"CONFIG SET maxmemory-policy noeviction"##,
        r##"CONFIG SET maxmemory 1"##,
        r##"SET a 1"##,
        r##"EVAL "return redis.call('set', 'a', '1')" 0"##,
        r##"EVAL "return redis.pcall('set', 'a', '1')" 0"##,
        r##"EVAL "redis.call('get', 'before') return redis.call('incr', 'n')" 0"##,
        r##"EVAL "return redis.call('get', 'before')" 0"##,
        r##"EVAL "redis.call('del', 'before') return redis.call('set', 'b', '1')" 0"##,
        r##"EVAL "#!lua\nreturn redis.call('get', 'b')" 0"##,
        r##"EVAL "#!lua flags=no-writes\nreturn redis.call('get', 'b')" 0"##,
        r##"EVAL "#!lua flags=allow-oom\nreturn redis.call('set', 'c', '1')" 0"##,
        r##"FCALL fw 0"##,
        r##"FCALL_RO fro 0"##,
        r##"FCALL foom 0"##,
        r##"MULTI"##,
        r##"EVAL "return redis.call('set', 'd', '1')" 0"##,
        r##"EXEC"##,
        r##"CONFIG SET maxmemory 0"##,
        r##"MGET a b c d f n before"##,
        r##"EVAL "return redis.call('set', 'a', '1')" 0"##,
        r##"FCALL fw 0"##,
        r##"FUNCTION FLUSH"##,
    ]);
}

#[test]
fn functions_match_redis() {
    run_lines("functions", &[
        r##"FUNCTION FLUSH"##,
        r##"FUNCTION LOAD "return 1""##,
        r##"FUNCTION LOAD "#!python name=x\nreturn 1""##,
        r##"FUNCTION LOAD "#!lua name=my-lib\nreturn 1""##,
        r##"FUNCTION LOAD "#!lua\nreturn 1""##,
        r##"FUNCTION LOAD "#!lua name=mylib foo=bar\nreturn 1""##,
        // The metadata line splits as sdssplitargs: quotes, escapes, unbalanced quotes.
        r##"FUNCTION LOAD "#!lua name=\"quoted\"\nredis.register_function('fq', function() return 1 end)""##,
        r##"FUNCTION LOAD "#!lua \"name=q2\"\nredis.register_function('fq2', function() return 2 end)""##,
        r##"FUNCTION LOAD "#!lua name=a name=b\nreturn 1""##,
        r##"FUNCTION LOAD "#!lua name=\"unbalanced\nreturn 1""##,
        "FCALL fq 0",
        "FCALL fq2 0",
        // (FUNCTION LIST below shows libraries in hash order with several: one is left.)
        "FUNCTION DELETE quoted",
        "FUNCTION DELETE q2",
        r##"FUNCTION LOAD "#!lua name=mylib\nreturn 1""##,
        r##"FUNCTION LOAD "#!lua name=mylib\nredis.register_function('f1', function(keys, args) return {keys[1], args[1], #keys, #args} end)""##,
        r##"FUNCTION LOAD "#!lua name=mylib\nredis.register_function('f1', function() return 1 end)""##,
        r##"FUNCTION LOAD "#!lua name=lib2\nredis.register_function('f1', function() return 1 end)""##,
        r##"FUNCTION LOAD "#!lua name=lib3\nredis.call('ping')""##,
        r##"FUNCTION LOAD "#!lua name=lib3\nredis.register_function('bad name', function() return 1 end)""##,
        r##"FUNCTION LOAD "#!lua name=lib3\nredis.register_function('g', function() return 1 end)\nredis.register_function('g', function() return 1 end)""##,
        r##"FUNCTION LOAD "#!lua name=lib3\nredis.register_function{function_name='g', callback=function() end, flags={'bogus'}}""##,
        r##"FUNCTION LOAD "#!lua name=lib3\nredis.register_function{function_name='g', callback=5}""##,
        r##"FUNCTION LOAD "#!lua name=lib3\nredis.register_function{function_name=5, callback=function() end}""##,
        r##"FUNCTION LIST LIBRARYNAME lib3"##,
        r##"FUNCTION DELETE lib3"##,
        r##"FUNCTION LOAD "#!lua name=lib3\nredis.register_function{callback=function() end}""##,
        r##"FUNCTION LOAD "#!lua name=lib3\nredis.register_function{function_name='g'}""##,
        r##"FUNCTION LOAD "#!lua name=lib3\nredis.register_function{function_name='g', callback=function() end, other=1}""##,
        r##"FUNCTION LOAD "#!lua name=lib3\nx = 1""##,
        r##"FUNCTION LOAD "#!lua name=lib3\nredis.register_function('w', 5)""##,
        r##"FUNCTION LOAD "#!lua name=lib3\nredis.register_function()""##,
        r##"FUNCTION LOAD "#!lua name=lib3\nerror('load failed')""##,
        r##"FUNCTION DELETE lib3"##,
        r##"FUNCTION LOAD REPLACE"##,
        r##"FUNCTION LOAD BOGUS "#!lua name=x\nreturn 1""##,
        r##"FCALL f1 1 k a"##,
        r##"FCALL f1 0"##,
        r##"FCALL f1 2 k"##,
        r##"FCALL f1 -1"##,
        r##"FCALL nope 0"##,
        r##"FCALL_RO f1 0"##,
        r##"FUNCTION LIST"##,
        r##"FUNCTION LIST WITHCODE"##,
        r##"FUNCTION LIST LIBRARYNAME my*"##,
        r##"FUNCTION LIST LIBRARYNAME zz*"##,
        r##"FUNCTION LIST BOGUS"##,
        r##"FUNCTION STATS"##,
        r##"FUNCTION LOAD REPLACE "#!lua name=mylib\nredis.register_function{function_name='f1', callback=function(keys, args) return redis.call('set', keys[1], args[1]) end, description='sets'}""##,
        r##"FCALL f1 1 fk fv"##,
        r##"GET fk"##,
        r##"FCALL_RO f1 1 fk fv"##,
        r##"FUNCTION LIST"##,
        r##"FUNCTION LOAD "#!lua name=ro\nredis.register_function{function_name='r', callback=function(keys) return redis.call('get', keys[1]) end, flags={'no-writes'}}""##,
        r##"FCALL_RO r 1 fk"##,
        r##"FCALL r 1 fk"##,
        r##"FUNCTION LOAD "#!lua name=rw\nredis.register_function{function_name='rw', callback=function(keys) return redis.call('del', keys[1]) end, flags={'no-writes', 'allow-oom'}}""##,
        r##"FCALL rw 1 fk"##,
        r##"FUNCTION LIST LIBRARYNAME rw"##,
        r##"FUNCTION LOAD "#!lua name=errs\nredis.register_function('e', function() error('boom') end)""##,
        r##"FCALL e 0"##,
        r##"FUNCTION LOAD "#!lua name=errs2\nredis.register_function('e2', function(keys) return redis.call('incr', keys[1]) end)""##,
        r##"SET s abc"##,
        r##"FCALL e2 1 s"##,
        r##"FUNCTION LOAD "#!lua name=helpers\nlocal function helper() return 5 end\nredis.register_function('h', function() return helper() + tonumber('1') end)""##,
        r##"FCALL h 0"##,
        // Functions run apart from EVAL's globals: no KEYS or ARGV, even after an EVAL set them.
        r##"EVAL "return 1" 1 evalkey evalarg"##,
        r##"FUNCTION LOAD "#!lua name=noglobals\nredis.register_function('k', function() return KEYS end)\nredis.register_function('a', function() return type(ARGV) end)""##,
        r##"FCALL k 1 fk"##,
        r##"FCALL a 0 x"##,
        r##"FUNCTION DELETE noglobals"##,
        r##"FUNCTION DELETE nolib"##,
        r##"FUNCTION DELETE helpers"##,
        r##"FCALL h 0"##,
        r##"FUNCTION STATS"##,
        r##"FUNCTION KILL"##,
        r##"FUNCTION FLUSH BAD"##,
        r##"FUNCTION FLUSH"##,
        r##"FUNCTION LIST"##,
        r##"FUNCTION STATS"##,
    ]);
}

/// redis.pcall returns errors about its own arguments as error tables (redis.call raises
/// them), and Lua's pcall hands over the `err` text of an error table, as Redis 7.0's does.
#[test]
fn pcall_errors_match_redis() {
    run_lines("pcall errors", &[
        r##"EVAL "local r = redis.pcall('get', true) return type(r)" 0"##,
        r##"EVAL "return redis.pcall()" 0"##,
        r##"EVAL "return redis.pcall('get', {})" 0"##,
        r##"EVAL "return redis.call()" 0"##,
        r##"EVAL "return redis.call('get', true)" 0"##,
        r##"EVAL "return {pcall(redis.call)}" 0"##,
        r##"EVAL "local ok, e = pcall(redis.call, 'get', true) return {type(e), e}" 0"##,
        r##"EVAL "local ok, e = pcall(redis.log) return {type(e), e}" 0"##,
        r##"EVAL "local ok, e = pcall(redis.set_repl) return {type(e), e}" 0"##,
        r##"EVAL "return {pcall(error, {err='MY x'})}" 0"##,
        r##"EVAL "local ok, e = pcall(error, {foo=5}) return type(e)" 0"##,
        r##"EVAL "return {pcall(nil)}" 0"##,
    ]);
}

/// cjson's settings (nesting limits, invalid numbers): set by a script, kept by the VM for
/// later scripts, reset by SCRIPT FLUSH; bad values are refused with lua-cjson's texts.
#[test]
fn cjson_settings_match_redis() {
    run_lines("cjson depth limits", &[
        r##"EVAL "return {cjson.encode_max_depth(), cjson.decode_max_depth()}" 0"##,
        r##"EVAL "return cjson.encode_max_depth(0)" 0"##,
        r##"EVAL "return cjson.decode_max_depth('x')" 0"##,
        r##"EVAL "return cjson.encode_max_depth(1, 2)" 0"##,
        r##"EVAL "return {pcall(cjson.encode_max_depth, 2147483648)}" 0"##,
        r##"EVAL "return cjson.encode_max_depth(2.9)" 0"##,
        r##"EVAL "return cjson.encode({{1}})" 0"##,
        r##"EVAL "return cjson.encode({{{1}}})" 0"##,
        r##"EVAL "return cjson.decode_max_depth('1')" 0"##,
        r##"EVAL "return cjson.decode('{\"a\": 1}').a" 0"##,
        r##"EVAL "return cjson.decode('{\"obj\": {\"array\": [1,2,3,4]}}')" 0"##,
        r##"EVAL "return {pcall(cjson.decode, '[[1]]')}" 0"##,
        "SCRIPT FLUSH",
        r##"EVAL "return {cjson.encode_max_depth(), cjson.decode_max_depth(), cjson.encode({{{1}}})}" 0"##,
        // NaN and infinities: refused, written as nan/inf, or as null.
        r##"EVAL "return {pcall(cjson.encode, {0/0})}" 0"##,
        r##"EVAL "return {cjson.encode_invalid_numbers()}" 0"##,
        r##"EVAL "return {cjson.encode_invalid_numbers(true), cjson.encode({0/0, 1/0, -1/0, 1.5})}" 0"##,
        r##"EVAL "return {cjson.encode_invalid_numbers('null'), cjson.encode({0/0, 1/0})}" 0"##,
        r##"EVAL "return {cjson.encode_invalid_numbers('off'), cjson.encode_invalid_numbers('on')}" 0"##,
        r##"EVAL "return cjson.encode_invalid_numbers('x')" 0"##,
        r##"EVAL "return cjson.encode_invalid_numbers(1)" 0"##,
        r##"EVAL "return cjson.encode_invalid_numbers({})" 0"##,
        r##"EVAL "return cjson.encode_invalid_numbers(false, 1)" 0"##,
        "SCRIPT FLUSH",
        r##"EVAL "return {pcall(cjson.encode, {1/0})}" 0"##,
    ]);
}

/// DEBUG SET-DISABLE-DENY-SCRIPTS (a test switch of Redis's suite): scripts may call
/// `noscript` commands while it is on.
#[test]
fn debug_switch_lets_scripts_call_noscript_commands() {
    use common::Act::Run;
    common::compare_scenario_flags(
        "disable deny scripts",
        1,
        &[
            Run(0, "EVAL \"return type(redis.call('client', 'id'))\" 0"),
            Run(0, "DEBUG SET-DISABLE-DENY-SCRIPTS 1"),
            Run(0, "EVAL \"return type(redis.call('client', 'id'))\" 0"),
            Run(0, "DEBUG SET-DISABLE-DENY-SCRIPTS 0"),
            Run(0, "EVAL \"return type(redis.call('client', 'id'))\" 0"),
        ],
        &["--enable-debug-command", "yes"],
    );
}

/// A busy script stays atomic for blocked clients: a BLPOP its first push made ready is
/// served only after the script ends (with its last push), even when another client's
/// command runs meanwhile (Redis's "Timedout scripts and unblocked command").
#[test]
fn clients_a_busy_script_unblocks_wait_for_its_end() {
    use common::Act::{Block, Quiet, Read, Run, Send, Sleep};
    common::compare_scenario_flags(
        "busy script and blocked client",
        3,
        &[
            Block(1, "BLPOP x 0", 1),
            Run(0, "DEBUG SET-DISABLE-DENY-SCRIPTS 1"),
            Send(0, "EVAL \"redis.call('lpush', KEYS[1], 'y') while not string.find(redis.call('client', 'list'), 'abortscript') do end redis.call('lpush', KEYS[1], 'z') return 'done'\" 1 x"),
            Sleep(200),
            Run(2, "PING"),
            Quiet(2, "HELLO 2 SETNAME abortscript"),
            Read(1),
            Read(0),
            Run(2, "LRANGE x 0 -1"),
        ],
        &["--enable-debug-command", "yes", "--lua-time-limit", "10"],
    );
}

/// A script with a shebang declares its flags: without no-writes, *_RO refuses it.
#[test]
fn ro_scripts_need_the_no_writes_flag() {
    run_lines("shebang flags and *_RO", &[
        r##"EVAL_RO "#!lua\nreturn 1" 0"##,
        r##"EVAL_RO "#!lua flags=allow-oom\nreturn 1" 0"##,
        r##"EVAL_RO "#!lua flags=no-writes\nreturn 1" 0"##,
        r##"EVAL_RO "return 1" 0"##,
        r##"SCRIPT LOAD "#!lua\nreturn 1""##,
        r##"EVALSHA_RO cb70127618f0b0be70c53cf6bfcfa54a29d9b0c0 0"##,
        r##"EVALSHA cb70127618f0b0be70c53cf6bfcfa54a29d9b0c0 0"##,
    ]);
}

/// Return values: verbatim strings, library calls that return nothing, and numbers outside
/// the integer range (C's cast gives LLONG_MIN), in RESP2 then RESP3.
#[test]
fn reply_conversions_match_redis() {
    let mut differ = Differ::start("reply conversions");
    for hello in ["HELLO 2", "HELLO 3"] {
        differ.run_str(hello);
        for line in [
            r##"EVAL "return {verbatim_string={format='txt', string='x'}}" 0"##,
            r##"EVAL "return {verbatim_string={format='t', string='a\\r\\nb'}}" 0"##,
            r##"EVAL "return {map={a=1}, verbatim_string={format='markdown', string='x'}}" 0"##,
            r##"EVAL "return {big_number='1', verbatim_string={format='txt', string='x'}}" 0"##,
            r##"EVAL "return {verbatim_string={format='txt', string=5}}" 0"##,
            r##"EVAL "return redis.log(redis.LOG_WARNING, 'hi')" 0"##,
            r##"EVAL "return redis.set_repl(redis.REPL_ALL)" 0"##,
            r##"EVAL "return redis.setresp(2)" 0"##,
            r##"EVAL "return {redis.log(redis.LOG_WARNING, 'hi')}" 0"##,
            r##"EVAL "return 1/0" 0"##,
            r##"EVAL "return -1/0" 0"##,
            r##"EVAL "return math.huge" 0"##,
            r##"EVAL "return 1e300" 0"##,
            r##"EVAL "return 0/0" 0"##,
            r##"EVAL "return 9223372036854775807" 0"##,
            r##"EVAL "return {2^63, -2^63, 2^62}" 0"##,
            r##"EVAL "return redis.call('echo', 1/0)" 0"##,
            r##"EVAL "return redis.call('echo', 0/0)" 0"##,
            r##"EVAL "return redis.call('echo', 2^63)" 0"##,
        ] {
            differ.run(&split_command(line));
        }
    }
    differ.run_str("HELLO 2");
    differ.finish();
}

/// FCALL finds functions case-insensitively (one function table for all libraries), and
/// FUNCTION's argument and metadata errors carry Redis's texts.
#[test]
fn function_names_and_arguments_match_redis() {
    run_lines("function names and arguments", &[
        r##"FUNCTION FLUSH"##,
        // One function per library: FUNCTION LIST would show several in hash-table order (D5).
        r##"FUNCTION LOAD "#!lua name=lib1\nredis.register_function('f1', function() return 1 end)""##,
        r##"FUNCTION LOAD "#!lua name=libe\nredis.register_function('e1', function() return redis.call('nosuch') end)""##,
        r##"FCALL F1 0"##,
        r##"FCALL_RO F1 0"##,
        r##"FCALL E1 0"##,
        r##"FUNCTION LOAD "#!lua name=lib2\nredis.register_function('F1', function() return 2 end)""##,
        r##"FUNCTION LIST LIBRARYNAME lib1"##,
        r##"FUNCTION LOAD REPLACE REPLACE "#!lua name=lib1\nredis.register_function('f1', function() return 3 end)""##,
        r##"FUNCTION LOAD replace Replace "#!lua name=lib1\nredis.register_function('f1', function() return 4 end)""##,
        r##"FUNCTION LOAD REPLACE bogus "#!lua name=lib1\nreturn 1""##,
        r##"FCALL f1 0"##,
        r##"FUNCTION LOAD "#!lua name=a""##,
        r##"FUNCTION LOAD "#!lua""##,
        r##"FUNCTION LOAD "#!\nreturn 1""##,
        r##"FUNCTION LOAD "#! lua name=x\nreturn 1""##,
        r##"FUNCTION LOAD "#!lua name=a name=b\nreturn 1""##,
        r##"FUNCTION LOAD "#!lua NAME=nm\nredis.register_function('nmf', function() return 1 end)""##,
        r##"FUNCTION LOAD "#!lua\tname=tb\r\nredis.register_function('tbf', function() return 1 end)""##,
        r##"FUNCTION LOAD "#!lua name=c\nredis.register_function('f9')""##,
        r##"FUNCTION LOAD "#!lua name=c\nredis.register_function(5)""##,
        r##"FUNCTION LOAD "#!lua name=c\nredis.register_function('a', 'b', 'c')""##,
        r##"FUNCTION LIST LIBRARYNAME"##,
        r##"FUNCTION LIST WITHCODE LIBRARYNAME"##,
        r##"FUNCTION LIST LIBRARYNAME lib1 LIBRARYNAME lib1"##,
        r##"FUNCTION LIST WITHCODE withcode"##,
        r##"FUNCTION LIST withcode libraryname lib1"##,
        r##"FUNCTION STATS"##,
        r##"FUNCTION FLUSH SYNC x"##,
        r##"FUNCTION flush sync x"##,
    ]);
}

#[test]
fn library_load_sees_only_the_restricted_redis_table() {
    let mut differ = Differ::start("function load environment");
    for global in ["tostring", "string", "math", "pairs", "cjson", "pcall", "redis.setresp", "redis.log", "redis.call", "redis.LOG_NOTICE"] {
        let code = format!("#!lua name=probe\nlocal x = {global}\nredis.register_function('p', function() return 1 end)");
        differ.run(&[b"FUNCTION".to_vec(), b"LOAD".to_vec(), b"REPLACE".to_vec(), code.into_bytes()]);
    }
    differ.run_str("FCALL p 0");
    differ.finish();
}

/// D14 (tests/differences.md): errors raised by the VM itself and compile errors carry
/// piccolo's wording; everything around the message (code, position, script name, line) must
/// still match Redis.
#[test]
fn vm_errors_differ_only_in_their_wording() {
    let mut differ = Differ::start("VM error positions");
    let scripts = [
        "local a = 1\nlocal b = nil\nreturn a + b",
        "local t = {}\nfor i = 1, 3 do\n  t[i] = i\nend\nreturn t.x.y",
        "local f\nf()",
        "return #nil",
        "local s = 'x'\n\nreturn s < 1",
    ];
    for body in scripts {
        let cmd = [b"EVAL".to_vec(), body.as_bytes().to_vec(), b"0".to_vec()];
        let redis = differ.redis.cmd(&cmd);
        let spinel = differ.spinel.cmd(&cmd);
        let shape = |r: &[u8]| -> (String, String) {
            let t = String::from_utf8_lossy(r).into_owned();
            let head: String = t.splitn(3, ": ").take(1).collect();
            let tail = t.rsplit_once(" script: ").map(|(_, tail)| tail.to_string()).unwrap_or_default();
            (head, tail)
        };
        assert!(redis.starts_with(b"-ERR user_script:"), "{}", render(&redis));
        assert_eq!(shape(&redis), shape(&spinel), "{body:?}: redis {} / spinel {}", render(&redis), render(&spinel));
    }
    let compile = differ.spinel.cmd(&[b"EVAL".to_vec(), b"return 1 +".to_vec(), b"0".to_vec()]);
    assert!(compile.starts_with(b"-ERR Error compiling script (new function): user_script:1: "), "{}", render(&compile));
    differ.finish();
}

#[test]
fn function_dump_and_restore_match_redis() {
    let mut d = Differ::start("function dump/restore");
    let lib1 = "#!lua name=lib1\nredis.register_function('f1', function() return 1 end)";
    // Long enough for LZF to pay off: the payload then holds compressed code.
    let long = format!("#!lua name=biglib\n{}redis.register_function('big', function() return 'x' end)", "-- padding padding padding padding\n".repeat(20));
    d.run(&["FUNCTION", "FLUSH"]);
    d.run(&["FUNCTION", "DUMP"]);
    d.run(&["FUNCTION", "LOAD", lib1]);
    // One library: the payloads are byte for byte Redis's.
    let payload = d.run(&["FUNCTION", "DUMP"]);
    d.run(&["FUNCTION", "LOAD", &long]);
    d.run(&["FUNCTION", "DELETE", "lib1"]);
    let big = d.run(&["FUNCTION", "DUMP"]);
    let body = |reply: &[u8]| {
        let start = reply.iter().position(|&b| b == b'\n').unwrap() + 1;
        reply[start..reply.len() - 2].to_vec()
    };
    let (payload, big) = (body(&payload), body(&big));
    d.run(&[b"FUNCTION".as_slice(), b"RESTORE", &payload]);
    d.run(&["FCALL", "f1", "0"]);
    d.run(&[b"FUNCTION".as_slice(), b"RESTORE", &payload]);
    d.run(&[b"FUNCTION".as_slice(), b"RESTORE", &payload, b"REPLACE"]);
    d.run(&[b"FUNCTION".as_slice(), b"RESTORE", &big, b"FLUSH"]);
    d.run(&["FUNCTION", "LIST"]);
    d.run(&[b"FUNCTION".as_slice(), b"RESTORE", &payload, b"bogus"]);
    d.run(&[b"FUNCTION".as_slice(), b"RESTORE", &payload[..payload.len() - 1]]);
    d.run(&["FUNCTION", "RESTORE", "garbage"]);
    // A function name taken by another library: refused, nothing changes.
    d.run(&["FUNCTION", "LOAD", "#!lua name=lib2\nredis.register_function('f1', function() return 2 end)"]);
    d.run(&[b"FUNCTION".as_slice(), b"RESTORE", &payload]);
    d.run(&[b"FUNCTION".as_slice(), b"RESTORE", &payload, b"REPLACE"]);
    // Two libraries now: FUNCTION LIST would list them in hash-table order (D5).
    d.run(&["FUNCTION", "LIST", "LIBRARYNAME", "lib2"]);
    d.run(&["FCALL", "f1", "0"]);
    d.finish();
}
