//! Typed handles (`Bytes`, `Str`, `Int`, ...), borrowed data (`Cow`, `&str` results) and
//! numbers as Python sees them (issue 15, items 1, 2 and 7), written as a PyO3 user
//! would with abide's names.

use abide::prelude::*;
use abide::types::{
    Bool, ByteArray, Bytes, Float, FrozenSet, Int, Iter, Mapping, MemoryView, Sequence, Set, Slice,
    Str,
};
use std::borrow::Cow;

// --- bytes ---

/// The length of a `bytes`, read without a copy.
#[pyfunction]
fn bytes_handle_len(b: Bytes<'_>) -> usize {
    b.as_bytes().len()
}

/// The first byte of a `bytes`, taken by reference.
#[pyfunction]
fn bytes_first(b: &Bytes<'_>) -> Option<u8> {
    b.as_bytes().first().copied()
}

/// A new `bytes` of `n` bytes counting up, written in place.
#[pyfunction]
fn make_bytes(py: Python<'_>, n: usize) -> PyResult<Bytes<'_>> {
    Bytes::new_with(py, n, |buf| {
        for (i, b) in buf.iter_mut().enumerate() {
            *b = i as u8;
        }
        Ok(())
    })
}

/// `Bytes::new` from a slice.
#[pyfunction]
fn bytes_new<'py>(py: Python<'py>, data: Vec<u8>) -> PyResult<Bytes<'py>> {
    Bytes::new(py, &data)
}

/// The total length of a list of `bytes`.
#[pyfunction]
fn bytes_total(items: Vec<Bytes<'_>>) -> usize {
    items.iter().map(Bytes::len).sum()
}

/// A copy of a `bytearray`, with its length.
#[pyfunction]
fn bytearray_copy(b: ByteArray<'_>) -> (Vec<u8>, usize) {
    (b.to_vec(), b.len())
}

/// A new `bytearray`.
#[pyfunction]
fn bytearray_new<'py>(py: Python<'py>, data: Vec<u8>) -> PyResult<ByteArray<'py>> {
    ByteArray::new(py, &data)
}

/// Keeps a `bytes` object, typed, in a field.
#[pyclass(module = "testmod")]
struct Blob {
    #[py(get)]
    data: Py<Bytes<'static>>,
}

#[pymethods]
impl Blob {
    #[new]
    fn new(data: Py<Bytes<'static>>) -> Self {
        Blob { data }
    }

    /// The stored bytes' length, through the typed handle.
    fn size(&self, py: Python<'_>) -> usize {
        self.data.bind_handle(py).len()
    }

    /// Replaces the stored bytes with a typed handle made in Rust.
    fn replace(&mut self, data: Bytes<'_>) {
        self.data = data.unbind();
    }
}

// --- borrowed data ---

/// Whether a `Cow<[u8]>` parameter borrowed its data, and the data.
#[pyfunction]
fn cow_bytes(data: Cow<'_, [u8]>) -> (bool, Vec<u8>) {
    (matches!(data, Cow::Borrowed(_)), data.into_owned())
}

/// Whether a `Cow<str>` parameter borrowed its data, and the text.
#[pyfunction]
fn cow_str(text: Cow<'_, str>) -> (bool, String) {
    (matches!(text, Cow::Borrowed(_)), text.into_owned())
}

/// The first word, a `&str` borrowed from the argument (lifetimes written out, as the
/// issue asks; `head` below elides them).
#[allow(clippy::needless_lifetimes)]
#[pyfunction]
fn first_word<'a>(s: &'a str) -> &'a str {
    s.split_whitespace().next().unwrap_or("")
}

/// The first `n` bytes, a `&[u8]` borrowed from the argument.
#[pyfunction]
fn head(b: &[u8], n: usize) -> &[u8] {
    &b[..n.min(b.len())]
}

// --- str ---

/// `to_str`, `to_cow`, `to_string_lossy` and `len` of a `str` handle.
#[pyfunction]
fn str_forms(s: &Str<'_>) -> (Option<String>, Option<String>, String, usize) {
    (
        s.to_str().ok().map(str::to_owned),
        s.to_cow().ok().map(Cow::into_owned),
        s.to_string_lossy().into_owned(),
        s.len(),
    )
}

