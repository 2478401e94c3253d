//! Structs and variants without fields carry no value to convert.

use abide::prelude::*;

#[derive(FromPyObject)]
struct Unit;

#[derive(FromPyObject)]
struct Empty {}

#[derive(IntoPyObject)]
enum Kind {
    Some(i64),
    Nothing,
}

fn main() {}
