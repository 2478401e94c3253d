//! `PyInit_<name>` for CPython 3.11 to 3.14, which do not know `PyModExport_<name>`:
//! the same module (name, doc, state, `Py_mod_exec`, interpreter and GIL slots) described
//! as a `PyModuleDef` with multi-phase initialisation.
//!
//! The abi3t headers hide `PyModuleDef` (it starts with a `PyObject` header, which abi3t
//! makes opaque). On the interpreters that call `PyInit_` (3.11 to 3.14 GIL builds) the
//! `abi3` layout applies, and it is fixed: a reference count, a type pointer, then the
//! fields below. 3.15 and later never call this function; they use `PyModExport_<name>`.

use crate::ffi;
use crate::impl_::module::{ExecFn, STATE_CLEAR, STATE_FREE, STATE_SIZE, STATE_TRAVERSE};
use core::cell::UnsafeCell;
use core::ffi::{CStr, c_char, c_int, c_void};

unsafe extern "C" {
    fn PyModuleDef_Init(def: *mut RawModuleDef) -> *mut ffi::PyObject;
}

/// The definitions this library handed to CPython (addresses of statics), so its own
/// modules can be told from others before 3.15.
static OWN_DEFS: std::sync::Mutex<Vec<usize>> = std::sync::Mutex::new(Vec::new());

/// Whether `module` was made from one of this library's definitions.
///
/// # Safety
/// `module` must be a valid object.
pub(crate) unsafe fn is_own_def(module: *mut ffi::PyObject) -> bool {
    // SAFETY: PyModule_GetDef returns NULL (maybe with an error) for other objects.
    let def = unsafe { crate::compat::module_get_def(module) };
    if def.is_null() {
        // SAFETY: attached.
        unsafe { ffi::PyErr_Clear() };
        return false;
    }
    OWN_DEFS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .contains(&(def as usize))
}

/// The module made from one of this library's definitions that defines `tp` or the
/// nearest of its bases, borrowed; NULL (maybe with an error set) if none.
///
/// # Safety
/// Attached; `tp` must be a valid type.
pub(crate) unsafe fn type_module(tp: *mut ffi::PyTypeObject) -> *mut ffi::PyObject {
    let own = OWN_DEFS.lock().unwrap_or_else(|e| e.into_inner());
    for &def in own.iter() {
        // SAFETY: a definition CPython initialised; returns a borrowed module or NULL
        // with TypeError set.
        let module = unsafe { crate::compat::type_module_by_def(tp, def as *mut c_void) };
        if !module.is_null() {
            return module;
        }
        // SAFETY: attached.
        unsafe { ffi::PyErr_Clear() };
    }
    core::ptr::null_mut()
}

/// `PyModuleDef_Slot`.
#[repr(C)]
struct RawSlot {
    slot: c_int,
    value: *mut c_void,
}

/// `PyModuleDef` in the abi3 layout of GIL builds.
#[repr(C)]
struct RawModuleDef {
    ob_refcnt: isize,
    ob_type: *mut c_void,
    m_init: Option<unsafe extern "C" fn() -> *mut ffi::PyObject>,
    m_index: isize,
    m_copy: *mut ffi::PyObject,
    m_name: *const c_char,
    m_doc: *const c_char,
    m_size: isize,
    m_methods: *mut c_void,
    m_slots: *const RawSlot,
    m_traverse: Option<ffi::traverseproc>,
    m_clear: Option<ffi::inquiry>,
    m_free: Option<ffi::freefunc>,
}

/// The slot numbers before 3.15 (3.15 renumbered them for `PySlot`).
const MOD_EXEC: c_int = 2;
const MOD_MULTIPLE_INTERPRETERS: c_int = 3;
const MOD_GIL: c_int = 4;
const PER_INTERPRETER_GIL_SUPPORTED: usize = 2;
const GIL_NOT_USED: usize = 1;
const GIL_USED: usize = 0;

/// A module's `PyModuleDef` for CPython 3.11 to 3.14, built at compile time. CPython
/// writes into it (its object header and index) when it initialises it.
pub struct LegacyModuleDef {
    def: UnsafeCell<RawModuleDef>,
    slots: [RawSlot; 4],
}

// SAFETY: CPython initialises the definition once, under the import lock; nothing else
// touches it.
unsafe impl Sync for LegacyModuleDef {}

