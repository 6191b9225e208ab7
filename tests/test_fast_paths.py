"""Native fast paths agree with the general paths they shortcut: same values,
layout, grad_fn and gradients, same exceptions (type and message)."""

import itertools
import random
import re

import ferrograd as torch
import numpy as np
import pytest
from ferrograd import _tensor_getitem, _tensor_setitem

# ---- basic indexing: native parser vs the Python parser ----

SHAPES = [(), (5,), (3, 4), (2, 3, 4), (0, 3)]
SCALARS = [0, 1, -1, 2, -3, 4, 7, -8]
BOUNDS = [None, 0, 1, -1, 2, -2, 3, 10, -10, 2**40, -(2**40)]
STEPS = [None, 1, 2, 3, 5, 0, -1]


def _random_part(rng):
    kind = rng.random()
    if kind < 0.25:
        return rng.choice(SCALARS)
    if kind < 0.65:
        return slice(rng.choice(BOUNDS), rng.choice(BOUNDS), rng.choice(STEPS))
    if kind < 0.85:
        return None
    return Ellipsis


def _keys():
    rng = random.Random(1234)
    keys = [(), Ellipsis, None, 0, -1, slice(None), slice(None, None, 2), (Ellipsis, None)]
    keys += [(Ellipsis, Ellipsis), (0, 0, 0, 0), slice(None, None, 0), slice(3, 1)]
    for _ in range(400):
        parts = tuple(_random_part(rng) for _ in range(rng.randint(1, 4)))
        keys.append(parts if len(parts) > 1 or rng.random() < 0.5 else parts[0])
    return keys


def _outcome(f):
    try:
        return "ok", f()
    except Exception as e:  # noqa: BLE001 - compared between the two paths
        return "error", (type(e).__name__, str(e))


def _describe(t):
    return (t.tolist(), tuple(t.shape), t.stride(), type(t.grad_fn).__name__, t._version)


@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_basic_getitem_matches_python_parser(shape):
    base = torch.arange(float(torch.Size(shape).numel())).reshape(shape)
    base = base.clone().requires_grad_()
    checked = 0
    for key in _keys():
        fast = _outcome(lambda key=key: base[key])
        slow = _outcome(lambda key=key: _tensor_getitem(base, key))
        assert fast[0] == slow[0], key
        if fast[0] == "error":
            assert fast[1] == slow[1], key
            continue
        assert _describe(fast[1]) == _describe(slow[1]), key
        assert fast[1]._is_same(base) is False
        if fast[1].numel():
            g = torch.arange(1.0, fast[1].numel() + 1.0).reshape(fast[1].shape)
            fast[1].backward(g)
            # independent reference: numpy's basic indexing writes g in place
            expected = np.zeros(shape, dtype=np.float32)
            expected[key] = g.numpy()
            assert base.grad.tolist() == expected.tolist(), key
            base.grad = None
        checked += 1
    assert checked > 50


@pytest.mark.parametrize("shape", [(5,), (3, 4), (2, 3, 4)], ids=str)
def test_basic_setitem_matches_python_parser(shape):
    for key in _keys()[:200]:
        a = torch.zeros(shape)
        b = torch.zeros(shape)
        fast = _outcome(lambda a=a, key=key: a.__setitem__(key, 3.0))
        slow = _outcome(lambda b=b, key=key: _tensor_setitem(b, key, 3.0))
        assert fast[0] == slow[0], key
        if fast[0] == "error":
            assert fast[1] == slow[1], key
        assert (a.tolist(), a._version) == (b.tolist(), b._version), key


def test_setitem_keeps_history_and_in_place_rules():
    w = torch.ones(3, requires_grad=True)
    a = torch.zeros(2, 3)
    a[1] = w * 2
    assert type(a.grad_fn).__name__ == "CopySlices"
    a.sum().backward()
    assert w.grad.tolist() == [2.0, 2.0, 2.0]
    leaf = torch.zeros(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="a view of a leaf Variable that requires grad"):
        leaf[0] = 1.0
    with pytest.raises(TypeError, match="can't assign a non-number to a tensor"):
        a[0] = "x"


