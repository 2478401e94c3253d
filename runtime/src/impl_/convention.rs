//! The calling conventions: every `extern "C"` function CPython calls in generated code
//! is made here, from a body the macros write as a closure.
//!
//! Each convention is a `const fn` taking the body and returning the C function pointer
//! (for a `PyMethodDef`, a `PyGetSetDef` or a `PyType_Slot`). The C function is a generic
//! trampoline instantiated for the closure's type: it makes the attached-thread token,
//! turns the C arguments into Rust views, runs the body through
//! [`trampoline`](super::trampoline::trampoline) (errors raised, panics caught) and
//! returns what CPython expects. The body is inlined into it, so the result is the same
//! machine code as a hand-written wrapper.
//!
//! A closure written in a constant captures nothing, so it is zero-sized; the trampoline
//! recreates it from its type (`body`). That a value of the type was passed to the
//! `const fn` proves the type is inhabited, and `Copy` makes another copy harmless, so the
//! conventions are safe to call; a closure that captures something fails to compile.
//!
//! Adding a convention: a `const fn` and its trampoline here; the macros name it from
//! their table of special methods (`macros/src/pymethods/specials.rs`) or their function
//! and method expansion.

use super::args::FastcallArgs;
use super::class::{TupleDictArgs, vectorcall_nargs};
use super::context::Scope;
use super::trampoline::{ErrorValue, trampoline};
use crate::err::PyResult;
use crate::ffi;
use crate::object::Borrowed;
use crate::python::Python;
use core::ffi::{c_int, c_void};
use core::ptr::NonNull;

/// Recreates the body closure `F` from its type (see the module docs).
#[inline(always)]
fn body<F: Copy>() -> F {
    const {
        assert!(
            core::mem::size_of::<F>() == 0,
            "abide: a calling convention's body must not capture anything"
        )
    };
    // SAFETY: `F` is zero-sized, so reading it from a dangling, aligned pointer reads no
    // memory; a value of `F` existed (the conventions take one) and `F: Copy`, so making
    // another is allowed.
    unsafe { NonNull::<F>::dangling().as_ptr().read() }
}

/// `PyObject *` as it arrives from CPython, borrowed for the call.
///
/// # Safety
/// `ptr` is a valid object for `'a`, and the thread is attached.
#[inline(always)]
unsafe fn borrowed<'a, 'py>(py: Python<'py>, ptr: *mut ffi::PyObject) -> Borrowed<'a, 'py> {
    // SAFETY: per the caller.
    unsafe { Borrowed::from_ptr(py, ptr) }
}

// ---------------------------------------------------------------------------------------
// The bodies: what each convention passes to the closure the macros write. Each is a
// `Fn` bound under a name (implemented for every closure of that shape), so a signature is
// written once; the compiler still infers the closure's parameter types from it.

macro_rules! body_trait {
    ($(#[$doc:meta])* $name:ident$(<$r:ident>)?: $($bound:tt)*) => {
        $(#[$doc])*
        pub trait $name$(<$r>)?: $($bound)* + Copy {}
        impl<$($r,)? F: $($bound)* + Copy> $name$(<$r>)? for F {}
    };
}

body_trait! {
    /// A module function or static method: the arguments.
    FunctionBody: for<'py> Fn(Python<'py>, FastcallArgs<'_>) -> PyResult<*mut ffi::PyObject>
}
body_trait! {
    /// A function without parameters.
    NoArgsBody: for<'py> Fn(Python<'py>) -> PyResult<*mut ffi::PyObject>
}
body_trait! {
    /// A slot of the instance alone (and a getter): the instance.
    SlotBody<R>: for<'py> Fn(Python<'py>, *mut ffi::PyObject) -> PyResult<R>
}
body_trait! {
    /// A setter: the instance and the new value (`None` to delete).
    SetterBody: for<'py> Fn(Python<'py>, *mut ffi::PyObject, Option<Borrowed<'_, 'py>>) -> PyResult<()>
}
body_trait! {
    /// A slot of the instance and one object: the instance and the object.
    ArgBody<R>: for<'py> Fn(Python<'py>, *mut ffi::PyObject, Borrowed<'_, 'py>) -> PyResult<R>
}
body_trait! {
    /// `__call__`, an instance method, a class method: the instance (or class) and the
    /// arguments.
    CallBody: for<'py> Fn(Python<'py>, *mut ffi::PyObject, FastcallArgs<'_>) -> PyResult<*mut ffi::PyObject>
}
body_trait! {
    /// `#[new]`: the type to create and the arguments.
    NewBody: for<'py> Fn(Python<'py>, *mut ffi::PyTypeObject, FastcallArgs<'_>) -> PyResult<*mut ffi::PyObject>
}
body_trait! {
    /// `Py_mod_exec`: the new module.
    ModuleBody: for<'py> Fn(&crate::types::Module<'py>) -> PyResult<()>
}

