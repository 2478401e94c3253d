//! The module definition that `#[pymodule]` emits: a static `PySlot` table returned by
//! `PyModExport_<name>` (PEP 793), the module state behind it, and `Py_mod_exec`, which
//! runs the user's function ([`exec`]; [`ModuleParam`] and [`ModuleResult`] check that
//! function's signature, with a compile error at the user's tokens).

use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::impl_::trampoline::trampoline;
use crate::object::{Py, PyAny, PyAnyMethods};
use crate::panic::Registration;
use crate::types::Module;
use core::ffi::{CStr, c_int, c_void};

/// The ABI this library is built for: stable, free-threading agnostic (abi3t), 3.15.
#[repr(transparent)]
#[allow(dead_code, reason = "read by CPython through the slot pointer")]
struct AbiInfo(ffi::PyABIInfo);
// SAFETY: read-only data.
unsafe impl Sync for AbiInfo {}

static ABI_INFO: AbiInfo = AbiInfo(ffi::PyABIInfo {
    abiinfo_major_version: 1,
    abiinfo_minor_version: 0,
    flags: ffi::PyABIInfo_STABLE | ffi::PyABIInfo_FREETHREADING_AGNOSTIC,
    build_version: 0x030f_00f0,
    abi_version: 0x030f_0000,
});

const SLOT_COUNT: usize = 12;

/// A module's slot table, built at compile time.
pub struct ModuleDef {
    slots: [ffi::PySlot; SLOT_COUNT],
}

// SAFETY: the table is immutable; CPython only reads it.
unsafe impl Sync for ModuleDef {}

/// The signature of `Py_mod_exec`.
pub type ExecFn = unsafe extern "C" fn(*mut ffi::PyObject) -> c_int;

impl ModuleDef {
    /// The slot table for a module called `name`, whose `Py_mod_exec` is `exec`.
    pub const fn new(name: &'static CStr, doc: &'static CStr, exec: ExecFn) -> Self {
        // SAFETY: every function pointer below is non-null and has the C signature that
        // its slot expects.
        unsafe {
            ModuleDef {
                slots: [
                    ffi::PySlot_STATIC_DATA(
                        ffi::Py_mod_abi,
                        (&raw const ABI_INFO).cast_mut().cast(),
                    ),
                    ffi::PySlot_STATIC_DATA(ffi::Py_mod_name, name.as_ptr().cast_mut().cast()),
                    ffi::PySlot_STATIC_DATA(ffi::Py_mod_doc, doc.as_ptr().cast_mut().cast()),
                    ffi::PySlot_SIZE(
                        ffi::Py_mod_state_size,
                        size_of::<ModuleState>() as ffi::Py_ssize_t,
                    ),
                    ffi::PySlot_FUNC(ffi::Py_mod_state_traverse, state_traverse as *mut c_void),
                    ffi::PySlot_FUNC(ffi::Py_mod_state_clear, state_clear as *mut c_void),
                    ffi::PySlot_FUNC(ffi::Py_mod_state_free, state_free as *mut c_void),
                    ffi::PySlot_FUNC(ffi::Py_mod_exec, exec as *mut c_void),
                    ffi::PySlot_DATA(
                        ffi::Py_mod_multiple_interpreters,
                        ffi::Py_MOD_PER_INTERPRETER_GIL_SUPPORTED,
                    ),
                    ffi::PySlot_DATA(ffi::Py_mod_gil, ffi::Py_MOD_GIL_NOT_USED),
                    ffi::PySlot_STATIC_DATA(
                        ffi::Py_mod_token,
                        (&raw const LIBRARY_TOKEN).cast_mut().cast(),
                    ),
                    ffi::PySlot_END(),
                ],
            }
        }
    }

