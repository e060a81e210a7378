"""model/ and exporters/ never import Qt; field-codes.md matches the definitions."""
import subprocess
import sys

from tests.conftest import ROOT


def test_model_and_exporters_load_no_qt():
    code = ("import sys, pkgutil, importlib\n"
            "import model, exporters\n"
            "for pkg in (model, exporters):\n"
            "    for m in pkgutil.iter_modules(pkg.__path__):\n"
            "        importlib.import_module(f'{pkg.__name__}.{m.name}')\n"
            "from model.formats import all_formats; all_formats()\n"
            "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'gui')))\n"
            "print(bad); sys.exit(1 if bad else 0)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_field_codes_doc_is_up_to_date():
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_field_codes.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
