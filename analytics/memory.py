"""Hand the memory a step freed back to the system.

Python and Arrow keep freed memory for reuse, and glibc keeps freed heap pages resident
until told to trim them: after a step that made many short-lived objects (tokenising a
corpus's texts), the next step's peak would stack on that step's leftovers.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc

import pyarrow as pa

__all__ = ["release_memory"]


def release_memory() -> None:
    """Collect Python's cycles, release Arrow's unused pool memory and trim the C heap
    (glibc only; elsewhere nothing to trim)."""
    gc.collect()
    pa.default_memory_pool().release_unused()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)
