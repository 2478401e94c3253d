//! Method forms as PyO3 users write them: iterators with `this`/`me` receivers and a
//! `__next__` that raises `StopIteration`, a property with a getter, a setter and a
//! deleter, class constants, alternate and subclass-aware constructors, and optional
//! reference parameters.

use abide::exceptions::{PyStopIteration, PyValueError};
use abide::prelude::*;

/// Counts from `start` up to `stop` (exclusive), `step` at a time.
#[pyclass]
struct Range {
    next: i64,
    stop: i64,
    step: i64,
}

impl Range {
    fn done(&self) -> bool {
        if self.step > 0 {
            self.next >= self.stop
        } else {
            self.next <= self.stop
        }
    }
}

#[pymethods]
impl Range {
    #[new]
    #[py(signature = (stop, start = 0, step = 1))]
    fn new(stop: i64, start: i64, step: i64) -> PyResult<Self> {
        if step == 0 {
            return Err(PyValueError::new_err("step must not be zero"));
        }
        Ok(Range {
            next: start,
            stop,
            step,
        })
    }

    fn __iter__(this: PyRef<'_, Self>) -> PyRef<'_, Self> {
        this
    }

    fn __next__(mut this: PyRefMut<'_, Self>) -> PyResult<i64> {
        if this.done() {
            return Err(PyStopIteration::new_err("range exhausted"));
        }
        let value = this.next;
        this.next += this.step;
        Ok(value)
    }

    fn __contains__(&self, item: &Object<'_>) -> PyResult<bool> {
        let Ok(n) = item.extract::<i64>() else {
            return Ok(false);
        };
        let ahead = if self.step > 0 {
            n >= self.next && n < self.stop
        } else {
            n <= self.next && n > self.stop
        };
        Ok(ahead && (n - self.next) % self.step == 0)
    }

    /// How many values are left.
    fn remaining(me: PyRef<'_, Self>) -> i64 {
        if me.done() {
            0
        } else {
            (me.stop - me.next + me.step - me.step.signum()) / me.step
        }
    }

    /// Skips `n` values and returns the iterator.
    fn skip(mut me: PyRefMut<'_, Self>, n: i64) -> PyRefMut<'_, Self> {
        me.next += n * me.step;
        me
    }
}

/// Counts down from `n`; when done, returns the sum of what it yielded, which
/// `yield from` passes on.
#[pyclass]
struct Countdown {
    n: u32,
    total: u64,
}

#[pymethods]
impl Countdown {
    #[new]
    fn new(n: u32) -> Self {
        Countdown { n, total: 0 }
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self) -> PyResult<u32> {
        if self.n == 0 {
            return Err(PyStopIteration::new_err(self.total));
        }
        let value = self.n;
        self.n -= 1;
        self.total += u64::from(value);
        Ok(value)
    }
}

/// Fibonacci numbers below a limit; `None` ends the iteration.
#[pyclass]
struct Fibonacci {
    a: u64,
    b: u64,
    limit: u64,
}

#[pymethods]
impl Fibonacci {
    #[new]
    fn new(limit: u64) -> Self {
        Fibonacci { a: 0, b: 1, limit }
    }

    fn __iter__(self_: PyRef<'_, Self>) -> PyRef<'_, Self> {
        self_
    }

    /// Starts again from the beginning; returns the iterator.
    fn restart(slf: Py<Self>, py: Python<'_>) -> PyResult<Py<Self>> {
        {
            let mut this = slf.borrow_mut(py)?;
            (this.a, this.b) = (0, 1);
        }
        Ok(slf)
    }

    fn __next__(&mut self) -> Option<u64> {
        if self.a >= self.limit {
            return None;
        }
        let value = self.a;
        (self.a, self.b) = (self.b, self.a + self.b);
        Some(value)
    }
}

/// A thermometer: its reading is a property that can be set and deleted.
#[pyclass(subclass)]
struct Thermometer {
    celsius: Option<f64>,
    label: String,
}

#[pymethods]
impl Thermometer {
    #[classattr]
    const ABSOLUTE_ZERO: f64 = -273.15;

    #[classattr]
    const UNITS: &'static str = "celsius";

    #[classattr]
    fn scales() -> Vec<&'static str> {
        vec!["celsius", "fahrenheit"]
    }

    #[new]
    #[py(signature = (celsius = None, label = String::from("thermometer")))]
    fn new(celsius: Option<f64>, label: String) -> PyResult<Self> {
        let mut this = Thermometer {
            celsius: None,
            label,
        };
        if let Some(c) = celsius {
            this.set_celsius(c)?;
        }
        Ok(this)
    }

    /// The reading in degrees Celsius.
    #[getter]
    fn celsius(&self) -> PyResult<f64> {
        self.celsius
            .ok_or_else(|| PyValueError::new_err("no reading"))
    }

    #[setter]
    fn set_celsius(&mut self, value: f64) -> PyResult<()> {
        if value < Self::ABSOLUTE_ZERO {
            return Err(PyValueError::new_err("below absolute zero"));
        }
        self.celsius = Some(value);
        Ok(())
    }

    #[deleter]
    fn delete_celsius(&mut self) {
        self.celsius = None;
    }

    #[getter]
    fn fahrenheit(&self) -> Option<f64> {
        self.celsius.map(|c| c * 9.0 / 5.0 + 32.0)
    }

    #[getter]
    fn label(&self) -> &str {
        &self.label
    }

    /// Deleting the label puts the default back.
    #[deleter(label)]
    fn reset_label(&mut self) -> PyResult<()> {
        if self.label == "thermometer" {
            return Err(PyValueError::new_err("the label is already the default"));
        }
        self.label = String::from("thermometer");
        Ok(())
    }

    /// A thermometer reading `f` degrees Fahrenheit, of the class it is called on.
    #[classmethod]
    fn from_fahrenheit<'py>(cls: &TypeObject<'py>, f: f64) -> PyResult<Object<'py>> {
        cls.call1(((f - 32.0) * 5.0 / 9.0,))
    }

