//! [`PyErr`]: a Python exception travelling through Rust code, and [`PyResult`].

use crate::exceptions::{PyExceptionType, PySystemError};
use crate::ffi;
use crate::object::{Object, Py, PyAny, PyAnyMethods};
use crate::python::Python;
use crate::types::TypeObject;
use std::borrow::Cow;
use std::fmt;

/// The result of a fallible operation that talks to Python.
///
/// A `#[pyfunction]` or method that returns `Err` raises the error in Python.
///
/// ```no_run
/// use abide::prelude::*;
///
/// #[pyfunction]
/// fn parse(s: &str) -> PyResult<i64> {
///     Ok(s.trim().parse::<i64>()?)
/// }
/// ```
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
    /// An exception type and an argument of any type, not yet converted.
    Argument {
        ty: ExcType,
        arg: crate::err_arg::LazyArg,
    },
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
    ///
    /// ```no_run
    /// use abide::exceptions::PyTypeError;
    /// use abide::PyErr;
    ///
    /// fn wrong_kind(kind: &str) -> PyErr {
    ///     PyErr::new::<PyTypeError>(format!("expected a number, got {kind}"))
    /// }
    /// ```
    #[inline]
    pub fn new<T: PyExceptionType>(msg: impl Into<Cow<'static, str>>) -> PyErr {
        PyErr {
            state: Box::new(State::Lazy {
                ty: builtin::<T>(),
                msg: msg.into(),
            }),
        }
    }

    /// An exception of type `T` whose argument is `value`, converted when Python needs
    /// the exception (`PyStopIteration::new_err(value)`).
    pub(crate) fn with_argument<T: PyExceptionType, V>(value: V) -> PyErr
    where
        V: for<'py> crate::conversion::IntoPyObject<'py> + Send + 'static,
    {
        PyErr {
            state: Box::new(State::Argument {
                ty: builtin::<T>(),
                arg: crate::err_arg::LazyArg::new(value),
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
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// /// Raises an exception of the class it is given, with a message.
    /// #[pyfunction]
    /// fn fail_with(class: TypeObject<'_>, msg: String) -> PyResult<()> {
    ///     Err(PyErr::from_type(&class, msg))
    /// }
    /// ```
    pub fn from_type(ty: &TypeObject<'_>, msg: impl Into<Cow<'static, str>>) -> PyErr {
        // SAFETY: a valid object.
        if !unsafe { crate::compat::exception_class_check(ty.as_ptr()) } {
            return not_an_exception();
        }
        PyErr {
            state: Box::new(State::Lazy {
                ty: ExcType::Object(ty.as_object().clone().unbind()),
                msg: msg.into(),
            }),
        }
    }

    /// Wraps an exception instance, as `raise value` does: an exception class is called
    /// with no arguments, and anything else gives a `TypeError` saying so.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// /// Raises the exception object it is given (like `raise exc`).
    /// #[pyfunction]
    /// fn reraise(exc: Object<'_>) -> PyResult<()> {
    ///     Err(PyErr::from_value(exc))
    /// }
    /// ```
    pub fn from_value(value: Object<'_>) -> PyErr {
        // By the real type, as `raise` does: `isinstance` would accept an object whose
        // `__class__` property names an exception class.
        // SAFETY: a valid object.
        let raised = if unsafe { crate::compat::exception_instance_check(value.as_ptr()) } != 0 {
            value
        // SAFETY: a valid object.
        } else if unsafe { crate::compat::exception_class_check(value.as_ptr()) } {
            instantiate_bare(value.py(), &value)
        } else {
            return not_an_exception();
        };
        PyErr {
            state: Box::new(State::Raised(raised.unbind())),
        }
    }

    /// Creates an instance of a `#[pyclass]` on an exception type (`extends =
    /// PyException`, ...) and wraps it to be raised: the short form of
    /// `PyErr::from_value(Py::new(py, value)?.into_bound(py))`. If the instance cannot be
    /// made, that error is the result instead.
    ///
    /// ```no_run
    /// use abide::exceptions::PyException;
    /// use abide::prelude::*;
    ///
    /// #[pyclass(extends = PyException)]
    /// struct HttpError {
    ///     #[py(get)]
    ///     status: u16,
    /// }
    ///
    /// #[pyfunction]
    /// fn fetch(py: Python<'_>, url: &str) -> PyResult<String> {
    ///     if url.ends_with("/missing") {
    ///         return Err(PyErr::from_instance(py, HttpError { status: 404 }));
    ///     }
    ///     Ok(format!("contents of {url}"))
    /// }
    /// ```
    pub fn from_instance<T, I>(py: Python<'_>, init: I) -> PyErr
    where
        T: crate::PyClass,
        I: crate::class::PyClassInit<T>,
    {
        match crate::Py::<T>::new(py, init) {
            Ok(obj) => PyErr::from_value(obj.into_bound(py)),
            Err(err) => err,
        }
    }

    /// Takes the exception currently raised in this thread. If none is raised (a C API
    /// call broke its contract) the result is a `SystemError` saying so.
    ///
    /// ```no_run
    /// use abide::{ffi, Object, PyErr, PyResult, Python};
    ///
    /// fn repr_of<'py>(py: Python<'py>, obj: &Object<'py>) -> PyResult<Object<'py>> {
    ///     // SAFETY: a valid object; PyObject_Repr returns a new reference or NULL.
    ///     let r = unsafe { ffi::PyObject_Repr(obj.as_ptr()) };
    ///     if r.is_null() {
    ///         return Err(PyErr::fetch(py));
    ///     }
    ///     // SAFETY: a new reference.
    ///     Ok(unsafe { Object::from_owned_ptr(py, r) })
    /// }
    /// ```
    #[cold]
    pub fn fetch(py: Python<'_>) -> PyErr {
        Self::take(py)
            .unwrap_or_else(|| PySystemError::new_err("error return without exception set"))
    }

    /// Takes the exception currently raised in this thread, if any.
    ///
    /// ```no_run
    /// use abide::{ffi, Object, PyErr, Python};
    ///
    /// /// `PyIter_Next` returns NULL both at the end and on error; `take` tells them apart.
    /// fn next_item<'py>(py: Python<'py>, it: &Object<'py>) -> Option<Result<Object<'py>, PyErr>> {
    ///     // SAFETY: a valid iterator; a new reference or NULL.
    ///     let item = unsafe { ffi::PyIter_Next(it.as_ptr()) };
    ///     if item.is_null() {
    ///         return PyErr::take(py).map(Err);
    ///     }
    ///     // SAFETY: a new reference.
    ///     Some(Ok(unsafe { Object::from_owned_ptr(py, item) }))
    /// }
    /// ```
    // Out of line: it is called where a C function signalled an error, and inlined its
    // allocation would repeat in every wrapper that converts an argument.
    #[inline(never)]
    pub fn take(_py: Python<'_>) -> Option<PyErr> {
        // SAFETY: attached; returns a new reference or NULL.
        let exc = unsafe { crate::compat::get_raised_exception() };
        if exc.is_null() {
            None
        } else {
            // SAFETY: PyErr_GetRaisedException returned a new, non-null reference.
            let exc = unsafe { Py::from_owned_ptr(exc) };
            Some(PyErr {
                state: Box::new(State::Raised(exc)),
            })
        }
    }

    /// Turns a C-style status (`-1` for an error) into a result.
    ///
    /// ```no_run
    /// use abide::{ffi, Object, PyErr, PyResult};
    ///
    /// fn delete_attr(obj: &Object<'_>, name: &std::ffi::CStr) -> PyResult<()> {
    ///     // SAFETY: a valid object and C string.
    ///     PyErr::check(obj.py(), unsafe { ffi::PyObject_DelAttrString(obj.as_ptr(), name.as_ptr()) })
    /// }
    /// ```
    #[inline]
    pub fn check(py: Python<'_>, rc: core::ffi::c_int) -> PyResult<()> {
        if rc == -1 {
            Err(PyErr::fetch(py))
        } else {
            Ok(())
        }
    }

    /// Raises this exception in Python (sets it as the thread's current exception).
    ///
    /// ```no_run
    /// use abide::exceptions::PyValueError;
    /// use abide::{ffi, Python};
    ///
    /// /// A raw C function: on error, set the exception and return NULL.
    /// unsafe extern "C" fn always_fails(
    ///     _module: *mut ffi::PyObject,
    ///     _arg: *mut ffi::PyObject,
    /// ) -> *mut ffi::PyObject {
    ///     // SAFETY: CPython calls module functions attached.
    ///     let py = unsafe { Python::assume_attached() };
    ///     PyValueError::new_err("no").restore(py);
    ///     core::ptr::null_mut()
    /// }
    /// ```
    pub fn restore(self, py: Python<'_>) {
        let value = self.into_value(py);
        // SAFETY: steals the reference to an exception instance.
        unsafe { crate::compat::set_raised_exception(value.into_ptr()) }
    }

    /// The exception instance, creating it if it was lazy.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// /// Calls `f()` and returns the exception it raised, or None.
    /// #[pyfunction]
    /// fn exception_of<'py>(py: Python<'py>, f: Object<'py>) -> Object<'py> {
    ///     match f.call0() {
    ///         Ok(_) => py.None(),
    ///         Err(err) => err.value(py),
    ///     }
    /// }
    /// ```
    pub fn value<'py>(&self, py: Python<'py>) -> Object<'py> {
        match &*self.state {
            State::Raised(v) => v.bind(py),
            State::Lazy { ty, msg } => instantiate(py, ty, msg),
            State::Argument { ty, arg } => instantiate_with(py, ty, |py| arg.get(py)),
        }
    }

    /// The exception instance, consuming the error.
    ///
    /// ```no_run
    /// use abide::exceptions::PyKeyError;
    /// use abide::prelude::*;
    ///
    /// /// Returns a KeyError instance without raising it.
    /// #[pyfunction]
    /// fn make_key_error(py: Python<'_>, key: String) -> Object<'_> {
    ///     PyKeyError::new_err(key).into_value(py)
    /// }
    /// ```
    pub fn into_value(self, py: Python<'_>) -> Object<'_> {
        match *self.state {
            State::Raised(v) => v.into_bound(py),
            State::Lazy { ty, msg } => instantiate(py, &ty, &msg),
            State::Argument { ty, arg } => instantiate_with(py, &ty, |py| arg.get(py)),
        }
    }

    /// The exception's class.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// /// The name of the class of the exception that `f()` raises.
    /// #[pyfunction]
    /// fn raised_class(py: Python<'_>, f: Object<'_>) -> PyResult<Option<String>> {
    ///     match f.call0() {
    ///         Ok(_) => Ok(None),
    ///         Err(err) => err.get_type(py).name().map(Some),
    ///     }
    /// }
    /// ```
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
            }
            | State::Argument { .. } => self.value(py).get_type(),
            State::Raised(v) => v.bind(py).get_type(),
        }
    }

    /// Whether this exception is an instance of `T` (or a subclass of it).
    ///
    /// ```no_run
    /// use abide::exceptions::PyKeyError;
    /// use abide::prelude::*;
    ///
    /// /// `mapping[key]`, or None when the key is missing.
    /// #[pyfunction]
    /// fn get_or_none<'py>(py: Python<'py>, mapping: Object<'py>, key: Object<'py>) -> PyResult<Object<'py>> {
    ///     match mapping.get_item(key) {
    ///         Ok(value) => Ok(value),
    ///         Err(err) if err.is_instance_of::<PyKeyError>(py) => Ok(py.None()),
    ///         Err(err) => Err(err),
    ///     }
    /// }
    /// ```
    pub fn is_instance_of<T: PyExceptionType>(&self, py: Python<'_>) -> bool {
        let ty = self.get_type(py);
        // SAFETY: both are type objects.
        unsafe { ffi::PyObject_IsSubclass(ty.as_ptr(), T::type_object_raw()) == 1 }
    }

    /// Whether this exception is an instance of the class `ty` (or a subclass).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// /// Calls `f()`, turning exceptions of class `ignored` into None.
    /// #[pyfunction]
    /// fn suppress<'py>(py: Python<'py>, f: Object<'py>, ignored: TypeObject<'py>) -> PyResult<Object<'py>> {
    ///     match f.call0() {
    ///         Err(err) if err.matches(py, &ignored) => Ok(py.None()),
    ///         other => other,
    ///     }
    /// }
    /// ```
    pub fn matches(&self, py: Python<'_>, ty: &TypeObject<'_>) -> bool {
        let own = self.get_type(py);
        // SAFETY: both are type objects.
        unsafe { ffi::PyObject_IsSubclass(own.as_ptr(), ty.as_ptr()) == 1 }
    }

    /// Sets `cause` as this exception's `__cause__` (`raise self from cause`).
    ///
    /// An error made in Rust (with `new_err`) gets its exception object now, so the
    /// cause stays with the exception that will be raised.
    ///
    /// ```no_run
    /// use abide::exceptions::PyRuntimeError;
    /// use abide::prelude::*;
    ///
    /// /// Calls `f()`; raises RuntimeError from whatever it raised.
    /// #[pyfunction]
    /// fn checked<'py>(py: Python<'py>, f: Object<'py>) -> PyResult<Object<'py>> {
    ///     f.call0().map_err(|cause| {
    ///         let mut err = PyRuntimeError::new_err("callback failed");
    ///         err.set_cause(py, Some(cause));
    ///         err
    ///     })
    /// }
    /// ```
    pub fn set_cause(&mut self, py: Python<'_>, cause: Option<PyErr>) {
        // A lazy error would make a new exception object at every `value()`: make the
        // one that will be raised now, so the cause stays on it.
        if !matches!(&*self.state, State::Raised(_)) {
            let value = self.value(py).unbind();
            *self.state = State::Raised(value);
        }
        let value = self.value(py);
        let cause = cause.map_or(core::ptr::null_mut(), |c| c.into_value(py).into_ptr());
        // SAFETY: steals `cause` (NULL clears it).
        unsafe { ffi::PyException_SetCause(value.as_ptr(), cause) }
    }

    /// Prints the exception and its traceback to `sys.stderr` (like an uncaught one).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// /// Calls `f()`, printing (not raising) any exception.
    /// #[pyfunction]
    /// fn call_logged(py: Python<'_>, f: Object<'_>) {
    ///     if let Err(err) = f.call0() {
    ///         err.print(py);
    ///     }
    /// }
    /// ```
    pub fn print(self, py: Python<'_>) {
        self.restore(py);
        // SAFETY: an exception is set.
        unsafe { ffi::PyErr_Print() }
    }
}

