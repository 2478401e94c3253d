//! `#[py(get)]` on a field whose type has no conversion to Python.

use abide::prelude::*;

struct Meters(f64);

#[pyclass]
struct Track {
    #[py(get)]
    length: Meters,
}

fn main() {}
