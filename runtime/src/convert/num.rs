//! Optional conversions for the `num` crates, through `int`'s and `complex`'s Python API
//! (the Limited API of 3.13 has no native-bytes conversion for big integers):
//! `num_bigint::BigInt`/`BigUint` <-> `int` (feature `num-bigint`), taking anything with
//! `__index__`; `num_complex::Complex<f64>`/`<f32>` <-> `complex` (feature
//! `num-complex`), taking `complex`, anything with `__complex__`, and real numbers.

#[cfg(feature = "num-bigint")]
mod bigint {
    use crate::conversion::{FromPyObject, IntoPyObject};
    use crate::err::{PyErr, PyResult};
    use crate::ffi;
    use crate::object::{Borrowed, Object, PyAnyMethods};
    use crate::python::Python;
    use crate::types::Dict;
    use num_bigint::{BigInt, BigUint};

    /// The `int` type.
    fn int_type(py: Python<'_>) -> Object<'_> {
        // SAFETY: a static type object.
        unsafe { Object::from_borrowed_ptr(py, (&raw mut ffi::PyLong_Type).cast()) }
    }

    /// `{"signed": signed}`, for `to_bytes` and `from_bytes`.
    fn signed_kw(py: Python<'_>, signed: bool) -> PyResult<Dict<'_>> {
        let kw = Dict::new(py)?;
        kw.set_item("signed", signed)?;
        Ok(kw)
    }

    /// `operator.index(obj)` and its little-endian bytes, as `int.to_bytes` gives them,
    /// just long enough (one sign bit more when signed).
    fn to_le_bytes(obj: Borrowed<'_, '_>, signed: bool) -> PyResult<Vec<u8>> {
        let py = obj.py();
        // SAFETY: a valid object; returns a new reference or NULL.
        let int = unsafe { Object::from_owned_ptr_or_err(py, ffi::PyNumber_Index(obj.as_ptr()))? };
        let bits: usize = int.call_method0("bit_length")?.extract()?;
        let len = (bits + usize::from(signed)).div_ceil(8).max(1);
        let bytes = int.call_method("to_bytes", (len, "little"), Some(&signed_kw(py, signed)?))?;
        bytes.extract()
    }

    /// `int.from_bytes(bytes, "little", signed=signed)`.
    fn from_le_bytes<'py>(py: Python<'py>, bytes: &[u8], signed: bool) -> PyResult<Object<'py>> {
        int_type(py).call_method(
            "from_bytes",
            (bytes, "little"),
            Some(&signed_kw(py, signed)?),
        )
    }

    /// The value when it fits in an `i64` (`None` when it does not), taking `__index__`.
    fn small(obj: Borrowed<'_, '_>) -> PyResult<Option<i64>> {
        let mut overflow = 0;
        // SAFETY: a valid object and a writable flag.
        let v = unsafe { ffi::PyLong_AsLongLongAndOverflow(obj.as_ptr(), &mut overflow) };
        if v == -1 {
            if let Some(err) = PyErr::take(obj.py()) {
                return Err(err);
            }
        }
        Ok((overflow == 0).then_some(v))
    }