    /// The same table with `Py_mod_gil` set to `Py_MOD_GIL_USED` when `used` (from
    /// `#[pymodule(gil_used = true)]`): a free-threaded build then enables the GIL when
    /// it imports the module, as CPython documents for extensions that need it.
    pub const fn gil_used(mut self, used: bool) -> Self {
        let value = if used {
            ffi::Py_MOD_GIL_USED
        } else {
            ffi::Py_MOD_GIL_NOT_USED
        };
        let mut i = 0;
        while i < SLOT_COUNT {
            if self.slots[i].sl_id as c_int == ffi::Py_mod_gil {
                self.slots[i] = ffi::PySlot_DATA(ffi::Py_mod_gil, value);
            }
            i += 1;
        }
        self
    }

    /// What `PyModExport_<name>` returns.
    pub fn export(&'static self) -> *mut ffi::PySlot {
        crate::compat::init();
        self.slots.as_ptr().cast_mut()
    }
}

/// The state size, for the `PyModuleDef` of CPython 3.11 to 3.14.
pub(crate) const STATE_SIZE: usize = size_of::<ModuleState>();

/// The state functions, for the `PyModuleDef` of CPython 3.11 to 3.14.
pub(crate) const STATE_TRAVERSE: ffi::traverseproc = state_traverse;
pub(crate) const STATE_CLEAR: ffi::inquiry = state_clear;
pub(crate) const STATE_FREE: ffi::freefunc = state_free;

/// The per-module state CPython allocates (zeroed) for each module object: one pointer to
/// the Rust-side data, created in `Py_mod_exec`.
#[repr(C)]
struct ModuleState {
    data: *mut StateData,
}

/// Objects a module keeps per interpreter (its classes, its exception types), each under
/// the address of a static that identifies it.
#[derive(Default)]
pub(crate) struct StateData {
    pub(crate) entries: Vec<(usize, Py<PyAny>)>,
    /// What `Py_mod_exec` added, for the module's type stub.
    #[cfg(feature = "stubs")]
    pub(crate) stubs: crate::impl_::stubs::Record,
    /// The module's hold on its interpreter's `PanicException`, released when the state
    /// is freed. Last, so that it is dropped after the classes above (whose instances'
    /// `Drop` may still panic).
    panic: Option<Registration>,
}

/// The `Py_mod_token` of every module this library defines (3.15+): a static of the
/// library's own copy of the runtime, so it also tells this library's modules from other
/// extensions' (abide or not) whose state has another layout.
static LIBRARY_TOKEN: u8 = 0;

/// The library's module token (3.15+).
pub(crate) fn token() -> *const c_void {
    (&raw const LIBRARY_TOKEN).cast()
}

/// Whether `module` is a module defined by this library (so its state is a
/// `ModuleState`): by its token on 3.15+, by its `PyModuleDef` on 3.11 to 3.14.
///
/// # Safety
/// `module` must be a valid object.
pub(crate) unsafe fn is_own_module(module: *mut ffi::PyObject) -> bool {
    // SAFETY: forwarded.
    unsafe {
        match crate::compat::module_token(module) {
            Some(token) => token.cast_const() == (&raw const LIBRARY_TOKEN).cast(),
            None => crate::impl_::legacy_module::is_own_def(module),
        }
    }
}

/// The state of `module`, creating it on first use (during `Py_mod_exec`); `None` for a
/// module that this library did not define.
///
/// # Safety
/// `module` must be a valid object.
pub(crate) unsafe fn state_data<'a>(module: *mut ffi::PyObject) -> Option<&'a mut StateData> {
    // SAFETY: checked to be our module, whose state has the layout of ModuleState.
    unsafe {
        if !is_own_module(module) {
            return None;
        }
        let state = ffi::PyModule_GetState(module).cast::<ModuleState>();
        if state.is_null() {
            ffi::PyErr_Clear();
            return None;
        }
        if (*state).data.is_null() {
            (*state).data = Box::into_raw(Box::default());
        }
        Some(&mut *(*state).data)
    }
}

