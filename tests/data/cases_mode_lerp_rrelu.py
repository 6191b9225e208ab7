"""mode, unique/unique_consecutive over slices (dim=), lerp with a tensor
weight and rrelu, recorded from torch 2.13: values, the positions torch's
CPU kernels pick among ties (which follow its unstable sort), NaN, nodes,
gradients, random slopes per seed, and errors."""

_RUN = (
    "import random\n"
    "torch.manual_seed(0)\n"
    "F = torch.nn.functional\n"
    "def run(f, *tensors):\n"
    "    y = f(*tensors)\n"
    "    ys = list(y) if isinstance(y, tuple) else [y]\n"
    "    w = [torch.arange(t.numel(), dtype=t.dtype).reshape(t.shape) + 1 for t in ys\n"
    "         if t.is_floating_point()]\n"
    "    sum((t * k).sum() for t, k in zip([t for t in ys if t.is_floating_point()], w))"
    ".backward()\n"
    "    return [ys, [t.grad_fn for t in ys], [t.grad for t in tensors]]\n"
    "def leaf(*shape, dtype=torch.float32):\n"
    "    return torch.randn(*shape, dtype=dtype).requires_grad_()\n"
    "def ints(rows, cols, high, seed):\n"
    "    r = random.Random(seed)\n"
    "    return [[float(r.randrange(high)) for _ in range(cols)] for _ in range(rows)]\n"
    "nan = float('nan')\n"
)


def _case(body):
    return _RUN + body


