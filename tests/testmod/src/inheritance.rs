//! Rust base/subclass pairs (`extends`) for the special methods that share one type slot:
//! rich comparison (`__eq__`, `__lt__`, ... and `__richcmp__`), item assignment
//! (`__setitem__`/`__delitem__`), attribute assignment (`__setattr__`/`__delattr__`) and
//! the binary operators with their reflected forms (`__add__`/`__radd__`,
//! `__pow__`/`__rpow__`). Each subclass defines one half of a slot and must inherit the
//! other half, as a Python subclass does; `tests/python/test_inheritance.py` compares
//! every case with pure-Python twins. Methods return strings naming the level that ran.

use abide::exceptions::PyAttributeError;
use abide::prelude::*;
use std::collections::BTreeMap;

// -- rich comparison and hash ---------------------------------------------------------

/// `__eq__` and `__hash__`.
#[pyclass(module = "testmod", subclass)]
pub struct CmpBase {
    #[py(get)]
    v: i64,
}

#[pymethods]
impl CmpBase {
    #[new]
    fn new(v: i64) -> Self {
        CmpBase { v }
    }

    fn __eq__(&self, other: PyRef<'_, CmpBase>) -> bool {
        self.v == other.v
    }

    fn __hash__(&self) -> i64 {
        self.v
    }
}

/// Only `__lt__`: `==`, `!=` and `hash()` come from `CmpBase`.
#[pyclass(module = "testmod", extends = CmpBase, subclass)]
pub struct CmpLt {
    v: i64,
}

#[pymethods]
impl CmpLt {
    #[new]
    fn new(v: i64) -> (Self, CmpBase) {
        (CmpLt { v }, CmpBase { v })
    }

    fn __lt__(&self, other: PyRef<'_, CmpBase>) -> bool {
        self.v < other.v
    }
}

/// Two levels below `CmpBase`: `__gt__` here, `__lt__` from `CmpLt`, `==` from `CmpBase`.
#[pyclass(module = "testmod", extends = CmpLt)]
pub struct CmpGt {
    v: i64,
}

#[pymethods]
impl CmpGt {
    #[new]
    fn new(v: i64) -> (Self, (CmpLt, CmpBase)) {
        (CmpGt { v }, (CmpLt { v }, CmpBase { v }))
    }

    fn __gt__(&self, other: PyRef<'_, CmpBase>) -> bool {
        self.v > other.v
    }
}

/// Only `__hash__`: `==` still comes from `CmpBase`.
#[pyclass(module = "testmod", extends = CmpBase)]
pub struct CmpHash {
    v: i64,
}

#[pymethods]
impl CmpHash {
    #[new]
    fn new(v: i64) -> (Self, CmpBase) {
        (CmpHash { v }, CmpBase { v })
    }

    fn __hash__(&self) -> i64 {
        self.v + 1000
    }
}

/// Its own `__eq__` and no `__hash__`: unhashable, as a Python class defining `__eq__`.
#[pyclass(module = "testmod", extends = CmpBase)]
pub struct CmpEq {
    v: i64,
}

#[pymethods]
impl CmpEq {
    #[new]
    fn new(v: i64) -> (Self, CmpBase) {
        (CmpEq { v }, CmpBase { v })
    }

    /// Equal when the values differ by at most one.
    fn __eq__(&self, other: PyRef<'_, CmpBase>) -> bool {
        (self.v - other.v).abs() <= 1
    }
}

/// Only `__ne__`: `==` from `CmpBase`, hash kept.
#[pyclass(module = "testmod", extends = CmpBase)]
pub struct CmpNe {
    v: i64,
}

#[pymethods]
impl CmpNe {
    #[new]
    fn new(v: i64) -> (Self, CmpBase) {
        (CmpNe { v }, CmpBase { v })
    }

    /// Deliberately not the negation of `__eq__`, to show which one ran.
    fn __ne__(&self, other: PyRef<'_, CmpBase>) -> &'static str {
        if self.v != other.v {
            "ne: yes"
        } else {
            "ne: no"
        }
    }
}

/// A class on `object` defining only an ordering keeps `object`'s hash.
#[pyclass(module = "testmod")]
pub struct OnlyLt {
    v: i64,
}

#[pymethods]
impl OnlyLt {
    #[new]
    fn new(v: i64) -> Self {
        OnlyLt { v }
    }

    fn __lt__(&self, other: PyRef<'_, OnlyLt>) -> bool {
        self.v < other.v
    }
}

/// `__richcmp__` answers every operator.
#[pyclass(module = "testmod", subclass)]
pub struct RichBase {
    v: i64,
}

#[pymethods]
impl RichBase {
    #[new]
    fn new(v: i64) -> Self {
        RichBase { v }
    }

