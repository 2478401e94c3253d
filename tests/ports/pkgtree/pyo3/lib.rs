//! pkgtree: a package of submodules, as a PyO3 user writes it.
//!
//! `pkgtree.geometry` holds a class, an enum, an exception and a function;
//! `pkgtree.geometry.shapes` (nested) holds a class hierarchy. The submodules are
//! registered in `sys.modules`, as PyO3's guide shows, so `import pkgtree.geometry` and
//! `from pkgtree.geometry.shapes import Circle` work.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

pyo3::create_exception!(
    pkgtree.geometry,
    GeometryError,
    PyValueError,
    "Invalid geometry."
);

/// A point in the plane.
#[pyclass(module = "pkgtree.geometry")]
#[derive(Clone)]
struct Point {
    #[pyo3(get, set)]
    x: f64,
    #[pyo3(get, set)]
    y: f64,
}

#[pymethods]
impl Point {
    #[new]
    fn new(x: f64, y: f64) -> Self {
        Point { x, y }
    }

    /// The point moved by (dx, dy).
    fn translated(&self, dx: f64, dy: f64) -> Self {
        Point {
            x: self.x + dx,
            y: self.y + dy,
        }
    }

    /// The mirror image through the origin, made with `Py::new`.
    fn mirrored(&self, py: Python<'_>) -> PyResult<Py<Point>> {
        Py::new(
            py,
            Point {
                x: -self.x,
                y: -self.y,
            },
        )
    }

    fn quadrant(&self) -> PyResult<Quadrant> {
        match (self.x, self.y) {
            (x, y) if x > 0.0 && y > 0.0 => Ok(Quadrant::First),
            (x, y) if x < 0.0 && y > 0.0 => Ok(Quadrant::Second),
            (x, y) if x < 0.0 && y < 0.0 => Ok(Quadrant::Third),
            (x, y) if x > 0.0 && y < 0.0 => Ok(Quadrant::Fourth),
            _ => Err(GeometryError::new_err(
                "a point on an axis is in no quadrant",
            )),
        }
    }

    fn __add__(&self, other: PyRef<'_, Point>) -> Self {
        Point {
            x: self.x + other.x,
            y: self.y + other.y,
        }
    }

    fn __neg__(&self) -> Self {
        Point {
            x: -self.x,
            y: -self.y,
        }
    }

    fn __repr__(&self) -> String {
        format!("Point({}, {})", self.x, self.y)
    }
}

/// The four quadrants of the plane.
#[pyclass(module = "pkgtree.geometry", eq)]
#[derive(Clone, Copy, PartialEq)]
enum Quadrant {
    First,
    Second,
    Third,
    Fourth,
}

/// The origin.
#[pyfunction]
fn origin() -> Point {
    Point { x: 0.0, y: 0.0 }
}

/// Any shape; subclassed by the concrete ones.
#[pyclass(subclass)]
struct Shape {
    name: String,
}

#[pymethods]
impl Shape {
    #[new]
    fn new(name: String) -> Self {
        Shape { name }
    }

    #[getter]
    fn name(&self) -> &str {
        &self.name
    }

    fn area(&self) -> f64 {
        0.0
    }
}

/// A circle.
#[pyclass(module = "pkgtree.geometry.shapes", extends = Shape, subclass)]
struct Circle {
    center: Point,
    radius: f64,
}

#[pymethods]
impl Circle {
    #[new]
    fn new(center: &Point, radius: f64) -> PyResult<PyClassInitializer<Self>> {
        if radius < 0.0 {
            return Err(GeometryError::new_err("a circle's radius is not negative"));
        }
        Ok(
            PyClassInitializer::from(Shape::new("circle".into())).add_subclass(Circle {
                center: center.clone(),
                radius,
            }),
        )
    }

    #[getter]
    fn center(&self) -> Point {
        self.center.clone()
    }

    #[getter]
    fn radius(&self) -> f64 {
        self.radius
    }

    fn area(&self) -> f64 {
        std::f64::consts::PI * self.radius * self.radius
    }

    /// This circle scaled by `k`, about its center.
    fn scaled(&self, py: Python<'_>, k: f64) -> PyResult<Py<Circle>> {
        let init = PyClassInitializer::from(Shape::new("circle".into())).add_subclass(Circle {
            center: self.center.clone(),
            radius: self.radius * k,
        });
        Py::new(py, init)
    }
}

/// The circle of radius 1 about the origin.
#[pyfunction]
fn unit_circle(py: Python<'_>) -> PyResult<Py<Circle>> {
    let init = PyClassInitializer::from(Shape::new("circle".into())).add_subclass(Circle {
        center: origin(),
        radius: 1.0,
    });
    Py::new(py, init)
}

/// A module made at run time, after import.
#[pyfunction]
fn late_module(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    let late = PyModule::new(py, "late")?;
    late.add_class::<Point>()?;
    Ok(late)
}

#[pymodule]
fn pkgtree(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", "1.0")?;
    m.add_function(wrap_pyfunction!(late_module, m)?)?;

    let geometry = PyModule::new(py, "geometry")?;
    geometry.add_class::<Point>()?;
    geometry.add_class::<Quadrant>()?;
    geometry.add("GeometryError", py.get_type::<GeometryError>())?;
    geometry.add_function(wrap_pyfunction!(origin, &geometry)?)?;

    let shapes = PyModule::new(py, "shapes")?;
    shapes.add_class::<Shape>()?;
    shapes.add_class::<Circle>()?;
    shapes.add_function(wrap_pyfunction!(unit_circle, &shapes)?)?;

    geometry.add_submodule(&shapes)?;
    m.add_submodule(&geometry)?;

    // So that `import pkgtree.geometry` works (PyO3's guide, "submodules").
    let modules = py.import("sys")?.getattr("modules")?;
    modules.set_item("pkgtree.geometry", &geometry)?;
    modules.set_item("pkgtree.geometry.shapes", &shapes)?;
    Ok(())
}
