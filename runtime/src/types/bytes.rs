use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::object::Object;
use crate::python::Python;

super::object_wrapper!(
    /// A Python `bytes` (or a subclass). Its data is immutable, so
    /// [`as_bytes`](Bytes::as_bytes) borrows it without a copy.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Bytes;
    ///
    /// /// The number of zero bytes.
    /// #[pyfunction]
    /// fn zeros(data: &Bytes<'_>) -> usize {
    ///     data.as_bytes().iter().filter(|&&b| b == 0).count()
    /// }
    /// ```
    Bytes,
    crate::compat::bytes_check,
    "bytes"
);

impl<'py> Bytes<'py> {
    /// A new `bytes` holding a copy of `data`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Bytes;
    ///
    /// #[pyfunction]
    /// fn magic(py: Python<'_>) -> PyResult<Bytes<'_>> {
    ///     Bytes::new(py, b"\x89PNG")
    /// }
    /// ```
    pub fn new(py: Python<'py>, data: &[u8]) -> PyResult<Self> {
        // SAFETY: a valid buffer of the given length; returns a new reference or NULL.
        unsafe {
            Object::from_owned_ptr_or_err(
                py,
                ffi::PyBytes_FromStringAndSize(data.as_ptr().cast(), data.len() as ffi::Py_ssize_t),
            )
            .map(Bytes)
        }
    }

    /// A new `bytes` of `len` bytes, filled in place by `init` (the buffer starts
    /// zeroed): no intermediate `Vec`. An error from `init` is returned as it is.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Bytes;
    ///
    /// /// `n` bytes counting up from 0 (wrapping at 256).
    /// #[pyfunction]
    /// fn ramp(py: Python<'_>, n: usize) -> PyResult<Bytes<'_>> {
    ///     Bytes::new_with(py, n, |buf| {
    ///         for (i, b) in buf.iter_mut().enumerate() {
    ///             *b = i as u8;
    ///         }
    ///         Ok(())
    ///     })
    /// }
    /// ```
    pub fn new_with(
        py: Python<'py>,
        len: usize,
        init: impl FnOnce(&mut [u8]) -> PyResult<()>,
    ) -> PyResult<Self> {
        let size = ffi::Py_ssize_t::try_from(len)
            .map_err(|_| crate::exceptions::PyOverflowError::new_err("bytes length too large"))?;
        // SAFETY: a new, unshared bytes object of `len` bytes: its buffer may be written
        // until it is handed out.
        unsafe {
            let obj = Object::from_owned_ptr_or_err(
                py,
                ffi::PyBytes_FromStringAndSize(core::ptr::null(), size),
            )?;
            let data = ffi::PyBytes_AsString(obj.as_ptr());
            if data.is_null() {
                return Err(PyErr::fetch(py));
            }
            let buf = core::slice::from_raw_parts_mut(data.cast::<u8>(), len);
            buf.fill(0);
            init(buf)?;
            Ok(Bytes(obj))
        }
    }

    /// The data, borrowed without a copy for as long as the handle lives.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Bytes;
    ///
    /// #[pyfunction]
    /// fn checksum(data: Bytes<'_>) -> u32 {
    ///     data.as_bytes().iter().map(|&b| u32::from(b)).sum()
    /// }
    /// ```
    pub fn as_bytes(&self) -> &[u8] {
        // SAFETY: a bytes object: its buffer is immutable and lives as long as the object,
        // which `self` keeps alive.
        unsafe {
            let data = ffi::PyBytes_AsString(self.0.as_ptr());
            let len = ffi::PyBytes_Size(self.0.as_ptr());
            if data.is_null() || len <= 0 {
                // Not reachable for a bytes object; never leave an exception behind.
                let _ = PyErr::take(self.0.py());
                return &[];
            }
            core::slice::from_raw_parts(data.cast::<u8>(), len as usize)
        }
    }

    /// The number of bytes.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Bytes;
    ///
    /// #[pyfunction]
    /// fn size(data: Bytes<'_>) -> usize {
    ///     data.len()
    /// }
    /// ```
    pub fn len(&self) -> usize {
        self.as_bytes().len()
    }

    /// Whether there are no bytes.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Bytes;
    ///
    /// #[pyfunction]
    /// fn blank(data: Bytes<'_>) -> bool {
    ///     data.is_empty()
    /// }
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

super::object_wrapper!(
    /// A Python `bytearray` (or a subclass). Another thread may resize it at any time, so
    /// there is no borrowed slice: [`to_vec`](ByteArray::to_vec) copies it atomically.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::ByteArray;
    ///
    /// #[pyfunction]
    /// fn snapshot(buf: ByteArray<'_>) -> Vec<u8> {
    ///     buf.to_vec()
    /// }
    /// ```
    ByteArray,
    crate::compat::bytearray_check,
    "bytearray"
);

impl<'py> ByteArray<'py> {
    /// A new `bytearray` holding a copy of `data`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::ByteArray;
    ///
    /// #[pyfunction]
    /// fn buffer(py: Python<'_>, n: usize) -> PyResult<ByteArray<'_>> {
    ///     ByteArray::new(py, &vec![0; n])
    /// }
    /// ```
    pub fn new(py: Python<'py>, data: &[u8]) -> PyResult<Self> {
        // SAFETY: a valid buffer of the given length; returns a new reference or NULL.
        unsafe {
            Object::from_owned_ptr_or_err(
                py,
                ffi::PyByteArray_FromStringAndSize(
                    data.as_ptr().cast(),
                    data.len() as ffi::Py_ssize_t,
                ),
            )
            .map(ByteArray)
        }
    }

    /// A copy of the data, taken while no other thread can change it.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::ByteArray;
    ///
    /// #[pyfunction]
    /// fn first_byte(buf: ByteArray<'_>) -> Option<u8> {
    ///     buf.to_vec().first().copied()
    /// }
    /// ```
    pub fn to_vec(&self) -> Vec<u8> {
        let ptr = self.0.as_ptr();
        // SAFETY: a bytearray; the copy is made inside the object's critical section (a
        // no-op on GIL builds), so no other thread resizes it meanwhile.
        crate::compat::with_critical_section(ptr, || unsafe {
            let data = ffi::PyByteArray_AsString(ptr);
            let len = ffi::PyByteArray_Size(ptr);
            if data.is_null() || len <= 0 {
                Vec::new()
            } else {
                core::slice::from_raw_parts(data.cast::<u8>(), len as usize).to_vec()
            }
        })
    }

    /// The current number of bytes (another thread may change it right after).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::ByteArray;
    ///
    /// #[pyfunction]
    /// fn size(buf: ByteArray<'_>) -> usize {
    ///     buf.len()
    /// }
    /// ```
    pub fn len(&self) -> usize {
        // SAFETY: a bytearray; reading its size is atomic.
        let len = unsafe { ffi::PyByteArray_Size(self.0.as_ptr()) };
        usize::try_from(len).unwrap_or(0)
    }

    /// Whether it is currently empty.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::ByteArray;
    ///
    /// #[pyfunction]
    /// fn blank(buf: ByteArray<'_>) -> bool {
    ///     buf.is_empty()
    /// }
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
