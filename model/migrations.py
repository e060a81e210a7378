"""Draft schema versions and the step that brings each old version up to date.

A step is a pure function dict -> dict from version N to N+1, registered in
STEPS under N. Bump SCHEMA_VERSION and add a step whenever the draft layout
changes; a test keeps a fixture file of every past version.
"""

from __future__ import annotations

from typing import Callable

SCHEMA_VERSION = 1

STEPS: dict[int, Callable[[dict[str, object]], dict[str, object]]] = {}


def migrate(data: dict[str, object]) -> dict[str, object]:
    version = data["schema_version"]
    assert isinstance(version, int), "parse_draft checks the schema version"
    target = SCHEMA_VERSION
    while version < target:
        step = STEPS.get(version)
        if step is None:
            raise ValueError(f"no migration from draft schema {version}")
        data = step(dict(data))
        version += 1
        data["schema_version"] = version
    return data
