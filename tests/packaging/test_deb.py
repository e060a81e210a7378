"""The .deb for 统信UOS / 银河麒麟 / Debian / Ubuntu: lintian-clean, installs into a bare Debian with
only its Depends, its command and its desktop entry work, and removing it keeps the users' files."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from model import APP_VERSION
from tools.packaging import deb as deb_build

pytestmark = pytest.mark.packaging

AMD64 = f"nianbao_{APP_VERSION}_amd64.deb"
ARM64 = f"nianbao_{APP_VERSION}_arm64.deb"
SAMPLE = "/opt/nianbao/app/samples/jinling-2022.json"


def contents(deb) -> list[str]:
    done = subprocess.run(["dpkg-deb", "--contents", str(deb)], capture_output=True, text=True, check=True)
    return [line.split(None, 5)[5].split(" -> ")[0] for line in done.stdout.splitlines()]


def field(deb, name: str) -> str:
    return subprocess.run(
        ["dpkg-deb", "--field", str(deb), name], capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.mark.parametrize("name", [AMD64, ARM64])
def test_lintian_reports_no_errors(deb_dist, name):
    checked = deb_build.lintian(deb_dist / name)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert not [line for line in checked.stdout.splitlines() if line.startswith("E:")]


@pytest.mark.parametrize("name, machine", [(AMD64, "Advanced Micro Devices X86-64"), (ARM64, "AArch64")])
def test_package_layout_and_binaries_for_its_architecture(deb_dist, tmp_path, name, machine):
    files = contents(deb_dist / name)
    assert "./usr/bin/nianbao" in files and "./usr/share/applications/nianbao.desktop" in files
    assert "./usr/share/icons/hicolor/scalable/apps/nianbao.svg" in files
    assert "./opt/nianbao/app/app.py" in files and "./opt/nianbao/app/pyproject.toml" in files
    assert not [f for f in files if "__pycache__" in f or f.endswith((".pyc", ".pyi"))]
    assert not [f for f in files if f.startswith(("./opt/nianbao/app/tests", "./opt/nianbao/app/tools"))]
    for py in deb_build.PYTHONS:
        tag = f"cp{py.replace('.', '')}"
        assert any(f.startswith(f"./opt/nianbao/lib/{tag}/lxml/etree.cpython-{tag[2:]}") for f in files)
    assert field(deb_dist / name, "Version") == APP_VERSION
    depends = field(deb_dist / name, "Depends")
    for needed in ("python3 (>= 3.11)", "libxcb-cursor0", "libegl1", "libfontconfig1", "fonts-noto-cjk |"):
        assert needed in depends
    subprocess.run(["dpkg-deb", "-x", str(deb_dist / name), str(tmp_path)], check=True)
    elves = [p for p in (tmp_path / "opt").rglob("*") if p.is_file() and p.read_bytes()[:4] == b"\x7fELF"]
    assert len(elves) > 20
    for elf in elves:
        header = subprocess.run(["readelf", "-h", str(elf)], capture_output=True, text=True).stdout
        assert f"Machine:                           {machine}" in header, elf


def test_installs_runs_and_is_removed_keeping_user_files(deb_dist, chroot):
    shutil.copy(deb_dist / AMD64, chroot.root / "tmp" / AMD64)
    done = chroot.run(f"apt-get update -q && apt-get install -y -q --no-install-recommends /tmp/{AMD64}")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert (chroot.root / "opt/nianbao/app/model/__pycache__").is_dir()  # postinst compiled the bytecode

    done = chroot.run(f"cd /tmp && nianbao check {SAMPLE}")
    assert (done.returncode, done.stdout.strip()) == (0, "共 0 个错误、0 个警告、0 个提示。"), done.stderr
    done = chroot.run(
        f"cd /tmp && nianbao export {SAMPLE} --docx 报告.docx --xlsx 报县里.xlsx && "
        "nianbao import-xlsx 报县里.xlsx -o 读回.json"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "检查结果：0个错误、0个警告、0个提示。" in done.stdout
    assert (chroot.root / "tmp/报告.docx").stat().st_size > 10_000

    desktop = (chroot.root / "usr/share/applications/nianbao.desktop").read_text(encoding="utf-8")
    assert "Name=年报助手" in desktop.splitlines() and "Categories=Office;" in desktop.splitlines()
    exec_line = next(line for line in desktop.splitlines() if line.startswith("Exec="))[5:]
    done = chroot.run(
        exec_line.replace("%f", SAMPLE),
        env={"QT_QPA_PLATFORM": "offscreen", "NIANBAO_EXIT_WHEN_SHOWN": "1", "HOME": "/root"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "年报助手：窗口已显示（示例：招远市金岭镇人民政府 2022年年度报告 — 年报助手，offscreen）" in done.stdout

    # the clerk's files: recovery copies and settings in the data folder, a draft in 文档
    data = chroot.root / "root/.local/share/nianbao/recovery"
    data.mkdir(parents=True, exist_ok=True)
    (data / "恢复.json").write_text("{}", encoding="utf-8")
    (chroot.root / "root/文档").mkdir(exist_ok=True)
    (chroot.root / "root/文档/我的草稿.json").write_text("{}", encoding="utf-8")
    done = chroot.run("dpkg --purge nianbao")
    assert done.returncode == 0, done.stdout + done.stderr
    assert not (chroot.root / "opt/nianbao").exists() and not (chroot.root / "usr/bin/nianbao").exists()
    assert (data / "恢复.json").exists() and (chroot.root / "root/文档/我的草稿.json").exists()
