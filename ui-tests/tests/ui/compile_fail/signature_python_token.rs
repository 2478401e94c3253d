//! The `Python` token is not a Python-level parameter.

use abide::prelude::*;

#[pyfunction(signature = (py, n))]
fn make(py: Python<'_>, n: usize) -> PyResult<List<'_>> {
    let list = List::empty(py)?;
    for i in 0..n {
        list.append(i)?;
    }
    Ok(list)
}

fn main() {}
