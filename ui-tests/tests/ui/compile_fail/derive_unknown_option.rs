//! Unknown options, on the struct and on a field, list what is accepted.

use abide::prelude::*;

#[derive(FromPyObject)]
#[py(rename = "other")]
struct Config {
    #[py(getter)]
    name: String,
}

#[derive(IntoPyObject)]
struct Out {
    #[py(attribute("n"))]
    name: String,
}

fn main() {}
