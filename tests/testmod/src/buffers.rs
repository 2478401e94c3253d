//! The buffer protocol, both ways, written as a PyO3 user would: `PyBuffer<T>`
//! parameters that read (and write) any exporter, and classes that export their data to
//! `memoryview` and numpy: one the safe way (`SharedVec`), one with PyO3's raw
//! `__getbuffer__` signature.

use abide::buffer::{BufferRequest, PyBuffer, ReleaseRequest, SharedVec};
use abide::exceptions::PyBufferError;
use abide::ffi;
use abide::prelude::*;
use std::ffi::c_int;

/// The sum of a float64 buffer: the contiguous fast path, else a copy.
#[pyfunction]
fn sum_f64(py: Python<'_>, buf: PyBuffer<f64>) -> PyResult<f64> {
    match buf.as_slice() {
        Some(cells) => Ok(cells.iter().map(|c| c.get()).sum()),
        None => Ok(buf.to_vec(py)?.iter().sum()),
    }
}

/// The sum of a float64 buffer, contiguous only, with eight independent accumulators
/// (a sum in another order than `sum_f64`'s, so the last bits may differ).
#[pyfunction]
fn sum_f64_fast(buf: PyBuffer<f64>) -> PyResult<f64> {
    let cells = buf
        .as_slice()
        .ok_or_else(|| PyBufferError::new_err("buffer is not C-contiguous"))?;
    let mut acc = [0.0f64; 8];
    let mut chunks = cells.chunks_exact(8);
    for c in &mut chunks {
        for (a, cell) in acc.iter_mut().zip(c) {
            *a += cell.get();
        }
    }
    let tail: f64 = chunks.remainder().iter().map(|c| c.get()).sum();
    Ok(acc.iter().sum::<f64>() + tail)
}

/// The bytes of any buffer, in C order (copied).
#[pyfunction]
fn buffer_bytes(py: Python<'_>, buf: PyBuffer<u8>) -> PyResult<Vec<u8>> {
    buf.to_vec(py)
}

/// Everything a buffer says about itself.
#[pyfunction]
fn describe_i32(buf: PyBuffer<i32>) -> (Vec<usize>, Vec<isize>, usize, usize, bool, bool, String) {
    (
        buf.shape().to_vec(),
        buf.strides().to_vec(),
        buf.dimensions(),
        buf.item_count(),
        buf.readonly(),
        buf.is_c_contiguous(),
        buf.format().to_string_lossy().into_owned(),
    )
}

/// The items of an int32 buffer, in C order.
#[pyfunction]
fn to_vec_i32(py: Python<'_>, buf: PyBuffer<i32>) -> PyResult<Vec<i32>> {
    buf.to_vec(py)
}

/// The items of a float64 buffer, through `copy_to_slice`.
#[pyfunction]
fn copy_out_f64(py: Python<'_>, buf: PyBuffer<f64>) -> PyResult<Vec<f64>> {
    let mut out = vec![0.0; buf.item_count()];
    buf.copy_to_slice(py, &mut out)?;
    Ok(out)
}

/// Writes `data` into a writable byte buffer of the same length.
#[pyfunction]
fn fill_bytes(py: Python<'_>, buf: PyBuffer<u8>, data: Vec<u8>) -> PyResult<()> {
    buf.copy_from_slice(py, &data)
}

/// Adds `x` to every item of a writable, contiguous float64 buffer, through cells.
#[pyfunction]
fn add_in_place(buf: PyBuffer<f64>, x: f64) -> PyResult<()> {
    let cells = buf
        .as_mut_slice()
        .ok_or_else(|| PyBufferError::new_err("need a writable, C-contiguous buffer"))?;
    for c in cells {
        c.set(c.get() + x);
    }
    Ok(())
}

/// `PyBuffer::get` on an object, as a PyO3 user would call it.
#[pyfunction]
fn u16_count(obj: Object<'_>) -> PyResult<usize> {
    Ok(PyBuffer::<u16>::get(&obj)?.item_count())
}

/// Reads a buffer on another thread, detached, and drops it there.
#[pyfunction]
fn sum_on_thread(py: Python<'_>, buf: PyBuffer<f64>) -> f64 {
    py.detach(|| {
        std::thread::spawn(move || {
            let total = buf
                .as_slice()
                .map_or(f64::NAN, |c| c.iter().map(|c| c.get()).sum());
            drop(buf); // released on this thread, which attaches for it
            total
        })
        .join()
        .expect("the thread panicked")
    })
}

