//! An option a method's `#[py(...)]` does not know (PyO3's `text_signature`: abide writes
//! the text signature from the parameters).

use abide::prelude::*;

#[pyclass]
struct Point {
    x: f64,
}

#[pymethods]
impl Point {
    #[py(text_signature = "(dx)", signature = (dx = 0.0))]
    fn shift(&mut self, dx: f64) {
        self.x += dx;
    }
}

fn main() {}
