// PyO3 names that abide spells differently: each call is one error that names abide's
// form.
use abide::prelude::*;

fn port<'py>(py: Python<'py>, obj: Object<'py>) {
    let _dict = obj.downcast::<Dict<'py>>();
    let _list = obj.clone().cast_into::<List<'py>>();
    let _five = 5.to_object(py);
    let _text = "text".into_py(py);
    Python::with_gil(|_py| ());
    py.allow_threads(|| ());
}

fn main() {}