CASES = {
    # ---- mode ----
    "modelerp_mode_basic": _case(
        "x = torch.tensor([[1., 2., 2., 3., 3.], [5., 4., 4., 5., 1.]], requires_grad=True)\n"
        "result = [run(torch.mode, x), run(lambda a: a.mode(0), x.detach().clone()"
        ".requires_grad_()), run(lambda a: torch.mode(a, dim=1, keepdim=True), "
        "x.detach().clone().requires_grad_()), run(lambda a: a.mode(-2, True), "
        "x.detach().double().requires_grad_()), repr(torch.mode(x.detach()))]"
    ),
    # ties: the smallest of the most frequent values; its position is where
    # torch's sort leaves it (past 16 elements the sort is not stable)
    "modelerp_mode_random_rows": _case(
        "result = [torch.mode(torch.tensor(ints(12, n, k, n * 10 + k)), 1) "
        "for n in (3, 7, 16, 17, 24, 40, 100) for k in (2, 3, 6)]"
    ),
    "modelerp_mode_random_dim0": _case(
        "result = [torch.mode(torch.tensor(ints(n, 5, 3, n)).long(), 0) for n in (4, 18, 33)]"
    ),
    "modelerp_mode_nan": _case(
        "rows = [[3., nan, nan, 1.], [3., nan, 1., 1.], [nan, nan, nan], [nan, 2., 2., nan]]\n"
        "big = torch.tensor(ints(6, 30, 3, 5))\n"
        "big[:, ::7] = nan\n"
        "result = [[torch.mode(torch.tensor(r)) for r in rows], torch.mode(big)]"
    ),
    "modelerp_mode_dtypes_0d": _case(
        "result = [torch.mode(torch.tensor(5.)), torch.mode(torch.tensor(5.), 0, True), "
        "run(lambda a: torch.mode(a), torch.tensor(2., requires_grad=True)), "
        "torch.mode(torch.tensor([True, False, False])), "
        "torch.mode(torch.tensor([1, 1, 2, 2]), keepdim=True), "
        "torch.mode(torch.zeros(0, 2), 1), torch.mode(torch.zeros(3, 0, 2), 2, True), "
        "torch.mode(torch.tensor([[2, 7], [7, 2]], dtype=torch.int32), 0)]"
    ),
    "modelerp_mode_grad_ties": _case(
        "a = torch.tensor([[1., 2., 2., 1.], [0., 0., 0., 0.]], requires_grad=True)\n"
        "v, i = a.mode()\n"
        "v.sum().backward()\n"
        "result = [v, i, v.grad_fn, a.grad, v.grad_fn.next_functions[0][0]]"
    ),
    "modelerp_mode_err_empty_dim": _case("torch.mode(torch.zeros(2, 0))"),
    "modelerp_mode_err_empty_dim0": _case("torch.mode(torch.zeros(0, 2), 0)"),
    "modelerp_mode_err_dim_range": _case("torch.mode(torch.zeros(2, 3), 2)"),
    "modelerp_mode_err_not_tensor": _case("torch.mode([1.0, 2.0])"),
    # ---- unique / unique_consecutive over slices ----
    "modelerp_unique_dim_2d": _case(
        "a = torch.tensor([[1, 3, 2], [0, 5, 1], [1, 3, 2], [0, 1, 9]])\n"
        "result = [torch.unique(a, dim=0, return_inverse=True, return_counts=True), "
        "torch.unique(a, dim=1, return_inverse=True, return_counts=True), "
        "torch.unique(a, dim=-1, sorted=False), torch.unique(a, dim=-2, return_counts=True), "
        "a.unique(dim=0), a.unique(return_inverse=True, dim=1), "
        "torch.unique(torch.tensor([3, 1, 3]), dim=0, return_inverse=True, "
        "return_counts=True)]"
    ),
    "modelerp_unique_dim_3d": _case(
        "b = torch.tensor([[[1., 2.], [1., 2.]], [[0., 1.], [1., 2.]], [[1., 2.], [1., 2.]]])\n"
        "c = torch.arange(24.).reshape(2, 3, 4) % 3\n"
        "result = [[torch.unique(b, dim=d, return_inverse=True, return_counts=True) "
        "for d in (0, 1, 2, -1)], [torch.unique(c, dim=d, return_inverse=True, "
        "return_counts=True) for d in (0, 1, 2)]]"
    ),
    "modelerp_unique_dim_random": _case(
        "r = random.Random(3)\n"
        "result = []\n"
        "for n in (5, 17, 40):\n"
        "    t = torch.tensor([[float(r.randrange(2)) for _ in range(3)] for _ in range(n)])\n"
        "    t[::9, 1] = nan\n"
        "    result.append(torch.unique(t, dim=0, return_inverse=True, return_counts=True))\n"
        "    result.append(torch.unique(t.T.contiguous(), dim=1, return_counts=True))\n"
        "    result.append(torch.unique_consecutive(t, dim=0, return_inverse=True, "
        "return_counts=True))"
    ),
    "modelerp_unique_consecutive_dim": _case(
        "a = torch.tensor([[1, 1, 2, 2], [1, 1, 3, 2]])\n"
        "result = [torch.unique_consecutive(a, dim=1, return_inverse=True, return_counts=True), "
        "torch.unique_consecutive(a, dim=0, return_inverse=True, return_counts=True), "
        "a.unique_consecutive(dim=-1), torch.unique_consecutive(torch.tensor([[1, 1], [1, 1], "
        "[0, 1], [1, 1]]), dim=0, return_counts=True), "
        "torch.unique_consecutive(torch.tensor([[True, False], [True, False]]), dim=0)]"
    ),
    "modelerp_unique_dim_special": _case(
        "result = [torch.unique(torch.tensor([[nan, 1.], [nan, 1.]]), dim=0, "
        "return_counts=True), torch.unique(torch.tensor([[True, False], [True, False], "
        "[False, False]]), dim=0, return_counts=True), "
        "torch.unique(torch.zeros(0, 3), dim=0, return_inverse=True, return_counts=True), "
        "torch.unique(torch.zeros(3, 0), dim=1, return_inverse=True, return_counts=True), "
        "torch.unique_consecutive(torch.zeros(0, 3), dim=0, return_inverse=True, "
        "return_counts=True), torch.unique(torch.zeros(0), dim=0)]"
    ),
    "modelerp_unique_nodes": _case(
        "x = torch.tensor([[1., 2.], [1., 2.]], requires_grad=True)\n"
        "result = [torch.unique(x, dim=0), torch.unique(x), torch.unique(x, sorted=False), "
        "torch.unique_consecutive(x), torch.unique_consecutive(x, dim=1), "
        "torch.unique(x, return_inverse=True, return_counts=True, dim=1)]"
    ),
    "modelerp_unique_err_backward_dim": _case(
        "x = torch.tensor([[1., 2.], [1., 2.]], requires_grad=True)\n"
        "torch.unique(x, dim=0).sum().backward()"
    ),
    "modelerp_unique_err_backward": _case(
        "x = torch.tensor([[1., 2.], [1., 2.]], requires_grad=True)\n"
        "torch.unique(x).sum().backward()"
    ),
    "modelerp_unique_err_backward_consecutive": _case(
        "x = torch.tensor([[1., 2.], [1., 2.]], requires_grad=True)\n"
        "torch.unique_consecutive(x, dim=0).sum().backward()"
    ),
    "modelerp_unique_err_dim_range": _case("torch.unique(torch.tensor([[1, 2]]), dim=2)"),
    "modelerp_unique_err_dim_negative": _case("torch.unique(torch.tensor([[1, 2]]), dim=-3)"),
    "modelerp_unique_err_consecutive_range": _case(
        "torch.unique_consecutive(torch.tensor([[1, 2]]), dim=3)"
    ),
    "modelerp_unique_err_0d": _case("torch.unique(torch.tensor(3), dim=0)"),
    "modelerp_unique_err_0d_consecutive": _case("torch.unique_consecutive(torch.tensor(3), dim=1)"),
    "modelerp_unique_err_two_empty": _case("torch.unique(torch.zeros(0, 0), dim=0)"),
    "modelerp_unique_err_empty_other": _case("torch.unique(torch.zeros(2, 0), dim=0)"),
    "modelerp_unique_err_empty_other_consecutive": _case(
        "torch.unique_consecutive(torch.zeros(2, 0), dim=0)"
    ),
    # ---- lerp with a tensor weight ----
    "modelerp_lerp_tensor_weight": _case(
        "result = [run(torch.lerp, leaf(2, 3), leaf(3), torch.rand(2, 1).requires_grad_()), "
        "run(lambda s, e, w: s.lerp(e, w), leaf(4), leaf(2, 1), torch.rand(3, 1, 4)"
        ".requires_grad_()), run(lambda s, e, w: torch.lerp(s, e, weight=w), leaf(3), leaf(3), "
        "torch.tensor(0.3, requires_grad=True)), run(lambda s, e, w: torch.lerp(s, e, w), "
        "leaf(2, 2, dtype=torch.float64), leaf(2, 2, dtype=torch.float64), "
        "(torch.rand(2, 2, dtype=torch.float64) * 3 - 1).requires_grad_())]"
    ),
    "modelerp_lerp_some_grads": _case(
        "result = [run(lambda s, w: torch.lerp(s, torch.ones(3), w), leaf(3), "
        "torch.rand(3).requires_grad_()), run(lambda e: torch.lerp(torch.zeros(2, 3), e, "
        "torch.tensor([0.2, 0.7, 1.5])), leaf(3)), run(lambda w: torch.lerp(torch.zeros(3), "
        "torch.ones(3), w), torch.rand(2, 3).requires_grad_())]"
    ),
    # past 0.5 the kernel works from the end: the values show its rounding
    "modelerp_lerp_values": _case(
        "a, b = torch.randn(200), torch.randn(200) * 100\n"
        "w = torch.rand(200) * 3 - 1\n"
        "result = [torch.lerp(a, b, w), torch.lerp(a.double(), b.double(), w.double()), "
        "torch.lerp(torch.tensor([1., 2., 1.]), torch.tensor([3., float('inf'), 2.]), "
        "torch.tensor([0.5, 0., float('nan')])), torch.lerp(torch.ones(2, dtype=torch.float16), "
        "torch.full((2,), 3., dtype=torch.float16), torch.tensor([0.1, 0.7], "
        "dtype=torch.float16)), torch.lerp(torch.tensor([1., 2.]), torch.tensor([3., 5.]), "
        "torch.tensor(0.7, dtype=torch.float64)), torch.lerp(torch.tensor([1., 2.]), "
        "torch.tensor([3., 5.]), torch.tensor(1)), torch.lerp(torch.tensor([1., 2.]), "
        "torch.tensor([3., 5.]), torch.tensor(0.3, dtype=torch.float16))]"
    ),
    "modelerp_lerp_0d_weight_other_dtype": _case(
        "s = torch.tensor([1., 2.], requires_grad=True)\n"
        "w = torch.tensor(0.3, dtype=torch.float64, requires_grad=True)\n"
        "y = torch.lerp(s, torch.tensor([3., 5.]), w)\n"
        "y.sum().backward()\n"
        "result = [y, y.grad_fn, s.grad, w.grad]"
    ),
    "modelerp_lerp_inplace": _case(
        "x = torch.zeros(3, requires_grad=True)\n"
        "w = torch.tensor([0.1, 0.5, 0.9], requires_grad=True)\n"
        "y = x.clone()\n"
        "z = y.lerp_(torch.ones(3), w)\n"
        "(z * torch.tensor([1., 2., 3.])).sum().backward()\n"
        "t = torch.ones(2, 3)\n"
        "t.lerp_(torch.zeros(3), torch.tensor([[0.5], [0.25]]))\n"
        "result = [z is y, y, y.grad_fn, x.grad, w.grad, t, y._version]"
    ),
    "modelerp_lerp_double_backward": _case(
        "s, e = leaf(3, dtype=torch.float64), leaf(3, dtype=torch.float64)\n"
        "w = torch.rand(3, dtype=torch.float64).requires_grad_()\n"
        "gs, ge, gw = torch.autograd.grad(torch.lerp(s, e, w).pow(2).sum(), (s, e, w), "
        "create_graph=True)\n"
        "(gs.sum() + ge.sum() + gw.sum()).backward()\n"
        "result = [gs, ge, gw, gs.grad_fn, s.grad, e.grad, w.grad]"
    ),
    "modelerp_lerp_err_weight_dtype": _case(
        "torch.lerp(torch.ones(2), torch.ones(2), torch.ones(2, dtype=torch.float64))"
    ),
    "modelerp_lerp_err_weight_dtype_1elem": _case(
        "torch.lerp(torch.tensor(1.), torch.tensor(2.), torch.tensor([0.3], dtype=torch.float64))"
    ),
    "modelerp_lerp_err_end_dtype": _case(
        "torch.lerp(torch.ones(2), torch.ones(2, dtype=torch.float64), torch.ones(2))"
    ),
    "modelerp_lerp_err_end_dtype_0d": _case(
        "torch.lerp(torch.ones(2), torch.tensor(3., dtype=torch.float64), torch.tensor(0.3))"
    ),
    "modelerp_lerp_err_broadcast": _case(
        "torch.lerp(torch.ones(2), torch.ones(2), torch.ones(3))"
    ),
    "modelerp_lerp_err_broadcast_ends": _case(
        "torch.lerp(torch.ones(2, 4), torch.ones(3, 1), torch.ones(1))"
    ),
    "modelerp_lerp_err_integer": _case(
        "torch.lerp(torch.ones(2, dtype=torch.long), torch.ones(2, dtype=torch.long), "
        "torch.ones(2, dtype=torch.long))"
    ),
    "modelerp_lerp_err_inplace_shape": _case(
        "torch.ones(1).lerp_(torch.ones(3), torch.ones(1))"
    ),
    "modelerp_lerp_err_inplace_weight_shape": _case(
        "torch.ones(1).lerp_(torch.ones(1), torch.ones(3))"
    ),
    "modelerp_lerp_err_inplace_leaf": _case(
        "torch.ones(2, requires_grad=True).lerp_(torch.ones(2), torch.ones(2))"
    ),
    "modelerp_lerp_err_end_number": _case("torch.lerp(torch.ones(2), 2.0, torch.ones(2))"),
    "modelerp_lerp_err_method_end_number": _case("torch.ones(2).lerp(2.0, torch.ones(2))"),
    "modelerp_lerp_err_inplace_end_number": _case("torch.ones(2).lerp_(2, torch.ones(2))"),
    "modelerp_lerp_err_input_list": _case("torch.lerp([1.0], torch.ones(2), torch.ones(2))"),
    "modelerp_lerp_err_weight_keyword_list": _case(
        "torch.lerp(torch.ones(2), torch.ones(2), weight=[0.3])"
    ),
    "modelerp_lerp_err_weight_str": _case("torch.lerp(torch.ones(2), torch.ones(2), 'a')"),
    "modelerp_lerp_err_weight_none": _case("torch.ones(2).lerp(torch.ones(2), None)"),
    "modelerp_lerp_keywords": _case(
        "result = [torch.ones(2).lerp(end=torch.zeros(2), weight=True), "
        "torch.lerp(input=torch.ones(2), end=torch.zeros(2), weight=torch.tensor([0.5, 1.])), "
        "torch.ones(2).lerp_(torch.zeros(2), weight=0.25), torch.lerp(torch.ones(3), "
        "torch.zeros(3), 2)]"
    ),
    # ---- rrelu ----
    "modelerp_rrelu_eval": _case(
        "x = torch.tensor([-2., -1., 0., 1., 3.], requires_grad=True)\n"
        "result = [run(F.rrelu, x), run(lambda a: F.rrelu(a, 0.1, 0.3), leaf(2, 3)), "
        "run(lambda a: torch.rrelu(a, 0.2, 0.2), leaf(4, dtype=torch.float64)), "
        "F.rrelu(torch.tensor([float('nan'), -0.0, -1.0])), "
        "F.rrelu(torch.tensor([-1., 3.], dtype=torch.float16))]"
    ),
    # training draws one slope per element that is not positive, from torch's generator
    "modelerp_rrelu_training_seeds": _case(
        "result = []\n"
        "for seed in (0, 1, 7, 123):\n"
        "    for shape in ((5,), (3, 4), (2, 3, 5), (40,)):\n"
        "        torch.manual_seed(seed)\n"
        "        x = torch.randn(*shape)\n"
        "        result.append([F.rrelu(x, training=True), torch.rand(2)])"
    ),
    "modelerp_rrelu_training_grad": _case(
        "x = torch.tensor([-2., -1., 0., 1., 3.], requires_grad=True)\n"
        "result = [run(lambda a: F.rrelu(a, training=True), x), "
        "run(lambda a: F.rrelu(a, 0.0, 1.0, True), leaf(3, 4)), "
        "run(lambda a: torch.rrelu(a, 0.3, 0.6, True), leaf(2, 3, dtype=torch.float64)), "
        "F.rrelu(torch.tensor([float('nan'), -0.0, 0.0, -1.0]), training=True), "
        "F.rrelu(torch.tensor([-1., 3., -2.], dtype=torch.bfloat16), training=True), "
        "F.rrelu(torch.tensor([-1., -2.]), 0.25, 0.25, True)]"
    ),
    "modelerp_rrelu_training_layout": _case(
        "x = torch.randn(4, 3)\n"
        "torch.manual_seed(5)\n"
        "a = F.rrelu(x.t(), training=True)\n"
        "torch.manual_seed(5)\n"
        "b = F.rrelu(x.t().contiguous(), training=True)\n"
        "g = torch.Generator().manual_seed(3)\n"
        "c = torch.rrelu(x, 0.1, 0.9, True, generator=g)\n"
        "result = [a, b, c, torch.rand(1), g.initial_seed()]"
    ),
    "modelerp_rrelu_inplace": _case(
        "x = torch.tensor([-2., -1., 0., 1., 3.], requires_grad=True)\n"
        "y = x * 1\n"
        "z = F.rrelu(y, inplace=True)\n"
        "(z * torch.arange(5.)).sum().backward()\n"
        "w = torch.tensor([-2., 1., -4.], requires_grad=True)\n"
        "v = w * 1\n"
        "F.rrelu_(v, 0.1, 0.5, True)\n"
        "v.sum().backward()\n"
        "t = torch.tensor([-1., 2.])\n"
        "u = torch.rrelu_(t)\n"
        "result = [z is y, y, y.grad_fn, x.grad, v, v.grad_fn, w.grad, u is t, t, y._version]"
    ),
    "modelerp_rrelu_module": _case(
        "m = torch.nn.RReLU(0.1, 0.3)\n"
        "x = torch.tensor([[-1., 2., -3.], [0.5, -0.5, 0.]], requires_grad=True)\n"
        "y = m(x)\n"
        "m.eval()\n"
        "z = m(x)\n"
        "n = torch.nn.RReLU(inplace=True)\n"
        "t = torch.tensor([-1., 1.])\n"
        "result = [repr(m), repr(n), repr(torch.nn.RReLU()), m.training, y, y.grad_fn, z, "
        "z.grad_fn, n(t) is t, t]"
    ),
    "modelerp_rrelu_double_backward": _case(
        "x = torch.tensor([-2., -1., 1., 3.], dtype=torch.float64, requires_grad=True)\n"
        "out = []\n"
        "for training in (False, True):\n"
        "    (g,) = torch.autograd.grad((F.rrelu(x, training=training) ** 2).sum(), x, "
        "create_graph=True)\n"
        "    (gg,) = torch.autograd.grad(g.sum(), x)\n"
        "    out.append([g, g.grad_fn, gg])\n"
        "result = out"
    ),
    "modelerp_rrelu_err_bounds": _case(
        "F.rrelu(torch.tensor([-1.]), lower=0.5, upper=0.1, training=True)"
    ),
    "modelerp_rrelu_err_bounds_eval": _case("F.rrelu(torch.tensor([-1.]), lower=0.5, upper=0.1)"),
    "modelerp_rrelu_err_half_training": _case(
        "F.rrelu(torch.tensor([-1.], dtype=torch.float16), training=True)"
    ),
    "modelerp_rrelu_err_integer_eval": _case("F.rrelu(torch.tensor([-1, 2]))"),
    "modelerp_rrelu_err_integer_training": _case("F.rrelu(torch.tensor([-1, 2]), training=True)"),
    "modelerp_rrelu_err_not_tensor": _case("F.rrelu([1.0])"),
    "modelerp_rrelu_err_not_tensor_inplace": _case("F.rrelu([1.0], inplace=True)"),
    "modelerp_rrelu_err_torch_not_tensor": _case("torch.rrelu([1.0])"),
    "modelerp_rrelu_err_inplace_leaf": _case(
        "F.rrelu(torch.tensor([-1.], requires_grad=True), inplace=True)"
    ),
    "modelerp_leaky_relu_err_integer": _case("F.leaky_relu(torch.tensor([-1, 2]))"),
    "modelerp_leaky_relu_err_bool_inplace": _case("F.leaky_relu_(torch.tensor([True, False]))"),
}
