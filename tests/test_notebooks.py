"""The notebooks: thin, paired with py:percent files, parameterised, and runnable on the sample.

The static checks are fast. The execution test builds the tables of ``data/raw`` with
``python -m analytics run`` once, then runs every notebook with papermill (marked ``slow``;
select or skip it with ``-m slow`` / ``-m "not slow"``).
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9]*.ipynb"))
PARAMETERS = ("tables", "corpus", "seed", "backend", "out")

#: Figures each notebook must write (PNG and SVG) when run on the sample.
EXPECTED = {
    "01_corpus_overview": [
        "01_broadcasts_over_time",
        "01_words_per_speaker",
        "01_share_of_voice_by_network",
    ],
    "02_rundown": [
        "02_rundown",
        "02_air_time_per_story",
        "02_share_of_voice_by_block",
        "02_rundown_overview",
    ],
    "03_sentiment_by_speaker": [
        "03_sentiment_by_speaker",
        "03_sentiment_by_kind",
        "03_sentiment_by_block",
    ],
    "04_topics": [
        "04_topic_sizes",
        "04_topics_over_time",
        "04_topics_per_network",
        "04_topics_per_show",
    ],
    "05_compare_coverage": [
        "05_compare_air_time",
        "05_compare_sentiment",
        "05_compare_share_of_voice",
        "05_distinctive_words",
    ],
    "06_stories": [
        "06_story_timeline",
        "06_story_minutes",
    ],
}


def test_at_least_five_notebooks() -> None:
    assert [p.stem for p in NOTEBOOKS] == sorted(EXPECTED)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: a cell has outputs"
            assert cell.execution_count is None, f"{path.name}: a cell has an execution count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_paired_with_its_py_percent_file(path: Path) -> None:
    script = path.with_suffix(".py")
    assert script.is_file(), f"{script.name} is missing"
    assert "format_name: percent" in script.read_text()
    from_ipynb = [(c.cell_type, c.source.strip()) for c in jupytext.read(path).cells]
    from_py = [(c.cell_type, c.source.strip()) for c in jupytext.read(script).cells]
    assert from_ipynb == from_py, f"{path.name} and {script.name} differ: run `jupytext --sync`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_thin(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        for node in ast.walk(tree):
            assert not isinstance(
                node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda
            ), f"{path.name}: defines a function or class; move it into the package"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_has_a_papermill_parameters_cell(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, f"{path.name}: expected one cell tagged 'parameters'"
    names = [
        target.id
        for node in ast.parse(tagged[0].source).body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    ]
    assert names[: len(PARAMETERS)] == list(PARAMETERS), f"{path.name}: parameters {names}"


@pytest.fixture(scope="session")
def sample_tables(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Tables of data/raw built by the command line, as `make figures` builds them."""
    out = tmp_path_factory.mktemp("tables")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "MPLBACKEND": "Agg"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "analytics",
            "run",
            str(ROOT / "data" / "raw"),
            "--out",
            str(out),
            "--seed",
            "42",
            "--workers",
            "1",
        ],
        check=True,
        env=env,
        cwd=ROOT,
        timeout=900,
    )
    return out


@pytest.mark.slow
@pytest.mark.xdist_group("notebooks")
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_on_the_sample(path: Path, sample_tables: Path, tmp_path: Path) -> None:
    from analytics.notebooks import execute

    os.environ.setdefault("MPLBACKEND", "Agg")
    figures = tmp_path / "figures"
    execute(
        path,
        tmp_path / path.name,
        {
            "tables": str(sample_tables),
            "corpus": str(ROOT / "data" / "raw"),
            "seed": 42,
            "backend": "minilm",
            "out": str(figures),
        },
        cwd=ROOT,
    )
    for name in EXPECTED[path.stem]:
        for suffix in (".png", ".svg"):
            chart = figures / f"{name}{suffix}"
            assert chart.is_file() and chart.stat().st_size > 1000, f"{chart.name} not written"


def test_kernel_is_not_interrupted_while_it_is_shut_down() -> None:
    import asyncio

    from analytics.notebooks import _quiet_kernel_manager

    manager = _quiet_kernel_manager()()
    manager.shutting_down = True
    assert asyncio.run(manager._async_interrupt_kernel()) is None
    manager.shutting_down = False
    with pytest.raises(RuntimeError, match="No kernel is running"):
        asyncio.run(manager._async_interrupt_kernel())


def test_kernel_is_this_interpreter_whatever_specs_are_installed() -> None:
    from analytics.notebooks import _quiet_kernel_manager

    manager = _quiet_kernel_manager()(kernel_name="python3")
    assert manager.kernel_spec.argv[0] == sys.executable
    assert manager.kernel_spec.argv[1:3] == ["-m", "ipykernel_launcher"]
