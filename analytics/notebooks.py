"""Execute a notebook with papermill, its kernel reached over Unix sockets, not TCP.

Jupyter kernels listen on TCP ports of 127.0.0.1 by default; on a machine (or a namespace)
with no network, not even loopback, the kernel never answers. The IPC transport puts the
kernel's sockets in a temporary folder instead, so notebooks run fully offline.

Once a notebook has run, its kernel is shut down without the interrupt (SIGINT) that
jupyter_client sends first to stop a running cell: no cell is running then, and the kernel
would log "KeyboardInterrupt caught in kernel" as an error into a successful run's output.
The shutdown request, then SIGTERM and SIGKILL if it lingers, still follow.

The kernel is the interpreter running this code (ipykernel's own kernel spec for
``sys.executable``), whatever "python3" kernel specs the machine has installed: a spec left
pointing at a moved or deleted environment cannot break the run.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path

from analytics.errors import NotebookError


def _quiet_kernel_manager() -> type:
    """An ``AsyncKernelManager`` running this interpreter's kernel, which it does not
    interrupt while shutting it down."""
    from ipykernel.kernelspec import get_kernel_dict
    from jupyter_client.kernelspec import KernelSpec
    from jupyter_client.manager import AsyncKernelManager

    class QuietShutdownKernelManager(AsyncKernelManager):
        @property
        def kernel_spec(self) -> KernelSpec:
            return KernelSpec(**get_kernel_dict())

        async def _async_interrupt_kernel(self) -> None:
            if self.shutting_down:
                return
            await super()._async_interrupt_kernel()

    return QuietShutdownKernelManager


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
                kernel_manager_class=_quiet_kernel_manager(),
            )
        except PapermillExecutionError as exc:
            reason = f"{exc.ename}: {exc.evalue}".splitlines()[0]
            raise NotebookError(str(notebook), reason) from None
