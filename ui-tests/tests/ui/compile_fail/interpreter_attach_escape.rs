// An object bound to the thread's attachment cannot leave `Interpreter::attach`: the
// thread is detached (and its thread state maybe deleted) when the closure returns.
use abide::prelude::*;

fn leak(interp: &Interpreter) -> Object<'static> {
    interp.attach(|py| py.None()).unwrap()
}

// The token cannot leave either.
fn token(interp: &Interpreter) {
    let _py = interp.attach(|py| py).unwrap();
}

fn main() {}
