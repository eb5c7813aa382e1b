//! Fuzzes the incremental RESP request parser: arbitrary bytes, fed whole and split in
//! two at an arbitrary point, must never panic, never consume more than given (nor
//! nothing for a complete command), and must yield the same commands and error either way.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spinel_core::{ParseError, Parser, ParserLimits};

/// What a host sees: the commands, the protocol error if any, the bytes consumed.
#[derive(Debug, PartialEq, Eq)]
struct Run {
    cmds: Vec<Vec<Vec<u8>>>,
    err: Option<ParseError>,
    consumed: usize,
}

/// Feeds `data` the way a host does: the buffer grows to `cut`, then to the end; after
/// each complete command its bytes are dropped from the front.
fn drive(data: &[u8], cut: Option<usize>, limits: &ParserLimits, auth: bool) -> Run {
    let mut parser = Parser::new();
    let mut start = 0;
    let mut cmds = Vec::new();
    for end in cut.into_iter().chain(Some(data.len())) {
        loop {
            let buf = &data[start..end.max(start)];
            match parser.parse(buf, limits, auth) {
                Ok(Some(n)) => {
                    assert!(n > 0 && n <= buf.len(), "consumed {n} of {} bytes", buf.len());
                    let mut argv = Vec::new();
                    parser.fill_argv(buf, &mut argv);
                    assert_eq!(argv.len(), parser.argc());
                    for (i, a) in argv.iter().enumerate() {
                        assert_eq!(*a, parser.arg(buf, i));
                    }
                    cmds.push(argv.iter().map(|a| a.to_vec()).collect());
                    start += n;
                }
                Ok(None) => {
                    let wanted = parser.wanted();
                    assert!(wanted == 0 || wanted > buf.len(), "wanted {wanted} with {} buffered", buf.len());
                    break;
                }
                Err(err) => return Run { cmds, err: Some(err), consumed: start },
            }
        }
    }
    Run { cmds, err: None, consumed: start }
}

fuzz_target!(|data: &[u8]| {
    // Three control bytes: the split point and the limits; the rest is the stream.
    let Some((ctl, input)) = data.split_first_chunk::<3>() else { return };
    let cut = usize::from(u16::from_le_bytes([ctl[0], ctl[1]])) % (input.len() + 1);
    let limits = match ctl[2] & 3 {
        0 => ParserLimits::default(),
        1 => ParserLimits { max_bulk_len: 64, max_multibulk_len: 16, max_inline_len: 32 },
        2 => ParserLimits { max_bulk_len: 0, max_multibulk_len: 1, max_inline_len: 2 },
        _ => ParserLimits { max_bulk_len: usize::MAX, max_multibulk_len: usize::MAX, max_inline_len: usize::MAX },
    };
    let auth = ctl[2] & 4 != 0;
    let whole = drive(input, None, &limits, auth);
    assert!(whole.consumed <= input.len());
    let split = drive(input, Some(cut), &limits, auth);
    assert_eq!(whole, split, "split at {cut}");
});
