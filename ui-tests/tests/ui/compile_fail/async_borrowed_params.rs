//! The future of an `async fn` outlives the call: its parameters cannot borrow the
//! arguments. Each error says which owned type to take instead.

use abide::prelude::*;

#[pyfunction]
async fn length(text: &str) -> usize {
    text.len()
}

#[pyfunction]
async fn type_name(obj: Object<'_>) -> String {
    obj.get_type().name().unwrap_or_default()
}

#[pyfunction]
async fn first(items: Vec<&str>) -> usize {
    items.len()
}

fn main() {}
