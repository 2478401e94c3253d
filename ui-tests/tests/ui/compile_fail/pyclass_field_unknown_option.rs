//! An unknown option in a field's `#[py(...)]`.

use abide::prelude::*;

#[pyclass]
struct Point {
    #[py(get, readonly)]
    x: f64,
}

fn main() {}