    impl<'a, 'py> FromPyObject<'a, 'py> for BigInt {
        fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
            if let Some(v) = small(obj)? {
                return Ok(BigInt::from(v));
            }
            Ok(BigInt::from_signed_bytes_le(&to_le_bytes(obj, true)?))
        }
    }

    impl<'a, 'py> FromPyObject<'a, 'py> for BigUint {
        /// `OverflowError` for a negative int, as for `u64`.
        fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
            match small(obj)? {
                Some(v) if v >= 0 => Ok(BigUint::from(v as u64)),
                Some(_) => Err(crate::exceptions::PyOverflowError::new_err(
                    "can't convert negative int to unsigned Rust BigUint",
                )),
                None => Ok(BigUint::from_bytes_le(&to_le_bytes(obj, false)?)),
            }
        }
    }

    impl<'py> IntoPyObject<'py> for BigInt {
        fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
            (&self).into_pyobject(py)
        }
    }

    impl<'py> IntoPyObject<'py> for &BigInt {
        fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
            match i64::try_from(self) {
                Ok(v) => v.into_pyobject(py),
                Err(_) => from_le_bytes(py, &self.to_signed_bytes_le(), true),
            }
        }
    }

    impl<'py> IntoPyObject<'py> for BigUint {
        fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
            (&self).into_pyobject(py)
        }
    }

    impl<'py> IntoPyObject<'py> for &BigUint {
        fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
            match u64::try_from(self) {
                Ok(v) => v.into_pyobject(py),
                Err(_) => from_le_bytes(py, &self.to_bytes_le(), false),
            }
        }
    }
}

#[cfg(feature = "num-complex")]
mod complex {
    use crate::conversion::{FromPyObject, IntoPyObject};
    use crate::err::{PyErr, PyResult};
    use crate::exceptions::PyTypeError;
    use crate::ffi;
    use crate::object::{Borrowed, Object, PyAnyMethods};
    use crate::python::Python;
    use num_complex::Complex;

    /// `isinstance(obj, complex)`, by its real type.
    fn is_complex(obj: *mut ffi::PyObject) -> bool {
        // SAFETY: a valid object and a static type.
        unsafe {
            let ty = crate::compat::py_type(obj);
            ty == &raw mut ffi::PyComplex_Type
                || ffi::PyType_IsSubtype(ty, &raw mut ffi::PyComplex_Type) != 0
        }
    }

    /// The two parts of a `complex` (or subclass).
    fn parts(obj: &Object<'_>) -> PyResult<(f64, f64)> {
        // SAFETY: a complex: reading its parts calls no Python code.
        unsafe {
            let re = ffi::PyComplex_RealAsDouble(obj.as_ptr());
            let im = ffi::PyComplex_ImagAsDouble(obj.as_ptr());
            if let Some(err) = PyErr::take(obj.py()) {
                return Err(err);
            }
            Ok((re, im))
        }
    }

    impl<'a, 'py> FromPyObject<'a, 'py> for Complex<f64> {
        /// A `complex`; else the result of `__complex__` (which must be a `complex`); else
        /// a real number (`__float__`, `__index__`) with a zero imaginary part.
        fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
            let obj = obj.to_owned();
            if is_complex(obj.as_ptr()) {
                let (re, im) = parts(&obj)?;
                return Ok(Complex::new(re, im));
            }
            // Looked up on the type, as Python looks up special methods.
            if obj.get_type().as_object().hasattr("__complex__")? {
                let value = obj
                    .get_type()
                    .as_object()
                    .getattr("__complex__")?
                    .call1((&obj,))?;
                if !is_complex(value.as_ptr()) {
                    let name = value.get_type().name().unwrap_or_default();
                    return Err(PyTypeError::new_err(format!(
                        "__complex__ returned non-complex (type {name})"
                    )));
                }
                let (re, im) = parts(&value)?;
                return Ok(Complex::new(re, im));
            }
            Ok(Complex::new(f64::extract(obj.as_borrowed())?, 0.0))
        }
    }

    impl<'a, 'py> FromPyObject<'a, 'py> for Complex<f32> {
        fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
            let c = Complex::<f64>::extract(obj)?;
            Ok(Complex::new(c.re as f32, c.im as f32))
        }
    }

    impl<'py> IntoPyObject<'py> for Complex<f64> {
        fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
            // SAFETY: returns a new reference or NULL.
            unsafe {
                Object::from_owned_ptr_or_err(py, ffi::PyComplex_FromDoubles(self.re, self.im))
            }
        }
    }

    impl<'py> IntoPyObject<'py> for Complex<f32> {
        fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
            Complex::new(f64::from(self.re), f64::from(self.im)).into_pyobject(py)
        }
    }
}