// ---------------------------------------------------------------------------------------
// Functions and methods (`PyMethodDef`)

/// A module function or static method: `METH_FASTCALL | METH_KEYWORDS`. The body gets the
/// arguments.
pub const fn function<F: FunctionBody>(f: F) -> ffi::PyCFunctionFastWithKeywords {
    let _ = f;
    function_c::<F>
}

unsafe extern "C" fn function_c<F: FunctionBody>(
    slf: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    nargs: ffi::Py_ssize_t,
    kwnames: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls functions attached, with a valid argument vector.
    let (py, call) = unsafe {
        (
            Python::assume_attached(),
            FastcallArgs::new(args, nargs, kwnames),
        )
    };
    let _scope = Scope::module(slf);
    trampoline(py, |py| body::<F>()(py, call))
}

/// A class method: `METH_CLASS | METH_FASTCALL | METH_KEYWORDS`. The body gets the class
/// and the arguments.
///
/// Not `METH_METHOD`: a bound `METH_METHOD` method is a `builtin_method`, whose type's own
/// `__doc__` (None) shadows the docstring getter it inherits, so `Class.method.__doc__`
/// would be `None` on CPython 3.13 to 3.15.
pub const fn class_method<F: CallBody>(f: F) -> ffi::PyCFunctionFastWithKeywords {
    let _ = f;
    class_method_c::<F>
}

unsafe extern "C" fn class_method_c<F: CallBody>(
    cls: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    nargs: ffi::Py_ssize_t,
    kwnames: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls class methods attached, with the class and a valid argument
    // vector.
    unsafe { receiver_call::<F>(cls, Scope::class(cls.cast()), args, nargs, kwnames) }
}

/// A module function without parameters: `METH_NOARGS`, the cheapest call.
pub const fn function_noargs<F: NoArgsBody>(f: F) -> ffi::PyCFunction {
    let _ = f;
    function_noargs_c::<F>
}

unsafe extern "C" fn function_noargs_c<F: NoArgsBody>(
    slf: *mut ffi::PyObject,
    _unused: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls functions attached.
    let py = unsafe { Python::assume_attached() };
    let _scope = Scope::module(slf);
    trampoline(py, |py| body::<F>()(py))
}

/// An instance method: `METH_FASTCALL | METH_KEYWORDS`. The body gets `self` and the
/// arguments.
pub const fn method<F: CallBody>(f: F) -> ffi::PyCFunctionFastWithKeywords {
    let _ = f;
    method_c::<F>
}

unsafe extern "C" fn method_c<F: CallBody>(
    slf: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    nargs: ffi::Py_ssize_t,
    kwnames: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls methods attached, with `slf` an instance of the class whose
    // method descriptor was called (the descriptor checks it) and a valid argument vector.
    unsafe { receiver_call::<F>(slf, Scope::object(slf), args, nargs, kwnames) }
}

/// The body of an instance or class method, with its receiver noted in `scope` for the
/// call (see `context`).
///
/// # Safety
/// Attached, with `receiver` the method's `self` (or class) and a valid argument vector.
#[inline(always)]
unsafe fn receiver_call<F: CallBody>(
    receiver: *mut ffi::PyObject,
    scope: Scope,
    args: *const *mut ffi::PyObject,
    nargs: ffi::Py_ssize_t,
    kwnames: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: per the caller.
    let (py, call) = unsafe {
        (
            Python::assume_attached(),
            FastcallArgs::new(args, nargs, kwnames),
        )
    };
    let _scope = scope;
    trampoline(py, |py| body::<F>()(py, receiver, call))
}