    fn __richcmp__(&self, other: PyRef<'_, RichBase>, op: abide::class::CompareOp) -> bool {
        op.matches(self.v.cmp(&other.v))
    }
}

/// `__lt__` reversed here; the other operators from `RichBase.__richcmp__`.
#[pyclass(module = "testmod", extends = RichBase)]
pub struct RichLt {
    v: i64,
}

#[pymethods]
impl RichLt {
    #[new]
    fn new(v: i64) -> (Self, RichBase) {
        (RichLt { v }, RichBase { v })
    }

    fn __lt__(&self, other: PyRef<'_, RichBase>) -> bool {
        self.v > other.v
    }
}

// -- item assignment and deletion -----------------------------------------------------

/// `__setitem__` (and `__getitem__`, `__len__`), no `__delitem__`.
#[pyclass(module = "testmod", subclass)]
pub struct MapBase {
    data: BTreeMap<i64, i64>,
}

#[pymethods]
impl MapBase {
    #[new]
    fn new() -> Self {
        MapBase {
            data: BTreeMap::new(),
        }
    }

    fn __getitem__(&self, key: i64) -> PyResult<i64> {
        self.data
            .get(&key)
            .copied()
            .ok_or_else(|| abide::exceptions::PyKeyError::new_err(key.to_string()))
    }

    fn __setitem__(&mut self, key: i64, value: i64) {
        self.data.insert(key, value);
    }

    fn __len__(&self) -> usize {
        self.data.len()
    }
}

/// Only `__delitem__`: `x[k] = v` is `MapBase`'s.
#[pyclass(module = "testmod", extends = MapBase)]
pub struct MapDel {
    #[py(get)]
    deleted: Vec<i64>,
}

#[pymethods]
impl MapDel {
    #[new]
    fn new() -> (Self, MapBase) {
        (MapDel { deleted: vec![] }, MapBase::new())
    }

    fn __delitem__(&mut self, key: i64) {
        self.deleted.push(key);
    }
}

/// `__delitem__`, no `__setitem__`.
#[pyclass(module = "testmod", subclass)]
pub struct DelBase {
    #[py(get)]
    deleted: Vec<i64>,
}

#[pymethods]
impl DelBase {
    #[new]
    fn new() -> Self {
        DelBase { deleted: vec![] }
    }

    fn __delitem__(&mut self, key: i64) {
        self.deleted.push(key);
    }
}

/// Only `__setitem__`: `del x[k]` is `DelBase`'s.
#[pyclass(module = "testmod", extends = DelBase)]
pub struct DelSet {
    #[py(get)]
    stored: Vec<(i64, i64)>,
}

#[pymethods]
impl DelSet {
    #[new]
    fn new() -> (Self, DelBase) {
        (DelSet { stored: vec![] }, DelBase::new())
    }

    fn __setitem__(&mut self, key: i64, value: i64) {
        self.stored.push((key, value));
    }
}

// -- attribute assignment and deletion ------------------------------------------------

/// `__setattr__` and `__getattr__` over a map, no `__delattr__`.
#[pyclass(module = "testmod", subclass)]
pub struct AttrBase {
    values: BTreeMap<String, i64>,
}

#[pymethods]
impl AttrBase {
    #[new]
    fn new() -> Self {
        AttrBase {
            values: BTreeMap::new(),
        }
    }

    fn __getattr__(&self, name: &str) -> PyResult<i64> {
        self.values
            .get(name)
            .copied()
            .ok_or_else(|| PyAttributeError::new_err(name.to_owned()))
    }

    fn __setattr__(&mut self, name: &str, value: i64) {
        self.values.insert(name.to_owned(), value);
    }
}

/// Only `__delattr__`: `x.name = v` is `AttrBase`'s.
#[pyclass(module = "testmod", extends = AttrBase)]
pub struct AttrDel {
    #[py(get)]
    deleted: Vec<String>,
}

#[pymethods]
impl AttrDel {
    #[new]
    fn new() -> (Self, AttrBase) {
        (AttrDel { deleted: vec![] }, AttrBase::new())
    }

    fn __delattr__(&mut self, name: &str) {
        self.deleted.push(name.to_owned());
    }
}

/// `__delattr__`, no `__setattr__`.
#[pyclass(module = "testmod", subclass)]
pub struct DelAttrBase {
    #[py(get)]
    deleted: Vec<String>,
}

#[pymethods]
impl DelAttrBase {
    #[new]
    fn new() -> Self {
        DelAttrBase { deleted: vec![] }
    }

