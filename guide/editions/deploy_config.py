"""Render deploy/nginx.conf.template for a built site.

Usage: python -m guide.editions.deploy_config SITE OUT.conf [--listen 127.0.0.1:8080]
                                        [--docroot DIR] [--runtime DIR] [--user www-data] [--search-log FILE]
                                        [--log-size 10M]
Writes OUT.conf, and logrotate.conf beside it for the search-miss log.

Everything about the site comes from its build manifest (guide/manifest.py): the prefix it is
served under (site_url's path), the moved pages to redirect, and the sha256 sources of the
theme's inline scripts, the only scripts besides the site's own files that the
Content-Security-Policy allows (never 'unsafe-inline'). A page of the site carrying an inline
script the build did not list stops it, naming the page.
"""

from __future__ import annotations

import argparse
import getpass
import os
import re
import shutil
import sys
from pathlib import Path

from guide.common import ROOT
from guide.content import inline_scripts
from guide.manifest import ManifestError, read_manifest, script_source
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
ROTATE_TEMPLATE = ROOT / "deploy" / "logrotate.conf.template"
# Every reply carries these, from nginx and from an edge host alike (_headers), besides the CSP.
SECURITY_HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), clipboard-write=(self)"),
]
# The theme's files named by their content's hash never change under that name; everything else
# is revalidated on every visit. (nginx: the map in the template; an edge host: _headers.)
HASHED = re.compile(r"\.[0-9a-f]{8}\.min\.(js|css)$")
IMMUTABLE = "public, max-age=31536000, immutable"
# The search-miss log is rotated at this size (make deploy-config LOG_SIZE=...).
LOG_SIZE = "10M"
def check_scripts(site: Path, sources: list[str]) -> None:
    """Stop (ValueError, naming the page) when a page of `site` carries an inline script the
    build did not list: the site was changed after it was built, and the CSP would refuse it."""
    allowed = set(sources)
    for page in sorted(site.rglob("*.html")):
        for script in inline_scripts(page.read_text(encoding="utf-8")):
            if script_source(script) not in allowed:
                raise ValueError(f"{page.relative_to(site).as_posix()}: an inline script the build did not list, "
                                 f"not allowed by the CSP: {script[:80]!r}")


def content_security_policy(hashes: list[str]) -> str:
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' " + " ".join(hashes),
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def moves(redirects: list[dict], prefix: str) -> list[tuple[str, str]]:
    """(old path, new address) for each moved page of the manifest, its old path with and
    without the trailing slash, under `prefix`."""
    found = []
    for move in redirects:
        target = move["to"] if "://" in move["to"] else prefix + move["to"]
        for variant in sorted({prefix + move["from"], (prefix + move["from"]).rstrip("/")}):
            found.append((variant, target))
    return found


def nginx_redirects(redirects: list[dict], prefix: str) -> str:
    return "\n".join(f"            location = {old} {{\n                return 301 {new};\n            }}"
                     for old, new in moves(redirects, prefix))


def render(manifest: dict, listen: str, docroot: Path, runtime: Path, user: str | None,
           search_log: Path | None = None, feedback_log: Path | None = None) -> str:
    """nginx.conf for the site the build `manifest` describes."""
    prefix = manifest["prefix"]
    if not (prefix.startswith("/") and prefix.endswith("/")):
        raise ValueError(f"prefix must start and end with '/': {prefix!r}")
    values = {
        "@USER_LINE@": f"user {user};" if user else "# user: the server's default",
        "@RUNTIME@": str(runtime),
        "@LISTEN@": listen,
        "@DOCROOT@": str(docroot),
        "@PREFIX@": prefix,
        "@CSP@": content_security_policy(manifest["script_sources"]),
        "@IMMUTABLE@": f'        "~*{HASHED.pattern}"           "{IMMUTABLE}";',
        "@SECURITY_HEADERS@": "\n".join(f'        add_header {name} "{value}" always;' for name, value in SECURITY_HEADERS),
        "@BARE_PREFIX@": bare_prefix_redirect(prefix),
        "@REDIRECTS@": nginx_redirects(manifest["redirects"], prefix),
        "@SEARCH_LOG@": str(search_log or Path(runtime) / "search-misses.log"),
        "@FEEDBACK_LOG@": str(feedback_log or Path(runtime) / "feedback.log"),
    }
    header, body = split_header(TEMPLATE.read_text(encoding="utf-8"))
    for name, value in values.items():
        body = body.replace(name, value)
    left = re.findall(r"@[A-Z_]+@", body)
    if left:
        raise ValueError(f"{TEMPLATE}: unknown placeholders {sorted(set(left))}")
    return header + body


