"""torch.autograd.functional (vjp, jvp, jacobian, hessian, vhp, hvp),
torch.testing.assert_close and torch.random, recorded from torch 2.13: values,
strides, the nesting of tuples, grad_fn of results (none unless create_graph),
strict-mode errors, errors for bad inputs, outputs and v, assert_close's
messages and the RNG helpers."""

_RUN = (
    "AF = torch.autograd.functional\n"
    "def nest(r):\n"
    "    if isinstance(r, tuple):\n"
    "        return ['tuple', [nest(e) for e in r]]\n"
    "    return r\n"
    "def info(r):\n"
    "    if isinstance(r, tuple):\n"
    "        return [info(e) for e in r]\n"
    "    return [r.shape == r.shape, list(r.shape), r.requires_grad, r.is_leaf]\n"
    "x = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)\n"
    "y = torch.tensor([[1.5, 0.25], [-0.5, 3.0]], requires_grad=True)\n"
    "xd = torch.tensor([0.3, -0.7, 1.1], dtype=torch.float64, requires_grad=True)\n"
    "yd = torch.tensor([[0.2, 0.9], [-1.3, 0.4]], dtype=torch.float64, requires_grad=True)\n"
    "def f1(a):\n"
    "    return a * a * a - a / (a + 3)\n"
    "def f2(a, b):\n"
    "    return (a.pow(3).sum() * b, a * a * (a * a + 1))\n"
    "def s1(a):\n"
    "    return (a.pow(4) * 0.5).sum() + (a * a).sum()\n"
    "def s2(a, b):\n"
    "    return (a.pow(2).sum() * b.pow(2)).sum() + b.pow(3).sum()\n"
    "def t1(a):\n"
    "    return a.exp() * a.sin()\n"
    "def ts(a, b):\n"
    "    return (a.sin().sum() * b.pow(2)).sum() + (b.exp() * b.tanh()).sum()\n"
)


def _case(body):
    return _RUN + body


