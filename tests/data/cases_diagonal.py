"""Diagonals, recorded from torch: diagonal (a view, any offset and pair of
dims), diag (a vector onto a matrix, a matrix's diagonal copied),
diag_embed, trace (added in double, as torch's kernel does); values,
strides, storage offsets, grad_fn names, gradients and errors."""

_SETUP = "torch.manual_seed(0); x = torch.randn(3, 4, requires_grad=True); y = x * 1\n"

CASES = {
    "diagonal_views": _SETUP + (
        "ds = [y.diagonal(), y.diagonal(1), y.diagonal(-1), y.diagonal(5), "
        "torch.diagonal(y, 0, 1, 0), y.t().diagonal(2)]\n"
        "sum(d.sum() * (i + 1) for i, d in enumerate(ds)).backward()\n"
        "result = (ds, [(d.stride(), d.storage_offset()) for d in ds], x.grad)"
    ),
    "diagonal_batched": (
        "z = torch.arange(24.).reshape(2, 3, 4); w = torch.arange(24.).reshape(2, 3, 4).permute(2, 0, 1)\n"
        "result = [(d, d.stride(), d.storage_offset()) for d in (z.diagonal(0, -1, 0), "
        "z.diagonal(1, 1, 2), w.diagonal(), z.diagonal(-1, 2, 1))]"
    ),
    "diagonal_is_a_view": (
        "m = torch.zeros(3, 3); m.diagonal().fill_(1.); m.diagonal(1).add_(torch.tensor([5., 6.]))\n"
        "result = m"
    ),
    "diagonal_inplace_grad": _SETUP + (
        "y.diagonal().mul_(2); y.sum().backward(); result = (y, y.grad_fn, x.grad)"
    ),
    "diagonal_same_dims": "torch.ones(2, 2).diagonal(0, 0, 0)",
    "diagonal_of_vector": "torch.arange(3.).diagonal()",
    "diagonal_diag": _SETUP + (
        "v = torch.randn(3, requires_grad=True); a = torch.diag(v * 1); b = torch.diag(v, 1)\n"
        "c = torch.diag(y, -1); d = y.diag(); (a.sum() + (b * b).sum() + c.sum() * 3 + d.sum()).backward()\n"
        "result = (a, b, c, d, v.grad, x.grad, torch.diag(torch.arange(3)), torch.diag(torch.arange(9).reshape(3, 3), 1))"
    ),
    "diagonal_diag_3d": "torch.diag(torch.ones(2, 2, 2))",
    "diagonal_diag_0d": "torch.diag(torch.tensor(1.))",
    "diagonal_diag_embed": (
        "torch.manual_seed(1); v = torch.randn(2, 3, requires_grad=True)\n"
        "a = torch.diag_embed(v); b = torch.diag_embed(v, 1); c = v.diag_embed(-1, 0, 2)\n"
        "((a * a).sum() + b.sum() + c.sum() * 2).backward(); result = (a, b, c, v.grad)"
    ),
    "diagonal_trace": _SETUP + (
        "t = torch.trace(y); t.backward(); d = torch.arange(1, 10, dtype=torch.float64).reshape(3, 3) / 7\n"
        "result = (t, x.grad, y.t().trace(), torch.trace(d), torch.trace(torch.arange(12).reshape(3, 4)), "
        "torch.trace(torch.arange(6, dtype=torch.int32).reshape(2, 3)), torch.trace(torch.ones(0, 0)))"
    ),
    "diagonal_trace_of_vector": "torch.trace(torch.arange(3.))",
    "diagonal_trace_double_backward": (
        "x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)\n"
        "g, = torch.autograd.grad(torch.trace(x * x), x, create_graph=True); g.sum().backward()\n"
        "result = (g, x.grad)"
    ),
}