/// The state of `module` if it has been created, without creating it.
///
/// # Safety
/// `module` must be a module made from an abide `ModuleDef`.
#[cfg(feature = "stubs")]
pub(crate) unsafe fn existing_state_data<'a>(module: *mut ffi::PyObject) -> Option<&'a StateData> {
    // SAFETY: the module's state has the layout of ModuleState.
    unsafe {
        let state = ffi::PyModule_GetState(module).cast::<ModuleState>();
        if state.is_null() {
            ffi::PyErr_Clear();
            return None;
        }
        (*state).data.as_ref()
    }
}

/// Runs the user's `#[pymodule]` function for `Py_mod_exec`.
///
/// # Safety
/// Called by CPython as a module's `Py_mod_exec` slot.
pub unsafe fn exec<F>(module: *mut ffi::PyObject, init: F) -> c_int
where
    F: for<'py> FnOnce(&Module<'py>) -> PyResult<()>,
{
    // SAFETY: CPython calls Py_mod_exec attached, with the new module.
    let py = unsafe { crate::python::Python::assume_attached() };
    trampoline(py, |py| {
        // SAFETY: our own module.
        let state = unsafe { state_data(module) };
        // Hold the interpreter's PanicException (creating it with the interpreter's first
        // module of this library) for as long as the module's state lives, so a panic
        // finds it at once.
        let Some(registration) = Registration::new(py) else {
            return Err(crate::err::PyErr::fetch(py));
        };
        if let Some(state) = state {
            state.panic = Some(registration);
        }
        // While the function runs, this thread knows the module: `type_object` finds the
        // classes here first, and the type stub records what is added.
        let _executing = Executing::enter(module);
        // SAFETY: a valid module object.
        let module = unsafe { Module::from_borrowed_ptr(py, module) };
        // The class of the coroutine objects `async fn`s return, kept in the state (and
        // not bound as a name) like the module's own classes, found the same way.
        crate::class::build::register_class::<crate::coroutine::Coroutine>(&module)?;
        init(&module)?;
        Ok(0)
    })
}

/// The parameter of a `#[pymodule]` function.
#[diagnostic::on_unimplemented(
    message = "the parameter of a #[pymodule] function is the module: `m: &Module<'_>`",
    label = "expected `&Module<'_>`, found `{Self}`"
)]
pub trait ModuleParam<'a, 'py>: Sized {
    fn from_module(module: &'a Module<'py>) -> Self;
}

#[diagnostic::do_not_recommend]
impl<'a, 'py> ModuleParam<'a, 'py> for &'a Module<'py> {
    #[inline(always)]
    fn from_module(module: &'a Module<'py>) -> Self {
        module
    }
}

/// The first of two parameters of a `#[pymodule]` function: the `Python` token, as in
/// `fn m(py: Python<'_>, m: &Module<'_>)`.
#[diagnostic::on_unimplemented(
    message = "the first of two parameters of a #[pymodule] function is the token: `py: Python<'_>`",
    label = "expected `Python<'_>`, found `{Self}`",
    note = "write `fn name(py: Python<'_>, m: &Module<'_>) -> PyResult<()>`, or take the module alone"
)]
pub trait ModulePy<'py>: Sized {
    fn from_py(py: crate::python::Python<'py>) -> Self;
}

#[diagnostic::do_not_recommend]
impl<'py> ModulePy<'py> for crate::python::Python<'py> {
    #[inline(always)]
    fn from_py(py: crate::python::Python<'py>) -> Self {
        py
    }
}

/// What a `#[pymodule]` function returns.
#[diagnostic::on_unimplemented(
    message = "a #[pymodule] function returns `PyResult<()>`",
    label = "expected `PyResult<()>`, found `{Self}`",
    note = "write `-> PyResult<()>` and end the function with `Ok(())`"
)]
pub trait ModuleResult {
    fn into_module_result(self) -> PyResult<()>;
}

