//! A module with functions, constants and a submodule; `#[pymodule]` exports
//! `PyModExport_geometry` (and no `PyInit_geometry`).

use abide::prelude::*;

/// The area of a rectangle.
#[pyfunction]
fn area(width: f64, height: f64) -> f64 {
    width * height
}

#[pyfunction]
fn unit() -> f64 {
    1.0
}

/// Geometry helpers.
#[pymodule]
fn geometry(m: &Module<'_>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(area))?;
    m.add("VERSION", "1.0")?;
    m.add("ORIGIN", (0.0, 0.0))?;
    m.add("AXES", vec!["x", "y"])?;
    let units = Module::new(m.py(), "geometry.units")?;
    units.add_function(wrap_pyfunction!(unit))?;
    m.add_submodule(&units)?;
    Ok(())
}

/// A module whose Python name differs from the Rust function's.
#[pymodule(name = "geometry2")]
fn init_geometry2(m: &Module<'_>) -> PyResult<()> {
    m.add("VERSION", "2.0")
}

fn main() {}
