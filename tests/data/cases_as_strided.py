"""``torch.as_strided`` / ``Tensor.as_strided`` / ``Tensor.as_strided_``,
recorded from torch 2.13: values, strides and storage offsets of the views
(overlapping ones included), their gradients (overlapping outputs, offsets,
inputs that are themselves strided views or repeat elements), grad_fn names,
writes through the views, dtypes, and torch's errors for bad layouts and
arguments."""

_RUN = (
    "torch.manual_seed(0)\n"
    "def lay(t):\n"
    "    return [t, list(t.shape), list(t.stride()), t.storage_offset(), t.is_contiguous()]\n"
    "def name(t):\n"
    "    return None if t.grad_fn is None else type(t.grad_fn).__name__\n"
    "def wgrad(y, x, seed=1):\n"
    "    w = torch.randn(y.shape, dtype=y.dtype, generator=torch.Generator().manual_seed(seed))\n"
    "    (y * w).sum().backward()\n"
    "    return x.grad\n"
)


def _case(body):
    return _RUN + body


CASES = {
    # ---- views: values and layouts ----
    "as_strided_basic": _case(
        "x = torch.arange(12.)\n"
        "result = [lay(x.as_strided((3, 2), (4, 1))), lay(x.as_strided((2, 3), (1, 2), 1)),\n"
        "          lay(torch.as_strided(x, (2, 2), (6, 1), 3)), lay(x.as_strided([4], [3]))]"
    ),
    "as_strided_overlapping": _case(
        "x = torch.arange(6.)\n"
        "result = [lay(x.as_strided((3, 3), (1, 1))), lay(x.as_strided((4, 3), (0, 1), 2)),\n"
        "          lay(x.as_strided((2, 2, 2), (1, 1, 1)))]"
    ),
    "as_strided_shapes": _case(
        "x = torch.arange(6.)\n"
        "result = [lay(x.as_strided((), (), 5)), lay(x.as_strided((0,), (1,), 100)),\n"
        "          lay(x.as_strided((1, 6), (100, 1))),\n"
        "          lay(x.as_strided((6, 1), (1, 1))), lay(x.as_strided((3, 2), (1, 3)))]"
    ),
    "as_strided_contiguity": _case(
        "x = torch.arange(24.)\n"
        "vs = [x.as_strided((2, 3), (3, 1)), x.as_strided((2, 3), (3, 1), 5),\n"
        "      x.as_strided((2, 3), (1, 2)), x.as_strided((1, 3), (7, 1)),\n"
        "      x.as_strided((2, 3), (4, 1)), x.as_strided((3,), (0,))]\n"
        "result = [[v.is_contiguous(), v.stride(), v.storage_offset()] for v in vs]"
    ),
    "as_strided_keywords": _case(
        "x = torch.arange(8.)\n"
        "result = [lay(x.as_strided(size=(2, 2), stride=(2, 1), storage_offset=3)),\n"
        "          lay(torch.as_strided(x, size=[3], stride=[2])),\n"
        "          lay(x.as_strided((2,), (1,), None)), lay(x.as_strided(torch.Size([2]), (3,)))]"
    ),
    "as_strided_of_view_offset": _case(
        "x = torch.arange(10.)\n"
        "v = x[3:]\n"
        "result = [lay(v.as_strided((2,), (1,))), lay(v.as_strided((2,), (1,), 0)),\n"
        "          lay(x.t().as_strided((3,), (2,))), lay(x[::2].as_strided((2, 2), (1, 1), 4))]"
    ),
    "as_strided_dtypes": _case(
        "r = []\n"
        "for d in [torch.float32, torch.float64, torch.int64, torch.int32, torch.uint8,\n"
        "          torch.bool, torch.float16, torch.bfloat16]:\n"
        "    x = (torch.arange(6) % 4).to(d)\n"
        "    r.append(lay(x.as_strided((2, 3), (1, 2))))\n"
        "    r.append(lay(x.as_strided((2,), (0,), 5)))\n"
        "result = r"
    ),
    "as_strided_shared_storage": _case(
        "x = torch.arange(6.)\n"
        "v = x.as_strided((2, 2), (1, 2), 1)\n"
        "v[0, 1] = 100.\n"
        "v.mul_(2)\n"
        "x[1] = -1.\n"
        "result = [x, v, x._version, v._version, v.data_ptr() == x.data_ptr() + 4]"
    ),
    "as_strided_inplace_through_view_grad": _case(
        "a = torch.randn(6, requires_grad=True)\n"
        "b = a * 2\n"
        "v = b.as_strided((2, 2), (1, 3), 1)\n"
        "v.mul_(3)\n"
        "result = [b, name(b), name(v), v, wgrad(b, a)]"
    ),
    # ---- gradients ----
    "as_strided_grad_plain": _case(
        "x = torch.randn(12, requires_grad=True)\n"
        "y = x.as_strided((3, 2), (4, 1), 1)\n"
        "result = [name(y), y, wgrad(y, x)]"
    ),
    "as_strided_grad_overlapping": _case(
        "x = torch.randn(6, requires_grad=True)\n"
        "y = x.as_strided((3, 4), (1, 1))\n"
        "result = [name(y), y, wgrad(y, x)]"
    ),
    "as_strided_grad_stride0": _case(
        "x = torch.randn(6, requires_grad=True)\n"
        "y = x.as_strided((5, 3, 2), (0, 2, 0), 1)\n"
        "result = [y, wgrad(y, x)]"
    ),
    "as_strided_grad_float64_large_overlap": _case(
        "x = torch.randn(40, dtype=torch.float64, requires_grad=True)\n"
        "y = x.as_strided((20, 20), (1, 1))\n"
        "result = wgrad(y, x)"
    ),
    "as_strided_grad_float32_large_overlap": _case(
        "x = torch.randn(64, requires_grad=True)\n"
        "y = x.as_strided((30, 30, 3), (1, 1, 2))\n"
        "result = wgrad(y, x)"
    ),
    "as_strided_grad_2d_input": _case(
        "x = torch.randn(3, 4, requires_grad=True)\n"
        "y = x.as_strided((4, 3), (1, 4))\n"
        "result = [y, wgrad(y, x), x.grad.stride()]"
    ),
    "as_strided_grad_beyond_input": _case(
        "a = torch.randn(10, requires_grad=True)\n"
        "v = a[2:6]\n"
        "y = v.as_strided((4,), (1,), 4)\n"
        "result = [y, wgrad(y, a)]"
    ),
    "as_strided_grad_noncontiguous_input": _case(
        "a = torch.randn(4, 5, requires_grad=True)\n"
        "v = a.t()\n"
        "y = v.as_strided((3, 3), (2, 5), 1)\n"
        "result = [y, name(y), wgrad(y, a)]"
    ),
    "as_strided_grad_offset_view_input": _case(
        "a = torch.randn(12, requires_grad=True)\n"
        "v = a[2:10:2]\n"
        "y = v.as_strided((2, 3), (1, 2))\n"
        "z = v.as_strided((2,), (3,), 0)\n"
        "result = [y, z, wgrad(y, a)]"
    ),
    "as_strided_grad_offset_view_input_before": _case(
        "a = torch.randn(12, requires_grad=True)\n"
        "v = a[4:]\n"
        "y = v.as_strided((3,), (2,), 1)\n"
        "result = [y, wgrad(y, a)]"
    ),
    "as_strided_grad_input_repeats": _case(
        "a = torch.randn(3, requires_grad=True)\n"
        "e = a.expand(4, 3)\n"
        "y = e.as_strided((2, 2), (1, 1))\n"
        "result = [y, wgrad(y, a)]"
    ),
    "as_strided_grad_chain": _case(
        "a = torch.randn(8, requires_grad=True)\n"
        "y = (a * 3).as_strided((3, 3), (2, 1)).as_strided((2, 2), (1, 1), 1)\n"
        "result = [y, name(y), wgrad(y, a)]"
    ),
    "as_strided_grad_empty": _case(
        "a = torch.randn(5, requires_grad=True)\n"
        "y = a.as_strided((0, 3), (1, 1))\n"
        "y.sum().backward()\n"
        "result = [y, a.grad]"
    ),
    "as_strided_grad_scalar_out": _case(
        "a = torch.randn(5, requires_grad=True)\n"
        "y = a.as_strided((), (), 3)\n"
        "(y * 2).backward()\n"
        "result = [y, a.grad]"
    ),
    "as_strided_grad_float16": _case(
        "a = torch.randn(5).half().requires_grad_()\n"
        "y = a.as_strided((3, 3), (1, 1))\n"
        "(y * torch.arange(9.).reshape(3, 3).half()).sum().backward()\n"
        "result = a.grad"
    ),
    "as_strided_double_backward": _case(
        "a = torch.randn(6, dtype=torch.float64, requires_grad=True)\n"
        "y = a.as_strided((3, 3), (1, 1)) ** 2\n"
        "g, = torch.autograd.grad(y.sum(), a, create_graph=True)\n"
        "g2, = torch.autograd.grad((g * torch.arange(6.)).sum(), a)\n"
        "result = [g, g2]"
    ),
    # ---- in place ----
    "as_strided_inplace_method": _case(
        "c = torch.arange(6.)\n"
        "r = c.as_strided_((2, 2), (1, 2), 1)\n"
        "result = [r is c, lay(c), c._version]"
    ),
    "as_strided_inplace_grad": _case(
        "a = torch.randn(6, requires_grad=True)\n"
        "b = a * 1\n"
        "b.as_strided_((2, 2), (1, 1), 2)\n"
        "result = [name(b), lay(b), wgrad(b, a)]"
    ),
    "as_strided_inplace_leaf": _case(
        "a = torch.randn(6, requires_grad=True)\n"
        "result = a.as_strided_((2,), (1,))"
    ),
    "as_strided_inplace_error_keeps": _case(
        "c = torch.arange(6.)\n"
        "try:\n"
        "    c.as_strided_((3, 3), (2, 1))\n"
        "    err = None\n"
        "except RuntimeError as e:\n"
        "    err = str(e)\n"
        "result = [err, lay(c), c._version]"
    ),
    # ---- errors ----
    "as_strided_err_out_of_bounds": _case(
        "result = torch.arange(6.).as_strided((3, 3), (2, 1))"
    ),
    "as_strided_err_out_of_bounds_offset": _case(
        "result = torch.arange(6.).as_strided((3, 3), (1, 1), 5)"
    ),
    "as_strided_err_out_of_bounds_scalar": _case(
        "result = torch.arange(6.).as_strided((), (), 6)"
    ),
    "as_strided_err_out_of_bounds_double": _case(
        "result = torch.ones(3, dtype=torch.float64).as_strided((2,), (1,), 2)"
    ),
    "as_strided_err_out_of_bounds_bool": _case(
        "result = torch.ones(3, dtype=torch.bool).as_strided((2,), (1,), 2)"
    ),
    "as_strided_err_out_of_bounds_view": _case(
        "result = torch.arange(6.)[4:].as_strided((3,), (1,))"
    ),
    "as_strided_err_negative_stride": _case(
        "result = torch.arange(6.).as_strided((2, 2), (1, -1))"
    ),
    "as_strided_err_length_mismatch": _case(
        "result = torch.arange(6.).as_strided((2, 3), (1,))"
    ),
    "as_strided_err_length_before_negative": _case(
        "result = torch.arange(6.).as_strided((2,), (-1, 1))"
    ),
    "as_strided_err_negative_offset": _case(
        "result = torch.arange(6.).as_strided((2,), (1,), -1)"
    ),
    "as_strided_err_negative_offset_empty": _case(
        "result = torch.arange(6.).as_strided((0,), (1,), -1)"
    ),
    "as_strided_err_overflow": _case(
        "result = torch.arange(6.).as_strided((2 ** 40,), (2 ** 40,))"
    ),
    "as_strided_err_size_int": _case("result = torch.arange(6.).as_strided(2, 1)"),
    "as_strided_err_stride_int": _case("result = torch.arange(6.).as_strided((2,), 1)"),
    "as_strided_err_size_float": _case("result = torch.arange(6.).as_strided((2.0,), (1,))"),
    "as_strided_err_offset_float": _case(
        "result = torch.arange(6.).as_strided((2,), (1,), 1.0)"
    ),
    "as_strided_err_missing_stride": _case("result = torch.arange(6.).as_strided((2,))"),
    "as_strided_err_function_missing_stride": _case(
        "result = torch.as_strided(torch.arange(6.), (2,))"
    ),
    "as_strided_err_function_not_tensor": _case(
        "result = torch.as_strided([1.], (2,), (1,))"
    ),
    "as_strided_err_function_size_int": _case(
        "result = torch.as_strided(torch.arange(6.), 2, (1,))"
    ),
    "as_strided_err_too_many": _case(
        "result = torch.arange(6.).as_strided((2,), (1,), 0, 1)"
    ),
}
