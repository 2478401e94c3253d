//! Static method tables for `#[pyfunction]`s, and how `wrap_pyfunction!` finds one
//! ([`PyFunction`], with a compile error for a function without `#[pyfunction]`).

use crate::ffi;
use core::cell::UnsafeCell;
use core::ffi::CStr;
use core::marker::PhantomData;

/// One Python-callable function: a static `PyMethodDef` emitted by `#[pyfunction]`.
///
/// Register it with [`Module::add_function`](crate::types::Module::add_function) through
/// [`wrap_pyfunction!`](crate::wrap_pyfunction).
pub struct FunctionDef(UnsafeCell<ffi::PyMethodDef>, Stub);

/// The function's type stub: its text with the `stubs` feature, nothing without (so a
/// shipped library spends no bytes per function on it).
#[cfg(feature = "stubs")]
type Stub = &'static str;
#[cfg(not(feature = "stubs"))]
type Stub = ();

#[cfg(feature = "stubs")]
const NO_STUB: Stub = "";
#[cfg(not(feature = "stubs"))]
const NO_STUB: Stub = ();

// SAFETY: CPython only reads a PyMethodDef, and it is never written after construction.
unsafe impl Sync for FunctionDef {}

impl FunctionDef {
    /// A `METH_FASTCALL | METH_KEYWORDS` function.
    pub const fn fastcall(
        name: &'static CStr,
        doc: &'static CStr,
        meth: ffi::PyCFunctionFastWithKeywords,
    ) -> Self {
        FunctionDef(
            UnsafeCell::new(ffi::PyMethodDef {
                ml_name: name.as_ptr(),
                ml_meth: ffi::PyMethodDefPointer {
                    PyCFunctionFastWithKeywords: meth,
                },
                ml_flags: ffi::METH_FASTCALL | ffi::METH_KEYWORDS,
                ml_doc: doc.as_ptr(),
            }),
            NO_STUB,
        )
    }

    /// A `METH_NOARGS` function: the cheapest call for functions without parameters.
    pub const fn noargs(name: &'static CStr, doc: &'static CStr, meth: ffi::PyCFunction) -> Self {
        FunctionDef(
            UnsafeCell::new(ffi::PyMethodDef {
                ml_name: name.as_ptr(),
                ml_meth: ffi::PyMethodDefPointer { PyCFunction: meth },
                ml_flags: ffi::METH_NOARGS,
                ml_doc: doc.as_ptr(),
            }),
            NO_STUB,
        )
    }

    /// A `METH_O` function: one positional argument.
    pub const fn one_arg(name: &'static CStr, doc: &'static CStr, meth: ffi::PyCFunction) -> Self {
        FunctionDef(
            UnsafeCell::new(ffi::PyMethodDef {
                ml_name: name.as_ptr(),
                ml_meth: ffi::PyMethodDefPointer { PyCFunction: meth },
                ml_flags: ffi::METH_O,
                ml_doc: doc.as_ptr(),
            }),
            NO_STUB,
        )
    }

    /// The same function with its type stub: `def name(...) -> T: ...`, as
    /// `#[pyfunction]` renders it (see [`crate::impl_::stubs`]).
    #[cfg(feature = "stubs")]
    pub const fn with_stub(self, stub: &'static str) -> Self {
        FunctionDef(self.0, stub)
    }

    /// The same function with its type stub, which is dropped here without the `stubs`
    /// feature, during constant evaluation, so it never reaches the binary.
    #[cfg(not(feature = "stubs"))]
    pub const fn with_stub(self, _stub: &'static str) -> Self {
        self
    }

    /// The function's type stub (empty if it has none).
    #[cfg(feature = "stubs")]
    pub fn stub(&self) -> &'static str {
        self.1
    }

    /// The `PyMethodDef` for CPython.
    pub fn as_ptr(&'static self) -> *mut ffi::PyMethodDef {
        self.0.get()
    }

    /// The function's Python name.
    pub fn name(&'static self) -> &'static CStr {
        // SAFETY: set from a `&'static CStr` in the constructors.
        unsafe { CStr::from_ptr((*self.0.get()).ml_name) }
    }
}

impl FunctionDef {
    /// Placeholder emitted next to a `#[pyfunction]` that failed to compile, so that only
    /// the real error is reported. A crate that contains it never builds.
    pub const fn invalid() -> FunctionDef {
        FunctionDef::noargs(c"invalid", c"", invalid)
    }
}

unsafe extern "C" fn invalid(_: *mut ffi::PyObject, _: *mut ffi::PyObject) -> *mut ffi::PyObject {
    core::ptr::null_mut()
}

/// Implemented by the hidden type that `#[pyfunction]` declares under the function's own
/// name (types and functions have separate namespaces), which `wrap_pyfunction!` looks up.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a #[pyfunction]",
    label = "`wrap_pyfunction!` takes a function marked #[pyfunction]",
    note = "add `#[pyfunction]` to `fn {Self}`"
)]
pub trait PyFunction {
    /// The function's static definition.
    fn def() -> &'static FunctionDef;
}

/// What `wrap_pyfunction!(f)` evaluates to.
#[inline(always)]
pub fn function_def<F: PyFunction>(_function: PhantomData<F>) -> &'static FunctionDef {
    F::def()
}
