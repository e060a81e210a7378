"""gui.pyside_hook: PySide's question of each imported module, asked of its bytes, answered the same."""

from __future__ import annotations

import importlib
import sys

import gui  # noqa: F401  # installs the lighter function
from gui import pyside_hook


def test_pyside_asks_the_lighter_function_and_it_answers_as_pyside_does():
    feature = sys.modules["shibokensupport.feature"]
    assert pyside_hook._replaced, "PySide6 no longer has shibokensupport.feature._mod_uses_pyside"
    upstream = pyside_hook._replaced[0]
    ours = feature._mod_uses_pyside
    assert ours is not upstream
    modules = ["gui.main_window", "gui.widgets", "model.report", "model.editor", "json", "sys", "zipfile"]
    answers = {}
    for name in modules:
        module = importlib.import_module(name)
        answers[name] = ours(module)
        assert answers[name] == upstream(module), name
    assert answers["gui.main_window"] and not answers["model.report"] and not answers["sys"]


def test_lightening_twice_replaces_once():
    feature = sys.modules["shibokensupport.feature"]
    before = feature._mod_uses_pyside
    pyside_hook.lighten()
    assert feature._mod_uses_pyside is before and len(pyside_hook._replaced) == 1
