//! Any text given to the protobuf parser yields a tree or an error, never a panic, a hang
//! or a stack overflow.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = tributary_core::schema::protobuf::parse(text, &[], &tributary_core::schema::ParseOptions::default());
    }
});
