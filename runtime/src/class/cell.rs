//! The Rust value of a `#[pyclass]` instance, as it lives in the object's PEP 697 type
//! data, and the borrow flag that makes `&mut self` exclusive on free-threaded Python.
//!
//! Rules: any number of shared borrows, or one exclusive borrow. A borrow that conflicts
//! with one held by *another* thread waits (with the thread detached from the
//! interpreter, so the holder can finish even on a GIL build). A borrow that conflicts with
//! one held by the *same* thread (a Python callback re-entering the object) is a true
//! overlap that Rust forbids, and raises `RuntimeError`.
//!
//! Waiting is fair to writers: a thread waiting for the exclusive borrow raises the
//! `WAITING` bit, and new readers then wait until it has had its turn, so a stream of
//! overlapping readers cannot starve it. A thread that already holds a shared borrow of the
//! object is let in regardless (it would otherwise wait for a writer that waits for it):
//! the thread that took the borrow from free is named in the word itself, and the others
//! note the objects they joined in a thread-local list (`JOINED`), off the fast path.
//!
//! A coroutine (an `async fn` method) holds its borrow from the call that creates it
//! until it finishes, on whatever threads it is polled: such borrows are marked in the
//! word as the coroutines' (`ASYNC_ONE`), and a conflict with one never waits, since a
//! suspended coroutine may need this very thread to go on: it raises `RuntimeError`, as
//! PyO3 does.

use crate::err::{PyErr, PyResult};
use crate::exceptions::PyRuntimeError;
use crate::ffi;
use core::cell::{RefCell, UnsafeCell};
use core::mem::MaybeUninit;
use core::sync::atomic::{AtomicU8, AtomicU64, Ordering};

/// The borrow word: the low 31 bits are `FREE`, a reader count or `WRITER`; bit 31 is
/// `WAITING` (a writer waits: new readers hold back); the high 32 bits identify the thread
/// that took it from free to busy (see `holder_bits`), so that a conflict with one's own
/// borrow is recognised. One atomic word, so the holder can never be stale.
const FREE: u64 = 0;
const COUNT_MASK: u64 = 0x7FFF_FFFF;
const WRITER: u64 = COUNT_MASK;
const WAITING: u64 = 0x8000_0000;
/// Count and `WAITING` together: zero only when the fast paths may take the borrow.
const LOW_MASK: u64 = COUNT_MASK | WAITING;
const HOLDER_MASK: u64 = !LOW_MASK;
/// A thread's holder bits always have this bit set (`holder_bits`).
const THREAD_BIT: u64 = 1 << 32;
/// Coroutines' borrows: the holder bits count them, from bit 33, with `THREAD_BIT` clear.
/// Other borrows may join coroutines' shared borrows (in the count, not in the holder
/// bits), so the word is the coroutines' for as long as any holds it.
const ASYNC_ONE: u64 = 1 << 33;

/// Whether coroutines hold the borrow of the word `current` was read from.
#[inline(always)]
fn async_held(current: u64) -> bool {
    current & HOLDER_MASK != 0 && current & THREAD_BIT == 0
}

/// How a shared borrow was taken, so that releasing it undoes exactly that.
#[derive(Clone, Copy)]
pub enum Reader {
    /// Took the word from free: the holder bits are this thread's.
    First,
    /// Joined other readers: noted in this thread's `JOINED` list.
    Joined,
}

