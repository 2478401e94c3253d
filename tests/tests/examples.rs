//! Builds each example extension, imports it in CPython 3.15 and runs its Python tests.

#[test]
fn hello() {
    abide_tests::run_python_tests("hello", "hello", "tests/python/test_hello.py");
}

#[test]
fn testmod() {
    abide_tests::run_python_tests("abide-testmod", "testmod", "tests/python/test_testmod.py");
}

#[test]
fn shapes() {
    abide_tests::run_python_tests("shapes", "shapes", "tests/python/test_shapes.py");
}
