"""Futures that need the tokio runtime, awaited from asyncio."""

from collections.abc import Coroutine, Iterable
from typing import Any, Self, SupportsFloat, SupportsIndex, final

__all__ = ["sleep", "sum_squares", "panic_in_task", "map_async", "with_deadline", "running_tasks", "Channel"]

def sleep(seconds: SupportsFloat | SupportsIndex, result: Any = None) -> Coroutine[Any, Any, Any]:
    """Waits `seconds` on tokio's timer, then returns `result`."""

def sum_squares(n: SupportsIndex, tasks: SupportsIndex) -> Coroutine[Any, Any, int]:
    """The sum of the squares of `0..n`, split over `tasks` tokio tasks running in parallel."""

def panic_in_task(seconds: SupportsFloat | SupportsIndex) -> Coroutine[Any, Any, None]:
    """Panics inside a tokio task after `seconds`."""

def map_async(f: Any, items: Iterable[Any]) -> Coroutine[Any, Any, list[Any]]:
    """Calls the Python coroutine function `f` on each item in turn and awaits it from Rust."""

def with_deadline(awaitable: Any, seconds: SupportsFloat | SupportsIndex) -> Coroutine[Any, Any, Any]:
    """Awaits the Python `awaitable` with a deadline kept by tokio's timer: its result, or
    `TimeoutError` (and the awaitable is cancelled) after `seconds`.
    """

def running_tasks() -> int:
    """How many of this module's tokio tasks are running."""

@final
class Channel:
    """A queue between Python and tokio: `send` from Python, `send_later` from a tokio task,
    `await recv()` in Python. `tokio::sync` needs no runtime to wait on, only to be woken.
    """
    def __new__(cls) -> Self: ...
    def send(self, item: Any) -> None:
        """Puts `item` in the channel."""
    def send_later(self, item: Any, seconds: SupportsFloat | SupportsIndex) -> None:
        """Puts `item` in the channel from a tokio task, `seconds` from now."""
    def close(self) -> None:
        """Closes the sending side: `recv` returns `None` once the channel is empty."""
    def recv(self) -> Coroutine[Any, Any, Any]:
        """The next item, waiting for one; `None` once the channel is closed and empty."""
