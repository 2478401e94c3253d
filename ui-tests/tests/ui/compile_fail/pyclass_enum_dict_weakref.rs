// An enum's variants are shared singletons: no per-instance `__dict__` or weak references.
use abide::prelude::*;

#[pyclass(dict, weakref)]
enum Color {
    Red,
    Green,
}

fn main() {}
