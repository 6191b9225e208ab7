"""More of torch.linalg, recorded from torch 2.13: matrix_power (torch.matrix_power,
Tensor.matrix_power; its graph of clone, copy_, inverse and matmuls), pinv
(torch.pinverse, Tensor.pinverse; tolerances, hermitian), matrix_rank, lstsq
(its four drivers' fields, residuals' gradients), lu_factor(_ex), lu,
torch.lu_unpack, lu_solve and matrix_exp: values, layouts, node names, first and second-order gradients,
and the errors for bad shapes, dtypes, arguments and singular matrices."""

_RUN = (
    "torch.manual_seed(0)\n"
    "def weights(t):\n"
    "    return torch.arange(t.numel(), dtype=t.dtype).reshape(t.shape).cos()\n"
    "def run(f, *tensors):\n"
    "    y = f(*tensors)\n"
    "    ys = list(y) if isinstance(y, tuple) else [y]\n"
    "    loss = sum((t * weights(t)).sum() for t in ys if t.requires_grad)\n"
    "    loss.backward()\n"
    "    return [ys, [t.stride() for t in ys], [t.grad_fn for t in ys], "
    "[t.grad for t in tensors]]\n"
    "def twice(f, *tensors):\n"
    "    y = f(*tensors)\n"
    "    gs = torch.autograd.grad((y * weights(y).sin()).sum(), tensors, create_graph=True)\n"
    "    sum((g * g.tanh()).sum() for g in gs).backward()\n"
    "    return [gs, [g.grad_fn for g in gs], [t.grad for t in tensors]]\n"
    "def graph(fn, depth=4):\n"
    "    # the names of the nodes reachable from fn, nested\n"
    "    if fn is None or depth == 0:\n"
    "        return None\n"
    "    return [type(fn).__name__, [graph(f, depth - 1) for f, _ in fn.next_functions]]\n"
    "def square(*shape, dtype=torch.float32):\n"
    "    # well conditioned: random plus n on the diagonal\n"
    "    n = shape[-1]\n"
    "    return (torch.randn(*shape, dtype=dtype) + n * torch.eye(n, dtype=dtype))"
    ".requires_grad_()\n"
    "def leaf(*shape, dtype=torch.float32):\n"
    "    return torch.randn(*shape, dtype=dtype).requires_grad_()\n"
    "def low_rank(*shape, rank, dtype=torch.float64):\n"
    "    # a product through `rank` columns: exactly that rank\n"
    "    a = torch.randn(*shape[:-1], rank, dtype=dtype)\n"
    "    return a @ torch.randn(*shape[:-2], rank, shape[-1], dtype=dtype)\n"
)


def _case(body):
    return _RUN + body


