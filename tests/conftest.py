"""Shared fixtures: the sample transcript, and ../shared when it is there.

Tests marked with the ``shared_dir`` fixture skip when ``../shared`` is absent, except under
CI (``CI=true``), where its absence is an error.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "raw" / "cnn_2015-11-20_acd.txt"
SHARED = ROOT.parent / "shared"


def require_shared() -> Path:
    """The shared folder, or skip (fail under CI) when it is missing."""
    if SHARED.is_dir():
        return SHARED
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{SHARED} is missing, and CI=true requires it")
    pytest.skip(f"{SHARED} not present")


@pytest.fixture(scope="session")
def sample_path() -> Path:
    """The sample transcript shipped in data/raw/."""
    return SAMPLE


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared (corpus, gold, conventions)."""
    return require_shared()


@pytest.fixture(scope="session")
def corpus_dir(shared_dir: Path) -> Path:
    """../shared/corpus/raw."""
    return shared_dir / "corpus" / "raw"


@pytest.fixture(scope="session")
def gold_dir(shared_dir: Path) -> Path:
    """../shared/gold/dev."""
    return shared_dir / "gold" / "dev"
