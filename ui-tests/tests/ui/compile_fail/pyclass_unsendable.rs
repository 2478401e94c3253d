//! PyO3's `unsendable` has no abide equivalent: classes must be thread-safe.

use abide::prelude::*;

#[pyclass(unsendable)]
struct Handle {
    raw: *mut u8,
}

fn main() {}
