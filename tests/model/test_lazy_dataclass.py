"""@lazy_dataclass: the class is made a dataclass by its first instance, and is then the same dataclass."""

from __future__ import annotations

import dataclasses
import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from model.lazy_dataclass import field, lazy_dataclass

ROOT = Path(__file__).resolve().parents[2]


def make_classes():
    @lazy_dataclass(frozen=True)
    class Point:
        x: int
        y: int = 0
        tags: list[str] = dataclasses.field(default_factory=list, compare=False)

    @lazy_dataclass(eq=False, repr=False)
    class Node:
        name: str
        children: list[str] = dataclasses.field(default_factory=list)

        def size(self) -> int:
            return len(self.children)

    return Point, Node


def test_made_by_the_first_instance_and_then_a_dataclass_like_any():
    Point, Node = make_classes()
    assert not dataclasses.is_dataclass(Point)
    p = Point(1, y=2)
    assert dataclasses.is_dataclass(Point)
    assert [f.name for f in dataclasses.fields(Point)] == ["x", "y", "tags"]
    assert p == Point(1, 2) and hash(p) == hash(Point(1, 2)) and p != Point(2)
    assert repr(p) == "make_classes.<locals>.Point(x=1, y=2, tags=[])"
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.x = 5  # type: ignore[misc]
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]  # x is required, as in any dataclass
    a, b = Node("a"), Node("a")
    assert a != b and a.children is not b.children and a.size() == 0


def test_options_named_with_our_field_are_dataclasses_options():
    @lazy_dataclass()
    class Row:
        code: str
        cells: list[int] = field(default_factory=list)
        note: str = field(default="", compare=False, repr=False)

    assert not dataclasses.is_dataclass(Row)
    a, b = Row("t3.r1"), Row("t3.r1", note="另一个")
    assert a == b and a.cells == [] and a.cells is not b.cells
    assert repr(b).endswith(".<locals>.Row(code='t3.r1', cells=[])")
    assert [(f.name, f.compare) for f in dataclasses.fields(Row)] == [("code", True), ("cells", True), ("note", False)]


def test_the_window_start_path_imports_no_dataclasses_module():
    """Classes made lazily, their field options named lazily: dataclasses (and copy) come with the
    first instance, after the first paint."""
    script = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "import model.definition, model.editor, model.recovery, model.prose.spec, model.draft_store\n"
        "before = 'dataclasses' in sys.modules\n"
        "model.editor.Change('value', 't3.r1', 1, 2)\n"
        "print(before, 'dataclasses' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(ROOT)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]


def test_an_unpickled_instance_needs_no_made_class():
    """Instances made without __init__ (as the definition cache's are) work before the class is made."""
    import model.definition as definition

    Point, Node = make_classes()
    node = object.__new__(Node)
    node.__dict__.update(name="n", children=["x"])
    assert node.size() == 1 and not dataclasses.is_dataclass(Node)
    fmt = pickle.loads(pickle.dumps(next(iter(_format().cells.values()))))
    assert isinstance(fmt, definition.Cell) and fmt.code


def _format():
    from model.formats import get_format

    return get_format("2021")


def test_two_threads_building_the_first_instances_make_the_class_once():
    Point, _ = make_classes()
    made = []
    barrier = threading.Barrier(8)

    def build(i: int) -> None:
        barrier.wait()
        made.append(Point(i))

    threads = [threading.Thread(target=build, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(p.x for p in made) == list(range(8))
    assert "__dataclass_fields__" in Point.__dict__


def test_the_window_start_path_makes_no_definition_class(tmp_path):
    """A draft opened with the definition cache warm builds no Cell, Table or FormatDef: their
    dataclass code is never made at start (the reason the decorator exists)."""
    script = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from pathlib import Path\n"
        "from model.draft_store import load_draft\n"
        "import model.definition as d, model.editor as e\n"
        "load_draft(Path(sys.argv[2]))\n"
        "import model.prose.spec as p\n"
        "import model.normalize as n\n"
        "lazy = [d.Cell, d.Table, d.FormatDef, d.RowNode, d.Part, e.EditResult, e.Change, p.Fact, p.ProseSpec]\n"
        "lazy.append(n.Invalid)\n"
        "print(sum('__dataclass_fields__' in c.__dict__ for c in lazy))\n"
    )
    env = dict(os.environ, NIANBAO_DATA_DIR=str(tmp_path))
    sample = str(ROOT / "samples" / "jinling-2022.json")
    first = subprocess.run([sys.executable, "-c", script, str(ROOT), sample], env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert int(first.stdout) >= 3  # no cache yet: the definition is built from its file
    again = subprocess.run([sys.executable, "-c", script, str(ROOT), sample], env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "0"


def test_an_invalid_value_unpickled_first_in_a_process_is_a_whole_dataclass():
    """Consolidation's workers send reports back pickled: the parent may see an Invalid unpickled
    before it ever built one, and it must still compare, hash and refuse changes like a built one."""
    from model.normalize import Invalid

    data = pickle.dumps([Invalid("１２x", "不是数字"), Invalid("-3", "不能为负数")])
    script = (
        "import pickle, sys, dataclasses; sys.path.insert(0, sys.argv[1])\n"
        "import model.normalize as n\n"
        "made_before = '__dataclass_fields__' in n.Invalid.__dict__\n"
        "a, b = pickle.loads(sys.stdin.buffer.read())\n"
        "assert a == n.Invalid('１２x', '不是数字') and a != b and hash(a) == hash(n.Invalid('１２x', '不是数字'))\n"
        "try:\n"
        "    a.raw = 'changed'\n"
        "except dataclasses.FrozenInstanceError:\n"
        "    frozen = True\n"
        "else:\n"
        "    frozen = False\n"
        "sys.stdout.buffer.write(f'{made_before} {frozen} {a} {b!r}'.encode())\n"  # UTF-8 whatever the console
    )
    done = subprocess.run([sys.executable, "-c", script, str(ROOT)], input=data, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
    shown = "Invalid(raw='-3', reason='不能为负数')"
    assert done.stdout.decode().rstrip().split(maxsplit=3) == ["False", "True", "１２x", shown]  # \r\n on Windows
