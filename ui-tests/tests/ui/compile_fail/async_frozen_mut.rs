//! An async `&mut self` method of a frozen class is rejected as a synchronous one is.

use abide::prelude::*;

#[pyclass(frozen)]
struct Settings {
    level: u8,
}

#[pymethods]
impl Settings {
    async fn raise_level(&mut self) -> u8 {
        self.level += 1;
        self.level
    }
}

fn main() {}
