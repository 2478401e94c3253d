//! A `#[classattr]` constant's type must convert to Python, as a return value does.

use abide::prelude::*;

struct Opaque;

#[pyclass]
struct Limits;

#[pymethods]
impl Limits {
    #[classattr]
    const HANDLE: Opaque = Opaque;
}

fn main() {}
