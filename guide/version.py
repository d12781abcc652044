"""The guide's edition: the date and short id of the last commit, and the build's one date.

Every copy says which edition it is (the footer, the PDF, the offline and one-file editions,
the archives' names): "2026.11.29 · b4beb37". The build's dates (footer, sitemap, the review
dates' staleness) come from that commit's time, SOURCE_DATE_EPOCH, never from the clock, so
the same commit builds to the same bytes on any day. A tree without .git (an exported copy)
says so plainly instead: "未标版本（无 git 记录）", with GUIDE_VERSION and SOURCE_DATE_EPOCH
taken from the environment when set.
"""

from __future__ import annotations

import datetime
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

UNVERSIONED = "未标版本（无 git 记录）"


@dataclass(frozen=True)
class Edition:
    label: str          # 2026.11.29 · b4beb37, shown to readers
    slug: str           # 2026.11.29-b4beb37, in file names
    epoch: int          # the commit's time, seconds since 1970 (SOURCE_DATE_EPOCH)
    from_git: bool

    @property
    def date(self) -> datetime.date:
        return datetime.datetime.fromtimestamp(self.epoch, datetime.timezone.utc).date()


def _git(project: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(project), *args], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() if result.returncode == 0 and result.stdout.strip() else None


def edition_from(commit_time: int | None, short_id: str | None, environ: dict, dirty: bool = False) -> Edition:
    """The edition for a commit (time and short id), or the fallback when there is none.
    A checkout with uncommitted changes says so: it is not the commit's edition."""
    if commit_time is not None and short_id:
        day = datetime.datetime.fromtimestamp(commit_time, datetime.timezone.utc).strftime("%Y.%m.%d")
        label, slug = f"{day} · {short_id}", f"{day}-{short_id}"
        if dirty:
            label, slug = label + " + 未提交的修改", slug + "-modified"
        return Edition(label=label, slug=slug, epoch=commit_time, from_git=True)
    # No git: the environment's date if set, else the clock (the label says it is unversioned).
    epoch = int(environ.get("SOURCE_DATE_EPOCH") or datetime.datetime.now(datetime.timezone.utc).timestamp())
    label = environ.get("GUIDE_VERSION") or UNVERSIONED
    slug = environ.get("GUIDE_VERSION", "unversioned").replace(" · ", "-").replace(" ", "-") or "unversioned"
    return Edition(label=label, slug=slug, epoch=epoch, from_git=False)


def current_edition(project: Path, environ: dict | None = None) -> Edition:
    """The edition of the tree at `project`: from git when it is a checkout."""
    environ = os.environ if environ is None else environ
    raw = _git(project, "log", "-1", "--format=%ct %h")
    if raw and (Path(project) / ".git").exists():
        commit_time, short_id = raw.split()
        dirty = bool(_git(project, "status", "--porcelain", "--untracked-files=no"))
        return edition_from(int(commit_time), short_id, environ, dirty)
    return edition_from(None, None, environ)


def main() -> None:
    """`python -m guide.version [slug|label|epoch]`: for the Makefile and the scripts."""
    import sys

    edition = current_edition(Path(__file__).resolve().parent.parent)
    what = sys.argv[1] if len(sys.argv) > 1 else "label"
    print({"slug": edition.slug, "label": edition.label, "epoch": edition.epoch}[what])


if __name__ == "__main__":
    main()
