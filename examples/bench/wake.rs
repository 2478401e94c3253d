//! What the async rows' futures wait on, one file compiled into both Rust bench crates
//! (`#[path = "../../wake.rs"] mod wake;`), so that abide and PyO3 are woken by the very
//! same code: a one-shot channel (a `Mutex` holding the value and the receiver's
//! `Waker`), and a long-lived helper thread, fed through a std mpsc channel, that answers
//! each request by sending on the request's channel, which wakes the future from there.
//!
//! - **One helper thread** (one per kind, below) for the process rather than a thread
//!   per call: spawning one per call adds a third to the round trip on a GIL build and
//!   several times it on the free-threaded build (the report's last row), a cost of
//!   `std::thread` and of CPython's thread states, not of the framework.
//! - **Requests wait for [`release`]**: the first poll stores the waker and parks the
//!   request; the bench calls `release()` from an event-loop callback, which runs once
//!   the coroutine has suspended. A helper that answered at once would otherwise race
//!   the suspension, and a wake that comes while the coroutine is still being polled
//!   takes a cheaper path (the coroutine yields to the loop without an asyncio future):
//!   the row would measure a mix of two paths, in proportions set by thread scheduling.
//!
//! Nothing here is framework-specific and there is no dependency: a real crate gets the
//! same from a channel crate or its runtime.

use std::future::Future;
use std::pin::Pin;
use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};
use std::task::{Context, Poll, Waker};

/// The state both ends of a one-shot channel share.
struct Shared<T> {
    value: Option<T>,
    waker: Option<Waker>,
}

/// The sending end: [`Sender::send`] stores the value and wakes the receiver.
pub struct Sender<T>(Arc<Mutex<Shared<T>>>);

/// The receiving end, a future of the value.
pub struct Receiver<T>(Arc<Mutex<Shared<T>>>);

/// A one-shot channel.
pub fn oneshot<T>() -> (Sender<T>, Receiver<T>) {
    let shared = Arc::new(Mutex::new(Shared {
        value: None,
        waker: None,
    }));
    (Sender(shared.clone()), Receiver(shared))
}

impl<T> Sender<T> {
    /// Stores `value` and wakes the receiver, outside the lock, on the calling thread.
    pub fn send(self, value: T) {
        let waker = {
            let mut shared = self.0.lock().unwrap();
            shared.value = Some(value);
            shared.waker.take()
        };
        if let Some(waker) = waker {
            waker.wake();
        }
    }
}

impl<T> Future for Receiver<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut shared = self.0.lock().unwrap();
        if let Some(value) = shared.value.take() {
            return Poll::Ready(value);
        }
        shared.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}

/// A request to a helper thread: send `.0` on `.1`.
type Request = (i64, Sender<i64>);

/// A parked request: sends it to its helper thread.
type Parked = Box<dyn FnOnce() + Send>;

/// The requests made since the last [`release`].
static PARKED: Mutex<Vec<Parked>> = Mutex::new(Vec::new());

/// Sends the parked requests to their helper threads; returns how many.
pub fn release() -> usize {
    let parked = std::mem::take(&mut *PARKED.lock().unwrap());
    let n = parked.len();
    for request in parked {
        request();
    }
    n
}

/// How a helper thread runs its loop: [`plain`], or inside what the crate gives (the
/// thread attached once and then detached for its lifetime, so that it keeps a Python
/// thread state and each wake's `Python::attach` only re-attaches it).
pub type Wrap = fn(Box<dyn FnOnce() + Send>);

/// Runs the loop as it is: a thread Python does not know.
fn plain(run: Box<dyn FnOnce() + Send>) {
    run()
}

/// The queue of the helper thread `slot`, started on first use inside `wrap`; the
/// thread lives as long as the process, blocked on the queue between requests.
fn helper(
    slot: &'static OnceLock<mpsc::Sender<Request>>,
    wrap: Wrap,
) -> &'static mpsc::Sender<Request> {
    slot.get_or_init(|| {
        let (requests, queue) = mpsc::channel::<Request>();
        std::thread::Builder::new()
            .name("bench-waker".into())
            .spawn(move || {
                wrap(Box::new(move || {
                    for (value, reply) in queue {
                        reply.send(value);
                    }
                }))
            })
            .expect("cannot start the helper thread");
        requests
    })
}

/// A future of what `dispatch` has sent on the channel it is given, once the request is
/// released: the first poll stores the waker, then parks the request.
fn requested(
    dispatch: impl FnOnce(Sender<i64>) + Send + 'static,
) -> impl Future<Output = i64> + Send + 'static {
    struct Requested {
        rx: Receiver<i64>,
        request: Option<Parked>,
    }
    impl Future for Requested {
        type Output = i64;
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<i64> {
            let polled = Pin::new(&mut self.rx).poll(cx);
            if polled.is_pending()
                && let Some(request) = self.request.take()
            {
                PARKED.lock().unwrap().push(request);
            }
            polled
        }
    }
    let (tx, rx) = oneshot();
    Requested {
        rx,
        request: Some(Box::new(move || dispatch(tx))),
    }
}

/// A future of `value`, sent by the helper thread of `queue`.
fn from_queue(
    queue: &'static mpsc::Sender<Request>,
    value: i64,
) -> impl Future<Output = i64> + Send + 'static {
    requested(move |tx| {
        queue
            .send((value, tx))
            .expect("the helper thread is running")
    })
}

/// A future of `value`, sent (and so woken) by the plain helper thread, a Rust thread
/// that Python does not know: each wake attaches it anew (`PyGILState_Ensure` makes a
/// thread state, `PyGILState_Release` frees it).
pub fn from_helper(value: i64) -> impl Future<Output = i64> + Send + 'static {
    static PLAIN: OnceLock<mpsc::Sender<Request>> = OnceLock::new();
    from_queue(helper(&PLAIN, plain), value)
}

/// The same from a second helper thread, whose loop runs inside `wrap` (see [`Wrap`]).
pub fn from_registered_helper(
    value: i64,
    wrap: Wrap,
) -> impl Future<Output = i64> + Send + 'static {
    static REGISTERED: OnceLock<mpsc::Sender<Request>> = OnceLock::new();
    from_queue(helper(&REGISTERED, wrap), value)
}

/// A future of `value`, sent (and so woken) by a thread spawned for it when the request is
/// released: what the helper thread saves.
pub fn from_new_thread(value: i64) -> impl Future<Output = i64> + Send + 'static {
    requested(move |tx| {
        std::thread::spawn(move || tx.send(value));
    })
}
