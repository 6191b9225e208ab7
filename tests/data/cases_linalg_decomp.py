"""Decompositions of torch.linalg, recorded from torch 2.13: cholesky
(upper, cholesky_ex with its info, the deprecated torch.cholesky and
Tensor.cholesky), qr (its three modes, torch.qr and Tensor.qr), eigh and
eigvalsh, svd (torch.svd and Tensor.svd) and solve_triangular: values, the layouts LAPACK leaves, node names, first and
second-order gradients, and the errors for bad shapes, dtypes and matrices
that are not positive-definite.

Eigenvectors are unique only up to sign, and torch's LAPACK (MKL) and
numpy's (OpenBLAS) choose signs differently: the eigh cases record only
quantities the signs do not change (abs(V), V diag(w) Vᵀ, losses in V²);
so do the svd cases (for tall matrices the signs differ)."""

_RUN = (
    "torch.manual_seed(0)\n"
    "def weights(t):\n"
    "    return torch.arange(t.numel(), dtype=t.dtype).reshape(t.shape).cos()\n"
    "def run(f, *tensors):\n"
    "    y = f(*tensors)\n"
    "    ys = list(y) if isinstance(y, tuple) else [y]\n"
    "    loss = sum((t * weights(t)).sum() for t in ys if t.requires_grad)\n"
    "    loss.backward()\n"
    "    return [ys, [t.grad_fn for t in ys], [t.grad for t in tensors]]\n"
    "def twice(f, *tensors):\n"
    "    ys = f(*tensors)\n"
    "    ys = list(ys) if isinstance(ys, tuple) else [ys]\n"
    "    loss = sum((y * weights(y).sin()).sum() for y in ys)\n"
    "    gs = torch.autograd.grad(loss, tensors, create_graph=True)\n"
    "    sum((g * g.tanh()).sum() for g in gs).backward()\n"
    "    return [gs, [g.grad_fn for g in gs], [t.grad for t in tensors]]\n"
    "def spd(*shape, dtype=torch.float32):\n"
    "    # symmetric positive-definite, well conditioned\n"
    "    n = shape[-1]\n"
    "    b = torch.randn(*shape, dtype=dtype)\n"
    "    return (b @ b.mT + n * torch.eye(n, dtype=dtype)).requires_grad_()\n"
    "def sym(*shape, dtype=torch.float32):\n"
    "    b = torch.randn(*shape, dtype=dtype)\n"
    "    return (b + b.mT).requires_grad_()\n"
    "def leaf(*shape, dtype=torch.float32):\n"
    "    return torch.randn(*shape, dtype=dtype).requires_grad_()\n"
    "def eig_run(f, a):\n"
    "    # the eigenvectors' signs are LAPACK's choice: record and differentiate only\n"
    "    # what they do not change\n"
    "    w, v = f(a)\n"
    "    loss = (w * weights(w)).sum() + (v * v * weights(v)).sum()\n"
    "    loss.backward()\n"
    "    return [w, v.abs(), v @ torch.diag_embed(w) @ v.mT, v.stride(), w.grad_fn, "
    "v.grad_fn, a.grad]\n"
    "def svd_run(f, a):\n"
    "    # u_k and v_k change sign together: losses in u_k v_kᵀ, U² and Vh²\n"
    "    u, s, vh = f(a)\n"
    "    k = s.shape[-1]\n"
    "    uk, vhk = u[..., :k], vh[..., :k, :]\n"
    "    loss = (s * weights(s)).sum() + (uk * uk * weights(uk)).sum() "
    "+ (vhk * vhk * weights(vhk)).sum()\n"
    "    prod = uk @ torch.diag_embed(weights(s).sin()) @ vhk\n"
    "    (loss + (prod * weights(prod)).sum()).backward()\n"
    "    return [s, u.abs(), vh.abs(), uk @ torch.diag_embed(s) @ vhk, u.shape, vh.shape, "
    "u.stride(), vh.stride(), s.stride(), s.grad_fn, u.grad_fn, a.grad]\n"
)


def _case(body):
    return _RUN + body