thread_local! {
    /// The borrow words of the objects this thread holds a `Reader::Joined` borrow of (one
    /// entry per borrow). Touched only when readers overlap, never on the fast paths.
    static JOINED: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

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

    /// Takes a shared borrow, waiting for another thread's exclusive one to end (and for
    /// a waiting writer's turn). The fast path takes a free word; overlapping readers and
    /// every conflict go through `read_slow`.
    #[inline(always)]
    pub(crate) fn borrow(&self) -> PyResult<Reader> {
        let current = self.borrow.load(Ordering::Relaxed);
        let reader = if current & LOW_MASK == 0
            && self
                .borrow
                .compare_exchange(
                    current,
                    holder_bits() | 1,
                    Ordering::Acquire,
                    Ordering::Relaxed,
                )
                .is_ok()
        {
            Reader::First
        } else {
            read_slow(&self.borrow)?
        };
        if self.state.load(Ordering::Acquire) != LIVE {
            return Err(abandon_read(&self.borrow, reader));
        }
        Ok(reader)
    }

    /// Takes the exclusive borrow, waiting for other threads' borrows to end.
    #[inline]
    #[allow(
        clippy::mut_from_ref,
        reason = "exclusivity is enforced by the borrow flag"
    )]
    pub(crate) fn borrow_mut(&self) -> PyResult<&mut T> {
        let current = self.borrow.load(Ordering::Relaxed);
        if current & LOW_MASK != 0
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
            write_slow(&self.borrow)?;
        }
        if let Err(e) = self.check_live() {
            self.release_mut();
            return Err(e);
        }
        // SAFETY: exclusive borrow held, value live.
        Ok(unsafe { (*self.value.get()).assume_init_mut() })
    }

    /// Ends a shared borrow: one atomic decrement. The last reader leaves a count of
    /// zero (free); a first reader that leaves others behind also clears the holder bits if
    /// they are its own, since the remaining readers are other borrows; a joined reader
    /// takes its note off this thread's list.
    #[inline(always)]
    pub(crate) fn release(&self, reader: Reader) {
        release_read(&self.borrow, reader);
    }

    /// Ends the exclusive borrow (clearing `WAITING` too: writers still waiting raise it
    /// again when they next find the word busy).
    #[inline]
    pub(crate) fn release_mut(&self) {
        self.borrow.store(FREE, Ordering::Release);
    }

    /// Takes a shared borrow for a coroutine: joins other coroutines' shared borrows,
    /// waits for other threads' borrows to end, and raises against a coroutine's
    /// exclusive borrow or a borrow this thread holds (whose call cannot end while this
    /// one waits). Frozen classes take it too, so that the garbage collector's `tp_clear`
    /// leaves alone a value a coroutine refers to.
    pub(crate) fn borrow_async(&self) -> PyResult<()> {
        let me = holder_bits();
        loop {
            let current = self.borrow.load(Ordering::Acquire);
            let count = current & COUNT_MASK;
            let next = if count == 0 {
                ASYNC_ONE | 1
            } else if async_held(current) {
                if count == WRITER {
                    return Err(held_by_coroutine(true));
                }
                if count >= WRITER - 1 {
                    return Err(PyRuntimeError::new_err("too many borrows of one object"));
                }
                current + ASYNC_ONE + 1
            } else {
                thread_conflict(&self.borrow, current, me)?;
                wait_detached(&self.borrow, true);
                continue;
            };
            if self
                .borrow
                .compare_exchange(current, next, Ordering::Acquire, Ordering::Relaxed)
                .is_ok()
            {
                break;
            }
        }
        if let Err(e) = self.check_live() {
            self.release_async();
            return Err(e);
        }
        Ok(())
    }

    /// Ends a coroutine's shared borrow.
    pub(crate) fn release_async(&self) {
        self.borrow.fetch_sub(ASYNC_ONE + 1, Ordering::Release);
    }

    /// Takes the exclusive borrow for a coroutine: waits for other threads' borrows to
    /// end, and raises against coroutines' borrows and this thread's. Released with
    /// [`release_mut`](Self::release_mut).
    pub(crate) fn borrow_mut_async(&self) -> PyResult<()> {
        let me = holder_bits();
        loop {
            let current = self.borrow.load(Ordering::Acquire);
            if current & COUNT_MASK == 0 {
                if self
                    .borrow
                    .compare_exchange(
                        current,
                        ASYNC_ONE | WRITER,
                        Ordering::Acquire,
                        Ordering::Relaxed,
                    )
                    .is_ok()
                {
                    break;
                }
                continue;
            }
            if async_held(current) {
                return Err(held_by_coroutine(current & COUNT_MASK == WRITER));
            }
            thread_conflict(&self.borrow, current, me)?;
            wait_detached(&self.borrow, true);
        }
        if let Err(e) = self.check_live() {
            self.release_mut();
            return Err(e);
        }
        Ok(())
    }
}

