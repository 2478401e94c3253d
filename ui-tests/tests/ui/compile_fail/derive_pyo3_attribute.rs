//! PyO3's `#[pyo3(...)]` beside the derives: abide's is `#[py(...)]`.

use abide::prelude::*;

#[derive(FromPyObject)]
#[pyo3(transparent)]
struct Meters {
    #[pyo3(item)]
    value: f64,
}

fn main() {}
