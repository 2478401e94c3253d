//! Conversions between Rust values and Python objects: [`FromPyObject`] (Python to Rust,
//! used for arguments) and [`IntoPyObject`] (Rust to Python, used for return values).
//!
//! | Rust | Python |
//! |---|---|
//! | `bool` | `bool` (and `numpy.bool_`, as in PyO3; `1` is not `True`) |
//! | `i8`..`i128`, `u8`..`u128`, `isize`, `usize` | `int` (`OverflowError` when out of range) |
//! | `f32`, `f64` | `float` (ints accepted) |
//! | `&str`, `String`, `char` | `str` |
//! | `&[u8]`, `Vec<u8>` | `bytes` (`Vec<u8>` also takes `bytearray`) |
//! | `Cow<[u8]>` | `bytes` (borrowed) or `bytearray` (copied) |
//! | `Option<T>` | `T` or `None` |
//! | `()` | `None` |
//! | `(A, B, ...)` | `tuple` of that length |
//! | `Vec<T>` | `list` (any iterable but `str` when extracting) |
//! | `HashMap<K, V>`, `BTreeMap<K, V>` | `dict` (any mapping when extracting) |
//! | `HashSet<T>`, `BTreeSet<T>` | `set` (any iterable when extracting) |
//! | `Object`, `Borrowed`, `Py<T>`, `Tuple`, `List`, `Dict`, ... | the object itself |
//! | `PathBuf`, `&Path`, `Cow<Path>` | from `str`, `bytes`, any `os.PathLike`; to `pathlib.Path` |
//! | `OsString`, `&OsStr`, `Cow<OsStr>` | from `str`, `bytes`, any `os.PathLike`; to `str` |
//! | `Duration` | `datetime.timedelta` (not negative) |
//! | `SystemTime` | aware `datetime.datetime` (to: in UTC) |
//! | `Date`, `Time`, `DateTime`, `Delta`, `TzInfo` | the `datetime` object itself |
//! | `Bytes`, `Str`, `Int`, `Set`, `Sequence`, ... ([`types`](crate::types)) | the object itself, type-checked |

use crate::err::{PyErr, PyResult};
use crate::exceptions::PyTypeError;
use crate::ffi;
use crate::object::{Borrowed, Object, PyAnyMethods};
use crate::python::Python;

/// Extracts a Rust value from a Python object.
///
/// `'a` is how long the object is borrowed for, so `&'a str` and `&'a [u8]` can borrow
/// straight from a `str` or `bytes` argument without copying.
///
/// ```no_run
/// use abide::prelude::*;
///
/// struct Celsius(f64);
///
/// impl<'a, 'py> FromPyObject<'a, 'py> for Celsius {
///     fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
///         Ok(Celsius(obj.extract::<f64>()?))
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be used as a Python function argument",
    label = "the trait `FromPyObject` is not implemented for `{Self}`",
    note = "use a type that implements `FromPyObject` (numbers, `&str`, `String`, `Vec<T>`, `Option<T>`, `Object`, `&T` for a `#[pyclass]`, ...), or implement `FromPyObject` for `{Self}`"
)]
pub trait FromPyObject<'a, 'py>: Sized {
    /// Converts, or raises `TypeError`/`ValueError`/`OverflowError`.
    ///
    /// Usually called through [`PyAnyMethods::extract`]; implement it for your own types.
    ///
    /// ```no_run
    /// use abide::exceptions::PyValueError;
    /// use abide::prelude::*;
    ///
    /// /// A percentage: a float between 0 and 100.
    /// struct Percent(f64);
    ///
    /// impl<'a, 'py> FromPyObject<'a, 'py> for Percent {
    ///     fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
    ///         let x = f64::extract(obj)?;
    ///         if (0.0..=100.0).contains(&x) {
    ///             Ok(Percent(x))
    ///         } else {
    ///             Err(PyValueError::new_err(format!("{x} is not a percentage")))
    ///         }
    ///     }
    /// }
    /// ```
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self>;

    /// The Python type this conversion accepts, for type stubs: an annotation in which
    /// a dotted name is imported from its module (`datetime.timedelta` becomes
    /// `from datetime import timedelta`), `typing.Any` when not declared. PyO3 names it
    /// the same. It is used where the macros cannot tell the type from the tokens (a type
    /// of your own); say what the conversion accepts, never less.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// /// A temperature given in degrees Celsius, as a float or an int.
    /// struct Celsius(f64);
    ///
    /// impl<'a, 'py> FromPyObject<'a, 'py> for Celsius {
    ///     const INPUT_TYPE: &'static str = "float | int";
    ///
    ///     fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
    ///         Ok(Celsius(f64::extract(obj)?))
    ///     }
    /// }
    /// ```
    const INPUT_TYPE: &'static str = "typing.Any";

    /// Extracts a whole `Vec<Self>` at once, when the element type knows a faster way
    /// than one element at a time (`Vec<u8>` from `bytes`). `None` means "no shortcut".
    #[doc(hidden)]
    fn extract_vec(_obj: Borrowed<'a, 'py>) -> Option<PyResult<Vec<Self>>> {
        None
    }
}

