//! Protobuf option syntax, fuzzed from its grammar on a Tokio worker's stack: random
//! option values (messages in `{ }` and `< >`, lists, strings and comments holding
//! brackets, `:` or not) at random depths, on files, messages, fields and enum values,
//! then cut short or given stray brackets. Every text parses or is refused; none panics
//! or overflows the stack. Bounded: a fixed number of cases from a seed printed on
//! failure (`OPTION_FUZZ_SEED=…` replays it), so that `make test` runs it every time.

use std::io::Write;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use model::SchemaFormat;

use super::{parse, ParseOptions, ReferencedSchema};

/// Cases per run: about two seconds in a debug build.
const CASES: usize = 1_500;
/// The deepest value generated: far past the limit, below what the bracket count allows.
const DEEPEST: usize = 120;
/// The smallest stack schema work runs on: a Tokio worker thread's default.
const WORKER_STACK: usize = 2 * 1024 * 1024;

const HEADER: &str = "syntax = \"proto3\";\nimport \"google/protobuf/descriptor.proto\";\n\
    message Deep { Deep d = 1; int32 x = 2; repeated string tags = 3; repeated Deep many = 4; }\n\
    extend google.protobuf.FileOptions { Deep file_opt = 50000; }\n\
    extend google.protobuf.MessageOptions { Deep message_opt = 50001; }\n\
    extend google.protobuf.FieldOptions { Deep field_opt = 50002; }\n\
    extend google.protobuf.EnumValueOptions { Deep value_opt = 50003; }\n";

/// A text-format value for `Deep`, `depth` levels of messages.
fn value(rng: &mut StdRng, depth: usize) -> String {
    let mut text = String::new();
    for _ in 0..rng.random_range(0..3) {
        text.push_str(&scalar(rng));
    }
    if depth > 0 {
        let (open, close) = if rng.random_bool(0.5) { ('{', '}') } else { ('<', '>') };
        let colon = if rng.random_bool(0.3) { ":" } else { "" };
        let name = if rng.random_bool(0.8) { "d" } else { "many" };
        if name == "many" && rng.random_bool(0.5) {
            text.push_str(&format!(" many: [{open} {} {close}, {{ x: 2 }}]", value(rng, depth - 1)));
        } else {
            text.push_str(&format!(" {name}{colon} {open} {} {close}", value(rng, depth - 1)));
        }
    }
    text
}

fn scalar(rng: &mut StdRng) -> String {
    match rng.random_range(0..6) {
        0 => " x: 7".into(),
        1 => " tags: \"{<[\"".into(),
        2 => " tags: ['}>]', \"a\\\"}\"]".into(),
        3 => " /* { < */ x: -1".into(),
        4 => " # a comment } >\n x: 0".into(),
        _ => " // } > ]\n".into(),
    }
}

/// One whole file with options at random places.
fn file(rng: &mut StdRng) -> String {
    let mut depth = || {
        // Mostly near the limit, sometimes far past it.
        let deepest = if rng.random_bool(0.7) { 20 } else { DEEPEST };
        rng.random_range(0..=deepest)
    };
    let (a, b, c, d) = (depth(), depth(), depth(), depth());
    let mut text = String::from(HEADER);
    text.push_str(&format!("option (file_opt) = {{ {} }};\n", value(rng, a)));
    text.push_str(&format!(
        "message M {{ option (message_opt) = {{ {} }}; string s = 1 [(field_opt) = {{ {} }}]; E e = 2; }}\n",
        value(rng, b),
        value(rng, c)
    ));
    text.push_str(&format!("enum E {{ ZERO = 0 [(value_opt) = {{ {} }}]; }}\n", value(rng, d)));
    match rng.random_range(0..5) {
        0 => {
            let cut = rng.random_range(0..text.len());
            text.truncate(text.floor_char_boundary(cut));
        }
        1 => {
            let at = text.floor_char_boundary(rng.random_range(0..text.len()));
            let stray = ["{", "}", "<", ">", "[", "]", "\"", "'", "/*", "=", "{ d <"][rng.random_range(0..11)];
            text.insert_str(at, stray);
        }
        _ => {}
    }
    text
}

#[test]
fn option_syntax_never_crashes_the_parser() {
    let seed: u64 = std::env::var("OPTION_FUZZ_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or_else(|| rand::rng().random());
    // Written first, and past the test harness's capture (which `eprintln!` goes to): a
    // stack overflow aborts the program before any captured output is shown.
    let _ = writeln!(std::io::stderr(), "option syntax fuzz: OPTION_FUZZ_SEED={seed}");
    let outcome = std::thread::Builder::new()
        .stack_size(WORKER_STACK)
        .spawn(move || {
            let mut rng = StdRng::seed_from_u64(seed);
            let (mut parsed, mut refused) = (0, 0);
            for _ in 0..CASES {
                let text = file(&mut rng);
                match parse(SchemaFormat::Protobuf, &text, &[] as &[ReferencedSchema], &ParseOptions::default()) {
                    Ok(_) => parsed += 1,
                    Err(_) => refused += 1,
                }
            }
            (parsed, refused)
        })
        .unwrap()
        .join();
    let (parsed, refused) = outcome.unwrap_or_else(|_| panic!("a case panicked: replay with OPTION_FUZZ_SEED={seed}"));
    // Both outcomes happen, or the generator tests nothing.
    assert!(parsed > 0 && refused > 0, "seed {seed}: {parsed} parsed, {refused} refused");
}
