//! An enum without variants has no value to convert.

use abide::prelude::*;

#[derive(FromPyObject)]
enum Never {}

#[derive(IntoPyObject)]
enum AlsoNever {}

fn main() {}