# What Cloudflare Pages documents for these files (Netlify's limits are wider): at most 100
# header rules and 2,000 characters a line; at most 2,000 static redirects and 1,000 characters a line.
EDGE_LIMITS = {"_headers": (100, 2000), "_redirects": (2000, 1000)}


def edge_headers(site: Path, manifest: dict) -> str:
    """_headers for an edge host: every reply (the upload holds the guide alone) carries nginx's CSP and security
    headers, byte for byte; the theme's hashed files are cached for a year. Everything else keeps
    the host's default, which revalidates (max-age=0, must-revalidate), and an error reply is not
    stored: a second rule naming Cache-Control would be joined to the first, not replace it."""
    prefix = manifest["prefix"]
    csp = content_security_policy(manifest["script_sources"])
    lines = ["# Made by `make edge` (guide/editions/deploy_config.py) from the same headers as nginx.conf.",
             "/*", f"  Content-Security-Policy: {csp}"]
    lines += [f"  {name}: {value}" for name, value in SECURITY_HEADERS]
    for path in sorted(site.rglob("*")):
        if path.is_file() and HASHED.search(path.name):
            lines += [prefix + path.relative_to(site).as_posix(), f"  Cache-Control: {IMMUTABLE}"]
    return "\n".join(lines) + "\n"


def edge_redirects(redirects: list[dict], prefix: str) -> str:
    """_redirects for an edge host: the bare prefix to the guide, and each moved page (with and
    without its trailing slash) to its new address, permanently, as nginx does."""
    lines = ["# Made by `make edge` (guide/editions/deploy_config.py) from the build manifest, as nginx.conf's redirects."]
    if prefix != "/":
        lines.append(f"{prefix.rstrip('/')} {prefix} 301")
    lines += [f"{old} {new} 301" for old, new in moves(redirects, prefix)]
    return "\n".join(lines) + "\n"


def check_edge_limits(name: str, text: str) -> None:
    """Stop when a file is past what the host reads: a rule past the count or a line too long
    would be dropped there without a word."""
    most_rules, longest = EDGE_LIMITS[name]
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    rules = [line for line in lines if not line.startswith(" ")]
    if len(rules) > most_rules:
        raise ValueError(f"{name}: {len(rules)} rules, more than the {most_rules} an edge host reads")
    for line in lines:
        if len(line) > longest:
            raise ValueError(f"{name}: a line of {len(line)} characters, longer than {longest}: {line[:60]}…")


def write_edge(site: Path, out: Path, manifest: dict) -> list[Path]:
    """The folder to upload to an edge host: the site under the prefix (without source maps,
    which are the theme developers'), the guide's 404 page at the top too (for any address
    outside the prefix), _headers and _redirects."""
    prefix = manifest["prefix"]
    if out.exists():
        shutil.rmtree(out)
    target = out / prefix.strip("/") if prefix != "/" else out
    shutil.copytree(site, target, ignore=shutil.ignore_patterns("*.map"))
    if prefix != "/":
        shutil.copy2(site / "404.html", out / "404.html")
    files = {"_headers": edge_headers(site, manifest), "_redirects": edge_redirects(manifest["redirects"], prefix)}
    for name, text in files.items():
        check_edge_limits(name, text)
        (out / name).write_text(text, encoding="utf-8")
    return [out / name for name in files]


def render_logrotate(search_log: Path, runtime: Path, size: str = LOG_SIZE, feedback_log: Path | None = None) -> str:
    """deploy/logrotate.conf.template for the search-miss log of a server whose runtime folder
    (pid file) is `runtime`."""
    if not re.fullmatch(r"[0-9]+[kMG]?", size):
        raise ValueError(f"log size must be a number with k, M or G: {size!r}")
    header, body = split_header(ROTATE_TEMPLATE.read_text(encoding="utf-8"))
    for name, value in {"@SEARCH_LOG@": str(search_log), "@FEEDBACK_LOG@": str(feedback_log or Path(runtime) / "feedback.log"),
                        "@PID_FILE@": str(Path(runtime) / "nginx.pid"),
                        "@LOG_SIZE@": size}.items():
        body = body.replace(name, value)
    return header + body


