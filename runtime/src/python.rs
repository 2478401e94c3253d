//! The [`Python`] token: proof that the current thread is attached to the interpreter.

mod eval;

use crate::err::PyResult;
use crate::ffi;
use crate::object::Object;
use core::marker::PhantomData;

/// A zero-sized proof that the current thread is attached to a Python interpreter.
///
/// Every abide function that touches Python objects takes one. Functions called from
/// Python get it for free: declare a parameter of type `Python<'_>` and the generated
/// wrapper passes it in. It is neither `Send` nor `Sync`, so it cannot leak to a thread
/// that is not attached.
///
/// ```no_run
/// use abide::prelude::*;
///
/// #[pyfunction]
/// fn answer(py: Python<'_>) -> PyResult<Object<'_>> {
///     42i64.into_pyobject(py)
/// }
/// ```
#[derive(Copy, Clone)]
pub struct Python<'py>(PhantomData<(&'py (), *mut ())>);

/// What this thread's innermost [`Python::attach`] or [`Python::detach`] made it, for
/// [`attached_here`] below 3.12: `ATTACHED`, `DETACHED`, or `UNKNOWN` outside both.
const UNKNOWN: u8 = 0;
const ATTACHED: u8 = 1;
const DETACHED: u8 = 2;

thread_local! {
    static SCOPE: core::cell::Cell<u8> = const { core::cell::Cell::new(UNKNOWN) };
}

/// Notes `state` for this thread until dropped, then restores the outer one.
pub(crate) struct Scope(u8);

impl Scope {
    fn enter(state: u8) -> Scope {
        Scope(SCOPE.try_with(|s| s.replace(state)).unwrap_or(UNKNOWN))
    }

    /// Notes that this thread is attached (by a thread state abide made for it) until the
    /// scope is dropped.
    pub(crate) fn attached() -> Scope {
        Scope::enter(ATTACHED)
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        let _ = SCOPE.try_with(|s| s.set(self.0));
    }
}

/// Whether this thread is attached to an interpreter: for code that may run on any
/// thread (dropping a `Py`, waking a coroutine) and must attach only if it is not.
///
/// From CPython 3.12 the current thread state is the thread's own, so
/// `PyThreadState_GetDict` answers (NULL, raising nothing, when not attached). 3.11 keeps
/// one current thread state for the whole process, the GIL holder's, and has no Limited
/// API to ask "is it mine": there, inside `Python::attach` the thread is attached, inside
/// `py.detach` it is not, and elsewhere it is attached if Python made a thread state for
/// it (`PyGILState_GetThisThreadState`), since abide code runs on a thread Python knows
/// only when Python called it. (`PyGILState_Ensure` is no answer: on a thread running a
/// subinterpreter it waits for the GIL the thread itself holds.)
#[inline]
pub(crate) fn attached_here() -> bool {
    if crate::compat::version() >= 0x030C_0000 {
        // SAFETY: callable on any thread from 3.12 (see above).
        return !unsafe { ffi::PyThreadState_GetDict() }.is_null();
    }
    match SCOPE.try_with(|s| s.get()).unwrap_or(UNKNOWN) {
        ATTACHED => true,
        DETACHED => false,
        // SAFETY: callable on any thread.
        _ => !unsafe { ffi::PyGILState_GetThisThreadState() }.is_null(),
    }
}

