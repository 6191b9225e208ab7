"""``out=`` arguments and ``resize_``, recorded from torch: the result lands in
``out`` (the same object comes back), cast to its dtype where promotion
allows, resized (with torch's warning when it held elements); autograd
refuses them. Also the device queries a CPU-only script makes."""

_WARNED = (
    "import warnings\n"
    "with warnings.catch_warnings(record=True) as seen:\n"
    "    warnings.simplefilter('always')\n"
    "    {code}\n"
    "result = ({result}, [(w.category.__name__, str(w.message)) for w in seen])"
)

CASES = {}
for _name, _call in {
    "add": "torch.add(a, b, out=o)",
    "add_alpha": "torch.add(a, b, alpha=2, out=o)",
    "sub": "torch.sub(a, b, out=o)",
    "mul": "torch.mul(a, b, out=o)",
    "div": "torch.div(a, b, out=o)",
    "div_floor": "torch.div(a, b, rounding_mode='floor', out=o)",
    "pow": "torch.pow(a, 2, out=o)",
    "neg": "torch.neg(a, out=o)",
    "exp": "torch.exp(a, out=o)",
    "log": "torch.log(b, out=o)",
    "sigmoid": "torch.sigmoid(a, out=o)",
    "tanh": "torch.tanh(a, out=o)",
    "abs": "torch.abs(a, out=o)",
    "sqrt": "torch.sqrt(b, out=o)",
    "matmul": "torch.matmul(a.reshape(2, 2), b.reshape(2, 2), out=o)",
    "mm": "torch.mm(a.reshape(2, 2), b.reshape(2, 2), out=o)",
    "bmm": "torch.bmm(a.reshape(1, 2, 2), b.reshape(1, 2, 2), out=o)",
    "cat": "torch.cat([a, b], out=o)",
    "stack": "torch.stack([a, b], out=o)",
    "sum_dim": "torch.sum(a.reshape(2, 2), 1, out=o)",
    "mean_dim": "torch.mean(a.reshape(2, 2), 0, keepdim=True, out=o)",
}.items():
    for _out, _label in (
        ("torch.full((4,), -7.0)", "same_numel"),
        ("torch.empty(0)", "empty"),
        ("torch.zeros(3, dtype=torch.float64)", "float64_resized"),
    ):
        _code = (
            "a = torch.tensor([1.0, -2.0, 3.0, 0.5]); b = torch.tensor([2.0, 4.0, 0.5, 8.0]); "
            f"o = {_out}; v = o._version; r = {_call}"
        )
        CASES[f"out_{_name}_{_label}"] = _WARNED.format(
            code=_code, result="r is o, o, o._version > v"
        )

CASES.update(
    {
        "out_into_view_keeps_strides": (
            "base = torch.zeros(4); o = base[::2]; r = torch.add(torch.ones(2), 1, out=o); "
            "result = (r is o, o.stride(), base)"
        ),
        "out_int_into_float": (
            "o = torch.zeros(2); result = torch.add(torch.tensor([1, 2]), 1, out=o)"
        ),
        "out_float_into_int": (
            "o = torch.zeros(2, dtype=torch.int64); torch.mul(torch.ones(2), 2, out=o)"
        ),
        "out_float_into_int_keeps_shape": (
            "o = torch.zeros(3, dtype=torch.int64)\n"
            "try:\n    torch.exp(torch.ones(2), out=o)\nexcept RuntimeError as e:\n"
            "    result = (str(e), o.shape)"
        ),
        "out_input_requires_grad": (
            "a = torch.ones(2, requires_grad=True); torch.mul(a, a, out=torch.empty(2))"
        ),
        "out_matmul_requires_grad": (
            "a = torch.ones(2, 2, requires_grad=True); torch.matmul(a, a, out=torch.empty(2, 2))"
        ),
        "out_out_requires_grad": (
            "torch.exp(torch.ones(2), out=torch.zeros(2, requires_grad=True))"
        ),
        "out_under_no_grad": (
            "a = torch.ones(2, requires_grad=True); o = torch.empty(2)\n"
            "with torch.no_grad():\n    r = torch.mul(a, 3, out=o)\n"
            "result = (r is o, o, o.requires_grad, o.grad_fn)"
        ),
        "out_not_tensor_exp": "torch.exp(torch.ones(2), out=[1])",
        "out_not_tensor_sum": "torch.sum(torch.ones(2), 0, out=3)",
        "out_not_tensor_matmul": "torch.matmul(torch.ones(2), torch.ones(2), out=3)",
        "out_not_tensor_cat": "torch.cat([torch.ones(2)], out=3)",
        "out_cat_bad_inputs": "torch.cat([torch.ones(2), torch.ones(2, 2)], out=torch.empty(0))",
        # resize_
        "resize_grow_and_shrink": (
            "o = torch.arange(4.); r = o.resize_(2, 3); a = (r is o, o.shape, o[0].tolist(), "
            "o.is_contiguous()); o.resize_(3); result = (a, o, o.stride())"
        ),
        "resize_sizes_as_tuple": "result = torch.ones(2).resize_((2, 2)).shape",
        "resize_to_zero": "o = torch.ones(3); o.resize_(0); result = (o.shape, o.numel())",
        "resize_view_sees_storage": (
            "base = torch.arange(6.); v = base[1:3]; v.resize_(4); result = (v, base)"
        ),
        "resize_requires_grad": "torch.ones(2, requires_grad=True).resize_(3)",
        "resize_negative": "torch.ones(2).resize_(2, -3)",
        "resize_after_numpy": "x = torch.ones(2); n = x.numpy(); x.resize_(4)",
        "resize_from_numpy": (
            "import numpy as np; x = torch.from_numpy(np.ones(2)); x.resize_(5)"
        ),
        "resize_from_numpy_smaller": (
            "import numpy as np; x = torch.from_numpy(np.arange(3.)); x.resize_(2); result = x"
        ),
        # what scripts ask before picking a device
        "device_queries": (
            "result = (torch.accelerator.is_available(), torch.accelerator.device_count(), "
            "torch.cuda.is_available(), torch.backends.mps.is_available(), "
            "torch.backends.mps.is_built())"
        ),
    }
)
CASES["out_storage_offset"] = (
    "x = torch.arange(6.); result = (x.storage_offset(), x[2:].storage_offset(), "
    "x.reshape(2, 3)[1][::2].storage_offset(), x.reshape(2, 3).T[1].storage_offset())"
)
