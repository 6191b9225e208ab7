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
