"""Square-matrix functions of torch.linalg, recorded from torch 2.13: inv
(torch.inverse, Tensor.inverse), det (torch.det), slogdet (torch.slogdet)
and torch.logdet, solve (vectors, batches broadcast, left=False),
matrix_norm's orders (nuclear, spectral, 1, inf and their negatives) and
svdvals: values,
the layouts LAPACK leaves, node names, first and second-order gradients,
and the errors for bad shapes, dtypes and singular matrices."""

_RUN = (
    "torch.manual_seed(0)\n"
    "def run(f, *tensors):\n"
    "    y = f(*tensors)\n"
    "    ys = list(y) if isinstance(y, tuple) else [y]\n"
    "    loss = sum((t * torch.arange(t.numel(), dtype=t.dtype).reshape(t.shape).cos()).sum()\n"
    "               for t in ys if t.requires_grad)\n"
    "    loss.backward()\n"
    "    return [ys, [t.grad_fn for t in ys], [t.grad for t in tensors]]\n"
    "def twice(f, *tensors):\n"
    "    y = f(*tensors)\n"
    "    y = y[1] if isinstance(y, tuple) else y\n"
    "    w = torch.arange(y.numel(), dtype=y.dtype).reshape(y.shape).sin()\n"
    "    gs = torch.autograd.grad((y * w).sum(), tensors, create_graph=True)\n"
    "    sum((g * g.tanh()).sum() for g in gs).backward()\n"
    "    return [gs, [g.grad_fn for g in gs], [t.grad for t in tensors]]\n"
    "def square(*shape, dtype=torch.float32):\n"
    "    # well conditioned: random plus n on the diagonal\n"
    "    n = shape[-1]\n"
    "    return (torch.randn(*shape, dtype=dtype) + n * torch.eye(n, dtype=dtype))"
    ".requires_grad_()\n"
    "def leaf(*shape, dtype=torch.float32):\n"
    "    return torch.randn(*shape, dtype=dtype).requires_grad_()\n"
)


def _case(body):
    return _RUN + body


