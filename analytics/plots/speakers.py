"""Words spoken per speaker: one horizontal bar per speaker, coloured by speaker kind."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from analytics.plots._common import bar_height, empty_message, new_axes, require, shorten
from analytics.plots.style import KIND_COLOURS, NEUTRAL, style


def speaker_words(
    turns: pd.DataFrame, *, top: int = 20, who: str = "speaker", label: str | None = None
) -> pd.DataFrame:
    """Words per speaker (most first), the rest folded into one "Other" row.

    Turns are grouped by the ``who`` column (``"person"`` counts a person once across
    transcripts, see :mod:`analytics.people`) and named by ``label`` (default: ``who``;
    ``"person_name"`` with ``who="person"``). Columns: speaker (the label), speaker_kind
    (the kind of most of the speaker's words, or ``None``), words, turns. Ties are broken
    by name so the order repeats.
    """
    label = label or who
    require(turns, list(dict.fromkeys([who, label, "words"])), "words per speaker")
    frame = turns.copy()
    if "speaker_kind" not in frame.columns:
        frame["speaker_kind"] = None
    frame["speaker_kind"] = (
        frame["speaker_kind"].astype(object).where(frame["speaker_kind"].notna(), None)
    )
    per = (
        frame.groupby(who, sort=True, dropna=False)
        .agg(words=("words", "sum"), turns=("words", "size"))
        .reset_index()
    )
    kinds = (
        frame.dropna(subset=["speaker_kind"])
        .groupby([who, "speaker_kind"], sort=True)["words"]
        .sum()
        .reset_index()
        .sort_values([who, "words", "speaker_kind"], ascending=[True, False, True])
        .drop_duplicates(who)
        .set_index(who)["speaker_kind"]
    )
    per["speaker_kind"] = per[who].map(kinds).astype(object)
    per["speaker_kind"] = per["speaker_kind"].where(per["speaker_kind"].notna(), None)
    if label != who:
        names = frame.drop_duplicates(who).set_index(who)[label]
        per[who] = per[who].map(names)
    per = per.rename(columns={who: "speaker"})
    per = per.sort_values(["words", "speaker"], ascending=[False, True]).reset_index(drop=True)
    if len(per) > top:
        rest = per.iloc[top:]
        other = pd.DataFrame(
            {
                "speaker": [f"Other ({len(rest)} speakers)"],
                "words": [int(rest["words"].sum())],
                "turns": [int(rest["turns"].sum())],
                "speaker_kind": [None],
            }
        )
        per = pd.concat([per.iloc[:top], other], ignore_index=True)
    return per[["speaker", "speaker_kind", "words", "turns"]]


def words_per_speaker(
    turns: pd.DataFrame,
    ax: Axes | None = None,
    *,
    top: int = 20,
    title: str | None = None,
    who: str = "speaker",
    label: str | None = None,
) -> Figure:
    """Horizontal bars of words spoken per speaker, most talkative at the top.

    ``turns`` needs columns ``who`` (default speaker; ``"person"`` with
    ``label="person_name"`` counts each person once across transcripts) and words (one
    row per turn); speaker_kind, when present, colours the bars. Speakers beyond ``top``
    are summed into one grey "Other" bar.
    """
    per = speaker_words(turns, top=top, who=who, label=label)
    with style():
        fig, ax = new_axes(ax, (7.0, bar_height(len(per))))
        ax.set_title(title or "Words spoken per speaker")
        if per.empty:
            empty_message(ax, "no turns")
            return fig
        labels = [shorten(s, 32) for s in per["speaker"]]
        colours = [KIND_COLOURS.get(k, NEUTRAL) if k else NEUTRAL for k in per["speaker_kind"]]
        y = range(len(per))
        ax.barh(list(y), per["words"], color=colours, height=0.7)
        ax.set_yticks(list(y), labels)
        ax.invert_yaxis()
        ax.grid(axis="y", visible=False)
        ax.set_xlabel("Words spoken (count)")
        ax.set_ylabel("Person" if who == "person" else "Speaker")
        total = per["words"].sum()
        for i, words in enumerate(per["words"]):
            share = words / total if total else 0.0
            ax.annotate(
                f"{int(words):,} ({share:.0%})",
                (words, i),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=7,
                color="#333333",
            )
        ax.margins(x=0.15)
        present = [k for k in KIND_COLOURS if k in set(per["speaker_kind"].dropna())]
        if present:
            handles = [Patch(color=KIND_COLOURS[k], label=k) for k in present]
            ax.legend(handles=handles, title="Speaker kind", loc="lower right")
    return fig
