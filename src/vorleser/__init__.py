"""vorleser: turn written articles into audio editions, a podcast feed and player pages."""

from __future__ import annotations

__version__ = "0.1.0"