    fn __delattr__(&mut self, name: &str) {
        self.deleted.push(name.to_owned());
    }
}

/// Only `__setattr__`: `del x.name` is `DelAttrBase`'s.
#[pyclass(module = "testmod", extends = DelAttrBase)]
pub struct AttrSet {
    #[py(get)]
    stored: Vec<(String, i64)>,
}

#[pymethods]
impl AttrSet {
    #[new]
    fn new() -> (Self, DelAttrBase) {
        (AttrSet { stored: vec![] }, DelAttrBase::new())
    }

    fn __setattr__(&mut self, name: &str, value: i64) {
        self.stored.push((name.to_owned(), value));
    }
}

// -- binary operators and their reflected forms ---------------------------------------

/// An `int`, or the value of a `NumBase` (of any level).
fn operand(other: &Object<'_>) -> Option<i64> {
    if let Ok(v) = other.extract::<i64>() {
        return Some(v);
    }
    other.extract::<PyRef<'_, NumBase>>().ok().map(|n| n.v)
}

/// `tag(self, other)`, or `NotImplemented` for an operand that is neither an `int` nor
/// a `NumBase`.
fn reflected<'py>(
    py: Python<'py>,
    tag: &str,
    v: i64,
    other: &Object<'py>,
) -> PyResult<Object<'py>> {
    match operand(other) {
        Some(o) => format!("{tag}({v}, {o})").into_pyobject(py),
        None => Ok(py.NotImplemented()),
    }
}

/// `__add__`/`__pow__` take an `int` only; `__radd__`/`__rpow__` an `int` or a `NumBase`.
#[pyclass(module = "testmod", subclass)]
pub struct NumBase {
    v: i64,
}

#[pymethods]
impl NumBase {
    #[new]
    fn new(v: i64) -> Self {
        NumBase { v }
    }

    fn __add__(&self, other: i64) -> String {
        format!("base.add({}, {other})", self.v)
    }

    fn __radd__<'py>(&self, py: Python<'py>, other: Object<'py>) -> PyResult<Object<'py>> {
        reflected(py, "base.radd", self.v, &other)
    }

    fn __pow__(&self, other: i64) -> String {
        format!("base.pow({}, {other})", self.v)
    }

    fn __rpow__<'py>(&self, py: Python<'py>, other: Object<'py>) -> PyResult<Object<'py>> {
        reflected(py, "base.rpow", self.v, &other)
    }
}

/// Only `__radd__`: `x + 1` is `NumBase.__add__`.
#[pyclass(module = "testmod", extends = NumBase)]
pub struct NumRadd {
    v: i64,
}

#[pymethods]
impl NumRadd {
    #[new]
    fn new(v: i64) -> (Self, NumBase) {
        (NumRadd { v }, NumBase { v })
    }

    fn __radd__<'py>(&self, py: Python<'py>, other: Object<'py>) -> PyResult<Object<'py>> {
        reflected(py, "sub.radd", self.v, &other)
    }
}

/// Only `__add__`: `1 + x` is `NumBase.__radd__`.
#[pyclass(module = "testmod", extends = NumBase)]
pub struct NumAdd {
    v: i64,
}

#[pymethods]
impl NumAdd {
    #[new]
    fn new(v: i64) -> (Self, NumBase) {
        (NumAdd { v }, NumBase { v })
    }

    fn __add__(&self, other: i64) -> String {
        format!("sub.add({}, {other})", self.v)
    }
}

/// Only `__rpow__`: `x ** 2` is `NumBase.__pow__`.
#[pyclass(module = "testmod", extends = NumBase)]
pub struct NumRpow {
    v: i64,
}

#[pymethods]
impl NumRpow {
    #[new]
    fn new(v: i64) -> (Self, NumBase) {
        (NumRpow { v }, NumBase { v })
    }

    fn __rpow__<'py>(&self, py: Python<'py>, other: Object<'py>) -> PyResult<Object<'py>> {
        reflected(py, "sub.rpow", self.v, &other)
    }
}

pub fn add(m: &Module<'_>) -> PyResult<()> {
    m.add_class::<CmpGt>()?;
    m.add_class::<CmpHash>()?;
    m.add_class::<CmpEq>()?;
    m.add_class::<CmpNe>()?;
    m.add_class::<OnlyLt>()?;
    m.add_class::<RichLt>()?;
    m.add_class::<MapDel>()?;
    m.add_class::<DelSet>()?;
    m.add_class::<AttrDel>()?;
    m.add_class::<AttrSet>()?;
    m.add_class::<NumRadd>()?;
    m.add_class::<NumAdd>()?;
    m.add_class::<NumRpow>()?;
    Ok(())
}
