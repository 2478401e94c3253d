//! Exception classes declared in Rust with [`create_exception!`](crate::create_exception).
//!
//! Each module that adds one gets its own class object, created in `Py_mod_exec` and kept
//! in module state (never in a Rust `static`), so subinterpreters have separate classes.
//!
//! ```no_run
//! use abide::custom_exception::CustomException;
//! use abide::exceptions::PyException;
//! use abide::prelude::*;
//!
//! abide::create_exception!(parser, ParseError, PyException, "The input is malformed.");
//!
//! #[pyfunction]
//! fn parse(text: &str) -> PyResult<i64> {
//!     text.parse().map_err(|_| ParseError::new_err(format!("not a number: {text:?}")))
//! }
//!
//! /// Whether `f()` raises a ParseError.
//! #[pyfunction]
//! fn fails_to_parse(py: Python<'_>, f: Object<'_>) -> PyResult<bool> {
//!     let class = ParseError::type_object(py)?;
//!     Ok(f.call0().is_err_and(|e| e.matches(py, &class)))
//! }
//!
//! #[pymodule]
//! fn parser(m: &Module<'_>) -> PyResult<()> {
//!     m.add_exception::<ParseError>()?;
//!     m.add_function(wrap_pyfunction!(parse))?;
//!     m.add_function(wrap_pyfunction!(fails_to_parse))
//! }
//! ```

use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::object::{Object, PyAnyMethods};
use crate::python::Python;
use crate::types::{Module, TypeObject};
use std::ffi::CString;
use std::sync::OnceLock;

/// The static description of an exception class declared with `create_exception!`.
///
/// The macro fills it in; you read it through [`CustomException::def`].
///
/// ```no_run
/// use abide::custom_exception::CustomException;
/// use abide::exceptions::PyValueError;
///
/// abide::create_exception!(geometry, GeometryError, PyValueError, "Invalid geometry.");
///
/// let def = GeometryError::def();
/// assert_eq!((def.module, def.name, def.doc), ("geometry", "GeometryError", "Invalid geometry."));
/// ```
pub struct ExceptionDef {
    /// The class's Python name.
    pub name: &'static str,
    /// The module part of its qualified name (`shapes` in `shapes.GeometryError`).
    pub module: &'static str,
    /// Its docstring.
    pub doc: &'static str,
    /// Finds the base class object when the class is created.
    pub base: for<'py> fn(&Module<'py>) -> PyResult<Object<'py>>,
    /// The module the class was added to (for finding it when raising).
    pub home: OnceLock<CString>,
}

/// What can be the base of a `create_exception!` class: CPython's built-in exceptions
/// and other `create_exception!` classes.
///
/// ```no_run
/// use abide::exceptions::PyLookupError;
///
/// // A built-in base, then a custom one.
/// abide::create_exception!(store, StoreError, PyLookupError);
/// abide::create_exception!(store, MissingItem, StoreError);
/// ```
pub trait ExceptionBase {
    /// The base class object, adding it to `module` first if it is a custom one.
    ///
    /// ```no_run
    /// use abide::custom_exception::ExceptionBase;
    /// use abide::exceptions::PyException;
    /// use abide::prelude::*;
    ///
    /// abide::create_exception!(store, StoreError, PyException);
    ///
    /// #[pymodule]
    /// fn store(m: &Module<'_>) -> PyResult<()> {
    ///     // Adds `store.StoreError` (as `m.add_exception::<StoreError>()` would).
    ///     let class = StoreError::base_object(m)?;
    ///     m.add("Error", class)
    /// }
    /// ```
    fn base_object<'py>(module: &Module<'py>) -> PyResult<Object<'py>>;
}

/// An exception class declared with `create_exception!`, which implements it.
///
/// ```no_run
/// use abide::custom_exception::CustomException;
/// use abide::exceptions::PyException;
/// use abide::prelude::*;
///
/// abide::create_exception!(jobs, JobFailed, PyException);
///
/// /// Any `create_exception!` class can be raised through the trait.
/// fn fail<E: CustomException>(job: &str) -> PyErr {
///     E::new_err(format!("job {job} failed"))
/// }
///
/// #[pyfunction]
/// fn run(job: &str) -> PyResult<()> {
///     Err(fail::<JobFailed>(job))
/// }
/// ```
pub trait CustomException {
    /// Its static description.
    ///
    /// ```no_run
    /// use abide::custom_exception::CustomException;
    /// use abide::exceptions::PyException;
    ///
    /// abide::create_exception!(jobs, JobFailed, PyException);
    ///
    /// assert_eq!(JobFailed::def().name, "JobFailed");
    /// ```
    fn def() -> &'static ExceptionDef;

