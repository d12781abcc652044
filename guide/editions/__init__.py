"""The editions made from a built site, and the server configurations: each run as
`python -m guide.editions.<name>` by the Makefile, reading the build manifest (guide/manifest.py)."""
