"""Unit test of python/ferrograd/_printing.py against shared/reference/repr.jsonl.

The native package is not needed: ``_printing`` is loaded by file path, and the recorded torch
expressions are evaluated against a small numpy-backed stand-in for ``torch`` defined here.
Values always come from evaluating the expression with numpy; the stand-in also names the
grad_fn of each op itself (MulBackward0, ...), so nothing is read off the expected text.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import math
import re
import time
import types
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "ferrograd_printing_under_test", ROOT / "python" / "ferrograd" / "_printing.py"
)
P = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(P)

REF_CANDIDATES = [
    ROOT.parent / "shared" / "reference" / "repr.jsonl",
    Path("/work/shared/reference/repr.jsonl"),
]
REF = next((p for p in REF_CANDIDATES if p.is_file()), None)
CASES = [json.loads(line) for line in REF.read_text().splitlines() if line.strip()] if REF else []

_ADDR = re.compile(r"0x(?:[0-9a-fA-F]+|<hex address>)")


def _mask(text):
    return _ADDR.sub("0x<hex address>", text)


# ----------------------------------------------------------------------------------------------
# numpy-backed stand-in for the parts of torch the recorded expressions use


class FakeDtype:
    def __init__(self, name, np_type, floating):
        self.name = name
        self.np_type = np_type
        self.is_floating_point = floating

    def __repr__(self):
        return P.dtype_repr(self.name)

    __str__ = __repr__


DTYPES = {
    "float32": FakeDtype("float32", np.float32, True),
    "float64": FakeDtype("float64", np.float64, True),
    "float16": FakeDtype("float16", np.float16, True),
    # numpy has no bfloat16: values are kept as float32 rounded to bfloat16
    "bfloat16": FakeDtype("bfloat16", np.float32, True),
    "int64": FakeDtype("int64", np.int64, False),
    "int32": FakeDtype("int32", np.int32, False),
    "uint8": FakeDtype("uint8", np.uint8, False),
    "bool": FakeDtype("bool", np.bool_, False),
    "complex64": FakeDtype("complex64", np.complex64, True),
}


def _round_bf16(a):
    bits = np.asarray(a, dtype=np.float32).view(np.uint32).astype(np.uint64)
    bits = (bits + 0x7FFF + ((bits >> 16) & 1)) & 0xFFFF0000
    return bits.astype(np.uint32).view(np.float32)


def _cast(a, dtype):
    out = np.asarray(a).astype(dtype.np_type)
    if dtype.name == "bfloat16":
        out = _round_bf16(out)
    return out


class FakeSize(tuple):
    def __repr__(self):
        return P.size_repr(self)

    __str__ = __repr__


class FakeNode:
    pass


def _node(name):
    return type(name, (FakeNode,), {})() if name else None


class FakeTensor:
    def __init__(self, a, dtype, requires_grad=False, grad_fn=None):
        self.a = np.asarray(a)
        self.dtype = dtype
        self.requires_grad = bool(requires_grad or grad_fn is not None)
        self.grad_fn = _node(grad_fn)

    # -- printing: the code under test
    def __repr__(self):
        gf = None if self.grad_fn is None else type(self.grad_fn).__name__
        return P.format_tensor(self.a, self.dtype.name, grad_fn_name=gf,
                               requires_grad=self.requires_grad)

    __str__ = __repr__

    def __format__(self, spec):
        return P.tensor_format(self, spec)

    # -- metadata
    @property
    def shape(self):
        return FakeSize(self.a.shape)

    def size(self):
        return self.shape

    def dim(self):
        return self.a.ndim

    def item(self):
        return self.a.reshape(-1)[0].item()

    def _derived(self, a, grad_fn, *others, dtype=None):
        dtype = dtype or self.dtype
        needs = any(isinstance(t, FakeTensor) and t.requires_grad for t in (self,) + others)
        return FakeTensor(_cast(a, dtype), dtype, grad_fn=grad_fn if needs else None)

    # -- ops (results computed in the tensor's dtype, like torch)
    def _binary(self, other, fn, name):
        o = other.a if isinstance(other, FakeTensor) else np.asarray(other, self.a.dtype)
        return self._derived(fn(self.a, o), name, other)

    def __mul__(self, other):
        return self._binary(other, np.multiply, "MulBackward0")

    __rmul__ = __mul__

    def __add__(self, other):
        return self._binary(other, np.add, "AddBackward0")

    __radd__ = __add__

    def __truediv__(self, other):
        return self._binary(other, np.divide, "DivBackward0")

    def __pow__(self, other):
        return self._binary(other, np.power, "PowBackward0")

    pow = __pow__

    def sum(self):
        return self._derived(self.a.sum(dtype=self.a.dtype), "SumBackward0")

    def mean(self):
        return self._derived(self.a.sum(dtype=self.a.dtype) / self.a.dtype.type(self.a.size),
                             "MeanBackward0")

    def reshape(self, *shape):
        return self._derived(self.a.reshape(shape), "ViewBackward0")

    def view(self, *shape):
        return self._derived(self.a.reshape(shape), "ViewBackward0")

    def detach(self):
        return FakeTensor(self.a, self.dtype)

    def __getitem__(self, idx):
        return self._derived(self.a[idx], "SliceBackward0")


class FakeParameter(FakeTensor):
    def __init__(self, t):
        super().__init__(t.a, t.dtype, requires_grad=True)

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

    __str__ = __repr__


def _factory(a, dtype, requires_grad):
    return FakeTensor(_cast(a, dtype), dtype, requires_grad=requires_grad)


def _sizes(size):
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        return tuple(size[0])
    return tuple(size)


def f_tensor(data, dtype=None, requires_grad=False):
    if dtype is None:
        probe = np.asarray(data)
        if probe.size == 0 or probe.dtype.kind == "f":
            dtype = DTYPES["float32"]
        elif probe.dtype.kind == "b":
            dtype = DTYPES["bool"]
        elif probe.dtype.kind in "iu":
            dtype = DTYPES["int64"]
        elif probe.dtype.kind == "c":
            dtype = DTYPES["complex64"]
        else:
            raise TypeError(f"cannot infer dtype of {data!r}")
    return _factory(np.asarray(data, dtype=np.complex128 if dtype.name.startswith("complex")
                               else None), dtype, requires_grad)


def f_arange(*args, dtype=None, requires_grad=False):
    if dtype is None:
        dtype = DTYPES["float32" if any(isinstance(x, float) for x in args) else "int64"]
    return _factory(np.arange(*[float(x) for x in args]), dtype, requires_grad)


def f_ones(*size, dtype=None, requires_grad=False):
    return _factory(np.ones(_sizes(size)), dtype or DTYPES["float32"], requires_grad)


def f_zeros(*size, dtype=None, requires_grad=False):
    return _factory(np.zeros(_sizes(size)), dtype or DTYPES["float32"], requires_grad)


def f_full(size, value, dtype=None, requires_grad=False):
    if dtype is None:
        dtype = DTYPES["float32" if isinstance(value, float) else
                       "bool" if isinstance(value, bool) else "int64"]
    return _factory(np.full(tuple(size), value), dtype, requires_grad)


def f_eye(n, m=None, dtype=None, requires_grad=False):
    return _factory(np.eye(n, m), dtype or DTYPES["float32"], requires_grad)


def f_matmul(x, y):
    name = "SqueezeBackward4" if x.a.ndim == 1 else "MmBackward0"
    return x._derived(np.matmul(x.a, y.a), name, y)


def f_sigmoid(x):
    one = x.a.dtype.type(1)
    return x._derived(one / (one + np.exp(-x.a)), "SigmoidBackward0")


def f_relu(x):
    return x._derived(np.maximum(x.a, x.a.dtype.type(0)), "ReluBackward0")


def f_bce_with_logits(x, y):
    a, t = x.a, y.a
    zero = a.dtype.type(0)
    m = np.maximum(-a, zero)
    loss = (1 - t) * a + m + np.log(np.exp(-m) + np.exp(-a - m))
    return x._derived(loss.mean(dtype=a.dtype), "BinaryCrossEntropyWithLogitsBackward0", y)


def make_fake_torch():
    torch = types.SimpleNamespace(
        tensor=f_tensor, arange=f_arange, ones=f_ones, zeros=f_zeros, full=f_full, eye=f_eye,
        matmul=f_matmul, sigmoid=f_sigmoid, relu=f_relu,
        set_printoptions=P.set_printoptions, _tensor_str=P,
        nn=types.SimpleNamespace(
            Parameter=FakeParameter,
            functional=types.SimpleNamespace(binary_cross_entropy_with_logits=f_bce_with_logits),
        ),
        Size=FakeSize,
    )
    for name, dt in DTYPES.items():
        setattr(torch, name, dt)
    return torch


# ----------------------------------------------------------------------------------------------
# replaying the recorded cases (same steps as check_reference.py's check_repr)

# kinds whose value goes through _printing (tensor reprs, f-strings, prints of containers)
REPLAYED_KINDS = ("tensor", "format", "print")
# print cases that only show non-tensor objects (grad_fn nodes, dtype, bools): not _printing's job
# print cases of non-tensor objects: the stand-in cannot build them; the real
# module replays them in test_reference_repr.py
NOT_TENSOR_PRINTS = {
    "print_grad_fn_label", "print_dtype_device", "print_requires_grad", "print_label_item",
}


def _replay(row):
    torch = make_fake_torch()
    ns = {"torch": torch}
    opts = row.get("printoptions")
    if isinstance(opts, dict):
        torch.set_printoptions(**opts)
    elif isinstance(opts, str):
        exec(compile(opts, f"<{row['id']} printoptions>", "exec"), ns)  # noqa: S102
    if "printoptions_state" in row:
        state = dict(row["printoptions_state"])
        if state.get("threshold") == "inf":
            state["threshold"] = math.inf
        assert P.get_printoptions() == state
    if row["kind"] == "print":
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            exec(compile(row["expr"], f"<{row['id']}>", "exec"), ns)  # noqa: S102
        value = eval(row["value_expr"], ns)
        assert _mask(buf.getvalue()) == _mask(row["stdout"])
    else:
        value = eval(row["expr"], ns)
    assert _mask(repr(value)) == _mask(row["repr"])
    assert _mask(str(value)) == _mask(row["str"])
    if row["kind"] == "tensor":
        assert [int(s) for s in value.shape] == row["shape"]
        assert str(value.dtype) == row["dtype"]


@pytest.fixture(autouse=True)
def _reset_printoptions():
    P.set_printoptions(profile="default")
    yield
    P.set_printoptions(profile="default")


def _ids(kind):
    return [r for r in CASES if r["kind"] == kind]


@pytest.mark.skipif(REF is None, reason="shared/reference/repr.jsonl not found")
@pytest.mark.parametrize("row", _ids("tensor"), ids=lambda r: r["id"])
def test_tensor_repr_case(row):
    _replay(row)


@pytest.mark.skipif(REF is None, reason="shared/reference/repr.jsonl not found")
@pytest.mark.parametrize(
    "row",
    [r for r in _ids("format") + _ids("print") if r["id"] not in NOT_TENSOR_PRINTS],
    ids=lambda r: r["id"],
)
def test_format_and_print_case(row):
    _replay(row)


@pytest.mark.skipif(REF is None, reason="shared/reference/repr.jsonl not found")
def test_get_printoptions_case():
    row = next(r for r in CASES if r["id"] == "get_printoptions")
    value = eval(row["expr"], {"torch": make_fake_torch()})
    assert repr(value) == row["repr"]


@pytest.mark.skipif(REF is None, reason="shared/reference/repr.jsonl not found")
def test_every_tensor_case_replayed():
    assert len(_ids("tensor")) == 147


# ----------------------------------------------------------------------------------------------
# behaviour beyond the recorded cases


def test_set_printoptions_profiles_and_sci_mode_reset():
    P.set_printoptions(profile="short")
    assert P.get_printoptions() == {"precision": 2, "threshold": 1000, "edgeitems": 2,
                                    "linewidth": 80, "sci_mode": None}
    P.set_printoptions(profile="full", sci_mode=True)
    assert P.get_printoptions()["threshold"] == math.inf
    assert P.get_printoptions()["sci_mode"] is True
    P.set_printoptions(precision=3)
    assert P.get_printoptions()["sci_mode"] is None
    assert P.get_printoptions()["precision"] == 3


def test_printoptions_context_manager_restores():
    with P.printoptions(precision=1):
        assert P.format_tensor(np.array([0.25, 1.5], np.float32), "float32") == \
            "tensor([0.2, 1.5])"
    assert P.get_printoptions()["precision"] == 4


def test_huge_tensor_prints_fast():
    a = np.arange(1_000_000, dtype=np.float32)
    start = time.perf_counter()
    text = P.format_tensor(a, "float32")
    assert time.perf_counter() - start < 0.5
    assert text == ("tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.0000e+06, 1.0000e+06,\n"
                    "        1.0000e+06])")
    b = np.ones((1000, 1000), dtype=np.int64)
    start = time.perf_counter()
    P.format_tensor(b, "int64")
    assert time.perf_counter() - start < 0.5


def test_edgeitems_zero_not_summarized_still_shows_size():
    P.set_printoptions(edgeitems=0)
    assert P.format_tensor(np.array([1, 2]), "int64") == "tensor([1, 2], size=(2,))"
    P.set_printoptions(edgeitems=0, threshold=3)
    assert P.format_tensor(np.ones((2, 3), np.float32), "float32") == "tensor([...], size=(2, 3))"


def test_sci_mode_override_and_all_zero():
    P.set_printoptions(sci_mode=True)
    assert P.format_tensor(np.zeros(2, np.float32), "float32") == \
        "tensor([0.0000e+00, 0.0000e+00])"
    P.set_printoptions(sci_mode=False)
    assert P.format_tensor(np.array([1.0, 1001.0], np.float32), "float32") == \
        "tensor([   1., 1001.])"


def test_parameter_prefix_and_suffix_wrap_indent():
    # a custom prefix changes the indentation of wrapped lines and of the suffix line
    text = P.format_tensor(np.eye(2, dtype=np.float32), "float32", prefix="tensor(",
                           requires_grad=True)
    assert text == "tensor([[1., 0.],\n        [0., 1.]], requires_grad=True)"


def test_fstring_helper():
    assert P.format_scalar_for_fstring(2.5, 0, ".1f", lambda: "unused") == "2.5"
    assert P.format_scalar_for_fstring(2.5, 1, "", lambda: "tensor([2.5000])") == \
        "tensor([2.5000])"
    with pytest.raises(TypeError, match="unsupported format string passed to Tensor.__format__"):
        P.format_scalar_for_fstring(None, 1, ".3f", lambda: "")


def test_small_helpers():
    assert P.size_repr((2, 3)) == "torch.Size([2, 3])"
    assert P.size_repr(()) == "torch.Size([])"
    assert P.dtype_repr("float32") == "torch.float32"
    assert P.device_repr() == "device(type='cpu')"
    assert P.format_tensor(np.array([1.0], np.float32), "float32", device="cuda:0") == \
        "tensor([1.], device='cuda:0')"


def test_suffix_wrap_boundary():
    # last line (58 chars) + ", " + suffix + 2 more (torch's bookkeeping) must stay <= linewidth
    a = np.zeros(17, dtype=np.int64)
    assert len(P.format_tensor(a, "int64")) == 59  # 58 + ")"
    fits = P.format_tensor(a, "int64", grad_fn_name="A" * 8)  # suffix of 18 chars
    assert fits == "tensor([" + ", ".join(["0"] * 17) + "], grad_fn=<AAAAAAAA>)"
    wraps = P.format_tensor(a, "int64", grad_fn_name="A" * 9)  # suffix of 19 chars
    assert wraps == "tensor([" + ", ".join(["0"] * 17) + "],\n       grad_fn=<AAAAAAAAA>)"
