import pytest
from abide_build.config import ConfigError, Settings


def project(tmp_path, table=""):
    (tmp_path / "pyproject.toml").write_text(f'[project]\nname = "m"\n{table}')
    return tmp_path


def test_defaults(tmp_path, monkeypatch):
    monkeypatch.delenv("MATURIN_PEP517_ARGS", raising=False)
    settings = Settings.load(project(tmp_path))
    assert settings.stubs is True
    assert settings.maturin_args == []


def test_table_turns_stubs_off(tmp_path):
    assert Settings.load(project(tmp_path, "[tool.abide-build]\nstubs = false\n")).stubs is False


def test_unknown_table_key_is_named(tmp_path):
    with pytest.raises(ConfigError, match="stub"):
        Settings.load(project(tmp_path, "[tool.abide-build]\nstub = false\n"))


def test_table_value_must_be_bool(tmp_path):
    with pytest.raises(ConfigError, match="true or false"):
        Settings.load(project(tmp_path, '[tool.abide-build]\nstubs = "no"\n'))


@pytest.mark.parametrize(
    "value, expected", [("false", False), ("0", False), ("True", True), ("on", True)]
)
def test_config_setting_overrides_table(tmp_path, value, expected):
    settings = Settings.load(
        project(tmp_path, "[tool.abide-build]\nstubs = true\n"), {"stubs": value}
    )
    assert settings.stubs is expected


def test_bad_config_settings(tmp_path):
    with pytest.raises(ConfigError, match="expected true or false"):
        Settings.load(project(tmp_path), {"stubs": "maybe"})
    with pytest.raises(ConfigError, match="unknown config setting"):
        Settings.load(project(tmp_path), {"stub": "false"})


def test_build_args_string_list_and_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("MATURIN_PEP517_ARGS", "--features from-env")
    p = project(tmp_path)
    assert Settings.load(p).maturin_args == ["--features", "from-env"]
    given = {"build-args": "--features 'a b' -v"}
    assert Settings.load(p, given).maturin_args == ["--features", "a b", "-v"]
    assert Settings.load(p, {"build-args": ["--locked"]}).maturin_args == ["--locked"]


def test_missing_or_broken_pyproject(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        Settings.load(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[project\n")
    with pytest.raises(ConfigError, match="pyproject.toml"):
        Settings.load(tmp_path)
