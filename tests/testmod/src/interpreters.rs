//! Helpers for `tests/python/reliability/test_interpreter_handles.py` and
//! `test_shutdown.py`: Rust threads that attach through an [`Interpreter`] handle to the
//! interpreter that called them, and threads that keep attaching while it shuts down.

use abide::exceptions::PyRuntimeError;
use abide::interpreter::InterpreterGuard;
use abide::prelude::*;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The ID of the interpreter the caller runs in, as a handle reports it.
#[pyfunction]
fn interpreter_id(py: Python<'_>) -> PyResult<i64> {
    Ok(py.interpreter()?.id())
}

/// Calls `callback(thread, call)` `calls` times from each of `threads` Rust threads
/// (`std::thread::scope`), attached through a handle to the caller's interpreter; returns
/// the results in thread order. The caller is detached meanwhile.
#[pyfunction]
fn attach_from_threads(
    py: Python<'_>,
    callback: Py<PyAny>,
    threads: usize,
    calls: usize,
) -> PyResult<Vec<Py<PyAny>>> {
    let interp = py.interpreter()?;
    let per_thread: Vec<PyResult<Vec<Py<PyAny>>>> = py.detach(|| {
        std::thread::scope(|s| {
            let workers: Vec<_> = (0..threads)
                .map(|thread| {
                    let (interp, callback) = (&interp, &callback);
                    s.spawn(move || {
                        (0..calls)
                            .map(|call| {
                                interp.attach(|py| {
                                    callback.bind(py).call1((thread, call)).map(Object::unbind)
                                })?
                            })
                            .collect()
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().expect("a worker panicked"))
                .collect()
        })
    });
    let mut out = Vec::with_capacity(threads * calls);
    for results in per_thread {
        out.extend(results?);
    }
    Ok(out)
}

// --- shutdown --------------------------------------------------------------------------

/// Threads started by `start_attacher`, joined by `join_attachers` or at process exit.
static ATTACHERS: Mutex<Vec<JoinHandle<u64>>> = Mutex::new(Vec::new());
/// Attachers that saw `InterpreterGone`.
static SAW_GONE: AtomicU64 = AtomicU64::new(0);

/// Starts a Rust thread that calls `callback()` through a handle to the caller's
/// interpreter, in a loop, until the handle reports the interpreter gone; it then writes
/// `attacher: N attaches, then InterpreterGone` to stderr and ends. The process waits for
/// these threads (up to 20 s) after Python has finalized (`Py_AtExit`), so that a test
/// sees the line however late the thread notices.
#[pyfunction]
fn start_attacher(py: Python<'_>, callback: Py<PyAny>) -> PyResult<()> {
    at_exit_hook()?;
    let interp = py.interpreter()?;
    let handle = std::thread::spawn(move || {
        let mut attaches = 0u64;
        loop {
            let attached = interp.attach(|py| {
                // An exception (the interpreter shutting down under it) is not the point.
                let _ = callback.bind(py).call0();
            });
            match attached {
                Ok(()) => attaches += 1,
                Err(InterpreterGone) => break,
            }
            std::thread::yield_now();
        }
        // Dropped here, not attached: the release goes to this thread's last interpreter,
        // which is gone, so the callback is leaked rather than released elsewhere.
        drop(callback);
        SAW_GONE.fetch_add(1, Ordering::SeqCst);
        eprintln!("attacher: {attaches} attaches, then InterpreterGone");
        attaches
    });
    lock(&ATTACHERS).push(handle);
    Ok(())
}

/// Registers [`wait_for_attachers`] with `Py_AtExit`, once per process.
fn at_exit_hook() -> PyResult<()> {
    static AT_EXIT: std::sync::Once = std::sync::Once::new();
    let mut registered = Ok(());
    AT_EXIT.call_once(|| {
        // SAFETY: a plain C function that calls no Python API.
        if unsafe { abide::ffi::Py_AtExit(Some(wait_for_attachers)) } != 0 {
            registered = Err(PyRuntimeError::new_err("Py_AtExit: no room"));
        }
    });
    registered
}

/// `Py_AtExit` hook: joins the attachers (Python is finalized; no Python API here), and
/// drops a handle kept by `keep_interpreter`, now that its interpreter is gone.
extern "C" fn wait_for_attachers() {
    if lock(&KEPT).take().is_some() {
        eprintln!("kept handle dropped after finalization");
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    let handles = core::mem::take(&mut *lock(&ATTACHERS));
    for h in handles {
        while !h.is_finished() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
        if h.is_finished() {
            let _ = h.join();
        } else {
            eprintln!("attacher: still running at exit");
        }
    }
}

/// Joins the attachers started so far (detached, up to `timeout` seconds); returns the
/// total of their attaches and how many saw `InterpreterGone`. Raises `TimeoutError` if
/// one is still running.
#[pyfunction]
fn join_attachers(py: Python<'_>, timeout: f64) -> PyResult<(u64, u64)> {
    let handles = core::mem::take(&mut *lock(&ATTACHERS));
    let deadline = Instant::now() + Duration::from_secs_f64(timeout);
    py.detach(|| {
        let mut total = 0;
        for h in handles {
            while !h.is_finished() {
                if Instant::now() >= deadline {
                    lock(&ATTACHERS).push(h);
                    return Err("an attacher is still running");
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            total += h.join().expect("an attacher panicked");
        }
        Ok((total, SAW_GONE.swap(0, Ordering::SeqCst)))
    })
    .map_err(abide::exceptions::PyTimeoutError::new_err)
}

// --- handles that outlive their interpreter ------------------------------------------------

/// A handle kept past the call that took it (and maybe past its interpreter).
static KEPT: Mutex<Option<Interpreter>> = Mutex::new(None);

/// Keeps a handle to the caller's interpreter (until `drop_kept_interpreter`, or the end of
/// the process, after Python has finalized).
#[pyfunction]
fn keep_interpreter(py: Python<'_>) -> PyResult<i64> {
    at_exit_hook()?;
    let interp = py.interpreter()?;
    let id = interp.id();
    *lock(&KEPT) = Some(interp);
    Ok(id)
}

/// Attaches through the kept handle from a new Rust thread, calling `sys.getrecursionlimit()`
/// (so that the interpreter is really used); returns `"attached"` or `"gone"`.
#[pyfunction]
fn attach_kept(py: Python<'_>) -> PyResult<&'static str> {
    let interp = lock(&KEPT)
        .clone()
        .ok_or_else(|| PyRuntimeError::new_err("no kept handle"))?;
    let outcome = py.detach(move || {
        std::thread::spawn(move || {
            interp.attach(|py| -> PyResult<()> {
                py.import("sys")?.call_method0("getrecursionlimit")?;
                Ok(())
            })
        })
        .join()
        .expect("the thread panicked")
    });
    match outcome {
        Ok(r) => r.map(|()| "attached"),
        Err(InterpreterGone) => Ok("gone"),
    }
}

/// Drops the kept handle; returns whether there was one.
#[pyfunction]
fn drop_kept_interpreter() -> bool {
    lock(&KEPT).take().is_some()
}

// --- guards --------------------------------------------------------------------------------

/// Takes a guard on the caller's interpreter and keeps it; then a Rust thread, `delay`
/// seconds later, calls `callback()` through it and drops it. The interpreter cannot
/// finalize before that: returns at once.
#[pyfunction]
fn guard_then_call_later(py: Python<'_>, callback: Py<PyAny>, delay: f64) -> PyResult<()> {
    let guard: InterpreterGuard = py.interpreter()?.guard()?;
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs_f64(delay));
        guard.attach(|py| {
            if let Err(e) = callback.bind(py).call0() {
                e.restore(py);
                // SAFETY: attached; an exception is set.
                unsafe { abide::ffi::PyErr_WriteUnraisable(core::ptr::null_mut()) };
            }
            drop(callback);
        });
        drop(guard);
    });
    Ok(())
}

// --- objects dropped on a worker ------------------------------------------------------------

/// Pops the only reference to an object from `holder` (a list) and drops it on a Rust
/// thread that has attached once through a handle to the caller's interpreter, *after*
/// that attach: the thread is not attached when it drops the object. With
/// `attach_first=False` the thread never uses a handle (the main interpreter's rule).
#[pyfunction(signature = (holder, attach_first = true))]
fn drop_on_worker(py: Python<'_>, holder: Object<'_>, attach_first: bool) -> PyResult<()> {
    let obj: Py<PyAny> = holder.call_method0("pop")?.unbind();
    let interp = py.interpreter()?;
    py.detach(move || {
        std::thread::spawn(move || {
            if attach_first {
                interp.attach(|_py| ()).expect("the interpreter is alive");
            }
            drop(obj);
        })
        .join()
        .expect("the thread panicked");
    });
    Ok(())
}

/// Adds this file's functions to `testmod`.
pub fn add(m: &Module<'_>) -> PyResult<()> {
    for def in [
        wrap_pyfunction!(interpreter_id),
        wrap_pyfunction!(attach_from_threads),
        wrap_pyfunction!(start_attacher),
        wrap_pyfunction!(join_attachers),
        wrap_pyfunction!(keep_interpreter),
        wrap_pyfunction!(attach_kept),
        wrap_pyfunction!(drop_kept_interpreter),
        wrap_pyfunction!(guard_then_call_later),
        wrap_pyfunction!(drop_on_worker),
    ] {
        m.add_function(def)?;
    }
    Ok(())
}
