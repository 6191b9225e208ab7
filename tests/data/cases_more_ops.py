"""More torch functions, recorded from torch 2.13: cdist, std_mean,
var_mean, aminmax, cummax/cummin (ties, NaN), logcumsumexp, rot90, fliplr,
flipud, cross, torch.linalg norms, and the integer helpers unique,
unique_consecutive, bincount, histc, argwhere, count_nonzero, isin,
searchsorted, bucketize, tril_indices, triu_indices."""

_RUN = (
    "torch.manual_seed(0)\n"
    "def run(f, *tensors):\n"
    "    y = f(*tensors)\n"
    "    ys = list(y) if isinstance(y, tuple) else [y]\n"
    "    sum((t * t).sum() for t in ys if t.is_floating_point()).backward()\n"
    "    return [ys, [t.grad_fn for t in ys], [t.grad for t in tensors]]\n"
    "def leaf(*shape, dtype=torch.float32):\n"
    "    return torch.randn(*shape, dtype=dtype).requires_grad_()\n"
    "x = torch.tensor([[3., 1., 2., 1.], [0., 5., 5., -1.], [2., 2., 7., 0.5]])\n"
)


def _case(body):
    return _RUN + body


CASES = {
    "moreops_cdist": _case(
        "result = [run(torch.cdist, leaf(4, 3), leaf(2, 3)), "
        "run(lambda a, b: torch.cdist(a, b, p=1), leaf(2, 3, 2), leaf(2, 4, 2)), "
        "run(lambda a, b: torch.cdist(a, b, p=3.0), leaf(3, 2, dtype=torch.float64), "
        "leaf(2, 2, dtype=torch.float64)), "
        "run(lambda a, b: torch.cdist(a, b, p=float('inf')), leaf(3, 2), leaf(2, 2))]"
    ),
    "moreops_stats": _case(
        "result = [run(lambda a: torch.std_mean(a, 1), leaf(3, 4)), "
        "run(lambda a: torch.var_mean(a), leaf(3, 4)), "
        "run(lambda a: torch.var_mean(a, 0, correction=0, keepdim=True), leaf(3, 4)), "
        "run(lambda a: torch.aminmax(a, dim=1), leaf(3, 4)), "
        "[list(torch.aminmax(x)), torch.aminmax(x, dim=0).max, repr(torch.aminmax(x))[:25]]]"
    ),
    "moreops_running": _case(
        "n = torch.tensor([[1.0, float('nan'), 0.0, 3.0], [2.0, 2.0, 1.0, 4.0]], "
        "requires_grad=True)\n"
        "result = [run(lambda a: x.clone().requires_grad_().cummax(1), leaf(1)), "
        "torch.cummax(x, 1), torch.cummin(x, 0), x.cummax(-1).indices, "
        "run(lambda a: a.cummin(1).values, leaf(3, 4)), torch.cummax(n.detach(), 1), "
        "run(lambda a: torch.logcumsumexp(a, 1), leaf(3, 4)), "
        "run(lambda a: a.logcumsumexp(0), leaf(3, 2, dtype=torch.float64)), "
        "torch.logcumsumexp(torch.tensor([float('-inf'), 0.0, 1000.0]), 0), "
        "repr(torch.cummax(torch.tensor([1.0, 3.0]), 0))[:25]]"
    ),
    "moreops_rearrange_cross": _case(
        "result = [run(lambda a: torch.rot90(a), leaf(2, 3)), "
        "run(lambda a: a.rot90(2, [1, 0]), leaf(2, 3)), run(lambda a: a.rot90(-1), leaf(2, 3)), "
        "run(torch.fliplr, leaf(2, 3)), run(torch.flipud, leaf(2, 3)), "
        "run(lambda a, b: torch.cross(a, b, dim=1), leaf(2, 3), leaf(2, 3)), "
        "run(lambda a, b: torch.linalg.cross(a, b), leaf(4, 3), leaf(1, 3))]"
    ),
    "moreops_linalg_norms": _case(
        "result = [run(torch.linalg.vector_norm, leaf(3, 4)), "
        "run(lambda a: torch.linalg.vector_norm(a, ord=1, dim=1, keepdim=True), leaf(3, 4)), "
        "run(torch.linalg.norm, leaf(3, 4)), run(lambda a: torch.linalg.norm(a, dim=1), "
        "leaf(3, 4)), run(lambda a: torch.linalg.norm(a, ord=float('inf'), dim=0), leaf(3, 4)), "
        "run(torch.linalg.matrix_norm, leaf(2, 3, 4)), "
        "run(lambda a: torch.linalg.norm(a, 'fro'), leaf(3, 4))]"
    ),
    "moreops_integers": _case(
        "v = torch.tensor([3, 1, 3, 2, 2, 2, 5])\n"
        "result = [torch.unique(v), torch.unique(v, return_inverse=True, return_counts=True), "
        "v.unique(sorted=False), torch.unique(x), torch.unique_consecutive(v), "
        "torch.unique_consecutive(v, return_inverse=True, return_counts=True), "
        "torch.bincount(torch.tensor([0, 2, 2, 5])), torch.bincount(torch.tensor([1, 1]), "
        "minlength=4), torch.bincount(torch.tensor([0, 1, 1]), torch.tensor([0.5, 1.0, 2.0])), "
        "torch.histc(torch.tensor([1., 2, 1, 2.5, 9]), bins=4, min=0, max=3), "
        "torch.histc(torch.tensor([1., 2, 1]), bins=3), torch.argwhere(x > 2), "
        "torch.count_nonzero(x), torch.count_nonzero(x, dim=1), "
        "torch.isin(torch.tensor([1, 2, 3]), torch.tensor([2, 5])), "
        "torch.isin(torch.tensor([[1, 2], [3, 4]]), torch.tensor([4, 1]), invert=True), "
        "torch.searchsorted(torch.tensor([1, 3, 5, 7]), torch.tensor([3, 6, 9])), "
        "torch.searchsorted(torch.tensor([1, 3, 5, 7]), torch.tensor([3, 6, 9]), right=True), "
        "torch.searchsorted(torch.tensor([[1, 3], [2, 4]]), torch.tensor([[2], [4]]), "
        "side='right'), torch.bucketize(torch.tensor([3, 6, 9]), torch.tensor([1, 3, 5, 7])), "
        "torch.bucketize(torch.tensor([[3.0, 0.5]]), torch.tensor([1.0, 3.0]), right=True, "
        "out_int32=True), torch.tril_indices(3, 3), torch.triu_indices(3, 4, 1), "
        "torch.tril_indices(2, 3, -1)]"
    ),
    "moreops_median_kthvalue": _case(
        "ties = torch.randint(0, 4, (12, 11)).float()\n"
        "nan = torch.tensor([[1.0, float('nan'), 0.0, float('nan')], [2.0, 2.0, 1.0, 3.0]])\n"
        "distinct = torch.randn(5, 7)\n"
        "result = [x.median(), x.median(1).values, x.median(0, keepdim=True).values, "
        "ties.median(1).values, ties.median(0).values, distinct.median(1), "
        "distinct.median(0, keepdim=True), "
        "[ties.kthvalue(k, 1) for k in (1, 4, 6, 11)], ties.kthvalue(3, 0), "
        "nan.median(1).values, nan.kthvalue(2, 1), nan.kthvalue(4, 1), nan.median(), "
        "torch.tensor([[1, 5, 5, 2]]).median(1).values, torch.tensor([4, 1, 4]).median(), "
        "torch.median(distinct, -1), torch.kthvalue(x, 2), repr(distinct.median(1))[:24], "
        "torch.tensor(3.0).median(0), torch.ones(0).median(), "
        "run(lambda a: a.median(), torch.tensor([[1.0, 2.0], [2.0, 0.0]]).requires_grad_()), "
        "run(lambda a: a.median(1).values, leaf(3, 5)), "
        "run(lambda a: a.kthvalue(2, 0, keepdim=True).values, leaf(3, 4))]"
    ),
    "moreops_norm_orders": _case(
        "inf, nan = float('inf'), float('nan')\n"
        "odd = torch.tensor([[nan, 1.0, -2.0], [0.0, 3.0, -inf], [0.5, -0.0, 2.0]])\n"
        "z = torch.tensor([[1.5, -2.0, 0.0], [0.5, 3.0, -1.0]], dtype=torch.float64)\n"
        "result = [[odd.norm(p=p, dim=1) for p in (0, 1, 2, 3, inf, -inf, -1, 0.5)], "
        "[z.norm(p=p) for p in (0, inf, -inf, -1, -2.5)], "
        "run(lambda a: a.norm(p=-inf, dim=1), z.clone().requires_grad_()), "
        "run(lambda a: torch.linalg.vector_norm(a, ord=-inf), z.clone().requires_grad_()), "
        "run(lambda a: a.norm(p=-1.5, dim=0), z.clone().requires_grad_()), "
        "run(lambda a: a.norm(p=0) * a.sum(), z.clone().requires_grad_()), "
        "torch.autograd.grad(z.clone().requires_grad_().norm(p=0), z, allow_unused=True), "
        "torch.zeros(0, 3).norm(p=-inf, dim=1), torch.zeros(0, 3).norm(p=0), "
        "torch.zeros(0, 3).norm(p=2, dim=0), torch.zeros(2, 0).norm(p=-1, dim=0)]"
    ),
    "moreops_err_norm_p0_grad": _case(
        "a = torch.ones(3, requires_grad=True)\ntorch.autograd.grad(a.norm(p=0), a)"
    ),
    "moreops_err_norm_empty_all": _case("torch.zeros(0, 3).norm(p=float('-inf'))"),
    "moreops_err_norm_empty_dim": _case("torch.zeros(0, 3).norm(p=-2.5, dim=(1, 0))"),
    "moreops_err_norm_empty_inf": _case(
        "torch.linalg.vector_norm(torch.zeros(4, 0), float('inf'), 1)"
    ),
    "moreops_err_kthvalue_k": _case("x.kthvalue(5, 1)"),
    "moreops_err_median_empty_dim": _case("torch.ones(2, 0).median(1)"),
    "moreops_err_cdist_cols": _case("torch.cdist(torch.ones(2, 3), torch.ones(2, 4))"),
    "moreops_err_cdist_dims": _case("torch.cdist(torch.ones(3), torch.ones(2, 3))"),
    "moreops_err_bincount": _case("torch.bincount(torch.tensor([1, -1]))"),
    "moreops_err_rot90_dims": _case("torch.rot90(torch.ones(2, 2), 1, [0, 0])"),
    "moreops_err_cross_size": _case("torch.cross(torch.ones(2, 4), torch.ones(2, 4), dim=1)"),
}

# float32 sums and transcendental kernels round differently from torch's
TOLERANCES = {"moreops_": (2e-5, 2e-6)}
