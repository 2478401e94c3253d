from typing import SupportsIndex

__all__ = ["add", "greet"]

def add(a: SupportsIndex, b: SupportsIndex) -> int:
    """Adds two integers."""

def greet(name: str, *, greeting: str = 'Hello') -> str:
    """Greets someone."""
