//! User types named like abide's own (`List`, `Dict`, `Tuple`, `Module`, `Python`,
//! `Object`) used as parameters and fields: abide tells them apart by type, not name. And
//! fields whose references the garbage collector must see, written through a type alias
//! and in a tuple struct.

use abide::class::{CompareOp, Traverse};
use abide::{PyAny, PyResult, pyclass, pyfunction, pymethods};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The real token under another name: an alias is the type it names.
type Token<'py> = abide::Python<'py>;
type Py<T> = abide::Py<T>;

#[pyclass(module = "testmod")]
pub struct List {
    items: Vec<i64>,
}

#[pyclass(module = "testmod")]
pub struct Dict {
    #[py(get)]
    size: i64,
}

#[pyclass(module = "testmod", frozen)]
pub struct Tuple {
    #[py(get)]
    first: i64,
}

#[pyclass(module = "testmod")]
pub struct Module {
    #[py(get)]
    name: String,
}

/// Not the token: a class that happens to be called `Python`.
#[pyclass(module = "testmod")]
pub struct Python {
    #[py(get)]
    version: i64,
}

#[pyclass(module = "testmod")]
pub struct Object {
    /// Holds another class by a field typed with a user `Py` alias.
    #[py(get)]
    list: Py<List>,
}

#[pymethods]
impl List {
    #[new]
    fn new(items: Vec<i64>) -> Self {
        List { items }
    }

    fn total(&self) -> i64 {
        self.items.iter().sum()
    }

    /// `&mut Self` and `&Dict` by a user type, the token (by alias) between them.
    fn push_size(&mut self, _py: Token<'_>, d: &Dict) {
        self.items.push(d.size);
    }

    fn __eq__(&self, other: &List) -> bool {
        self.items == other.items
    }

    fn __len__(&self, _py: Token<'_>) -> usize {
        self.items.len()
    }
}

#[pymethods]
impl Dict {
    #[new]
    fn new(size: i64) -> Self {
        Dict { size }
    }

    /// The token first and a user `Python` second: only the first is the token.
    fn grow(&mut self, _py: Token<'_>, by: &Python) {
        self.size += by.version;
    }

    #[setter]
    fn set_size(&mut self, py: Token<'_>, value: i64) {
        let _ = py;
        self.size = value;
    }

    fn __richcmp__(&self, _py: Token<'_>, other: &Dict, op: CompareOp) -> bool {
        op.matches(self.size.cmp(&other.size))
    }
}

#[pymethods]
impl Tuple {
    #[new]
    fn new(first: i64) -> Self {
        Tuple { first }
    }

    fn __add__(&self, other: &Tuple) -> Tuple {
        Tuple {
            first: self.first + other.first,
        }
    }
}

#[pymethods]
impl Module {
    #[new]
    fn new(name: String) -> Self {
        Module { name }
    }
}

#[pymethods]
impl Python {
    #[new]
    fn new(version: i64) -> Self {
        Python { version }
    }

    #[getter]
    fn twice(&self, _py: Token<'_>) -> i64 {
        2 * self.version
    }
}

#[pymethods]
impl Object {
    #[new]
    fn new(list: Py<List>) -> Self {
        Object { list }
    }
}

/// Every user type as a parameter, the token (by alias) among them.
#[pyfunction]
fn describe_all(
    l: &List,
    d: &mut Dict,
    py: Token<'_>,
    t: &Tuple,
    m: &Module,
    p: &Python,
    o: &Object,
) -> String {
    d.size += 1;
    let held = o.list.borrow(py).map_or(-1, |l| l.total());
    format!(
        "{} {} {} {} {} {}",
        l.total(),
        d.size,
        t.first,
        m.name,
        p.version,
        held
    )
}

/// A user `Python` alone: a parameter Python passes, not the token.
#[pyfunction]
fn python_version(p: &Python) -> i64 {
    p.version
}

/// The token (by alias) alone: a function of no parameters.
#[pyfunction]
fn token_only(py: Token<'_>) -> bool {
    let _ = py;
    true
}

/// How many `Node`s and `Cell`s are alive, to see the collector free cycles.
static ALIVE: AtomicUsize = AtomicUsize::new(0);

/// Children held through an alias: the collector must still see them.
type Children = Vec<Py<Node>>;

#[pyclass(module = "testmod")]
pub struct Node {
    children: std::sync::Mutex<Children>,
    kids: Children,
}

impl Drop for Node {
    fn drop(&mut self) {
        ALIVE.fetch_sub(1, Ordering::Relaxed);
    }
}

#[pymethods]
impl Node {
    /// A node whose (fixed) children are `kids`.
    #[new]
    #[py(signature = (kids = Vec::new()))]
    fn new(kids: Children) -> Self {
        ALIVE.fetch_add(1, Ordering::Relaxed);
        Node {
            children: std::sync::Mutex::new(Vec::new()),
            kids,
        }
    }

    fn kid_count(&self) -> usize {
        self.kids.len()
    }
}

/// A tuple struct that holds a reference: visited like a named field.
#[pyclass(module = "testmod")]
pub struct Cell(std::sync::Mutex<Option<Py<PyAny>>>, Option<Py<PyAny>>);

impl Drop for Cell {
    fn drop(&mut self) {
        ALIVE.fetch_sub(1, Ordering::Relaxed);
    }
}

#[pymethods]
impl Cell {
    #[new]
    fn new(value: Option<Py<PyAny>>) -> Self {
        ALIVE.fetch_add(1, Ordering::Relaxed);
        Cell(std::sync::Mutex::new(None), value)
    }

    fn value(&self, py: Token<'_>) -> Option<Py<PyAny>> {
        self.1.as_ref().map(|v| v.clone_ref(py))
    }
}

/// A class with no field that can hold a reference is not garbage-collected.
#[pyclass(module = "testmod")]
pub struct Plain {
    _n: i64,
    _s: String,
    _v: Vec<Option<u8>>,
}

#[pyfunction]
fn alive() -> usize {
    ALIVE.load(Ordering::Relaxed)
}

/// Whether instances of each class are tracked by the collector (`Py_TPFLAGS_HAVE_GC`).
#[pyfunction]
fn has_gc() -> Vec<(&'static str, bool)> {
    use abide::PyClass;
    vec![
        ("Node", Node::GC),
        ("Cell", Cell::GC),
        ("Object", Object::GC),
        ("Plain", Plain::GC),
        ("List", List::GC),
    ]
}

/// `Traverse` is public: the alias is `Vec<Py<Node>>`, which holds references.
const _: () = assert!(<Children as Traverse>::HOLDS_REFERENCES);

pub fn add(m: &abide::types::Module<'_>) -> PyResult<()> {
    m.add_class::<List>()?;
    m.add_class::<Dict>()?;
    m.add_class::<Tuple>()?;
    m.add_class::<Module>()?;
    m.add_class::<Python>()?;
    m.add_class::<Object>()?;
    m.add_class::<Node>()?;
    m.add_class::<Cell>()?;
    m.add_function(abide::wrap_pyfunction!(describe_all))?;
    m.add_function(abide::wrap_pyfunction!(python_version))?;
    m.add_function(abide::wrap_pyfunction!(token_only))?;
    m.add_function(abide::wrap_pyfunction!(alive))?;
    m.add_function(abide::wrap_pyfunction!(has_gc))?;
    Ok(())
}