CASES = {
    "linalgm_inv": _case(
        "result = [run(torch.linalg.inv, square(2, 3, 3)), "
        "run(torch.linalg.inv, square(4, 4, dtype=torch.float64)), "
        "run(torch.inverse, square(3, 1, 2, 2)), run(lambda a: a.inverse(), square(1, 1)), "
        "torch.linalg.inv(torch.ones(0, 0)).shape, torch.linalg.inv(torch.eye(3)[[2, 0, 1]])]"
    ),
    "linalgm_inv_second_order": _case(
        "result = [twice(torch.linalg.inv, square(2, 3, 3, dtype=torch.float64)), "
        "twice(torch.linalg.inv, square(3, 3))]"
    ),
    "linalgm_det": _case(
        "result = [run(torch.linalg.det, square(2, 3, 3)), "
        "run(torch.linalg.det, square(4, 4, dtype=torch.float64)), "
        "run(torch.det, square(2, 1, 2, 2)), run(lambda a: a.det(), square(3, 3)), "
        "torch.linalg.det(torch.ones(2, 0, 0)), torch.det(torch.ones(3, 3)), "
        "torch.linalg.det(torch.eye(3)[[1, 0, 2]])]"
    ),
    "linalgm_det_second_order": _case(
        "result = [twice(torch.linalg.det, square(2, 3, 3, dtype=torch.float64)), "
        "twice(torch.det, square(2, 2))]"
    ),
    # torch's first-order gradient at a singular matrix is 0; under
    # create_graph it is the matrix of cofactors
    "linalgm_det_singular": _case(
        "def grads(m, create_graph):\n"
        "    a = torch.tensor(m, requires_grad=True)\n"
        "    return torch.autograd.grad(torch.linalg.det(a).sum(), a, create_graph=create_graph)\n"
        "ms = [[[1., 2], [2, 4]], [[1., 2, 3], [2, 4, 6], [1, 0, 1]], "
        "[[[1., 2], [2, 4]], [[1., 2], [3, 4]]]]\n"
        "a = torch.tensor(ms[1], requires_grad=True)\n"
        "torch.linalg.det(a).backward()\n"
        "b = torch.tensor(ms[0], dtype=torch.float64, requires_grad=True)\n"
        "g, = torch.autograd.grad(torch.linalg.det(b), b, create_graph=True)\n"
        "(g * g).sum().backward()\n"
        "result = [[grads(m, False) for m in ms], [grads(m, True)[0].detach() for m in ms], "
        "a.grad, b.grad]"
    ),
    "linalgm_slogdet": _case(
        "flip = torch.tensor([[0., 2., 1.], [1., 0., 0.], [0., 0., 3.]], requires_grad=True)\n"
        "s = torch.linalg.slogdet(square(2, 3, 3))\n"
        "result = [run(torch.linalg.slogdet, square(2, 3, 3)), "
        "run(torch.linalg.slogdet, square(2, 2, 4, 4, dtype=torch.float64)), "
        "run(torch.slogdet, flip), run(lambda a: a.slogdet(), square(2, 2)), "
        "[s.sign, s.logabsdet], repr(s)[:32], repr(torch.slogdet(torch.eye(2)))[:24], "
        "list(torch.linalg.slogdet(torch.zeros(2, 2)))]"
    ),
    "linalgm_slogdet_second_order": _case(
        "result = [twice(torch.linalg.slogdet, square(2, 3, 3, dtype=torch.float64)), "
        "twice(torch.slogdet, square(3, 3))]"
    ),
    "linalgm_logdet": _case(
        "neg = torch.tensor([[0., 2.], [1., 0.]], requires_grad=True)\n"
        "result = [run(torch.logdet, square(2, 3, 3)), "
        "run(torch.logdet, square(3, 3, dtype=torch.float64)), "
        "run(lambda a: a.logdet(), neg), torch.logdet(torch.zeros(2, 2)), "
        "torch.logdet(-torch.eye(3)), twice(torch.logdet, square(3, 3, dtype=torch.float64))]"
    ),
    "linalgm_solve": _case(
        "result = [run(torch.linalg.solve, square(2, 3, 3), leaf(2, 3, 2)), "
        "run(torch.linalg.solve, square(3, 3, dtype=torch.float64), "
        "leaf(3, dtype=torch.float64)), "
        "run(torch.linalg.solve, square(2, 3, 3), leaf(2, 3)), "
        "run(torch.linalg.solve, square(2, 4, 3, 3), leaf(2, 4, 3)), "
        "run(torch.linalg.solve, square(3, 3), leaf(5, 3, 2)), "
        "run(torch.linalg.solve, square(2, 1, 3, 3), leaf(4, 3, 1)), "
        "run(torch.linalg.solve, square(2, 3, 3), leaf(3)), "
        "run(lambda a, b: torch.linalg.solve(a, b, left=False), square(2, 3, 3), leaf(2, 4, 3)), "
        "run(lambda a, b: torch.linalg.solve(a, b, left=False), square(3, 3), leaf(2, 5, 3)), "
        "run(lambda a, b: torch.linalg.solve(a, b), square(3, 3), torch.randn(3, 2)), "
        "run(lambda a, b: torch.linalg.solve(a, b), torch.eye(3) * 2, leaf(3, 2))]"
    ),
    "linalgm_solve_second_order": _case(
        "result = [twice(torch.linalg.solve, square(2, 3, 3, dtype=torch.float64), "
        "leaf(2, 3, 2, dtype=torch.float64)), "
        "twice(lambda a, b: torch.linalg.solve(a, b, left=False), square(3, 3), leaf(2, 3)), "
        "twice(torch.linalg.solve, square(2, 3, 3), leaf(3))]"
    ),
    "linalgm_matrix_norm": _case(
        "mn = torch.linalg.matrix_norm\n"
        "result = [[run(lambda a: mn(a, o), leaf(2, 3, 4)) for o in "
        "['fro', 'nuc', 2, -2, 1, -1, float('inf'), float('-inf')]], "
        "[run(lambda a: mn(a, o, keepdim=True), leaf(2, 4, 3)) for o in ['nuc', 2, 1, -1]], "
        "[run(lambda a: mn(a, o, dim=(2, 0), keepdim=True), leaf(2, 3, 4)) for o in "
        "['nuc', -2, float('inf'), -1]], "
        "[run(lambda a: mn(a, o, dim=(0, -1)), leaf(3, 2, 4, dtype=torch.float64)) for o in "
        "['nuc', 2, -2, 1, float('-inf')]], "
        "run(lambda a: mn(a, 2.0, dtype=torch.float64), leaf(3, 3)), "
        "run(lambda a: torch.linalg.norm(a, 'nuc'), leaf(3, 3)), "
        "run(lambda a: torch.linalg.norm(a, -1, dim=(1, 2)), leaf(2, 3, 3)), "
        "run(lambda a: a.norm(p='nuc'), leaf(3, 2)), "
        "mn(torch.ones(2, 3, dtype=torch.half), 1), mn(torch.ones(2, 0, 3), 'nuc', keepdim=True)]"
    ),
    "linalgm_matrix_norm_second_order": _case(
        "mn = torch.linalg.matrix_norm\n"
        "result = [twice(lambda a: mn(a, 'nuc'), leaf(2, 3, 4, dtype=torch.float64)), "
        "twice(lambda a: mn(a, 2, dim=(0, 2)), leaf(3, 2, 4, dtype=torch.float64)), "
        "twice(lambda a: mn(a, -2), leaf(4, 3)), twice(lambda a: mn(a, 'nuc'), leaf(3, 3))]"
    ),
    "linalgm_svdvals": _case(
        "result = [run(torch.linalg.svdvals, leaf(2, 3, 4)), "
        "run(torch.linalg.svdvals, leaf(4, 2, dtype=torch.float64)), "
        "twice(torch.linalg.svdvals, leaf(2, 4, 3, dtype=torch.float64))]"
    ),
    "linalgm_err_matrix_norm_order": "torch.linalg.matrix_norm(torch.ones(3, 3), 3)",
    "linalgm_err_matrix_norm_order_float": "torch.linalg.matrix_norm(torch.ones(3, 3), -3.0)",
    "linalgm_err_matrix_norm_order_fraction": "torch.linalg.matrix_norm(torch.ones(3, 3), 1.5)",
    "linalgm_err_matrix_norm_order_name": "torch.linalg.matrix_norm(torch.ones(3, 3), 'foo')",
    "linalgm_err_matrix_norm_order_first": (
        "torch.linalg.matrix_norm(torch.ones(3, dtype=torch.long), 3)"
    ),
    "linalgm_err_matrix_norm_1d": "torch.linalg.matrix_norm(torch.ones(3), 'nuc')",
    "linalgm_err_matrix_norm_dim_one": "torch.linalg.matrix_norm(torch.ones(2, 3), 1, dim=(0,))",
    "linalgm_err_matrix_norm_dim_three": (
        "torch.linalg.matrix_norm(torch.ones(2, 3, 4), 2, dim=(0, 1, 2))"
    ),
    "linalgm_err_matrix_norm_same_dims": (
        "torch.linalg.matrix_norm(torch.ones(2, 3, 4), 'nuc', dim=(0, -3))"
    ),
    "linalgm_err_matrix_norm_dim_range": (
        "torch.linalg.matrix_norm(torch.ones(2, 3, 4), 1, dim=(0, 5))"
    ),
    "linalgm_err_matrix_norm_long": "torch.linalg.matrix_norm(torch.ones(3, 3, dtype=torch.long), 2)",
    "linalgm_err_matrix_norm_long_fro": "torch.linalg.matrix_norm(torch.ones(3, 3).long())",
    "linalgm_err_matrix_norm_dtype_long": (
        "torch.linalg.matrix_norm(torch.ones(3, 3), 1, dtype=torch.long)"
    ),
    "linalgm_err_matrix_norm_dtype_narrowing": (
        "torch.linalg.matrix_norm(torch.ones(3, 3), 'nuc', dtype=torch.half)"
    ),
    "linalgm_err_matrix_norm_half": (
        "torch.linalg.matrix_norm(torch.ones(3, 3).half(), 'nuc', dtype=torch.float32)"
    ),
    "linalgm_err_norm_3d_no_dim": "torch.linalg.norm(torch.ones(2, 3, 4), 'fro')",
    "linalgm_err_norm_1d_nuc": "torch.linalg.norm(torch.ones(3), 'nuc')",
    "linalgm_tensor_norm_nuc": _case(
        "result = [run(lambda a: a.norm(p='nuc', dim=(1, 2), keepdim=True), leaf(2, 3, 4)), "
        "run(lambda a: torch.norm(a, 'nuc'), leaf(3, 3)), "
        "run(lambda a: a.norm('fro', (0, 1)), leaf(2, 3))]"
    ),
    "linalgm_err_tensor_norm_nuc_3d": "torch.ones(2, 3, 4).norm(p='nuc')",
    "linalgm_err_tensor_norm_nuc_int_dim": "torch.ones(2, 3, 4).norm(p='nuc', dim=1)",
    "linalgm_err_svdvals_1d": "torch.linalg.svdvals(torch.ones(3))",
    "linalgm_err_svdvals_long": "torch.linalg.svdvals(torch.ones(2, 2, dtype=torch.long))",
    # errors: shapes and dtypes
    "linalgm_err_inv_not_square": "torch.linalg.inv(torch.ones(2, 3))",
    "linalgm_err_inv_1d": "torch.linalg.inv(torch.ones(3))",
    "linalgm_err_inv_long": "torch.linalg.inv(torch.ones(2, 2, dtype=torch.long))",
    "linalgm_err_inv_long_not_square": "torch.linalg.inv(torch.ones(2, 3, dtype=torch.long))",
    "linalgm_err_inv_half": "torch.linalg.inv(torch.ones(2, 2, dtype=torch.half))",
    "linalgm_err_inv_list": "torch.linalg.inv([[1.0]])",
    "linalgm_err_inverse_list": "torch.inverse([[1.0]])",
    "linalgm_err_inverse_not_square": "torch.ones(2, 3).inverse()",
    "linalgm_err_det_not_square": "torch.linalg.det(torch.ones(2, 3))",
    "linalgm_err_det_0d": "torch.linalg.det(torch.tensor(2.0))",
    "linalgm_err_det_long": "torch.det(torch.ones(2, 2, dtype=torch.long))",
    "linalgm_err_det_int": "torch.linalg.det(3)",
    "linalgm_err_det_bfloat16": "torch.det(torch.ones(2, 2, dtype=torch.bfloat16))",
    "linalgm_err_slogdet_not_square": "torch.linalg.slogdet(torch.ones(4, 2, 3))",
    "linalgm_err_slogdet_1d": "torch.slogdet(torch.ones(3))",
    "linalgm_err_slogdet_long": "torch.linalg.slogdet(torch.ones(2, 2, dtype=torch.long))",
    "linalgm_err_logdet_not_square": "torch.logdet(torch.ones(2, 3))",
    "linalgm_err_logdet_1d": "torch.ones(3).logdet()",
    "linalgm_err_logdet_long": "torch.logdet(torch.ones(2, 2, dtype=torch.long))",
    "linalgm_err_solve_not_square": "torch.linalg.solve(torch.ones(2, 3), torch.ones(2))",
    "linalgm_err_solve_a_1d": "torch.linalg.solve(torch.ones(3), torch.ones(3))",
    "linalgm_err_solve_b_0d": "torch.linalg.solve(torch.eye(3), torch.tensor(1.0))",
    "linalgm_err_solve_long": (
        "torch.linalg.solve(torch.eye(3, dtype=torch.long), torch.ones(3, dtype=torch.long))"
    ),
    "linalgm_err_solve_dtypes": (
        "torch.linalg.solve(torch.eye(3), torch.ones(3, 3, dtype=torch.double))"
    ),
    "linalgm_err_solve_vector_size": "torch.linalg.solve(torch.eye(3), torch.ones(4))",
    "linalgm_err_solve_rows": "torch.linalg.solve(torch.eye(3).expand(2, 3, 3), torch.ones(4, 3))",
    "linalgm_err_solve_batched_vector": (
        "torch.linalg.solve(torch.eye(3).expand(2, 4, 3, 3), torch.ones(1, 4, 3))"
    ),
    "linalgm_err_solve_right": "torch.linalg.solve(torch.eye(3), torch.ones(3, 4), left=False)",
    "linalgm_err_solve_right_vector": "torch.linalg.solve(torch.eye(3), torch.ones(3), left=False)",
    "linalgm_err_solve_batch": (
        "torch.linalg.solve(torch.eye(3).expand(2, 3, 3), torch.ones(4, 3, 1))"
    ),
    "linalgm_err_solve_batch_inner": (
        "torch.linalg.solve(torch.eye(3).expand(5, 2, 3, 3), torch.ones(3, 1, 3, 2))"
    ),
    "linalgm_err_solve_long_not_square": (
        "torch.linalg.solve(torch.ones(2, 3, dtype=torch.long), torch.ones(3))"
    ),
    "linalgm_err_solve_half": (
        "torch.linalg.solve(torch.ones(2, 2).half(), torch.ones(2, 2).half())"
    ),
    "linalgm_err_det_long_not_square": "torch.linalg.det(torch.ones(2, 3, dtype=torch.long))",
    "linalgm_err_slogdet_half": "torch.linalg.slogdet(torch.ones(2, 2, dtype=torch.half))",
    "linalgm_err_logdet_bfloat16": "torch.logdet(torch.ones(2, 2, dtype=torch.bfloat16))",
    "linalgm_err_solve_dtypes_vector": (
        "torch.linalg.solve(torch.eye(3), torch.ones(4, dtype=torch.double))"
    ),
    "linalgm_err_solve_singular_expanded": (
        "torch.linalg.solve(torch.zeros(3, 3).expand(1, 3, 3), torch.ones(3, 1))"
    ),
    "linalgm_err_solve_list": "torch.linalg.solve(torch.eye(3), [1.0, 2.0, 3.0])",
    # errors: singular matrices, with the column LU with partial pivoting stops at
    "linalgm_err_inv_ones": "torch.linalg.inv(torch.ones(3, 3))",
    "linalgm_err_inv_zeros": "torch.linalg.inv(torch.zeros(3, 3))",
    "linalgm_err_inv_last": "torch.linalg.inv(torch.tensor([[1., 2, 3], [2, 4, 6], [1, 1, 1]]))",
    "linalgm_err_inv_middle": (
        "torch.linalg.inv(torch.tensor([[1., 2, 0, 1], [2, 4, 0, 3], [0, 0, 1, 0], [3, 6, 1, 2]]))"
    ),
    "linalgm_err_inv_batch": (
        "torch.linalg.inv(torch.stack([torch.eye(3), torch.eye(3), torch.ones(3, 3)]))"
    ),
    "linalgm_err_inv_batch_2d": (
        "a = torch.eye(2).repeat(2, 3, 1, 1)\na[1, 1] = 0\ntorch.linalg.inv(a)"
    ),
    "linalgm_err_inverse_double": "torch.zeros(2, 2, dtype=torch.float64).inverse()",
    "linalgm_err_solve_singular": "torch.linalg.solve(torch.ones(3, 3), torch.ones(3))",
    "linalgm_err_solve_singular_batch": (
        "torch.linalg.solve(torch.stack([torch.eye(3), torch.ones(3, 3)]), torch.ones(2, 3))"
    ),
    "linalgm_err_solve_singular_broadcast": (
        "torch.linalg.solve(torch.zeros(3, 3), torch.ones(2, 3, 1))"
    ),
    "linalgm_err_solve_singular_right": (
        "torch.linalg.solve(torch.tensor([[1., 2], [2, 4]]), torch.ones(3, 2), left=False)"
    ),
    # a singular matrix is left as it was
    "linalgm_singular_untouched": (
        "a = torch.ones(3, 3)\ntry:\n    torch.linalg.inv(a)\nexcept RuntimeError:\n    pass\n"
        "result = [a, torch.linalg.det(a), torch.linalg.slogdet(a).logabsdet]"
    ),
}

# LAPACK's factorizations and torch's backward matrix products round in
# another order than numpy's
TOLERANCES = {"linalgm_": (2e-5, 2e-6)}