    /// An instance of this exception with a message, raised when it reaches Python.
    ///
    /// The class is found when the error is raised, in the module that added it: raising
    /// a class that no module has added raises `RuntimeError` instead.
    ///
    /// ```no_run
    /// use abide::exceptions::PyException;
    /// use abide::prelude::*;
    ///
    /// abide::create_exception!(jobs, JobFailed, PyException);
    ///
    /// #[pyfunction]
    /// fn run(job: &str) -> PyResult<()> {
    ///     Err(JobFailed::new_err(format!("job {job} failed")))
    /// }
    /// ```
    fn new_err(msg: impl Into<std::borrow::Cow<'static, str>>) -> PyErr {
        PyErr::new_custom(Self::def(), msg.into())
    }

    /// The class object in the current interpreter, found through the module that added
    /// it.
    ///
    /// ```no_run
    /// use abide::custom_exception::CustomException;
    /// use abide::exceptions::PyException;
    /// use abide::prelude::*;
    ///
    /// abide::create_exception!(jobs, JobFailed, PyException);
    ///
    /// /// Whether `f()` raises a JobFailed.
    /// #[pyfunction]
    /// fn job_fails(py: Python<'_>, f: Object<'_>) -> PyResult<bool> {
    ///     let class = JobFailed::type_object(py)?;
    ///     Ok(f.call0().is_err_and(|e| e.matches(py, &class)))
    /// }
    /// ```
    fn type_object(py: Python<'_>) -> PyResult<TypeObject<'_>> {
        exception_type(py, Self::def())
    }
}

impl<T: CustomException> ExceptionBase for T {
    fn base_object<'py>(module: &Module<'py>) -> PyResult<Object<'py>> {
        module.add_exception::<T>().map(TypeObject::into_object)
    }
}

/// Creates (or finds) the class of `def` in `module`: what
/// [`Module::add_exception`] does.
pub(crate) fn add_to_module<'py>(
    module: &Module<'py>,
    def: &'static ExceptionDef,
) -> PyResult<TypeObject<'py>> {
    let py = module.py();
    // A submodule made with `Module::new` has no state: the module being imported keeps
    // the class.
    let owner = crate::impl_::module::state_owner(module, &format!("exception {}", def.name))?;
    if let Some(ty) = existing_in(&owner, def) {
        if owner.as_ptr() != module.as_ptr() {
            module.add(def.name, &ty)?;
        }
        return Ok(ty);
    }
    let base = (def.base)(module)?;
    let qualified = CString::new(format!("{}.{}", def.module, def.name))
        .map_err(|_| crate::exceptions::PyValueError::new_err("exception name contains NUL"))?;
    let doc = CString::new(def.doc)
        .map_err(|_| crate::exceptions::PyValueError::new_err("doc contains NUL"))?;
    // SAFETY: valid C strings and a base class; returns a new class or NULL.
    let ty = unsafe {
        Object::from_owned_ptr_or_err(
            py,
            ffi::PyErr_NewExceptionWithDoc(
                qualified.as_ptr(),
                doc.as_ptr(),
                base.as_ptr(),
                core::ptr::null_mut(),
            ),
        )?
    };
    // SAFETY: PyErr_NewExceptionWithDoc returned a class.
    let ty = unsafe { TypeObject::from_object_unchecked(ty) };
    // SAFETY: a module of this library (`state_owner`).
    let state = unsafe { crate::impl_::module::state_data(owner.as_ptr()) }
        .ok_or_else(|| crate::exceptions::PySystemError::new_err("module has no abide state"))?;
    state.entries.push((
        def as *const ExceptionDef as usize,
        ty.as_object().clone().unbind(),
    ));
    let _ = def
        .home
        .set(CString::new(owner.name()?).unwrap_or_default());
    module.add(def.name, &ty)?;
    crate::impl_::stubs::record_exception(module, def.name);
    Ok(ty)
}

/// The class of `def` kept in the state of `module` (a module of this library), if it has
/// been created there.
fn existing_in<'py>(module: &Module<'py>, def: &'static ExceptionDef) -> Option<TypeObject<'py>> {
    let key = def as *const ExceptionDef as usize;
    // SAFETY: a valid module; `None` unless this library defined it.
    let state = unsafe { crate::impl_::module::state_data(module.as_ptr()) }?;
    let (_, ty) = state.entries.iter().find(|(k, _)| *k == key)?;
    // SAFETY: only classes are stored under this key.
    Some(unsafe { TypeObject::from_object_unchecked(ty.bind(module.py())) })
}

