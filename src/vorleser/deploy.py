"""Copy a built site into a deploy folder: changed files only, the feed last, stale files after.

Podcast apps poll the feed, so it must never name an MP3 that is not there yet: every other
file is copied first (each atomically), then feed.xml, and only then are files removed that
the site no longer has. Removal is limited to files an earlier deploy put there (a manifest in
the deploy folder remembers them), so whatever else lives in that folder is never touched.
"""

from __future__ import annotations

import filecmp
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from vorleser import atomic
from vorleser.errors import PublishError
from vorleser.publish import layout

MANIFEST = ".vorleser-deployed.json"
"""The deploy folder's list of files vorleser put there."""


@dataclass(frozen=True)
class DeployReport:
    """What a deploy changed."""

    copied: tuple[str, ...]
    """Files written, relative, in the order they were written (the feed last)."""
    removed: tuple[str, ...]
    """Files removed because the site no longer has them."""
    unchanged: int
    """Files already up to date."""

    def summary(self) -> str:
        """One line for the sync log."""
        return (
            f"{len(self.copied)} files copied, {len(self.removed)} removed, "
            f"{self.unchanged} unchanged"
        )


def deploy(site: Path, target: Path) -> DeployReport:
    """Make `target` hold what `site` holds; PublishError names the file that failed."""
    if not (site / layout.FEED).is_file():
        raise PublishError(str(site), "no built feed here; the build did not finish")
    files = sorted(
        str(p.relative_to(site))
        for p in site.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    )
    order = [f for f in files if f != layout.FEED] + [layout.FEED]
    copied: list[str] = []
    unchanged = 0
    for name in order:
        src, dest = site / name, target / name
        try:
            if dest.is_file() and filecmp.cmp(src, dest, shallow=False):
                unchanged += 1
                continue
            tmp = atomic.temp_path_for(dest)
            shutil.copyfile(src, tmp)
            tmp.replace(dest)
        except OSError as exc:
            raise PublishError(str(dest), f"cannot copy: {exc.strerror or exc}") from exc
        copied.append(name)
    before = _manifest(target)
    removed = sorted(set(before) - set(files))
    for name in removed:
        (target / name).unlink(missing_ok=True)
    atomic.write_text(target / MANIFEST, json.dumps(files, indent=0) + "\n")
    return DeployReport(tuple(copied), tuple(removed), unchanged)


def _manifest(target: Path) -> list[str]:
    try:
        names = json.loads((target / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return []
    return [str(n) for n in names if isinstance(n, str) and ".." not in Path(n).parts]
