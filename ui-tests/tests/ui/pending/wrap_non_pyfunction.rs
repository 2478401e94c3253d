//! PENDING (macro message to fix). Today: "cannot find value `__abide_fn_add` in this
//! scope" (an internal name). Expected, at `add`: "`add` is not a #[pyfunction]: add
//! `#[pyfunction]` to `fn add`".
//!
//! `wrap_pyfunction!` of a function that is not a `#[pyfunction]`.

use abide::prelude::*;

fn add(a: i64, b: i64) -> i64 {
    a + b
}

#[pymodule]
fn hello(m: &Module<'_>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(add))?;
    Ok(())
}

fn main() {}
