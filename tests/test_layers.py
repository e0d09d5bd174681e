"""Imports point one way: tui -> sessions -> forceplate. forceplate and sessions work with no Textual."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

BLOCKER = """
import sys, importlib.abc
class Block(importlib.abc.MetaPathFinder):
    def __init__(self, names): self.names = names
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in self.names:
            raise ImportError(f'layer violation: {{name}} imported')
sys.meta_path.insert(0, Block({blocked!r}))
import importlib
for mod in {modules!r}:
    importlib.import_module(mod)
print('ok')
"""


def _modules(package: str) -> list[str]:
    pkg_dir = ROOT / package
    found = [package]
    for info in pkgutil.walk_packages([str(pkg_dir)], prefix=f"{package}."):
        found.append(info.name)
    return found


@pytest.mark.parametrize(
    ("package", "blocked"),
    [("forceplate", ["textual", "tui", "sessions", "polars", "eccentric"]), ("sessions", ["textual", "tui"])],
)
def test_package_imports_without_higher_layers(package: str, blocked: list[str]) -> None:
    modules = _modules(package)
    code = BLOCKER.format(blocked=set(blocked), modules=modules)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr.strip().splitlines()[-1:]
    assert proc.stdout.strip() == "ok"
