//! A `#[classattr]` constant is named after itself: `#[py(...)]` does not apply.

use abide::prelude::*;

#[pyclass]
struct Limits;

#[pymethods]
impl Limits {
    #[classattr]
    #[py(name = "maximum")]
    const MAX: u32 = 10;
}

fn main() {}