/// A coroutine's borrow wanted against `current`, a word threads hold: this thread's
/// own borrow raises (its call is further up the stack, and cannot end while we wait).
fn thread_conflict(borrow: &AtomicU64, current: u64, me: u64) -> PyResult<()> {
    let count = current & COUNT_MASK;
    if count == WRITER && current & HOLDER_MASK == me {
        return Err(already_mutably_borrowed());
    }
    if count != WRITER && holds_read(borrow, current, me) {
        return Err(PyRuntimeError::new_err(
            "Already borrowed: a method further up this thread's stack is using this object, so an async method of it cannot take its borrow now",
        ));
    }
    Ok(())
}

/// A coroutine holds the borrow (`exclusive`: an async `&mut self` method).
#[cold]
fn held_by_coroutine(exclusive: bool) -> PyErr {
    PyRuntimeError::new_err(if exclusive {
        "Already mutably borrowed: a coroutine of an async `&mut self` method holds this object until it finishes"
    } else {
        "Already borrowed: a coroutine of an async `&self` method holds this object until it finishes, so it cannot be modified now"
    })
}

#[inline(always)]
fn release_read(borrow: &AtomicU64, reader: Reader) {
    let previous = borrow.fetch_sub(1, Ordering::Release);
    match reader {
        Reader::First if previous & COUNT_MASK > 1 => forget_holder(borrow, previous - 1),
        Reader::First => {}
        Reader::Joined => forget_joined(borrow),
    }
}

/// A shared borrow taken of a value that is not live: given back, and the error.
#[cold]
#[inline(never)]
fn abandon_read(borrow: &AtomicU64, reader: Reader) -> PyErr {
    release_read(borrow, reader);
    not_live()
}

fn word_key(borrow: &AtomicU64) -> usize {
    borrow as *const AtomicU64 as usize
}

/// Whether this thread holds a shared borrow of the word `current` was read from.
fn holds_read(borrow: &AtomicU64, current: u64, me: u64) -> bool {
    let count = current & COUNT_MASK;
    if count == 0 || count == WRITER {
        return false;
    }
    current & HOLDER_MASK == me
        || JOINED
            .try_with(|j| j.borrow().contains(&word_key(borrow)))
            .unwrap_or(false)
}

/// The shared borrow's contended path: joins other readers unless a writer holds the
/// word or waits for it (a thread that already reads the object joins anyway); the
/// thread's own exclusive borrow raises.
#[cold]
#[inline(never)]
fn read_slow(borrow: &AtomicU64) -> PyResult<Reader> {
    let me = holder_bits();
    // Whether this thread already reads the object: fixed while we are here (only its own
    // releases could change it), so worked out once, and only if a writer waits.
    let mut already_reading = None;
    loop {
        let current = borrow.load(Ordering::Acquire);
        let count = current & COUNT_MASK;
        if current & LOW_MASK == 0 {
            if borrow
                .compare_exchange(current, me | 1, Ordering::Acquire, Ordering::Relaxed)
                .is_ok()
            {
                return Ok(Reader::First);
            }
            continue;
        }
        if count == WRITER {
            if async_held(current) {
                return Err(held_by_coroutine(true));
            }
            if current & HOLDER_MASK == me {
                return Err(already_mutably_borrowed());
            }
            wait_detached(borrow, false);
            continue;
        }
        // Coroutines' shared borrows are joined at once: no writer waits for them.
        let may_join = count < WRITER - 1
            && (current & WAITING == 0
                || async_held(current)
                || *already_reading.get_or_insert_with(|| holds_read(borrow, current, me)));
        if !may_join {
            wait_detached(borrow, false);
            continue;
        }
        if borrow
            .compare_exchange(current, current + 1, Ordering::Acquire, Ordering::Relaxed)
            .is_ok()
        {
            // Without the list (the thread is exiting) the borrow still works; it is only
            // not recognised as this thread's.
            let _ = JOINED.try_with(|j| j.borrow_mut().push(word_key(borrow)));
            return Ok(Reader::Joined);
        }
    }
}

