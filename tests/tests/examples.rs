//! Builds each example extension once, and on each supported CPython (3.15 and the
//! free-threaded 3.15t through `PyModExport_`, 3.13 and 3.14 through the `PyInit_` entry
//! point of the same library) imports it and runs its Python tests.

macro_rules! example_tests {
    ($($(#[$attr:meta])* $test:ident: $package:literal as $module:literal, $file:literal on $version:literal;)*) => {$(
        #[test]
        $(#[$attr])*
        fn $test() {
            abide_tests::run_python_tests_on($version, $package, $module, $file);
        }
    )*};
}

example_tests! {
    hello_315: "hello" as "hello", "tests/python/test_hello.py" on "3.15";
    #[cfg_attr(abide_no_ft, ignore = "no free-threaded CPython 3.15t found: set ABIDE_PYTHON_FT")]
    hello_315t: "hello" as "hello", "tests/python/test_hello.py" on "3.15t";
    hello_314: "hello" as "hello", "tests/python/test_hello.py" on "3.14";
    hello_313: "hello" as "hello", "tests/python/test_hello.py" on "3.13";
    testmod_315: "abide-testmod" as "testmod", "tests/python/test_testmod.py" on "3.15";
    #[cfg_attr(abide_no_ft, ignore = "no free-threaded CPython 3.15t found: set ABIDE_PYTHON_FT")]
    testmod_315t: "abide-testmod" as "testmod", "tests/python/test_testmod.py" on "3.15t";
    testmod_314: "abide-testmod" as "testmod", "tests/python/test_testmod.py" on "3.14";
    testmod_313: "abide-testmod" as "testmod", "tests/python/test_testmod.py" on "3.13";
    shapes_315: "shapes" as "shapes", "tests/python/test_shapes.py" on "3.15";
    #[cfg_attr(abide_no_ft, ignore = "no free-threaded CPython 3.15t found: set ABIDE_PYTHON_FT")]
    shapes_315t: "shapes" as "shapes", "tests/python/test_shapes.py" on "3.15t";
    shapes_314: "shapes" as "shapes", "tests/python/test_shapes.py" on "3.14";
    shapes_313: "shapes" as "shapes", "tests/python/test_shapes.py" on "3.13";
}
