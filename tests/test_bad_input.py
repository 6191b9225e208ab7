"""Bad input gets torch's exception type and exact message (recorded from
torch 2.13 into data/bad_input.json), and leaves the inputs unchanged."""

import json
from pathlib import Path

import ferrograd as torch
import pytest

RECORDED = json.loads((Path(__file__).parent / "data" / "bad_input.json").read_text())["cases"]


@pytest.mark.parametrize("case", RECORDED, ids=[c["expr"] for c in RECORDED])
def test_bad_input_matches_torch(case):
    try:
        eval(case["expr"], {"torch": torch})
    except Exception as e:  # noqa: BLE001 - compared with the recording
        assert (type(e).__name__, str(e)) == (case["type"], case["message"])
        return
    assert case["type"] is None, f"expected {case['type']}: {case['message']}"


def test_failed_ops_leave_inputs_unchanged():
    a = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    b = torch.ones(4)
    before = (a.tolist(), a._version, b.tolist(), b._version)
    for bad in (
        lambda: a + b,
        lambda: a @ b,
        lambda: a.sum(5),
        lambda: a[7],
        lambda: a.view(5),
        lambda: torch.cat([a, b]),
    ):
        with pytest.raises((RuntimeError, IndexError)):
            bad()
    y = a * 2
    with pytest.raises(RuntimeError):
        y += b
    assert (a.tolist(), a._version, b.tolist(), b._version) == before
    assert y.tolist() == [[2.0, 4.0, 6.0], [8.0, 10.0, 12.0]] and y._version == 0
