//! A generic `#[pyfunction]`: Python needs one concrete function.

use abide::prelude::*;

#[pyfunction]
fn double<T: std::ops::Add<Output = T> + Copy>(x: T) -> T {
    x + x
}

fn main() {}
