//! The future of an `async fn` must be `Send`: it may be woken, and on the free-threaded
//! build polled, on any thread. The error names the type that is not `Send`.

use abide::prelude::*;
use std::rc::Rc;

#[pyfunction]
async fn count(n: usize) -> usize {
    let shared = Rc::new(n);
    std::future::ready(()).await;
    *shared
}

fn main() {}
