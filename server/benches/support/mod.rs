//! Helpers the bench binaries share: sizes from the environment, a deterministic
//! generator, the process's resident memory, and the compliance estate ([`estate`]).

#![allow(dead_code)] // each bench uses a different part of this module

pub mod estate;

/// `name` from the environment as a number, else `default`.
pub fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A small deterministic generator (xorshift), so every run measures the same estate.
pub struct Random(pub u64);

impl Random {
    pub fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % bound as u64) as usize
    }
}

/// This process's resident memory (VmRSS) in KiB; 0 where /proc does not say.
pub fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmRSS:"))
                .and_then(|line| line.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// [`resident_kib`] in MiB.
pub fn resident_mib() -> f64 {
    resident_kib() as f64 / 1024.0
}

/// A port nobody listens on right now (the tests' Apache Kafka starter asks for it).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

/// The tests' real Apache Kafka broker, for benchmarks that compare brokers.
#[path = "../../tests/integration/support/kafka.rs"]
pub mod kafka;