def test_other_keys_still_reach_the_python_parser():
    t = torch.arange(12.0).reshape(3, 4)
    assert t[[0, 2]].tolist() == [[0, 1, 2, 3], [8, 9, 10, 11]]
    assert t[1, torch.tensor([0, 3])].tolist() == [4.0, 7.0]
    assert t[t > 9].tolist() == [10.0, 11.0]
    assert t[slice(None, torch.tensor(2))].tolist() == t[:2].tolist()
    assert t[True].shape == (1, 3, 4) and t[False].shape == (0, 3, 4)
    with pytest.raises(IndexError, match=r"are valid indices \(got float\)"):
        t[1.0]
    with pytest.raises(TypeError, match="slice indices must be integers"):
        t[1.5:]
    t[torch.tensor([0])] = 1.0  # index_put_, through the Python parser
    assert t[0].tolist() == [1.0, 1.0, 1.0, 1.0]
    with pytest.raises(TypeError, match="Tensor does not support deleting items"):
        del t[0]


def test_iteration_and_huge_ints():
    t = torch.arange(6.0).reshape(3, 2)
    assert [r.tolist() for r in t] == [[0, 1], [2, 3], [4, 5]]
    for key in (2**70, -(2**70), (0, 2**64)):
        fast = _outcome(lambda key=key: t[key])
        slow = _outcome(lambda key=key: _tensor_getitem(t, key))
        assert fast == slow and fast[0] == "error"


# ---- cat / stack ----


def _parts(shapes, dtypes, grad):
    out = []
    for i, (s, d) in enumerate(zip(shapes, dtypes)):
        n = torch.Size(s).numel()
        t = (torch.arange(float(n)) * (i + 1.5)).sin().reshape(s).to(d)
        out.append(t.requires_grad_() if grad and d.is_floating_point else t)
    return out


CAT_CASES = [
    ([(3,), (4,)], 0),
    ([(2, 3), (4, 3)], 0),
    ([(2, 3), (2, 5)], 1),
    ([(2, 3), (2, 5)], -1),
    ([(2, 3, 4), (2, 1, 4), (2, 0, 4)], 1),
    ([(2, 3, 4), (2, 3, 2)], 2),
    ([(0,), (2, 3), (1, 3)], 0),
    ([(5,)], 0),
    ([(0, 3), (0, 3)], 0),
]


def _reference_cat(parts, dim):
    """cat by writes into slices of a zeros tensor, elementwise."""
    ref = [p for p in parts if not (p.dim() == 1 and p.numel() == 0)] or parts[:1]
    d = dim % ref[0].dim()
    shape = list(ref[0].shape)
    shape[d] = sum(p.shape[d] for p in ref)
    out = torch.zeros(shape, dtype=ref[0].dtype).tolist()
    at = 0

    def put(dst, src, depth):
        if depth == d:
            for j, v in enumerate(src):
                dst[at + j] = v
            return
        for dd, ss in zip(dst, src):
            put(dd, ss, depth + 1)

    for p in ref:
        put(out, p.tolist(), 0)
        at += p.shape[d]
    return out


@pytest.mark.parametrize("shapes,dim", CAT_CASES, ids=str)
def test_cat_values_and_grads(shapes, dim):
    parts = _parts(shapes, [torch.float32] * len(shapes), grad=True)
    out = torch.cat(parts, dim)
    assert out.tolist() == _reference_cat(parts, dim)
    assert out.is_contiguous() and out._version == 0
    assert type(out.grad_fn).__name__ == "CatBackward0"
    g = torch.arange(float(out.numel())).reshape(out.shape)
    out.backward(g)
    at = 0
    d = dim % out.dim()
    for p in parts:
        if p.dim() == 1 and p.numel() == 0:
            assert p.grad is None or p.grad.tolist() == []
            continue
        assert p.grad.tolist() == g.narrow(d, at, p.shape[d]).tolist()
        at += p.shape[d]


def test_cat_of_strided_and_mixed_dtype_inputs():
    a = torch.arange(12.0).reshape(3, 4).t()  # non-contiguous
    b = torch.arange(8).reshape(4, 2)  # int64, promoted to float32
    c = torch.arange(6.0, dtype=torch.float64).reshape(3, 2)[:, :1].t().expand(4, 3)
    out = torch.cat([a, b], 1)
    assert out.dtype == torch.float32
    assert out.tolist() == [
        ra + rb for ra, rb in zip(a.tolist(), [[float(v) for v in r] for r in b.tolist()])
    ]
    out = torch.cat([a, c], 0)
    assert out.dtype == torch.float64 and out.tolist() == a.tolist() + c.tolist()
    flags = torch.tensor([True, False])
    assert torch.cat([flags, flags]).tolist() == [True, False, True, False]
    big = [torch.arange(300_000.0), torch.arange(300_000.0).flip(0)]
    joined = torch.cat(big)
    assert joined[299_999].item() == 299_999.0 and joined[300_000].item() == 299_999.0
    assert joined.sum().item() == 2 * big[0].sum().item()


