"""Vendor GraphiQL into the package: the exact files the /graphql page loads, from the npm registry.

    python3 tools/vendor_graphiql.py            # (re)writes api/static/graphiql/vendor/
    python3 tools/vendor_graphiql.py --check    # exit 1 when the vendored files differ from npm's

The page (api/graphiql.py) loads React, ReactDOM, GraphiQL and its explorer plugin from files
shipped in the Python package, so a server that cannot reach the internet still shows GraphiQL.
This script is the only thing that talks to the npm registry, and only when a developer runs it:
`npm pack NAME@VERSION` fetches each pinned tarball (npm checks it against the registry's
integrity hash), the listed files and the package's licence are copied out unchanged, and
`manifest.json` records, for each file, the Subresource Integrity hash (sha384) that the page puts
in its `integrity` attributes and that the server checks at start.

To move to other versions: edit PACKAGES, run the script, commit what changed, and check the page
(tests/e2e/test_graphiql_browser.py runs the default query through the UI in headless Chromium).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "api" / "static" / "graphiql" / "vendor"
MANIFEST = VENDOR / "manifest.json"


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    files: tuple[str, ...]  # paths inside the package, in the order the page loads them
    licence: str | None = "LICENSE"  # the package's licence file; None: it ships none
    licence_from: str | None = None  # "name@version" whose licence covers it (same repository)
    why: str = ""


# The versions Strawberry's own GraphiQL page pinned (strawberry/static/graphiql.html), which this
# page replaces; the UMD builds run without a bundler. The order is the load order.
PACKAGES = (
    Package("react", "18.2.0", ("umd/react.production.min.js",), why="GraphiQL renders with React"),
    Package("react-dom", "18.2.0", ("umd/react-dom.production.min.js",), why="React's DOM renderer"),
    Package("graphiql", "3.8.3", ("graphiql.min.css", "graphiql.min.js"), why="the IDE itself"),
    Package(
        "@graphiql/plugin-explorer",
        "1.0.2",
        ("dist/style.css", "dist/index.umd.js"),
        licence=None,
        licence_from="graphiql@3.8.3",
        why="the query builder panel; ships no licence file: MIT per its package.json, from the "
        "graphql/graphiql repository, whose licence graphiql carries",
    ),
    Package(
        "graphiql-explorer",
        "0.9.0",
        (),
        why="bundled inside @graphiql/plugin-explorer's index.umd.js; vendored for its licence only",
    ),
)

CONTENT_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


def sri(data: bytes) -> str:
    """A Subresource Integrity value: sha384, base64."""
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode("ascii")


def npm_pack(spec: str, into: Path) -> tuple[Path, str]:
    """Fetch NAME@VERSION's tarball with npm; (the tarball, npm's integrity of it)."""
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm is not installed: it fetches the packages from the npm registry")
    done = subprocess.run(
        [npm, "pack", spec, "--json", "--pack-destination", str(into)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if done.returncode != 0:
        sys.exit(f"npm pack {spec} failed:\n{done.stderr}")
    info = json.loads(done.stdout)[0]
    return into / info["filename"], info["integrity"]


def read_member(tarball: Path, path: str) -> bytes:
    with tarfile.open(tarball, "r:gz") as tar:
        member = tar.extractfile(f"package/{path}")
        if member is None:
            sys.exit(f"{tarball.name}: no file package/{path}")
        return member.read()


def vendor(into: Path) -> dict[str, object]:
    """Write every package's files and licence under `into`; return the manifest."""
    packages: list[dict[str, object]] = []
    assets: list[dict[str, str]] = []
    licences: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for package in PACKAGES:
            spec = f"{package.name}@{package.version}"
            tarball, tarball_integrity = npm_pack(spec, Path(tmp))
            folder = into / spec
            licence_text = read_member(tarball, package.licence) if package.licence else None
            if licence_text is None:
                assert package.licence_from is not None, f"{spec}: no licence and no licence_from"
                note = (
                    f"{spec} ships no licence file; its package.json declares MIT and it is developed in "
                    f"the same repository as {package.licence_from}, whose licence follows.\n\n"
                ).encode()
                licence_text = note + licences[package.licence_from]
            licences[spec] = licence_text
            (folder / "LICENSE").parent.mkdir(parents=True, exist_ok=True)
            (folder / "LICENSE").write_bytes(licence_text)
            for path in package.files:
                data = read_member(tarball, path)
                target = folder / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                assets.append(
                    {
                        "path": f"{spec}/{path}",
                        "integrity": sri(data),
                        "content_type": CONTENT_TYPES[target.suffix],
                    }
                )
            packages.append(
                {
                    "name": package.name,
                    "version": package.version,
                    "tarball_integrity": tarball_integrity,
                    "licence": f"{spec}/LICENSE",
                    "why": package.why,
                }
            )
    return {
        "generated_by": "tools/vendor_graphiql.py",
        "packages": packages,
        "assets": assets,
    }


def write_manifest(manifest: dict[str, object], into: Path) -> None:
    (into / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="compare with npm instead of writing")
    args = parser.parse_args()
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp)
            write_manifest(vendor(fresh), fresh)
            want, have = files_of(fresh), files_of(VENDOR) if VENDOR.is_dir() else {}
            differ = sorted(p for p in set(want) | set(have) if want.get(p) != have.get(p))
        for path in differ:
            print(f"differs from npm: {path}")
        print("vendored GraphiQL matches npm" if not differ else f"{len(differ)} file(s) differ")
        return 1 if differ else 0
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    VENDOR.mkdir(parents=True)
    manifest = vendor(VENDOR)
    write_manifest(manifest, VENDOR)
    total = sum(len(b) for b in files_of(VENDOR).values())
    print(f"wrote {len(files_of(VENDOR))} files ({total} bytes) to {VENDOR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
