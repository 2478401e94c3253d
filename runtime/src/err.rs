//! [`PyErr`]: a Python exception travelling through Rust code, and [`PyResult`].

use crate::exceptions::{PyExceptionType, PySystemError};
use crate::ffi;
use crate::object::{Object, Py, PyAny, PyAnyMethods};
use crate::python::Python;
use crate::types::TypeObject;
use std::borrow::Cow;
use std::fmt;

/// The result of a fallible operation that talks to Python.
pub type PyResult<T> = Result<T, PyErr>;

/// A Python exception.
///
/// Errors made in Rust stay cheap until Python needs them: `PyTypeError::new_err("...")`
/// only records the type and the message, and the exception object is created when the
/// error is raised in Python. Errors raised by Python carry the exception object itself
/// (fetched with `PyErr_GetRaisedException`).
///
/// ```no_run
/// use abide::prelude::*;
/// use abide::exceptions::PyValueError;
///
/// #[pyfunction]
/// fn sqrt(x: f64) -> PyResult<f64> {
///     if x < 0.0 {
///         return Err(PyValueError::new_err("math domain error"));
///     }
///     Ok(x.sqrt())
/// }
/// ```
pub struct PyErr {
    // Boxed so that a `PyResult<T>` is as small as `T` plus a pointer: results move
    // through every wrapper, and the allocation only happens when an error is made.
    state: Box<State>,
}

enum State {
    /// An exception type and a message, not yet instantiated.
    Lazy { ty: ExcType, msg: Cow<'static, str> },
    /// An exception instance.
    Raised(Py<PyAny>),
}

enum ExcType {
    /// One of CPython's built-in exception types (a static of the interpreter).
    Builtin(fn() -> *mut ffi::PyObject, &'static str),
    /// An exception class object.
    Object(Py<PyAny>),
    /// A class declared with `create_exception!`, found in its module when raised.
    Custom(&'static crate::custom_exception::ExceptionDef),
}

impl PyErr {
    /// An exception of type `T` with a message, e.g. `PyErr::new::<PyTypeError>("msg")`.
    #[inline]
    pub fn new<T: PyExceptionType>(msg: impl Into<Cow<'static, str>>) -> PyErr {
        PyErr {
            state: Box::new(State::Lazy {
                ty: ExcType::Builtin(T::type_object_raw, T::NAME),
                msg: msg.into(),
            }),
        }
    }

    /// An exception of a `create_exception!` class (see `CustomException::new_err`).
    pub(crate) fn new_custom(
        def: &'static crate::custom_exception::ExceptionDef,
        msg: Cow<'static, str>,
    ) -> PyErr {
        PyErr {
            state: Box::new(State::Lazy {
                ty: ExcType::Custom(def),
                msg,
            }),
        }
    }

    /// An exception of the class `ty` (any exception class object) with a message.
    pub fn from_type(ty: &TypeObject<'_>, msg: impl Into<Cow<'static, str>>) -> PyErr {
        PyErr {
            state: Box::new(State::Lazy {
                ty: ExcType::Object(ty.as_object().clone().unbind()),
                msg: msg.into(),
            }),
        }
    }

    /// Wraps an exception instance. If `value` is not an exception instance the result is
    /// a `TypeError` saying so.
    pub fn from_value(value: Object<'_>) -> PyErr {
        // SAFETY: a valid object.
        let is_exc =
            unsafe { ffi::PyObject_IsInstance(value.as_ptr(), ffi::PyExc_BaseException) == 1 };
        if is_exc {
            PyErr {
                state: Box::new(State::Raised(value.unbind())),
            }
        } else {
            // SAFETY: clear a possible error from PyObject_IsInstance.
            unsafe { ffi::PyErr_Clear() };
            crate::exceptions::PyTypeError::new_err("exceptions must derive from BaseException")
        }
    }

    /// Takes the exception currently raised in this thread. If none is raised (a C API
    /// call broke its contract) the result is a `SystemError` saying so.
    #[cold]
    pub fn fetch(py: Python<'_>) -> PyErr {
        Self::take(py)
            .unwrap_or_else(|| PySystemError::new_err("error return without exception set"))
    }

    /// Takes the exception currently raised in this thread, if any.
    pub fn take(_py: Python<'_>) -> Option<PyErr> {
        // SAFETY: attached; returns a new reference or NULL.
        let exc = unsafe { ffi::PyErr_GetRaisedException() };
        if exc.is_null() {
            None
        } else {
            // SAFETY: a new reference.
            Some(PyErr {
                state: Box::new(State::Raised(unsafe { Py::from_owned_ptr(exc) })),
            })
        }
    }

    /// Turns a C-style status (`-1` for an error) into a result.
    #[inline]
    pub fn check(py: Python<'_>, rc: core::ffi::c_int) -> PyResult<()> {
        if rc == -1 {
            Err(PyErr::fetch(py))
        } else {
            Ok(())
        }
    }

    /// Raises this exception in Python (sets it as the thread's current exception).
    pub fn restore(self, py: Python<'_>) {
        let value = self.into_value(py);
        // SAFETY: steals the reference to an exception instance.
        unsafe { ffi::PyErr_SetRaisedException(value.into_ptr()) }
    }

    /// The exception instance, creating it if it was lazy.
    pub fn value<'py>(&self, py: Python<'py>) -> Object<'py> {
        match &*self.state {
            State::Raised(v) => v.bind(py),
            State::Lazy { ty, msg } => instantiate(py, ty, msg),
        }
    }

