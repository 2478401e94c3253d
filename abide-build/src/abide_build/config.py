"""The build's settings: `[tool.abide-build]` in pyproject.toml, then the frontend's
config settings (`pip wheel -C stubs=false .`, `python -m build -C build-args=...`).

    [tool.abide-build]
    stubs = true        # generate the module's .pyi and ship it (default)

Config settings:
    stubs=true|false    overrides the table
    build-args=ARGS     extra arguments for `maturin build` (a string, split as a shell
                        would, or a list); maturin's own backend reads the same setting,
                        as does its MATURIN_PEP517_ARGS environment variable when no
                        build-args are given
"""

from __future__ import annotations

import dataclasses
import os
import shlex
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

TABLE = "abide-build"
KEYS = {"stubs"}
SETTINGS = {"stubs", "build-args"}


class ConfigError(Exception):
    """A setting is unknown or has the wrong type; the message names it."""


@dataclasses.dataclass
class Settings:
    stubs: bool = True
    maturin_args: list[str] = dataclasses.field(default_factory=list)

    @classmethod
    def load(cls, project: Path, config_settings: Mapping[str, Any] | None = None) -> Settings:
        settings = cls()
        table = read_table(project)
        unknown = set(table) - KEYS
        if unknown:
            raise ConfigError(
                f"unknown key(s) in [tool.{TABLE}]: {', '.join(sorted(unknown))} "
                f"(known: {', '.join(sorted(KEYS))})"
            )
        if "stubs" in table:
            if not isinstance(table["stubs"], bool):
                raise ConfigError(f"[tool.{TABLE}] stubs must be true or false")
            settings.stubs = table["stubs"]

        config_settings = dict(config_settings or {})
        unknown = set(config_settings) - SETTINGS
        if unknown:
            raise ConfigError(
                f"unknown config setting(s): {', '.join(sorted(unknown))} "
                f"(known: {', '.join(sorted(SETTINGS))})"
            )
        if "stubs" in config_settings:
            settings.stubs = parse_bool("stubs", config_settings["stubs"])
        args = config_settings.get("build-args")
        if args is None:
            args = os.environ.get("MATURIN_PEP517_ARGS", "")
        settings.maturin_args = shlex.split(args) if isinstance(args, str) else list(args)
        return settings


def read_table(project: Path) -> dict[str, Any]:
    path = project / "pyproject.toml"
    try:
        with path.open("rb") as f:
            pyproject = tomllib.load(f)
    except FileNotFoundError:
        raise ConfigError(f"{path} does not exist") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: {e}") from None
    table = pyproject.get("tool", {}).get(TABLE, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: tool.{TABLE} must be a table")
    return table


def parse_bool(name: str, value: Any) -> bool:
    # A frontend passes strings (`-C stubs=false`); a list when given twice.
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "1", "yes", "on"):
        return True
    if isinstance(value, str) and value.lower() in ("false", "0", "no", "off"):
        return False
    raise ConfigError(f"config setting {name}={value!r}: expected true or false")