def test_cat_errors_unchanged():
    a = torch.ones(2, 3)
    with pytest.raises(ValueError, match="expected a non-empty list of Tensors"):
        torch.cat([])
    for bad, msg in [
        (lambda: torch.cat([torch.tensor(1.0)]), "zero-dimensional tensor"),
        (lambda: torch.cat([a, torch.ones(2)]), "Tensors must have same number of dimensions"),
        (lambda: torch.cat([a, torch.ones(3, 3)], 1), "Sizes of tensors must match"),
        (lambda: torch.cat([a, a], 2), "Dimension out of range"),
    ]:
        with pytest.raises((RuntimeError, IndexError), match=msg):
            bad()


@pytest.mark.parametrize("dim", [0, 1, 2, -1])
def test_stack_values_and_grads(dim):
    parts = _parts([(2, 3)] * 3, [torch.float32] * 3, grad=True)
    out = torch.stack(parts, dim)
    expected = torch.cat([p.unsqueeze(dim) for p in parts], dim)
    assert out.tolist() == expected.tolist()
    assert type(out.grad_fn).__name__ == "StackBackward0"
    g = torch.arange(float(out.numel())).reshape(out.shape)
    out.backward(g)
    for i, p in enumerate(parts):
        assert p.grad.tolist() == g.unbind(dim)[i].tolist()


# ---- tiny matmul: the direct loop vs the general kernel ----


@pytest.mark.parametrize(
    "m,k,n", list(itertools.product([1, 2, 4, 7], [1, 3, 8], [1, 4, 5])) + [(0, 3, 2), (2, 0, 3)]
)
def test_tiny_mm_matches_reference(m, k, n):
    a = (torch.arange(float(m * k)) * 0.37).sin().reshape(m, k)
    b = (torch.arange(float(k * n)) * 0.91).cos().reshape(k, n)
    ref = [
        [sum(a.tolist()[i][p] * b.tolist()[p][j] for p in range(k)) for j in range(n)]
        for i in range(m)
    ]
    for x, y in [(a, b), (a.t().contiguous().t(), b.t().contiguous().t())]:
        out = x @ y
        assert list(out.shape) == [m, n]
        for r_out, r_ref in zip(out.tolist(), ref):
            assert r_out == pytest.approx(r_ref, rel=1e-5, abs=1e-6)


# ---- cross_entropy: the one-call native path vs log_softmax + nll_loss ----

CE_CASES = [
    ((4, 5), [0, 4, 2, 1], {}),
    ((4, 5), [0, 4, 2, 1], {"reduction": "sum"}),
    ((4, 5), [0, 4, 2, 1], {"reduction": "none"}),
    ((4, 5), [0, -100, 2, -100], {}),
    ((4, 5), [0, 3, 2, 3], {"ignore_index": 3}),
    ((4, 5), [0, 3, 2, 1], {"weight": [0.5, 1.0, 2.0, 1.5, 0.25]}),
    ((5,), 2, {}),
    ((2, 3, 4), [[0, 1, 2, 0], [2, 2, 1, 0]], {}),
    ((3, 4), [0, 1, 3], {"size_average": False}),
    ((3, 4), [0, 1, 3], {"reduce": False}),
]


def _ce_inputs(shape, target, kwargs):
    n = torch.Size(shape).numel()
    x = (torch.arange(float(n)) * 0.77).sin().reshape(shape).requires_grad_()
    kwargs = dict(kwargs)
    if "weight" in kwargs:
        kwargs["weight"] = torch.tensor(kwargs["weight"])
    return x, torch.tensor(target), kwargs


