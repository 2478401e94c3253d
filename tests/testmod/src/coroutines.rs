//! `async fn`s written the way a PyO3 user writes them (the PyO3 guide's `sleep`, a
//! future woken from another thread, errors, panics, callbacks into Python), for the
//! asyncio tests in `test_coroutines.py`. The timer and the one-shot channel below stand
//! in for what a real crate gets from its runtime or a channel crate.

use abide::exceptions::PyValueError;
use abide::prelude::*;
use std::collections::BinaryHeap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

/// The state a one-shot channel's two ends share.
struct Shared<T> {
    value: Option<T>,
    waker: Option<Waker>,
    sender_gone: bool,
}

struct Sender<T>(Arc<Mutex<Shared<T>>>);
struct Receiver<T>(Arc<Mutex<Shared<T>>>);

fn oneshot<T>() -> (Sender<T>, Receiver<T>) {
    let shared = Arc::new(Mutex::new(Shared {
        value: None,
        waker: None,
        sender_gone: false,
    }));
    (Sender(shared.clone()), Receiver(shared))
}

impl<T> Sender<T> {
    fn send(self, value: T) {
        self.0.lock().unwrap().value = Some(value);
        // `Drop` wakes the receiver.
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        let waker = {
            let mut shared = self.0.lock().unwrap();
            shared.sender_gone = true;
            shared.waker.take()
        };
        // Woken outside the lock, from whatever thread sends.
        if let Some(waker) = waker {
            waker.wake();
        }
    }
}

impl<T> Future for Receiver<T> {
    /// `None` if the sender went away without sending.
    type Output = Option<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        let mut shared = self.0.lock().unwrap();
        if let Some(value) = shared.value.take() {
            return Poll::Ready(Some(value));
        }
        if shared.sender_gone {
            return Poll::Ready(None);
        }
        shared.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}

/// One timer thread for the whole process: a heap of deadlines, each sending on its
/// channel when due (so 10,000 sleeps are not 10,000 threads).
struct Timer {
    due: Mutex<BinaryHeap<Entry>>,
    changed: Condvar,
}

struct Entry(Instant, Sender<()>);

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    /// Earliest first in the max-heap.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other.0.cmp(&self.0)
    }
}

fn timer() -> &'static Timer {
    static TIMER: OnceLock<&'static Timer> = OnceLock::new();
    TIMER.get_or_init(|| {
        let timer: &'static Timer = Box::leak(Box::new(Timer {
            due: Mutex::new(BinaryHeap::new()),
            changed: Condvar::new(),
        }));
        std::thread::spawn(move || {
            let mut due = timer.due.lock().unwrap();
            loop {
                let now = Instant::now();
                match due.peek().map(|e| e.0) {
                    Some(at) if at <= now => {
                        let Entry(_, sender) = due.pop().unwrap();
                        drop(due);
                        sender.send(());
                        due = timer.due.lock().unwrap();
                    }
                    Some(at) => due = timer.changed.wait_timeout(due, at - now).unwrap().0,
                    None => due = timer.changed.wait(due).unwrap(),
                }
            }
        });
        timer
    })
}

/// A future that completes `seconds` from now, woken from the timer thread.
pub(crate) fn after(seconds: f64) -> impl Future<Output = Option<()>> + Send + use<> {
    let (tx, rx) = oneshot();
    let at = Instant::now() + Duration::from_secs_f64(seconds.max(0.0));
    let timer = timer();
    timer.due.lock().unwrap().push(Entry(at, tx));
    timer.changed.notify_one();
    rx
}

/// The PyO3 guide's example: waits `seconds` on another thread, then returns `result`.
#[pyfunction(signature = (seconds, result = None))]
async fn sleep(seconds: f64, result: Option<Py<PyAny>>) -> Option<Py<PyAny>> {
    after(seconds).await;
    result
}

/// Completes at once: the future is ready on its first poll.
#[pyfunction]
async fn add_now(a: i64, b: i64) -> i64 {
    a + b
}

/// Completes at once, without parameters (a `METH_NOARGS` function).
#[pyfunction]
async fn ready() -> &'static str {
    "ready"
}

/// Woken once from a new thread, which sends the value.
#[pyfunction]
async fn from_thread(value: i64) -> i64 {
    let (tx, rx) = oneshot();
    std::thread::spawn(move || tx.send(value));
    rx.await.expect("the thread sends")
}

/// Returns a tuple: the coroutine's result is the tuple, not `StopIteration`'s args.
#[pyfunction]
async fn pair(a: i64, b: String) -> (i64, String) {
    (a, b)
}

/// Returns whatever it is given after a sleep (an exception instance stays a value).
#[pyfunction]
async fn echo_later(value: Py<PyAny>) -> Py<PyAny> {
    after(0.001).await;
    value
}

/// Raises `ValueError(message)` after a sleep.
#[pyfunction]
async fn fail_later(message: String) -> PyResult<i64> {
    after(0.001).await;
    Err(PyValueError::new_err(message))
}

/// Returns an error type of its own, converted through `From<ParseIntError> for PyErr`.
#[pyfunction]
async fn parse_later(text: String) -> Result<i64, std::num::ParseIntError> {
    after(0.001).await;
    text.trim().parse()
}

