"""Two-dimensional geometry: vectors, polygons, and a thread-safe tally."""

from collections.abc import Iterable
from typing import Any, ClassVar, Self, SupportsFloat, SupportsIndex, final
from typing_extensions import disjoint_base

__all__ = ["Vector", "NamedVector", "Polygon", "VertexIter", "Tally", "GeometryError"]

@disjoint_base
class Vector:
    """A two-dimensional vector."""
    def __new__(cls, x: SupportsFloat | SupportsIndex = 0.0, y: SupportsFloat | SupportsIndex = 0.0) -> Self: ...
    @property
    def x(self) -> float:
        """The x coordinate."""
    @x.setter
    def x(self, value: SupportsFloat | SupportsIndex) -> None: ...
    @property
    def y(self) -> float:
        """The y coordinate."""
    @y.setter
    def y(self, value: SupportsFloat | SupportsIndex) -> None: ...
    def norm(self) -> float:
        """The Euclidean length."""
    def scale(self, k: SupportsFloat | SupportsIndex) -> None:
        """Scales the vector in place."""
    def dot(self, other: Vector) -> float:
        """The dot product with another vector."""
    def normalized(self) -> Vector:
        """A unit vector in the same direction."""
    @staticmethod
    def zero() -> Vector:
        """The zero vector."""
    @classmethod
    def unit_x(cls) -> Self:
        """The unit vector along x, as an instance of `cls` (subclasses get their own type)."""
    DIMENSIONS: ClassVar[int]
    def __repr__(self, /) -> str: ...
    def __add__(self, other: Vector, /) -> Vector: ...
    def __radd__(self, other: Vector, /) -> Vector: ...
    def __sub__(self, other: Vector, /) -> Vector: ...
    def __rsub__(self, other: Vector, /) -> Vector: ...
    def __mul__(self, k: SupportsFloat | SupportsIndex, /) -> Vector: ...
    def __rmul__(self, k: SupportsFloat | SupportsIndex, /) -> Vector: ...
    def __iadd__(self, other: Vector, /) -> Self: ...
    def __neg__(self, /) -> Vector: ...
    def __abs__(self, /) -> float: ...
    def __bool__(self, /) -> bool: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self, /) -> int: ...
    def __len__(self, /) -> int: ...
    def __getitem__(self, index: SupportsIndex, /) -> float: ...
    def angle(self) -> float:
        """The angle from the x axis, in radians."""
    @property
    def quadrant(self) -> int:
        """The quadrant (1 to 4) the vector points into, or 0 on an axis."""
    def polar(self) -> tuple[float, float]:
        """The polar coordinates: `(length, angle in degrees)`."""
    def rotated(self, angle: float | int) -> Vector:
        """The vector rotated counterclockwise by an angle in degrees."""

@final
class NamedVector(Vector):
    """A vector with a name: a Rust class built on `Vector`, with data of its own."""
    @property
    def name(self) -> str: ...
    @name.setter
    def name(self, value: str) -> None: ...
    def __new__(cls, name: str, x: SupportsFloat | SupportsIndex, y: SupportsFloat | SupportsIndex) -> Self: ...
    def __repr__(self, /) -> str: ...

@final
class Polygon:
    """A polygon: a list of vertices (`Vector` objects, shared with Python)."""
    def __new__(cls, vertices: Iterable[Vector], *, label: Any = None) -> Self: ...
    def area(self) -> float:
        """The area (shoelace formula)."""
    @property
    def label(self) -> Any:
        """The label given at construction, or None."""
    @label.setter
    def label(self, label: Any) -> None: ...
    def __len__(self, /) -> int: ...
    def __getitem__(self, index: SupportsIndex, /) -> Vector: ...
    def __setitem__(self, index: SupportsIndex, vertex: Vector, /) -> None: ...
    def __contains__(self, point: object, /) -> bool: ...
    def __iter__(self, /) -> VertexIter: ...
    def __eq__(self, other: object, /) -> bool:
        """Polygons compare by their vertices."""
    def __repr__(self, /) -> str: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class VertexIter:
    """Iterates over a polygon's vertices."""
    def __iter__(self, /) -> VertexIter: ...
    def __next__(self, /) -> Vector: ...

@final
class Tally:
    """A counter that many threads may update at once."""
    @property
    def step(self) -> int: ...
    def __new__(cls, step: SupportsIndex = 1) -> Self: ...
    def incr(self) -> None:
        """Adds `step` to the count."""
    @property
    def count(self) -> int:
        """The current count."""
    def with_exclusive(self, callback: Any) -> Any:
        """Runs `callback()` while holding `&mut self`, for testing re-entrancy."""
    def with_shared(self, callback: Any) -> Any:
        """Runs `callback()` while holding `&self`."""
    def hold(self, millis: SupportsIndex) -> None:
        """Holds `&mut self` for `millis` milliseconds with the interpreter released, so
        another thread can try to use the object meanwhile.
        """

class GeometryError(ValueError):
    """Raised for shapes that cannot exist."""
