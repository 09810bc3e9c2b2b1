"""Static full-text search: a Pagefind index over the episode pages, built at build time.

Pagefind (the `pagefind[bin]` package from PyPI, a self-contained binary) reads the written
pages and writes OUT/pagefind/: a WebAssembly search engine and index fragments that the
search page loads on demand, so search needs no server of ours. Only the parts of a page
marked data-pagefind-body are indexed: the article's text and its transcript, so a word that
only the speech says is found too. The index is built in a temporary folder and swapped in
whole, so an interrupted build never leaves half an index. The digest of the pages it was
built from is kept beside it (INPUTS): a build whose pages are unchanged keeps the index
rather than running Pagefind again (about 0.2 s).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from pathlib import Path

from vorleser.errors import PublishError
from vorleser.publish import layout

#: Pagefind's own search interfaces; the search page has its own (static/search.js), so these
#: 420 kB are not published.
_UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)


def pagefind_binary() -> Path | None:
    """The Pagefind binary shipped by the pagefind_bin wheel, or None when it is not installed."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        return None
    try:
        return Path(get_executable())
    except FileNotFoundError:
        return None


INPUTS = "inputs.sha256"
"""In the index folder: the digest of the pages, language and Pagefind it was built from."""


def _inputs(out_dir: Path, language: str, binary: Path) -> str:
    digest = hashlib.sha256(f"{language}\0{binary}\0{binary.stat().st_size}\0".encode())
    for page in sorted(out_dir.glob("**/index.html")):
        if layout.SEARCH_DIR not in page.relative_to(out_dir).parts:
            digest.update(str(page.relative_to(out_dir)).encode() + b"\0" + page.read_bytes())
    return digest.hexdigest()


def _empty(path: Path) -> bool:
    return path.is_file() and path.stat().st_size == 0


def build_index(out_dir: Path, language: str) -> None:
    """Index the pages under `out_dir` into out_dir/pagefind; PublishError when Pagefind fails."""
    binary = pagefind_binary()
    target = out_dir / layout.SEARCH_DIR
    if binary is None:
        raise PublishError(
            str(target),
            "search needs Pagefind: pip install 'pagefind[bin]' (or site.search = false)",
        )
    try:
        inputs = _inputs(out_dir, language, binary)
    except OSError:
        inputs = ""  # a page that cannot be read: Pagefind will say which
    try:
        if inputs and (target / INPUTS).read_text("ascii").strip() == inputs:
            return
    except (OSError, ValueError):
        pass  # no index yet, or it cannot tell what it was built from: build it
    with tempfile.TemporaryDirectory(prefix=".pagefind-", dir=out_dir) as tmp:
        command = [
            str(binary),
            "--site",
            str(out_dir),
            "--output-path",
            str(Path(tmp) / "index"),
            "--force-language",
            language,
            "--glob",
            "**/index.html",
            "--quiet",
        ]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=600)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PublishError(str(target), f"Pagefind did not run: {exc}") from exc
        if result.returncode != 0:
            detail = (result.stderr or result.stdout).strip().splitlines()
            raise PublishError(str(target), "Pagefind failed: " + (detail[-1] if detail else "?"))
        for name in _UNUSED:
            (Path(tmp) / "index" / name).unlink(missing_ok=True)
        empty = [p.name for p in sorted((Path(tmp) / "index").rglob("*")) if _empty(p)]
        if empty:  # Pagefind exits 0 even when a full disk left its files empty
            raise PublishError(str(target), f"Pagefind wrote empty files ({', '.join(empty[:3])})")
        if inputs:
            (Path(tmp) / "index" / INPUTS).write_text(inputs + "\n", "ascii")
        old = Path(tmp) / "old"
        if target.exists():
            target.rename(old)
        (Path(tmp) / "index").rename(target)
        shutil.rmtree(old, ignore_errors=True)