/// Panics after a sleep (or at once): `PanicException` from `await`.
#[pyfunction]
async fn panic_later(seconds: f64) -> i64 {
    if seconds > 0.0 {
        after(seconds).await;
    }
    panic!("panicked inside a future")
}

/// Wakes itself `n` times while being polled (as a cooperative `yield_now` does): each
/// time the coroutine yields to the loop without an asyncio future.
#[pyfunction]
async fn yield_now(n: usize) -> usize {
    struct YieldNow(usize);
    impl Future for YieldNow {
        type Output = usize;
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<usize> {
            if self.0 == 0 {
                return Poll::Ready(0);
            }
            self.0 -= 1;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
    YieldNow(n).await;
    n
}

static GUARDS_DROPPED: AtomicUsize = AtomicUsize::new(0);
static GUARDS_MADE: AtomicUsize = AtomicUsize::new(0);

/// Held across an `await`: counts its drop, and keeps a Python object alive until then.
struct Guard(#[allow(dead_code)] Py<PyAny>);

impl Guard {
    fn new(keep: Py<PyAny>) -> Guard {
        GUARDS_MADE.fetch_add(1, Ordering::SeqCst);
        Guard(keep)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        GUARDS_DROPPED.fetch_add(1, Ordering::SeqCst);
    }
}

/// Holds `keep` in a guard and sleeps `seconds` (a long time, to be cancelled).
#[pyfunction]
async fn hold(keep: Py<PyAny>, seconds: f64) -> &'static str {
    let _guard = Guard::new(keep);
    after(seconds).await;
    "finished"
}

/// (guards made, guards dropped) so far.
#[pyfunction]
fn guard_counts() -> (usize, usize) {
    (
        GUARDS_MADE.load(Ordering::SeqCst),
        GUARDS_DROPPED.load(Ordering::SeqCst),
    )
}

/// Calls `before()`, sleeps, calls `after()`: each call runs in the step that resumes the
/// coroutine, so in the context of the Task that drives it (context variables).
#[pyfunction]
async fn call_around(
    before: Py<PyAny>,
    after_sleep: Py<PyAny>,
) -> PyResult<(Py<PyAny>, Py<PyAny>)> {
    let first = Python::attach(|py| before.bind(py).call0().map(Object::unbind))?;
    after(0.001).await;
    let second = Python::attach(|py| after_sleep.bind(py).call0().map(Object::unbind))?;
    Ok((first, second))
}

/// Sleeps, then calls `f()` and returns what it returns (an exception it raises
/// propagates from `await`).
#[pyfunction]
async fn call_later(f: Py<PyAny>, seconds: f64) -> PyResult<Py<PyAny>> {
    after(seconds).await;
    Python::attach(|py| f.bind(py).call0().map(Object::unbind))
}

/// Sleeps `seconds` unless an exception is thrown in first (`task.cancel()`): then it
/// returns the exception's type name instead of raising, as PyO3's `cancel_handle`
/// example does. `label` shows the handle need not be the last parameter.
#[pyfunction]
async fn cancellable_sleep(
    seconds: f64,
    #[py(cancel_handle)] mut cancel: abide::coroutine::CancelHandle,
    label: String,
) -> PyResult<String> {
    let mut sleep = std::pin::pin!(after(seconds));
    let mut cancelled = std::pin::pin!(cancel.cancelled());
    let thrown = std::future::poll_fn(|cx| {
        if let Poll::Ready(exc) = cancelled.as_mut().poll(cx) {
            return Poll::Ready(Some(exc));
        }
        sleep.as_mut().poll(cx).map(|_| None)
    })
    .await;
    match thrown {
        None => Ok(format!("{label}: slept")),
        Some(exc) => Python::attach(|py| {
            let name = exc.bind(py).get_type().name()?;
            Ok(format!("{label}: {name}"))
        }),
    }
}

/// Awaits the Python awaitable `f(arg)` from Rust (`abide::coroutine::await_py`).
#[pyfunction]
async fn await_call(f: Py<PyAny>, arg: Py<PyAny>) -> PyResult<Py<PyAny>> {
    let awaitable = Python::attach(|py| f.bind(py).call1((arg,)).map(Object::unbind))?;
    abide::coroutine::await_py(awaitable).await
}

pub fn add_to(m: &Module<'_>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(await_call))?;
    m.add_function(wrap_pyfunction!(cancellable_sleep))?;
    m.add_function(wrap_pyfunction!(sleep))?;
    m.add_function(wrap_pyfunction!(add_now))?;
    m.add_function(wrap_pyfunction!(ready))?;
    m.add_function(wrap_pyfunction!(from_thread))?;
    m.add_function(wrap_pyfunction!(pair))?;
    m.add_function(wrap_pyfunction!(echo_later))?;
    m.add_function(wrap_pyfunction!(fail_later))?;
    m.add_function(wrap_pyfunction!(parse_later))?;
    m.add_function(wrap_pyfunction!(panic_later))?;
    m.add_function(wrap_pyfunction!(yield_now))?;
    m.add_function(wrap_pyfunction!(hold))?;
    m.add_function(wrap_pyfunction!(guard_counts))?;
    m.add_function(wrap_pyfunction!(call_around))?;
    m.add_function(wrap_pyfunction!(call_later))
}
