"""Scenarios against torch 2.13's recorded outcomes (tests/data/torch_cases.json,
from record_torch_cases.py): a leaf's .grad keeps a fresh view of the passed
gradient instead of copying it (so cat's backward copies nothing) and takes a
dense leaf's strides; retained non-leaf gradients are copies replaced on each
pass; views and reshapes of strided tensors; the graphs matmul records."""

import json
import sys
from pathlib import Path

import ferrograd
import pytest

DATA = Path(__file__).parent / "data"
sys.path.insert(0, str(DATA))

from torch_cases import CASES, run_case

RECORDED = json.loads((DATA / "torch_cases.json").read_text())["cases"]


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_torch(name):
    assert run_case(CASES[name], ferrograd) == RECORDED[name]


def test_recorded_cases_ran():
    # a case with broken code would record torch's SyntaxError and pass trivially
    broken = [
        n for n, r in RECORDED.items() if r[0] == "error" and r[1] in ("SyntaxError", "NameError")
    ]
    assert broken == []
