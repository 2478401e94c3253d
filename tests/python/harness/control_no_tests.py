"""Control: a file with no tests in it (a renamed function, a typo in `test_`)."""


def check_something():
    assert False, "never collected"
