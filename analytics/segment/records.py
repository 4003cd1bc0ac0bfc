"""Story blocks as plain records (the ``segment --json`` objects).

What a block owns (its turns' words and sentences) is defined once, in
:mod:`analytics.blocks`; this module only re-exports its record builder.
"""

from __future__ import annotations

from analytics.blocks import block_records

__all__ = ["block_records"]
