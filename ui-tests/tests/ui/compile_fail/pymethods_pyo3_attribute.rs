//! PyO3's `#[pyo3(...)]` spelling: abide's is `#[py(...)]`.

use abide::prelude::*;

#[pyclass]
struct Point {
    x: f64,
}

#[pymethods]
impl Point {
    #[pyo3(signature = (dx = 0.0))]
    fn shift(&mut self, dx: f64) {
        self.x += dx;
    }
}

fn main() {}
