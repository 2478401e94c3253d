//! An option a method's `#[py(...)]` does not know (PyO3's `warn(...)`).

use abide::prelude::*;

#[pyclass]
struct Point {
    x: f64,
}

#[pymethods]
impl Point {
    #[py(warn(message = "use move_by"), signature = (dx = 0.0))]
    fn shift(&mut self, dx: f64) {
        self.x += dx;
    }
}

fn main() {}
