__all__ = ["add", "greet"]

def add(a: int, b: int) -> int:
    """Adds two integers."""

def greet(name: str, *, greeting: str = 'Hello') -> str:
    """Greets someone."""
