"""The kernel layer against numpy: broadcasting layouts, sizes on both sides of the parallel
threshold, the vectorized float32 math, row kernels along every dim, and the gradient buffers
the engine reuses in place. Values are compared with float64 numpy references."""

import ferrograd as torch
import numpy as np
import pytest

# 65,536 elements and up run in parallel; cover both sides
SIZES = [7, 1000, 70_001]


def f32(a):
    return torch.tensor(np.asarray(a, dtype=np.float32))


def close(t, ref, rtol=2e-6, atol=1e-6):
    np.testing.assert_allclose(t.detach().numpy().astype(np.float64), ref, rtol=rtol, atol=atol)


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize(
    "name, fn, ref, lo, hi",
    [
        ("exp", torch.exp, np.exp, -80.0, 80.0),
        ("log", torch.log, np.log, 1e-30, 1e30),
        ("tanh", torch.tanh, np.tanh, -12.0, 12.0),
        ("sigmoid", torch.sigmoid, lambda x: 1 / (1 + np.exp(-x)), -30.0, 30.0),
    ],
)
def test_float32_math_matches_float64_reference(n, name, fn, ref, lo, hi):
    rng = np.random.default_rng(n)
    if name == "log":
        x = np.exp(rng.uniform(np.log(lo), np.log(hi), n)).astype(np.float32)
    else:
        x = rng.uniform(lo, hi, n).astype(np.float32)
    close(fn(f32(x)), ref(x.astype(np.float64)), rtol=4e-7 * 8, atol=1e-37)


def test_float32_math_special_values():
    x = f32([0.0, -0.0, np.inf, -np.inf, np.nan, 100.0, -110.0, 1e-40])
    e = torch.exp(x).numpy()
    assert e[0] == 1 and e[1] == 1 and e[2] == np.inf and e[3] == 0 and np.isnan(e[4])
    assert e[5] == np.inf and e[6] == 0
    t = torch.tanh(x).numpy()
    assert t[0] == 0 and np.signbit(t[1]) and t[2] == 1 and t[3] == -1 and np.isnan(t[4])
    with np.errstate(divide="ignore", invalid="ignore"):
        lg = torch.log(f32([0.0, -1.0, np.inf, np.nan, 1.0, 1e-40])).numpy()
    assert lg[0] == -np.inf and np.isnan(lg[1]) and lg[2] == np.inf and np.isnan(lg[3])
    assert lg[4] == 0
    assert abs(lg[5] - np.log(np.float64(np.float32(1e-40)))) < 1e-5
    s = torch.sigmoid(f32([-np.inf, np.inf, -200.0, 200.0])).numpy()
    assert list(s) == [0.0, 1.0, 0.0, 1.0]


LAYOUTS = [
    # (shape a, shape b): broadcasting patterns the row kernel treats differently
    ((300, 301), (300, 301)),
    ((300, 301), (301,)),
    ((300, 1), (1, 301)),
    ((300, 301), (300, 1)),
    ((1,), (300, 301)),
    ((2, 3, 1, 5), (3, 4, 1)),
    ((240, 1, 300), (1, 7, 300)),
]


@pytest.mark.parametrize("sa, sb", LAYOUTS)
@pytest.mark.parametrize("transpose", [False, True])
def test_broadcast_binary_matches_numpy(sa, sb, transpose):
    rng = np.random.default_rng(0)
    a = rng.standard_normal(sa).astype(np.float32)
    b = rng.standard_normal(sb).astype(np.float32)
    ta, tb = f32(a), f32(b)
    if transpose and len(sa) >= 2:
        # a non-contiguous operand with the same values
        ta = f32(np.ascontiguousarray(a.swapaxes(-1, -2))).transpose(-1, -2)
    close(ta * tb - tb, a.astype(np.float64) * b - b)
    close(torch.maximum(ta, tb), np.maximum(a, b).astype(np.float64))


def test_expanded_scalar_operand():
    x = f32(np.arange(100_000) / 1000)
    s = torch.tensor(3.0).expand(100_000)
    close(x * s, np.arange(100_000) / 1000 * 3.0, rtol=1e-6)
    close(s - x, 3.0 - np.arange(100_000) / 1000, rtol=1e-6, atol=1e-5)