/// The class of `def` in the current interpreter: in the module instance that owns the
/// code running (see [`crate::class::type_object`]), else found through the module that
/// first added it.
pub(crate) fn exception_type<'py>(
    py: Python<'py>,
    def: &'static ExceptionDef,
) -> PyResult<TypeObject<'py>> {
    for module in crate::impl_::context::candidate_modules(py) {
        if let Some(ty) = existing_in(&module, def) {
            return Ok(ty);
        }
    }
    let Some(home) = def.home.get() else {
        return Err(crate::exceptions::PyRuntimeError::new_err(format!(
            "exception {} has not been added to a module (call `m.add_exception::<{}>()` in the #[pymodule])",
            def.name, def.name
        )));
    };
    let module = py.import(home.to_str().unwrap_or(""))?;
    // SAFETY: the home of an abide exception is an abide module.
    let module = unsafe { Module::from_object_unchecked(module) };
    add_to_module(&module, def)
}

/// Declares an exception class: `create_exception!(module, Name, Base, "doc")`.
///
/// `module` is the module part of the class's qualified name (its `__module__`), a name
/// or a dotted path (`create_exception!(pkg.sub, Error, PyException)`), `Base` a built-in
/// exception type (`PyValueError`, `PyException`, ...) or another class declared with
/// this macro, and the docstring is optional. Add it to a module with
/// `m.add_exception::<Name>()` (which adds a custom base too), raise it with
/// `Name::new_err("message")`. The macro declares a struct `Name` that implements
/// [`CustomException`](crate::custom_exception::CustomException).
///
/// ```no_run
/// use abide::exceptions::PyException;
///
/// abide::create_exception!(mymod, MyError, PyException, "Something went wrong.");
/// abide::create_exception!(mymod, MySpecificError, MyError);
/// // In a submodule: `__module__` is "mymod.io".
/// abide::create_exception!(mymod.io, ReadError, MyError);
///
/// use abide::custom_exception::CustomException;
/// assert_eq!(ReadError::def().module, "mymod.io");
/// ```
#[macro_export]
macro_rules! create_exception {
    ($module:ident $(. $sub:ident)*, $name:ident, $base:ty $(, $doc:expr)? $(,)?) => {
        #[doc = concat!("The Python exception `", stringify!($module) $(, ".", stringify!($sub))*, ".", stringify!($name), "`.")]
        pub struct $name(());

        impl $crate::custom_exception::CustomException for $name {
            fn def() -> &'static $crate::custom_exception::ExceptionDef {
                static DEF: $crate::custom_exception::ExceptionDef = $crate::custom_exception::ExceptionDef {
                    name: stringify!($name),
                    module: concat!(stringify!($module) $(, ".", stringify!($sub))*),
                    doc: $crate::create_exception!(@doc $($doc)?),
                    base: <$base as $crate::custom_exception::ExceptionBase>::base_object,
                    home: ::std::sync::OnceLock::new(),
                };
                &DEF
            }
        }

        impl $name {
            /// An instance of this exception with a message, raised when it reaches Python.
            #[allow(dead_code)]
            pub fn new_err(msg: impl Into<::std::borrow::Cow<'static, str>>) -> $crate::PyErr {
                <$name as $crate::custom_exception::CustomException>::new_err(msg)
            }
        }
    };
    (@doc $doc:expr) => { $doc };
    (@doc) => { "" };
}

/// Lets the built-in exception types be bases of custom ones.
macro_rules! builtin_bases {
    ($($t:ident),*) => {$(
        impl ExceptionBase for crate::exceptions::$t {
            fn base_object<'py>(module: &Module<'py>) -> PyResult<Object<'py>> {
                use crate::exceptions::PyExceptionType;
                // SAFETY: a static built-in class.
                Ok(unsafe { Object::from_borrowed_ptr(module.py(), crate::exceptions::$t::type_object_raw()) })
            }
        }
    )*};
}

builtin_bases!(
    PyBaseException,
    PyException,
    PyArithmeticError,
    PyAssertionError,
    PyAttributeError,
    PyBufferError,
    PyEOFError,
    PyFileNotFoundError,
    PyFloatingPointError,
    PyImportError,
    PyIndexError,
    PyKeyError,
    PyKeyboardInterrupt,
    PyLookupError,
    PyMemoryError,
    PyNameError,
    PyNotImplementedError,
    PyOSError,
    PyOverflowError,
    PyPermissionError,
    PyRecursionError,
    PyRuntimeError,
    PyStopIteration,
    PySystemError,
    PyTimeoutError,
    PyTypeError,
    PyUnicodeError,
    PyValueError,
    PyZeroDivisionError
);
