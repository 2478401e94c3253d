//! `Polygon`: a closed shape made of `Vector`s it holds as Python objects.

use crate::GeometryError;
use crate::vector::Vector;
use abide::exceptions::PyIndexError;
use abide::prelude::*;
use std::sync::Mutex;

/// A polygon: a list of vertices (`Vector` objects, shared with Python).
#[pyclass(module = "shapes")]
pub struct Polygon {
    vertices: Vec<Py<Vector>>,
    /// An optional label, kept as any Python object.
    label: Option<Py<PyAny>>,
}

#[pymethods]
impl Polygon {
    #[new]
    #[py(signature = (vertices, *, label = None))]
    fn new(vertices: Vec<Py<Vector>>, label: Option<Py<PyAny>>) -> PyResult<Self> {
        if vertices.len() < 3 {
            return Err(GeometryError::new_err(format!(
                "a polygon needs at least 3 vertices, got {}",
                vertices.len()
            )));
        }
        Ok(Polygon { vertices, label })
    }

    /// The area (shoelace formula).
    fn area(&self, py: Python<'_>) -> PyResult<f64> {
        let mut twice = 0.0;
        let n = self.vertices.len();
        for i in 0..n {
            let a = self.vertices[i].borrow(py)?;
            let b = self.vertices[(i + 1) % n].borrow(py)?;
            twice += a.x * b.y - b.x * a.y;
        }
        Ok(twice.abs() / 2.0)
    }

    /// The label given at construction, or None.
    #[getter]
    fn label<'py>(&self, py: Python<'py>) -> Option<Object<'py>> {
        self.label.as_ref().map(|l| l.bind(py))
    }

    #[setter]
    fn set_label(&mut self, label: Option<Py<PyAny>>) {
        self.label = label;
    }

    fn __len__(&self) -> usize {
        self.vertices.len()
    }

    fn __getitem__(&self, py: Python<'_>, index: usize) -> PyResult<Py<Vector>> {
        self.vertices
            .get(index)
            .map(|v| v.clone_ref(py))
            .ok_or_else(|| PyIndexError::new_err("polygon index out of range"))
    }

    fn __setitem__(&mut self, index: usize, vertex: Py<Vector>) -> PyResult<()> {
        match self.vertices.get_mut(index) {
            Some(slot) => {
                *slot = vertex;
                Ok(())
            }
            None => Err(PyIndexError::new_err("polygon index out of range")),
        }
    }

    fn __contains__(&self, py: Python<'_>, point: &Vector) -> PyResult<bool> {
        for v in &self.vertices {
            let v = v.borrow(py)?;
            if v.x == point.x && v.y == point.y {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn __iter__(slf: PyRef<'_, Self>) -> VertexIter {
        VertexIter {
            polygon: slf.as_object().clone().unbind(),
            index: Mutex::new(0),
        }
    }

    /// Polygons compare by their vertices.
    fn __eq__(&self, py: Python<'_>, other: &Self) -> PyResult<bool> {
        if self.vertices.len() != other.vertices.len() {
            return Ok(false);
        }
        for (a, b) in self.vertices.iter().zip(&other.vertices) {
            let (a, b) = (a.borrow(py)?, b.borrow(py)?);
            if a.x != b.x || a.y != b.y {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn __repr__(&self) -> String {
        format!("Polygon(<{} vertices>)", self.vertices.len())
    }
}

/// Iterates over a polygon's vertices.
#[pyclass(module = "shapes")]
pub struct VertexIter {
    polygon: Py<PyAny>,
    index: Mutex<usize>,
}

#[pymethods]
impl VertexIter {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<Vector>>> {
        let polygon: PyRef<'_, Polygon> = self.polygon.bind(py).extract()?;
        let mut index = self.index.lock().unwrap_or_else(|e| e.into_inner());
        let item = polygon.vertices.get(*index).map(|v| v.clone_ref(py));
        *index += 1;
        Ok(item)
    }
}