impl<'py> Python<'py> {
    /// Asserts that the current thread is attached to the interpreter.
    ///
    /// For code called directly from CPython (a raw C callback) that has no token to
    /// hand. Everything abide generates passes the token for you.
    ///
    /// # Safety
    /// The calling thread must hold an attached thread state for the lifetime `'py`.
    ///
    /// ```no_run
    /// use abide::ffi;
    /// use abide::prelude::*;
    ///
    /// /// A C callback that CPython calls with the thread attached.
    /// unsafe extern "C" fn callback(_arg: *mut ffi::PyObject) -> *mut ffi::PyObject {
    ///     // SAFETY: CPython calls this function attached.
    ///     let py = unsafe { Python::assume_attached() };
    ///     py.None().into_ptr()
    /// }
    /// ```
    #[inline(always)]
    pub unsafe fn assume_attached() -> Python<'py> {
        Python(PhantomData)
    }

    /// Runs `f` with the thread attached to the interpreter, attaching it first if needed
    /// (through `PyGILState_Ensure`), for code running on threads that Python did not
    /// start. PyO3 called this `with_gil` before 0.26.
    ///
    /// Calls nest, and a thread that is already attached stays attached. From a thread
    /// with no interpreter of its own, `PyGILState_Ensure` attaches to the *main*
    /// interpreter: do not use this with objects of a subinterpreter. And a thread that
    /// calls it while Python is exiting hangs there. For worker threads and callbacks,
    /// take an [`Interpreter`](crate::interpreter::Interpreter) handle with
    /// [`Python::interpreter`] and attach through it: it attaches to the interpreter the
    /// handle came from, and returns an error once that interpreter is shutting down.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// /// Calls `f(21)` on a thread started by Rust.
    /// #[pyfunction]
    /// fn call_from_thread(py: Python<'_>, f: Py<PyAny>) -> PyResult<i64> {
    ///     let handle = std::thread::spawn(move || {
    ///         Python::attach(|py| f.bind(py).call1((21,))?.extract::<i64>())
    ///     });
    ///     // Detached while waiting, so that the thread can attach.
    ///     py.detach(|| handle.join()).expect("the thread panicked")
    /// }
    /// ```
    pub fn attach<F, R>(f: F) -> R
    where
        F: for<'a> FnOnce(Python<'a>) -> R,
    {
        struct Release(ffi::PyGILState_STATE);
        impl Drop for Release {
            fn drop(&mut self) {
                // SAFETY: pairs the PyGILState_Ensure below.
                unsafe { ffi::PyGILState_Release(self.0) }
            }
        }
        // SAFETY: PyGILState_Ensure may be called from any thread once Python is running.
        let _guard = Release(unsafe { ffi::PyGILState_Ensure() });
        let _scope = Scope::enter(ATTACHED);
        // SAFETY: the thread is attached until `_guard` drops.
        f(unsafe { Python::assume_attached() })
    }

    /// Detaches the thread from the interpreter while `f` runs (PyO3's `allow_threads`
    /// before 0.26), so other threads can run Python code meanwhile; on a GIL build this
    /// releases the GIL. `f` cannot touch Python objects: it gets no token, and must be
    /// `Send`. The thread is attached again when `f` returns or panics.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn busy_sum(py: Python<'_>, n: u64) -> u64 {
    ///     py.detach(|| (0..n).sum())
    /// }
    /// ```
    pub fn detach<T, F>(self, f: F) -> T
    where
        F: Send + FnOnce() -> T,
        T: Send,
    {
        struct Restore(*mut ffi::PyThreadState);
        impl Drop for Restore {
            fn drop(&mut self) {
                // SAFETY: pairs PyEval_SaveThread below, also when `f` panics.
                unsafe { ffi::PyEval_RestoreThread(self.0) }
            }
        }
        // SAFETY: the token proves this thread is attached.
        let _restore = Restore(unsafe { ffi::PyEval_SaveThread() });
        let _scope = Scope::enter(DETACHED);
        f()
    }

    /// Python's `None`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn nothing(py: Python<'_>) -> Object<'_> {
    ///     py.None()
    /// }
    /// ```
    #[allow(non_snake_case)]
    #[inline]
    pub fn None(self) -> Object<'py> {
        // SAFETY: a new reference (no refcount change from 3.12 on, where None is
        // immortal: skipping the call matters on hot paths).
        unsafe { Object::from_owned_ptr(self, crate::compat::singleton_ref(ffi::Py_None())) }
    }

    /// Python's `NotImplemented`, for binary operators that do not handle an operand.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyclass]
    /// struct Meters(f64);
    ///
    /// #[pymethods]
    /// impl Meters {
    ///     /// Adds a number; leaves other types to Python (and their `__radd__`).
    ///     fn __add__<'py>(&self, py: Python<'py>, other: Object<'py>) -> PyResult<Object<'py>> {
    ///         match other.extract::<f64>() {
    ///             Ok(x) => Meters(self.0 + x).into_pyobject(py),
    ///             Err(_) => Ok(py.NotImplemented()),
    ///         }
    ///     }
    /// }
    /// ```
    #[allow(non_snake_case)]
    #[inline]
    pub fn NotImplemented(self) -> Object<'py> {
        // SAFETY: a new reference (see `None`).
        unsafe {
            Object::from_owned_ptr(self, crate::compat::singleton_ref(ffi::Py_NotImplemented()))
        }
    }

    /// Imports a module, like `import name`, and returns it.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn sqrt2(py: Python<'_>) -> PyResult<f64> {
    ///     let math = py.import("math")?;
    ///     math.call_method1("sqrt", (2.0,))?.extract()
    /// }
    /// ```
    pub fn import(self, name: &str) -> PyResult<Object<'py>> {
        let name = crate::types::str_from_rust(self, name)?;
        // SAFETY: name is a valid str object.
        unsafe { Object::from_owned_ptr_or_err(self, ffi::PyImport_Import(name.as_ptr())) }
    }
}
