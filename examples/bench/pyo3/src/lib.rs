//! Reference benchmark module written with idiomatic PyO3 (abi3t for CPython 3.15, or abi3
//! for 3.11+ GIL builds: see Cargo.toml).
//!
//! The same nine operations as `bench_c` and the abide bench module:
//! `noargs`, `add`, `kwargs`, `echo_str`, `sum_list`, and the class `Counter`
//! (construction, `incr`, `get`, the `value` getter), plus `Counter.scan`, the slow
//! read-only method of the writer-fairness test; and the data rows: `bytes_len`,
//! `make_bytes`, `sum_f64` (a buffer) and `path_in` (a `PathBuf`).

// With `--features async` the functions below are built but not exported.
#![cfg_attr(feature = "async", allow(dead_code))]

use pyo3::prelude::*;

// The async rows (issue 18) are another module built from this crate: `--features async`
// builds `bench_pyo3_async` (src/async_rows.rs) instead of `bench_pyo3`, which stays
// free of the async machinery (the report measures its size and build time).
#[cfg(feature = "async")]
mod async_rows;

#[pyfunction]
fn noargs() {}

#[pyfunction]
fn add(a: i64, b: i64) -> i64 {
    a.wrapping_add(b)
}

#[pyfunction]
#[pyo3(signature = (a, b = 0))]
fn kwargs(a: i64, b: i64) -> i64 {
    a.wrapping_add(b)
}

#[pyfunction]
fn echo_str(s: &str) -> String {
    s.to_owned()
}

/// Takes `Vec<i64>` (not `&Bound<PyList>`) so that the PyO3 and abide modules
/// do the same work: convert the whole list, then sum.
#[pyfunction]
fn sum_list(xs: Vec<i64>) -> i64 {
    xs.iter().fold(0i64, |acc, &x| acc.wrapping_add(x))
}

#[pyclass(module = "bench_pyo3")]
struct Counter {
    value: i64,
}

#[pymethods]
impl Counter {
    #[new]
    fn new(start: i64) -> Self {
        Counter { value: start }
    }

    fn incr(&mut self) {
        self.value = self.value.wrapping_add(1);
    }

    fn get(&self) -> i64 {
        self.value
    }

    #[getter]
    fn value(&self) -> i64 {
        self.value
    }

    /// `n` rounds of a 64-bit mix of the value, holding the shared borrow throughout:
    /// a read that keeps the object for a few microseconds (the same work as the C
    /// module's `scan`).
    fn scan(&self, n: u64) -> i64 {
        let mut x = self.value as u64;
        for _ in 0..n {
            x ^= x >> 31;
            x = x.wrapping_mul(0x9E37_79B9_7F4A_7C15);
            x ^= x >> 29;
        }
        x as i64
    }
}

/// Bytes in: borrows the `bytes` buffer.
#[pyfunction]
fn bytes_len(b: &[u8]) -> usize {
    b.len()
}

/// Bytes out: `n` bytes of `b'x'`, written in place into the new object.
#[pyfunction]
fn make_bytes(py: Python<'_>, n: usize) -> PyResult<Bound<'_, pyo3::types::PyBytes>> {
    pyo3::types::PyBytes::new_with(py, n, |buf| {
        buf.fill(b'x');
        Ok(())
    })
}

/// A buffer of `float64` read in place (the contiguous fast path), summed. PyO3 0.30
/// deprecates `as_slice` as unsound (its cells are not safe against writers on other
/// threads); it is still what a PyO3 crate has, and the fastest safe form PyO3 offers.
#[pyfunction]
#[allow(deprecated)]
fn sum_f64(py: Python<'_>, buf: pyo3::buffer::PyBuffer<f64>) -> f64 {
    match buf.as_slice(py) {
        Some(items) => items.iter().map(|c| c.get()).sum(),
        None => buf.to_vec(py).map_or(f64::NAN, |v| v.iter().sum()),
    }
}

/// A path in: the length of its file name.
#[pyfunction]
fn path_in(p: std::path::PathBuf) -> usize {
    p.file_name().map_or(0, |n| n.len())
}

#[cfg(not(feature = "async"))]
#[pymodule]
fn bench_pyo3(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(noargs, m)?)?;
    m.add_function(wrap_pyfunction!(add, m)?)?;
    m.add_function(wrap_pyfunction!(kwargs, m)?)?;
    m.add_function(wrap_pyfunction!(echo_str, m)?)?;
    m.add_function(wrap_pyfunction!(sum_list, m)?)?;
    m.add_function(wrap_pyfunction!(bytes_len, m)?)?;
    m.add_function(wrap_pyfunction!(make_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(sum_f64, m)?)?;
    m.add_function(wrap_pyfunction!(path_in, m)?)?;
    m.add_class::<Counter>()?;
    Ok(())
}