    /// Takes a new reading if one is given (any number), or keeps the old one.
    #[py(signature = (reading = None))]
    fn update(&mut self, reading: Option<&Object<'_>>) -> PyResult<Option<f64>> {
        if let Some(obj) = reading {
            self.set_celsius(obj.extract()?)?;
        }
        Ok(self.celsius)
    }

    fn describe(slf: PyRef<'_, Self>) -> String {
        match slf.celsius {
            Some(c) => format!("{}: {c} C", slf.label),
            None => format!("{}: no reading", slf.label),
        }
    }
}

/// A shape whose constructor knows which class it makes, so subclasses written in
/// Python get their own kind.
#[pyclass(subclass)]
struct Shape {
    kind: String,
    sides: u32,
}

#[pymethods]
impl Shape {
    #[new]
    #[classmethod]
    #[py(signature = (sides = 0))]
    fn new(cls: &TypeObject<'_>, sides: u32) -> PyResult<Self> {
        Ok(Shape {
            kind: cls.name()?.to_string(),
            sides,
        })
    }

    #[getter]
    fn kind(&self) -> &str {
        &self.kind
    }

    #[getter]
    fn sides(&self) -> u32 {
        self.sides
    }

    #[setter]
    fn set_sides(&mut self, sides: u32) {
        self.sides = sides;
    }
}

/// Counts the positional arguments and, if given, the options.
#[pyfunction(signature = (items, options = None))]
fn count(items: &Tuple<'_>, options: Option<&Dict<'_>>) -> usize {
    items.len() + options.map_or(0, |o| o.len())
}

#[pymodule]
fn methods(m: &Module<'_>) -> PyResult<()> {
    m.add_class::<Range>()?;
    m.add_class::<Countdown>()?;
    m.add_class::<Fibonacci>()?;
    m.add_class::<Thermometer>()?;
    m.add_class::<Shape>()?;
    m.add_function(wrap_pyfunction!(count))?;
    Ok(())
}
