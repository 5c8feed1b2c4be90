"""npm packages for the Node-run e2e tests, pinned by a package-lock.json beside their script and
installed with `npm ci` the first time (from the npm registry; npm's cache serves later installs)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path


def pinned_version(folder: Path, package: str) -> str:
    lock = json.loads((folder / "package-lock.json").read_text(encoding="utf-8"))
    version: str = lock["packages"][f"node_modules/{package}"]["version"]
    return version


def installed_version(folder: Path, package: str) -> str | None:
    manifest = folder / "node_modules" / package / "package.json"
    if not manifest.is_file():
        return None
    version: str = json.loads(manifest.read_text(encoding="utf-8"))["version"]
    return version


def ensure_packages(folder: Path, *packages: str) -> None:
    """`npm ci` in `folder` when node_modules is missing or holds other versions than the lock pins."""
    if all(installed_version(folder, p) == pinned_version(folder, p) for p in packages):
        return
    npm = shutil.which("npm")
    assert npm is not None, f"node is installed but npm is not: cannot install {', '.join(packages)}"
    done = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--prefer-offline"],
        cwd=folder,
        # No package here downloads a browser of its own; this says so to any that might.
        env={**os.environ, "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"npm ci failed in {folder}:\n{done.stdout}\n{done.stderr}"
