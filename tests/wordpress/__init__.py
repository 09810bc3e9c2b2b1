"""A real WordPress (Debian's package) on 127.0.0.1 for the importer's tests; see site.py."""