impl LegacyModuleDef {
    /// The definition of a module called `name` whose `Py_mod_exec` is `exec`.
    pub const fn new(name: &'static CStr, doc: &'static CStr, exec: ExecFn) -> Self {
        LegacyModuleDef {
            def: UnsafeCell::new(RawModuleDef {
                // Immortal (all low 32 bits set), as static objects are.
                ob_refcnt: 0xFFFF_FFFF,
                ob_type: core::ptr::null_mut(),
                m_init: None,
                m_index: 0,
                m_copy: core::ptr::null_mut(),
                m_name: name.as_ptr(),
                m_doc: doc.as_ptr(),
                m_size: STATE_SIZE as isize,
                m_methods: core::ptr::null_mut(),
                m_slots: core::ptr::null(),
                m_traverse: Some(STATE_TRAVERSE),
                m_clear: Some(STATE_CLEAR),
                m_free: Some(STATE_FREE),
            }),
            // Newest first: an interpreter that lacks a slot starts after it (`init`).
            slots: [
                RawSlot {
                    slot: MOD_GIL,
                    value: GIL_NOT_USED as *mut c_void,
                },
                RawSlot {
                    slot: MOD_MULTIPLE_INTERPRETERS,
                    value: PER_INTERPRETER_GIL_SUPPORTED as *mut c_void,
                },
                RawSlot {
                    slot: MOD_EXEC,
                    value: exec as *mut c_void,
                },
                RawSlot {
                    slot: 0,
                    value: core::ptr::null_mut(),
                },
            ],
        }
    }

    /// The same definition with `Py_mod_gil` set to "GIL used" when `used` (from
    /// `#[pymodule(gil_used = true)]`).
    pub const fn gil_used(mut self, used: bool) -> Self {
        let mut i = 0;
        while i < self.slots.len() {
            if self.slots[i].slot == MOD_GIL {
                self.slots[i].value = if used { GIL_USED } else { GIL_NOT_USED } as *mut c_void;
            }
            i += 1;
        }
        self
    }

    /// What `PyInit_<name>` returns: the initialised definition (multi-phase init).
    pub fn init(&'static self) -> *mut ffi::PyObject {
        crate::compat::init();
        // The free-threaded builds of 3.13 and 3.14 have another object layout and no
        // abi3t; installers may still accept the wheel (its `abi3t` tag), so refuse
        // cleanly instead of building a definition in the wrong layout.
        if running_free_threaded() {
            // SAFETY: attached (CPython calls PyInit_ attached); a C string literal.
            unsafe {
                ffi::PyErr_SetString(
                    ffi::PyExc_ImportError,
                    c"this extension supports free-threaded Python from 3.15 on (abi3t); on 3.13 and 3.14 it needs a GIL build".as_ptr(),
                );
            }
            return core::ptr::null_mut();
        }
        // SAFETY: called by CPython's import machinery, which serialises module
        // initialisation; the slots array lives as long as the definition.
        unsafe {
            let def = self.def.get();
            // 3.11 knows neither `Py_mod_gil` (3.13) nor `Py_mod_multiple_interpreters`
            // (3.12) and refuses a definition with a slot it does not know.
            let version = crate::compat::version();
            let first = if version >= 0x030d_0000 {
                0
            } else if version >= 0x030c_0000 {
                1
            } else {
                2
            };
            (*def).m_slots = self.slots[first..].as_ptr();
            let mut own = OWN_DEFS.lock().unwrap_or_else(|e| e.into_inner());
            if !own.contains(&(def as usize)) {
                own.push(def as usize);
            }
            drop(own);
            PyModuleDef_Init(def)
        }
    }
}

/// Whether the running interpreter is a free-threaded build (`sys.abiflags` has `t`).
fn running_free_threaded() -> bool {
    // SAFETY: attached; PySys_GetObject returns a borrowed reference or NULL.
    unsafe {
        let flags = ffi::PySys_GetObject(c"abiflags".as_ptr());
        if flags.is_null() {
            return false;
        }
        let mut size = 0;
        let data = ffi::PyUnicode_AsUTF8AndSize(flags, &mut size);
        if data.is_null() {
            ffi::PyErr_Clear();
            return false;
        }
        core::slice::from_raw_parts(data.cast::<u8>(), size as usize).contains(&b't')
    }
}

/// Emits `PyInit_<name>` next to `PyModExport_<name>`, unless the `abi3t-only` feature
/// of abide is on (then the library loads on CPython 3.15+ only).
#[doc(hidden)]
#[macro_export]
#[cfg(not(feature = "abi3t-only"))]
macro_rules! __abide_pyinit {
    ($init:ident, $name:expr, $doc:expr, $exec:expr $(, gil_used = $gil:expr)?) => {
        static __ABIDE_LEGACY_MODULE: $crate::__private::legacy_module::LegacyModuleDef =
            $crate::__private::legacy_module::LegacyModuleDef::new($name, $doc, $exec)
                $(.gil_used($gil))?;

        /// The module's entry point for CPython 3.11 to 3.14.
        #[unsafe(no_mangle)]
        #[allow(non_snake_case)]
        pub unsafe extern "C" fn $init() -> *mut $crate::ffi::PyObject {
            __ABIDE_LEGACY_MODULE.init()
        }
    };
}

#[doc(hidden)]
#[macro_export]
#[cfg(feature = "abi3t-only")]
macro_rules! __abide_pyinit {
    ($($tt:tt)*) => {};
}
