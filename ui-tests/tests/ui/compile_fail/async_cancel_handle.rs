//! `#[py(cancel_handle)]` marks an `async fn`'s `CancelHandle` parameter: PyO3's
//! `#[pyo3(...)]` spelling, another option, a second handle and a function that is not
//! `async` are errors.

use abide::coroutine::CancelHandle;
use abide::prelude::*;

#[pyfunction]
async fn pyo3_spelling(#[pyo3(cancel_handle)] cancel: CancelHandle) -> bool {
    cancel.is_cancelled()
}

#[pyfunction]
async fn unknown_option(#[py(cancel)] cancel: CancelHandle) -> bool {
    cancel.is_cancelled()
}

#[pyfunction]
async fn two_handles(
    #[py(cancel_handle)] first: CancelHandle,
    #[py(cancel_handle)] second: CancelHandle,
) -> bool {
    first.is_cancelled() || second.is_cancelled()
}

#[pyfunction]
fn not_async(#[py(cancel_handle)] cancel: CancelHandle) -> bool {
    cancel.is_cancelled()
}

fn main() {}
