"""CPU work split over Rust threads, with progress reported to a Python callback in the
caller's interpreter.
"""

from collections.abc import Callable, Iterable
from typing import Self, SupportsIndex, final

__all__ = ["collatz_steps", "panic_in_worker", "Pool"]

def collatz_steps(items: Iterable[SupportsIndex], workers: SupportsIndex, progress: Callable[[int, int], object] | None = None, *, chunk: SupportsIndex = 64) -> list[int]:
    """The Collatz step count of each item, in order, computed on `workers` Rust threads
    taking `chunk` items at a time while the caller waits detached. After each chunk,
    `progress(done, total)` is called (from a worker thread, in the caller's interpreter,
    one call at a time, `done` increasing up to `total`). An exception raised by
    `progress` stops the work and is raised here.
    """

def panic_in_worker(items: Iterable[SupportsIndex], workers: SupportsIndex, panic_at: SupportsIndex, progress: Callable[[int, int], object] | None = None, *, chunk: SupportsIndex = 64) -> list[int]:
    """Runs the pool over `items` like `collatz_steps`, but the worker that reaches the item
    `panic_at` panics: the panic is raised here as `PanicException`, and the other workers
    stop before their next chunk.
    """

@final
class Pool:
    """A pool configuration kept for many calls: `Pool(4).collatz_steps(items)`. Threads
    are started for each call and end with it.
    """
    def __new__(cls, workers: SupportsIndex, *, chunk: SupportsIndex = 64) -> Self: ...
    @property
    def workers(self) -> int:
        """The number of worker threads a call uses (fewer when there are fewer chunks)."""
    @property
    def chunk(self) -> int:
        """The number of items a worker takes at a time."""
    def collatz_steps(self, items: Iterable[SupportsIndex], progress: Callable[[int, int], object] | None = None) -> list[int]:
        """`collatz_steps(items, self.workers, progress, chunk=self.chunk)`."""
    def __repr__(self, /) -> str: ...
