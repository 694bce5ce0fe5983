//! Any text given to the json_schema parser yields a tree or an error, never a panic, a hang
//! or a stack overflow.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = tributary_core::schema::json_schema::parse(text, &[]);
    }
});
