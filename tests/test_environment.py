"""The conda environment and pyproject.toml describe the same pinned dependencies."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        specs.extend(extra)
    return dict(_split(spec) for spec in specs)


def _environment_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "environment.yml").read_text().splitlines():
        m = re.match(r"\s*-\s+([A-Za-z0-9_.\-\[\]]+==\S+)\s*$", line)
        if m:
            name, version = _split(m.group(1))
            pins[name] = version
    return pins


def _split(spec: str) -> tuple[str, str]:
    name, _, version = spec.partition("==")
    assert version, f"dependency {spec!r} is not pinned with =="
    return re.sub(r"[-_.]+", "-", name).lower(), version


def test_every_dependency_is_pinned_and_named_in_both_files():
    assert _pyproject_pins() == _environment_pins()


def test_environment_installs_the_package_itself():
    assert re.search(r"^\s*-\s+-e \.\s*$", (ROOT / "environment.yml").read_text(), re.M)


def test_requires_python_311_or_newer():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11"
