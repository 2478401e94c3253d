//! Rust futures that need the tokio runtime, awaited from asyncio; and Python coroutines
//! awaited from Rust.
//!
//! An abide coroutine polls its Rust future on the event loop's thread, where no tokio
//! runtime runs. Futures that only need a waker (channels, `tokio::sync`) work there as
//! they are. Timers, I/O and `spawn` need the runtime: the work is spawned onto one kept
//! in a static, and the coroutine awaits its `JoinHandle`, which a tokio worker thread
//! wakes. A `JoinHandle` dropped does not stop its task, so [`spawn`] here returns a
//! handle that aborts the task when the coroutine is cancelled.

use abide::coroutine::await_py;
use abide::exceptions::{PyRuntimeError, PyTimeoutError, PyValueError};
use abide::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::runtime::Runtime;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// The process's tokio runtime, started on first use (two worker threads).
fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("tokio_tasks-worker")
            .enable_time()
            .build()
            .expect("start the tokio runtime")
    })
}

/// Runs `future` on the tokio runtime. The returned future completes with its output, and
/// aborts the task if it is dropped first (the coroutine awaiting it was cancelled).
fn spawn<F>(future: F) -> Spawned<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    Spawned(runtime().spawn(future))
}

struct Spawned<T>(JoinHandle<T>);

impl<T> Future for Spawned<T> {
    type Output = PyResult<T>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<PyResult<T>> {
        Pin::new(&mut self.0).poll(cx).map(|joined| match joined {
            Ok(value) => Ok(value),
            // The task's panic continues here, in the coroutine, which raises it as
            // `PanicException`.
            Err(err) if err.is_panic() => std::panic::resume_unwind(err.into_panic()),
            Err(err) => Err(PyRuntimeError::new_err(format!("tokio task failed: {err}"))),
        })
    }
}

impl<T> Drop for Spawned<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The tokio tasks of this module running now: each task counts itself while it lives,
/// so a test sees an aborted task go.
static RUNNING: AtomicUsize = AtomicUsize::new(0);

struct Running;

