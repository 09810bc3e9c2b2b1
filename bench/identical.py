"""Build the example project with an older commit and with this tree; print whether every output
file is byte-identical.

    python bench/identical.py [BASE]        # BASE defaults to main

Each side builds a fresh copy of examples/ (so no state or cache is shared) in its own process
with one worker (see main()), the base from `git archive BASE`, this side from the working
tree. Every file under the output folder and the project's .vorleser/ state is compared by
sha256; the script exits 1 on any difference and names the files. Refactorings that must not
change behaviour cite its output.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_FIRST_SEEN = '{\n "ungarn-energie": "2026-11-01T06:00:00+00:00"\n}\n'

_BUILD = (
    "import sys; from pathlib import Path; from vorleser.build import build; "
    "r = build(Path(sys.argv[1]), Path(sys.argv[2]), jobs=int(sys.argv[3])); "
    "print(r.summary()); sys.exit(1 if r.failures else 0)"
)


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _build(src: Path, work: Path, jobs: int) -> dict[str, str]:
    project = work / "project"
    shutil.copytree(ROOT / "examples", project)
    # the undated article would otherwise be dated by the clock
    (project / ".vorleser").mkdir(exist_ok=True)
    (project / ".vorleser" / "first-seen.json").write_text(_FIRST_SEEN, "utf-8")
    site = work / "site"
    env = {**os.environ, "PYTHONPATH": str(src)}
    run = subprocess.run(
        [sys.executable, "-c", _BUILD, str(project), str(site), str(jobs)],
        env=env,
        capture_output=True,
        text=True,
    )
    if run.returncode:
        sys.exit(f"build with {src} failed:\n{run.stdout}{run.stderr}")
    print(f"  {src.parent.name}: {run.stdout.strip()}")
    state = {f".vorleser/{k}": v for k, v in _digests(project / ".vorleser").items()}
    return {**_digests(site), **state}


def main() -> int:
    base = sys.argv[1] if len(sys.argv) > 1 else "main"
    differ = 0
    with tempfile.TemporaryDirectory() as tmp:
        tmp = os.environ.get("KEEP") or tmp
        old = Path(tmp) / "base"
        old.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", base, "src"], check=True, capture_output=True
        ).stdout
        archive_path = Path(tmp) / "base.tar"
        archive_path.write_bytes(archive)
        with tarfile.open(archive_path) as tar:
            tar.extractall(old, filter="data")
        # One worker: espeak-ng's output for a sentence depends on what the same process spoke
        # before it, so with several workers even two builds of one commit can differ.
        for jobs in (1,):
            print(f"jobs={jobs}:")
            before = _build(old / "src", Path(tmp) / f"before-{jobs}", jobs)
            after = _build(ROOT / "src", Path(tmp) / f"after-{jobs}", jobs)
            names = sorted(set(before) | set(after))
            changed = [n for n in names if before.get(n) != after.get(n)]
            for name in changed:
                print(f"  differs: {name}")
            print(f"  {len(names) - len(changed)} of {len(names)} files identical to {base}")
            differ += len(changed)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
