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
}
