"""Small synthetic transcripts for the pipeline tests (written by the tests, never copied)."""

from __future__ import annotations

from pathlib import Path

STORIES = (
    ("storm", "The storm flooded the river towns and the dams are holding for now."),
    ("budget", "The budget vote in the Senate failed after a long night of talks."),
    ("vaccine", "The vaccine trial reported strong results in older patients this week."),
    ("wildfire", "The wildfire crossed the highway and thousands were told to leave."),
    ("election", "The election count is slow in three counties after a server outage."),
)


def transcript_text(i: int) -> str:
    """A plain transcript with two anchors' turns and a correspondent's report."""
    a_name, a_line = STORIES[i % len(STORIES)]
    b_name, b_line = STORIES[(i + 2) % len(STORIES)]
    return (
        f"ANDERSON COOPER, CNN ANCHOR: Good evening. Tonight, the {a_name}. {a_line} "
        f"It is story number {i}.\n\n"
        f"DANA BASH, CNN CORRESPONDENT: Thank you, Anderson. {a_line} People here are "
        f"tired but hopeful. We will keep watching the {a_name} overnight.\n\n"
        "COOPER: Dana, thank you. We will be right back.\n\n"
        "(COMMERCIAL BREAK)\n\n"
        f"COOPER: Welcome back. Now the {b_name}. {b_line}\n\n"
        f"JOHN KING, CNN CHIEF NATIONAL CORRESPONDENT: {b_line} Nobody expected this. "
        f"Good night from the {b_name} desk.\n"
    )


def write_corpus(folder: Path, n: int, *, start: int = 0) -> list[Path]:
    """Write ``n`` transcripts named like the corpus files; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        path = folder / f"cnn_2020-01-{i % 28 + 1:02d}_test{i}.txt"
        path.write_text(transcript_text(i), encoding="utf-8")
        paths.append(path)
    return paths
