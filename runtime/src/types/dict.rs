use crate::conversion::IntoPyObject;
use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::object::Object;
use crate::python::Python;

super::object_wrapper!(
    /// A Python `dict`. `**kwargs` parameters arrive as `Option<Dict>`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction(signature = (**kwargs))]
    /// fn keys(kwargs: Option<Dict<'_>>) -> PyResult<usize> {
    ///     Ok(kwargs.map_or(0, |d| d.len()))
    /// }
    /// ```
    Dict,
    crate::compat::dict_check,
    "dict"
);

impl<'py> Dict<'py> {
    /// A new empty dict.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn point(py: Python<'_>, x: f64, y: f64) -> PyResult<Dict<'_>> {
    ///     let d = Dict::new(py)?;
    ///     d.set("x", x)?;
    ///     d.set("y", y)?;
    ///     Ok(d)
    /// }
    /// ```
    pub fn new(py: Python<'py>) -> PyResult<Self> {
        // SAFETY: returns a new reference or NULL.
        unsafe { Object::from_owned_ptr_or_err(py, ffi::PyDict_New()).map(Dict) }
    }

    /// Number of items right now.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction(signature = (**kwargs))]
    /// fn option_count(kwargs: Option<Dict<'_>>) -> usize {
    ///     kwargs.map_or(0, |d| d.len())
    /// }
    /// ```
    pub fn len(&self) -> usize {
        // SAFETY: a dict.
        unsafe { ffi::PyDict_Size(self.0.as_ptr()) as usize }
    }

    /// Whether the dict is empty right now.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn has_entries(d: Dict<'_>) -> bool {
    ///     !d.is_empty()
    /// }
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `self[key] = value`, converting both with [`IntoPyObject`].
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn counts(py: Python<'_>, words: Vec<String>) -> PyResult<Dict<'_>> {
    ///     let d = Dict::new(py)?;
    ///     for word in words {
    ///         let n = d.get(word.as_str())?.map_or(Ok(0), |v| v.extract::<u64>())?;
    ///         d.set(word, n + 1)?;
    ///     }
    ///     Ok(d)
    /// }
    /// ```
    pub fn set<K: IntoPyObject<'py>, V: IntoPyObject<'py>>(
        &self,
        key: K,
        value: V,
    ) -> PyResult<()> {
        let py = self.0.py();
        let key = key.into_pyobject(py)?;
        let value = value.into_pyobject(py)?;
        // SAFETY: a dict and valid objects.
        PyErr::check(py, unsafe {
            ffi::PyDict_SetItem(self.0.as_ptr(), key.as_ptr(), value.as_ptr())
        })
    }

    /// `self.get(key)`: `None` when the key is absent.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction(signature = (**options))]
    /// fn verbosity(options: Option<Dict<'_>>) -> PyResult<u8> {
    ///     match options {
    ///         Some(d) => d.get("verbose")?.map_or(Ok(0), |v| v.extract()),
    ///         None => Ok(0),
    ///     }
    /// }
    /// ```
    pub fn get<K: IntoPyObject<'py>>(&self, key: K) -> PyResult<Option<Object<'py>>> {
        let py = self.0.py();
        let key = key.into_pyobject(py)?;
        let mut out = core::ptr::null_mut();
        // SAFETY: PyDict_GetItemRef (3.13, or its equivalent) gives a new reference; 1 found,
        // 0 absent, -1 error.
        match unsafe { crate::compat::dict_get_item_ref(self.0.as_ptr(), key.as_ptr(), &mut out) } {
            // SAFETY: 1 means `out` holds that new, non-null reference.
            1 => Ok(Some(unsafe { Object::from_owned_ptr(py, out) })),
            0 => Ok(None),
            _ => Err(PyErr::fetch(py)),
        }
    }

    /// A snapshot of the items as `(key, value)` pairs, safe against concurrent changes.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction(signature = (**kwargs))]
    /// fn describe(kwargs: Option<Dict<'_>>) -> PyResult<Vec<String>> {
    ///     let mut out = Vec::new();
    ///     if let Some(d) = kwargs {
    ///         for (key, value) in d.items()? {
    ///             out.push(format!("{}={}", key.str()?, value.repr()?));
    ///         }
    ///     }
    ///     Ok(out)
    /// }
    /// ```
    pub fn items(&self) -> PyResult<Vec<(Object<'py>, Object<'py>)>> {
        let py = self.0.py();
        // SAFETY: a dict; PyDict_Items returns a new list of 2-tuples.
        let items =
            unsafe { Object::from_owned_ptr_or_err(py, ffi::PyDict_Items(self.0.as_ptr()))? };
        // SAFETY: `items` is a list we own.
        let n = unsafe { ffi::PyList_Size(items.as_ptr()) };
        let mut out = Vec::with_capacity(n.max(0) as usize);
        for i in 0..n {
            // SAFETY: `items` is our private list of pairs; borrowed items stay alive.
            unsafe {
                let pair = ffi::PyList_GetItem(items.as_ptr(), i);
                let k = ffi::PyTuple_GetItem(pair, 0);
                let v = ffi::PyTuple_GetItem(pair, 1);
                out.push((
                    Object::from_borrowed_ptr(py, k),
                    Object::from_borrowed_ptr(py, v),
                ));
            }
        }
        Ok(out)
    }
}
