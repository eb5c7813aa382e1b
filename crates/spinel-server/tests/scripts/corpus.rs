//! The script corpus's text format and redis-cli style command lines, shared by the tests that
//! run the corpus: spinel-server's differential test (diff_scripting.rs, through
//! tests/common) and spinel-wasm's corpus test (crates/spinel-wasm/tests/corpus), which
//! include this file by path.
//!
//! A case is `### name | keys=a,b | args=x,y | ro | resp3`, then `> SETUP` lines, the Lua
//! body, and `< CHECK` lines.

/// One script of the corpus.
pub struct Case {
    pub name: String,
    pub keys: Vec<String>,
    pub args: Vec<String>,
    pub ro: bool,
    pub resp3: bool,
    pub setup: Vec<String>,
    pub body: String,
    pub checks: Vec<String>,
}

/// The cases of a corpus file, in order.
pub fn parse(text: &str) -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    for line in text.lines() {
        if let Some(head) = line.strip_prefix("### ") {
            let mut parts = head.split(" | ");
            let mut c = Case {
                name: parts.next().unwrap().trim().to_string(),
                keys: vec![],
                args: vec![],
                ro: false,
                resp3: false,
                setup: vec![],
                body: String::new(),
                checks: vec![],
            };
            for p in parts {
                let p = p.trim();
                if let Some(k) = p.strip_prefix("keys=") {
                    c.keys = k.split(',').map(str::to_string).collect();
                } else if let Some(a) = p.strip_prefix("args=") {
                    c.args = a.split(',').map(str::to_string).collect();
                } else if p == "ro" {
                    c.ro = true;
                } else if p == "resp3" {
                    c.resp3 = true;
                } else {
                    panic!("unknown case option {p:?} in {}", c.name);
                }
            }
            cases.push(c);
        } else if let Some(c) = cases.last_mut() {
            if let Some(s) = line.strip_prefix("> ") {
                c.setup.push(s.to_string());
            } else if let Some(s) = line.strip_prefix("< ") {
                c.checks.push(s.to_string());
            } else {
                c.body.push_str(line);
                c.body.push('\n');
            }
        }
    }
    for c in &mut cases {
        c.body = c.body.trim_end().to_string();
    }
    cases
}

/// Splits a command line the way redis-cli does: whitespace separates arguments, and
/// double-quoted arguments may contain spaces and the escapes `\" \\ \n \r \t \xHH`
/// (so `""` is the empty string and `"\x00"` a NUL byte). Single quotes are literal.
pub fn split_command(line: &str) -> Vec<Vec<u8>> {
    let bytes = line.as_bytes();
    let mut args = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let mut arg = Vec::new();
        if bytes[i] == b'"' {
            i += 1;
            loop {
                assert!(i < bytes.len(), "unterminated quote in {line:?}");
                match bytes[i] {
                    b'"' => {
                        i += 1;
                        break;
                    }
                    b'\\' => {
                        let esc = bytes[i + 1];
                        i += 2;
                        match esc {
                            b'n' => arg.push(b'\n'),
                            b'r' => arg.push(b'\r'),
                            b't' => arg.push(b'\t'),
                            b'x' => {
                                let hex = std::str::from_utf8(&bytes[i..i + 2]).unwrap();
                                arg.push(u8::from_str_radix(hex, 16).expect("bad \\x escape"));
                                i += 2;
                            }
                            other => arg.push(other),
                        }
                    }
                    b => {
                        arg.push(b);
                        i += 1;
                    }
                }
            }
        } else {
            while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                arg.push(bytes[i]);
                i += 1;
            }
        }
        args.push(arg);
    }
    args
}