// ---------------------------------------------------------------------------------------
// Properties (`PyGetSetDef`)

/// A property's getter. The body gets the instance.
pub const fn getter<F: SlotBody<*mut ffi::PyObject>>(f: F) -> ffi::getter {
    let _ = f;
    getter_c::<F>
}

unsafe extern "C" fn getter_c<F: SlotBody<*mut ffi::PyObject>>(
    slf: *mut ffi::PyObject,
    _closure: *mut c_void,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls getters attached, with an instance of the class.
    let py = unsafe { Python::assume_attached() };
    let _scope = Scope::object(slf);
    trampoline(py, |py| body::<F>()(py, slf))
}

/// A property's setter. The body gets the instance and the new value, or `None` for
/// `del obj.attr`.
pub const fn setter<F: SetterBody>(f: F) -> ffi::setter {
    let _ = f;
    setter_c::<F>
}

unsafe extern "C" fn setter_c<F: SetterBody>(
    slf: *mut ffi::PyObject,
    value: *mut ffi::PyObject,
    _closure: *mut c_void,
) -> c_int {
    // SAFETY: CPython calls setters attached, with an instance of the class and a value
    // (NULL to delete).
    let (py, value) = unsafe {
        let py = Python::assume_attached();
        (py, Borrowed::from_ptr_opt(py, value))
    };
    let _scope = Scope::object(slf);
    trampoline(py, |py| body::<F>()(py, slf, value).map(|()| 0))
}

// ---------------------------------------------------------------------------------------
// Type slots

/// A slot of the instance alone: `unaryfunc` (`__repr__`, `__neg__`, `__next__`, ...),
/// `lenfunc`, `hashfunc` and `inquiry` (`__len__`, `__hash__`, `__bool__`), by what `R`
/// is.
pub const fn unary<R: ErrorValue, F: SlotBody<R>>(
    f: F,
) -> unsafe extern "C" fn(*mut ffi::PyObject) -> R {
    let _ = f;
    unary_c::<R, F>
}

unsafe extern "C" fn unary_c<R: ErrorValue, F: SlotBody<R>>(slf: *mut ffi::PyObject) -> R {
    // SAFETY: CPython calls slots attached with an instance of the class.
    let py = unsafe { Python::assume_attached() };
    let _scope = Scope::object(slf);
    trampoline(py, |py| body::<F>()(py, slf))
}

/// A slot of the instance and one object: `binaryfunc` (`__getitem__`'s mapping form)
/// and `objobjproc` (`__contains__`), by what `R` is. The body gets the object borrowed.
pub const fn binary<R: ErrorValue, F: ArgBody<R>>(
    f: F,
) -> unsafe extern "C" fn(*mut ffi::PyObject, *mut ffi::PyObject) -> R {
    let _ = f;
    binary_c::<R, F>
}

unsafe extern "C" fn binary_c<R: ErrorValue, F: ArgBody<R>>(
    slf: *mut ffi::PyObject,
    arg: *mut ffi::PyObject,
) -> R {
    // SAFETY: CPython calls slots attached with an instance of the class and an object.
    let (py, arg) = unsafe {
        let py = Python::assume_attached();
        (py, borrowed(py, arg))
    };
    let _scope = Scope::object(slf);
    trampoline(py, |py| body::<F>()(py, slf, arg))
}

/// `__getitem__`: the mapping slot (`mp_subscript`) and the sequence slot (`sq_item`,
/// which passes the index as an `int`), as CPython gives a Python class with
/// `__getitem__` both, so `iter()` over indices and `PySequence_GetItem` work.
pub const fn subscript<F: ArgBody<*mut ffi::PyObject>>(
    f: F,
) -> (ffi::binaryfunc, ffi::ssizeargfunc) {
    let _ = f;
    (binary_c::<*mut ffi::PyObject, F>, sequence_item_c::<F>)
}

