"""Load and validate the YAML data files under data/.

Every error names the file and the key, so a typo stops the build with a message that says
where to look. Nothing here imports MkDocs: these functions are tested on their own.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class _TextDatesLoader(yaml.SafeLoader):
    """YAML without implicit dates: 2026-13-01 stays text, so the data's own check can name the
    file and the key instead of YAML failing with no key."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _mapping_without_duplicate_keys(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict:
    """A mapping whose keys are each written once: YAML would keep the later of two silently."""
    loader.flatten_mapping(node)
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first on line {seen[key]})", key_node.start_mark)
        seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=True)


_TextDatesLoader.add_constructor("tag:yaml.org,2002:map", _mapping_without_duplicate_keys)


class GuideDataError(ValueError):
    """A data file is missing, malformed, or refers to something that does not exist."""


def active_content(where: str, value: Any) -> None:
    """Raise GuideDataError naming the key of the first text in `value` that carries what could
    run in a reader's browser (guide.content.running_content: a script, an iframe, an event
    handler, a javascript: address ...)."""
    from guide.content import running_content

    if isinstance(value, str):
        found = running_content(value)
        if found:
            raise GuideDataError(f"{where}: '{found}' would run in the reader's browser; "
                                 "write text and Markdown only")
    elif isinstance(value, dict):
        for key, item in value.items():
            active_content(f"{where} > {key}", item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            active_content(f"{where}[{index}]", item)


def load_yaml(path: Path) -> dict[str, Any]:
    """Read a YAML mapping from `path`, raising GuideDataError that names the file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise GuideDataError(f"{path}: cannot read data file ({error.strerror})") from error
    try:
        data = yaml.load(text, Loader=_TextDatesLoader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as error:
        raise GuideDataError(f"{path}: malformed YAML: {error}") from error
    if not isinstance(data, dict):
        raise GuideDataError(f"{path}: expected a mapping at the top level, got {type(data).__name__}")
    active_content(str(path), data)
    return data


def check_keys(where: str, mapping: Any, required: set[str], optional: set[str] = frozenset()) -> dict:
    """Check that `mapping` is a dict with exactly the allowed keys; `where` prefixes any error."""
    if not isinstance(mapping, dict):
        raise GuideDataError(f"{where}: expected a mapping, got {type(mapping).__name__}")
    unknown = set(mapping) - required - set(optional)
    if unknown:
        allowed = ", ".join(sorted(required | set(optional)))
        raise GuideDataError(f"{where}: unknown key '{sorted(unknown)[0]}' (allowed: {allowed})")
    missing = required - set(mapping)
    if missing:
        raise GuideDataError(f"{where}: missing key '{sorted(missing)[0]}'")
    return mapping


def check_text(where: str, mapping: dict, keys: set[str]) -> None:
    """Each of `keys` in `mapping` must be non-empty text."""
    for key in sorted(keys):
        value = mapping.get(key)
        if not isinstance(value, str) or not value.strip():
            raise GuideDataError(f"{where}: key '{key}' must be non-empty text")


def check_id(where: str, value: Any) -> str:
    """An id is a published anchor: ASCII kebab-case only."""
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise GuideDataError(f"{where}: id {value!r} must be ASCII kebab-case, like 'sign-in'")
    return value
