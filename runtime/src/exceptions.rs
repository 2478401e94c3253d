//! Python's built-in exception types, for raising from Rust:
//! `Err(PyValueError::new_err("..."))`.
//!
//! The names follow PyO3 (`PyTypeError`, `PyValueError`, ...). Declare your own exception
//! classes with [`create_exception!`](crate::create_exception).
//!
//! ```no_run
//! use abide::exceptions::{PyIndexError, PyValueError};
//! use abide::prelude::*;
//!
//! #[pyfunction]
//! fn nth_char(text: &str, n: usize) -> PyResult<char> {
//!     if text.is_empty() {
//!         return Err(PyValueError::new_err("empty text"));
//!     }
//!     text.chars().nth(n).ok_or_else(|| PyIndexError::new_err("index out of range"))
//! }
//! ```

use crate::err::PyErr;
use crate::ffi;
use std::borrow::Cow;

/// A Python exception class known to abide at compile time: the built-in exception
/// types of this module. It is what [`PyErr::new`] and
/// [`PyErr::is_instance_of`](crate::PyErr::is_instance_of) take.
///
/// ```no_run
/// use abide::exceptions::{PyExceptionType, PyLookupError};
/// use abide::prelude::*;
///
/// /// Whether `err` is a T, for any built-in exception type T.
/// fn is_a<T: PyExceptionType>(py: Python<'_>, err: &PyErr) -> bool {
///     err.is_instance_of::<T>(py)
/// }
///
/// #[pyfunction]
/// fn lookup_failed(py: Python<'_>, f: Object<'_>) -> bool {
///     f.call0().is_err_and(|e| is_a::<PyLookupError>(py, &e))
/// }
/// ```
///
/// The trait is sealed: its implementations are CPython's built-in exception classes, so
/// `PyErr::new::<T>` always makes an exception. Classes of your own come from
/// [`create_exception!`](crate::create_exception) or [`PyErr::from_type`](crate::PyErr::from_type).
pub trait PyExceptionType: sealed::Sealed {
    /// The Rust name of the class (its Python name prefixed with `Py`), for messages.
    const NAME: &'static str;
    /// The class object (a borrowed pointer valid for the interpreter's lifetime).
    ///
    /// ```no_run
    /// use abide::exceptions::{PyExceptionType, PyValueError};
    /// use abide::{Object, Python};
    ///
    /// fn value_error_class(py: Python<'_>) -> Object<'_> {
    ///     // SAFETY: a valid class object; we take a reference of our own.
    ///     unsafe { Object::from_borrowed_ptr(py, PyValueError::type_object_raw()) }
    /// }
    /// ```
    fn type_object_raw() -> *mut ffi::PyObject;
}

mod sealed {
    /// Keeps [`super::PyExceptionType`] to the built-in exception classes.
    pub trait Sealed {}
}

/// The `new_err` constructor of a built-in exception type: a message, except for
/// `StopIteration`, whose argument is its `value` (which `yield from` returns), of any
/// type that converts to Python, as in PyO3.
macro_rules! new_err_of {
    (PyStopIteration) => {
        impl PyStopIteration {
            /// A `StopIteration` whose argument (and `value`) is `value`, converted when
            /// the error reaches Python: a message, or what a generator-like `__next__`
            /// returns to `yield from`.
            ///
            /// ```no_run
            /// use abide::exceptions::PyStopIteration;
            /// use abide::prelude::*;
            ///
            /// #[pyclass]
            /// struct Countdown {
            ///     n: u32,
            /// }
            ///
            /// #[pymethods]
            /// impl Countdown {
            ///     fn __next__(&mut self) -> PyResult<u32> {
            ///         if self.n == 0 {
            ///             // `yield from Countdown(...)` evaluates to "liftoff".
            ///             return Err(PyStopIteration::new_err("liftoff"));
            ///         }
            ///         self.n -= 1;
            ///         Ok(self.n + 1)
            ///     }
            /// }
            /// ```
            #[inline]
            pub fn new_err<V>(value: V) -> PyErr
            where
                V: for<'py> crate::conversion::IntoPyObject<'py> + Send + 'static,
            {
                PyErr::with_argument::<PyStopIteration, V>(value)
            }
        }
    };
    ($name:ident) => {
        impl $name {
            /// An error of this type with the given message, raised when it reaches Python.
            ///
            /// ```no_run
            #[doc = concat!("use abide::exceptions::", stringify!($name), ";")]
            /// use abide::prelude::*;
            ///
            /// #[pyfunction]
            /// fn check(ok: bool) -> PyResult<()> {
            ///     if !ok {
            #[doc = concat!("        return Err(", stringify!($name), "::new_err(\"check failed\"));")]
            ///     }
            ///     Ok(())
            /// }
            /// ```
            #[inline]
            pub fn new_err(msg: impl Into<Cow<'static, str>>) -> PyErr {
                PyErr::new::<$name>(msg)
            }
        }
    };
}

