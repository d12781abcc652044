"""Layer 1 for the search's own scripts: node's test runner over tests/js/ (query rules, engine)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import ROOT


def test_search_scripts_pass_their_unit_tests():
    node = shutil.which("node")
    if node is None:
        pytest.fail("node not found: `make test` installs Debian's nodejs package")
    result = subprocess.run([node, "--test", "tests/js/"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    summary = [line for line in result.stdout.splitlines() if line.startswith(("# pass", "# fail", "not ok"))]
    assert result.returncode == 0, "\n".join(summary) + "\n" + result.stdout[-4000:] + result.stderr[-2000:]
    assert "# pass 0" not in result.stdout, "no search script test ran"
