//! PyO3's `#[pyo3(get)]` on a field: abide's is `#[py(get)]`.

use abide::prelude::*;

#[pyclass]
struct Point {
    #[pyo3(get)]
    x: f64,
}

fn main() {}
