//! Enums as a PyO3 user writes them: a data enum with methods, the tokens a parser returns,
//! robot commands that mix data variants and a fieldless enum.

use abide::exceptions::PyValueError;
use abide::prelude::*;

/// A direction on the grid.
#[pyclass]
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Direction {
    North,
    East,
    South,
    West,
}

/// A plane shape.
#[pyclass(eq)]
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// A circle of radius `r`.
    Circle {
        r: f64,
    },
    /// A rectangle, width then height.
    Rect(f64, f64),
    #[py(constructor = (side = 1.0))]
    Square {
        side: f64,
    },
    Empty {},
}

#[pymethods]
impl Shape {
    /// The shape's area.
    fn area(&self) -> f64 {
        match self {
            Shape::Circle { r } => std::f64::consts::PI * r * r,
            Shape::Rect(w, h) => w * h,
            Shape::Square { side } => side * side,
            Shape::Empty {} => 0.0,
        }
    }

    /// The same shape, `k` times as large in each direction.
    fn scaled(&self, k: f64) -> Shape {
        match self {
            Shape::Circle { r } => Shape::Circle { r: r * k },
            Shape::Rect(w, h) => Shape::Rect(w * k, h * k),
            Shape::Square { side } => Shape::Square { side: side * k },
            Shape::Empty {} => Shape::Empty {},
        }
    }

    #[staticmethod]
    fn unit_circle() -> Shape {
        Shape::Circle { r: 1.0 }
    }

    fn __repr__(&self) -> String {
        match self {
            Shape::Circle { r } => format!("Shape.Circle(r={r})"),
            Shape::Rect(w, h) => format!("Shape.Rect({w}, {h})"),
            Shape::Square { side } => format!("Shape.Square(side={side})"),
            Shape::Empty {} => "Shape.Empty()".to_owned(),
        }
    }
}

/// The largest of `shapes` by area, if any.
#[pyfunction]
fn largest(shapes: Vec<Shape>) -> Option<Shape> {
    shapes
        .into_iter()
        .max_by(|a, b| a.area().total_cmp(&b.area()))
}

/// The sum of the areas, borrowing each shape.
#[pyfunction]
fn total_area(shapes: Vec<PyRef<'_, Shape>>) -> f64 {
    shapes.iter().map(|s| s.area()).sum()
}

/// A shape moved out of its Python object (the enum is `Clone`).
#[pyfunction]
fn double(shape: Shape) -> Shape {
    shape.scaled(2.0)
}

/// A token of a tiny calculator language.
#[pyclass(eq)]
#[derive(Clone, Debug, PartialEq)]
pub enum Token {
    Number(f64),
    Name(String),
    Op(char),
    Open(),
    Close(),
}

/// Splits `src` into tokens.
#[pyfunction]
fn tokenize(src: &str) -> PyResult<Vec<Token>> {
    let mut out = Vec::new();
    let mut chars = src.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            ' ' | '\t' => {}
            '(' => out.push(Token::Open()),
            ')' => out.push(Token::Close()),
            '+' | '-' | '*' | '/' => out.push(Token::Op(c)),
            '0'..='9' | '.' => {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if !(d.is_ascii_digit() || d == '.') {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
                let text = &src[i..end];
                let value = text
                    .parse()
                    .map_err(|_| PyValueError::new_err(format!("bad number {text:?}")))?;
                out.push(Token::Number(value));
            }
            c if c.is_alphabetic() || c == '_' => {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if !(d.is_alphanumeric() || d == '_') {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
                out.push(Token::Name(src[i..end].to_owned()));
            }
            _ => {
                return Err(PyValueError::new_err(format!("unexpected {c:?} at {i}")));
            }
        }
    }
    Ok(out)
}

/// A command for a robot on a grid.
#[pyclass]
#[derive(Debug)]
pub enum Command {
    Move {
        direction: Direction,
        steps: u32,
    },
    Say(String),
    #[py(constructor = (seconds = 1.0))]
    Wait {
        seconds: f64,
    },
    Stop {},
    /// Calls a Python function with the current position.
    Call {
        func: Py<PyAny>,
    },
}

/// Parses one line: `move north 3`, `say hello`, `wait 2.5`, `wait`, `stop`.
#[pyfunction]
fn parse_command(line: &str) -> PyResult<Command> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let bad = || PyValueError::new_err(format!("cannot parse {line:?}"));
    match words.as_slice() {
        ["move", dir, steps] => {
            let direction = match *dir {
                "north" => Direction::North,
                "east" => Direction::East,
                "south" => Direction::South,
                "west" => Direction::West,
                _ => return Err(bad()),
            };
            let steps = steps.parse().map_err(|_| bad())?;
            Ok(Command::Move { direction, steps })
        }
        ["say", rest @ ..] if !rest.is_empty() => Ok(Command::Say(rest.join(" "))),
        ["wait"] => Ok(Command::Wait { seconds: 1.0 }),
        ["wait", s] => Ok(Command::Wait {
            seconds: s.parse().map_err(|_| bad())?,
        }),
        ["stop"] => Ok(Command::Stop {}),
        _ => Err(bad()),
    }
}

/// Runs `commands` from the origin until `Stop`: the final position and what was said.
#[pyfunction]
fn run(py: Python<'_>, commands: Vec<PyRef<'_, Command>>) -> PyResult<((i64, i64), Vec<String>)> {
    let (mut x, mut y) = (0i64, 0i64);
    let mut said = Vec::new();
    for command in &commands {
        match &**command {
            Command::Move { direction, steps } => {
                let steps = i64::from(*steps);
                match direction {
                    Direction::North => y += steps,
                    Direction::East => x += steps,
                    Direction::South => y -= steps,
                    Direction::West => x -= steps,
                }
            }
            Command::Say(text) => said.push(text.clone()),
            Command::Wait { .. } => {}
            Command::Stop {} => break,
            Command::Call { func } => {
                func.bind(py).call1((x, y))?;
            }
        }
    }
    Ok(((x, y), said))
}

/// The corners of the unit square, made with `Py::new`.
#[pyfunction]
fn corners(py: Python<'_>) -> PyResult<Vec<Py<Shape>>> {
    [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)]
        .into_iter()
        .map(|(x, y)| Py::new(py, Shape::Rect(x, y)))
        .collect()
}

#[pymodule]
fn enums(m: &Module<'_>) -> PyResult<()> {
    m.add_class::<Direction>()?;
    m.add_class::<Shape>()?;
    m.add_class::<Token>()?;
    m.add_class::<Command>()?;
    m.add_function(wrap_pyfunction!(largest))?;
    m.add_function(wrap_pyfunction!(total_area))?;
    m.add_function(wrap_pyfunction!(double))?;
    m.add_function(wrap_pyfunction!(tokenize))?;
    m.add_function(wrap_pyfunction!(parse_command))?;
    m.add_function(wrap_pyfunction!(run))?;
    m.add_function(wrap_pyfunction!(corners))?;
    Ok(())
}