/// A float64 array that exports its items, the safe way.
#[pyclass]
struct FloatArray {
    data: SharedVec<f64>,
}

#[pymethods]
impl FloatArray {
    #[new]
    fn new(items: Vec<f64>) -> Self {
        FloatArray {
            data: SharedVec::from(items),
        }
    }

    fn __getbuffer__(&self, request: BufferRequest<'_>) -> PyResult<()> {
        self.data.export(request)
    }

    fn __releasebuffer__(&self, request: ReleaseRequest<'_>) {
        self.data.release(request);
    }

    fn __len__(&self) -> usize {
        self.data.len()
    }

    /// Appends; `BufferError` while a view is exported.
    fn push(&mut self, x: f64) -> PyResult<()> {
        self.data.push(x)
    }

    /// Empties; `BufferError` while a view is exported.
    fn clear(&mut self) -> PyResult<()> {
        self.data.clear()
    }

    /// Replaces the whole vector, views or not: the old one, still viewed, is leaked
    /// rather than freed (its views keep reading valid memory).
    fn replace(&mut self, items: Vec<f64>) {
        self.data = SharedVec::from(items);
    }

    fn tolist(&self) -> Vec<f64> {
        self.data.to_vec()
    }

    #[getter]
    fn exports(&self) -> usize {
        self.data.exports()
    }
}

/// A byte store with PyO3's raw `__getbuffer__`/`__releasebuffer__`, counting its exports
/// itself, as PyO3's guide shows.
#[pyclass]
struct ByteStore {
    data: Vec<u8>,
    exports: usize,
}

#[pymethods]
impl ByteStore {
    #[new]
    fn new(data: Vec<u8>) -> Self {
        ByteStore { data, exports: 0 }
    }

    /// # Safety
    /// `view` is the struct CPython asks us to fill.
    unsafe fn __getbuffer__(
        mut slf: PyRefMut<'_, Self>,
        view: *mut ffi::Py_buffer,
        flags: c_int,
    ) -> PyResult<()> {
        if flags & ffi::PyBUF_WRITABLE != 0 {
            return Err(PyBufferError::new_err("ByteStore is read-only"));
        }
        let obj = slf.as_object().as_ptr();
        let (ptr, len) = (slf.data.as_ptr(), slf.data.len());
        // SAFETY: the bytes live in the instance, which the view keeps alive
        // (`view.obj`), and `extend`/`clear` refuse to move them while `exports` > 0.
        let rc =
            unsafe { ffi::PyBuffer_FillInfo(view, obj, ptr.cast_mut().cast(), len as _, 1, flags) };
        if rc != 0 {
            return Err(PyErr::fetch(slf.as_object().py()));
        }
        slf.exports += 1;
        Ok(())
    }

    /// # Safety
    /// `view` was filled by `__getbuffer__`.
    unsafe fn __releasebuffer__(mut slf: PyRefMut<'_, Self>, _view: *mut ffi::Py_buffer) {
        slf.exports -= 1;
    }

    fn extend(&mut self, more: Vec<u8>) -> PyResult<()> {
        if self.exports > 0 {
            return Err(PyBufferError::new_err(
                "Existing exports of data: object cannot be re-sized",
            ));
        }
        self.data.extend(more);
        Ok(())
    }

    #[getter]
    fn exports(&self) -> usize {
        self.exports
    }
}

/// A `__getbuffer__` that forgets to fill the view: abide refuses the export.
#[pyclass]
struct Careless {}

#[pymethods]
impl Careless {
    #[new]
    fn new() -> Self {
        Careless {}
    }

    fn __getbuffer__(&self, _request: BufferRequest<'_>) -> PyResult<()> {
        Ok(())
    }
}

pub fn add(m: &Module<'_>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(sum_f64))?;
    m.add_function(wrap_pyfunction!(sum_f64_fast))?;
    m.add_function(wrap_pyfunction!(buffer_bytes))?;
    m.add_function(wrap_pyfunction!(describe_i32))?;
    m.add_function(wrap_pyfunction!(to_vec_i32))?;
    m.add_function(wrap_pyfunction!(copy_out_f64))?;
    m.add_function(wrap_pyfunction!(fill_bytes))?;
    m.add_function(wrap_pyfunction!(add_in_place))?;
    m.add_function(wrap_pyfunction!(u16_count))?;
    m.add_function(wrap_pyfunction!(sum_on_thread))?;
    m.add_class::<FloatArray>()?;
    m.add_class::<ByteStore>()?;
    m.add_class::<Careless>()?;
    Ok(())
}