unsafe extern "C" fn sequence_item_c<F: ArgBody<*mut ffi::PyObject>>(
    slf: *mut ffi::PyObject,
    index: ffi::Py_ssize_t,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls slots attached with an instance of the class.
    unsafe {
        let key = ffi::PyLong_FromSsize_t(index);
        if key.is_null() {
            return key;
        }
        let result = binary_c::<*mut ffi::PyObject, F>(slf, key);
        ffi::Py_DecRef(key);
        result
    }
}

/// `__getattr__`: `tp_getattro` does the normal lookup first and runs the body only when
/// that raises `AttributeError`, as CPython does for a Python class.
pub const fn getattr<F: ArgBody<*mut ffi::PyObject>>(f: F) -> ffi::getattrofunc {
    let _ = f;
    getattr_c::<F>
}

unsafe extern "C" fn getattr_c<F: ArgBody<*mut ffi::PyObject>>(
    slf: *mut ffi::PyObject,
    name: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls slots attached with an instance of the class and a str.
    unsafe {
        let found = ffi::PyObject_GenericGetAttr(slf, name);
        if !found.is_null() || !crate::class::slots::attribute_error_raised() {
            return found;
        }
        binary_c::<*mut ffi::PyObject, F>(slf, name)
    }
}

/// `__call__` (`tp_call`): the tuple and dict CPython passes are turned into a
/// vectorcall view, so the body parses them like any call.
pub const fn call<F: CallBody>(f: F) -> ffi::ternaryfunc {
    let _ = f;
    call_c::<F>
}

unsafe extern "C" fn call_c<F: CallBody>(
    slf: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    let _scope = Scope::object(slf);
    // SAFETY: CPython calls tp_call attached with an instance, a tuple and a dict or NULL.
    unsafe { tuple_dict_call(args, kwargs, |py, call| body::<F>()(py, slf, call)) }
}

/// Runs `f` in the trampoline with the vectorcall view of a tuple-and-dict call
/// (`tp_call`, `tp_new`).
///
/// # Safety
/// Attached; `args` is a tuple and `kwargs` a dict or NULL, both alive for the call.
#[inline(always)]
unsafe fn tuple_dict_call(
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
    f: impl for<'py> FnOnce(Python<'py>, FastcallArgs<'_>) -> PyResult<*mut ffi::PyObject>,
) -> *mut ffi::PyObject {
    // SAFETY: per the caller.
    let py = unsafe { Python::assume_attached() };
    trampoline(py, |py| {
        // SAFETY: per the caller.
        let converted = unsafe { TupleDictArgs::new(py, args, kwargs)? };
        f(py, converted.fastcall())
    })
}

/// `#[new]`'s `tp_new`, for `type.__call__`'s generic path and for subclasses: the body
/// gets the type to create and the arguments.
///
/// The same body also goes to [`vectorcall`] (the macros write it twice): one closure
/// called from two trampolines is not always inlined into both, which costs the fast path
/// a call.
pub const fn new<F: NewBody>(f: F) -> ffi::newfunc {
    let _ = f;
    new_c::<F>
}

/// `#[new]`'s `tp_vectorcall`, the fast path for `Class(...)`: the body gets the type to
/// create (the type itself: `tp_vectorcall` is not inherited) and the arguments.
pub const fn vectorcall<F: NewBody>(f: F) -> ffi::vectorcallfunc {
    let _ = f;
    vectorcall_c::<F>
}

unsafe extern "C" fn new_c<F: NewBody>(
    subtype: *mut ffi::PyTypeObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    let _scope = Scope::class(subtype);
    // SAFETY: CPython calls tp_new attached with a subtype of the class, a tuple and a
    // dict (or NULL).
    unsafe { tuple_dict_call(args, kwargs, |py, call| body::<F>()(py, subtype, call)) }
}

unsafe extern "C" fn vectorcall_c<F: NewBody>(
    callable: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    nargsf: usize,
    kwnames: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls a type's vectorcall attached, with a valid argument vector;
    // `callable` is the type itself (tp_vectorcall is not inherited by subclasses).
    let (py, call) = unsafe {
        (
            Python::assume_attached(),
            FastcallArgs::new(args, vectorcall_nargs(nargsf), kwnames),
        )
    };
    let _scope = Scope::class(callable.cast());
    trampoline(py, |py| body::<F>()(py, callable.cast(), call))
}