/// `to_str`, raising its error.
#[pyfunction]
fn str_strict(s: Str<'_>) -> PyResult<String> {
    Ok(s.to_str()?.to_owned())
}

/// Whether the lossy form was borrowed.
#[pyfunction]
fn lossy_borrowed(s: Str<'_>) -> bool {
    matches!(s.to_string_lossy(), Cow::Borrowed(_))
}

/// A new `str`.
#[pyfunction]
fn str_new<'py>(py: Python<'py>, text: &str) -> PyResult<Str<'py>> {
    Str::new(py, text)
}

// --- numbers ---

/// An `int` handle's value, and a new `int` one larger.
#[pyfunction]
fn int_next<'py>(py: Python<'py>, n: Int<'py>) -> PyResult<(i64, Int<'py>)> {
    let v = n.value()?;
    Ok((v, Int::new(py, v + 1)?))
}

/// A `float` handle's value, and a new `float` twice as large.
#[pyfunction]
fn float_double<'py>(py: Python<'py>, x: Float<'py>) -> PyResult<(f64, Float<'py>)> {
    Ok((x.value(), Float::new(py, 2.0 * x.value())?))
}

/// A `bool` handle's negation, as a new handle.
#[pyfunction]
fn bool_not<'py>(py: Python<'py>, b: Bool<'py>) -> Bool<'py> {
    Bool::new(py, !b.is_true())
}

/// A `bool` parameter.
#[pyfunction]
fn plain_bool(b: bool) -> bool {
    b
}

/// An `f64` parameter.
#[pyfunction]
fn plain_f64(x: f64) -> f64 {
    x
}

/// Integer parameters of several widths.
#[pyfunction]
fn plain_ints(a: i64, b: u64, c: i128, d: u8) -> (i64, u64, i128, u8) {
    (a, b, c, d)
}

// --- sets ---

/// Adds `key` to a `set` and reports membership and size.
#[pyfunction]
fn set_add(s: Set<'_>, key: i64) -> PyResult<(bool, bool, usize)> {
    let before = s.contains(key)?;
    s.add(key)?;
    Ok((before, s.contains(key)?, s.len()))
}

/// A new `set` and a new `frozenset` of the same items.
#[pyfunction]
fn sets_of<'py>(py: Python<'py>, items: Vec<i64>) -> PyResult<(Set<'py>, FrozenSet<'py>)> {
    Ok((
        Set::new(py, items.iter().copied())?,
        FrozenSet::new(py, items)?,
    ))
}

/// The sum of a `frozenset`, with its size and whether it holds 0.
#[pyfunction]
fn frozenset_sum(s: FrozenSet<'_>) -> PyResult<(i64, usize, bool)> {
    let mut sum = 0;
    for item in s.iter()? {
        sum += item?.extract::<i64>()?;
    }
    Ok((sum, s.len(), s.contains(0)?))
}

// --- slices, views, iterators ---

/// `slice.indices(length)` and the count, as a tuple.
#[pyfunction]
fn slice_indices(s: Slice<'_>, length: isize) -> PyResult<(isize, isize, isize, usize)> {
    let ix = s.indices(length)?;
    Ok((ix.start, ix.stop, ix.step, ix.slicelength))
}

/// A new `slice`.
#[pyfunction]
fn slice_new(py: Python<'_>, start: isize, stop: isize, step: isize) -> PyResult<Slice<'_>> {
    Slice::new(py, start, stop, step)
}

/// A `memoryview` of any buffer exporter.
#[pyfunction]
fn view_of<'py>(obj: Object<'py>) -> PyResult<MemoryView<'py>> {
    MemoryView::from(&obj)
}

