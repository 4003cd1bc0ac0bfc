"""``python -m analytics``: see :mod:`analytics.cli`."""

from analytics.cli import main

raise SystemExit(main())
