//! The async rows (issue 18): the module `bench_pyo3_async`, which this crate builds
//! instead of `bench_pyo3` with `--features async` (PyO3's `experimental-async`;
//! `build.sh PYTHON OUTDIR ABI async`), so that `bench_pyo3`, whose size and build time
//! the report measures, stays as it was. The same functions as `bench_abide_async`, and
//! the same `wake.rs`; see `examples/bench/async_calls.py`.

use pyo3::prelude::*;

#[path = "../../wake.rs"]
mod wake;

/// Awaited, returns at once: the future is ready on its first poll.
#[pyfunction]
async fn ready_add(a: i64, b: i64) -> i64 {
    a.wrapping_add(b)
}

/// Awaited, waits once for the plain helper thread, which sends the sum and so wakes the
/// future from that thread (attaching it to Python for the wake).
#[pyfunction]
async fn woken_add(a: i64, b: i64) -> i64 {
    wake::from_helper(a.wrapping_add(b)).await
}

/// The same, woken from a helper thread that keeps a Python thread state.
#[pyfunction]
async fn registered_add(a: i64, b: i64) -> i64 {
    wake::from_registered_helper(a.wrapping_add(b), keep_thread_state).await
}

/// Runs `f` attached once, then detached: the thread keeps its Python thread state, so
/// that each wake's `Python::attach` only re-attaches it.
fn keep_thread_state(f: Box<dyn FnOnce() + Send>) {
    Python::attach(|py| py.detach(f))
}

/// The same, woken from a thread spawned for the call.
#[pyfunction]
async fn spawned_add(a: i64, b: i64) -> i64 {
    wake::from_new_thread(a.wrapping_add(b)).await
}

/// Hands the requests that the woken functions' futures made since the last call to
/// their threads (the bench calls it from an event-loop callback, which runs once the
/// coroutine has suspended); returns how many.
#[pyfunction]
fn release() -> usize {
    wake::release()
}

#[pymodule]
fn bench_pyo3_async(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(ready_add, m)?)?;
    m.add_function(wrap_pyfunction!(woken_add, m)?)?;
    m.add_function(wrap_pyfunction!(registered_add, m)?)?;
    m.add_function(wrap_pyfunction!(spawned_add, m)?)?;
    m.add_function(wrap_pyfunction!(release, m)?)?;
    Ok(())
}
