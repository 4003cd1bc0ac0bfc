"""Execute a notebook with papermill, its kernel reached over Unix sockets, not TCP.

Jupyter kernels listen on TCP ports of 127.0.0.1 by default; on a machine (or a namespace)
with no network, not even loopback, the kernel never answers. The IPC transport puts the
kernel's sockets in a temporary folder instead, so notebooks run fully offline.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path

from analytics.errors import NotebookError


def execute(
    notebook: str | Path,
    output: str | Path,
    parameters: Mapping[str, object],
    *,
    cwd: str | Path = ".",
    timeout: int | None = None,
) -> None:
    """Run ``notebook`` with ``parameters`` (its papermill ``parameters`` cell), writing
    the executed copy to ``output``.

    A cell that raises stops the notebook with :class:`NotebookError`: one line naming the
    notebook and the error (the executed copy at ``output`` shows the traceback).
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError
    from traitlets.config import Config

    Path(output).parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="analytics-kernel-") as sockets:
        config = Config(
            {"KernelManager": {"transport": "ipc", "ip": str(Path(sockets) / "kernel")}}
        )
        try:
            papermill.execute_notebook(
                str(notebook),
                str(output),
                parameters=dict(parameters),
                cwd=str(cwd),
                progress_bar=False,
                log_output=False,
                kernel_name="python3",
                execution_timeout=timeout,
                config=config,
            )
        except PapermillExecutionError as exc:
            reason = f"{exc.ename}: {exc.evalue}".splitlines()[0]
            raise NotebookError(str(notebook), reason) from None
