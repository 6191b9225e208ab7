"""Loader for ../shared/golden/*.jsonl: builds each case's inputs as leaf
tensors, evaluates its expression with ferrograd standing in for torch, and
compares values, dtype, shape, requires_grad, grad_fn name and gradients
(or the exception type and exact message for error cases)."""

import json
import math
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOLDEN = SHARED / "golden"


def load_cases(filename, prefixes=None):
    with open(GOLDEN / filename) as f:
        cases = [json.loads(line) for line in f]
    if prefixes is not None:
        cases = [c for c in cases if c["id"].startswith(tuple(prefixes))]
    return cases


def _decode(v):
    return float(v) if isinstance(v, str) else v


def _nest(flat, shape):
    if not shape:
        return flat[0]
    step = len(flat) // shape[0] if shape[0] else 0
    return [_nest(flat[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])]


def build(M, spec, requires_grad=False):
    dt = getattr(M, spec["dtype"])
    if 0 in spec["shape"]:
        return M.zeros(spec["shape"], dtype=dt, requires_grad=requires_grad)
    data = _nest([_decode(v) for v in spec["data"]], spec["shape"])
    return M.tensor(data, dtype=dt, requires_grad=requires_grad)


def _close(x, e, tol):
    if isinstance(e, float) and math.isnan(e):
        return isinstance(x, float) and math.isnan(x)
    if isinstance(e, float) and math.isinf(e):
        return x == e
    if isinstance(e, float):
        return abs(x - e) <= tol["atol"] + tol["rtol"] * abs(e)
    return x == e


def assert_matches(M, t, spec, tol, what):
    assert t is not None, f"{what}: got None"
    assert t.dtype == getattr(M, spec["dtype"]), f"{what}: dtype {t.dtype} != {spec['dtype']}"
    assert list(t.shape) == spec["shape"], f"{what}: shape {list(t.shape)} != {spec['shape']}"
    got = t.detach().reshape(-1).tolist()
    for i, (x, e) in enumerate(zip(got, map(_decode, spec["data"]))):
        assert _close(x, e, tol), f"{what}[{i}]: {x} != {e}"


def run_case(M, case):
    """Runs one golden case; raises AssertionError (with a reason) on mismatch."""
    ins = {k: build(M, spec, spec["requires_grad"]) for k, spec in case["inputs"].items()}
    try:
        out = eval(case["expr"], {"torch": M, **ins})
    except Exception as e:
        if "error" not in case:
            raise
        got = (type(e).__name__, str(e))
        want = (case["error"]["type"], case["error"]["message"])
        assert got == want, f"wrong error {got!r}, expected {want!r}"
        return
    assert "error" not in case, f"expected {case['error']['type']}: {case['error']['message']}"
    spec, tol = case["output"], case["tol"]
    assert_matches(M, out, spec, tol, "output")
    assert out.requires_grad == spec["requires_grad"], "requires_grad"
    name = type(out.grad_fn).__name__ if out.grad_fn is not None else None
    if case["id"].startswith("higher/"):
        assert (name is None) == (spec["grad_fn"] is None), f"grad_fn {name}"
    else:
        assert name == spec["grad_fn"], f"grad_fn {name} != {spec['grad_fn']}"
    if case["cotangent"] is not None:
        out.backward(build(M, case["cotangent"]))
    for k, g in case["grads"].items():
        if g is None:
            assert ins[k].grad is None, f"grad {k} should be None"
        else:
            assert_matches(M, ins[k].grad, g, tol, f"grad {k}")