@pytest.mark.parametrize("n", [5, 100_000, 1_000_003])
def test_float_sums(n):
    x = np.random.default_rng(n).standard_normal(n).astype(np.float32)
    assert abs(torch.tensor(x).sum().item() - x.astype(np.float64).sum()) <= 1e-6 * n**0.5 * 4
    xd = x.astype(np.float64)
    assert abs(torch.tensor(xd).sum().item() - xd.sum()) <= 1e-9


def test_sum_does_not_depend_on_thread_count():
    x = torch.randn(1_000_003)
    before = torch.get_num_threads()
    try:
        torch.set_num_threads(1)
        one = x.sum().item()
        torch.set_num_threads(2)
        two = x.sum().item()
    finally:
        torch.set_num_threads(before)
    assert one == two


def _softmax_ref(x, dim, log):
    m = x.max(axis=dim, keepdims=True)
    e = np.exp(x - m)
    s = e.sum(axis=dim, keepdims=True)
    return (x - m - np.log(s)) if log else e / s


@pytest.mark.parametrize("shape", [(5,), (3, 7), (4, 5, 6), (300, 257)])
@pytest.mark.parametrize("log", [False, True])
def test_softmax_along_every_dim(shape, log):
    x = np.random.default_rng(1).standard_normal(shape) * 5
    for dtype, tol in ((np.float32, 3e-6), (np.float64, 1e-12)):
        t = torch.tensor(x.astype(dtype))
        for dim in range(-len(shape), len(shape)):
            out = torch.log_softmax(t, dim) if log else torch.softmax(t, dim)
            assert out.shape == t.shape and out.dtype == t.dtype and out.is_contiguous()
            close(out, _softmax_ref(x.astype(dtype).astype(np.float64), dim, log), tol, tol)


def test_softmax_extremes():
    t = torch.tensor([[1000.0, 0.0, -1000.0], [-np.inf, 0.0, 1.0], [np.nan, 1.0, 2.0]])
    out = torch.softmax(t, 1).numpy()
    assert out[0].tolist() == [1.0, 0.0, 0.0]
    np.testing.assert_allclose(out[1], [0.0, 1 / (1 + np.e), np.e / (1 + np.e)], rtol=1e-6)
    assert np.isnan(out[2]).all()


def test_gradients_summed_into_a_reused_buffer_are_right():
    # x reaches the loss three ways; the engine sums into one buffer in place
    x = torch.randn(100_000, requires_grad=True)
    xv = x.detach().numpy().astype(np.float64)
    (x.tanh() * x + x.sigmoid()).sum().backward()
    t = np.tanh(xv)
    s = 1 / (1 + np.exp(-xv))
    close(x.grad, t + xv * (1 - t * t) + s * (1 - s), rtol=1e-5, atol=1e-6)
    g1 = x.grad.clone()
    (x.tanh() * x + x.sigmoid()).sum().backward()  # accumulates into .grad
    close(x.grad, 2 * g1.numpy().astype(np.float64), rtol=1e-6)


def test_fused_backward_leaves_retained_grads_alone():
    x = torch.randn(100_000, requires_grad=True)
    y = x * 2
    y.retain_grad()
    z = y.tanh()
    z.retain_grad()
    (z * 3).sum().backward()
    assert (z.grad == 3).all().item()
    yv = y.detach().numpy().astype(np.float64)
    close(y.grad, 3 * (1 - np.tanh(yv) ** 2), rtol=1e-5, atol=1e-6)
    close(x.grad, 6 * (1 - np.tanh(yv) ** 2), rtol=1e-5, atol=1e-6)


def test_large_outputs_do_not_share_buffers():
    # freed large buffers are reused: a live tensor must never see another's writes
    x = torch.randn(500_000)
    keep = [x * float(k) for k in range(5)]
    for _ in range(3):
        tmp = x + 1.0
        del tmp
    for k, t in enumerate(keep):
        close(t, x.numpy().astype(np.float64) * k, rtol=1e-6)


REDUCE_SHAPES = [(5,), (3, 37), (4, 5, 6), (300, 257)]