CASES = {
    # ---- vjp ----
    "autofunc_vjp_single": _case(
        "v = torch.tensor([1.0, 2.0, -1.0])\n"
        "r = AF.vjp(f1, x, v)\n"
        "result = [nest(r), info(r), x.grad]"
    ),
    "autofunc_vjp_tuple": _case(
        "v = (torch.ones(2, 2), torch.tensor([1.0, 0.5, 2.0]))\n"
        "r = AF.vjp(f2, (x, y), v)\n"
        "result = [nest(r), info(r)]"
    ),
    "autofunc_vjp_scalar_default_v": _case("r = AF.vjp(s1, xd)\nresult = [nest(r), info(r)]"),
    "autofunc_vjp_create_graph": _case(
        "r = AF.vjp(f1, x, torch.ones(3), create_graph=True)\n"
        "r[1].sum().backward()\n"
        "result = [nest(r), info(r), x.grad]"
    ),
    "autofunc_vjp_unused_input": _case(
        "r = AF.vjp(lambda a, b: a * 2, (x, y.detach()), torch.ones(3))\nresult = nest(r)"
    ),
    "autofunc_vjp_list_inputs": _case("AF.vjp(f1, [x], torch.ones(3))"),
    "autofunc_vjp_nontensor_input": _case("AF.vjp(f1, (x, 3), torch.ones(3))"),
    "autofunc_vjp_nontensor_output": _case("AF.vjp(lambda a: 3.0, x, torch.ones(3))"),
    "autofunc_vjp_output_list": _case("AF.vjp(lambda a: [a, a], x)"),
    "autofunc_vjp_v_none": _case("AF.vjp(f1, x)"),
    "autofunc_vjp_v_wrong_shape": _case("AF.vjp(f1, x, torch.ones(4))"),
    "autofunc_vjp_v_tuple_wrong_shape": _case(
        "AF.vjp(f2, (x, y), (torch.ones(2, 2), torch.ones(2)))"
    ),
    "autofunc_vjp_v_tuple_wrong_len": _case("AF.vjp(f2, (x, y), (torch.ones(2, 2),))"),
    "autofunc_vjp_v_single_wrong_len": _case("AF.vjp(f1, x, (torch.ones(3), torch.ones(3)))"),
    "autofunc_vjp_strict_unused": _case(
        "AF.vjp(lambda a, b: a * 2, (x, y), torch.ones(3), strict=True)"
    ),
    "autofunc_vjp_strict_no_grad_output": _case(
        "AF.vjp(lambda a: torch.ones(3), x, torch.ones(3), strict=True)"
    ),
    "autofunc_vjp_strict_create_graph_linear": _case(
        "AF.vjp(lambda a: a * 2, x, torch.ones(3), strict=True, create_graph=True)"
    ),
    "autofunc_vjp_nonstrict_constant": _case(
        "r = AF.vjp(lambda a: torch.ones(3), x, torch.ones(3))\nresult = [nest(r), info(r)]"
    ),
    # ---- jvp ----
    "autofunc_jvp_single": _case(
        "r = AF.jvp(f1, x, torch.tensor([1.0, 2.0, -1.0]))\nresult = [nest(r), info(r)]"
    ),
    "autofunc_jvp_tuple": _case(
        "r = AF.jvp(f2, (xd, yd), (torch.ones(3, dtype=torch.float64), "
        "torch.full((2, 2), 0.5, dtype=torch.float64)))\n"
        "result = [nest(r), info(r)]"
    ),
    "autofunc_jvp_create_graph": _case(
        "r = AF.jvp(f1, xd, torch.ones(3, dtype=torch.float64), create_graph=True)\n"
        "g = torch.autograd.grad(r[1].sum(), xd)\n"
        "result = [nest(r), info(r), g]"
    ),
    "autofunc_jvp_v_none_error": _case("AF.jvp(f1, x)"),
    "autofunc_jvp_v_none_scalar": _case(
        "r = AF.jvp(lambda a: a.exp() * 3, torch.tensor(0.5))\nresult = nest(r)"
    ),
    "autofunc_jvp_strict_constant": _case(
        "AF.jvp(lambda a: torch.ones(3) * a.detach(), x, torch.ones(3), strict=True)"
    ),
    "autofunc_jvp_strict_linear": _case(
        "r = AF.jvp(lambda a: a * 2, x, torch.ones(3), strict=True)\nresult = nest(r)"
    ),
    # ---- jacobian ----
    "autofunc_jacobian_single": _case("r = AF.jacobian(f1, x)\nresult = [r, info(r)]"),
    "autofunc_jacobian_tuple": _case(
        "r = AF.jacobian(f2, (x, y))\nresult = [nest(r), info(r)]"
    ),
    "autofunc_jacobian_tuple_in_single_out": _case(
        "r = AF.jacobian(lambda a, b: a.sum() * b, (x, y))\nresult = nest(r)"
    ),
    "autofunc_jacobian_single_in_tuple_out": _case(
        "r = AF.jacobian(lambda a: (a * 2, a.sum()), x)\nresult = nest(r)"
    ),
    "autofunc_jacobian_create_graph": _case(
        "r = AF.jacobian(f1, x, create_graph=True)\nresult = [r, info(r)]"
    ),
    "autofunc_jacobian_vectorize": _case(
        "r1 = AF.jacobian(f2, (x, y), vectorize=True)\n"
        "r2 = AF.jacobian(lambda a: (a, torch.ones(2)), x, vectorize=True)\n"
        "r3 = AF.jacobian(lambda a, b: a * 2, (x, y), vectorize=True)\n"
        "result = [nest(r1), nest(r2), nest(r3)]"
    ),
    "autofunc_jacobian_vectorize_strict": _case(
        "AF.jacobian(f1, x, vectorize=True, strict=True)"
    ),
    "autofunc_jacobian_forward_no_vectorize": _case(
        "AF.jacobian(f1, x, strategy='forward-mode')"
    ),
    "autofunc_jacobian_forward_create_graph": _case(
        "AF.jacobian(f1, x, strategy='forward-mode', create_graph=True)"
    ),
    "autofunc_jacobian_forward_strict": _case(
        "AF.jacobian(f1, x, strategy='forward-mode', strict=True)"
    ),
    "autofunc_jacobian_bad_strategy": _case("AF.jacobian(f1, x, strategy='sideways')"),
    # forward mode (emulated in reverse mode): its layout and values (see TOLERANCES)
    "autofunc_forward_jacobian_vectorize": _case(
        "r = AF.jacobian(lambda a: a.reshape(3, 1) * torch.ones(2), xd.detach(), "
        "vectorize=True, strategy='forward-mode')\n"
        "r2 = AF.jacobian(lambda a: (a * 2, a.sum() * a), xd.detach(), vectorize=True, "
        "strategy='forward-mode')\n"
        "r3 = AF.hessian(s1, xd, vectorize=True, outer_jacobian_strategy='forward-mode')\n"
        "result = [r, info(r), nest(r2), info(r2), r3, info(r3)]"
    ),
    "autofunc_jacobian_strict_unused": _case(
        "AF.jacobian(lambda a, b: a * 2, (x, y), strict=True)"
    ),
    "autofunc_jacobian_constant_output": _case(
        "r = AF.jacobian(lambda a: torch.ones(2), x)\nresult = [r, info(r)]"
    ),
    # the jacobian under create_graph differentiates to the hessian
    "autofunc_jacobian_of_jacobian_is_hessian": _case(
        "def grad_of(a):\n"
        "    return AF.jacobian(s1, a, create_graph=True)\n"
        "h1 = AF.jacobian(grad_of, xd)\n"
        "h2 = AF.hessian(s1, xd)\n"
        "result = [h1, h2, torch.allclose(h1, h2), "
        "torch.autograd.gradcheck(grad_of, (xd,)), "
        "torch.autograd.gradcheck(lambda a: AF.jacobian(f1, a, create_graph=True), (xd,))]"
    ),
    # ---- hessian ----
    "autofunc_hessian_single": _case("r = AF.hessian(s1, xd)\nresult = [r, info(r)]"),
    "autofunc_hessian_tuple": _case(
        "r = AF.hessian(s2, (xd, yd))\nresult = [nest(r), info(r)]"
    ),
    "autofunc_hessian_create_graph": _case(
        "r = AF.hessian(s1, xd, create_graph=True)\n"
        "result = [r, info(r), torch.autograd.gradcheck("
        "lambda a: AF.hessian(s1, a, create_graph=True), (xd,))]"
    ),
    "autofunc_hessian_vectorize": _case(
        "r = AF.hessian(s2, (xd, yd), vectorize=True)\nresult = nest(r)"
    ),
    "autofunc_hessian_not_scalar": _case("AF.hessian(f1, x)"),
    "autofunc_hessian_tuple_output": _case("AF.hessian(lambda a: (a.sum(),), x)"),
    "autofunc_hessian_strict_linear": _case("AF.hessian(lambda a: a.sum() * 2, x, strict=True)"),
    "autofunc_hessian_linear": _case("r = AF.hessian(lambda a: a.sum() * 2, x)\nresult = r"),
    "autofunc_hessian_bad_strategy": _case(
        "AF.hessian(s1, x, outer_jacobian_strategy='both')"
    ),
    # ---- vhp / hvp ----
    "autofunc_vhp_hvp_single": _case(
        "v = torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64)\n"
        "a = AF.vhp(s1, xd, v)\n"
        "b = AF.hvp(s1, xd, v)\n"
        "result = [nest(a), nest(b), info(a), info(b)]"
    ),
    "autofunc_vhp_hvp_tuple": _case(
        "v = (torch.ones(3, dtype=torch.float64), torch.full((2, 2), -0.5, dtype=torch.float64))\n"
        "a = AF.vhp(s2, (xd, yd), v)\n"
        "b = AF.hvp(s2, (xd, yd), v)\n"
        "result = [nest(a), nest(b)]"
    ),
    "autofunc_vhp_hvp_create_graph": _case(
        "v = torch.ones(3, dtype=torch.float64)\n"
        "a = AF.vhp(s1, xd, v, create_graph=True)\n"
        "b = AF.hvp(s1, xd, v, create_graph=True)\n"
        "result = [nest(a), nest(b), info(a), info(b)]"
    ),
    "autofunc_vhp_not_scalar": _case("AF.vhp(f1, x, torch.ones(3))"),
    "autofunc_hvp_tuple_output": _case("AF.hvp(lambda a: (a.sum(),), x, torch.ones(3))"),
    "autofunc_hvp_v_none": _case("AF.hvp(s1, x)"),
    "autofunc_vhp_strict_linear": _case(
        "AF.vhp(lambda a: a.sum() * 2, x, torch.ones(3), strict=True)"
    ),
    "autofunc_hvp_strict_linear": _case(
        "AF.hvp(lambda a: a.sum() * 2, x, torch.ones(3), strict=True)"
    ),
    "autofunc_vhp_hvp_linear": _case(
        "result = [nest(AF.vhp(lambda a: a.sum() * 2, x, torch.ones(3))), "
        "nest(AF.hvp(lambda a: a.sum() * 2, x, torch.ones(3)))]"
    ),
    "autofunc_names": _case(
        "import importlib\n"
        "m = importlib.import_module(torch.__name__ + '.autograd.functional')\n"
        "result = [m is AF, [f.__name__ for f in (m.jacobian, m.hessian, m.vjp, m.jvp, m.vhp, "
        "m.hvp)]]"
    ),
    # exp, sin and tanh: within a few ulps of torch's kernels (see TOLERANCES)
    "autofunc_transcendental_all": _case(
        "v3 = torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64)\n"
        "v = (v3, torch.full((2, 2), 0.5, dtype=torch.float64))\n"
        "result = [nest(AF.vjp(t1, x, torch.ones(3))), nest(AF.jvp(t1, x, torch.ones(3))), "
        "AF.jacobian(t1, x), nest(AF.hessian(ts, (xd, yd))), nest(AF.vhp(ts, (xd, yd), v)), "
        "nest(AF.hvp(ts, (xd, yd), v)), nest(AF.jacobian(ts, (xd, yd), create_graph=True))]"
    ),
    # the input is not changed and the caller's grad mode survives
    "autofunc_no_grad_context": _case(
        "with torch.no_grad():\n"
        "    r = AF.jacobian(f1, x)\n"
        "    a = AF.vjp(f1, x, torch.ones(3))\n"
        "    flag = torch.is_grad_enabled()\n"
        "result = [r, nest(a), flag, x.grad, x.requires_grad]"
    ),
}


