//! A method parameter whose type has no conversion from Python.

use abide::prelude::*;

struct Meters(f64);

#[pyclass]
struct Track {
    length: f64,
}

#[pymethods]
impl Track {
    fn extend(&mut self, by: Meters) {
        self.length += by.0;
    }
}

fn main() {}
