"""Deliberate breakages the suite must catch: each patch under tests/mutants/ is applied, one at a
time, to a scratch copy of the project, and the tests it names are run there; they must fail.

Usage: python -m guide.tools.mutants [NAME ...]     (default: every tests/mutants/*.patch)

A patch starts with comment lines before its diff:
    # what: the breakage, in words
    # tests: the pytest arguments that must fail (files, -k expressions)
    # clock: optional, a faketime offset such as +40d: the tests run that far after the commit
Prints a table; exits 1 if any breakage survives (its tests passed) or a patch no longer applies.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from guide.common import ROOT

MUTANTS = ROOT / "tests" / "mutants"
# Not copied into the scratch project: outputs, caches and the virtual environment (the scratch
# project runs with this one's Python).
SKIP = {".venv", "site", "build", "dist", ".pytest_cache", "__pycache__"}


def header(patch: Path) -> dict[str, str]:
    fields = {}
    for line in patch.read_text(encoding="utf-8").splitlines():
        if line.startswith("diff --git"):
            break
        if line.startswith("# ") and ":" in line:
            key, _, value = line[2:].partition(":")
            fields[key.strip()] = value.strip()
    for key in ("what", "tests"):
        if key not in fields:
            raise SystemExit(f"{patch}: no '# {key}:' line before the diff")
    return fields


def scratch_copy(base: Path) -> Path:
    project = base / "project"
    shutil.copytree(ROOT, project, ignore=lambda folder, names: [n for n in names if n in SKIP])
    return project


def run_mutant(patch: Path, base: Path) -> tuple[str, str, float]:
    """('caught' | 'SURVIVED' | 'NO LONGER APPLIES', detail, seconds)."""
    fields = header(patch)
    project = scratch_copy(base)
    applied = subprocess.run(["git", "apply", str(patch)], cwd=project, capture_output=True, text=True)
    if applied.returncode != 0:
        return "NO LONGER APPLIES", applied.stderr.strip().splitlines()[0], 0.0
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *shlex.split(fields["tests"])]
    if fields.get("clock"):
        faketime = shutil.which("faketime")
        if faketime is None:
            raise SystemExit("faketime not found: install Debian's faketime package (make test does)")
        command = [faketime, "-f", fields["clock"], *command]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    start = time.monotonic()
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, env=env, timeout=1800)
    seconds = time.monotonic() - start
    lines = [line for line in result.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    if result.returncode == 0:
        return "SURVIVED", result.stdout.strip().splitlines()[-1], seconds
    if result.returncode not in (1,):   # 1: tests failed; anything else: pytest itself broke
        return "SURVIVED", f"pytest exited {result.returncode}, not a test failure: " + \
            (result.stdout + result.stderr).strip().splitlines()[-1], seconds
    return "caught", (lines[0] if lines else result.stdout.strip().splitlines()[-1])[:110], seconds


def main(argv: list[str]) -> int:
    patches = sorted(MUTANTS.glob("*.patch"))
    if argv:
        patches = [p for p in patches if p.stem in argv]
        if len(patches) != len(argv):
            raise SystemExit(f"unknown mutants; known: {', '.join(p.stem for p in sorted(MUTANTS.glob('*.patch')))}")
    rows = []
    for patch in patches:
        with tempfile.TemporaryDirectory(prefix="guide-mutant-") as base:
            verdict, detail, seconds = run_mutant(patch, Path(base))
        rows.append((patch.stem, header(patch)["what"], verdict, seconds, detail))
        print(f"{patch.stem}: {verdict} ({seconds:.0f} s)", file=sys.stderr, flush=True)
    print("| breakage | what it does | verdict | s | first failing test |")
    print("|---|---|---|---|---|")
    for name, what, verdict, seconds, detail in rows:
        print(f"| {name} | {what} | {verdict} | {seconds:.0f} | {detail.replace('|', '/')} |")
    survived = [row[0] for row in rows if row[2] != "caught"]
    if survived:
        print(f"\n{len(survived)} breakage(s) not caught: {', '.join(survived)}", file=sys.stderr)
        return 1
    print(f"\nAll {len(rows)} breakages caught.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
