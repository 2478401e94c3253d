//! `Vector`: an immutable-looking 2-D vector with arithmetic, comparison and hashing.

use abide::exceptions::{PyIndexError, PyZeroDivisionError};
use abide::prelude::*;

/// A two-dimensional vector.
#[pyclass(module = "shapes", subclass)]
#[derive(Clone)]
pub struct Vector {
    pub x: f64,
    pub y: f64,
}

#[pymethods]
impl Vector {
    #[new]
    #[py(signature = (x = 0.0, y = 0.0))]
    fn new(x: f64, y: f64) -> Self {
        Vector { x, y }
    }

    /// The x coordinate.
    #[getter]
    fn x(&self) -> f64 {
        self.x
    }

    #[setter]
    fn set_x(&mut self, value: f64) {
        self.x = value;
    }

    /// The y coordinate.
    #[getter]
    fn y(&self) -> f64 {
        self.y
    }

    #[setter]
    fn set_y(&mut self, value: f64) {
        self.y = value;
    }

    /// The Euclidean length.
    fn norm(&self) -> f64 {
        self.x.hypot(self.y)
    }

    /// Scales the vector in place.
    fn scale(&mut self, k: f64) {
        self.x *= k;
        self.y *= k;
    }

    /// The dot product with another vector.
    fn dot(&self, other: &Self) -> f64 {
        self.x * other.x + self.y * other.y
    }

    /// A unit vector in the same direction.
    fn normalized(&self) -> PyResult<Self> {
        let n = self.norm();
        if n == 0.0 {
            return Err(PyZeroDivisionError::new_err(
                "cannot normalise the zero vector",
            ));
        }
        Ok(Vector {
            x: self.x / n,
            y: self.y / n,
        })
    }

    /// The zero vector.
    #[staticmethod]
    fn zero() -> Self {
        Vector::new(0.0, 0.0)
    }

    /// The unit vector along x, as an instance of `cls` (subclasses get their own type).
    #[classmethod]
    #[py(signature = () -> "Self")]
    fn unit_x<'py>(cls: &TypeObject<'py>) -> PyResult<Object<'py>> {
        cls.as_object().call1((1.0, 0.0))
    }

    /// The number of dimensions.
    #[classattr]
    #[py(name = "DIMENSIONS")]
    fn dimensions() -> usize {
        2
    }

    fn __repr__(&self) -> String {
        format!("Vector({}, {})", self.x, self.y)
    }

    fn __add__(&self, other: &Self) -> Self {
        Vector::new(self.x + other.x, self.y + other.y)
    }

    fn __sub__(&self, other: &Self) -> Self {
        Vector::new(self.x - other.x, self.y - other.y)
    }

    fn __mul__(&self, k: f64) -> Self {
        Vector::new(self.x * k, self.y * k)
    }

    fn __rmul__(&self, k: f64) -> Self {
        self.__mul__(k)
    }

    fn __iadd__(&mut self, other: PyRef<'_, Vector>) {
        self.x += other.x;
        self.y += other.y;
    }

    fn __neg__(&self) -> Self {
        Vector::new(-self.x, -self.y)
    }

    fn __abs__(&self) -> f64 {
        self.norm()
    }

    fn __bool__(&self) -> bool {
        self.x != 0.0 || self.y != 0.0
    }

    fn __eq__(&self, other: &Self) -> bool {
        self.x == other.x && self.y == other.y
    }

    fn __hash__(&self) -> u64 {
        // Equal vectors hash equally; -0.0 == 0.0, so normalise the sign of zero.
        let norm = |v: f64| if v == 0.0 { 0.0f64 } else { v };
        norm(self.x).to_bits().wrapping_mul(31) ^ norm(self.y).to_bits()
    }

    fn __len__(&self) -> usize {
        2
    }

    fn __getitem__(&self, index: isize) -> PyResult<f64> {
        match index {
            0 | -2 => Ok(self.x),
            1 | -1 => Ok(self.y),
            _ => Err(PyIndexError::new_err("Vector index out of range")),
        }
    }
}

/// A vector with a name: a Rust class built on `Vector`, with data of its own.
#[pyclass(module = "shapes", extends = Vector)]
pub struct NamedVector {
    #[py(get, set)]
    name: String,
}

#[pymethods]
impl NamedVector {
    #[new]
    fn new(name: String, x: f64, y: f64) -> (Self, Vector) {
        (NamedVector { name }, Vector { x, y })
    }

    fn __repr__(slf: PyRef<'_, Self>) -> PyResult<String> {
        let base: PyRef<'_, Vector> = slf.as_object().extract()?;
        Ok(format!(
            "NamedVector({:?}, {}, {})",
            slf.name, base.x, base.y
        ))
    }
}
