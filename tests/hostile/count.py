"""Print the hostile corpus's counts: inputs tried, handled, and property tests.

    python tests/hostile/count.py

Runs the corpus (tests/hostile) with pytest and counts its test cases from the JUnit report:
every parametrized case is one hostile input or situation; "handled" are those that end as
the case says (passed); skipped ones (no tmpfs, no Chromium) are listed with their reason.
Property tests (test_property_*) are counted apart, with the examples hypothesis tried.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLES_PER_PROPERTY = 150
"""max_examples in test_hostile_properties.py."""


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "junit.xml"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                str(HERE),
                f"--junitxml={report}",
                "-o",
                "addopts=",
            ],
            cwd=HERE.parent.parent,
            check=False,
        )
        cases = ET.parse(report).getroot().iter("testcase")
        tried = handled = properties = properties_ok = 0
        skipped: list[str] = []
        failed: list[str] = []
        for case in cases:
            name = case.get("name", "")
            outcome = (
                "skipped"
                if case.find("skipped") is not None
                else "failed"
                if case.find("failure") is not None or case.find("error") is not None
                else "passed"
            )
            if name.startswith("test_property_"):
                properties += 1
                properties_ok += outcome == "passed"
                continue
            tried += 1
            handled += outcome == "passed"
            if outcome == "skipped":
                skipped.append(name)
            elif outcome == "failed":
                failed.append(name)
    print(f"inputs tried: {tried}")
    print(f"handled:      {handled}")
    print(f"skipped:      {len(skipped)}" + (f" ({', '.join(skipped)})" if skipped else ""))
    print(f"failed:       {len(failed)}" + (f" ({', '.join(failed)})" if failed else ""))
    print(
        f"properties:   {properties} ({properties_ok} hold, "
        f"{properties * EXAMPLES_PER_PROPERTY} generated examples)"
    )
    return 0 if not failed and properties_ok == properties else 1


if __name__ == "__main__":
    raise SystemExit(main())
