use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::python::Python;
use std::borrow::Cow;

super::object_wrapper!(
    /// A Python `str` (or a subclass).
    ///
    /// [`to_str`](Str::to_str) borrows the UTF-8 form that CPython caches in the object
    /// (no copy after the first call); a `str` holding lone surrogates has no UTF-8 form,
    /// and [`to_string_lossy`](Str::to_string_lossy) replaces each with U+FFFD.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Str;
    ///
    /// #[pyfunction]
    /// fn shout(s: &Str<'_>) -> PyResult<String> {
    ///     Ok(s.to_str()?.to_uppercase())
    /// }
    /// ```
    Str,
    crate::compat::unicode_check,
    "str"
);

impl<'py> Str<'py> {
    /// A new `str` holding a copy of `s`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Str;
    ///
    /// #[pyfunction]
    /// fn greeting(py: Python<'_>) -> PyResult<Str<'_>> {
    ///     Str::new(py, "hello")
    /// }
    /// ```
    pub fn new(py: Python<'py>, s: &str) -> PyResult<Self> {
        super::str_from_rust(py, s).map(Str)
    }

    /// The text as UTF-8, borrowed from the object; `UnicodeEncodeError` for a string
    /// with lone surrogates.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Str;
    ///
    /// #[pyfunction]
    /// fn words(s: Str<'_>) -> PyResult<usize> {
    ///     Ok(s.to_str()?.split_whitespace().count())
    /// }
    /// ```
    pub fn to_str(&self) -> PyResult<&str> {
        let mut size: ffi::Py_ssize_t = 0;
        // SAFETY: a str; on success the UTF-8 buffer is cached in the object, which `self`
        // keeps alive, and strings are immutable.
        unsafe {
            let data = ffi::PyUnicode_AsUTF8AndSize(self.0.as_ptr(), &mut size);
            if data.is_null() {
                return Err(PyErr::fetch(self.0.py()));
            }
            let bytes = core::slice::from_raw_parts(data.cast::<u8>(), size as usize);
            Ok(core::str::from_utf8_unchecked(bytes))
        }
    }

    /// The text as UTF-8: borrowed (see [`to_str`](Str::to_str)), with its errors.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Str;
    /// use std::borrow::Cow;
    ///
    /// #[pyfunction]
    /// fn trimmed(s: Str<'_>) -> PyResult<String> {
    ///     let text: Cow<'_, str> = s.to_cow()?;
    ///     Ok(text.trim().to_owned())
    /// }
    /// ```
    pub fn to_cow(&self) -> PyResult<Cow<'_, str>> {
        self.to_str().map(Cow::Borrowed)
    }

    /// The text as UTF-8, each lone surrogate replaced by U+FFFD: borrowed when there
    /// is none, copied otherwise. Never fails.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Str;
    ///
    /// #[pyfunction]
    /// fn printable(s: Str<'_>) -> String {
    ///     s.to_string_lossy().into_owned()
    /// }
    /// ```
    pub fn to_string_lossy(&self) -> Cow<'_, str> {
        if let Ok(s) = self.to_str() {
            return Cow::Borrowed(s);
        }
        // The UnicodeEncodeError of `to_str` was fetched and is dropped.
        let py = self.0.py();
        // SAFETY: a str; PyUnicode_AsUCS4Copy returns a PyMem buffer of its code points
        // (plus a NUL) or NULL with an exception set, freed below.
        unsafe {
            let len = ffi::PyUnicode_GetLength(self.0.as_ptr());
            let data = ffi::PyUnicode_AsUCS4Copy(self.0.as_ptr());
            if data.is_null() || len < 0 {
                let _ = PyErr::take(py);
                return Cow::Borrowed("");
            }
            let points = core::slice::from_raw_parts(data, len as usize);
            let text: String = points
                .iter()
                .map(|&c| char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect();
            ffi::PyMem_Free(data.cast());
            Cow::Owned(text)
        }
    }
}

impl<'py> Str<'py> {
    /// The number of code points, as `len(s)`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Str;
    ///
    /// #[pyfunction]
    /// fn size(s: Str<'_>) -> usize {
    ///     s.len()
    /// }
    /// ```
    pub fn len(&self) -> usize {
        // SAFETY: a str.
        let len = unsafe { ffi::PyUnicode_GetLength(self.0.as_ptr()) };
        usize::try_from(len).unwrap_or(0)
    }

    /// Whether the string is empty.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Str;
    ///
    /// #[pyfunction]
    /// fn blank(s: Str<'_>) -> bool {
    ///     s.is_empty()
    /// }
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
