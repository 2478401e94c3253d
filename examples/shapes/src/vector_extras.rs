//! A second `#[pymethods]` block for `Vector`: a class's methods may be spread over
//! several blocks (and files); the module assembles them when it adds the class.

use crate::vector::Vector;
use abide::prelude::*;

#[pymethods]
impl Vector {
    /// The angle from the x axis, in radians.
    fn angle(&self) -> f64 {
        self.y.atan2(self.x)
    }

    /// The quadrant (1 to 4) the vector points into, or 0 on an axis.
    #[getter]
    fn quadrant(&self) -> u8 {
        match (self.x, self.y) {
            (x, y) if x > 0.0 && y > 0.0 => 1,
            (x, y) if x < 0.0 && y > 0.0 => 2,
            (x, y) if x < 0.0 && y < 0.0 => 3,
            (x, y) if x > 0.0 && y < 0.0 => 4,
            _ => 0,
        }
    }

    /// The polar coordinates: `(length, angle in degrees)`.
    fn polar(&self) -> Polar {
        Polar {
            length: self.x.hypot(self.y),
            degrees: self.y.atan2(self.x).to_degrees(),
        }
    }

    /// The vector rotated counterclockwise by an angle in degrees.
    fn rotated(&self, angle: Degrees) -> Vector {
        let (sin, cos) = angle.0.to_radians().sin_cos();
        Vector {
            x: self.x * cos - self.y * sin,
            y: self.x * sin + self.y * cos,
        }
    }
}

/// Polar coordinates, given to Python as a tuple.
pub struct Polar {
    length: f64,
    degrees: f64,
}

impl<'py> IntoPyObject<'py> for Polar {
    /// What the stub says `polar` returns.
    const OUTPUT_TYPE: &'static str = "tuple[float, float]";

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
        (self.length, self.degrees).into_pyobject(py)
    }
}

/// An angle in degrees: any real number, but not `nan` or an infinity.
pub struct Degrees(f64);

impl<'a, 'py> FromPyObject<'a, 'py> for Degrees {
    /// What the stub says `rotated` takes (the macros cannot read a type of the crate).
    const INPUT_TYPE: &'static str = "float | int";

    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        let degrees = f64::extract(obj)?;
        if degrees.is_finite() {
            Ok(Degrees(degrees))
        } else {
            Err(abide::exceptions::PyValueError::new_err(format!(
                "an angle must be finite, not {degrees}"
            )))
        }
    }
}
