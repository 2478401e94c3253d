//! The Rust value of a `#[pyclass]` instance, as it lives in the object's PEP 697 type
//! data, and the borrow flag that makes `&mut self` exclusive on free-threaded Python.
//!
//! Rules: any number of shared borrows, or one exclusive borrow. A borrow that conflicts
//! with one held by *another* thread waits (with the thread detached from the
//! interpreter, so the holder can finish even on a GIL build). A borrow that conflicts with
//! one held by the *same* thread (a Python callback re-entering the object) is a true
//! overlap that Rust forbids, and raises `RuntimeError`.

use crate::err::{PyErr, PyResult};
use crate::exceptions::PyRuntimeError;
use crate::ffi;
use core::cell::UnsafeCell;
use core::mem::MaybeUninit;
use core::sync::atomic::{AtomicU8, AtomicU64, Ordering};

/// The borrow word: the low 32 bits are `FREE`, a reader count or `WRITER`; the high 32
/// bits identify the thread that took it from free to busy (see `holder`), so that a
/// conflict with one's own borrow is recognised. One atomic word, so the holder can never
/// be stale.
const FREE: u64 = 0;
const COUNT_MASK: u64 = 0xFFFF_FFFF;
const WRITER: u64 = COUNT_MASK;

/// Lifecycle of the value slot.
#[allow(dead_code, reason = "fresh type data is zeroed, which reads as UNINIT")]
const UNINIT: u8 = 0;
const LIVE: u8 = 1;
const DROPPED: u8 = 2;

/// The type data of one `#[pyclass]` level of an object.
#[repr(C)]
pub struct ClassCell<T> {
    /// The borrow word (see `FREE`).
    borrow: AtomicU64,
    state: AtomicU8,
    value: UnsafeCell<MaybeUninit<T>>,
}

impl<T> ClassCell<T> {
    /// Writes the value into fresh (zeroed) type data.
    ///
    /// # Safety
    /// `this` must point to zeroed, suitably aligned type data of a new object.
    pub(crate) unsafe fn init(this: *mut Self, value: T) {
        // SAFETY: fresh memory owned by the new object.
        unsafe {
            (*this).value.get().write(MaybeUninit::new(value));
            (*this).state.store(LIVE, Ordering::Release);
        }
    }

    /// Drops the value if it is there (dealloc, or `tp_clear`).
    ///
    /// # Safety
    /// No borrow may be alive, and the value must not be used afterwards.
    pub(crate) unsafe fn drop_value(&self) {
        if self.state.swap(DROPPED, Ordering::AcqRel) == LIVE {
            // SAFETY: the value was live and nobody borrows it.
            unsafe { (*self.value.get()).assume_init_drop() }
        }
    }

    /// Whether the value is live and nobody holds an exclusive borrow (for `tp_traverse`,
    /// which must not read a value that another thread is changing).
    pub(crate) fn readable_for_gc(&self) -> Option<&T> {
        if self.state.load(Ordering::Acquire) == LIVE
            && self.borrow.load(Ordering::Acquire) & COUNT_MASK != WRITER
        {
            // SAFETY: live and not exclusively borrowed.
            Some(unsafe { (*self.value.get()).assume_init_ref() })
        } else {
            None
        }
    }

    fn check_live(&self) -> PyResult<()> {
        if self.state.load(Ordering::Acquire) == LIVE {
            Ok(())
        } else {
            Err(not_live())
        }
    }

    /// Takes a shared borrow, waiting for another thread's exclusive one to end.
    #[inline]
    pub(crate) fn borrow(&self) -> PyResult<&T> {
        let current = self.borrow.load(Ordering::Relaxed);
        let count = current & COUNT_MASK;
        // A count of zero means free, whatever holder bits a last reader left behind.
        let new = if count == 0 {
            holder_bits() | 1
        } else {
            current + 1
        };
        if count >= WRITER - 1
            || self
                .borrow
                .compare_exchange(current, new, Ordering::Acquire, Ordering::Relaxed)
                .is_err()
        {
            borrow_slow(&self.borrow, false)?;
        }
        self.live_ref()
    }

    /// Takes the exclusive borrow, waiting for other threads' borrows to end.
    #[inline]
    #[allow(
        clippy::mut_from_ref,
        reason = "exclusivity is enforced by the borrow flag"
    )]
    pub(crate) fn borrow_mut(&self) -> PyResult<&mut T> {
        let current = self.borrow.load(Ordering::Relaxed);
        if current & COUNT_MASK != 0
            || self
                .borrow
                .compare_exchange(
                    current,
                    holder_bits() | WRITER,
                    Ordering::Acquire,
                    Ordering::Relaxed,
                )
                .is_err()
        {
            borrow_slow(&self.borrow, true)?;
        }
        if let Err(e) = self.check_live() {
            self.release_mut();
            return Err(e);
        }
        // SAFETY: exclusive borrow held, value live.
        Ok(unsafe { (*self.value.get()).assume_init_mut() })
    }

    #[inline]
    fn live_ref(&self) -> PyResult<&T> {
        if let Err(e) = self.check_live() {
            self.release();
            return Err(e);
        }
        // SAFETY: shared borrow held, value live.
        Ok(unsafe { (*self.value.get()).assume_init_ref() })
    }

    /// Ends a shared borrow: one atomic decrement. The last reader leaves a count of
    /// zero (free); a reader that leaves others behind also clears the holder bits if
    /// they are its own, since the remaining readers are other threads.
    #[inline]
    pub(crate) fn release(&self) {
        let previous = self.borrow.fetch_sub(1, Ordering::Release);
        if previous & COUNT_MASK > 1 {
            forget_holder(&self.borrow, previous - 1);
        }
    }

    /// Ends the exclusive borrow.
    #[inline]
    pub(crate) fn release_mut(&self) {
        self.borrow.store(FREE, Ordering::Release);
    }
}

