"""Every module's docstring examples run, from the repository's root (they read the sample
in data/raw/), and the README's Python example is the package's own."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import analytics

ROOT = Path(__file__).resolve().parent.parent
#: Every module of the package but the entry point (importing it runs the command line).
MODULES = sorted(
    ["analytics", *(m.name for m in pkgutil.walk_packages(analytics.__path__, "analytics."))]
)
MODULES.remove("analytics.__main__")


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in finder.find(module, name):
        skipped = [e.source for e in test.examples if e.options.get(doctest.SKIP)]
        assert not skipped, f"{test.name}: skipped examples {skipped}"
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} examples failed"


def test_the_modules_with_examples_are_found() -> None:
    with_examples = [
        m for m in MODULES if ">>>" in (Path(importlib.import_module(m).__file__).read_text())
    ]
    assert len(with_examples) >= 20, with_examples
