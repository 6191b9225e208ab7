"""In-place golden cases, including writes through views (CopySlices).
`t_` and `unsqueeze_` (in-place layout changes) are not implemented: they
must fail loudly, never give silently wrong results."""

import ferrograd
import pytest
from golden import load_cases, run_case

CASES = load_cases("ops.jsonl", ["inplace/"])
UNSUPPORTED = ("inplace/t_/", "inplace/unsqueeze_/")
SUPPORTED = [c for c in CASES if not c["id"].startswith(UNSUPPORTED)]
REFUSED = [c for c in CASES if c["id"].startswith(UNSUPPORTED)]


def test_counts():
    assert (len(SUPPORTED), len(REFUSED)) == (36, 3)


@pytest.mark.parametrize("case", SUPPORTED, ids=[c["id"] for c in SUPPORTED])
def test_inplace_case(case):
    run_case(ferrograd, case)


@pytest.mark.parametrize("case", REFUSED, ids=[c["id"] for c in REFUSED])
def test_unsupported_inplace_raises(case):
    with pytest.raises(AttributeError):
        run_case(ferrograd, case)
