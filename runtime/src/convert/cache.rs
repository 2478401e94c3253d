//! Objects from the standard library that conversions need on every call (the `datetime`
//! classes, `pathlib.Path`, attribute names), kept per interpreter without a Rust static.
//!
//! # Where they are kept, and why there
//!
//! A Rust `static` holding a `PyObject*` is wrong with subinterpreters: each interpreter
//! has its own `datetime` module (and, with its own allocator, objects of one must never
//! reach another). Module state is per interpreter, but a conversion (an
//! `impl FromPyObject`) does not know which module it runs for, and finding out costs a
//! walk from the receiver's type to its module. So the objects go in the **thread state's
//! dictionary** (`PyThreadState_GetDict`, Limited API): it belongs to one thread *and* one
//! interpreter, CPython clears it (releasing what it holds) when the thread state goes, no
//! Python code can reach it, and a lookup is one dict probe by a C-string key (about 45 ns
//! on the benchmark machine, once per conversion: checks and constructors share the
//! entry they fetched). Each thread that converts imports once (the module is already in
//! `sys.modules`, so that is a dict lookup too).
//!
//! No Rust-side shortcut (a thread-local pointer to the entry, keyed by interpreter and
//! thread-state id) is taken, although it would save the probe: while CPython clears a
//! thread state's dictionary, a finalizer can still run on that thread state, and a
//! remembered pointer would then name a dying tuple. A probe always returns a new
//! reference to what the dictionary holds now. (`PyInterpreterState_GetDict` would do
//! as well for one entry per interpreter, but every thread would then share, and on the
//! free-threaded build contend for, the same objects' reference counts.)
//!
//! The entry is a tuple whose layout the key names (`abide.datetime.1`): another abide
//! library in the same process shares the entry only if it agrees on the layout, and an
//! entry of the wrong shape is replaced. Everything read from it is used through the
//! Python API only (calls, `isinstance`, attribute reads), so even a module patched before
//! the first conversion yields wrong answers at worst, never undefined behaviour; patching
//! after it changes nothing, the cached objects are kept.

use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::object::{Borrowed, Object};
use crate::python::Python;
use core::ffi::CStr;

/// A cached tuple of objects; [`item`](Self::item) reads one.
pub(crate) struct Cached<'py>(Object<'py>);

impl<'py> Cached<'py> {
    /// The token.
    #[inline]
    pub(crate) fn py(&self) -> Python<'py> {
        self.0.py()
    }

    /// The object at `index` (within the length the entry was fetched with).
    #[inline]
    pub(crate) fn item(&self, index: usize) -> Borrowed<'_, 'py> {
        // SAFETY: a tuple whose length `get` checked to exceed every index its callers use;
        // the item is borrowed from the tuple, which `self` keeps alive.
        unsafe {
            Borrowed::from_ptr(
                self.0.py(),
                ffi::PyTuple_GetItem(self.0.as_ptr(), index as ffi::Py_ssize_t),
            )
        }
    }
}

/// The tuple of `len` objects kept under `key` in this thread state, built by `init` the
/// first time.
pub(crate) fn get<'py>(
    py: Python<'py>,
    key: &'static CStr,
    len: usize,
    init: fn(Python<'py>) -> PyResult<Object<'py>>,
) -> PyResult<Cached<'py>> {
    // SAFETY: attached (the token); a borrowed dict or NULL (raising nothing).
    let dict = unsafe { ffi::PyThreadState_GetDict() };
    if !dict.is_null() {
        let mut out = core::ptr::null_mut();
        // SAFETY: a dict and a C string; `out` receives a new reference or NULL.
        let found =
            unsafe { crate::compat::dict_get_item_string_ref(dict, key.as_ptr(), &mut out) };
        if found < 0 {
            return Err(PyErr::fetch(py));
        }
        if found > 0 {
            // SAFETY: a new reference.
            let value = unsafe { Object::from_owned_ptr(py, out) };
            // SAFETY: a valid object.
            let ok = unsafe {
                crate::compat::tuple_check(value.as_ptr()) != 0
                    && ffi::PyTuple_Size(value.as_ptr()) == len as ffi::Py_ssize_t
            };
            if ok {
                return Ok(Cached(value));
            }
        }
    }
    let value = init(py)?;
    // SAFETY: a valid object.
    let ok = unsafe {
        crate::compat::tuple_check(value.as_ptr()) != 0
            && ffi::PyTuple_Size(value.as_ptr()) == len as ffi::Py_ssize_t
    };
    if !ok {
        return Err(crate::exceptions::PySystemError::new_err(
            "abide: a cached entry has the wrong shape",
        ));
    }
    if !dict.is_null() {
        // SAFETY: a dict, a C string and a valid object. Failing to cache is not an
        // error: the next call builds the entry again.
        if unsafe { ffi::PyDict_SetItemString(dict, key.as_ptr(), value.as_ptr()) } < 0 {
            // SAFETY: attached.
            unsafe { ffi::PyErr_Clear() };
        }
    }
    Ok(Cached(value))
}

/// `getattr(module, name)` for each name, after importing `module`.
pub(crate) fn import_attrs<'py>(
    py: Python<'py>,
    module: &CStr,
    names: &[&CStr],
) -> PyResult<Vec<Object<'py>>> {
    // SAFETY: a C string; a new reference or NULL with the error set.
    let module =
        unsafe { Object::from_owned_ptr_or_err(py, ffi::PyImport_ImportModule(module.as_ptr()))? };
    names
        .iter()
        .map(|name| {
            // SAFETY: a valid object and a C string.
            unsafe {
                Object::from_owned_ptr_or_err(
                    py,
                    ffi::PyObject_GetAttrString(module.as_ptr(), name.as_ptr()),
                )
            }
        })
        .collect()
}

/// `callable(*args)` with already-converted positional arguments.
#[inline]
pub(crate) fn call<'py>(
    py: Python<'py>,
    callable: Borrowed<'_, 'py>,
    args: &[*mut ffi::PyObject],
) -> PyResult<Object<'py>> {
    // SAFETY: valid objects; the argument vector is only read.
    unsafe {
        Object::from_owned_ptr_or_err(
            py,
            crate::compat::vectorcall(
                callable.as_ptr(),
                args.as_ptr(),
                args.len(),
                core::ptr::null_mut(),
            ),
        )
    }
}
