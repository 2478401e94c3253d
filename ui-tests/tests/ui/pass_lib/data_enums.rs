//! Enums whose variants carry data, in the forms a PyO3 port brings.

use abide::prelude::*;

/// Derived comparisons and hashing: the enum is frozen, so `hash` is allowed; `frozen`
/// may be written too.
#[pyclass(frozen, eq, ord, hash, str, name = "Version", module = "pkg.versions")]
#[derive(Clone, PartialEq, PartialOrd, Hash)]
enum RustVersion {
    Release(u32, u32),
    Named { name: String },
}

impl std::fmt::Display for RustVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RustVersion::Release(a, b) => write!(f, "{a}.{b}"),
            RustVersion::Named { name } => f.write_str(name),
        }
    }
}

#[pyclass]
struct Leaf;

/// Fields holding Python objects (collected), a class instance, keyword names and a
/// keyword-only constructor.
#[pyclass]
enum Node {
    Leaf(Py<Leaf>),
    Pair {
        left: Py<PyAny>,
        right: Option<u8>,
    },
    #[py(constructor = (*, r#type, label = String::new()), name = "Tagged")]
    Tag {
        r#type: u8,
        label: String,
    },
    Nothing(),
}

#[pymethods]
impl Node {
    fn is_leaf(&self) -> bool {
        matches!(self, Node::Leaf(_))
    }

    #[staticmethod]
    fn empty() -> Node {
        Node::Nothing()
    }
}

#[pyfunction]
fn bump(v: RustVersion) -> RustVersion {
    match v {
        RustVersion::Release(a, b) => RustVersion::Release(a, b + 1),
        named => named,
    }
}

#[pyfunction]
fn make(py: Python<'_>) -> PyResult<Py<Node>> {
    Py::new(py, Node::Nothing())
}

#[pymodule]
fn data_enums(m: &Module<'_>) -> PyResult<()> {
    m.add_class::<RustVersion>()?;
    m.add_class::<Leaf>()?;
    m.add_class::<Node>()?;
    m.add_function(wrap_pyfunction!(bump))?;
    m.add_function(wrap_pyfunction!(make))?;
    Ok(())
}
