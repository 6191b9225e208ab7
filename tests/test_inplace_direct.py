"""In-place arithmetic that nothing records writes straight into the
tensor's buffer; it must give what the general path gives, in every case
that path handles."""

import ferrograd as torch
import numpy as np
import pytest


def _f64(a):
    return a.astype(np.float64)


OPS = {
    "iadd": (lambda t, o: t.__iadd__(o), np.add),
    "isub": (lambda t, o: t.__isub__(o), np.subtract),
    "imul": (lambda t, o: t.__imul__(o), np.multiply),
    "idiv": (lambda t, o: t.__itruediv__(o), np.divide),
    # torch rounds a + alpha * b once (a fused multiply-add); in float64 the
    # product of these alphas is exact and the sum fits, so one rounding to f32
    "add_alpha": (lambda t, o: t.add_(o, alpha=0.25), lambda a, b: _f64(a) + 0.25 * _f64(b)),
    "sub_alpha": (lambda t, o: t.sub_(o, alpha=3), lambda a, b: _f64(a) - 3.0 * _f64(b)),
}


@pytest.mark.parametrize("name", sorted(OPS))
@pytest.mark.parametrize("n", [7, 100_000])
@pytest.mark.parametrize("threads", [1, 2])
def test_matches_numpy_at_serial_and_parallel_sizes(name, n, threads):
    op, ref = OPS[name]
    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        a = np.sin(np.arange(n, dtype=np.float32))
        b = np.cos(np.arange(n, dtype=np.float32)) + 2
        t, o = torch.tensor(a), torch.tensor(b)
        op(t, o)
        np.testing.assert_array_equal(t.numpy(), ref(a, b).astype(np.float32))
        assert t._version == 1 and o.tolist() == b.tolist()
    finally:
        torch.set_num_threads(before)


def test_sgd_update_under_no_grad_keeps_the_leaf():
    w = torch.ones(3, requires_grad=True)
    (w * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
    g = w.grad
    with torch.no_grad():
        w -= 0.5 * w.grad
    assert w.tolist() == [0.5, 0.0, -0.5]
    assert w.is_leaf and w.requires_grad and w.grad_fn is None and w._version == 1
    assert w.grad is g and g.tolist() == [1.0, 2.0, 3.0]


def test_the_leaf_rule_still_applies_with_grad_enabled():
    w = torch.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        w -= torch.ones(3)
    assert w.tolist() == [1.0, 1.0, 1.0] and w._version == 0


def test_writes_through_a_view_reach_the_base():
    base = torch.zeros(2, 4)
    row = base[1]
    row += torch.ones(4)
    assert base.tolist() == [[0.0] * 4, [1.0] * 4]
    assert base._version == 1


def test_aliasing_and_broadcast_operands_take_the_general_path():
    x = torch.arange(4.0)
    x += x
    assert x.tolist() == [0.0, 2.0, 4.0, 6.0]
    y = torch.arange(4.0)
    y -= y.flip(0)
    assert y.tolist() == [-3.0, -1.0, 1.0, 3.0]
    z = torch.ones(2, 3)
    z *= torch.tensor([1.0, 2.0, 3.0])
    assert z.tolist() == [[1.0, 2.0, 3.0]] * 2


def test_mismatched_dtype_and_shape_errors_leave_the_tensor_unchanged():
    a = torch.ones(3, dtype=torch.int64)
    with pytest.raises(RuntimeError, match="result type Float can't be cast"):
        a += torch.ones(3)
    b = torch.ones(3)
    with pytest.raises(RuntimeError, match="doesn't match the broadcast shape"):
        b += torch.ones(2, 3)
    assert a.tolist() == [1, 1, 1] and b.tolist() == [1.0, 1.0, 1.0]
    assert a._version == 0 and b._version == 0


def test_inference_tensors_keep_their_error():
    with torch.inference_mode():
        t = torch.ones(3)
    with pytest.raises(RuntimeError, match="Inplace update to inference tensor"):
        t += torch.ones(3)


def test_recorded_updates_still_record():
    x = torch.ones(3, requires_grad=True)
    y = x * 1
    y += torch.ones(3)
    assert type(y.grad_fn).__name__ == "AddBackward0"
    y.sum().backward()
    assert x.grad.tolist() == [1.0, 1.0, 1.0]