#[diagnostic::do_not_recommend]
impl<E: Into<PyErr>> ModuleResult for Result<(), E> {
    #[inline(always)]
    fn into_module_result(self) -> PyResult<()> {
        self.map_err(Into::into)
    }
}

thread_local! {
    /// The module of this library whose `Py_mod_exec` runs on this thread, if any.
    static EXECUTING: core::cell::Cell<*mut ffi::PyObject> =
        const { core::cell::Cell::new(core::ptr::null_mut()) };
}

/// Marks `module` as executing on this thread until dropped (an import inside
/// `Py_mod_exec` may run another module's in between).
struct Executing(*mut ffi::PyObject);

impl Executing {
    fn enter(module: *mut ffi::PyObject) -> (Self, crate::impl_::context::Scope) {
        // The module is also the receiver of the call, over any outer call's (a method of
        // another instance that imported this one).
        (
            Executing(EXECUTING.replace(module)),
            crate::impl_::context::Scope::module(module),
        )
    }
}

impl Drop for Executing {
    fn drop(&mut self) {
        EXECUTING.set(self.0);
    }
}

/// The module of this library whose `Py_mod_exec` runs on this thread, or NULL.
pub(crate) fn executing() -> *mut ffi::PyObject {
    EXECUTING.get()
}

/// The module whose state keeps what is added to `module` (classes, exception types):
/// `module` itself if this library defined it; for a plain module (a submodule made with
/// `Module::new`, which has no state), the top-level module whose `Py_mod_exec` runs on
/// this thread. A class added to a submodule is created with that module as its defining
/// module, so lookups through the class's type find the state. `what` names the item, for
/// the error raised outside `Py_mod_exec`.
pub(crate) fn state_owner<'py>(module: &Module<'py>, what: &str) -> PyResult<Module<'py>> {
    // SAFETY: a valid object.
    if unsafe { is_own_module(module.as_ptr()) } {
        return Ok(module.clone());
    }
    let executing = executing();
    if executing.is_null() {
        let name = module.name().unwrap_or_else(|_| "?".to_owned());
        return Err(crate::exceptions::PyRuntimeError::new_err(format!(
            "cannot add {what} to module {name:?}: a module made with Module::new takes \
             classes and exceptions only while the #[pymodule] function runs (they are kept \
             in the state of the module being imported)"
        )));
    }
    // SAFETY: a module of this library, executing on this thread, so alive.
    Ok(unsafe { Module::from_borrowed_ptr(module.py(), executing) })
}

unsafe extern "C" fn state_traverse(
    module: *mut ffi::PyObject,
    visit: ffi::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: called by the GC on our module; only reads the state.
    unsafe {
        let state = crate::compat::module_state_during_gc(module).cast::<ModuleState>();
        if state.is_null() || (*state).data.is_null() {
            return 0;
        }
        for (_, obj) in &(*(*state).data).entries {
            let rc = visit(obj.as_ptr(), arg);
            if rc != 0 {
                return rc;
            }
        }
    }
    0
}

unsafe extern "C" fn state_clear(module: *mut ffi::PyObject) -> c_int {
    // SAFETY: called by CPython on our module, attached.
    unsafe {
        let state = ffi::PyModule_GetState(module).cast::<ModuleState>();
        if !state.is_null() && !(*state).data.is_null() {
            // Dropping the entries releases the references.
            let entries = core::mem::take(&mut (*(*state).data).entries);
            drop(entries);
        }
    }
    0
}

unsafe extern "C" fn state_free(module: *mut c_void) {
    // SAFETY: called once by CPython when the module is freed, attached.
    unsafe {
        let module = module.cast::<ffi::PyObject>();
        let state = ffi::PyModule_GetState(module).cast::<ModuleState>();
        if !state.is_null() && !(*state).data.is_null() {
            // Also releases the module's hold on the interpreter's PanicException.
            drop(Box::from_raw((*state).data));
            (*state).data = core::ptr::null_mut();
        }
    }
}