// ---------------------------------------------------------------------------------------
// Modules

/// A module's `Py_mod_exec`: the body runs the user's `#[pymodule]` function on the new
/// module (see [`exec`](super::module::exec) for what surrounds it).
pub const fn module_exec<F: ModuleBody>(f: F) -> super::module::ExecFn {
    let _ = f;
    module_exec_c::<F>
}

unsafe extern "C" fn module_exec_c<F: ModuleBody>(module: *mut ffi::PyObject) -> c_int {
    // SAFETY: CPython calls Py_mod_exec with the new module.
    unsafe { super::module::exec(module, body::<F>()) }
}

// ---------------------------------------------------------------------------------------
// The buffer protocol

body_trait! {
    /// `__getbuffer__`: the instance, the view to fill and the consumer's flags.
    GetBufferBody: for<'py> Fn(Python<'py>, *mut ffi::PyObject, *mut ffi::Py_buffer, c_int) -> PyResult<()>
}
body_trait! {
    /// `__releasebuffer__`: the instance and the view being released.
    ReleaseBufferBody: for<'py> Fn(Python<'py>, *mut ffi::PyObject, *mut ffi::Py_buffer) -> PyResult<()>
}

/// `__getbuffer__` (`bf_getbuffer`). On an error the view's `obj` is released and set to
/// NULL, as CPython requires of a failed export, whatever the body left there.
pub const fn getbuffer<F: GetBufferBody>(f: F) -> ffi::getbufferproc {
    let _ = f;
    getbuffer_c::<F>
}

unsafe extern "C" fn getbuffer_c<F: GetBufferBody>(
    slf: *mut ffi::PyObject,
    view: *mut ffi::Py_buffer,
    flags: c_int,
) -> c_int {
    // SAFETY: CPython calls bf_getbuffer attached, with an instance of the class and the
    // view to fill (NULL only from a broken caller, refused as CPython's own exporters do).
    unsafe {
        let py = Python::assume_attached();
        if view.is_null() {
            crate::exceptions::PyBufferError::new_err("NULL view in getbuffer").restore(py);
            return -1;
        }
        // A clean struct: a body that returns `Ok` without filling it (a safe
        // `__getbuffer__` that drops its `BufferRequest`) is then caught below, instead
        // of handing the consumer whatever the struct held.
        view.write(ffi::Py_buffer::new());
        let _scope = Scope::object(slf);
        let mut rc = trampoline(py, |py| body::<F>()(py, slf, view, flags).map(|()| 0));
        if rc == 0 && (*view).obj.is_null() {
            crate::exceptions::PyBufferError::new_err(
                "__getbuffer__ returned without filling the view",
            )
            .restore(py);
            rc = -1;
        }
        if rc != 0 && !(*view).obj.is_null() {
            ffi::Py_DecRef(core::mem::replace(&mut (*view).obj, core::ptr::null_mut()));
        }
        rc
    }
}

/// `__releasebuffer__` (`bf_releasebuffer`), which cannot fail: an error (or a panic) is
/// reported through `sys.unraisablehook`.
pub const fn releasebuffer<F: ReleaseBufferBody>(f: F) -> ffi::releasebufferproc {
    let _ = f;
    releasebuffer_c::<F>
}

unsafe extern "C" fn releasebuffer_c<F: ReleaseBufferBody>(
    slf: *mut ffi::PyObject,
    view: *mut ffi::Py_buffer,
) {
    // SAFETY: CPython calls bf_releasebuffer attached (from `PyBuffer_Release`), with the
    // exporting instance and a view it filled.
    unsafe {
        let py = Python::assume_attached();
        let _scope = Scope::object(slf);
        // Keep an exception in flight (a view released while one propagates).
        let saved = crate::compat::get_raised_exception();
        let rc: c_int = trampoline(py, |py| body::<F>()(py, slf, view).map(|()| 0));
        if rc != 0 {
            ffi::PyErr_WriteUnraisable(slf);
        }
        crate::compat::set_raised_exception(saved);
    }
}