/// The exclusive borrow's contended path: the thread's own borrow raises; otherwise raise
/// `WAITING` (so new readers hold back) and wait detached.
#[cold]
#[inline(never)]
fn write_slow(borrow: &AtomicU64) -> PyResult<()> {
    let me = holder_bits();
    loop {
        let current = borrow.load(Ordering::Acquire);
        let count = current & COUNT_MASK;
        if count == 0 {
            // Free (perhaps with `WAITING` raised, by this or another writer): take it.
            if borrow
                .compare_exchange(current, me | WRITER, Ordering::Acquire, Ordering::Relaxed)
                .is_ok()
            {
                return Ok(());
            }
            continue;
        }
        if async_held(current) {
            return Err(held_by_coroutine(count == WRITER));
        }
        if count == WRITER && current & HOLDER_MASK == me {
            return Err(already_mutably_borrowed());
        }
        if count != WRITER && holds_read(borrow, current, me) {
            return Err(PyRuntimeError::new_err(
                "Already borrowed: a method further up this thread's stack is reading this object, so it cannot be modified now",
            ));
        }
        wait_detached(borrow, true);
    }
}

/// Waits, detached from the interpreter, until the borrow we want looks available, or
/// coroutines take the word (the caller then raises rather than wait for them). A
/// writer keeps `WAITING` raised while the word is busy.
fn wait_detached(borrow: &AtomicU64, exclusive: bool) {
    // SAFETY: we are attached (callers hold a token); detaching lets the holder run
    // on a GIL build, and is always paired with the restore below.
    let state = unsafe { ffi::PyEval_SaveThread() };
    let mut spins = 0u32;
    loop {
        let current = borrow.load(Ordering::Acquire);
        let count = current & COUNT_MASK;
        if async_held(current) {
            break;
        }
        let available = if exclusive {
            count == 0
        } else {
            current & WAITING == 0 && count < WRITER - 1
        };
        if available {
            break;
        }
        if exclusive && current & WAITING == 0 {
            let _ = borrow.compare_exchange(
                current,
                current | WAITING,
                Ordering::Relaxed,
                Ordering::Relaxed,
            );
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

/// A first reader that leaves others behind clears the holder bits if they are its own.
/// Not generic, and out of line: compiled once, not once per class.
#[cold]
#[inline(never)]
fn forget_holder(borrow: &AtomicU64, mut current: u64) {
    let me = holder_bits();
    while current & HOLDER_MASK == me && current & COUNT_MASK != 0 {
        match borrow.compare_exchange_weak(
            current,
            current & LOW_MASK,
            Ordering::Relaxed,
            Ordering::Relaxed,
        ) {
            Ok(_) => return,
            Err(actual) => current = actual,
        }
    }
}

/// Takes one note of a joined borrow of `borrow` off this thread's list.
#[cold]
#[inline(never)]
fn forget_joined(borrow: &AtomicU64) {
    let key = word_key(borrow);
    let _ = JOINED.try_with(|j| {
        let mut j = j.borrow_mut();
        if let Some(i) = j.iter().rposition(|&k| k == key) {
            j.swap_remove(i);
        }
    });
}

/// This thread's own exclusive borrow is in the way (a callback re-entering the object).
#[cold]
fn already_mutably_borrowed() -> PyErr {
    PyRuntimeError::new_err(
        "Already mutably borrowed: this object is being modified by a call further up this thread's stack",
    )
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