# the legacy flags warn as torch's do (recorded in cases_nnextra.py)
@pytest.mark.filterwarnings("ignore:size_average and reduce args")
@pytest.mark.parametrize("shape,target,kwargs", CE_CASES, ids=str)
def test_cross_entropy_matches_composition(shape, target, kwargs):
    import ferrograd.nn.functional as F

    x, t, kw = _ce_inputs(shape, target, kwargs)
    out = F.cross_entropy(x, t, **kw)
    legacy = {k: kw.pop(k) for k in ("size_average", "reduce") if k in kw}
    reduction = F._reduction(legacy.get("size_average"), legacy.get("reduce"), "mean")
    reduction = kw.pop("reduction", reduction)
    x2 = x.detach().clone().requires_grad_()
    ref = F.nll_loss(F.log_softmax(x2, 1 if x2.dim() > 1 else 0), t, reduction=reduction, **kw)
    assert out.tolist() == ref.tolist()
    assert type(out.grad_fn).__name__ == type(ref.grad_fn).__name__
    assert type(out.grad_fn).__name__ in ("NllLossBackward0", "NllLoss2DBackward0")
    inner = out.grad_fn.next_functions[0][0]
    assert type(inner).__name__ == "LogSoftmaxBackward0"
    out.sum().backward()
    ref.sum().backward()
    assert x.grad.tolist() == x2.grad.tolist()


def test_cross_entropy_other_cases_take_the_general_path():
    import ferrograd.nn.functional as F
    from ferrograd import _core

    x = (torch.arange(12.0) * 0.3).sin().reshape(3, 4)
    t = torch.tensor([1, 0, 3])
    probs = torch.softmax(torch.arange(12.0).reshape(3, 4), 1)
    assert _core.cross_entropy(x, probs, None, -100, "mean", 0.0) is None
    assert _core.cross_entropy(x, t, None, -100, "mean", 0.1) is None
    assert _core.cross_entropy(x, [1, 0, 3], None, -100, "mean", 0.0) is None
    assert _core.cross_entropy(x, t, None, -100, None, 0.0) is None
    soft = F.cross_entropy(x, probs)
    assert type(soft.grad_fn).__name__ != "NllLossBackward0"
    smooth = F.cross_entropy(x, t, label_smoothing=0.1)
    plain = F.cross_entropy(x, t)
    assert smooth.item() != plain.item()
    with pytest.raises(ValueError, match="bogus is not a valid value for reduction"):
        F.cross_entropy(x, t, reduction="bogus")
    with pytest.raises(ValueError, match="None is not a valid value for reduction"):
        F.cross_entropy(x, t, reduction=None)
    # torch 2.13's message for a list target
    msg = "cross_entropy_loss(): argument 'target' (position 2) must be Tensor, not list"
    with pytest.raises(TypeError, match=re.escape(msg)):
        F.cross_entropy(x, [1, 0, 3])


def test_cat_of_contiguous_views_with_offsets():
    x = torch.arange(10.0)
    m = torch.arange(12.0).reshape(3, 4)
    assert torch.cat([x[2:5], x[:3], x[7:]]).tolist() == [2.0, 3.0, 4.0, 0.0, 1.0, 2.0, 7.0, 8.0, 9.0]
    # rows of a matrix are contiguous views too; a leading 1-sized dim keeps one block per part
    out = torch.cat([m[1:2], m[0:1]], 1)
    assert out.tolist() == [[4.0, 5.0, 6.0, 7.0, 0.0, 1.0, 2.0, 3.0]]
    out = torch.cat([m[2:], m[:1]], 0)
    assert out.tolist() == [m[2].tolist(), m[0].tolist()]


def test_cat_of_vectors_matches_the_general_path():
    # the one-pass join of contiguous vectors, against values built by hand,
    # and the cases it hands to the general path
    for dtype in (torch.float32, torch.float64, torch.int64, torch.bool, torch.float16):
        a = torch.tensor([1, 0, 3], dtype=dtype)
        b = torch.tensor([0, 5], dtype=dtype)
        for dim in (0, -1):
            out = torch.cat([a, b], dim)
            assert out.dtype == dtype and out.tolist() == a.tolist() + b.tolist()
    strided = torch.arange(6.0)[::2]
    assert torch.cat([strided, torch.ones(1)]).tolist() == [0.0, 2.0, 4.0, 1.0]
    assert torch.cat([torch.ones(2), torch.tensor([1, 2])]).dtype == torch.float32
    assert torch.cat([torch.ones(0), torch.ones(2)]).tolist() == [1.0, 1.0]
    big = torch.arange(300_000.0)
    assert torch.equal(torch.cat([big, big])[300_000:], big)
    with pytest.raises(IndexError, match="Dimension out of range"):
        torch.cat([torch.ones(2)], 1)
    w = torch.ones(2, requires_grad=True)
    assert torch.cat([w, torch.ones(1)]).grad_fn.name() == "CatBackward0"
