"""Where per-transcript work runs: in this process, a local process pool, or Dask.

Each engine maps a function over tasks and yields ``(task_id, result)`` as results arrive,
keeping at most a small window of tasks in flight, so neither inputs nor results pile up in
memory. The function and its results are the same on every engine, so the tables are too.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from typing import Any, Literal

__all__ = ["Engine", "WorkerCrash", "default_workers", "run_tasks"]

Engine = Literal["local", "dask"]
Task = tuple[Any, tuple[Any, ...], dict[str, Any]]


class WorkerCrash(Exception):
    """A worker process died while running a task (killed, out of memory, crashed)."""


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _serial(func: Callable[..., Any], tasks: Iterable[Task]) -> Iterator[tuple[Any, Any]]:
    for task_id, args, kwargs in tasks:
        yield task_id, func(*args, **kwargs)


def _exit_with_parent(parent: int, poll: float = 0.5) -> None:
    """Pool initializer: the worker exits when its parent dies without shutting the pool down
    (killed with SIGKILL or SIGTERM), instead of lingering as an orphan holding memory."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _pool(
    func: Callable[..., Any], tasks: Iterable[Task], workers: int
) -> Iterator[tuple[Any, Any]]:
    # spawn, not fork: the parent may hold Arrow or torch thread pools that fork would break
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("spawn"),
        initializer=_exit_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
        pending: dict[Future[Any], Any] = {}
        todo = iter(tasks)
        window = 2 * workers
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < window:
                try:
                    task_id, args, kwargs = next(todo)
                except StopIteration:
                    exhausted = True
                    break
                pending[pool.submit(func, *args, **kwargs)] = task_id
            if not pending:
                break
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: str(pending[f])):
                task_id = pending.pop(future)
                try:
                    yield task_id, future.result()
                except BrokenProcessPool as exc:
                    raise WorkerCrash(str(exc) or "a worker process died") from None


def _dask(
    func: Callable[..., Any],
    tasks: Iterable[Task],
    workers: int,
    scheduler: str | None,
    cluster_options: dict[str, Any] | None,
) -> Iterator[tuple[Any, Any]]:
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        options = {
            "n_workers": workers,
            "threads_per_worker": 1,
            "dashboard_address": None,
            "silence_logs": logging.ERROR,
        }
        options.update(cluster_options or {})
        cluster = LocalCluster(**options)
        client = Client(cluster)
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or workers)
        window = 2 * n_workers
        todo = iter(tasks)
        ids: dict[str, Any] = {}

        def submit() -> Any | None:
            try:
                task_id, args, kwargs = next(todo)
            except StopIteration:
                return None
            future = client.submit(func, *args, pure=False, **kwargs)
            ids[future.key] = task_id
            return future

        first = [f for f in (submit() for _ in range(window)) if f is not None]
        flow = as_completed(first)
        for future in flow:
            task_id = ids.pop(future.key)
            result = future.result()
            future.release()
            nxt = submit()
            if nxt is not None:
                flow.add(nxt)
            yield task_id, result
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run_tasks(
    func: Callable[..., Any],
    tasks: Iterable[Task],
    *,
    engine: Engine = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    cluster_options: dict[str, Any] | None = None,
    n_tasks: int | None = None,
) -> Iterator[tuple[Any, Any]]:
    """Yield ``(task_id, func(*args, **kwargs))`` for each ``(task_id, args, kwargs)``.

    ``local`` runs in this process when there is one worker or at most one task (a pool
    would only add start-up time), else on a spawn-started process pool of ``workers``
    (default: all cores). ``dask`` runs on ``scheduler`` (an address such as
    ``tcp://host:8786``) or on a new LocalCluster of ``workers`` single-threaded workers;
    ``cluster_options`` go to ``LocalCluster`` (e.g. ``{"processes": False}``).
    """
    workers = workers or default_workers()
    if engine == "dask":
        yield from _dask(func, tasks, workers, scheduler, cluster_options)
    elif engine == "local":
        if workers == 1 or (n_tasks is not None and n_tasks <= 1):
            yield from _serial(func, tasks)
        else:
            yield from _pool(func, tasks, workers)
    else:
        raise ValueError(f"unknown engine {engine!r}; choose local or dask")
