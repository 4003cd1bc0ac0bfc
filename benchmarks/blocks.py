"""One truth for every number, checked on the corpus tables, and what changed since a
previous build of them.

    python benchmarks/blocks.py [--tables DIR] [--corpus ../shared/corpus/raw]
                                [--against OLD_TABLES]

Without ``--tables`` the tables of ``--corpus`` are built first (``python -m analytics run
--no-topics`` into a temporary folder). For every transcript of the tables it checks:

- the words of its blocks add up to the words of its turns (and of its ``block_turns``);
- every block has a row in the coverage table, and no coverage row lacks a block;
- the blocks' minutes add up to the programme's length on its clock (where the transcript
  has at least two timestamps; elsewhere the minutes are estimates and add up too).

With ``--against`` (tables of the same corpus built by an earlier version, e.g. ``run
--no-topics`` in a ``git worktree`` of an older commit) it counts, per transcript, what
changed: the number of blocks, their offsets, their words, and the coverage rows. The
transcripts reserved for evaluation (../shared/gold/RESERVED.md) are checked but left out
of the comparison. Prints one table; exits 1 when a check fails.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from analytics.coverage import turn_clock
from analytics.store import read_table

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def reserved_ids(shared: Path = SHARED) -> set[str]:
    """Transcript ids (file stems) listed in gold/RESERVED.md."""
    path = shared / "gold" / "RESERVED.md"
    if not path.is_file():
        return set()
    return {Path(m).stem for m in re.findall(r"`([^`]+\.txt)`", path.read_text())}


def build(corpus: Path, out: Path) -> None:
    """The tables of ``corpus``, topics off, with this checkout's package."""
    command = [sys.executable, "-m", "analytics", "run", str(corpus), "--out", str(out),
               "--no-topics"]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 2):
        raise SystemExit(f"run failed ({done.returncode}): {done.stderr.strip()[-500:]}")


def check(tables: Path) -> pd.DataFrame:
    """One row per transcript: words of blocks, turns and block_turns; blocks and coverage
    rows; minutes of the blocks and of the programme; whether each check holds."""
    blocks = read_table(tables / "blocks.parquet")
    turns = read_table(tables / "turns.parquet")
    pieces = read_table(tables / "block_turns.parquet")
    coverage = read_table(tables / "coverage.parquet")
    clock = turn_clock(turns)
    stamps = turns.groupby("transcript")["timestamp"].nunique()
    rows = []
    for name, own in blocks.groupby("transcript", sort=True):
        mine = coverage[coverage["transcript"] == name]
        length = float(clock.loc[clock["transcript"] == name, "end_minute"].max())
        rows.append(
            {
                "transcript": name,
                "blocks": len(own),
                "block_words": int(own["words"].sum()),
                "turn_words": int(turns.loc[turns["transcript"] == name, "words"].sum()),
                "piece_words": int(pieces.loc[pieces["transcript"] == name, "words"].sum()),
                "coverage_rows": len(mine),
                "same_blocks": sorted(mine["block"]) == sorted(own["block"]),
                "minutes": float(mine["minutes"].sum()),
                "programme_minutes": length,
                "timed": int(stamps.get(name, 0)) >= 2,
            }
        )
    table = pd.DataFrame(rows)
    table["words_add_up"] = (table["block_words"] == table["turn_words"]) & (
        table["piece_words"] == table["turn_words"]
    )
    table["minutes_add_up"] = np.isclose(table["minutes"], table["programme_minutes"], atol=1e-6)
    return table


def compare(new: Path, old: Path, leave_out: set[str]) -> dict[str, int]:
    """Counts of what changed between two builds of the same corpus's tables."""
    a = read_table(old / "blocks.parquet")
    b = read_table(new / "blocks.parquet")
    old_turns = read_table(old / "turns.parquet")
    old_cov = read_table(old / "coverage.parquet")
    a, b = a[~a["transcript"].isin(leave_out)], b[~b["transcript"].isin(leave_out)]
    names = sorted(set(a["transcript"]) & set(b["transcript"]))
    counts = {
        "transcripts compared": len(names),
        "transcripts with another number of blocks": 0,
        "transcripts with other block offsets": 0,
        "transcripts with other block words": 0,
        "blocks (new)": 0,
        "blocks with other words": 0,
        "words moved between blocks (sum of |new - old| / 2)": 0,
        "words counted twice before (old block words - turn words)": 0,
        "transcripts whose old block words exceeded their turn words": 0,
        "blocks without a coverage row before": 0,
        "transcripts with such a block before": 0,
    }
    for name in names:
        x = a[a["transcript"] == name].sort_values("block")
        y = b[b["transcript"] == name].sort_values("block")
        counts["blocks (new)"] += len(y)
        if len(x) != len(y):
            counts["transcripts with another number of blocks"] += 1
            continue
        spans_x = list(zip(x["start_char"], x["end_char"], strict=True))
        spans_y = list(zip(y["start_char"], y["end_char"], strict=True))
        if spans_x != spans_y:
            counts["transcripts with other block offsets"] += 1
            continue
        diff = y["words"].to_numpy() - x["words"].to_numpy()
        if diff.any():
            counts["transcripts with other block words"] += 1
            counts["blocks with other words"] += int((diff != 0).sum())
        extra = int(x["words"].sum()) - int(
            old_turns.loc[old_turns["transcript"] == name, "words"].sum()
        )
        counts["words moved between blocks (sum of |new - old| / 2)"] += int(
            (np.abs(diff).sum() - abs(diff.sum())) // 2
        )
        counts["words counted twice before (old block words - turn words)"] += extra
        counts["transcripts whose old block words exceeded their turn words"] += int(extra > 0)
        missing = set(x["block"]) - set(old_cov.loc[old_cov["transcript"] == name, "block"])
        counts["blocks without a coverage row before"] += len(missing)
        counts["transcripts with such a block before"] += int(bool(missing))
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tables", type=Path, default=None)
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "raw")
    parser.add_argument("--against", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="blocks-bench-") as tmp:
        tables = args.tables
        if tables is None:
            tables = Path(tmp) / "tables"
            build(args.corpus, tables)
        result = check(tables)
        print(f"tables: {tables} ({len(result)} transcripts)")
        timed = result[result["timed"]]
        summary = {
            "transcripts": len(result),
            "blocks": int(result["blocks"].sum()),
            "words of blocks == words of turns": int(result["words_add_up"].sum()),
            "every block has a coverage row": int(result["same_blocks"].sum()),
            "transcripts with timestamps": len(timed),
            "their minutes add up to the programme": int(timed["minutes_add_up"].sum()),
            "minutes add up (all transcripts)": int(result["minutes_add_up"].sum()),
        }
        for key, value in summary.items():
            print(f"  {key:<45} {value:>8}")
        if args.against is not None:
            counts = compare(tables, args.against, reserved_ids())
            print(f"against {args.against} (reserved transcripts left out):")
            for key, value in counts.items():
                print(f"  {key:<60} {value:>8}")
        failed = result[
            ~(result["words_add_up"] & result["same_blocks"] & result["minutes_add_up"])
        ]
        for row in failed.itertuples(index=False):
            print(f"FAILED {row.transcript}: {row}", file=sys.stderr)
        return 1 if len(failed) else 0


if __name__ == "__main__":
    raise SystemExit(main())
