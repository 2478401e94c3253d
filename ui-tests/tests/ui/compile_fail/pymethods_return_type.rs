//! A method whose return type has no conversion to Python.

use abide::prelude::*;

struct Meters(f64);

#[pyclass]
struct Track {
    length: f64,
}

#[pymethods]
impl Track {
    fn length(&self) -> Meters {
        Meters(self.length)
    }
}

fn main() {}
