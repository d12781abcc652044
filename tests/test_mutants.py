"""The deliberate breakages of `make mutants` stay usable: every patch still applies to the code as
it is now and names tests that exist, so a change to the code cannot quietly retire one."""

from __future__ import annotations

import shlex
import subprocess

import pytest

from conftest import ROOT
from guide.tools.mutants import header   # guide/tools/mutants.py: what `make mutants` reads

MUTANTS = sorted((ROOT / "tests" / "mutants").glob("*.patch"))


def test_there_are_breakages_to_catch():
    assert len(MUTANTS) >= 20, [p.name for p in MUTANTS]


@pytest.mark.parametrize("patch", MUTANTS, ids=[p.stem for p in MUTANTS])
def test_each_breakage_still_applies_and_names_existing_tests(patch):
    fields = header(patch)      # stops, naming the patch, without a '# what:' or '# tests:' line
    checked = subprocess.run(["git", "apply", "--check", str(patch)], cwd=ROOT,
                             capture_output=True, text=True)
    assert checked.returncode == 0, f"{patch.name} no longer applies: {checked.stderr.strip()}"
    for word in shlex.split(fields["tests"]):
        if word.startswith("tests/"):
            assert (ROOT / word.split("::")[0]).is_file(), f"{patch.name} names {word}, which does not exist"