macro_rules! builtin_exceptions {
    ($($(#[$doc:meta])* $name:ident => $ffi:ident),* $(,)?) => {$(
        $(#[$doc])*
        ///
        /// ```no_run
        #[doc = concat!("let err = abide::exceptions::", stringify!($name), "::new_err(\"message\");")]
        /// # drop(err);
        /// ```
        pub struct $name(());

        new_err_of!($name);

        impl sealed::Sealed for $name {}

        crate::class::native::native_base!($name => ffi::$ffi);

        impl PyExceptionType for $name {
            const NAME: &'static str = stringify!($name);
            #[inline]
            fn type_object_raw() -> *mut ffi::PyObject {
                // SAFETY: a static of the interpreter, initialised before any extension loads.
                unsafe { ffi::$ffi }
            }
        }
    )*};
}

builtin_exceptions! {
    /// `BaseException`.
    PyBaseException => PyExc_BaseException,
    /// `Exception`.
    PyException => PyExc_Exception,
    /// `ArithmeticError`.
    PyArithmeticError => PyExc_ArithmeticError,
    /// `AssertionError`.
    PyAssertionError => PyExc_AssertionError,
    /// `AttributeError`.
    PyAttributeError => PyExc_AttributeError,
    /// `BufferError`.
    PyBufferError => PyExc_BufferError,
    /// `EOFError`.
    PyEOFError => PyExc_EOFError,
    /// `FileNotFoundError`.
    PyFileNotFoundError => PyExc_FileNotFoundError,
    /// `FloatingPointError`.
    PyFloatingPointError => PyExc_FloatingPointError,
    /// `ImportError`.
    PyImportError => PyExc_ImportError,
    /// `IndexError`.
    PyIndexError => PyExc_IndexError,
    /// `KeyError`.
    PyKeyError => PyExc_KeyError,
    /// `KeyboardInterrupt`.
    PyKeyboardInterrupt => PyExc_KeyboardInterrupt,
    /// `LookupError`.
    PyLookupError => PyExc_LookupError,
    /// `MemoryError`.
    PyMemoryError => PyExc_MemoryError,
    /// `NameError`.
    PyNameError => PyExc_NameError,
    /// `NotImplementedError`.
    PyNotImplementedError => PyExc_NotImplementedError,
    /// `OSError`.
    PyOSError => PyExc_OSError,
    /// `OverflowError`.
    PyOverflowError => PyExc_OverflowError,
    /// `PermissionError`.
    PyPermissionError => PyExc_PermissionError,
    /// `RecursionError`.
    PyRecursionError => PyExc_RecursionError,
    /// `RuntimeError`.
    PyRuntimeError => PyExc_RuntimeError,
    /// `StopAsyncIteration`: what `__anext__` raises at the end.
    PyStopAsyncIteration => PyExc_StopAsyncIteration,
    /// `StopIteration`.
    PyStopIteration => PyExc_StopIteration,
    /// `SystemError`.
    PySystemError => PyExc_SystemError,
    /// `TimeoutError`.
    PyTimeoutError => PyExc_TimeoutError,
    /// `TypeError`.
    PyTypeError => PyExc_TypeError,
    /// `UnicodeError`.
    PyUnicodeError => PyExc_UnicodeError,
    /// `ValueError`.
    PyValueError => PyExc_ValueError,
    /// `ZeroDivisionError`.
    PyZeroDivisionError => PyExc_ZeroDivisionError,
}