/// Converts a Rust value into a Python object.
///
/// ```no_run
/// use abide::prelude::*;
///
/// struct Point(f64, f64);
///
/// impl<'py> IntoPyObject<'py> for Point {
///     fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
///         (self.0, self.1).into_pyobject(py)
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be converted into a Python object",
    label = "the trait `IntoPyObject` is not implemented for `{Self}`",
    note = "return a type that implements `IntoPyObject` (numbers, strings, `Vec<T>`, `Option<T>`, `Object`, `#[pyclass]` types, ...), or implement it for `{Self}`"
)]
pub trait IntoPyObject<'py>: Sized {
    /// Converts, or fails (say, with `MemoryError`).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn pair(py: Python<'_>) -> PyResult<Object<'_>> {
    ///     (1, "one").into_pyobject(py)
    /// }
    /// ```
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>>;

    /// The Python type of what the conversion gives, for type stubs: an annotation in
    /// which a dotted name is imported from its module, `typing.Any` when not declared
    /// (see [`FromPyObject::INPUT_TYPE`]).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// struct Point(f64, f64);
    ///
    /// impl<'py> IntoPyObject<'py> for Point {
    ///     const OUTPUT_TYPE: &'static str = "tuple[float, float]";
    ///
    ///     fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
    ///         (self.0, self.1).into_pyobject(py)
    ///     }
    /// }
    /// ```
    const OUTPUT_TYPE: &'static str = "typing.Any";

    /// Converts a whole `Vec<Self>` at once when the element type has a better Python
    /// form than a list (`Vec<u8>` becomes `bytes`).
    #[doc(hidden)]
    fn vec_into_pyobject(items: Vec<Self>, py: Python<'py>) -> PyResult<Object<'py>> {
        crate::convert::seq::list_from_iter(py, items.into_iter())
    }
}

/// The `TypeError` for an object of the wrong type:
/// `'str' object cannot be converted to 'int'`.
#[cold]
pub(crate) fn type_error(obj: Borrowed<'_, '_>, expected: &str) -> PyErr {
    let actual = obj.get_type().name().unwrap_or_else(|_| "?".to_owned());
    PyTypeError::new_err(format!(
        "'{actual}' object cannot be converted to '{expected}'"
    ))
}

/// Positional arguments for calling a Python object from Rust: tuples of up to eight
/// convertible values (`()` for none, `(x,)` for one), or a [`Tuple`](crate::types::Tuple)
/// as it is.
///
/// ```no_run
/// use abide::prelude::*;
///
/// #[pyfunction(signature = (f, *args))]
/// fn call_both<'py>(f: Object<'py>, args: Tuple<'py>) -> PyResult<(Object<'py>, Object<'py>)> {
///     let first = f.call1((1, "two"))?;
///     let second = f.call1(args)?;
///     Ok((first, second))
/// }
/// ```
pub trait IntoCallArgs<'py> {
    /// Calls `callable` with these arguments and `kwargs` (a dict or NULL).
    ///
    /// # Safety
    /// `callable` must be a valid object and `kwargs` a dict or NULL.
    #[doc(hidden)]
    unsafe fn call(
        self,
        py: Python<'py>,
        callable: *mut ffi::PyObject,
        kwargs: *mut ffi::PyObject,
    ) -> PyResult<Object<'py>>;
}

/// Calls `callable` with already-converted arguments.
fn call_with<'py>(
    py: Python<'py>,
    callable: *mut ffi::PyObject,
    args: &[*mut ffi::PyObject],
    kwargs: *mut ffi::PyObject,
) -> PyResult<Object<'py>> {
    // SAFETY: valid objects; the argument vector is only read.
    unsafe {
        if kwargs.is_null() {
            Object::from_owned_ptr_or_err(
                py,
                crate::compat::vectorcall(
                    callable,
                    args.as_ptr(),
                    args.len(),
                    core::ptr::null_mut(),
                ),
            )
        } else {
            let tuple = crate::types::Tuple::from_slice(py, args)?;
            Object::from_owned_ptr_or_err(py, ffi::PyObject_Call(callable, tuple.as_ptr(), kwargs))
        }
    }
}

macro_rules! call_args_tuple {
    ($($name:ident),*) => {
        impl<'py, $($name: IntoPyObject<'py>),*> IntoCallArgs<'py> for ($($name,)*) {
            #[allow(non_snake_case)]
            unsafe fn call(self, py: Python<'py>, callable: *mut ffi::PyObject, kwargs: *mut ffi::PyObject) -> PyResult<Object<'py>> {
                let ($($name,)*) = self;
                $(let $name = $name.into_pyobject(py)?;)*
                call_with(py, callable, &[$($name.as_ptr()),*], kwargs)
            }
        }
    };
}

call_args_tuple!();
call_args_tuple!(A);
call_args_tuple!(A, B);
call_args_tuple!(A, B, C);
call_args_tuple!(A, B, C, D);
call_args_tuple!(A, B, C, D, E);
call_args_tuple!(A, B, C, D, E, F);
call_args_tuple!(A, B, C, D, E, F, G);
call_args_tuple!(A, B, C, D, E, F, G, H);

impl<'py> IntoCallArgs<'py> for crate::types::Tuple<'py> {
    unsafe fn call(
        self,
        py: Python<'py>,
        callable: *mut ffi::PyObject,
        kwargs: *mut ffi::PyObject,
    ) -> PyResult<Object<'py>> {
        // SAFETY: valid objects; kwargs is a dict or NULL.
        unsafe {
            Object::from_owned_ptr_or_err(py, ffi::PyObject_Call(callable, self.as_ptr(), kwargs))
        }
    }
}