def _reductions(t, x, dim):
    """(ferrograd result, float64 numpy reference) pairs for one dim (None: everything)."""
    d = () if dim is None else (dim,)
    nd = x.ndim
    keep = {"axis": dim, "keepdims": False}
    pairs = [
        (t.amax(d) if d else t.max(), x.max(**keep)),
        (t.amin(d) if d else t.min(), x.min(**keep)),
        (t.var(dim), x.var(ddof=1, **keep)),
        (t.var(dim, correction=0), x.var(**keep)),
        (t.std(dim), x.std(ddof=1, **keep)),
        (t.norm(dim=dim), np.sqrt((x * x).sum(**keep))),
        (t.norm(p=1, dim=dim), np.abs(x).sum(**keep)),
        (t.norm(p=3, dim=dim), (np.abs(x) ** 3).sum(**keep) ** (1 / 3)),
        (t.norm(p=float("inf"), dim=dim), np.abs(x).max(**keep)),
        (t.logsumexp(d if d else tuple(range(nd))), np.log(np.exp(x).sum(**keep))),
    ]
    if dim is not None:
        values, indices = t.max(dim)
        pairs += [
            (values, x.max(axis=dim)),
            (indices, x.argmax(axis=dim)),
            (t.argmin(dim), x.argmin(axis=dim)),
            (t.cumsum(dim), x.cumsum(axis=dim)),
        ]
    else:
        pairs.append((t.argmax(), np.argmax(x)))
    return pairs


@pytest.mark.parametrize("shape", REDUCE_SHAPES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_row_reductions_along_every_dim(shape, dtype):
    x = (np.random.default_rng(len(shape)).standard_normal(shape) * 3).astype(dtype)
    t = torch.tensor(x)
    xd = x.astype(np.float64)
    tol = 2e-5 if dtype == np.float32 else 1e-12
    for dim in [None, *range(len(shape))]:
        for got, ref in _reductions(t, xd, dim):
            assert got.dtype in (t.dtype, torch.int64) and tuple(got.shape) == np.shape(ref)
            close(got, ref, rtol=tol, atol=tol)
    # a product of values near 1 stays in range
    p = (1 + 0.01 * np.random.default_rng(0).standard_normal(shape)).astype(dtype)
    for dim in range(len(shape)):
        close(torch.tensor(p).prod(dim), p.astype(np.float64).prod(axis=dim), tol, tol)
    # reducing several dims at once, in any order
    if len(shape) == 3:
        close(t.amax((2, 0)), xd.max(axis=(0, 2)), tol, tol)
        close(t.var((0, 2)), xd.var(axis=(0, 2), ddof=1), tol, tol)
        close(t.logsumexp((0, 2)), np.log(np.exp(xd).sum(axis=(0, 2))), tol, tol)


def test_row_reductions_of_integers_and_views():
    x = np.arange(-60, 60).reshape(3, 40)
    t = torch.tensor(x)
    assert t.amax(1).dtype == torch.int64 and t.amax(1).tolist() == x.max(axis=1).tolist()
    assert t.cumsum(0).tolist() == x.cumsum(axis=0).tolist()
    assert t.argmax(1).tolist() == x.argmax(axis=1).tolist()
    # a transposed, sliced view reduces like its values
    f = torch.tensor(x.astype(np.float32)).t()[5:, ::2]
    ref = x.T[5:, ::2].astype(np.float64)
    close(f.var(1), ref.var(axis=1, ddof=1), 1e-6, 1e-6)
    close(f.amax(0), ref.max(axis=0))


def test_extremes_with_nan_and_infinities():
    nan, inf = float("nan"), float("inf")
    row = [1.0] * 20 + [nan, 5.0, nan] + [2.0] * 20
    t = torch.tensor([row, [1.0] * 40 + [7.0, 7.0, 3.0]])
    values, indices = t.max(1)
    assert np.isnan(values[0].item()) and values[1].item() == 7.0
    assert indices.tolist() == [20, 40]
    assert t.argmin(1).tolist() == [20, 0]
    assert np.isnan(t.amax(1)[0].item()) and np.isnan(t.amin(1)[0].item())
    assert np.isnan(t.max().item())
    assert torch.tensor([-inf] * 20).logsumexp(0).item() == -inf
    assert torch.tensor([inf, 1.0] * 10).logsumexp(0).item() == inf
    # ties share the gradient of max
    a = torch.tensor([[3.0] * 17 + [1.0]], requires_grad=True)
    a.amax(1).sum().backward()
    close(a.grad, [[1 / 17] * 17 + [0.0]])


def _layer_norm_ref(x, w, b, eps, k):
    axes = tuple(range(x.ndim - k, x.ndim))
    mu = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True)
    y = (x - mu) / np.sqrt(var + eps)
    return y * (1.0 if w is None else w) + (0.0 if b is None else b)


