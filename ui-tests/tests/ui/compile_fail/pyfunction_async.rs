//! `async fn` is not supported.

use abide::prelude::*;

#[pyfunction]
async fn fetch(url: String) -> String {
    url
}

fn main() {}