    /// The exception instance, consuming the error.
    pub fn into_value(self, py: Python<'_>) -> Object<'_> {
        match *self.state {
            State::Raised(v) => v.into_bound(py),
            State::Lazy { ty, msg } => instantiate(py, &ty, &msg),
        }
    }

    /// The exception's class.
    pub fn get_type<'py>(&self, py: Python<'py>) -> TypeObject<'py> {
        match &*self.state {
            State::Lazy {
                ty: ExcType::Builtin(f, _),
                ..
            } => {
                // SAFETY: built-in exception types are valid type objects.
                unsafe { TypeObject::from_object_unchecked(Object::from_borrowed_ptr(py, f())) }
            }
            State::Lazy {
                ty: ExcType::Object(t),
                ..
            } => {
                // SAFETY: only exception classes are stored here.
                unsafe { TypeObject::from_object_unchecked(t.bind(py)) }
            }
            State::Lazy {
                ty: ExcType::Custom(_),
                ..
            } => self.value(py).get_type(),
            State::Raised(v) => v.bind(py).get_type(),
        }
    }

    /// Whether this exception is an instance of `T` (or a subclass of it).
    pub fn is_instance_of<T: PyExceptionType>(&self, py: Python<'_>) -> bool {
        let ty = self.get_type(py);
        // SAFETY: both are type objects.
        unsafe { ffi::PyObject_IsSubclass(ty.as_ptr(), T::type_object_raw()) == 1 }
    }

    /// Whether this exception is an instance of the class `ty` (or a subclass).
    pub fn matches(&self, py: Python<'_>, ty: &TypeObject<'_>) -> bool {
        let own = self.get_type(py);
        // SAFETY: both are type objects.
        unsafe { ffi::PyObject_IsSubclass(own.as_ptr(), ty.as_ptr()) == 1 }
    }

    /// Sets `cause` as this exception's `__cause__` (`raise self from cause`).
    pub fn set_cause(&self, py: Python<'_>, cause: Option<PyErr>) {
        let value = self.value(py);
        let cause = cause.map_or(core::ptr::null_mut(), |c| c.into_value(py).into_ptr());
        // SAFETY: steals `cause` (NULL clears it).
        unsafe { ffi::PyException_SetCause(value.as_ptr(), cause) }
    }

    /// Prints the exception and its traceback to `sys.stderr` (like an uncaught one).
    pub fn print(self, py: Python<'_>) {
        self.restore(py);
        // SAFETY: an exception is set.
        unsafe { ffi::PyErr_Print() }
    }
}

#[cold]
fn instantiate<'py>(py: Python<'py>, ty: &ExcType, msg: &str) -> Object<'py> {
    let custom;
    let ty_ptr = match ty {
        ExcType::Builtin(f, _) => f(),
        ExcType::Object(t) => t.as_ptr(),
        ExcType::Custom(def) => match crate::custom_exception::exception_type(py, def) {
            Ok(t) => {
                custom = t;
                custom.as_object().as_ptr()
            }
            // The class cannot be found: raise the reason instead.
            Err(e) => return e.into_value(py),
        },
    };
    let made = crate::types::str_from_rust(py, msg).and_then(|msg| {
        // SAFETY: a valid callable and argument.
        let args = [msg.as_ptr()];
        // SAFETY: a valid callable and argument vector.
        unsafe {
            Object::from_owned_ptr_or_err(
                py,
                ffi::PyObject_Vectorcall(ty_ptr, args.as_ptr(), 1, core::ptr::null_mut()),
            )
        }
    });
    match made {
        Ok(v) => v,
        // Creating the exception failed (say, MemoryError): raise that one instead.
        Err(e) => match *e.state {
            State::Raised(v) => v.into_bound(py),
            // `fetch` only makes a lazy error when no exception was set at all.
            State::Lazy { .. } => py.None(),
        },
    }
}

impl fmt::Debug for PyErr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for PyErr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.state {
            State::Lazy {
                ty: ExcType::Builtin(_, name),
                msg,
            } => {
                write!(f, "{}: {msg}", name.strip_prefix("Py").unwrap_or(name))
            }
            State::Lazy { msg, .. } => write!(f, "exception: {msg}"),
            State::Raised(_) => Python::attach(|py| {
                let value = self.value(py);
                let name = value
                    .get_type()
                    .as_object()
                    .getattr("__qualname__")
                    .and_then(|n| n.extract::<String>())
                    .unwrap_or_else(|_| "exception".to_owned());
                match value.str() {
                    Ok(s) if !s.is_empty() => write!(f, "{name}: {s}"),
                    _ => f.write_str(&name),
                }
            }),
        }
    }
}

impl std::error::Error for PyErr {}

/// `?` on a formatting error raises `ValueError` ("could not format this value").
impl From<fmt::Error> for PyErr {
    fn from(_: fmt::Error) -> PyErr {
        crate::exceptions::PyValueError::new_err("formatting error")
    }
}

impl From<std::io::Error> for PyErr {
    fn from(e: std::io::Error) -> PyErr {
        crate::exceptions::PyOSError::new_err(e.to_string())
    }
}

impl From<std::num::TryFromIntError> for PyErr {
    fn from(e: std::num::TryFromIntError) -> PyErr {
        crate::exceptions::PyOverflowError::new_err(e.to_string())
    }
}

impl From<std::num::ParseIntError> for PyErr {
    fn from(e: std::num::ParseIntError) -> PyErr {
        crate::exceptions::PyValueError::new_err(e.to_string())
    }
}

impl From<std::num::ParseFloatError> for PyErr {
    fn from(e: std::num::ParseFloatError) -> PyErr {
        crate::exceptions::PyValueError::new_err(e.to_string())
    }
}

impl From<std::str::Utf8Error> for PyErr {
    fn from(e: std::str::Utf8Error) -> PyErr {
        crate::exceptions::PyValueError::new_err(e.to_string())
    }
}