CASES = {
    # ---- matrix_power ----
    "linalgx_matrix_power": _case(
        "result = [run(lambda a, n=n: torch.linalg.matrix_power(a, n), square(3, 3)) "
        "for n in (0, 1, 2, 3, 5, -1, -2, -3)]"
    ),
    "linalgx_matrix_power_graph": _case(
        "a = square(3, 3)\n"
        "b = square(2, 3, 3)\n"
        "result = [[graph(torch.linalg.matrix_power(a, n).grad_fn) for n in "
        "(0, 1, 2, 3, 4, 5, 6, 7, -1, -2, -3, -6)], "
        "[graph(torch.matrix_power(b, n).grad_fn) for n in (0, 1, 2, 3, 5, -1, -4)]]"
    ),
    "linalgx_matrix_power_batched_f64": _case(
        "result = [run(lambda a, n=n: torch.matrix_power(a, n), square(2, 3, 3, "
        "dtype=torch.float64)) for n in (0, 4, 7, -1, -2, -5)]"
    ),
    "linalgx_matrix_power_method": _case(
        "a = square(2, 1, 4, 4)\n"
        "result = [run(lambda a: a.matrix_power(6), a), a.matrix_power(0), "
        "run(lambda a: a.mT.matrix_power(1), square(3, 3)), "
        "run(lambda a: a.mT.matrix_power(-1), square(3, 3))]"
    ),
    "linalgx_matrix_power_twice": _case(
        "result = [twice(lambda a: torch.linalg.matrix_power(a, 3), square(3, 3, "
        "dtype=torch.float64)), twice(lambda a: torch.linalg.matrix_power(a, -2), "
        "square(2, 3, 3, dtype=torch.float64))]"
    ),
    "linalgx_matrix_power_integer": _case(
        "a = torch.arange(9).reshape(3, 3)\n"
        "result = [torch.matrix_power(a, n) for n in (0, 1, 2, 3, 6)] + "
        "[torch.linalg.matrix_power(a.to(torch.int32), 5), "
        "torch.linalg.matrix_power(torch.zeros(0, 2, 2), 3).shape]"
    ),
    "linalgx_matrix_power_no_grad": _case(
        "a = square(3, 3)\n"
        "with torch.no_grad():\n"
        "    ys = [torch.linalg.matrix_power(a, n) for n in (0, 1, 3, -1)]\n"
        "result = [ys, [y.requires_grad for y in ys], [y.stride() for y in ys]]"
    ),
    "linalgx_matrix_power_err_1d": _case("result = torch.linalg.matrix_power(torch.ones(3), 2)"),
    "linalgx_matrix_power_err_non_square": _case(
        "result = torch.matrix_power(torch.ones(2, 3), 0)"
    ),
    "linalgx_matrix_power_err_integer_negative": _case(
        "result = torch.linalg.matrix_power(torch.ones(3, 3, dtype=torch.int64), -1)"
    ),
    "linalgx_matrix_power_err_half_negative": _case(
        "result = torch.linalg.matrix_power(torch.ones(3, 3, dtype=torch.float16), -2)"
    ),
    "linalgx_matrix_power_err_float_n": _case(
        "result = torch.linalg.matrix_power(torch.ones(3, 3), 1.5)"
    ),
    "linalgx_matrix_power_err_method_float_n": _case(
        "result = torch.ones(3, 3).matrix_power(2.0)"
    ),
    "linalgx_matrix_power_err_missing_n": _case("result = torch.linalg.matrix_power(torch.eye(2))"),
    "linalgx_matrix_power_err_method_missing_n": _case("result = torch.eye(2).matrix_power()"),
    "linalgx_lstsq_err_missing_b": _case("result = torch.linalg.lstsq(torch.eye(2))"),
    "linalgx_matrix_power_err_not_tensor": _case("result = torch.matrix_power([[1.0]], 2)"),
    "linalgx_matrix_power_err_singular": _case(
        "result = torch.linalg.matrix_power(torch.zeros(2, 3, 3), -2)"
    ),
    # ---- pinv ----
    "linalgx_pinv": _case(
        "result = [run(torch.linalg.pinv, leaf(4, 3)), run(torch.linalg.pinv, leaf(3, 5)), "
        "run(torch.linalg.pinv, square(3, 3)), "
        "run(torch.linalg.pinv, leaf(2, 3, 5, dtype=torch.float64)), "
        "run(torch.linalg.pinv, leaf(2, 1, 5, 2, dtype=torch.float64))]"
    ),
    "linalgx_pinv_hermitian": _case(
        "b = torch.randn(2, 4, 4, dtype=torch.float64)\n"
        "a = (b + b.mT).requires_grad_()\n"
        "result = [run(lambda a: torch.linalg.pinv(a, hermitian=True), a), "
        "torch.linalg.pinv(a.detach(), hermitian=True) - torch.linalg.pinv(a.detach()), "
        "torch.linalg.pinv(-b[0, :, :2] @ b[0, :, :2].mT, hermitian=True)]"
    ),
    "linalgx_pinv_rank_deficient": _case(
        "a = low_rank(2, 5, 4, rank=2)\n"
        "result = [torch.linalg.pinv(a), torch.linalg.pinv(a.float()), "
        "torch.linalg.pinv(a, rtol=1e-10), torch.linalg.pinv(a, atol=1e-8), torch.pinverse(a)]"
    ),
    "linalgx_pinv_tolerances": _case(
        "a = torch.tensor([[3., 1., 0.], [1., 2., 0.5], [0., 0.5, 0.01]], dtype=torch.float64)\n"
        "s = torch.linalg.svdvals(a)\n"
        "result = [s, torch.linalg.pinv(a, atol=0.1), torch.linalg.pinv(a, rtol=0.01), "
        "torch.linalg.pinv(a, atol=0.1, rtol=0.5), torch.linalg.pinv(a, atol=0.0), "
        "torch.linalg.pinv(a, atol=-1.0), torch.linalg.pinv(a, 0.5), "
        "torch.linalg.pinv(a, atol=torch.tensor([0.0, 0.1, 2.0], dtype=torch.float64)), "
        "torch.linalg.pinv(a.float(), rtol=torch.tensor(0.3)), "
        "torch.linalg.pinv(a, atol=0.2, hermitian=True)]"
    ),
    "linalgx_pinv_twice": _case(
        "result = [twice(torch.linalg.pinv, leaf(4, 3, dtype=torch.float64)), "
        "twice(torch.linalg.pinv, leaf(2, 2, 3, dtype=torch.float64))]"
    ),
    "linalgx_pinverse": _case(
        "a = leaf(3, 4)\n"
        "result = [run(torch.pinverse, a), run(lambda a: a.pinverse(), leaf(2, 2, 2)), "
        "torch.pinverse(a.detach(), 0.7), a.detach().pinverse(rcond=0.7), "
        "torch.pinverse(torch.ones(2, 0, 3)).shape]"
    ),
    "linalgx_pinv_empty": _case(
        "ys = [torch.linalg.pinv(torch.ones(2, 0, 3)), torch.linalg.pinv(torch.ones(4, 0))]\n"
        "result = [ys, [y.shape for y in ys]]"
    ),
    "linalgx_pinv_err_1d": _case("result = torch.linalg.pinv(torch.ones(3))"),
    "linalgx_pinv_err_integer": _case(
        "result = torch.linalg.pinv(torch.ones(3, 3, dtype=torch.int64))"
    ),
    "linalgx_pinv_err_half": _case(
        "result = torch.pinverse(torch.ones(2, 3, 3, dtype=torch.float16))"
    ),
    "linalgx_pinv_err_hermitian_non_square": _case(
        "result = torch.linalg.pinv(torch.ones(2, 3), hermitian=True)"
    ),
    "linalgx_pinv_err_not_tensor": _case("result = torch.linalg.pinv([[1.0]])"),
    "linalgx_pinverse_err_not_tensor": _case("result = torch.pinverse([[1.0]])"),
    # ---- matrix_rank ----
    "linalgx_matrix_rank": _case(
        "ranks = [torch.linalg.matrix_rank(torch.randn(4, 3)), "
        "torch.linalg.matrix_rank(low_rank(2, 3, 5, 4, rank=2)), "
        "torch.linalg.matrix_rank(low_rank(6, 6, rank=5).float()), "
        "torch.linalg.matrix_rank(torch.zeros(3, 3)), "
        "torch.linalg.matrix_rank(torch.eye(4, dtype=torch.float64)), "
        "torch.linalg.matrix_rank(torch.ones(0, 3)), "
        "torch.linalg.matrix_rank(torch.ones(2, 0, 3))]\n"
        "result = [ranks, [r.dtype for r in ranks], [r.stride() for r in ranks]]"
    ),
    "linalgx_matrix_rank_tolerances": _case(
        "a = torch.diag(torch.tensor([4.0, 1.0, 0.1, 1e-4, 1e-20], dtype=torch.float64))\n"
        "result = [torch.linalg.matrix_rank(a), torch.linalg.matrix_rank(a, atol=0.0), "
        "torch.linalg.matrix_rank(a, atol=0.05), torch.linalg.matrix_rank(a, rtol=0.1), "
        "torch.linalg.matrix_rank(a, atol=0.05, rtol=0.5), torch.linalg.matrix_rank(a, 0.5), "
        "torch.linalg.matrix_rank(a, tol=1e-3), torch.linalg.matrix_rank(a, rtol=0.0), "
        "torch.linalg.matrix_rank(a, atol=torch.tensor([0.0, 0.5, 2.0], "
        "dtype=torch.float64)), torch.linalg.matrix_rank(-a, hermitian=True), "
        "torch.linalg.matrix_rank(-a, atol=0.5, hermitian=True)]"
    ),
    "linalgx_matrix_rank_grad": _case(
        "a = leaf(3, 3)\n"
        "r = torch.linalg.matrix_rank(a)\n"
        "result = [r, r.requires_grad, r.grad_fn]"
    ),
    "linalgx_matrix_rank_err_1d": _case("result = torch.linalg.matrix_rank(torch.ones(3))"),
    "linalgx_matrix_rank_err_integer": _case(
        "result = torch.linalg.matrix_rank(torch.ones(3, 3, dtype=torch.int64))"
    ),
    "linalgx_matrix_rank_err_hermitian_non_square": _case(
        "result = torch.linalg.matrix_rank(torch.ones(2, 3), hermitian=True)"
    ),
    "linalgx_matrix_rank_err_not_tensor": _case("result = torch.linalg.matrix_rank([[1.0]])"),
    # ---- lstsq ----
    "linalgx_lstsq": _case(
        "def both(f, a, b):\n"
        "    r = f(a, b)\n"
        "    return [run(lambda a, b: f(a, b)[0], a, b), list(r), [t.stride() for t in r], "
        "[t.grad_fn for t in r]]\n"
        "result = [both(torch.linalg.lstsq, leaf(5, 3), leaf(5, 2)), "
        "both(torch.linalg.lstsq, leaf(3, 5), leaf(3, 2)), "
        "both(torch.linalg.lstsq, square(3, 3), leaf(3, 1)), "
        "both(torch.linalg.lstsq, leaf(2, 6, 4, dtype=torch.float64), "
        "leaf(2, 6, 3, dtype=torch.float64))]"
    ),
    "linalgx_lstsq_vector_and_broadcast": _case(
        "def both(f, a, b):\n"
        "    r = f(a, b)\n"
        "    return [run(lambda a, b: f(a, b)[0], a, b), list(r), [t.stride() for t in r]]\n"
        "result = [both(torch.linalg.lstsq, leaf(5, 3), leaf(5)), "
        "both(torch.linalg.lstsq, leaf(2, 5, 3), leaf(2, 5)), "
        "both(torch.linalg.lstsq, leaf(1, 5, 3), leaf(4, 5, 2)), "
        "both(torch.linalg.lstsq, leaf(3, 5, 3), leaf(1, 5, 2)), "
        "both(torch.linalg.lstsq, leaf(5, 5, 3), leaf(5, 2)), "
        "both(torch.linalg.lstsq, leaf(2, 1, 4, 2, dtype=torch.float64), "
        "leaf(1, 3, 4, 2, dtype=torch.float64))]"
    ),
    "linalgx_lstsq_drivers": _case(
        "a, b = leaf(2, 6, 3, dtype=torch.float64), leaf(2, 6, 2, dtype=torch.float64)\n"
        "w = leaf(3, 5, dtype=torch.float64)\n"
        "rs = [torch.linalg.lstsq(a, b, driver=d) for d in ('gels', 'gelsy', 'gelsd', 'gelss')]\n"
        "ws = [torch.linalg.lstsq(w, b[0, :3], driver=d) for d in "
        "('gels', 'gelsy', 'gelsd', 'gelss')]\n"
        "vs = [torch.linalg.lstsq(a[0], b[0, :, 0], driver=d) for d in ('gels', 'gelsd')]\n"
        "result = [[list(r) for r in rs + ws + vs], [[t.stride() for t in r] for r in rs + vs], "
        "[[t.grad_fn for t in r] for r in rs], torch.linalg.lstsq(a, b, driver='GELSD')[3]]"
    ),
    "linalgx_lstsq_residual_grads": _case(
        "a, b = leaf(6, 3, dtype=torch.float64), leaf(6, 2, dtype=torch.float64)\n"
        "r = torch.linalg.lstsq(a, b, driver='gelsd')\n"
        "(r.residuals * torch.tensor([1.0, -2.0], dtype=torch.float64)).sum().backward()\n"
        "only = [a.grad, b.grad]\n"
        "a.grad = b.grad = None\n"
        "r = torch.linalg.lstsq(a, b[:, 0], driver='gels')\n"
        "(r.residuals.sum() + (r.solution * weights(r.solution)).sum()).backward()\n"
        "result = [only, a.grad, b.grad]"
    ),
    "linalgx_lstsq_rank_deficient": _case(
        "a = low_rank(6, 4, rank=2)\n"
        "b = torch.randn(6, 2, dtype=torch.float64)\n"
        "w = low_rank(3, 5, rank=2)\n"
        "rs = [torch.linalg.lstsq(a, b), torch.linalg.lstsq(a, b, driver='gelsd'), "
        "torch.linalg.lstsq(a, b, driver='gelss'), torch.linalg.lstsq(w, b[:3]), "
        "torch.linalg.lstsq(w, b[:3], driver='gelsd'), torch.linalg.lstsq(a.float(), b.float())]\n"
        "result = [list(r) for r in rs]"
    ),
    "linalgx_lstsq_rcond": _case(
        "a = torch.tensor([[3., 1., 0.], [1., 2., 0.5], [0., 0.5, 0.01], [1., 0., 0.]], "
        "dtype=torch.float64)\n"
        "b = torch.tensor([[1., 2.], [0., 1.], [1., 1.], [2., 0.]], dtype=torch.float64)\n"
        "result = [list(torch.linalg.lstsq(a, b, rcond)) for rcond in (None, 1e-3, 0.5)] + "
        "[list(torch.linalg.lstsq(a, b, 0.01, driver='gelsd')), "
        "list(torch.linalg.lstsq(a, b, rcond=0.9, driver='gelss'))]"
    ),
    # gelsy (torch fixes every column: its QR is not pivoted) truncates a matrix
    # of full numerical rank at its estimated condition
    "linalgx_lstsq_gelsy_truncated": _case(
        "def spread(m, n, values):\n"
        "    u = torch.linalg.qr(torch.randn(m, m, dtype=torch.float64)).Q\n"
        "    v = torch.linalg.qr(torch.randn(n, n, dtype=torch.float64)).Q\n"
        "    k = min(m, n)\n"
        "    return u[:, :k] @ torch.diag(torch.tensor(values, dtype=torch.float64)) "
        "@ v[:, :k].mT\n"
        "tall = spread(6, 4, [1.0, 0.1, 1e-3, 1e-6])\n"
        "wide = spread(4, 6, [2.0, 0.5, 1e-2, 1e-7])\n"
        "b = torch.randn(6, 2, dtype=torch.float64)\n"
        "result = [[list(torch.linalg.lstsq(tall, b, rcond)) for rcond in (1e-2, 1e-5, 1e-8)], "
        "[list(torch.linalg.lstsq(wide, b[:4], rcond)) for rcond in (1e-1, 1e-4, 1e-9)], "
        "list(torch.linalg.lstsq(tall.float(), b.float(), 1e-2))]"
    ),
    "linalgx_lstsq_twice": _case(
        "result = [twice(lambda a, b: torch.linalg.lstsq(a, b).solution, "
        "leaf(5, 3, dtype=torch.float64), leaf(5, 2, dtype=torch.float64)), "
        "twice(lambda a, b: torch.linalg.lstsq(a, b).solution, "
        "leaf(2, 3, 4, dtype=torch.float64), leaf(2, 3, dtype=torch.float64)), "
        "twice(lambda a, b: torch.linalg.lstsq(a, b, driver='gelsd').residuals, "
        "leaf(5, 3, dtype=torch.float64), leaf(5, 2, dtype=torch.float64))]"
    ),
    "linalgx_lstsq_empty": _case(
        "rs = [torch.linalg.lstsq(torch.ones(0, 3), torch.ones(0, 2)), "
        "torch.linalg.lstsq(torch.ones(2, 0, 3), torch.ones(2, 0, 2))]\n"
        "result = [[list(r) for r in rs], [[t.stride() for t in r] for r in rs]]"
    ),
    "linalgx_lstsq_err_1d": _case("result = torch.linalg.lstsq(torch.ones(3), torch.ones(3))"),
    "linalgx_lstsq_err_0d_b": _case(
        "result = torch.linalg.lstsq(torch.ones(5, 3), torch.tensor(1.0))"
    ),
    "linalgx_lstsq_err_rows": _case(
        "result = torch.linalg.lstsq(torch.ones(5, 3), torch.ones(4, 2))"
    ),
    "linalgx_lstsq_err_vector_rows": _case(
        "result = torch.linalg.lstsq(torch.ones(5, 3), torch.ones(4))"
    ),
    "linalgx_lstsq_err_dims": _case(
        "result = torch.linalg.lstsq(torch.ones(3, 3), torch.ones(2, 3, 2))"
    ),
    "linalgx_lstsq_err_dtypes": _case(
        "result = torch.linalg.lstsq(torch.ones(5, 3), torch.ones(5, 2, dtype=torch.float64))"
    ),
    "linalgx_lstsq_err_integer": _case(
        "result = torch.linalg.lstsq(torch.ones(5, 3, dtype=torch.int64), "
        "torch.ones(5, 2, dtype=torch.int64))"
    ),
    "linalgx_lstsq_err_half": _case(
        "result = torch.linalg.lstsq(torch.ones(5, 3, dtype=torch.float16), "
        "torch.ones(5, 2, dtype=torch.float16))"
    ),
    "linalgx_lstsq_err_driver": _case(
        "result = torch.linalg.lstsq(torch.ones(5, 3, dtype=torch.int64), "
        "torch.ones(5, 2, dtype=torch.int64), driver='qr')"
    ),
    "linalgx_lstsq_err_batch": _case(
        "result = torch.linalg.lstsq(torch.ones(2, 5, 3), torch.ones(3, 5, 2))"
    ),
    "linalgx_lstsq_err_batch_one_less": _case(
        "result = torch.linalg.lstsq(torch.ones(2, 5, 3), torch.ones(5, 2))"
    ),
    "linalgx_lstsq_err_not_tensor": _case(
        "result = torch.linalg.lstsq(torch.ones(5, 3), [[1.0]])"
    ),
    # ---- LU ----
    "linalgx_lu_factor": _case(
        "def packed(a):\n"
        "    r = torch.linalg.lu_factor(a)\n"
        "    return [run(lambda a: torch.linalg.lu_factor(a).LU, a), list(r), "
        "[t.stride() for t in r], r.pivots.dtype]\n"
        "result = [packed(leaf(4, 4)), packed(leaf(3, 5)), packed(leaf(5, 3)), "
        "packed(leaf(2, 4, 3, dtype=torch.float64)), packed(leaf(2, 1, 3, 3, dtype=torch.float64))]"
    ),
    "linalgx_lu_factor_ex": _case(
        "rs = [torch.linalg.lu_factor_ex(a) for a in (torch.tensor([[1., 2.], [2., 4.]]), "
        "torch.zeros(2, 3, 3), torch.tensor([[0., 1.], [0., 2.], [1., 0.]]), "
        "torch.tensor([[1., 2.], [1., 2.]], dtype=torch.float64), "
        "torch.stack([torch.eye(3), torch.tensor([[2., 1., 1.], [4., 2., 2.], [1., 1., 1.]])]))]\n"
        "result = [[list(r) for r in rs], [[t.stride() for t in r] for r in rs], "
        "torch.linalg.lu_factor(torch.ones(2, 0, 3))]"
    ),
    "linalgx_lu": _case(
        "def unpacked(a):\n"
        "    r = torch.linalg.lu(a)\n"
        "    return [run(lambda a: torch.linalg.lu(a)[1:], a), list(r), "
        "[t.stride() for t in r], [t.grad_fn for t in r], r.P @ r.L @ r.U - a]\n"
        "result = [unpacked(leaf(4, 4)), unpacked(leaf(3, 5)), unpacked(leaf(5, 3)), "
        "unpacked(leaf(2, 4, 3, dtype=torch.float64)), "
        "unpacked(leaf(2, 1, 3, 5, dtype=torch.float64))]"
    ),
    "linalgx_lu_one_factor": _case(
        "a = leaf(4, 4, dtype=torch.float64)\n"
        "b = leaf(3, 5, dtype=torch.float64)\n"
        "result = [run(lambda a: torch.linalg.lu(a).L, a), run(lambda a: torch.linalg.lu(a).U, a), "
        "run(lambda b: torch.linalg.lu(b).L, b), run(lambda b: torch.linalg.lu(b).U, b)]"
    ),
    "linalgx_lu_twice": _case(
        "def both(a):\n"
        "    P, L, U = torch.linalg.lu(a)\n"
        "    return L * 2 + U\n"
        "result = [twice(lambda a: torch.linalg.lu(a).L.tanh().sum() + torch.linalg.lu(a).U, "
        "leaf(3, 3, dtype=torch.float64)), twice(both, leaf(2, 4, 4, dtype=torch.float64)), "
        "twice(lambda a: torch.linalg.lu(a).U.exp() + torch.linalg.lu(a).L.sum(), "
        "leaf(3, 5, dtype=torch.float64)), "
        "twice(lambda a: torch.linalg.lu(a).L.exp() + torch.linalg.lu(a).U.sum(), "
        "leaf(5, 3, dtype=torch.float64)), "
        "twice(lambda a: torch.linalg.lu_factor(a).LU, leaf(3, 3, dtype=torch.float64)), "
        "twice(lambda a: torch.linalg.lu_factor(a).LU, leaf(4, 2, dtype=torch.float64))]"
    ),
    "linalgx_lu_empty": _case(
        "r = torch.linalg.lu(torch.ones(2, 0, 3))\n"
        "result = [list(r), [t.shape for t in r]]"
    ),
    "linalgx_lu_factor_err_singular": _case(
        "result = torch.linalg.lu_factor(torch.tensor([[1., 2.], [2., 4.]]))"
    ),
    "linalgx_lu_factor_err_singular_batch": _case(
        "result = torch.linalg.lu_factor(torch.stack([torch.eye(3), torch.zeros(3, 3)]))"
    ),
    "linalgx_lu_factor_ex_err_check": _case(
        "result = torch.linalg.lu_factor_ex(torch.zeros(3, 3), check_errors=True)"
    ),
    "linalgx_lu_err_1d": _case("result = torch.linalg.lu(torch.ones(3))"),
    "linalgx_lu_factor_err_1d": _case("result = torch.linalg.lu_factor(torch.ones(3))"),
    "linalgx_lu_err_integer": _case(
        "result = torch.linalg.lu(torch.ones(3, 3, dtype=torch.int64), pivot=False)"
    ),
    "linalgx_lu_factor_err_half": _case(
        "result = torch.linalg.lu_factor(torch.ones(3, 3, dtype=torch.float16))"
    ),
    "linalgx_lu_err_no_pivot": _case("result = torch.linalg.lu(torch.ones(3, 3), pivot=False)"),
    "linalgx_lu_err_not_tensor": _case("result = torch.linalg.lu([[1.0]])"),
    # ---- torch.lu_unpack ----
    "linalgx_lu_unpack": _case(
        "def unpacked(a, **kw):\n"
        "    LU, pivots = torch.linalg.lu_factor(a)\n"
        "    r = torch.lu_unpack(LU, pivots, **kw)\n"
        "    return [list(r), [t.stride() for t in r], [t.grad_fn for t in r]]\n"
        "a = leaf(4, 3)\n"
        "result = [unpacked(a), unpacked(leaf(2, 3, 5, dtype=torch.float64)), "
        "unpacked(a, unpack_data=False), unpacked(a, unpack_pivots=False), "
        "run(lambda a: torch.lu_unpack(*torch.linalg.lu_factor(a))[1:], leaf(2, 3, 3))]"
    ),
    "linalgx_lu_unpack_err_pivots_dtype": _case(
        "LU, pivots = torch.linalg.lu_factor(torch.eye(3))\n"
        "result = torch.lu_unpack(LU, pivots.long())"
    ),
    "linalgx_lu_unpack_err_1d": _case(
        "LU, pivots = torch.linalg.lu_factor(torch.eye(3))\n"
        "result = torch.lu_unpack(LU[0], pivots)"
    ),
    "linalgx_lu_unpack_err_1d_grad": _case(
        "LU, pivots = torch.linalg.lu_factor(leaf(3, 3))\n"
        "result = torch.lu_unpack(LU[0], pivots)"
    ),
    "linalgx_lu_unpack_err_not_tensor": _case(
        "LU, pivots = torch.linalg.lu_factor(torch.eye(3))\n"
        "result = torch.lu_unpack([[1.0]], pivots)"
    ),
    # ---- lu_solve ----
    "linalgx_lu_solve": _case(
        "def solved(a, b, **kw):\n"
        "    LU, pivots = torch.linalg.lu_factor(a)\n"
        "    x = torch.linalg.lu_solve(LU, pivots, b, **kw)\n"
        "    (x * weights(x)).sum().backward()\n"
        "    return [x, x.stride(), x.grad_fn, a.grad, b.grad]\n"
        "result = [solved(square(3, 3), leaf(3, 2)), "
        "solved(square(3, 3), leaf(2, 3), left=False), "
        "solved(square(2, 4, 4, dtype=torch.float64), leaf(2, 4, 3, dtype=torch.float64), "
        "adjoint=True), "
        "solved(square(4, 4, dtype=torch.float64), leaf(2, 1, 4, dtype=torch.float64), "
        "left=False, adjoint=True), "
        "solved(square(2, 1, 3, 3), leaf(4, 3, 1)), "
        "solved(torch.tensor([[0., 2., 1.], [1., 1., 0.], [3., 0., 1.]], requires_grad=True), "
        "leaf(3, 2))]"
    ),
    "linalgx_lu_solve_graph": _case(
        "a = square(3, 3, dtype=torch.float64)\n"
        "LU, pivots = torch.linalg.lu_factor(a)\n"
        "LU.retain_grad()\n"
        "out = []\n"
        "for kw in ({}, {'left': False}, {'adjoint': True}, {'left': False, 'adjoint': True}):\n"
        "    b = leaf(3, 3, dtype=torch.float64)\n"
        "    x = torch.linalg.lu_solve(LU, pivots, b, **kw)\n"
        "    gs = torch.autograd.grad((x * weights(x)).sum(), (LU, b), create_graph=True)\n"
        "    out.append([gs, [graph(g.grad_fn, 3) for g in gs]])\n"
        "result = out"
    ),
    "linalgx_lu_solve_twice": _case(
        "def f(a, b, **kw):\n"
        "    return torch.linalg.lu_solve(*torch.linalg.lu_factor(a), b, **kw)\n"
        "result = [twice(f, square(3, 3, dtype=torch.float64), leaf(3, 2, dtype=torch.float64)), "
        "twice(lambda a, b: f(a, b, left=False, adjoint=True), "
        "square(2, 3, 3, dtype=torch.float64), leaf(2, 2, 3, dtype=torch.float64))]"
    ),
    "linalgx_lu_solve_err_b_1d": _case(
        "LU, pivots = torch.linalg.lu_factor(torch.eye(3))\n"
        "result = torch.linalg.lu_solve(LU, pivots, torch.ones(3))"
    ),
    "linalgx_lu_solve_err_shapes": _case(
        "LU, pivots = torch.linalg.lu_factor(torch.eye(3))\n"
        "result = torch.linalg.lu_solve(LU, pivots, torch.ones(3, 4), left=False)"
    ),
    "linalgx_lu_solve_err_dtypes": _case(
        "LU, pivots = torch.linalg.lu_factor(torch.eye(3))\n"
        "result = torch.linalg.lu_solve(LU, pivots, torch.ones(3, 2, dtype=torch.float64))"
    ),
    "linalgx_lu_solve_err_pivots_dtype": _case(
        "LU, pivots = torch.linalg.lu_factor(torch.eye(3))\n"
        "result = torch.linalg.lu_solve(LU, pivots.long(), torch.ones(3, 2))"
    ),
    "linalgx_lu_solve_err_pivots_shape": _case(
        "LU, pivots = torch.linalg.lu_factor(torch.eye(3).expand(2, 3, 3))\n"
        "result = torch.linalg.lu_solve(LU, pivots[0], torch.ones(3, 2))"
    ),
    "linalgx_lu_solve_err_non_square": _case(
        "LU, pivots = torch.linalg.lu_factor(torch.ones(3, 2) + torch.eye(3, 2))\n"
        "result = torch.linalg.lu_solve(LU, pivots, torch.ones(3, 2))"
    ),
    "linalgx_lu_solve_err_batch": _case(
        "LU, pivots = torch.linalg.lu_factor(torch.eye(3).expand(2, 3, 3))\n"
        "result = torch.linalg.lu_solve(LU, pivots, torch.ones(3, 3, 2))"
    ),
    # ---- matrix_exp (half precision left out: torch's kernel returns inf and nan) ----
    "linalgx_matrix_exp": _case(
        "result = [run(torch.linalg.matrix_exp, leaf(3, 3)), "
        "run(torch.matrix_exp, leaf(2, 4, 4, dtype=torch.float64)), "
        "run(lambda a: a.matrix_exp(), (leaf(3, 3) * 3).detach().requires_grad_()), "
        "run(torch.linalg.matrix_exp, leaf(2, 1, 1)), "
        "run(lambda a: torch.linalg.matrix_exp(a.mT), leaf(2, 3, 3, dtype=torch.float64)), "
        "torch.linalg.matrix_exp(torch.zeros(3, 3)), "
        "torch.linalg.matrix_exp(torch.tensor([[0., 1.], [-1., 0.]], dtype=torch.float64)), "
        "torch.linalg.matrix_exp(torch.ones(2, 0, 0))]"
    ),
    "linalgx_matrix_exp_graph": _case(
        "a = leaf(3, 3, dtype=torch.float64)\n"
        "e = torch.linalg.matrix_exp(a)\n"
        "(g,) = torch.autograd.grad((e * weights(e)).sum(), a, create_graph=True)\n"
        "result = [g, g.stride(), graph(g.grad_fn, 7)]"
    ),
    "linalgx_matrix_exp_twice": _case(
        "result = [twice(torch.linalg.matrix_exp, leaf(3, 3, dtype=torch.float64)), "
        "twice(torch.matrix_exp, leaf(2, 2, 2, dtype=torch.float64))]"
    ),
    "linalgx_matrix_exp_err_1d": _case("result = torch.linalg.matrix_exp(torch.ones(3))"),
    "linalgx_matrix_exp_err_non_square": _case("result = torch.matrix_exp(torch.ones(2, 3))"),
    "linalgx_matrix_exp_err_integer": _case(
        "result = torch.linalg.matrix_exp(torch.ones(3, 3, dtype=torch.int64))"
    ),
    "linalgx_matrix_exp_err_not_tensor": _case("result = torch.linalg.matrix_exp([[1.0]])"),
}

# LAPACK's factorizations (MKL's in torch, OpenBLAS's in numpy) and the
# backward's matrix products round in another order. The first match counts:
# the broadcast lstsq gradients sum float32 products over the batch, which
# loses a few more ulps
TOLERANCES = {"linalgx_lstsq_vector_and_broadcast": (1e-4, 1e-5), "linalgx_": (2e-5, 2e-6)}
