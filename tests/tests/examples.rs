//! Builds each example extension once, and on each supported CPython (3.15 and the
//! free-threaded 3.15t through `PyModExport_`, 3.11 to 3.14 through the `PyInit_` entry
//! point of the same library) imports it and runs its Python tests.

use abide_tests::run_python_tests_on;

abide_tests::per_version! {
    hello [cpython_311 cpython_312 cpython_313 cpython_314 cpython_315 cpython_315t] =>
        |v| run_python_tests_on(v, "hello", "hello", "tests/python/test_hello.py");
    testmod [cpython_311 cpython_312 cpython_313 cpython_314 cpython_315 cpython_315t] =>
        |v| run_python_tests_on(v, "abide-testmod", "testmod", "tests/python/test_testmod.py");
    inheritance [cpython_311 cpython_312 cpython_313 cpython_314 cpython_315 cpython_315t] =>
        |v| abide_tests::run_testmod_file(v, "tests/python/test_inheritance.py");
    user_types [cpython_311 cpython_312 cpython_313 cpython_314 cpython_315 cpython_315t] =>
        |v| abide_tests::run_testmod_file(v, "tests/python/test_user_types.py");
    derives [cpython_311 cpython_312 cpython_313 cpython_314 cpython_315 cpython_315t] =>
        |v| abide_tests::run_testmod_file(v, "tests/python/test_derives.py");
    argspec [cpython_311 cpython_312 cpython_313 cpython_314 cpython_315 cpython_315t] =>
        |v| abide_tests::run_testmod_file(v, "tests/python/test_argspec.py");
    awaitables [cpython_311 cpython_312 cpython_313 cpython_314 cpython_315 cpython_315t] =>
        |v| abide_tests::run_testmod_file(v, "tests/python/test_awaitables.py");
    /// `async fn` under asyncio, each behaviour compared with the same `async def`:
    /// results, errors and panics, cancelling (the Rust future dropped), the coroutine
    /// protocol, context variables, event loops in several threads.
    coroutines [cpython_311 cpython_312 cpython_313 cpython_314 cpython_315 cpython_315t] =>
        |v| abide_tests::run_testmod_file(v, "tests/python/test_coroutines.py");
    /// `async fn` methods: `&self`/`&mut self` held by the coroutine, and the borrow rules.
    async_methods [cpython_311 cpython_312 cpython_313 cpython_314 cpython_315 cpython_315t] =>
        |v| abide_tests::run_testmod_file(v, "tests/python/test_async_methods.py");
    /// Futures that need tokio (timers, spawned tasks, channels), and Python coroutines
    /// awaited from Rust (`examples/tokio_tasks`).
    tokio_tasks [cpython_311 cpython_312 cpython_313 cpython_314 cpython_315 cpython_315t] =>
        |v| run_python_tests_on(v, "tokio_tasks", "tokio_tasks", "tests/python/test_tokio_tasks.py");
    /// CPU work on Rust threads while the caller is detached, progress reported to a Python
    /// callback through a handle to the caller's interpreter, also from a subinterpreter
    /// (`examples/worker_pool`).
    worker_pool [cpython_311 cpython_312 cpython_313 cpython_314 cpython_315 cpython_315t] =>
        |v| run_python_tests_on(v, "worker_pool", "worker_pool", "tests/python/test_worker_pool.py");
    shapes [cpython_311 cpython_312 cpython_313 cpython_314 cpython_315 cpython_315t] =>
        |v| run_python_tests_on(v, "shapes", "shapes", "tests/python/test_shapes.py");
    /// A PyO3-style package: classes, an enum and an exception in submodules; the
    /// extension loaded twice.
    pkgtree [cpython_311 cpython_312 cpython_313 cpython_314 cpython_315 cpython_315t] =>
        |v| run_python_tests_on(v, "pkgtree", "pkgtree", "tests/python/test_pkgtree.py");
    /// A module named `café`: entry points `PyModExportU_caf_dma` and `PyInitU_caf_dma`.
    unicode_module [cpython_311 cpython_312 cpython_313 cpython_314 cpython_315 cpython_315t] =>
        |v| run_python_tests_on(v, "abide-unicode-module", "café", "tests/python/test_unicode_module.py");
    /// A PyO3 extension written as a declarative module (`#[pymodule] mod`), ported.
    declarative [cpython_311 cpython_312 cpython_313 cpython_314 cpython_315 cpython_315t] =>
        |v| run_python_tests_on(v, "abide-port-declarative", "declarative", "tests/python/test_declarative.py");
    /// A PyO3-style crate ported: enums whose variants carry data (issue 14, item 3).
    port_enums [cpython_311 cpython_312 cpython_313 cpython_314 cpython_315 cpython_315t] =>
        |v| run_python_tests_on(v, "abide-port-enums", "enums", "tests/python/test_enums.py");
    /// A PyO3-style crate ported (`tests/ports/methods`): receivers of any name,
    /// `__next__` forms, deleters, class constants, constructors that receive the class.
    methods [cpython_311 cpython_312 cpython_313 cpython_314 cpython_315 cpython_315t] =>
        |v| run_python_tests_on(v, "abide-port-methods", "methods", "tests/python/test_methods.py");
    /// The PyO3-style `errors` port: built-in bases, `dict` and `weakref`.
    port_errors [cpython_311 cpython_312 cpython_313 cpython_314 cpython_315 cpython_315t] =>
        |v| run_python_tests_on(v, "abide-port-errors", "errors", "tests/python/test_port_errors.py");
    paths [cpython_311 cpython_312 cpython_313 cpython_314 cpython_315 cpython_315t] =>
        |v| abide_tests::run_testmod_file(v, "tests/python/test_paths.py");
    dates [cpython_311 cpython_312 cpython_313 cpython_314 cpython_315 cpython_315t] =>
        |v| abide_tests::run_testmod_file(v, "tests/python/test_dates.py");
    /// Typed handles, borrowed data and numbers (issue 15, items 1, 2, 7); numpy for
    /// `numpy.bool_`.
    handles [cpython_311 cpython_312 cpython_313 cpython_314 cpython_315 cpython_315t] =>
        |v| {
            abide_tests::pip_install(&abide_tests::python(v), &["numpy"]);
            abide_tests::run_testmod_file(v, "tests/python/test_handles.py")
        };
    /// The buffer protocol both ways (issue 15, item 3), with numpy from PyPI (wheels
    /// exist for cp311 to cp315 and cp315t).
    buffers [cpython_311 cpython_312 cpython_313 cpython_314 cpython_315 cpython_315t] =>
        |v| {
            abide_tests::pip_install(&abide_tests::python(v), &["numpy"]);
            abide_tests::run_testmod_file(v, "tests/python/test_buffers.py")
        };
}
