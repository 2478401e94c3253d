//! `**kwargs` must be the last entry.

use abide::prelude::*;

#[pyfunction(signature = (a, **kwargs, b = 0))]
fn f(a: i64, kwargs: Option<Dict<'_>>, b: i64) -> i64 {
    let _ = kwargs;
    a + b
}

fn main() {}
