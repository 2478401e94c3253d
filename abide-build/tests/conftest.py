import sys
from pathlib import Path

# Run against the sources when they are not installed (`pytest abide-build/tests`); the
# suite run by `cargo test` installs the package first, and this changes nothing there.
try:
    import abide_build  # noqa: F401
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
