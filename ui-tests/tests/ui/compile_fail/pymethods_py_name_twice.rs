//! `name` given in two `#[py(...)]` attributes of one method.

use abide::prelude::*;

#[pyclass]
struct Point {
    x: f64,
}

#[pymethods]
impl Point {
    #[py(name = "move_by")]
    #[py(signature = (dx = 0.0), name = "shift_by")]
    fn shift(&mut self, dx: f64) {
        self.x += dx;
    }
}

fn main() {}
