import subprocess
import sys

import abide_build


def test_pep_517_and_660_hooks_exist():
    for hook in (
        "build_wheel",
        "build_sdist",
        "build_editable",
        "get_requires_for_build_wheel",
        "get_requires_for_build_sdist",
        "get_requires_for_build_editable",
    ):
        assert callable(getattr(abide_build, hook)), hook
    # maturin and pyelftools are dependencies of the package: nothing more to install.
    assert abide_build.get_requires_for_build_wheel({}) == []


def run_cli(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "abide_build", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_stubgen_of_a_missing_module_is_a_message(tmp_path):
    out = run_cli("stubgen", "no_such_module_here", cwd=tmp_path)
    assert out.returncode == 1
    assert "cannot import no_such_module_here" in out.stderr
    assert "Traceback" not in out.stderr


def test_stubgen_of_a_python_module_says_what_is_wrong(tmp_path):
    (tmp_path / "plain.py").write_text("x = 1\n")
    out = run_cli("stubgen", "plain", cwd=tmp_path)
    assert out.returncode == 1
    # It was found in the current directory (no PYTHONPATH needed), then judged.
    assert "is not an extension library" in out.stderr, out.stderr
    assert "Traceback" not in out.stderr


def test_wheel_without_pyproject_is_a_message(tmp_path):
    out = run_cli("wheel", str(tmp_path), cwd=tmp_path)
    assert out.returncode == 1
    assert "pyproject.toml does not exist" in out.stderr
    assert "Traceback" not in out.stderr