def split_header(template: str) -> tuple[str, str]:
    """The template's leading comment block, kept word for word (it names the placeholders),
    and the rest, which is filled in."""
    lines = template.splitlines(keepends=True)
    count = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    return "".join(lines[:count]), "".join(lines[count:])


def bare_prefix_redirect(prefix: str) -> str:
    """`/guide` as people type it, sent to `/guide/`; nothing when the guide is at the root."""
    if prefix == "/":
        return ""
    return (f"        location = {prefix.rstrip('/')} {{\n"
            f"            return 301 {prefix};\n"
            f"        }}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path, nargs="?", help="nginx.conf to write (not with --edge)")
    parser.add_argument("--edge", type=Path, help="write this folder for an edge host instead: the site under "
                        "the prefix, _headers and _redirects (Cloudflare Pages, Netlify)")
    parser.add_argument("--listen", default="127.0.0.1:8080")
    parser.add_argument("--docroot", type=Path, help="default: a folder beside OUT holding the site under the prefix")
    parser.add_argument("--runtime", type=Path, help="pid, logs and temp files (default: beside OUT)")
    parser.add_argument("--user", default="www-data")
    parser.add_argument("--search-log", type=Path, help="the search-miss log (default: search-misses.log beside OUT)")
    parser.add_argument("--feedback-log", type=Path, help="readers' votes on sections (default: feedback.log beside OUT)")
    parser.add_argument("--log-size", default=LOG_SIZE, help="rotate the search-miss log at this size (logrotate.conf beside OUT)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site}: no index.html; run `make build` first")
    try:
        manifest = read_manifest(args.site)
        check_scripts(args.site, manifest["script_sources"])
    except ManifestError as error:
        parser.error(str(error))
    except ValueError as error:
        print(f"{args.site}/{error}", file=sys.stderr)
        return 1
    prefix = manifest["prefix"]
    if args.edge:
        try:
            written = write_edge(args.site, args.edge, manifest)
        except ValueError as error:
            print(str(error), file=sys.stderr)
            return 1
        print(f"{args.edge}: the site under {prefix}, with {', '.join(path.name for path in written)}")
        return 0
    if args.out is None:
        parser.error("name the nginx.conf to write, or --edge DIR")
    out_dir = args.out.resolve().parent
    runtime = (args.runtime or out_dir / "run").resolve()
    docroot = (args.docroot or out_dir / "www").resolve()
    runtime.mkdir(parents=True, exist_ok=True)
    if args.docroot is None:
        # The site appears at DOCROOT + prefix: a symlink to the build, no copy.
        link = docroot / prefix.strip("/")
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(args.site.resolve(), target_is_directory=True)
    search_log = (args.search_log or out_dir / "search-misses.log").resolve()
    feedback_log = (args.feedback_log or out_dir / "feedback.log").resolve()
    for option, log, variable, what in [("--search-log", search_log, "SEARCH_LOG", "search-miss log"),
                                        ("--feedback-log", feedback_log, "FEEDBACK_LOG", "feedback log")]:
        folder = log.parent
        if not folder.is_dir():
            print(f"{option} {log}: the folder {folder} does not exist; create it (nginx writes the "
                  f"{what} there) or choose another with {variable}=...", file=sys.stderr)
            return 1
        if not os.access(folder, os.W_OK):
            print(f"{option} {log}: the folder {folder} is not writable by {getpass.getuser()}, who starts "
                  f"nginx; make it writable or choose another with {variable}=...", file=sys.stderr)
            return 1
    try:
        text = render(manifest, args.listen, docroot, runtime, args.user, search_log, feedback_log)
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return 1
    args.out.write_text(text, encoding="utf-8")
    rotate = args.out.with_name("logrotate.conf")
    rotate.write_text(render_logrotate(search_log, runtime, args.log_size, feedback_log), encoding="utf-8")
    print(f"{args.out}: serves {args.site} at http://{args.listen}{prefix}")
    print(f"{rotate}: rotates {search_log} at {args.log_size} (run by cron or a timer: logrotate --state STATE {rotate})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
