"""The hostile run's forged sign-offs and altered signed workbooks (``benchmarks/hostile.py``),
in its quick size, as part of the test suite: every forgery of a signed draft is refused as signed,
every change a reader of a signed workbook would see fails ``verify``, and changes nobody sees pass.
"""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARK = Path(__file__).resolve().parent.parent / "benchmarks" / "hostile.py"


@pytest.fixture(scope="module")
def hostile() -> ModuleType:
    spec = importlib.util.spec_from_file_location("hostile_benchmark", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["forged-signoffs", "altered-workbooks"])
def test_the_hostile_category_finds_no_failure(
    hostile: ModuleType, tmp_path: Path, name: str
) -> None:
    category = hostile.CATEGORIES[name]
    outcome = category.run(hostile.Run(tmp_path, random.Random(f"13:{name}"), quick=True))
    assert outcome.tried >= 20  # the named cases and the random ones were all made
    assert outcome.failures == []
