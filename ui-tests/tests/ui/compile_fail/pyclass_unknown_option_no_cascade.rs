//! An unknown `#[pyclass]` option is the only error: the class still works as a class
//! for its methods, the module and the functions that use it.

use abide::prelude::*;

#[pyclass(sequence)]
struct Stack {
    items: Vec<i64>,
}

#[pymethods]
impl Stack {
    #[new]
    fn new() -> Self {
        Stack { items: Vec::new() }
    }

    fn push(&mut self, v: i64) {
        self.items.push(v);
    }

    fn __len__(&self) -> usize {
        self.items.len()
    }
}

#[pyfunction]
fn top(stack: &Stack) -> Option<i64> {
    stack.items.last().copied()
}

#[pyfunction]
fn empty() -> Stack {
    Stack::new()
}

#[pymodule]
fn stacks(m: &Module<'_>) -> PyResult<()> {
    m.add_class::<Stack>()?;
    m.add_function(wrap_pyfunction!(top))?;
    m.add_function(wrap_pyfunction!(empty))?;
    Ok(())
}

fn main() {}
