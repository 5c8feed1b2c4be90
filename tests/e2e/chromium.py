"""Debian's Chromium for the browser tests, installed with apt the first time (as the graphql-http
audit installs its npm packages with `npm ci`): CI runs on a fresh machine as root. Nothing else
is downloaded: Playwright drives this Chromium, never a browser build of its own.

Run `python -m tests.e2e.chromium` to install it by hand.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
APT_TIMEOUT = 1200  # seconds: a fresh machine downloads Chromium and its libraries once


class ChromiumUnavailable(Exception):
    """Chromium is missing and cannot be installed here (the message says why)."""


def _apt(*args: str) -> None:
    done = subprocess.run(
        ["apt-get", *args],
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        capture_output=True,
        text=True,
        timeout=APT_TIMEOUT,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    if done.returncode != 0:
        raise ChromiumUnavailable(
            f"apt-get {' '.join(args)} failed ({done.returncode}):\n"
            f"{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        )


def ensure_chromium() -> Path:
    """The path of Debian's Chromium, installed with apt-get when missing (root only)."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    if shutil.which("apt-get") is None:
        raise ChromiumUnavailable(f"{CHROMIUM} is missing and this machine has no apt-get to install it")
    if os.geteuid() != 0:
        raise ChromiumUnavailable(f"{CHROMIUM} is missing: `sudo apt-get install -y chromium` installs it")
    _apt("update")
    _apt("install", "-y", "--no-install-recommends", "chromium")
    if not CHROMIUM.is_file():
        raise ChromiumUnavailable(f"apt-get installed chromium but {CHROMIUM} is not there")
    return CHROMIUM


if __name__ == "__main__":
    print(ensure_chromium())
    sys.exit(0)
