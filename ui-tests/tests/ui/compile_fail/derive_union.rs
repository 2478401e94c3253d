//! A union cannot derive FromPyObject: Python cannot know which field is set.

use abide::prelude::*;

#[derive(FromPyObject)]
union Bits {
    int: u32,
    float: f32,
}

fn main() {}
