"""A plain `pip install .` must serve pages: the wheel carries the templates and the static assets."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_contains_code_templates_static_and_migrations(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("catalogue-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "catalogue/templates/layout.html",
        "catalogue/templates/search.html",
        "catalogue/templates/asset.html",
        "catalogue/static/govuk/LICENCE.txt",
        "catalogue/static/catalogue.css",
        "catalogue/migrations/env.py",
        "catalogue/migrations/versions/0001_initial_schema.py",
        "search/backend.py",
        "harvesters/base.py",
    }
    assert expected <= names, sorted(expected - names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "catalogue = catalogue.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
