"""Scatter and index ops recorded from torch 2.13: scatter (tensor and value),
scatter_add, index_add (alpha), index_copy, index_fill, their in-place forms
(identity, version, node), masked_select, take, roll, cumprod (zeros
included) and repeat_interleave, with values, gradients, nodes and errors."""

_RUN = (
    "torch.manual_seed(0)\n"
    "def run(f, *tensors):\n"
    "    y = f(*tensors)\n"
    "    (y * torch.arange(y.numel(), dtype=y.dtype).reshape(y.shape).cos()).sum().backward()\n"
    "    return [y, y.grad_fn, [t.grad for t in tensors]]\n"
    "def leaf(*shape, dtype=torch.float32):\n"
    "    return torch.randn(*shape, dtype=dtype).requires_grad_()\n"
    "idx = torch.tensor([[0, 1, 2, 0], [2, 0, 0, 1]])\n"
)


def _case(body):
    return _RUN + body


CASES = {
    # a bool scalar (Python or 0-d tensor) adds a dim of size 1 or 0, as a mask
    "indexops_bool_scalar": _case(
        "def graph(t):\n"
        "    return [type(t.grad_fn).__name__, [type(n).__name__ for n, _ in t.grad_fn.next_functions]]\n"
        "keys = [True, False, (None, True), (True, 0), (0, True), (Ellipsis, False), (True, slice(1, None)), "
        "torch.tensor(True), torch.tensor(False), (True, [1, 0]), (torch.tensor(True), torch.tensor([[True, False, True]]))]\n"
        "out = []\n"
        "for k in keys:\n"
        "    x = leaf(2, 3)\n"
        "    y = x[k]\n"
        "    out.append([y, y.stride(), graph(y)] + run(lambda t: t[k], x))\n"
        "z = torch.arange(6.).reshape(2, 3)\n"
        "z[True] = 7.0; z2 = torch.arange(6.).reshape(2, 3); z2[False] = 7.0\n"
        "z3 = torch.arange(6.).reshape(2, 3); z3[True, 0] = torch.tensor([9.0, 8.0, 7.0])\n"
        "result = [out, z, z2, z3, torch.tensor(3.0)[True], torch.tensor(3.0)[False], torch.tensor(3.0)[None, True]]"
    ),
    "indexops_scatter": _case(
        "result = [run(lambda x, s: x.scatter(0, idx, s), leaf(3, 4), leaf(2, 4)), "
        "run(lambda x, s: torch.scatter(x, 1, idx[:, :2], s), leaf(2, 3), leaf(2, 2)), "
        "run(lambda x: x.scatter(-1, idx[:, :3] % 2, 5.0), leaf(2, 3)), "
        "run(lambda x, s: x.scatter_add(0, idx, s), leaf(3, 4), leaf(2, 4)), "
        "run(lambda x, s: torch.scatter_add(x, 0, idx[:1], s), leaf(3, 4, dtype=torch.float64), "
        "leaf(2, 4, dtype=torch.float64)), "
        "torch.zeros(3, 5, dtype=torch.int64).scatter_(1, torch.tensor([[1], [4], [0]]), 1), "
        "torch.zeros(2, 4).scatter_add(1, torch.tensor([[1, 1, 1], [3, 3, 0]]), "
        "torch.ones(2, 3))]"
    ),
    "indexops_scatter_inplace": _case(
        "x, s = leaf(3, 4), leaf(2, 4)\n"
        "y = x * 1\nv0 = y._version\nz = y.scatter_(0, idx, s)\n"
        "w = x * 2\nw.scatter_add_(0, idx, s)\n"
        "(z.sum() + (w * w).sum()).backward()\n"
        "result = [z is y, y._version - v0, y.grad_fn, w.grad_fn, y, w, x.grad, s.grad]"
    ),
    "indexops_index_add_copy_fill": _case(
        "i = torch.tensor([0, 2, 0])\n"
        "result = [run(lambda x, s: x.index_add(0, i, s), leaf(3, 2), leaf(3, 2)), "
        "run(lambda x, s: torch.index_add(x, 1, i, s, alpha=-2), leaf(2, 3), leaf(2, 3)), "
        "run(lambda x, s: x.index_copy(0, i[:2], s), leaf(3, 2), leaf(2, 2)), "
        "run(lambda x: x.index_fill(1, i, -1.5), leaf(2, 3)), "
        "run(lambda x: torch.index_fill(x, 0, torch.tensor([1]), torch.tensor(4.0)), leaf(2, 3)), "
        "torch.zeros(3, dtype=torch.int64).index_add_(0, torch.tensor([1, 1]), "
        "torch.tensor([5, 6]))]"
    ),
    "indexops_index_inplace": _case(
        "x, s = leaf(3, 2), leaf(2, 2)\n"
        "y = x * 1\na = y.index_add_(0, torch.tensor([2, 2]), s, alpha=3)\n"
        "b = (x * 1).index_copy_(0, torch.tensor([1, 0]), s)\n"
        "c = (x * 1).index_fill_(1, torch.tensor([0]), 9.0)\n"
        "(a.sum() + (b * b).sum() + c.sum()).backward()\n"
        "result = [a is y, y._version, a.grad_fn, b.grad_fn, c.grad_fn, a, b, c, x.grad, s.grad]"
    ),
    "indexops_select_take_roll": _case(
        "x = leaf(3, 4)\nm = torch.tensor([True, False, True, True])\n"
        "result = [run(lambda x: x.masked_select(x > 0), x), "
        "run(lambda x: torch.masked_select(x, m), leaf(3, 4)), "
        "run(lambda x: x.take(torch.tensor([[0, 11], [5, 5]])), leaf(3, 4)), "
        "run(lambda x: torch.take(x, torch.tensor([-1, 2])), leaf(2, 3)), "
        "run(lambda x: x.roll(1, 0), leaf(3, 4)), run(lambda x: x.roll(-5), leaf(3, 4)), "
        "run(lambda x: torch.roll(x, (2, -1), (1, 0)), leaf(3, 4)), "
        "torch.arange(6).roll(2), torch.arange(6).reshape(2, 3).roll(1, 1)]"
    ),
    "indexops_cumprod": _case(
        "z = torch.tensor([[2.0, 0.0, 3.0, 4.0], [0.5, -1.0, 0.0, 0.0]], requires_grad=True)\n"
        "result = [run(lambda x: x.cumprod(1), leaf(3, 4)), run(lambda x: torch.cumprod(x, 0), "
        "leaf(3, 4, dtype=torch.float64)), run(lambda x: x.cumprod(-1), z), "
        "torch.arange(1, 6).cumprod(0), torch.tensor([1, 2, 3], dtype=torch.int32).cumprod(0), "
        "torch.tensor([True, True]).cumprod(0), torch.tensor([1.5, 2.0]).cumprod(0, "
        "dtype=torch.float64)]"
    ),
    "indexops_repeat_interleave": _case(
        "result = [run(lambda x: x.repeat_interleave(2), leaf(2, 3)), "
        "run(lambda x: x.repeat_interleave(3, dim=1), leaf(2, 2)), "
        "run(lambda x: torch.repeat_interleave(x, torch.tensor([1, 0, 2]), dim=0), leaf(3, 2)), "
        "torch.repeat_interleave(torch.tensor([2, 0, 1])), "
        "torch.tensor([[1, 2], [3, 4]]).repeat_interleave(2, 0)]"
    ),
    "indexops_inplace_on_views": _case(
        "x, s = leaf(3, 4), leaf(1, 2)\n"
        "y = x * 1\nv = y[1]\n"
        "v.index_fill_(0, torch.tensor([1]), 5.0)\n"
        "y[:, 2:].scatter_add_(1, torch.tensor([[1, 0]]), s)\n"
        "y.pow(2).sum().backward()\n"
        "result = [y, y.grad_fn, v.grad_fn, x.grad, s.grad]"
    ),
    "indexops_err_scatter_dtype": _case(
        "torch.zeros(3, 4).scatter(0, idx, torch.ones(2, 4, dtype=torch.float64))"
    ),
    "indexops_err_scatter_range": _case(
        "torch.zeros(3, 4).scatter(0, torch.tensor([[5]]), torch.ones(2, 4))"
    ),
    "indexops_err_scatter_shape": _case(
        "torch.zeros(3, 4).scatter(0, torch.zeros(4, 4, dtype=torch.long), torch.ones(2, 4))"
    ),
    "indexops_err_scatter_index_checks": _case(
        "x, s = torch.zeros(3, 4), torch.ones(2, 4)\nout = []\n"
        "for call in (lambda: x.scatter(0, torch.tensor([[0.0, 1.0]]), s), "
        "lambda: x.scatter(0, torch.tensor([0, 1]), s), "
        "lambda: x.scatter(0, torch.tensor([0, 1]), 1.0), "
        "lambda: torch.zeros(2, 3).scatter(0, torch.zeros(1, 1, dtype=torch.long), "
        "torch.ones(3)), lambda: x.scatter_add(0, torch.tensor([[0.0]]), s), "
        "lambda: x.scatter(0, torch.zeros(0, dtype=torch.long), s), "
        "lambda: x.scatter(0, torch.tensor([[0, 2]], dtype=torch.int32), s)):\n"
        "    try:\n"
        "        out.append(call())\n"
        "    except (RuntimeError, IndexError) as e:\n"
        "        out.append([type(e).__name__, str(e)])\n"
        "result = out"
    ),
    "indexops_err_scatter_dim": _case("torch.zeros(3, 4).scatter(2, idx, torch.ones(2, 4))"),
    "indexops_err_leaf_inplace": _case("leaf(3, 4).scatter_(0, idx, torch.ones(2, 4))"),
    "indexops_err_index_add_range": _case(
        "torch.zeros(3, 2).index_add(0, torch.tensor([0, 5]), torch.ones(2, 2))"
    ),
    "indexops_err_index_add_dtype": _case(
        "torch.zeros(3, 2).index_add(0, torch.tensor([0.0, 1.0]), torch.ones(2, 2))"
    ),
    "indexops_err_take_range": _case("torch.zeros(3, 4).take(torch.tensor([12]))"),
    "indexops_err_roll_dims": _case("torch.zeros(3, 4).roll((1, 2), 0)"),
    "indexops_err_masked_select_mask": _case(
        "torch.zeros(3).masked_select(torch.tensor([1, 0, 1]))"
    ),
}

# float32 products and sums may round differently from torch's kernels
TOLERANCES = {"indexops_": (2e-6, 1e-7)}
