//! File system paths and OS strings: `PathBuf`, `&Path`, `Cow<Path>`, `OsString`, `&OsStr`
//! and `Cow<OsStr>`.
//!
//! From Python, all of them go through `os.fspath` (`PyOS_FSPath`): a `str`, a `bytes`
//! (on Unix), a `pathlib.Path` or any `os.PathLike`. A `str` is encoded with the file
//! system encoding and `surrogateescape` (`os.fsencode`), so a file name that is not
//! UTF-8, which Python holds as a `str` with lone surrogates, comes back as its original
//! bytes. Anything else raises CPython's own `TypeError`: "expected str, bytes or
//! os.PathLike object, not int".
//!
//! To Python, `OsString`/`&OsStr` become a `str` (`os.fsdecode`) and `PathBuf`/`&Path`
//! a `pathlib.Path`, as in PyO3 0.24 and later.
//!
//! A `&Path` or `&OsStr` parameter cannot borrow from the argument (Python holds the
//! name as a `str`, not as bytes): the argument layer converts to an owned `PathBuf` /
//! `OsString` held for the call and lends it out.

use crate::conversion::{FromPyObject, IntoPyObject};
use crate::err::PyResult;
use crate::ffi;
use crate::object::{Borrowed, Object};
use crate::python::Python;
use std::borrow::Cow;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

/// `os.fspath(obj)` as an OS string.
fn os_string_from(obj: Borrowed<'_, '_>) -> PyResult<OsString> {
    let py = obj.py();
    // SAFETY: a valid object; a new reference (a str or bytes) or NULL with CPython's
    // TypeError set.
    let path = unsafe { Object::from_owned_ptr_or_err(py, ffi::PyOS_FSPath(obj.as_ptr()))? };
    // SAFETY: a valid object.
    if unsafe { crate::compat::unicode_check(path.as_ptr()) } != 0 {
        from_str(py, &path)
    } else {
        from_bytes(&path)
    }
}

/// A `str`, encoded as `os.fsencode` does.
#[cfg(unix)]
fn from_str(py: Python<'_>, s: &Object<'_>) -> PyResult<OsString> {
    // SAFETY: a str; a new bytes object or NULL with the error set (a name the file system
    // encoding cannot represent).
    let bytes =
        unsafe { Object::from_owned_ptr_or_err(py, ffi::PyUnicode_EncodeFSDefault(s.as_ptr()))? };
    from_bytes(&bytes)
}

/// A `str`: elsewhere than Unix, only a valid Unicode string converts.
#[cfg(not(unix))]
fn from_str(_py: Python<'_>, s: &Object<'_>) -> PyResult<OsString> {
    <&str>::extract(s.as_borrowed()).map(OsString::from)
}

/// A `bytes` object (what `os.fspath` returns for bytes paths), copied.
#[cfg(unix)]
fn from_bytes(b: &Object<'_>) -> PyResult<OsString> {
    use std::os::unix::ffi::OsStrExt;
    // `bytes` is immutable: the copy cannot race with a writer.
    let data = <&[u8]>::extract(b.as_borrowed())?;
    Ok(OsStr::from_bytes(data).to_owned())
}

/// A `bytes` object: elsewhere than Unix, Rust has no OS string from bytes.
#[cfg(not(unix))]
fn from_bytes(b: &Object<'_>) -> PyResult<OsString> {
    Err(crate::conversion::type_error(b.as_borrowed(), "str"))
}

/// An OS string as a Python `str`, decoded as `os.fsdecode` does.
fn os_str_into<'py>(py: Python<'py>, s: &OsStr) -> PyResult<Object<'py>> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = s.as_bytes();
        // SAFETY: a buffer of that length; a new str or NULL with the error set.
        unsafe {
            Object::from_owned_ptr_or_err(
                py,
                ffi::PyUnicode_DecodeFSDefaultAndSize(
                    bytes.as_ptr().cast(),
                    bytes.len() as ffi::Py_ssize_t,
                ),
            )
        }
    }
    #[cfg(not(unix))]
    {
        crate::types::str_from_rust(py, &s.to_string_lossy())
    }
}

/// The cached `pathlib.Path` class (see `cache` for where and why).
const PATHLIB_KEY: &core::ffi::CStr = c"abide.pathlib.1";

fn pathlib_entry(py: Python<'_>) -> PyResult<Object<'_>> {
    let items = super::cache::import_attrs(py, c"pathlib", &[c"Path"])?;
    crate::types::Tuple::new(py, items).map(crate::types::Tuple::into_object)
}

/// A path as a `pathlib.Path`.
fn path_into<'py>(py: Python<'py>, p: &Path) -> PyResult<Object<'py>> {
    let s = os_str_into(py, p.as_os_str())?;
    let entry = super::cache::get(py, PATHLIB_KEY, 1, pathlib_entry)?;
    super::cache::call(py, entry.item(0), &[s.as_ptr()])
}

impl<'a, 'py> FromPyObject<'a, 'py> for OsString {
    const INPUT_TYPE: &'static str = "str | bytes | os.PathLike[str] | os.PathLike[bytes]";
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        os_string_from(obj)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for PathBuf {
    const INPUT_TYPE: &'static str = "str | bytes | os.PathLike[str] | os.PathLike[bytes]";
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        os_string_from(obj).map(PathBuf::from)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Cow<'a, OsStr> {
    const INPUT_TYPE: &'static str = "str | bytes | os.PathLike[str] | os.PathLike[bytes]";
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        os_string_from(obj).map(Cow::Owned)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Cow<'a, Path> {
    const INPUT_TYPE: &'static str = "str | bytes | os.PathLike[str] | os.PathLike[bytes]";
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        os_string_from(obj).map(|s| Cow::Owned(PathBuf::from(s)))
    }
}

macro_rules! into_str {
    ($($ty:ty),*) => {$(
        impl<'py> IntoPyObject<'py> for $ty {
            const OUTPUT_TYPE: &'static str = "str";

            #[inline]
            fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
                os_str_into(py, self.as_ref())
            }
        }
    )*};
}

into_str!(OsString, &OsString, &OsStr, Cow<'_, OsStr>);

macro_rules! into_path {
    ($($ty:ty),*) => {$(
        impl<'py> IntoPyObject<'py> for $ty {
            const OUTPUT_TYPE: &'static str = "pathlib.Path";

            #[inline]
            fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
                path_into(py, self.as_ref())
            }
        }
    )*};
}

into_path!(PathBuf, &PathBuf, &Path, Cow<'_, Path>);
