//! PEP 788's functions (CPython 3.15): interpreter views, guards, and attaching a thread
//! to the interpreter one of them names. Looked up when the module loads, like the other
//! 3.15 functions in `compat`, so that the one library still loads on 3.11 to 3.14, which
//! use [`super::fallback`] instead.

use core::ffi::c_void;
use core::sync::atomic::{AtomicPtr, Ordering};

/// `PyInterpreterView *`, `PyInterpreterGuard *` and `PyThreadStateToken *`: opaque.
pub(super) type Ptr = *mut c_void;

type FromCurrentFn = unsafe extern "C" fn() -> Ptr;
type FromPtrFn = unsafe extern "C" fn(Ptr) -> Ptr;
type CloseFn = unsafe extern "C" fn(Ptr);

static VIEW_FROM_CURRENT: AtomicPtr<c_void> = AtomicPtr::new(core::ptr::null_mut());
static VIEW_FROM_MAIN: AtomicPtr<c_void> = AtomicPtr::new(core::ptr::null_mut());
static VIEW_CLOSE: AtomicPtr<c_void> = AtomicPtr::new(core::ptr::null_mut());
static GUARD_FROM_VIEW: AtomicPtr<c_void> = AtomicPtr::new(core::ptr::null_mut());
static GUARD_CLOSE: AtomicPtr<c_void> = AtomicPtr::new(core::ptr::null_mut());
static ENSURE: AtomicPtr<c_void> = AtomicPtr::new(core::ptr::null_mut());
static ENSURE_FROM_VIEW: AtomicPtr<c_void> = AtomicPtr::new(core::ptr::null_mut());
static RELEASE: AtomicPtr<c_void> = AtomicPtr::new(core::ptr::null_mut());

/// Every function this module calls, by its name in the stable ABI, with the slot its
/// address goes to (the symbol audit checks each name is there, from 3.15, for abi3t).
static TABLE: [(&core::ffi::CStr, &AtomicPtr<c_void>); 8] = [
    (c"PyInterpreterView_FromCurrent", &VIEW_FROM_CURRENT),
    (c"PyInterpreterView_FromMain", &VIEW_FROM_MAIN),
    (c"PyInterpreterView_Close", &VIEW_CLOSE),
    (c"PyInterpreterGuard_FromView", &GUARD_FROM_VIEW),
    (c"PyInterpreterGuard_Close", &GUARD_CLOSE),
    (c"PyThreadState_Ensure", &ENSURE),
    (c"PyThreadState_EnsureFromView", &ENSURE_FROM_VIEW),
    (c"PyThreadState_Release", &RELEASE),
];

/// The names of the functions, in the stable ABI's spelling.
pub fn functions() -> impl Iterator<Item = &'static core::ffi::CStr> {
    TABLE.iter().map(|(name, _)| *name)
}

/// Resolves the functions (called by `compat::init`).
pub(crate) fn init() {
    for (name, slot) in &TABLE {
        crate::compat::lookup(name, slot);
    }
}

/// Whether the running interpreter has PEP 788 (all of it: a partial set would be a
/// pre-release with another API, and is not used).
pub(super) fn available() -> bool {
    TABLE
        .iter()
        .all(|(_, slot)| !slot.load(Ordering::Relaxed).is_null())
}

/// Loads a resolved function pointer as `F`.
///
/// # Safety
/// `slot` was resolved (see [`available`]) to a function of type `F`.
unsafe fn resolved<F: Copy>(slot: &AtomicPtr<c_void>) -> F {
    let f = slot.load(Ordering::Relaxed);
    debug_assert!(!f.is_null());
    // SAFETY: per the caller; function pointers and data pointers have one size here.
    unsafe { core::mem::transmute_copy(&f) }
}

/// `PyInterpreterView_FromCurrent()`: NULL with an exception set on failure.
///
/// # Safety
/// Attached; [`available`].
pub(super) unsafe fn view_from_current() -> Ptr {
    // SAFETY: per the caller.
    unsafe { resolved::<FromCurrentFn>(&VIEW_FROM_CURRENT)() }
}

/// `PyInterpreterView_FromMain()`: NULL (no exception) when the main interpreter is gone.
/// Needs no thread state.
///
/// # Safety
/// [`available`].
pub(super) unsafe fn view_from_main() -> Ptr {
    // SAFETY: per the caller.
    unsafe { resolved::<FromCurrentFn>(&VIEW_FROM_MAIN)() }
}

/// `PyInterpreterView_Close(view)`: needs no thread state.
///
/// # Safety
/// `view` came from [`view_from_current`] and is closed once.
pub(super) unsafe fn view_close(view: Ptr) {
    // SAFETY: per the caller.
    unsafe { resolved::<CloseFn>(&VIEW_CLOSE)(view) }
}

/// `PyInterpreterGuard_FromView(view)`: NULL (no exception) when the interpreter is
/// finalizing or gone. Needs no thread state.
///
/// # Safety
/// `view` is an open view.
pub(super) unsafe fn guard_from_view(view: Ptr) -> Ptr {
    // SAFETY: per the caller.
    unsafe { resolved::<FromPtrFn>(&GUARD_FROM_VIEW)(view) }
}

/// `PyInterpreterGuard_Close(guard)`: needs no thread state.
///
/// # Safety
/// `guard` came from [`guard_from_view`] and is closed once, after its last use.
pub(super) unsafe fn guard_close(guard: Ptr) {
    // SAFETY: per the caller.
    unsafe { resolved::<CloseFn>(&GUARD_CLOSE)(guard) }
}

/// `PyThreadState_Ensure(guard)`: a token for [`release`], or NULL (no exception).
///
/// # Safety
/// `guard` is open until the matching [`release`].
pub(super) unsafe fn ensure(guard: Ptr) -> Ptr {
    // SAFETY: per the caller.
    unsafe { resolved::<FromPtrFn>(&ENSURE)(guard) }
}

/// `PyThreadState_EnsureFromView(view)`: a token for [`release`], or NULL (no exception)
/// when the interpreter is finalizing or gone.
///
/// # Safety
/// `view` is open.
pub(super) unsafe fn ensure_from_view(view: Ptr) -> Ptr {
    // SAFETY: per the caller.
    unsafe { resolved::<FromPtrFn>(&ENSURE_FROM_VIEW)(view) }
}

/// `PyThreadState_Release(token)`.
///
/// # Safety
/// `token` came from a successful [`ensure`] or [`ensure_from_view`] on this thread, and
/// is released once, in the reverse order of those calls.
pub(super) unsafe fn release(token: Ptr) {
    // SAFETY: per the caller.
    unsafe { resolved::<CloseFn>(&RELEASE)(token) }
}
