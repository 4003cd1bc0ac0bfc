"""Command line: ``python -m analytics COMMAND PATH... [--json]``.

Each command imports what it needs when it runs, so ``parse`` starts without loading any
model. Errors about the input become one line on stderr and exit status 2; a run that
cannot be completed (a stage that fails, an output folder that cannot be written or is in
use by another run, a notebook that stops) one line and exit status 1.

Every JSON record names its input the same two ways as the tables: ``transcript`` (the id,
the file name without its suffix) and ``file`` (the path as given).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from analytics.errors import AnalyticsError
from analytics.inputs import collect_inputs, transcript_ids
from analytics.model import StoryBlock, Transcript

EXIT_BAD_INPUT = 2
EXIT_FAILED = 1


def _emit(obj: object) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _parsed(inputs: Sequence[str], failed: list[str]) -> Iterator[tuple[Path, str, Transcript]]:
    """Each input (:func:`analytics.inputs.collect_inputs`) parsed, in order, with its
    ``transcript`` id; a file that fails is reported on one line and added to ``failed``,
    and the rest go on."""
    from analytics.ingest import parse_file

    paths = collect_inputs(inputs)
    for path, name in zip(paths, transcript_ids(paths), strict=True):
        try:
            transcript = parse_file(path)
        except AnalyticsError as exc:
            print(f"error: {exc}", file=sys.stderr)
            failed.append(str(path))
            continue
        yield path, name, transcript


@dataclass(frozen=True)
class _Corpus:
    """The parsed inputs of a corpus command, each segmented on its own (as ``run`` and
    ``segment`` do): transcripts in input order, ``files`` (source -> transcript id, path)
    and ``blocks`` (source -> story blocks)."""

    transcripts: list[Transcript]
    files: dict[str, tuple[str, str]]
    blocks: dict[str, tuple[StoryBlock, ...]]


def _parsed_corpus(inputs: Sequence[str], failed: list[str], purpose: str) -> _Corpus:
    """Parse and segment every input (:func:`_parsed`); no readable transcript is an
    :class:`~analytics.errors.InputError` saying there is nothing ``purpose`` needs."""
    from analytics.errors import InputError
    from analytics.segment import segment

    transcripts, files = [], {}
    for path, name, transcript in _parsed(inputs, failed):
        transcripts.append(transcript)
        files[transcript.source] = (name, str(path))
    if not transcripts:
        raise InputError(" ".join(inputs), f"no transcript to {purpose}")
    return _Corpus(transcripts, files, {t.source: segment(t) for t in transcripts})


def _cmd_parse(args: argparse.Namespace) -> int:
    from analytics.report import transcript_to_dict

    failed: list[str] = []
    for path, name, transcript in _parsed(args.paths, failed):
        record = {"transcript": name, **transcript_to_dict(transcript), "file": str(path)}
        if args.json:
            _emit(record)
        else:
            print(
                f"{path}: {record['network']} | {record['show']} | {record['aired']} | "
                f"{len(record['turns'])} turns, {len(record['speakers'])} speakers"
            )
    return EXIT_BAD_INPUT if failed else 0


def _cmd_sentiment(args: argparse.Namespace) -> int:
    from analytics.segment import segment
    from analytics.sentiment import transcript_record

    failed: list[str] = []
    for path, name, transcript in _parsed(args.paths, failed):
        record = transcript_record(transcript, segment(transcript), seed=args.seed)
        record = {"transcript": name, **record, "file": str(path)}
        if args.json:
            _emit(record)
        else:
            print(f"{path}: {len(record['sentences'])} sentences")
            for s in record["speakers"]:
                print(
                    f"  {s['speaker']} ({s['speaker_kind']}): n={s['n_sentences']} "
                    f"mean={s['mean_compound']:+.3f} [{s['ci_low']:+.3f}, {s['ci_high']:+.3f}] "
                    f"pos={s['share_positive']:.2f} neg={s['share_negative']:.2f}"
                )
    return EXIT_BAD_INPUT if failed else 0


def _cmd_segment(args: argparse.Namespace) -> int:
    from analytics.blocks import block_records
    from analytics.segment import segment

    failed: list[str] = []
    for path, name, transcript in _parsed(args.paths, failed):
        # each file is segmented on its own: its blocks do not depend on the other files
        records = block_records(transcript, segment(transcript))
        if args.json:
            _emit({"transcript": name, "file": str(path), "blocks": records})
        else:
            print(f"{path}: {len(records)} blocks")
            for r in records:
                print(f"  {r['start_char']:>7} {r['kind']:5} {r['words']:>5}w  {r['headline']}")
    return EXIT_BAD_INPUT if failed else 0


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def _cmd_run(args: argparse.Namespace) -> int:
    from analytics.people import read_aliases
    from analytics.pipeline import RunOptions, run

    aliases = read_aliases(args.people) if args.people else ()
    options = RunOptions(
        seed=args.seed,
        backend=args.backend,
        engine=args.engine,
        workers=args.workers,
        scheduler=args.scheduler,
        debug=args.debug,
        topics=not args.no_topics,
        people=aliases,
        fit_blocks=args.fit_blocks,
    )
    summary = run(args.inputs, args.out, options)
    for row in summary.failed.itertuples(index=False):
        print(f"failed: {row.path}: {row.reason}", file=sys.stderr)
    manifest = summary.manifest
    ok = int((manifest["status"] == "ok").sum())
    print(
        f"{len(manifest)} inputs: {ok} ok, {len(manifest) - ok} failed; "
        f"{summary.computed} processed, {len(manifest) - summary.computed} from cache; "
        f"tables in {summary.out}",
        file=sys.stderr,
    )
    for stage, how in summary.stages.items():
        if not how.startswith("ran"):
            print(f"stage {stage}: {how}", file=sys.stderr)
    if summary.people.get("ambiguous"):
        print(
            f"people: {summary.people['ambiguous']} short speaker tags left unmerged "
            "(several or no candidates), listed in people_ambiguous",
            file=sys.stderr,
        )
    if summary.stage_errors:
        stages = sorted(set(summary.stage_errors.values()))
        print(
            f"error: stage {', '.join(stages)} failed on {len(summary.stage_errors)} "
            "inputs (listed above); their tables leave them out",
            file=sys.stderr,
        )
        return EXIT_FAILED
    if not ok:
        print(
            f"error: no transcript could be read from {' '.join(args.inputs)} "
            f"(see {summary.out / 'manifest.csv'})",
            file=sys.stderr,
        )
    return EXIT_BAD_INPUT if ok < len(manifest) or not len(manifest) else 0


def _cmd_topics(args: argparse.Namespace) -> int:
    from analytics.blocks import block_records
    from analytics.errors import InputError
    from analytics.topics import documents_from_transcripts, fit_topics, transcript_stop_words
    from analytics.topics.tables import summary_record

    failed: list[str] = []
    corpus = _parsed_corpus(args.paths, failed, "fit topics on")
    transcripts, files, blocks = corpus.transcripts, corpus.files, corpus.blocks
    documents = documents_from_transcripts(transcripts, blocks)
    if documents.empty:
        raise InputError(" ".join(args.paths), "no spoken text in the story blocks")
    # documents keyed by transcript id, as the tables of `run` key them
    documents["transcript"] = [files[s][0] for s in documents["transcript"]]
    documents["doc_id"] = documents["transcript"] + "#" + documents["block"].astype(str)
    result = fit_topics(
        documents,
        backend=args.backend,
        seed=args.seed,
        cache_dir=args.cache_dir or None,
        extra_stop_words=transcript_stop_words(transcripts),
        progress=True,
    )
    if args.save:
        from analytics.topics.persist import save_result

        save_result(result, args.save)
    record = summary_record(result, {name: path for name, path in files.values()})
    # each block's span and words, as `segment --json` and the blocks table give them
    spans = {
        (files[t.source][0], r["block"]): r
        for t in transcripts
        for r in block_records(t, blocks[t.source])
    }
    for assignment in record["assignments"]:
        span = spans[(assignment["transcript"], assignment["block"])]
        assignment.update({k: span[k] for k in ("start_char", "end_char", "words")})
    if args.json:
        _emit(record)
    else:
        print(f"{len(record['assignments'])} blocks, path {record['path']}, {record['backend']}")
        for topic in record["topics"]:
            print(f"  {topic['id']:>3} {topic['size']:>5}  {topic['label']}")
    return EXIT_BAD_INPUT if failed else 0


def _cmd_stories(args: argparse.Namespace) -> int:
    from analytics.stories.build import build_stories, every_block_documents
    from analytics.stories.label import listed_headlines
    from analytics.stories.names import names_table
    from analytics.stories.tables import summary_lines, summary_record
    from analytics.topics import fit_topics, transcript_stop_words

    failed: list[str] = []
    corpus = _parsed_corpus(args.paths, failed, "link stories in")
    transcripts, files, blocks = corpus.transcripts, corpus.files, corpus.blocks
    documents = every_block_documents(transcripts, blocks)
    names = names_table(transcripts, blocks)
    listed = listed_headlines(transcripts, blocks)
    extra = sorted(transcript_stop_words(transcripts))
    # documents, names and flags keyed by transcript id, as the tables of `run` key them
    rename = {source: name for source, (name, _) in files.items()}
    for frame in (documents, names, listed):
        frame["transcript"] = frame["transcript"].map(rename)
    documents["doc_id"] = documents["transcript"] + "#" + documents["block"].astype(str)
    spoken = documents[documents["text"].str.strip() != ""]
    block_topics = None
    if len(spoken):
        result = fit_topics(
            spoken,
            backend=args.backend,
            seed=args.seed,
            cache_dir=args.cache_dir or None,
            extra_stop_words=extra,
            progress=True,
        )
        block_topics = result.documents[["transcript", "block", "topic"]]
    # linked by words, names and time, as `run` links them (embeddings measured no better)
    stories = build_stories(
        documents,
        names=names,
        block_topics=block_topics,
        listed=listed,
        stop_words=extra,
        seed=args.seed,
    )
    record = summary_record(
        stories.stories, stories.block_stories, {name: path for name, path in files.values()}
    )
    if args.json:
        _emit(record)
    else:
        print("\n".join(summary_lines(stories.stories)))
    return EXIT_BAD_INPUT if failed else 0


def _cmd_notebook(args: argparse.Namespace) -> int:
    from analytics.notebooks import execute

    params: dict[str, object] = {}
    for name, value in args.parameter or []:
        params[name] = int(value) if value.lstrip("-").isdigit() else value
    execute(args.notebook, args.output, params, cwd=args.cwd)
    return 0


def _add_embedding_options(parser: argparse.ArgumentParser, backend_help: str) -> None:
    """``--backend`` and ``--cache-dir``, as the topics and stories commands take them."""
    parser.add_argument(
        "--backend", default="minilm", choices=["minilm", "tfidf"], help=backend_help
    )
    parser.add_argument(
        "--cache-dir", default=".cache/embeddings", help="embedding cache ('' = none)"
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per stage."""
    parser = argparse.ArgumentParser(prog="python -m analytics", description=__doc__)
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="parse transcripts into turns and speakers")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help="one JSON object per file, per line")
    p.set_defaults(func=_cmd_parse)

    p = sub.add_parser("sentiment", help="VADER sentiment per sentence and per speaker")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help="one JSON object per file, per line")
    p.add_argument("--seed", type=int, default=42, help="seed of the bootstrap intervals")
    p.set_defaults(func=_cmd_sentiment)

    p = sub.add_parser("segment", help="story blocks of each transcript")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help="one JSON object per file, per line")
    p.set_defaults(func=_cmd_segment)

    p = sub.add_parser("run", help="corpus -> Parquet tables, DuckDB views and a manifest")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="transcript files or folders")
    p.add_argument("--out", required=True, help="output folder for tables and cache")
    p.add_argument("--seed", type=int, default=42, help="seed of the topic model")
    p.add_argument(
        "--backend",
        default="minilm",
        choices=["minilm", "tfidf"],
        help="embedding backend of the topic model (default minilm; tfidf is faster, see README)",
    )
    p.add_argument("--engine", default="local", choices=["local", "dask"])
    p.add_argument("--scheduler", default=None, help="Dask scheduler address (tcp://host:port)")
    p.add_argument(
        "--workers", type=int, default=None, help="parallel workers (default: all cores)"
    )
    p.add_argument("--no-topics", action="store_true", help="skip the topic model (recorded)")
    p.add_argument(
        "--people",
        default=None,
        metavar="FILE",
        help="CSV of person aliases (tag,where,name) that wins over inference",
    )
    p.add_argument(
        "--fit-blocks",
        type=_positive,
        default=None,
        metavar="N",
        help="embed and fit at most N distinct blocks, place the others by their words "
        "(default 600; the cost of the topic stage stops growing there)",
    )
    p.set_defaults(func=_cmd_run)

    p = sub.add_parser("topics", help="BERTopic topics over the story blocks of the files")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help="one JSON object: topics, assignments")
    p.add_argument("--seed", type=int, default=42, help="seed of UMAP, sampling and TF-IDF")
    _add_embedding_options(p, "embedding backend (default minilm; tfidf is faster, see README)")
    p.add_argument("--save", default=None, metavar="DIR", help="save the model (safetensors)")
    p.set_defaults(func=_cmd_topics)

    p = sub.add_parser("stories", help="story blocks linked into news stories across files")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help="one JSON object: stories, assignments")
    p.add_argument("--seed", type=int, default=42, help="seed of the topic model")
    _add_embedding_options(p, "embedding backend of the topics the stories take (default minilm)")
    p.set_defaults(func=_cmd_stories)

    p = sub.add_parser("notebook", help="execute one notebook with papermill, offline")
    p.add_argument("notebook", help="the .ipynb to run")
    p.add_argument("output", help="where the executed copy goes")
    p.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        metavar=("NAME", "VALUE"),
        help="a value for the notebook's parameters cell (repeatable)",
    )
    p.add_argument("--cwd", default=".", help="working folder of the kernel")
    p.set_defaults(func=_cmd_notebook)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except AnalyticsError as exc:
        if args.debug:
            raise
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_status
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
