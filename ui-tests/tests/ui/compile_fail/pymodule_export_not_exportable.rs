//! `#[pymodule_export]` on items that are not a #[pyfunction], #[pyclass], exception or
//! #[pymodule]: the error names what it takes, at the item.

use abide::prelude::*;

fn plain(x: i64) -> i64 {
    x
}

struct Plain;

const LIMIT: u32 = 3;

#[pymodule]
mod hello {
    #[pymodule_export]
    use super::{LIMIT, Plain, plain};
}

fn main() {
    let _ = (plain(1), Plain, LIMIT);
}
