//! A generic `#[pymodule]` function.

use abide::prelude::*;

#[pymodule]
fn hello<T: Default>(m: &Module<'_>) -> PyResult<()> {
    let _ = T::default();
    m.add("ANSWER", 42)
}

fn main() {}