@pytest.mark.parametrize("shape, k", [((300, 257), 1), ((4, 5, 6), 2), ((7,), 1)])
@pytest.mark.parametrize("affine", ["none", "weight", "both"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_layer_norm_forward_and_backward(shape, k, affine, dtype):
    rng = np.random.default_rng(3)
    x = (rng.standard_normal(shape) * 2 + 1).astype(dtype)
    g = rng.standard_normal(shape).astype(dtype)
    norm = shape[len(shape) - k :]
    w = (1 + 0.1 * rng.standard_normal(norm)).astype(dtype) if affine != "none" else None
    b = rng.standard_normal(norm).astype(dtype) if affine == "both" else None
    tol = 2e-5 if dtype == np.float32 else 1e-10

    def run(create_graph):
        leaves = [torch.tensor(v, requires_grad=True) for v in (x, w, b) if v is not None]
        tx = leaves[0]
        tw = leaves[1] if w is not None else None
        tb = leaves[-1] if b is not None else None
        out = torch.nn.functional.layer_norm(tx, norm, tw, tb, 1e-5)
        grads = torch.autograd.grad(out, leaves, torch.tensor(g), create_graph=create_graph)
        return out, grads

    out, fast = run(False)
    close(out, _layer_norm_ref(x.astype(np.float64), w, b, 1e-5, k), tol, tol)
    # the one-pass backward agrees with the backward written in tensor ops
    _, recorded = run(True)
    for a, r in zip(fast, recorded):
        close(a, r.detach().numpy().astype(np.float64), tol * 10, tol * 10)


def test_layer_norm_parameter_grads_do_not_depend_on_thread_count():
    x = torch.randn(700, 300, requires_grad=True)
    w = torch.ones(300, requires_grad=True)
    grads = []
    before = torch.get_num_threads()
    try:
        for n in (1, 2):
            torch.set_num_threads(n)
            out = torch.nn.functional.layer_norm(x, (300,), w)
            grads.append(torch.autograd.grad(out, [x, w], torch.ones(700, 300)))
    finally:
        torch.set_num_threads(before)
    assert all((a == b).all().item() for a, b in zip(*grads))


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("name", ["mse_loss", "smooth_l1_loss", "huber_loss"])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_pair_losses_match_numpy(n, name, reduction):
    rng = np.random.default_rng(n)
    x, y = rng.standard_normal(n).astype(np.float32), rng.standard_normal(n).astype(np.float32)
    d = x.astype(np.float64) - y.astype(np.float64)
    ad = np.abs(d)
    loss, slope = {
        "mse_loss": (d * d, 2 * d),
        "smooth_l1_loss": (np.where(ad < 1, 0.5 * d * d, ad - 0.5), np.clip(d, -1, 1)),
        "huber_loss": (np.where(ad <= 1, 0.5 * d * d, ad - 0.5), np.clip(d, -1, 1)),
    }[name]
    tx = torch.tensor(x, requires_grad=True)
    out = getattr(torch.nn.functional, name)(tx, torch.tensor(y), reduction=reduction)
    scale = {"mean": 1 / n, "sum": 1.0, "none": 1.0}[reduction]
    ref = loss if reduction == "none" else loss.sum() * scale
    close(out, ref, rtol=2e-5, atol=1e-6)
    out.backward(torch.ones_like(out))
    close(tx.grad, slope * scale, rtol=2e-6, atol=1e-9)


@pytest.mark.parametrize("shape", [(5,), (3, 7), (4, 5, 6), (300, 257), (20_000, 10)])
@pytest.mark.parametrize("log", [False, True])
def test_softmax_backward_along_every_dim(shape, log):
    rng = np.random.default_rng(2)
    x = rng.standard_normal(shape) * 3
    g = rng.standard_normal(shape)
    for dtype, tol in ((np.float32, 1e-5), (np.float64, 1e-12)):
        for dim in range(-len(shape), len(shape)):
            t = torch.tensor(x.astype(dtype), requires_grad=True)
            out = torch.log_softmax(t, dim) if log else torch.softmax(t, dim)
            (fast,) = torch.autograd.grad(out, t, torch.tensor(g.astype(dtype)))
            # from the forward's own output: only the backward's arithmetic is checked
            y = out.detach().numpy().astype(np.float64)
            gd = g.astype(dtype).astype(np.float64)
            if log:
                term = np.exp(y) * gd.sum(axis=dim, keepdims=True)
            else:
                term = y * (gd * y).sum(axis=dim, keepdims=True)
            ref = gd - term if log else y * gd - term
            # the two terms cancel: the error scales with the larger one
            close(fast, ref, tol, tol * max(1.0, np.abs(term).max()))


@pytest.mark.parametrize(
    "make, make_ref",
    [
        (lambda t: t.t(), lambda x: x.T),
        (lambda t: t[:, ::3], lambda x: x[:, ::3]),
        (lambda t: t[2:, 1:-1].t()[::2], lambda x: x[2:, 1:-1].T[::2]),
        (lambda t: t[:1].expand(400, 301), lambda x: np.broadcast_to(x[:1], (400, 301))),
        (lambda t: t[:, :1].expand(400, 301), lambda x: np.broadcast_to(x[:, :1], (400, 301))),
        (
            lambda t: t.reshape(400, 1, 301).expand(400, 3, 301),
            lambda x: np.broadcast_to(x.reshape(400, 1, 301), (400, 3, 301)),
        ),
    ],
)
def test_strided_copies_match_numpy(make, make_ref):
    x = np.arange(400 * 301, dtype=np.float32).reshape(400, 301)
    view = make(torch.tensor(x))
    out = view.contiguous()
    assert out.is_contiguous() and tuple(out.shape) == make_ref(x).shape
    np.testing.assert_array_equal(out.numpy(), make_ref(x))
    # an expanded gradient is materialized into .grad with the right values
    a = torch.tensor(x, requires_grad=True)
    a.sum().backward()
    assert (a.grad == 1).all().item() and a.grad.is_contiguous()


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize(
    "m, k, n", [(3, 200, 2), (64, 784, 128), (784, 64, 128), (70, 1030, 33), (150, 9, 4100)]
)
@pytest.mark.parametrize("layout", ["nn", "tn", "nt", "tt"])
def test_float32_matmul_every_layout_against_float64(threads, m, k, n, layout):
    # sizes cross the kernel's tile edges, depth blocks and column blocks;
    # transposed operands are read through their strides
    rng = np.random.default_rng(m * n + k)
    a = rng.standard_normal((m, k)).astype(np.float32)
    b = rng.standard_normal((k, n)).astype(np.float32)
    ta = f32(a.T.copy()).t() if layout[0] == "t" else f32(a)
    tb = f32(b.T.copy()).t() if layout[1] == "t" else f32(b)
    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        out = ta @ tb
    finally:
        torch.set_num_threads(before)
    ref = a.astype(np.float64) @ b.astype(np.float64)
    close(out, ref, rtol=1e-4, atol=1e-4 * np.sqrt(k))


@pytest.mark.parametrize("threads", [1, 2])
def test_float32_batched_matmul_against_float64(threads):
    rng = np.random.default_rng(5)
    a = rng.standard_normal((6, 40, 300)).astype(np.float32)
    b = rng.standard_normal((6, 300, 50)).astype(np.float32)
    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        out = torch.bmm(f32(a), f32(b))
    finally:
        torch.set_num_threads(before)
    close(out, a.astype(np.float64) @ b.astype(np.float64), rtol=1e-4, atol=1e-3)


@pytest.mark.parametrize("n", SIZES + [300_001])
@pytest.mark.parametrize("start, step", [(0, 2), (1, 3), (5, 7)])
def test_strided_slice_backward_scatters_every_gradient(n, start, step):
    values = np.linspace(-1.0, 1.0, n)
    x = f32(values).requires_grad_()
    out = x[start::step]
    weights = np.arange(out.shape[0], dtype=np.float64) % 11 - 5.0
    out.backward(f32(weights))
    ref = np.zeros(n)
    ref[start::step] = weights
    close(x.grad, ref)


@pytest.mark.parametrize("shape", [(7,), (1000,), (300, 300)])
@pytest.mark.parametrize("value", [0.0, -2.5])
def test_filled_tensors_hold_the_value_everywhere(shape, value):
    for dtype in (torch.float32, torch.float64, torch.int64):
        t = torch.full(shape, value, dtype=dtype)
        ref = np.full(shape, value).astype(np.float64)
        if dtype == torch.int64:
            ref = np.trunc(ref)
        np.testing.assert_array_equal(t.numpy().astype(np.float64), ref)
    assert torch.zeros(shape).sum().item() == 0.0