/// The contended path: same-thread overlap raises; otherwise wait detached and retry.
#[cold]
#[inline(never)]
fn borrow_slow(borrow: &AtomicU64, exclusive: bool) -> PyResult<()> {
    let me = holder_bits();
    loop {
        let current = borrow.load(Ordering::Acquire);
        let count = current & COUNT_MASK;
        let new = match (exclusive, count) {
            (true, 0) => Some(me | WRITER),
            (false, 0) => Some(me | 1),
            (false, n) if n < WRITER - 1 => Some(current + 1),
            _ => None,
        };
        match new {
            Some(new) => {
                if borrow
                    .compare_exchange(current, new, Ordering::Acquire, Ordering::Relaxed)
                    .is_ok()
                {
                    return Ok(());
                }
            }
            None if current & !COUNT_MASK == me => {
                return Err(PyRuntimeError::new_err(if count == WRITER {
                    "Already mutably borrowed: this object is being modified by a call further up this thread's stack"
                } else {
                    "Already borrowed: a method further up this thread's stack is reading this object, so it cannot be modified now"
                }));
            }
            None => wait_detached(borrow, exclusive),
        }
    }
}

/// Waits, detached from the interpreter, until the borrow we want looks available.
fn wait_detached(borrow: &AtomicU64, exclusive: bool) {
    // SAFETY: we are attached (callers hold a token); detaching lets the holder run
    // on a GIL build, and is always paired with the restore below.
    let state = unsafe { ffi::PyEval_SaveThread() };
    let mut spins = 0u32;
    loop {
        let count = borrow.load(Ordering::Acquire) & COUNT_MASK;
        let available = if exclusive {
            count == 0
        } else {
            count < WRITER - 1
        };
        if available {
            break;
        }
        spins += 1;
        if spins < 64 {
            core::hint::spin_loop();
        } else if spins < 256 {
            std::thread::yield_now();
        } else {
            std::thread::sleep(std::time::Duration::from_micros(50));
        }
    }
    // SAFETY: pairs PyEval_SaveThread.
    unsafe { ffi::PyEval_RestoreThread(state) };
}

/// A reader that leaves others behind clears the holder bits if they are its own.
/// Not generic, and out of line: compiled once, not once per class.
#[cold]
#[inline(never)]
fn forget_holder(borrow: &AtomicU64, mut current: u64) {
    let me = holder_bits();
    while current & !COUNT_MASK == me && current & COUNT_MASK != 0 {
        match borrow.compare_exchange_weak(
            current,
            current & COUNT_MASK,
            Ordering::Relaxed,
            Ordering::Relaxed,
        ) {
            Ok(_) => return,
            Err(actual) => current = actual,
        }
    }
}

#[cold]
fn not_live() -> PyErr {
    PyRuntimeError::new_err(
        "the object's Rust value is not initialised (or was cleared by the garbage collector)",
    )
}

/// The current thread's identity folded into the high 32 bits of the borrow word
/// (never zero, so "no holder" is distinguishable).
#[inline(always)]
fn holder_bits() -> u64 {
    let ident = thread_pointer();
    let folded = (ident ^ (ident >> 32)) as u32 | 1;
    (folded as u64) << 32
}

/// A value unique to the running thread, read without a call: the thread pointer
/// register (the address of the thread's control block) where the platform has one
/// we know, else CPython's thread identifier.
#[inline(always)]
fn thread_pointer() -> u64 {
    #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
    {
        let tp: u64;
        // SAFETY: on x86-64 Linux, %fs:0 holds the thread control block's own address.
        unsafe {
            core::arch::asm!("mov {}, qword ptr fs:[0]", out(reg) tp, options(nostack, readonly, preserves_flags))
        };
        tp
    }
    #[cfg(all(target_arch = "aarch64", target_os = "linux"))]
    {
        let tp: u64;
        // SAFETY: reading the thread pointer register has no side effects.
        unsafe {
            core::arch::asm!("mrs {}, tpidr_el0", out(reg) tp, options(nostack, nomem, preserves_flags))
        };
        tp
    }
    #[cfg(not(any(
        all(target_arch = "x86_64", target_os = "linux"),
        all(target_arch = "aarch64", target_os = "linux")
    )))]
    {
        // SAFETY: always callable.
        unsafe { ffi::PyThread_get_thread_ident() as u64 }
    }
}

impl<T> ClassCell<T> {
    /// For frozen classes: no flag, only the liveness check.
    #[inline]
    pub(crate) fn borrow_frozen(&self) -> PyResult<&T> {
        self.check_live()?;
        // SAFETY: frozen values are never borrowed mutably.
        Ok(unsafe { (*self.value.get()).assume_init_ref() })
    }

    /// The value, for a holder of a borrow obtained earlier.
    ///
    /// # Safety
    /// A shared or exclusive borrow must be held and the value live.
    #[inline(always)]
    pub(crate) unsafe fn value_unchecked(&self) -> &T {
        // SAFETY: per the caller.
        unsafe { (*self.value.get()).assume_init_ref() }
    }

    /// # Safety
    /// The exclusive borrow must be held and the value live.
    #[inline(always)]
    #[allow(
        clippy::mut_from_ref,
        reason = "exclusivity is enforced by the borrow flag"
    )]
    pub(crate) unsafe fn value_unchecked_mut(&self) -> &mut T {
        // SAFETY: per the caller.
        unsafe { (*self.value.get()).assume_init_mut() }
    }
}
