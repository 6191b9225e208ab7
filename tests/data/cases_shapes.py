"""Shape functions torch writes in terms of other ops, recorded from torch:
hstack/vstack/dstack/column_stack (cat), tensor_split (slices), tile
(repeat), swapaxes/swapdims (transpose), broadcast_tensors/broadcast_shapes,
meshgrid (expand), take_along_dim (gather), atleast_nd, diff (subtraction,
xor for bools): values, grad_fn names, gradients and torch's errors."""

_SETUP = (
    "torch.manual_seed(0); x = torch.randn(2, 3, requires_grad=True); "
    "y = torch.randn(2, 3, requires_grad=True); v = torch.randn(5, requires_grad=True)\n"
)

CASES = {
    "shapes_stacks": _SETUP + (
        "outs = [torch.hstack([x, y]), torch.hstack((v, v)), torch.vstack([x, y]), "
        "torch.vstack([v, v]), torch.dstack([x, y]), torch.column_stack([v, v]), "
        "torch.column_stack([x, v[:2]]), torch.hstack([torch.tensor(1.), torch.tensor(2.)])]\n"
        "sum(o.sum() for o in outs).backward(); result = (outs, x.grad, v.grad)"
    ),
    "shapes_stack_errors_empty": "torch.hstack([])",
    "shapes_stack_errors_vstack_empty": "torch.vstack(())",
    "shapes_stack_errors_mismatch": "torch.hstack([torch.ones(5), torch.ones(2, 3)])",
    "shapes_stack_errors_tensor": "torch.hstack(torch.ones(5))",
    "shapes_tensor_split": _SETUP + (
        "parts = [torch.tensor_split(v, 3), torch.tensor_split(v, [1, 4]), "
        "torch.tensor_split(v, (4, 1)), torch.tensor_split(v, torch.tensor(2)), "
        "torch.tensor_split(v, torch.tensor([1, 3])), torch.tensor_split(x, 2, dim=1), "
        "x.tensor_split([1], dim=-1), torch.tensor_split(v, [-2, 9]), torch.tensor_split(v, 7)]\n"
        "parts[0][1].sum().backward(); result = (parts, v.grad)"
    ),
    "shapes_tensor_split_zero": "torch.tensor_split(torch.ones(5), 0)",
    "shapes_tensor_split_scalar": "torch.tensor_split(torch.tensor(1.), 2)",
    "shapes_tile": _SETUP + (
        "a = torch.tile(x, (2,)); b = x.tile((2, 1, 2)); c = torch.tile(v, (3,)); d = x.tile(())\n"
        "(a.sum() + b.sum() + c.sum()).backward(); result = (a, b.shape, c, d, x.grad, v.grad)"
    ),
    "shapes_swap": _SETUP + (
        "a = torch.swapaxes(x, 0, 1); b = x.swapdims(-1, 0); c = x.swapaxes(1, 1)\n"
        "result = (a, b, c, a.stride())"
    ),
    "shapes_swap_bad_dim": "torch.swapaxes(torch.ones(2, 3), 0, 2)",
    "shapes_broadcast": _SETUP + (
        "a, b = torch.broadcast_tensors(x, v[:3]); c = torch.broadcast_tensors(torch.ones(3, 1), "
        "torch.ones(4), torch.tensor(2.))\n"
        "(a * b).sum().backward(); result = (a, b, c, x.grad, v.grad, a is x, "
        "torch.broadcast_shapes((2, 1), (3,)), torch.broadcast_shapes(), "
        "torch.broadcast_shapes(3, (2, 1)))"
    ),
    "shapes_broadcast_tensors_bad": "torch.broadcast_tensors(torch.ones(2), torch.ones(3))",
    "shapes_broadcast_shapes_bad": "torch.broadcast_shapes((2,), (3,))",
    "shapes_meshgrid": _SETUP + (
        "a = torch.meshgrid(v, v[:2], indexing='ij'); b = torch.meshgrid([v, v[:2]], indexing='xy')\n"
        "c = torch.meshgrid(torch.tensor(1.), torch.arange(3.), torch.arange(2.), indexing='xy')\n"
        "(a[0].sum() + b[1].sum()).backward(); result = (a, b, c, v.grad)"
    ),
    "shapes_meshgrid_bad_indexing": "torch.meshgrid(torch.ones(2), indexing='bad')",
    # the message goes on to print the tensor as torch's C++ printer does,
    # which ferrograd does not imitate (README): the part before it is compared
    "shapes_meshgrid_matrix": (
        "try:\n"
        "    torch.meshgrid(torch.arange(3.), torch.arange(3.).reshape(1, 3), indexing='ij')\n"
        "except RuntimeError as e:\n"
        "    result = str(e).split('got:')[0]"
    ),
    "shapes_take_along_dim": _SETUP + (
        "i = torch.tensor([[0], [2]]); a = torch.take_along_dim(x, i, dim=1)\n"
        "b = torch.take_along_dim(x, torch.tensor([0, 4])); "
        "c = x.take_along_dim(torch.tensor([[1, 0, 1]]), dim=0)\n"
        "d = torch.take_along_dim(x, x.argsort(dim=1), dim=1)\n"
        "(a.sum() + b.sum() + c.sum() + d[:, 0].sum()).backward(); result = (a, b, c, d, x.grad)"
    ),
    "shapes_take_along_dim_float_index": (
        "torch.take_along_dim(torch.ones(2, 3), torch.tensor([[0.]]), dim=1)"
    ),
    "shapes_take_along_dim_bad_dim": (
        "torch.take_along_dim(torch.ones(2, 3), torch.tensor([[0]]), dim=2)"
    ),
    "shapes_take_along_dim_mismatch": (
        "torch.take_along_dim(torch.ones(2, 3), torch.tensor([[0, 1]]), dim=0)"
    ),
    "shapes_atleast": _SETUP + (
        "s = torch.tensor(1.)\n"
        "result = (torch.atleast_1d(s), torch.atleast_2d(s), torch.atleast_3d(s), "
        "torch.atleast_2d(v), torch.atleast_3d(v).shape, torch.atleast_3d(x).shape, "
        "torch.atleast_1d(v, x), torch.atleast_2d([v, s]), torch.atleast_1d(x) is x)"
    ),
    "shapes_diff": _SETUP + (
        "a = torch.diff(v); b = torch.diff(x, dim=0); c = torch.diff(v, n=2); d = v.diff(n=0)\n"
        "e = torch.diff(v, prepend=torch.tensor([10.]), append=torch.tensor([20., 30.]))\n"
        "(a.sum() + (c * c).sum() + e.sum() + b.sum()).backward()\n"
        "result = (a, b, c, d, e, v.grad, x.grad, torch.diff(torch.tensor([True, False, False])), "
        "torch.diff(torch.tensor([1, 5, 2])), torch.diff(v, n=9))"
    ),
    "shapes_diff_negative_order": "torch.diff(torch.ones(5), n=-1)",
    "shapes_diff_scalar": "torch.diff(torch.tensor(1.))",
}
