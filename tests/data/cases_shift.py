"""Bit shifts (``bitwise_left_shift``/``bitwise_right_shift``, their methods,
in-place forms and the ``<< >> <<= >>=`` operators with the reflected forms),
recorded from torch 2.13: every integer dtype, bool, counts that are negative
or reach the bit width, arithmetic vs logical right shifts, dtype promotion,
``out=``, layouts, and the errors for floats, bools and bad arguments."""

_RUN = (
    "def ints(dtype):\n"
    "    return torch.tensor([-9, -8, -1, 0, 1, 5, 100, 127]).to(dtype)\n"
    "counts = [-70, -33, -9, -1, 0, 1, 7, 8, 15, 16, 31, 32, 33, 63, 64, 65, 100]\n"
    "INTS = [torch.int64, torch.int32, torch.uint8]\n"
    "def both(x, c):\n"
    "    return [x << c, x >> c]\n"
)


def _case(body):
    return _RUN + body


CASES = {
    # ---- values per dtype ----
    "shift_dtypes_small_counts": _case(
        "result = [[both(ints(d), c) for c in range(0, 4)] for d in INTS]"
    ),
    # torch's CPU rules: a left shift by a negative count or >= the width gives 0, a right
    # shift by such a count fills with the sign bit (uint8: logical, 0)
    "shift_scalar_counts_out_of_range": _case(
        "result = [[both(ints(d), c) for c in counts] for d in INTS]"
    ),
    "shift_tensor_counts_out_of_range": _case(
        "result = [[both(ints(d).reshape(8, 1), torch.tensor(counts).to(d)) for d in INTS], "
        "both(torch.tensor([[-5], [3]]), torch.tensor(counts))]"
    ),
    "shift_overflow_wraps": _case(
        "result = [torch.tensor([2**30, 3, -2**31], dtype=torch.int32) << 1, "
        "torch.tensor([200, 255], dtype=torch.uint8) << 1, "
        "torch.tensor([2**62, -2**63, 1]) << torch.tensor([1, 0, 63]), "
        "torch.tensor([-2**31], dtype=torch.int32) >> 1, "
        "torch.tensor([200, 255], dtype=torch.uint8) >> torch.tensor([1, 7], dtype=torch.uint8)]"
    ),
    # a Python int is wrapped into the result type: 2**40 is 0 for int32, 300 is 44 for uint8
    "shift_python_int_wraps": _case(
        "x = ints(torch.int32)\n"
        "result = [x << 2**40, x >> 2**40 + 1, ints(torch.uint8) << 300, "
        "ints(torch.uint8) >> 257, ints(torch.int64) << 2**63, x << 2**63, "
        "ints(torch.uint8) << 2**63 + 1]"
    ),
    "shift_python_int_too_big": _case("result = ints(torch.int64) << 2**64"),
    "shift_python_int_too_negative": _case("result = ints(torch.int32) >> -(2**63) - 1"),
    "shift_reflected_too_big": _case("result = 2**64 >> ints(torch.int64)"),
    # ---- promotion ----
    "shift_promotion": _case(
        "u = torch.tensor([1, 2, 3], dtype=torch.uint8)\n"
        "i = torch.tensor([1, 2, 3], dtype=torch.int32)\n"
        "l = torch.tensor([1, 2, 3])\n"
        "b = torch.tensor([True, False, True])\n"
        "result = [u << i, i << u, i << l, l >> u, u << l, b << 1, b >> 1, 1 << b, b << u, "
        "u << b, l << b, i << torch.tensor(40), torch.tensor(5) << u, "
        "torch.tensor(5, dtype=torch.uint8) << 2, torch.tensor(5, dtype=torch.uint8) << "
        "torch.tensor(2), torch.tensor(5) >> torch.tensor(1, dtype=torch.int32), "
        "i << True, u >> False]"
    ),
    "shift_reflected": _case(
        "x = torch.tensor([0, 1, 2, 7, 8, 31, 32, 63, 64, -1])\n"
        "result = [1 << x, 256 >> x, -256 >> x, True << x, 2**63 << x, x.__rlshift__(3), "
        "x.__rrshift__(-5), 1 << x.int(), 200 >> x.to(torch.uint8), "
        "torch.bitwise_left_shift(1, x), torch.bitwise_right_shift(-1024, x), "
        "torch.bitwise_left_shift(self=3, other=x)]"
    ),
    "shift_broadcast_and_layout": _case(
        "a = torch.arange(12).reshape(3, 4)\n"
        "t = a.t()\n"
        "ys = [a << torch.tensor([0, 1, 2, 3]), torch.tensor([[1], [2], [3]]) >> "
        "torch.tensor([0, 1]), t << 1, t >> t, 1 << t, a[:, ::2] << 2, "
        "torch.tensor(7) << torch.tensor([[1, 2]]), torch.empty(0, 3, dtype=torch.int32) << "
        "torch.tensor([1, 2, 3]), torch.tensor(5) << 2, torch.tensor(64) >> torch.tensor(3)]\n"
        "result = [ys, [y.is_contiguous() for y in ys], [y.requires_grad for y in ys]]"
    ),
    # results of non-dense inputs are laid out as torch's elementwise ops lay them out
    "shift_non_dense_layout": _case(
        "x = torch.arange(12).reshape(2, 6)[:, ::2].t()\n"
        "i = torch.arange(12, dtype=torch.int32).reshape(2, 6)[:, ::2].t()\n"
        "b = (torch.arange(12).reshape(2, 6)[:, ::2].t() > 4)\n"
        "result = [x << 1, i >> x, i << torch.tensor([1, 2]), 3 << i, b << 2, b << x, "
        "x.expand(2, 3, 2) << i, torch.arange(12, dtype=torch.int32).reshape(3, 4)"
        ".expand(2, 3, 4) << torch.arange(24).reshape(2, 4, 3).transpose(1, 2), "
        "torch.arange(24).reshape(2, 4, 3).transpose(1, 2) >> torch.arange(12, "
        "dtype=torch.uint8).reshape(3, 4).expand(2, 3, 4)]"
    ),
    "shift_functions_and_methods": _case(
        "x = ints(torch.int64)\n"
        "c = torch.tensor([1, 2, 3, 4, 5, 6, 7, 8])\n"
        "result = [torch.bitwise_left_shift(x, c), torch.bitwise_right_shift(x, 2), "
        "torch.bitwise_left_shift(input=x, other=3), torch.bitwise_right_shift(x, other=c), "
        "x.bitwise_left_shift(c), x.bitwise_right_shift(1), x.bitwise_left_shift(other=2), "
        "x.__lshift__(1), x.__rshift__(c), torch.bitwise_left_shift(x, True)]"
    ),
    "shift_inplace": _case(
        "a = torch.tensor([1, 2, -3], dtype=torch.int32)\n"
        "b = a\n"
        "a <<= 3\n"
        "a >>= torch.tensor([1, 2, 33])\n"
        "u = torch.tensor([1, 200, 255], dtype=torch.uint8)\n"
        "u <<= torch.tensor([1, 1, -1])\n"
        "v = torch.tensor([[1, 2], [3, 4]])\n"
        "r1 = v.bitwise_left_shift_(torch.tensor([1, 2]))\n"
        "r2 = v.bitwise_right_shift_(other=1)\n"
        "w = torch.tensor([8, 16, 32, 64])\n"
        "w[1:3] >>= 2\n"
        "w[::3] <<= 1\n"
        "result = [a, b is a, a._version, u, v, r1 is v, r2 is v, v._version, w, w._version]"
    ),
    "shift_out": _case(
        "x = ints(torch.int64)\n"
        "o = torch.empty(8, dtype=torch.int64)\n"
        "r = torch.bitwise_left_shift(x, 1, out=o)\n"
        "o2 = torch.empty(8, dtype=torch.int32)\n"
        "torch.bitwise_right_shift(x, torch.tensor(2), out=o2)\n"
        "o3 = torch.empty(8)\n"
        "torch.bitwise_left_shift(x.to(torch.uint8), 1, out=o3)\n"
        "o4 = torch.empty(0, dtype=torch.int64)\n"
        "torch.bitwise_right_shift(x.reshape(2, 4), torch.tensor([0, 1, 2, 3]), out=o4)\n"
        "result = [r is o, o, o2, o3, o4]"
    ),
    # ---- errors ----
    "shift_float_tensor": _case("result = torch.tensor([1., 2.]) << 1"),
    "shift_float_tensor_right": _case("result = torch.tensor([1., 2.]).double() >> 1"),
    "shift_float_requires_grad": _case(
        "result = torch.bitwise_left_shift(torch.tensor([1.], requires_grad=True), 1)"
    ),
    "shift_half_bfloat16": _case(
        "result = torch.bitwise_right_shift(torch.tensor([1.]).half(), torch.tensor([1]))"
    ),
    "shift_bfloat16": _case("result = torch.tensor([1.]).bfloat16().bitwise_left_shift(1)"),
    "shift_complex": _case("result = torch.tensor([1 + 1j]) << 1"),
    "shift_int_by_float_scalar": _case("result = torch.tensor([1, 2]).int() << 1.5"),
    "shift_int_by_float_tensor": _case("result = torch.tensor([1, 2]) >> torch.tensor(2.)"),
    "shift_float_scalar_first": _case("result = 1.5 << torch.tensor([1, 2])"),
    "shift_complex_scalar": _case("result = torch.tensor([1]) >> (1 + 1j)"),
    "shift_bool_bool": _case("result = torch.tensor([True]) << torch.tensor([True])"),
    "shift_bool_by_bool_scalar": _case("result = torch.tensor([True, False]) >> True"),
    "shift_bool_scalar_first": _case("result = True << torch.tensor([True])"),
    "shift_broadcast_error": _case(
        "result = torch.ones(4, 2, 3, dtype=torch.long) << torch.ones(5, 1, 2, dtype=torch.long)"
    ),
    "shift_broadcast_error_before_dtype": _case(
        "result = torch.tensor([1., 2., 3.]) >> torch.tensor([1, 2])"
    ),
    "shift_inplace_bool": _case("a = torch.tensor([True])\na <<= 1\nresult = a"),
    "shift_inplace_bool_method": _case(
        "result = torch.tensor([True]).bitwise_right_shift_(torch.tensor([1]))"
    ),
    "shift_inplace_float": _case("a = torch.tensor([1.])\na <<= 1\nresult = a"),
    "shift_inplace_by_float": _case("result = torch.tensor([1, 2]).bitwise_right_shift_(1.5)"),
    "shift_inplace_shape": _case(
        "a = torch.tensor([True, False])\na <<= torch.tensor([[1], [2]])\nresult = a"
    ),
    "shift_inplace_0d_shape": _case(
        "a = torch.tensor(5)\na >>= torch.tensor([1])\nresult = a"
    ),
    "shift_inplace_leaf": _case(
        "result = torch.tensor([1.], requires_grad=True).bitwise_left_shift_(1)"
    ),
    "shift_out_bool": _case(
        "o = torch.empty(3, dtype=torch.bool)\n"
        "result = torch.bitwise_left_shift(torch.tensor([1, 2, 3]), 1, out=o)"
    ),
    "shift_out_float_input": _case(
        "o = torch.empty(1, dtype=torch.int64)\n"
        "result = torch.bitwise_left_shift(torch.tensor([1.]), 1, out=o)"
    ),
    "shift_out_scalar_first": _case(
        "o = torch.empty(3, dtype=torch.int64)\n"
        "result = torch.bitwise_left_shift(2, torch.tensor([1, 2, 3]), out=o)"
    ),
    "shift_out_not_tensor": _case(
        "result = torch.bitwise_right_shift(torch.tensor([1]), 1, out='x')"
    ),
    "shift_two_numbers": _case("result = torch.bitwise_left_shift(1, 2)"),
    "shift_str_other": _case("result = torch.bitwise_left_shift(torch.tensor([1]), 'a')"),
    "shift_str_input": _case("result = torch.bitwise_right_shift('a', torch.tensor([1]))"),
    "shift_missing_other": _case("result = torch.bitwise_left_shift(torch.tensor([1]))"),
    "shift_too_many": _case("result = torch.bitwise_left_shift(torch.tensor([1]), 2, 3)"),
    "shift_method_str": _case("result = torch.tensor([1]).bitwise_left_shift('a')"),
    "shift_method_missing": _case("result = torch.tensor([1]).bitwise_right_shift()"),
    "shift_method_too_many": _case("result = torch.tensor([1]).bitwise_right_shift(2, 3)"),
    "shift_inplace_method_str": _case("result = torch.tensor([1]).bitwise_left_shift_(None)"),
    "shift_operator_str": _case("result = torch.tensor([1]) << 'a'"),
    "shift_operator_list": _case("result = torch.tensor([1]) >> [1]"),
    "shift_operator_reflected_str": _case("result = 'a' << torch.tensor([1])"),
    "shift_operator_inplace_none": _case("a = torch.tensor([1])\na >>= None\nresult = a"),
    "shift_operator_returns_notimplemented": _case(
        "x = torch.tensor([1])\n"
        "result = [repr(x.__lshift__('a')), repr(x.__rrshift__('a')), repr(x.__ilshift__([1]))]"
    ),
    # a Python number counts by its kind only, as in the shifts: `uint8 & 1` stays uint8
    "shift_bitwise_ops_keep_0d_dtype": (
        "out = []\n"
        "for dt in (torch.uint8, torch.int32, torch.int64, torch.bool):\n"
        "    for x in (torch.tensor(5, dtype=dt) if dt != torch.bool else torch.tensor(True),\n"
        "              torch.tensor([5, 6], dtype=dt)):\n"
        "        for s in (0, 1, True, 3):\n"
        "            out += [x & s, x | s, x ^ s, s & x, s | x, s ^ x]\n"
        "result = out"
    ),
}
