//! One function per signature shape, for `test_argspec.py`: it defines the same
//! signatures as Python functions and checks that every call gives the same result, or
//! the same exception with the same message, as CPython's own argument handling.
//! Generated from the table in `tests/python/test_argspec.py` (`SIGS`).

use abide::prelude::*;

/// What a function received: its named parameters, then `*args` and `**kwargs` (`None`
/// when it takes none).
type Received<'py> = (
    Vec<Option<Object<'py>>>,
    Option<Tuple<'py>>,
    Option<Dict<'py>>,
);

#[pyfunction(signature = (a))]
fn s_a<'py>(a: Option<Object<'py>>) -> Received<'py> {
    (vec![a], None, None)
}

#[pyfunction(signature = (a, b))]
fn s_ab<'py>(a: Option<Object<'py>>, b: Option<Object<'py>>) -> Received<'py> {
    (vec![a, b], None, None)
}

#[pyfunction(signature = (a, b, c, d))]
fn s_abcd<'py>(
    a: Option<Object<'py>>,
    b: Option<Object<'py>>,
    c: Option<Object<'py>>,
    d: Option<Object<'py>>,
) -> Received<'py> {
    (vec![a, b, c, d], None, None)
}

#[pyfunction(signature = (a, b = None))]
fn s_a_bdef<'py>(a: Option<Object<'py>>, b: Option<Object<'py>>) -> Received<'py> {
    (vec![a, b], None, None)
}

#[pyfunction(signature = (a = None, b = None))]
fn s_adef_bdef<'py>(a: Option<Object<'py>>, b: Option<Object<'py>>) -> Received<'py> {
    (vec![a, b], None, None)
}

#[pyfunction(signature = (a, /))]
fn s_po_a<'py>(a: Option<Object<'py>>) -> Received<'py> {
    (vec![a], None, None)
}

#[pyfunction(signature = (a, b, /))]
fn s_po_ab<'py>(a: Option<Object<'py>>, b: Option<Object<'py>>) -> Received<'py> {
    (vec![a, b], None, None)
}

#[pyfunction(signature = (a, b, c, /))]
fn s_po_abc<'py>(
    a: Option<Object<'py>>,
    b: Option<Object<'py>>,
    c: Option<Object<'py>>,
) -> Received<'py> {
    (vec![a, b, c], None, None)
}

#[pyfunction(signature = (a, /, b))]
fn s_po_a_b<'py>(a: Option<Object<'py>>, b: Option<Object<'py>>) -> Received<'py> {
    (vec![a, b], None, None)
}

#[pyfunction(signature = (a, /, b = None))]
fn s_po_a_bdef<'py>(a: Option<Object<'py>>, b: Option<Object<'py>>) -> Received<'py> {
    (vec![a, b], None, None)
}

#[pyfunction(signature = (a = None, /))]
fn s_po_adef<'py>(a: Option<Object<'py>>) -> Received<'py> {
    (vec![a], None, None)
}

#[pyfunction(signature = (a, b = None, /, *, c = None))]
fn s_po_a_bdef_po<'py>(
    a: Option<Object<'py>>,
    b: Option<Object<'py>>,
    c: Option<Object<'py>>,
) -> Received<'py> {
    (vec![a, b, c], None, None)
}

#[pyfunction(signature = (*, a))]
fn s_kw_a<'py>(a: Option<Object<'py>>) -> Received<'py> {
    (vec![a], None, None)
}

#[pyfunction(signature = (*, a = None))]
fn s_kw_adef<'py>(a: Option<Object<'py>>) -> Received<'py> {
    (vec![a], None, None)
}

#[pyfunction(signature = (a, *, b))]
fn s_a_kw_b<'py>(a: Option<Object<'py>>, b: Option<Object<'py>>) -> Received<'py> {
    (vec![a, b], None, None)
}

#[pyfunction(signature = (a, *, b, c = None))]
fn s_a_kw_b_cdef<'py>(
    a: Option<Object<'py>>,
    b: Option<Object<'py>>,
    c: Option<Object<'py>>,
) -> Received<'py> {
    (vec![a, b, c], None, None)
}

#[pyfunction(signature = (*, a, b, c))]
fn s_kw_abc<'py>(
    a: Option<Object<'py>>,
    b: Option<Object<'py>>,
    c: Option<Object<'py>>,
) -> Received<'py> {
    (vec![a, b, c], None, None)
}

#[pyfunction(signature = (a, b, /, c, *, d))]
fn s_po_ab_c_kw_d<'py>(
    a: Option<Object<'py>>,
    b: Option<Object<'py>>,
    c: Option<Object<'py>>,
    d: Option<Object<'py>>,
) -> Received<'py> {
    (vec![a, b, c, d], None, None)
}

#[pyfunction(signature = (a, /, *, b))]
fn s_po_a_kw_b<'py>(a: Option<Object<'py>>, b: Option<Object<'py>>) -> Received<'py> {
    (vec![a, b], None, None)
}