impl Running {
    fn start() -> Running {
        RUNNING.fetch_add(1, Ordering::SeqCst);
        Running
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        RUNNING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// How many of this module's tokio tasks are running.
#[pyfunction]
fn running_tasks() -> usize {
    RUNNING.load(Ordering::SeqCst)
}

fn duration(seconds: f64) -> PyResult<Duration> {
    Duration::try_from_secs_f64(seconds)
        .map_err(|_| PyValueError::new_err(format!("not a duration in seconds: {seconds}")))
}

/// Waits `seconds` on tokio's timer, then returns `result`.
#[pyfunction(signature = (seconds, result = None))]
async fn sleep(seconds: f64, result: Option<Py<PyAny>>) -> PyResult<Option<Py<PyAny>>> {
    let delay = duration(seconds)?;
    spawn(async move {
        let _running = Running::start();
        tokio::time::sleep(delay).await;
        result
    })
    .await
}

/// The sum of the squares of `0..n`, split over `tasks` tokio tasks running in parallel.
#[pyfunction]
async fn sum_squares(n: u64, tasks: u64) -> PyResult<u64> {
    if tasks == 0 {
        return Err(PyValueError::new_err("tasks must be at least 1"));
    }
    let chunk = n.div_ceil(tasks);
    let handles: Vec<_> = (0..tasks)
        .map(|i| {
            let (start, end) = ((i * chunk).min(n), ((i + 1) * chunk).min(n));
            spawn(async move {
                (start..end)
                    .map(|x| x.wrapping_mul(x))
                    .fold(0u64, u64::wrapping_add)
            })
        })
        .collect();
    let mut total = 0u64;
    for handle in handles {
        total = total.wrapping_add(handle.await?);
    }
    Ok(total)
}

/// Panics inside a tokio task after `seconds`.
#[pyfunction]
async fn panic_in_task(seconds: f64) -> PyResult<()> {
    let delay = duration(seconds)?;
    spawn(async move {
        tokio::time::sleep(delay).await;
        panic!("a tokio task panicked");
    })
    .await
}

/// Calls the Python coroutine function `f` on each item in turn and awaits it from Rust.
#[pyfunction]
async fn map_async(f: Py<PyAny>, items: Vec<Py<PyAny>>) -> PyResult<Vec<Py<PyAny>>> {
    let mut results = Vec::with_capacity(items.len());
    for item in items {
        let awaitable = Python::attach(|py| f.bind(py).call1((item,)).map(Object::unbind))?;
        results.push(await_py(awaitable).await?);
    }
    Ok(results)
}

/// Awaits the Python `awaitable` with a deadline kept by tokio's timer: its result, or
/// `TimeoutError` (and the awaitable is cancelled) after `seconds`.
#[pyfunction]
async fn with_deadline(awaitable: Py<PyAny>, seconds: f64) -> PyResult<Py<PyAny>> {
    let delay = duration(seconds)?;
    // Made inside the task: a tokio timer is tied to the runtime current where it is made.
    let deadline = spawn(async move { tokio::time::sleep(delay).await });
    tokio::select! {
        result = await_py(awaitable) => result,
        _ = deadline => Err(PyTimeoutError::new_err(format!("not done within {seconds} s"))),
    }
}

/// A queue between Python and tokio: `send` from Python, `send_later` from a tokio task,
/// `await recv()` in Python. `tokio::sync` needs no runtime to wait on, only to be woken.
#[pyclass(frozen)]
struct Channel {
    sender: Mutex<Option<mpsc::UnboundedSender<Py<PyAny>>>>,
    receiver: Arc<tokio::sync::Mutex<mpsc::UnboundedReceiver<Py<PyAny>>>>,
}

impl Channel {
    fn sender(&self) -> PyResult<mpsc::UnboundedSender<Py<PyAny>>> {
        self.sender
            .lock()
            .unwrap()
            .clone()
            .ok_or_else(|| PyRuntimeError::new_err("the channel is closed"))
    }
}

#[pymethods]
impl Channel {
    #[new]
    fn new() -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        Channel {
            sender: Mutex::new(Some(tx)),
            receiver: Arc::new(tokio::sync::Mutex::new(rx)),
        }
    }

    /// Puts `item` in the channel.
    fn send(&self, item: Py<PyAny>) -> PyResult<()> {
        self.sender()?
            .send(item)
            .map_err(|_| PyRuntimeError::new_err("the channel is closed"))
    }

    /// Puts `item` in the channel from a tokio task, `seconds` from now.
    fn send_later(&self, item: Py<PyAny>, seconds: f64) -> PyResult<()> {
        let sender = self.sender()?;
        let delay = duration(seconds)?;
        // Detached on purpose: the item arrives even if nobody waits for the call.
        drop(runtime().spawn(async move {
            tokio::time::sleep(delay).await;
            let _ = sender.send(item);
        }));
        Ok(())
    }

    /// Closes the sending side: `recv` returns `None` once the channel is empty.
    fn close(&self) {
        self.sender.lock().unwrap().take();
    }

    /// The next item, waiting for one; `None` once the channel is closed and empty.
    async fn recv(&self) -> Option<Py<PyAny>> {
        // The receiver is shared with other `recv` calls, which queue on tokio's mutex.
        let receiver = self.receiver.clone();
        let mut receiver = receiver.lock().await;
        receiver.recv().await
    }
}

/// Futures that need the tokio runtime, awaited from asyncio.
#[pymodule]
fn tokio_tasks(m: &Module<'_>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(sleep))?;
    m.add_function(wrap_pyfunction!(sum_squares))?;
    m.add_function(wrap_pyfunction!(panic_in_task))?;
    m.add_function(wrap_pyfunction!(map_async))?;
    m.add_function(wrap_pyfunction!(with_deadline))?;
    m.add_function(wrap_pyfunction!(running_tasks))?;
    m.add_class::<Channel>()
}