#[cold]
fn instantiate<'py>(py: Python<'py>, ty: &ExcType, msg: &str) -> Object<'py> {
    instantiate_with(py, ty, |py| crate::types::str_from_rust(py, msg))
}

/// The exception of type `ty` called with the argument `arg` makes.
#[cold]
fn instantiate_with<'py>(
    py: Python<'py>,
    ty: &ExcType,
    arg: impl FnOnce(Python<'py>) -> PyResult<Object<'py>>,
) -> Object<'py> {
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
    let made = arg(py).and_then(|arg| {
        // SAFETY: a valid object.
        let class = unsafe { Object::from_borrowed_ptr(py, ty_ptr) };
        class.call1((arg,))
    });
    checked_instance(py, ty_ptr, made)
}

/// `raise class`: the class called with no arguments.
#[cold]
fn instantiate_bare<'py>(py: Python<'py>, class: &Object<'py>) -> Object<'py> {
    checked_instance(py, class.as_ptr(), class.call0())
}

/// What calling the exception class `class` gave, as `raise` sees it: an exception
/// instance, else the `TypeError` or the error of the call.
fn checked_instance<'py>(
    py: Python<'py>,
    class: *mut ffi::PyObject,
    made: PyResult<Object<'py>>,
) -> Object<'py> {
    match made {
        // SAFETY: a valid object.
        Ok(v) if unsafe { crate::compat::exception_instance_check(v.as_ptr()) } != 0 => v,
        // A `__new__` returned something else: raise what `raise cls(msg)` would.
        Ok(v) => {
            // SAFETY: the caller's class object, alive while it runs.
            let class = unsafe { Object::from_borrowed_ptr(py, class) };
            let message = format!(
                "calling {} should have returned an instance of BaseException, not {}",
                repr_or(&class, "the exception class"),
                repr_or(v.get_type().as_object(), "another type"),
            );
            instantiate(py, &builtin::<crate::exceptions::PyTypeError>(), &message)
        }
        // Creating the exception failed (say, MemoryError): raise that one instead.
        Err(e) => match *e.state {
            State::Raised(v) => v.into_bound(py),
            // The call failed without setting an exception (a broken `__new__` in C).
            State::Lazy { .. } | State::Argument { .. } => instantiate(
                py,
                &builtin::<PySystemError>(),
                "error return without exception set",
            ),
        },
    }
}

/// The error `raise` gives for something that is not an exception.
#[cold]
fn not_an_exception() -> PyErr {
    crate::exceptions::PyTypeError::new_err("exceptions must derive from BaseException")
}

fn builtin<T: PyExceptionType>() -> ExcType {
    ExcType::Builtin(T::type_object_raw, T::NAME)
}

/// `repr(obj)`, or `fallback` when that raises (the error is dropped).
fn repr_or(obj: &Object<'_>, fallback: &str) -> String {
    obj.repr().unwrap_or_else(|_| fallback.to_owned())
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
            State::Lazy {
                ty: ExcType::Custom(def),
                msg,
            } => write!(f, "{}: {msg}", def.name),
            State::Lazy {
                ty: ExcType::Object(t),
                msg,
            } => {
                let name = Python::attach(|py| {
                    t.bind(py)
                        .getattr("__name__")
                        .and_then(|n| n.extract::<String>())
                        .unwrap_or_else(|_| "exception".to_owned())
                });
                write!(f, "{name}: {msg}")
            }
            State::Raised(_) | State::Argument { .. } => Python::attach(|py| {
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
