"""A built definition is kept between runs: read back the same, never stale, never trusted when damaged."""

from __future__ import annotations

import json
import pickle
import shutil

import pytest

from model import definition_cache
from model.definition_cache import cached_definition
from model.definition_loader import load_definition
from model.formats import formats_dir


@pytest.fixture
def definitions(tmp_path):
    folder = tmp_path / "formats"
    shutil.copytree(formats_dir(), folder)
    return folder


def cache_files(data_dir):
    return sorted((data_dir / "cache").glob("definition-*.pickle"))


def refuse_to_build(path):
    raise AssertionError(f"{path.name} was built again instead of read from the cache")


def same(a, b) -> bool:
    return pickle.dumps(a, protocol=5) == pickle.dumps(b, protocol=5)


def test_a_definition_built_once_is_read_back_the_same(definitions, private_data_dir):
    path = definitions / "2021.json"
    built = cached_definition(path, load_definition)
    assert len(cache_files(private_data_dir)) == 1
    again = cached_definition(path, refuse_to_build)
    assert again is not built and same(again, built) and same(again, load_definition(path))
    assert again.tables["t3"].name == built.tables["t3"].name
    assert [f.none for f in again.prose.facts] == [f.none for f in built.prose.facts]


def test_a_changed_definition_is_built_again_and_the_old_cache_removed(definitions, private_data_dir):
    path = definitions / "2021.json"
    cached_definition(path, load_definition)
    [before] = cache_files(private_data_dir)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["name"] += "（修订）"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(AssertionError, match="built again"):
        cached_definition(path, refuse_to_build)
    fmt = cached_definition(path, load_definition)
    assert fmt.name.endswith("（修订）")
    [after] = cache_files(private_data_dir)
    assert after != before  # the stale one is gone, never to be read
    assert cached_definition(path, refuse_to_build).name == fmt.name


def test_an_included_file_changed_is_a_new_cache_too(definitions, private_data_dir):
    path = definitions / "2021.json"
    cached_definition(path, load_definition)
    common = sorted((definitions / "common").glob("*.json"))[0]
    common.write_text(common.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="built again"):
        cached_definition(path, refuse_to_build)


@pytest.mark.parametrize("damage", ["truncated", "flipped", "empty", "not a definition"])
def test_a_damaged_cache_is_built_again_and_replaced(definitions, private_data_dir, damage):
    path = definitions / "2021.json"
    built = cached_definition(path, load_definition)
    [cache] = cache_files(private_data_dir)
    data = cache.read_bytes()
    if damage == "truncated":
        cache.write_bytes(data[: len(data) // 2])
    elif damage == "flipped":
        cache.write_bytes(data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:])
    elif damage == "empty":
        cache.write_bytes(b"")
    else:  # a sound pickle, with a sound check, of something else
        other = pickle.dumps({"format_id": "2021"}, protocol=5)
        cache.write_bytes(definition_cache.zlib.crc32(other).to_bytes(4, "big") + other)
    calls = []

    def build(p):
        calls.append(p)
        return load_definition(p)

    fmt = cached_definition(path, build)
    assert calls == [path] and same(fmt, built)
    assert cached_definition(path, refuse_to_build) is not None  # the cache was written again


def test_an_unwritable_cache_folder_costs_nothing_but_the_cache(definitions, private_data_dir):
    (private_data_dir / "cache").write_text("a file where the folder would be")
    path = definitions / "2021.json"
    fmt = cached_definition(path, load_definition)
    assert same(fmt, load_definition(path))
    assert not list(private_data_dir.glob("*.tmp")) and (private_data_dir / "cache").is_file()


def test_an_unreadable_definition_is_reported_by_the_loader_not_the_cache(tmp_path):
    from model.definition_loader import DefinitionError

    with pytest.raises(DefinitionError):
        cached_definition(tmp_path / "missing.json", load_definition)


def test_a_changed_include_in_a_subfolder_of_common_is_a_new_cache(definitions, private_data_dir):
    path = definitions / "2021.json"
    cached_definition(path, load_definition)
    deeper = definitions / "common" / "more" / "unused.json"
    deeper.parent.mkdir()
    deeper.write_text("[]", encoding="utf-8")  # the loader may include any .json below common/
    with pytest.raises(AssertionError, match="built again"):
        cached_definition(path, refuse_to_build)


def test_another_definition_whose_name_starts_the_same_keeps_its_cache(definitions, private_data_dir):
    shutil.copy(definitions / "2021.json", definitions / "2021-b.json")
    cached_definition(definitions / "2021-b.json", load_definition)
    stale = private_data_dir / "cache" / "definition-2021-0123456789abcdef.pickle"
    killed = private_data_dir / "cache" / "definition-2021-0123456789abcdef.pickle.4242.tmp"
    stale.write_bytes(b"from an earlier program")
    killed.write_bytes(b"from a run killed while writing")
    cached_definition(definitions / "2021.json", load_definition)
    names = sorted(p.name for p in (private_data_dir / "cache").iterdir())
    assert len(names) == 2 and all(n.endswith(".pickle") for n in names), names
    assert any(n.startswith("definition-2021-b-") for n in names)  # 2021-b's cache is not 2021's to remove
    assert not stale.exists() and not killed.exists()
    cached_definition(definitions / "2021-b.json", refuse_to_build)


def test_builders_not_on_disk_mean_no_cache_rather_than_a_stale_one(definitions, private_data_dir, monkeypatch):
    import sys

    module = sys.modules["model.layout"]
    monkeypatch.setattr(module, "__file__", str(private_data_dir / "in-an-archive" / "layout.pyc"))
    path = definitions / "2021.json"
    cached_definition(path, load_definition)
    assert cache_files(private_data_dir) == []