/// A `memoryview` parameter, returned as it is.
#[pyfunction]
fn view_id(view: MemoryView<'_>) -> MemoryView<'_> {
    view
}

/// The items an iterator still has (the parameter accepts iterators only).
#[pyfunction]
fn drain(it: Iter<'_>) -> PyResult<Vec<i64>> {
    it.map(|item| item?.extract::<i64>()).collect()
}

/// The items of any iterable, through `Iter::from_object`.
#[pyfunction]
fn iterate(obj: Object<'_>) -> PyResult<Vec<i64>> {
    Iter::from_object(&obj)?
        .map(|item| item?.extract::<i64>())
        .collect()
}

// --- abstract handles ---

/// A sequence's length, last item, and whether it contains `x`.
#[pyfunction]
fn seq_info<'py>(seq: Sequence<'py>, x: i64) -> PyResult<(usize, Object<'py>, bool)> {
    let n = seq.len()?;
    Ok((n, seq.get_item(n.saturating_sub(1))?, seq.contains(x)?))
}

/// A sequence as a list.
#[pyfunction]
fn seq_list<'py>(seq: Sequence<'py>) -> PyResult<List<'py>> {
    seq.to_list()
}

/// A mapping's size, `m[key]`, whether it has `"missing"`, and its keys.
#[pyfunction]
fn map_info<'py>(m: Mapping<'py>, key: &str) -> PyResult<(usize, Object<'py>, bool, List<'py>)> {
    Ok((
        m.len()?,
        m.get_item(key)?,
        m.contains("missing")?,
        m.keys()?,
    ))
}

// --- num-bigint and num-complex (optional features of abide) ---

/// `2 * n` for an int of any size.
#[pyfunction]
fn big_double(n: num_bigint::BigInt) -> num_bigint::BigInt {
    n * 2
}

/// `n + 1` for a non-negative int of any size.
#[pyfunction]
fn big_next(n: num_bigint::BigUint) -> num_bigint::BigUint {
    n + 1u32
}

/// `c * i`.
#[pyfunction]
fn times_i(c: num_complex::Complex<f64>) -> num_complex::Complex<f64> {
    c * num_complex::Complex::new(0.0, 1.0)
}

pub fn add(m: &Module<'_>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(big_double))?;
    m.add_function(wrap_pyfunction!(big_next))?;
    m.add_function(wrap_pyfunction!(times_i))?;
    m.add_function(wrap_pyfunction!(bytes_handle_len))?;
    m.add_function(wrap_pyfunction!(bytes_first))?;
    m.add_function(wrap_pyfunction!(make_bytes))?;
    m.add_function(wrap_pyfunction!(bytes_new))?;
    m.add_function(wrap_pyfunction!(bytes_total))?;
    m.add_function(wrap_pyfunction!(bytearray_copy))?;
    m.add_function(wrap_pyfunction!(bytearray_new))?;
    m.add_class::<Blob>()?;
    m.add_function(wrap_pyfunction!(cow_bytes))?;
    m.add_function(wrap_pyfunction!(cow_str))?;
    m.add_function(wrap_pyfunction!(first_word))?;
    m.add_function(wrap_pyfunction!(head))?;
    m.add_function(wrap_pyfunction!(str_forms))?;
    m.add_function(wrap_pyfunction!(str_strict))?;
    m.add_function(wrap_pyfunction!(lossy_borrowed))?;
    m.add_function(wrap_pyfunction!(str_new))?;
    m.add_function(wrap_pyfunction!(int_next))?;
    m.add_function(wrap_pyfunction!(float_double))?;
    m.add_function(wrap_pyfunction!(bool_not))?;
    m.add_function(wrap_pyfunction!(plain_bool))?;
    m.add_function(wrap_pyfunction!(plain_f64))?;
    m.add_function(wrap_pyfunction!(plain_ints))?;
    m.add_function(wrap_pyfunction!(set_add))?;
    m.add_function(wrap_pyfunction!(sets_of))?;
    m.add_function(wrap_pyfunction!(frozenset_sum))?;
    m.add_function(wrap_pyfunction!(slice_indices))?;
    m.add_function(wrap_pyfunction!(slice_new))?;
    m.add_function(wrap_pyfunction!(view_of))?;
    m.add_function(wrap_pyfunction!(view_id))?;
    m.add_function(wrap_pyfunction!(drain))?;
    m.add_function(wrap_pyfunction!(iterate))?;
    m.add_function(wrap_pyfunction!(seq_info))?;
    m.add_function(wrap_pyfunction!(seq_list))?;
    m.add_function(wrap_pyfunction!(map_info))
}