CASES = {
    # ---- cholesky ----
    "linalgdec_cholesky": _case(
        "result = [run(torch.linalg.cholesky, spd(3, 3)), "
        "run(torch.linalg.cholesky, spd(4, 4, dtype=torch.float64)), "
        "run(torch.linalg.cholesky, spd(2, 3, 3)), "
        "run(lambda a: torch.linalg.cholesky(a, upper=True), spd(2, 1, 3, 3)), "
        "[t.stride() for t in (torch.linalg.cholesky(spd(3, 3)), "
        "torch.linalg.cholesky(spd(2, 3, 3), upper=True))]]"
    ),
    # only the lower (or, with upper=True, the upper) triangle is read, the
    # gradient is symmetric all the same
    "linalgdec_cholesky_one_triangle": _case(
        "a = torch.tensor([[4., 100., -7.], [2., 3., 50.], [1., 0.5, 6.]], requires_grad=True)\n"
        "b = torch.tensor([[4., 2., 1.], [100., 3., 0.5], [-7., 50., 6.]], requires_grad=True)\n"
        "result = [run(torch.linalg.cholesky, a), "
        "run(lambda t: torch.linalg.cholesky(t, upper=True), b)]"
    ),
    "linalgdec_cholesky_second_order": _case(
        "result = [twice(torch.linalg.cholesky, spd(2, 3, 3, dtype=torch.float64)), "
        "twice(lambda a: torch.linalg.cholesky(a, upper=True), spd(3, 3))]"
    ),
    "linalgdec_cholesky_loss": _case(
        "a = spd(4, 4, dtype=torch.float64)\n"
        "x = torch.randn(4, 2, dtype=torch.float64)\n"
        "l = torch.linalg.cholesky(a)\n"
        "# a log-determinant and a quadratic form through the factor\n"
        "loss = 2 * l.diagonal().log().sum() + (l.mT @ x).pow(2).sum()\n"
        "loss.backward()\n"
        "result = [loss, a.grad]"
    ),
    "linalgdec_cholesky_function": _case(
        "result = [run(torch.cholesky, spd(3, 3)), "
        "run(lambda a: torch.cholesky(a, True), spd(2, 3, 3, dtype=torch.float64)), "
        "run(lambda a: a.cholesky(upper=True), spd(4, 4)), run(lambda a: a.cholesky(), spd(2, 2))]"
    ),
    "linalgdec_cholesky_ex": _case(
        "a = spd(2, 3, 3)\n"
        "bad = torch.stack([torch.eye(3), -torch.eye(3), torch.diag(torch.tensor([1., 2., -3.]))])\n"
        "r = torch.linalg.cholesky_ex(a)\n"
        "result = [run(torch.linalg.cholesky_ex, spd(3, 3, dtype=torch.float64)), "
        "r.L, r.info, r.info.dtype, r.info.shape, torch.linalg.cholesky_ex(bad).info, "
        "torch.linalg.cholesky_ex(-torch.eye(2)).info, type(r).__name__, "
        "torch.linalg.cholesky_ex(torch.ones(2, 0, 0)), torch.linalg.cholesky(torch.ones(0, 0))]"
    ),
    # the factor LAPACK leaves where it stops: the failing pivot on the
    # diagonal, the later columns as given
    "linalgdec_cholesky_ex_partial": _case(
        "a = torch.tensor([[4., 2., 1.], [2., -3., 5.], [1., 5., 7.]])\n"
        "b = torch.tensor([[4., 2., 1.], [2., 5., 5.], [1., 5., 2.]], dtype=torch.float64)\n"
        "result = [torch.linalg.cholesky_ex(a), torch.linalg.cholesky_ex(b), "
        "torch.linalg.cholesky_ex(b, upper=True)]"
    ),
    "linalgdec_cholesky_error_not_pd": _case(
        "torch.linalg.cholesky(torch.tensor([[1., 2.], [2., 1.]]))\nresult = None"
    ),
    "linalgdec_cholesky_error_not_pd_first": _case(
        "torch.linalg.cholesky(-torch.eye(3, dtype=torch.float64))\nresult = None"
    ),
    "linalgdec_cholesky_error_not_pd_batched": _case(
        "torch.linalg.cholesky(torch.stack([torch.eye(3), torch.eye(3), "
        "torch.diag(torch.tensor([1., 1., -1.]))]))\nresult = None"
    ),
    "linalgdec_cholesky_error_nan": _case(
        "torch.linalg.cholesky(torch.tensor([[float('nan'), 2.], [2., 3.]]))\nresult = None"
    ),
    "linalgdec_cholesky_error_upper": _case(
        "torch.linalg.cholesky(torch.tensor([[4., 100.], [2., 3.]]), upper=True)\nresult = None"
    ),
    "linalgdec_cholesky_ex_error_check": _case(
        "torch.linalg.cholesky_ex(torch.stack([torch.eye(2), -torch.eye(2)]), "
        "check_errors=True)\nresult = None"
    ),
    "linalgdec_cholesky_function_error_not_pd": _case(
        "torch.cholesky(-torch.eye(3))\nresult = None"
    ),
    "linalgdec_cholesky_error_non_square": _case(
        "torch.linalg.cholesky(torch.ones(2, 3, 4))\nresult = None"
    ),
    "linalgdec_cholesky_error_1d": _case("torch.linalg.cholesky(torch.ones(3))\nresult = None"),
    "linalgdec_cholesky_error_integer": _case(
        "torch.linalg.cholesky(torch.ones(3, 3, dtype=torch.int64))\nresult = None"
    ),
    "linalgdec_cholesky_error_half": _case(
        "torch.linalg.cholesky(torch.eye(3, dtype=torch.float16))\nresult = None"
    ),
    "linalgdec_cholesky_ex_error_1d": _case(
        "torch.linalg.cholesky_ex(torch.ones(3))\nresult = None"
    ),
    "linalgdec_cholesky_error_list": _case("torch.linalg.cholesky([[1.]])\nresult = None"),
    "linalgdec_cholesky_function_error_integer": _case(
        "torch.cholesky(torch.ones(3, 3, dtype=torch.int32))\nresult = None"
    ),
    "linalgdec_cholesky_function_error_non_square": _case(
        "torch.cholesky(torch.ones(3, 4))\nresult = None"
    ),
    # ---- qr ----
    "linalgdec_qr_reduced": _case(
        "result = [run(torch.linalg.qr, leaf(3, 3)), "
        "run(torch.linalg.qr, leaf(5, 3, dtype=torch.float64)), "
        "run(torch.linalg.qr, leaf(3, 5)), "
        "run(torch.linalg.qr, leaf(2, 4, 3, dtype=torch.float64)), "
        "run(torch.linalg.qr, leaf(2, 1, 2, 4))]"
    ),
    "linalgdec_qr_complete": _case(
        "tall = torch.linalg.qr(leaf(5, 3), mode='complete')\n"
        "result = [run(lambda a: torch.linalg.qr(a, 'complete'), leaf(3, 3)), "
        "run(lambda a: torch.linalg.qr(a, mode='complete'), leaf(2, 3, 4, dtype=torch.float64)), "
        "tall, [t.stride() for t in tall], "
        "torch.linalg.qr(leaf(2, 4, 2, dtype=torch.float64), mode='complete')]"
    ),
    "linalgdec_qr_r": _case(
        "q, r = torch.linalg.qr(leaf(4, 3), mode='r')\n"
        "result = [q, r, r.stride(), q.grad_fn, r.grad_fn, "
        "torch.linalg.qr(leaf(2, 3, 5, dtype=torch.float64), mode='r')]"
    ),
    "linalgdec_qr_loss": _case(
        "a = leaf(5, 3, dtype=torch.float64)\n"
        "q, r = torch.linalg.qr(a)\n"
        "# only R: the gradient of log|det R| and of a projection\n"
        "loss = r.diagonal().abs().log().sum() + (q @ q.mT @ torch.ones(5, dtype=a.dtype)).sum()\n"
        "loss.backward()\n"
        "b = leaf(3, 4)\n"
        "torch.linalg.qr(b).R.pow(2).sum().backward()\n"
        "c = leaf(4, 4, dtype=torch.float64)\n"
        "torch.linalg.qr(c).Q.sum().backward()\n"
        "result = [loss, a.grad, b.grad, c.grad]"
    ),
    "linalgdec_qr_second_order": _case(
        "result = [twice(torch.linalg.qr, leaf(4, 3, dtype=torch.float64)), "
        "twice(torch.linalg.qr, leaf(2, 3, 4, dtype=torch.float64)), "
        "twice(lambda a: torch.linalg.qr(a).R, leaf(3, 3))]"
    ),
    "linalgdec_qr_function": _case(
        "r = torch.qr(leaf(3, 2))\n"
        "result = [run(torch.qr, leaf(4, 3)), run(lambda a: torch.qr(a, some=False), leaf(3, 4)), "
        "run(lambda a: a.qr(), leaf(2, 3, 3, dtype=torch.float64)), "
        "leaf(4, 2).qr(False), type(r).__name__, r.Q, r.R]"
    ),
    "linalgdec_qr_empty": _case(
        "result = [torch.linalg.qr(torch.ones(3, 0)), torch.linalg.qr(torch.ones(0, 3)), "
        "torch.linalg.qr(torch.ones(2, 3, 0), mode='complete')]"
    ),
    "linalgdec_qr_error_r_backward": _case(
        "a = leaf(3, 3)\ntorch.linalg.qr(a, mode='r').R.sum().backward()\nresult = None"
    ),
    "linalgdec_qr_error_complete_tall_backward": _case(
        "a = leaf(4, 2)\ntorch.linalg.qr(a, mode='complete').Q.sum().backward()\nresult = None"
    ),
    "linalgdec_qr_error_mode": _case(
        "torch.linalg.qr(torch.ones(3, 3), mode='full')\nresult = None"
    ),
    "linalgdec_qr_error_mode_1d": _case(
        "torch.linalg.qr(torch.ones(3), mode='full')\nresult = None"
    ),
    "linalgdec_qr_error_1d": _case("torch.linalg.qr(torch.ones(3))\nresult = None"),
    "linalgdec_qr_error_integer": _case(
        "torch.linalg.qr(torch.ones(3, 3, dtype=torch.int64))\nresult = None"
    ),
    "linalgdec_qr_error_half": _case(
        "torch.linalg.qr(torch.ones(3, 3, dtype=torch.float16))\nresult = None"
    ),
    "linalgdec_qr_function_error_integer": _case(
        "torch.qr(torch.ones(3, 2, dtype=torch.int32))\nresult = None"
    ),
    # ---- svd: the singular vectors' signs differ from torch's for tall matrices
    # (MKL reduces them by QR first): only sign-invariant quantities recorded;
    # full U of a tall matrix has one extra column (unique up to sign)
    "linalgdec_svd": _case(
        "result = [svd_run(torch.linalg.svd, leaf(3, 3)), "
        "svd_run(torch.linalg.svd, leaf(4, 3, dtype=torch.float64)), "
        "svd_run(torch.linalg.svd, leaf(3, 4)), "
        "svd_run(lambda a: torch.linalg.svd(a, full_matrices=False), leaf(5, 3)), "
        "svd_run(lambda a: torch.linalg.svd(a, False), leaf(2, 3, 4, dtype=torch.float64)), "
        "svd_run(torch.linalg.svd, leaf(2, 1, 4, 3))]"
    ),
    "linalgdec_svd_result": _case(
        "r = torch.linalg.svd(leaf(3, 3))\n"
        "e = torch.linalg.svd(torch.ones(3, 0))\n"
        "result = [type(r).__name__, r.S, r.U.abs(), r.Vh.abs(), e.U.abs(), e.S, e.Vh, "
        "e.U.stride(), torch.linalg.svd(torch.ones(2, 0, 2), full_matrices=False)]"
    ),
    # the gradient of the extra columns of full U is dropped
    "linalgdec_svd_full_extra_columns": _case(
        "a = leaf(4, 3)\n"
        "u = torch.linalg.svd(a).U\n"
        "(u[:, 3:] * u[:, 3:]).sum().backward()\n"
        "result = a.grad"
    ),
    "linalgdec_svd_second_order": _case(
        "result = [twice(lambda a: torch.linalg.svd(a).S, leaf(3, 4, dtype=torch.float64)), "
        "twice(lambda a: torch.linalg.svd(a, False).U.pow(2), leaf(2, 4, 3, dtype=torch.float64))]"
    ),
    "linalgdec_svd_function": _case(
        "a = leaf(4, 3)\n"
        "r = torch.svd(a)\n"
        "f = torch.svd(a, some=False)\n"
        "n = torch.svd(a, compute_uv=False)\n"
        "m = leaf(2, 3, 5, dtype=torch.float64).svd(compute_uv=False)\n"
        "n.S.sum().backward()\n"
        "result = [type(r).__name__, r.S, r.U.abs(), r.V.abs(), r.V.stride(), r.U.stride(), "
        "r.V.grad_fn, r.U.grad_fn, f.U.shape, f.V.shape, f.V.stride(), n, m, "
        "[t.stride() for t in m], a.grad, svd_run(lambda t: torch.svd(t)[:2] + "
        "(torch.svd(t).V.mT,), leaf(3, 4))]"
    ),
    "linalgdec_svd_error_1d": _case("torch.linalg.svd(torch.ones(3))\nresult = None"),
    "linalgdec_svd_error_integer": _case(
        "torch.linalg.svd(torch.ones(3, 3, dtype=torch.int64))\nresult = None"
    ),
    "linalgdec_svd_error_half": _case(
        "torch.linalg.svd(torch.ones(3, 3, dtype=torch.float16))\nresult = None"
    ),
    "linalgdec_svd_error_driver": _case(
        "torch.linalg.svd(torch.ones(3, 3), driver='gesvd')\nresult = None"
    ),
    "linalgdec_svd_function_error_1d": _case("torch.svd(torch.ones(3))\nresult = None"),
    "linalgdec_svd_function_error_integer": _case(
        "torch.svd(torch.ones(3, 2, dtype=torch.int32))\nresult = None"
    ),
    # ---- solve_triangular (the backward of cholesky and qr uses it) ----
    "linalgdec_solve_triangular": _case(
        "def tri(*shape, upper, dtype=torch.float32):\n"
        "    a = torch.randn(*shape, dtype=dtype) + shape[-1] * torch.eye(shape[-1], dtype=dtype)\n"
        "    return (a.triu() if upper else a.tril()).requires_grad_()\n"
        "st = torch.linalg.solve_triangular\n"
        "result = [run(lambda a, b: st(a, b, upper=True), tri(3, 3, upper=True), leaf(3, 2)), "
        "run(lambda a, b: st(a, b, upper=False, left=False), tri(2, 3, 3, upper=False), "
        "leaf(2, 4, 3)), "
        "run(lambda a, b: st(a, b, upper=True, unitriangular=True), "
        "tri(4, 4, upper=True, dtype=torch.float64), leaf(2, 1, 4, 2, dtype=torch.float64)), "
        "run(lambda a, b: st(a, b, upper=False), leaf(3, 3), leaf(3, 3))]"
    ),
    "linalgdec_solve_triangular_second_order": _case(
        "a = (torch.randn(3, 3, dtype=torch.float64).tril() + 3 * torch.eye(3)).requires_grad_()\n"
        "result = twice(lambda a, b: torch.linalg.solve_triangular(a, b, upper=False), a, "
        "leaf(3, 2, dtype=torch.float64))"
    ),
    "linalgdec_solve_triangular_error_1d": _case(
        "torch.linalg.solve_triangular(torch.eye(3), torch.ones(3), upper=True)\nresult = None"
    ),
    "linalgdec_solve_triangular_error_shapes": _case(
        "torch.linalg.solve_triangular(torch.eye(3), torch.ones(2, 3), upper=True)\nresult = None"
    ),
    "linalgdec_solve_triangular_error_integer": _case(
        "torch.linalg.solve_triangular(torch.eye(3).int(), torch.ones(3, 2).int(), upper=True)"
        "\nresult = None"
    ),
    # ---- eigh ----
    "linalgdec_eigh": _case(
        "result = [eig_run(torch.linalg.eigh, sym(3, 3)), "
        "eig_run(torch.linalg.eigh, sym(5, 5, dtype=torch.float64)), "
        "eig_run(torch.linalg.eigh, sym(2, 4, 4, dtype=torch.float64)), "
        "eig_run(lambda a: torch.linalg.eigh(a, 'U'), sym(2, 1, 3, 3))]"
    ),
    # only the named triangle is read; the gradient is symmetric
    "linalgdec_eigh_one_triangle": _case(
        "a = torch.tensor([[2., 100., -7.], [1., 3., 50.], [0.5, -1., 6.]], "
        "dtype=torch.float64, requires_grad=True)\n"
        "b = torch.tensor([[2., 1., 0.5], [100., 3., -1.], [-7., 50., 6.]], requires_grad=True)\n"
        "result = [eig_run(torch.linalg.eigh, a), "
        "eig_run(lambda t: torch.linalg.eigh(t, UPLO='U'), b), "
        "torch.linalg.eigvalsh(b.detach(), 'u'), torch.linalg.eigvalsh(a.detach(), UPLO='l')]"
    ),
    "linalgdec_eigh_result": _case(
        "r = torch.linalg.eigh(sym(3, 3))\n"
        "result = [type(r).__name__, r.eigenvalues, r.eigenvectors.abs(), r[0].stride(), "
        "torch.linalg.eigh(torch.ones(2, 0, 0)), torch.linalg.eigh(torch.eye(3))]"
    ),
    "linalgdec_eigvalsh": _case(
        "result = [run(torch.linalg.eigvalsh, sym(3, 3)), "
        "run(torch.linalg.eigvalsh, sym(2, 4, 4, dtype=torch.float64)), "
        "run(lambda a: torch.linalg.eigvalsh(a, UPLO='U'), leaf(3, 3, dtype=torch.float64))]"
    ),
    "linalgdec_eigh_second_order": _case(
        "result = [twice(torch.linalg.eigvalsh, sym(2, 3, 3, dtype=torch.float64)), "
        "twice(lambda a: torch.linalg.eigh(a).eigenvectors.pow(2), sym(3, 3, dtype=torch.float64))]"
    ),
    "linalgdec_eigh_error_1d": _case("torch.linalg.eigh(torch.ones(3))\nresult = None"),
    "linalgdec_eigh_error_non_square": _case(
        "torch.linalg.eigh(torch.ones(3, 4))\nresult = None"
    ),
    "linalgdec_eigh_error_integer": _case(
        "torch.linalg.eigh(torch.ones(3, 3, dtype=torch.int64))\nresult = None"
    ),
    "linalgdec_eigh_error_half": _case(
        "torch.linalg.eigh(torch.ones(3, 3, dtype=torch.float16))\nresult = None"
    ),
    "linalgdec_eigh_error_uplo": _case(
        "torch.linalg.eigh(torch.ones(3, 3), UPLO='X')\nresult = None"
    ),
    "linalgdec_eigh_error_uplo_long": _case(
        "torch.linalg.eigh(torch.ones(3, 3), UPLO='LU')\nresult = None"
    ),
    "linalgdec_eigvalsh_error_non_square": _case(
        "torch.linalg.eigvalsh(torch.ones(2, 3))\nresult = None"
    ),
    "linalgdec_eigvalsh_error_bfloat16": _case(
        "torch.linalg.eigvalsh(torch.ones(3, 3, dtype=torch.bfloat16))\nresult = None"
    ),
    "linalgdec_eigvalsh_error_uplo_1d": _case(
        "torch.linalg.eigvalsh(torch.ones(3), UPLO='X')\nresult = None"
    ),
}

# numpy's LAPACK (OpenBLAS) and torch's (MKL) round differently in the last bits
TOLERANCES = {"linalgdec_": (2e-5, 2e-6)}
