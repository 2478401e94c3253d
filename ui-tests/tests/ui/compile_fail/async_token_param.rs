//! The `Python` token proves that *this* thread is attached, for the call; an `async fn`
//! runs later, on any thread, and attaches with `Python::attach` instead.

use abide::prelude::*;

#[pyfunction]
async fn version(py: Python<'_>) -> String {
    let _ = py;
    String::new()
}

fn main() {}
