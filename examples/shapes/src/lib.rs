//! `shapes`: 2-D geometry as a Python extension, built on `#[pyclass]`.

mod polygon;
mod tally;
mod vector;
mod vector_extras;

use abide::exceptions::PyValueError;
use abide::prelude::*;

abide::create_exception!(
    shapes,
    GeometryError,
    PyValueError,
    "Raised for shapes that cannot exist."
);

/// Two-dimensional geometry: vectors, polygons, and a thread-safe tally.
#[pymodule]
fn shapes(m: &Module<'_>) -> PyResult<()> {
    m.add_class::<vector::Vector>()?;
    m.add_class::<vector::NamedVector>()?;
    m.add_class::<polygon::Polygon>()?;
    m.add_class::<polygon::VertexIter>()?;
    m.add_class::<tally::Tally>()?;
    m.add_exception::<GeometryError>()?;
    Ok(())
}