_AC = (
    "AC = torch.testing.assert_close\n"
    "nan = float('nan')\n"
    "def outcome(*a, **k):\n"
    "    try:\n"
    "        AC(*a, **k)\n"
    "    except Exception as e:\n"
    "        return [type(e).__name__, str(e)]\n"
    "    return 'ok'\n"
    "def first(*a, **k):\n"
    "    r = outcome(*a, **k)\n"
    "    return r if r == 'ok' else [r[0], r[1].splitlines()[0]]\n"
    "f3 = torch.tensor([1.0, 2.0, 3.0])\n"
)


def _ac(body):
    return _AC + body


CASES.update(
    {
        # ---- torch.testing.assert_close ----
        "autofunc_assert_close_passes": _ac(
            "result = [outcome(f3, f3 + 1e-6), outcome(f3.double(), f3.double() * (1 + 5e-8)), "
            "outcome(torch.tensor([1.0, nan]), torch.tensor([1.0, nan]), equal_nan=True), "
            "outcome(f3, f3 * 1.01, rtol=0.1, atol=0.0), outcome(1.0, 1.0 + 1e-8), "
            "outcome([f3, (2, {'a': None})], [f3, (2, {'a': None})]), outcome(True, True), "
            "outcome(torch.ones(2, dtype=torch.bfloat16), torch.ones(2, dtype=torch.float16), "
            "check_dtype=False), outcome(f3.requires_grad_(), f3.detach()), "
            "outcome(torch.ones(3).t(), torch.ones(3), check_stride=True), "
            "outcome(1.0, 1, check_dtype=False)]"
        ),
        "autofunc_assert_close_first_line": _ac(
            "result = [first(f3, torch.tensor([1.0, 2.5, 3.1])), "
            "first(torch.tensor([1, 2, 3]), torch.tensor([1, 2, 4])), "
            "first(torch.tensor(1.0), torch.tensor(1.5)), first(1, 2), first(None, 0), "
            "first(True, False)]"
        ),
        "autofunc_assert_close_float32_message": _ac(
            "result = outcome(f3, torch.tensor([1.0, 2.5, 3.1]))"
        ),
        "autofunc_assert_close_int_message": _ac(
            "result = [outcome(torch.tensor([1, 2, 3]), torch.tensor([1, 2, 4])), "
            "outcome(torch.tensor([True, False]), torch.tensor([True, True])), "
            "outcome(torch.tensor([[0, 5], [7, 1]], dtype=torch.int32), "
            "torch.tensor([[0, -5], [9, 0]], dtype=torch.int32))]"
        ),
        "autofunc_assert_close_messages_more": _ac(
            "z = torch.zeros(3, 4)\n"
            "result = [outcome(torch.tensor([1.0, nan]), torch.tensor([1.0, nan])), "
            "outcome(z, z.index_fill(1, torch.tensor([2]), 1.0)), "
            "outcome(torch.ones(3, dtype=torch.float16), torch.ones(3, dtype=torch.float16) * 1.01), "
            "outcome(torch.ones(3, dtype=torch.float64), torch.ones(3, dtype=torch.float64) "
            "* (1 + 1e-6)), outcome(torch.tensor(nan), torch.tensor(nan)), "
            "outcome(torch.tensor([1.0, 5.0, 2.0]), torch.tensor([0.0, 1.0, 0.0])), "
            "outcome(torch.tensor([1.0, float('inf')]), torch.tensor([1.0, -float('inf')])), "
            "outcome(torch.ones(2, 2), torch.ones(2, 2) * 1.5, atol=0.1, rtol=0.1), "
            "outcome(torch.ones(3, dtype=torch.float64), torch.ones(3), check_dtype=False, "
            "atol=0, rtol=0)]"
        ),
        "autofunc_assert_close_attributes": _ac(
            "result = [outcome(f3, f3.double()), outcome(torch.ones(2), torch.ones(3)), "
            "outcome(torch.ones(2, 2), torch.ones(2, 2).t(), check_stride=True), "
            "outcome(1.0, 1), outcome(f3, [1.0, 2.0, 3.0]), outcome(f3, 'abc'), "
            "outcome(f3, f3, rtol=0.1), outcome(f3, f3, atol=0.1), "
            "outcome([f3], [f3, f3]), outcome({'a': f3, 'b': f3}, {'a': f3, 'c': f3})]"
        ),
        "autofunc_assert_close_nested_and_msg": _ac(
            "result = [outcome([torch.ones(2)], [torch.ones(2) * 2]), "
            "outcome({'w': torch.ones(2), 'b': (1.0, torch.zeros(2))}, "
            "{'w': torch.ones(2), 'b': (1.0, torch.ones(2))}), "
            "outcome(f3, f3 + 1, msg='custom text'), "
            "outcome([f3], [f3 + 1], msg=lambda m: 'Head\\n' + m + '\\nFoot'), "
            "outcome([f3, 1.0], [f3, 2], msg='not used for pairing'), "
            "outcome([1, f3], ['x', f3], msg='bad pair')]"
        ),
        # ---- torch.testing.make_tensor ----
        "autofunc_make_tensor": (
            "MT = torch.testing.make_tensor\n"
            "torch.manual_seed(0)\n"
            "result = [MT((2, 3), dtype=torch.float32, device='cpu'), "
            "MT(4, dtype=torch.float64, device='cpu', low=-1, high=1, requires_grad=True), "
            "MT(2, 3, dtype=torch.int64, device='cpu', low=-2, high=5), "
            "MT([5], dtype=torch.bool, device='cpu'), "
            "MT(2, 2, dtype=torch.int32, device='cpu', noncontiguous=True), "
            "MT(6, dtype=torch.int64, device='cpu', low=0, high=2, exclude_zero=True), "
            "MT(3, dtype=torch.float32, device='cpu', low=0.5, high=2.5), "
            "MT(3, dtype=torch.float32, device='cpu', low=-1e39, high=1e39)]"
        ),
        "autofunc_make_tensor_errors": (
            "MT = torch.testing.make_tensor\n"
            "def err(**k):\n"
            "    try:\n"
            "        MT(2, device='cpu', **k)\n"
            "    except Exception as e:\n"
            "        return [type(e).__name__, str(e)]\n"
            "result = [err(dtype=torch.int64, requires_grad=True), "
            "err(dtype=torch.float32, low=3, high=1), "
            "err(dtype=torch.float32, low=float('nan')), "
            "err(dtype=torch.bool, low=5, high=7), "
            "err(dtype=torch.float32, noncontiguous=True, memory_format=1)]"
        ),
        # ---- torch.random ----
        "autofunc_random_module": (
            "R = torch.random\n"
            "g = R.manual_seed(123)\n"
            "a = torch.rand(3)\n"
            "st = R.get_rng_state()\n"
            "b = torch.rand(3)\n"
            "R.set_rng_state(st)\n"
            "c = torch.rand(3)\n"
            "result = [a, b, c, R.initial_seed(), g is torch.default_generator, "
            "R.get_rng_state().dtype, R.get_rng_state().shape == torch.get_rng_state().shape, "
            "R.manual_seed is not None, type(R.seed()).__name__]"
        ),
        "autofunc_random_fork_rng": (
            "torch.random.manual_seed(7)\n"
            "with torch.random.fork_rng():\n"
            "    inside = torch.randn(3)\n"
            "    torch.manual_seed(99)\n"
            "    inside2 = torch.rand(2)\n"
            "after = torch.randn(3)\n"
            "with torch.random.fork_rng(enabled=False):\n"
            "    moved = torch.rand(2)\n"
            "after2 = torch.rand(2)\n"
            "with torch.random.fork_rng(devices=[]):\n"
            "    torch.rand(5)\n"
            "result = [inside, inside2, after, moved, after2, torch.rand(2), "
            "torch.random.initial_seed()]"
        ),
        "autofunc_random_fork_rng_error": (
            "torch.manual_seed(3)\n"
            "try:\n"
            "    with torch.random.fork_rng():\n"
            "        torch.rand(4)\n"
            "        raise ValueError('inside')\n"
            "except ValueError as e:\n"
            "    msg = str(e)\n"
            "result = [msg, torch.rand(2)]"
        ),
    }
)

# exp, sin and tanh differ from torch's float32/float64 kernels by a few ulps
# (the golden op suite allows the same); everything else above is exact
# forward mode's products associate differently from the reverse-mode rows
# ferrograd computes instead (1-ulp float64 differences)
TOLERANCES = {"autofunc_transcendental_": (1e-6, 1e-7), "autofunc_forward_": (1e-14, 1e-15)}
