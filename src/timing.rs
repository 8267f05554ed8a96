//! `CAREPAGES_TIMINGS`: how long each step of a build takes, and the memory in use, for
//! finding what makes a build slow.

use std::time::Instant;

/// Prints how long a step of the build took, and the memory in use where the system says
/// (Linux), when `CAREPAGES_TIMINGS` is set: for finding what makes a build slow.
pub(crate) fn timing(step: &str, started: Instant) {
    if std::env::var_os("CAREPAGES_TIMINGS").is_none() {
        return;
    }
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    // The second field of statm is the resident set, in pages of (almost always) 4 KiB.
    let resident = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|statm| statm.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map(|pages| format!(", {} MiB resident", (pages * 4096) >> 20))
        .unwrap_or_default();
    eprintln!("timing: {step:<10} {elapsed:>9.1} ms{resident}");
}
