"""The tools after the build: benchmark, search quality, reports, mutants, link contract, engine
comparison; each run as `python -m guide.tools.<name>` by the Makefile."""
