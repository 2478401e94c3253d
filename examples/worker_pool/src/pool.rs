//! The pool: items split into chunks that `workers` scoped threads take in turn, the
//! caller detached meanwhile, progress reported through a handle to the caller's
//! interpreter.

use abide::exceptions::{PyRuntimeError, PyValueError};
use abide::panic::PanicException;
use abide::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::thread;

/// Where a worker reports: the caller's interpreter and its `progress(done, total)`.
#[derive(Clone, Copy)]
struct Reporter<'a> {
    interp: &'a Interpreter,
    callback: &'a Py<PyAny>,
}

/// What the workers share.
struct Shared<'a, F> {
    /// The chunks not taken yet: each input chunk with the slice its results go to.
    queue: Mutex<std::iter::Zip<std::slice::Chunks<'a, u64>, std::slice::ChunksMut<'a, u64>>>,
    /// Set when a worker fails (an error, a panic, the interpreter gone): the others stop
    /// before their next chunk, and no further progress is reported.
    stop: AtomicBool,
    /// The items done and reported so far. Held while reporting, so that `progress` sees
    /// `done` increase, one call at a time even on a free-threaded build.
    reported: Mutex<usize>,
    total: usize,
    reporter: Option<Reporter<'a>>,
    work: &'a F,
}

/// Locks `m`; a worker that panicked while holding it left consistent data (a counter,
/// an iterator that had already moved on).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Sets the stop flag if the worker unwinds, so that a panic stops the others too.
struct StopOnPanic<'a>(&'a AtomicBool);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if thread::panicking() {
            self.0.store(true, Ordering::SeqCst);
        }
    }
}

/// One worker thread: takes chunks until there are none left or another worker failed.
fn worker<F>(shared: &Shared<'_, F>) -> PyResult<()>
where
    F: Fn(u64) -> PyResult<u64> + Sync,
{
    let _stop_on_panic = StopOnPanic(&shared.stop);
    let result = run_chunks(shared);
    if result.is_err() {
        shared.stop.store(true, Ordering::SeqCst);
    }
    result
}

/// The loop of [`worker`]: compute a chunk, report it, until done or stopped.
fn run_chunks<F>(shared: &Shared<'_, F>) -> PyResult<()>
where
    F: Fn(u64) -> PyResult<u64> + Sync,
{
    loop {
        if shared.stop.load(Ordering::SeqCst) {
            return Ok(());
        }
        // Taken under the lock, worked on outside it.
        let next = lock(&shared.queue).next();
        let Some((input, output)) = next else {
            return Ok(());
        };
        for (item, result) in input.iter().zip(output) {
            *result = (shared.work)(*item)?;
        }
        let Some(Reporter { interp, callback }) = shared.reporter else {
            continue;
        };
        // The lock is taken before attaching and released after detaching: a worker
        // waiting for it is never attached, so it never holds the GIL the reporting
        // worker needs.
        let mut done = lock(&shared.reported);
        if shared.stop.load(Ordering::SeqCst) {
            return Ok(());
        }
        *done += input.len();
        // Attached to the caller's interpreter (a subinterpreter's callback runs there),
        // not with `Python::attach`, which would attach to the main interpreter. The
        // callback's result is dropped while attached; an exception it raises goes back
        // to the caller's thread, which drops it attached too.
        let called = interp.attach(|py| callback.bind(py).call1((*done, shared.total)).map(drop));
        if !matches!(called, Ok(Ok(()))) {
            // Before the lock is released: no worker reports after a failed report.
            shared.stop.store(true, Ordering::SeqCst);
        }
        // `InterpreterGone` becomes a RuntimeError.
        called??;
    }
}

/// How a worker ended: returned (`Ok` or the error that stopped it) or panicked.
type Outcome = thread::Result<PyResult<()>>;

/// Starts `threads` workers and waits for them all; the outcome of each, and the error
/// that stopped starting more, if any (the workers already started are stopped then).
fn spawn_and_join<F>(
    shared: &Shared<'_, F>,
    threads: usize,
) -> (Vec<Outcome>, Option<std::io::Error>)
where
    F: Fn(u64) -> PyResult<u64> + Sync,
{
    thread::scope(|s| {
        let mut handles = Vec::with_capacity(threads);
        let mut spawn_error = None;
        for i in 0..threads {
            let spawned = thread::Builder::new()
                .name(format!("worker_pool-{i}"))
                .spawn_scoped(s, move || worker(shared));
            match spawned {
                Ok(handle) => handles.push(handle),
                Err(e) => {
                    shared.stop.store(true, Ordering::SeqCst);
                    spawn_error = Some(e);
                    break;
                }
            }
        }
        let joined = handles.into_iter().map(|h| h.join()).collect();
        (joined, spawn_error)
    })
}

/// Computes `work(item)` for every item, in input order, on up to `workers` threads
/// taking `chunk` items at a time; after each chunk, calls `progress(done, total)` in
/// the caller's interpreter, if given. The caller is detached (other Python threads
/// run) until every worker has ended.
///
/// An error (from `work`, from `progress`, or the interpreter finalizing) stops the
/// other workers before their next chunk and is returned; a worker's panic becomes
/// `PanicException`, which comes first.
pub fn run<F>(
    py: Python<'_>,
    items: &[u64],
    workers: usize,
    chunk: usize,
    progress: Option<&Py<PyAny>>,
    work: &F,
) -> PyResult<Vec<u64>>
where
    F: Fn(u64) -> PyResult<u64> + Sync,
{
    if workers == 0 {
        return Err(PyValueError::new_err("workers must be at least 1"));
    }
    if chunk == 0 {
        return Err(PyValueError::new_err("chunk must be at least 1"));
    }
    // A handle only when there is something to report.
    let interp = progress.map(|_| py.interpreter()).transpose()?;
    let reporter = interp
        .as_ref()
        .zip(progress)
        .map(|(interp, callback)| Reporter { interp, callback });
    let mut results = vec![0; items.len()];
    // No more threads than chunks.
    let threads = workers.min(items.len().div_ceil(chunk));
    let (joined, spawn_error) = {
        // Borrows `results` until the workers have ended.
        let shared = Shared {
            queue: Mutex::new(items.chunks(chunk).zip(results.chunks_mut(chunk))),
            stop: AtomicBool::new(false),
            reported: Mutex::new(0),
            total: items.len(),
            reporter,
            work,
        };
        py.detach(|| spawn_and_join(&shared, threads))
    };
    // Attached again: errors (which may hold Python objects) are dropped here.
    let mut error = None;
    for outcome in joined {
        match outcome {
            Err(payload) => return Err(PanicException::from_panic_payload(py, payload)),
            Ok(Err(e)) if error.is_none() => error = Some(e),
            Ok(_) => {}
        }
    }
    if let Some(e) = spawn_error {
        return Err(PyRuntimeError::new_err(format!(
            "could not start a worker thread: {e}"
        )));
    }
    match error {
        Some(e) => Err(e),
        None => Ok(results),
    }
}