#[pyfunction(signature = (*args))]
fn s_args<'py>(args: Tuple<'py>) -> Received<'py> {
    (vec![], Some(args), None)
}

#[pyfunction(signature = (a, *args))]
fn s_a_args<'py>(a: Option<Object<'py>>, args: Tuple<'py>) -> Received<'py> {
    (vec![a], Some(args), None)
}

#[pyfunction(signature = (a, b = None, *args))]
fn s_a_bdef_args<'py>(
    a: Option<Object<'py>>,
    b: Option<Object<'py>>,
    args: Tuple<'py>,
) -> Received<'py> {
    (vec![a, b], Some(args), None)
}

#[pyfunction(signature = (a, b, /, *args))]
fn s_po_ab_args<'py>(
    a: Option<Object<'py>>,
    b: Option<Object<'py>>,
    args: Tuple<'py>,
) -> Received<'py> {
    (vec![a, b], Some(args), None)
}

#[pyfunction(signature = (*args, a))]
fn s_args_kw_a<'py>(args: Tuple<'py>, a: Option<Object<'py>>) -> Received<'py> {
    (vec![a], Some(args), None)
}

#[pyfunction(signature = (*args, a = None))]
fn s_args_kw_adef<'py>(args: Tuple<'py>, a: Option<Object<'py>>) -> Received<'py> {
    (vec![a], Some(args), None)
}

#[pyfunction(signature = (**kwargs))]
fn s_kwargs<'py>(kwargs: Option<Dict<'py>>) -> Received<'py> {
    (vec![], None, kwargs)
}

#[pyfunction(signature = (a, **kwargs))]
fn s_a_kwargs<'py>(a: Option<Object<'py>>, kwargs: Option<Dict<'py>>) -> Received<'py> {
    (vec![a], None, kwargs)
}

#[pyfunction(signature = (a, /, **kwargs))]
fn s_po_a_kwargs<'py>(a: Option<Object<'py>>, kwargs: Option<Dict<'py>>) -> Received<'py> {
    (vec![a], None, kwargs)
}

#[pyfunction(signature = (*args, **kwargs))]
fn s_args_kwargs<'py>(args: Tuple<'py>, kwargs: Option<Dict<'py>>) -> Received<'py> {
    (vec![], Some(args), kwargs)
}

#[pyfunction(signature = (a, /, b, *args, c, d = None, **kwargs))]
fn s_everything<'py>(
    a: Option<Object<'py>>,
    b: Option<Object<'py>>,
    args: Tuple<'py>,
    c: Option<Object<'py>>,
    d: Option<Object<'py>>,
    kwargs: Option<Dict<'py>>,
) -> Received<'py> {
    (vec![a, b, c, d], Some(args), kwargs)
}

pub fn add(m: &Module<'_>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(s_a))?;
    m.add_function(wrap_pyfunction!(s_ab))?;
    m.add_function(wrap_pyfunction!(s_abcd))?;
    m.add_function(wrap_pyfunction!(s_a_bdef))?;
    m.add_function(wrap_pyfunction!(s_adef_bdef))?;
    m.add_function(wrap_pyfunction!(s_po_a))?;
    m.add_function(wrap_pyfunction!(s_po_ab))?;
    m.add_function(wrap_pyfunction!(s_po_abc))?;
    m.add_function(wrap_pyfunction!(s_po_a_b))?;
    m.add_function(wrap_pyfunction!(s_po_a_bdef))?;
    m.add_function(wrap_pyfunction!(s_po_adef))?;
    m.add_function(wrap_pyfunction!(s_po_a_bdef_po))?;
    m.add_function(wrap_pyfunction!(s_kw_a))?;
    m.add_function(wrap_pyfunction!(s_kw_adef))?;
    m.add_function(wrap_pyfunction!(s_a_kw_b))?;
    m.add_function(wrap_pyfunction!(s_a_kw_b_cdef))?;
    m.add_function(wrap_pyfunction!(s_kw_abc))?;
    m.add_function(wrap_pyfunction!(s_po_ab_c_kw_d))?;
    m.add_function(wrap_pyfunction!(s_po_a_kw_b))?;
    m.add_function(wrap_pyfunction!(s_args))?;
    m.add_function(wrap_pyfunction!(s_a_args))?;
    m.add_function(wrap_pyfunction!(s_a_bdef_args))?;
    m.add_function(wrap_pyfunction!(s_po_ab_args))?;
    m.add_function(wrap_pyfunction!(s_args_kw_a))?;
    m.add_function(wrap_pyfunction!(s_args_kw_adef))?;
    m.add_function(wrap_pyfunction!(s_kwargs))?;
    m.add_function(wrap_pyfunction!(s_a_kwargs))?;
    m.add_function(wrap_pyfunction!(s_po_a_kwargs))?;
    m.add_function(wrap_pyfunction!(s_args_kwargs))?;
    m.add_function(wrap_pyfunction!(s_everything))?;
    Ok(())
}
