//! Method attributes abide does not know (PyO3's old `#[args]`, a misspelt kind) are
//! reported at the attribute with the list abide accepts.

use abide::prelude::*;

#[pyclass]
struct Point {
    x: f64,
}

#[pymethods]
impl Point {
    #[args(dx = "0.0")]
    fn shift(&mut self, dx: f64) {
        self.x += dx;
    }

    #[getters]
    fn x(&self) -> f64 {
        self.x
    }

    #[class_method]
    fn origin(_cls: &TypeObject<'_>) -> Point {
        Point { x: 0.0 }
    }

    #[text_signature = "($self)"]
    fn norm(&self) -> f64 {
        self.x.abs()
    }

    // Rust's own attributes stay.
    #[inline]
    #[allow(clippy::needless_return)]
    fn double(&self) -> f64 {
        return self.x * 2.0;
    }
}

fn main() {}
