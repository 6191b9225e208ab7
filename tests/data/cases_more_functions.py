"""torch functions built in ferrograd's Python layer (_more_functions),
recorded from torch 2.13: products (inner, vdot, tensordot, kron, addmv,
addr, addbmm, chain_matmul), block_diag, cartesian_prod, combinations,
diagflat, vander, unravel_index, hsplit/vsplit/dsplit, ravel, positive, the
scatters (select/slice/diagonal/masked_scatter), trapezoid,
cumulative_trapezoid, cov and corrcoef: values, dtypes, gradients, the nodes
recorded (and the ones below them, for composites) and the errors."""

_RUN = (
    "import warnings\n"
    "warnings.simplefilter('ignore')\n"
    "torch.manual_seed(0)\n"
    "def names(t):\n"
    "    f = t.grad_fn\n"
    "    return None if f is None else [type(f).__name__, "
    "[type(n).__name__ if n is not None else None for n, _ in f.next_functions]]\n"
    "def run(f, *tensors):\n"
    "    y = f(*tensors)\n"
    "    ys = list(y) if isinstance(y, (tuple, list)) else [y]\n"
    "    sum((t * t).sum() for t in ys if t.is_floating_point() and t.requires_grad).backward()\n"
    "    return [ys, [names(t) for t in ys], [t.grad for t in tensors]]\n"
    "def leaf(*shape, dtype=torch.float32):\n"
    "    return torch.randn(*shape, dtype=dtype).requires_grad_()\n"
    "def ints(*shape, dtype=torch.int64):\n"
    "    return torch.arange(1, 1 + torch.Size(shape).numel()).reshape(shape).to(dtype)\n"
    "def unchanged(f, *tensors):\n"
    "    before = [t.clone() for t in tensors]\n"
    "    try:\n"
    "        f(*tensors)\n"
    "    except Exception as e:\n"
    "        return [type(e).__name__, str(e).splitlines()[0], "
    "all(torch.equal(a, b) for a, b in zip(before, tensors))]\n"
    "    return 'no error'\n"
)


def _case(body):
    return _RUN + body


def _error(code):
    """An error case: torch's exception type and message."""
    return _RUN + "result = None\n" + code


CASES = {
    # ---- products ----
    "morefn_inner": _case(
        "result = [run(torch.inner, leaf(3), leaf(3)), run(torch.inner, leaf(2, 3), leaf(4, 3)), "
        "run(torch.inner, leaf(2, 2, 3), leaf(3)), run(torch.inner, leaf(2, 3), leaf(())), "
        "run(lambda a, b: a.inner(b), leaf(2, 3, dtype=torch.float64), "
        "leaf(2, 1, 3, dtype=torch.float64)), torch.inner(ints(2, 3), ints(2, 3)), "
        "torch.inner(ints(3), torch.tensor(2.5))]"
    ),
    "morefn_vdot": _case(
        "result = [run(torch.vdot, leaf(4), leaf(4)), run(lambda a, b: a.vdot(b), leaf(3), "
        "leaf(3)), torch.vdot(ints(3), ints(3)), torch.vdot(ints(3, dtype=torch.int32), "
        "ints(3, dtype=torch.int32)), run(torch.vdot, leaf(0), leaf(0))]"
    ),
    "morefn_tensordot": _case(
        "result = [run(torch.tensordot, leaf(2, 3, 4), leaf(3, 4, 5)), "
        "run(lambda a, b: torch.tensordot(a, b, dims=1), leaf(2, 3), leaf(3, 4)), "
        "run(lambda a, b: torch.tensordot(a, b, dims=0), leaf(2, 3), leaf(2)), "
        "run(lambda a, b: torch.tensordot(a, b, dims=([0, 2], [2, 0])), leaf(3, 2, 4), "
        "leaf(4, 5, 3)), run(lambda a, b: torch.tensordot(a, b, dims=([1], [0])), leaf(2, 3), "
        "leaf(3)), run(lambda a, b: torch.tensordot(a, b, dims=2), leaf(2, 3), leaf(2, 3)), "
        "torch.tensordot(ints(2, 3), ints(3, 2), dims=1)]"
    ),
    "morefn_kron": _case(
        "result = [run(torch.kron, leaf(2, 3), leaf(2, 2)), run(torch.kron, leaf(3), leaf(2, 2)), "
        "run(lambda a, b: a.kron(b), leaf(2, 1, 2), leaf(2)), run(torch.kron, leaf(()), leaf(3)), "
        "torch.kron(ints(2), ints(3)), torch.kron(ints(2, dtype=torch.int32), "
        "torch.tensor([0.5, 1.5])), torch.kron(ints(2, 2, dtype=torch.uint8), "
        "ints(2, dtype=torch.int32))]"
    ),
    "morefn_addmv": _case(
        "result = [run(torch.addmv, leaf(2), leaf(2, 3), leaf(3)), "
        "run(lambda i, m, v: torch.addmv(i, m, v, beta=0.5, alpha=2), leaf(1), leaf(2, 3), "
        "leaf(3)), run(lambda i, m, v: i.addmv(m, v, beta=0), leaf(()), leaf(4, 2), leaf(2)), "
        "torch.addmv(torch.tensor([float('nan'), 1.0]), torch.ones(2, 2), torch.ones(2), beta=0), "
        "torch.addmv(ints(2), ints(2, 3), ints(3)), "
        "torch.addmv(ints(2), ints(2, 3), ints(3), beta=2, alpha=3)]"
    ),
    "morefn_addr": _case(
        "result = [run(torch.addr, leaf(2, 3), leaf(2), leaf(3)), "
        "run(lambda i, a, b: torch.addr(i, a, b, beta=2, alpha=0.5), leaf(3), leaf(2), leaf(3)), "
        "run(lambda i, a, b: i.addr(a, b, beta=0), leaf(1, 1), leaf(2), leaf(2)), "
        "torch.addr(ints(2, 2), ints(2), ints(2), beta=3, alpha=2), "
        "torch.addr(torch.tensor([[float('nan')]]), torch.ones(1), torch.ones(1), beta=0)]"
    ),
    "morefn_addbmm": _case(
        "result = [run(torch.addbmm, leaf(2, 4), leaf(3, 2, 5), leaf(3, 5, 4)), "
        "run(lambda i, a, b: torch.addbmm(i, a, b, beta=0.5, alpha=-1), leaf(4), "
        "leaf(2, 3, 2), leaf(2, 2, 4)), "
        "run(lambda i, a, b: i.addbmm(a, b, beta=0), leaf(1, 1), leaf(2, 2, 2), leaf(2, 2, 2)), "
        "torch.addbmm(ints(2, 2), ints(2, 2, 3), ints(2, 3, 2))]"
    ),
    "morefn_chain_matmul": _case(
        "result = [run(torch.chain_matmul, leaf(2, 3), leaf(3, 4), leaf(4, 5)), "
        "run(torch.chain_matmul, leaf(5, 1), leaf(1, 4), leaf(4, 2)), "
        "run(torch.chain_matmul, leaf(2, 3), leaf(3, 2)), run(torch.chain_matmul, leaf(2, 3)), "
        "run(torch.chain_matmul, leaf(3, 4), leaf(4, 1), leaf(1, 5), leaf(5, 2)), "
        "torch.chain_matmul(ints(2, 2), ints(2, 2), ints(2, 3))]"
    ),
    "morefn_products_in_place": _case(
        "i, m, v = leaf(2), leaf(2, 3), leaf(3)\n"
        "c = i * 1\n"
        "out = c.addmv_(m, v, beta=0.5, alpha=2)\n"
        "(out * out).sum().backward()\n"
        "j, a, b = leaf(2, 3), leaf(2), leaf(3)\n"
        "d = j * 1\n"
        "d.addr_(a, b, alpha=3)\n"
        "(d * d).sum().backward()\n"
        "k, p, q = leaf(2, 4), leaf(3, 2, 5), leaf(3, 5, 4)\n"
        "e = k * 1\n"
        "e.addbmm_(p, q, beta=0)\n"
        "(e * e).sum().backward()\n"
        "t = ints(2, 2)\n"
        "t.addr_(ints(2), ints(2), beta=2)\n"
        "result = [out is c, [c, d, e], [names(c), names(d), names(e)], "
        "[i.grad, m.grad, v.grad, j.grad, a.grad, b.grad, k.grad, p.grad, q.grad], t]"
    ),
    # ---- blocks and index helpers ----
    "morefn_block_diag": _case(
        "result = [run(torch.block_diag, leaf(2, 3), leaf(1, 2)), "
        "run(torch.block_diag, leaf(2), leaf(()), leaf(2, 2)), "
        "torch.block_diag(ints(2), torch.tensor([0.5, 1.5]), torch.tensor(3)), "
        "torch.block_diag(ints(2, 2, dtype=torch.uint8), ints(1, dtype=torch.int32)), "
        "torch.block_diag(), torch.block_diag(torch.ones(0, 2), ints(1, 1)), "
        "run(torch.block_diag, leaf(2, 2, dtype=torch.float64))]"
    ),
    "morefn_cartesian_prod": _case(
        "result = [run(torch.cartesian_prod, leaf(2), leaf(3)), "
        "run(torch.cartesian_prod, leaf(2), leaf(2), leaf(2)), torch.cartesian_prod(ints(3)), "
        "torch.cartesian_prod(ints(2), ints(3) * 10), torch.cartesian_prod(ints(2), ints(0))]"
    ),
    "morefn_combinations": _case(
        "result = [run(torch.combinations, leaf(4)), "
        "run(lambda a: torch.combinations(a, with_replacement=True), leaf(3)), "
        "run(lambda a: torch.combinations(a, r=3), leaf(4)), "
        "run(lambda a: torch.combinations(a, 1), leaf(3)), torch.combinations(ints(4), 3), "
        "torch.combinations(ints(3), 4), torch.combinations(ints(3), 0), "
        "torch.combinations(ints(2), 2, True)]"
    ),
    "morefn_diagflat": _case(
        "result = [run(torch.diagflat, leaf(2, 2)), run(lambda a: torch.diagflat(a, 1), leaf(3)), "
        "run(lambda a: a.diagflat(-2), leaf(2)), run(torch.diagflat, leaf(())), "
        "run(torch.diagflat, leaf(3, 2).t()), torch.diagflat(ints(3), -1)]"
    ),
    "morefn_vander": _case(
        "x = leaf(3)\n"
        "result = [torch.vander(x), names(torch.vander(x)), torch.vander(x, N=4, increasing=True), "
        "names(torch.vander(x, N=4, increasing=True)), torch.vander(ints(3)), "
        "torch.vander(ints(3, dtype=torch.int32), 4), torch.vander(torch.tensor([True, False])), "
        "torch.vander(ints(2), 0), torch.vander(torch.ones(0)), "
        "torch.vander(leaf(2), 1), torch.vander(leaf(2), 0)]"
    ),
    # torch's cumprod saves the slice it then overwrites: its backward refuses
    # (its message names torch's AsStrided view; only the refusal is compared)
    "morefn_vander_backward_three": _case(
        "result = unchanged(lambda a: run(torch.vander, a), leaf(3))\n"
        "result = [result[0], 'modified by an inplace operation' in result[1]]"
    ),
    "morefn_vander_backward_two": _case(
        "result = unchanged(lambda a: run(lambda t: torch.vander(t, 2, increasing=True), a), "
        "leaf(3, dtype=torch.float64))\n"
        "result = [result[0], 'modified by an inplace operation' in result[1]]"
    ),
    "morefn_unravel_index": _case(
        "result = [torch.unravel_index(torch.tensor(4), (2, 3)), "
        "torch.unravel_index(torch.tensor([0, 5, 7, 23]), (2, 3, 4)), "
        "torch.unravel_index(torch.tensor([[1, 2], [3, 4]], dtype=torch.int32), torch.Size([5])), "
        "torch.unravel_index(torch.tensor(-1), (2, 3)), torch.unravel_index(torch.tensor(7), (2, 3)), "
        "torch.unravel_index(torch.tensor([3]), 4), torch.unravel_index(torch.tensor(0), ())]"
    ),
    # ---- splits ----
    "morefn_splits": _case(
        "result = [run(lambda a: torch.hsplit(a, 2), leaf(2, 4)), "
        "run(lambda a: torch.hsplit(a, [1, 3]), leaf(2, 4)), run(lambda a: a.hsplit(3), leaf(6)), "
        "run(lambda a: torch.vsplit(a, [1]), leaf(4, 2)), run(lambda a: a.vsplit(2), leaf(4, 2)), "
        "run(lambda a: torch.dsplit(a, 2), leaf(2, 2, 4)), "
        "run(lambda a: a.dsplit([1, 1, 5]), leaf(1, 2, 3)), "
        "run(lambda a: torch.hsplit(a, (2,)), leaf(2, 3, 1)), torch.hsplit(ints(2, 4), 1)]"
    ),
    "morefn_ravel_positive": _case(
        "result = [run(torch.ravel, leaf(2, 3)), run(lambda a: a.ravel(), leaf(3, 2).t()), "
        "run(torch.ravel, leaf(())), run(lambda a: a[:, ::2].ravel(), leaf(2, 4)), "
        "torch.ravel(ints(2, 2)), run(torch.positive, leaf(3)), "
        "run(lambda a: a.positive() * 2, leaf(3)), torch.positive(ints(2)), "
        "(lambda t: torch.positive(t) is t)(leaf(2))]"
    ),
    # ---- scatters ----
    "morefn_select_scatter": _case(
        "result = [run(lambda a, b: torch.select_scatter(a, b, 0, 1), leaf(2, 3), leaf(3)), "
        "run(lambda a, b: a.select_scatter(b, -1, -2), leaf(2, 3, 4), leaf(2, 3)), "
        "run(lambda a: torch.select_scatter(a, torch.ones(3), 1, 0), leaf(3, 2)), "
        "run(lambda b: torch.select_scatter(torch.zeros(2, 2), b, 0, 0), leaf(2)), "
        "torch.select_scatter(ints(2, 3), torch.tensor([0.5, 1.5, 2.5]), 0, 0), "
        "torch.select_scatter(torch.zeros(2, 2), ints(2), 1, 1), "
        "torch.select_scatter(leaf(2, 3), leaf(3, dtype=torch.float64), 0, 0).dtype]"
    ),
    "morefn_slice_scatter": _case(
        "result = [run(lambda a, b: torch.slice_scatter(a, b, 0, 0, 2), leaf(4, 3), leaf(2, 3)), "
        "run(lambda a, b: torch.slice_scatter(a, b, 1, 1, None, 2), leaf(2, 5), leaf(2, 2)), "
        "run(lambda a, b: a.slice_scatter(b), leaf(2, 2), leaf(2, 2)), "
        "run(lambda a, b: torch.slice_scatter(a, b, dim=-1, start=-2), leaf(3, 4), leaf(3, 2)), "
        "run(lambda a, b: torch.slice_scatter(a, b, 0, 1, 100), leaf(3), leaf(2)), "
        "torch.slice_scatter(ints(4), ints(2), 0, 2), "
        "torch.slice_scatter(torch.zeros(4), ints(2), 0, 0, 4, 2)]"
    ),
    "morefn_diagonal_scatter": _case(
        "result = [run(torch.diagonal_scatter, leaf(3, 3), leaf(3)), "
        "run(lambda a, b: torch.diagonal_scatter(a, b, 1), leaf(3, 4), leaf(3)), "
        "run(lambda a, b: a.diagonal_scatter(b, -1, 1, 2), leaf(2, 3, 3), leaf(2, 2)), "
        "run(lambda a, b: torch.diagonal_scatter(a, b, 5), leaf(2, 2), leaf(0)), "
        "torch.diagonal_scatter(ints(2, 2), torch.tensor([0.5, 7.5]))]"
    ),
    "morefn_masked_scatter": _case(
        "m = torch.tensor([True, False, True])\n"
        "m2 = torch.tensor([[True, False], [False, True], [True, True]])\n"
        "result = [run(lambda a, s: torch.masked_scatter(a, m, s), leaf(2, 3), leaf(6)), "
        "run(lambda a, s: a.masked_scatter(m2, s), leaf(3, 2), leaf(2, 3)), "
        "run(lambda a, s: torch.masked_scatter(a, m2, s), leaf(1, 2), leaf(5)), "
        "run(lambda a, s: (a * 1).masked_scatter_(m, s), leaf(2, 3), leaf(7)), "
        "run(lambda a: torch.masked_scatter(a, m, torch.ones(2)), leaf(3)), "
        "torch.masked_scatter(ints(3), m, ints(4)), "
        "torch.masked_scatter(ints(3), torch.zeros(3, dtype=torch.bool), ints(0)), "
        "(lambda t: [t.masked_scatter_(m, ints(2) * 10), t])(ints(3))]"
    ),
    "morefn_masked_scatter_inplace_graph": _case(
        "a = leaf(3); b = a * 1; s = leaf(2)\n"
        "out = b.masked_scatter_(torch.tensor([False, True, True]), s)\n"
        "(out * out).sum().backward()\n"
        "result = [out is b, names(b), a.grad, s.grad, b._version if hasattr(b, '_version') "
        "else None]"
    ),
    # ---- scatter_reduce and index_reduce ----
    "morefn_scatter_reduce": _case(
        "idx = torch.tensor([0, 1, 0, 2, 0])\n"
        "idx2 = torch.tensor([[0, 1, 0], [1, 1, 0]])\n"
        "def each(f):\n"
        "    return [f(r, inc) for r in ('sum', 'prod', 'mean', 'amax', 'amin') "
        "for inc in (True, False)]\n"
        "result = [each(lambda r, inc: run(lambda a, b: torch.scatter_reduce(a, 0, idx, b, r, "
        "include_self=inc), leaf(4), leaf(5))), "
        "each(lambda r, inc: run(lambda a, b: a.scatter_reduce(1, idx2, b, r, include_self=inc), "
        "leaf(2, 3), leaf(2, 3))), "
        "each(lambda r, inc: torch.scatter_reduce(torch.tensor([5, -3, 7, 2]), 0, idx, "
        "torch.tensor([4, -9, 3, 8, -2]), r, include_self=inc)), "
        "each(lambda r, inc: torch.scatter_reduce(leaf(2, 3), 1, idx2, leaf(3, 4), r, "
        "include_self=inc))]"
    ),
    "morefn_scatter_reduce_ties_zeros": _case(
        "idx = torch.tensor([0, 0, 1, 1, 2, 2])\n"
        "s = torch.tensor([3., 0., 2.])\n"
        "v = torch.tensor([3., 1., 0., 5., 0., 0.])\n"
        "result = [run(lambda a, b: torch.scatter_reduce(a, 0, idx, b, r, include_self=inc), "
        "s.clone().requires_grad_(), v.clone().requires_grad_()) "
        "for r in ('prod', 'amax', 'amin') for inc in (True, False)] + "
        "[torch.scatter_reduce(torch.tensor([1., float('nan'), 2.]), 0, torch.tensor([0, 0, 1]), "
        "torch.tensor([float('nan'), 3., 1.]), 'amax'), "
        "torch.scatter_reduce(torch.ones(3), 0, torch.tensor([0, 0]), torch.tensor([5., 7.]), "
        "'max'), torch.scatter_reduce(torch.ones(3), 0, torch.tensor([0, 0]), "
        "torch.tensor([5., 7.]), 'min')]"
    ),
    # a src larger than the index: torch's backward refuses its own gradient
    "morefn_scatter_reduce_large_src_backward": _case(
        "a, b = leaf(2, 3), leaf(2, 4)\n"
        "y = torch.scatter_reduce(a, 1, torch.tensor([[0, 1, 0], [1, 1, 0]]), b, 'sum')\n"
        "result = [y, names(y), unchanged(lambda t: t.sum().backward(), y)]"
    ),
    "morefn_scatter_reduce_inplace": _case(
        "a = leaf(4); b = leaf(3); c = a * 1\n"
        "out = c.scatter_reduce_(0, torch.tensor([1, 1, 3]), b, 'amax', include_self=False)\n"
        "(out * out).sum().backward()\n"
        "t = torch.tensor([1, 2, 3])\n"
        "t.scatter_reduce_(0, torch.tensor([0, 0]), torch.tensor([4, 5]), 'mean')\n"
        "result = [out is c, names(c), a.grad, b.grad, t]"
    ),
    "morefn_scatter_reduce_double_backward": _case(
        "a, b = leaf(3, dtype=torch.float64), leaf(4, dtype=torch.float64)\n"
        "idx = torch.tensor([0, 2, 0, 2])\n"
        "out = []\n"
        "for r in ('sum', 'prod', 'mean', 'amax'):\n"
        "    y = torch.scatter_reduce(a, 0, idx, b, r)\n"
        "    g = torch.autograd.grad((y ** 3).sum(), [a, b], create_graph=True)\n"
        "    out.append([t.detach() for t in g])\n"
        "    out.append(list(torch.autograd.grad(g[0].sum() + g[1].sum(), [a, b])))\n"
        "result = out"
    ),
    "morefn_index_reduce": _case(
        "idx = torch.tensor([0, 2, 0])\n"
        "def each(f):\n"
        "    return [f(r, inc) for r in ('prod', 'mean', 'amax', 'amin') for inc in (True, False)]\n"
        "result = [each(lambda r, inc: run(lambda a, b: a.index_reduce(0, idx, b, r, "
        "include_self=inc), leaf(3, 2), leaf(3, 2))), "
        "each(lambda r, inc: run(lambda a, b: torch.index_reduce(a, 1, torch.tensor([1, 2]), b, "
        "r, include_self=inc), leaf(2, 3), leaf(2, 2))), "
        "each(lambda r, inc: torch.tensor([[4, 7], [1, -2], [9, 3]]).index_reduce(0, idx, "
        "torch.tensor([[2, 3], [5, -6], [-1, 8]]), r, include_self=inc)), "
        "run(lambda b: torch.ones(3).index_reduce(0, idx, b, 'prod'), leaf(3)), "
        "(lambda t: [t.index_reduce_(0, torch.tensor([1], dtype=torch.int32), "
        "torch.tensor([4.]), 'amax'), t])(torch.ones(2))]"
    ),
    # ---- integrals and statistics ----
    "morefn_trapezoid": _case(
        "result = [run(torch.trapezoid, leaf(5)), run(lambda y: torch.trapezoid(y, dx=0.5), "
        "leaf(2, 4)), run(lambda y: torch.trapezoid(y, dim=0), leaf(3, 2)), "
        "run(torch.trapezoid, leaf(5), leaf(5)), run(lambda y, x: torch.trapezoid(y, x, dim=0), "
        "leaf(4, 2), leaf(4)), run(lambda y, x: torch.trapz(y, x), leaf(2, 3), leaf(2, 3)), "
        "run(lambda y: torch.trapz(y, dx=2), leaf(3)), torch.trapezoid(ints(4)), torch.trapezoid(ints(4), ints(4)), "
        "torch.trapezoid(torch.ones(2, 0)), torch.trapezoid(torch.ones(1)), "
        "torch.trapezoid(ints(3), dx=2)]"
    ),
    "morefn_cumulative_trapezoid": _case(
        "result = [run(torch.cumulative_trapezoid, leaf(5)), "
        "run(lambda y: torch.cumulative_trapezoid(y, dx=3.0), leaf(2, 4)), "
        "run(lambda y: torch.cumulative_trapezoid(y, dim=0), leaf(3, 2)), "
        "run(torch.cumulative_trapezoid, leaf(5), leaf(5)), "
        "run(lambda y, x: torch.cumulative_trapezoid(y, x, dim=0), leaf(4, 2), leaf(4)), "
        "torch.cumulative_trapezoid(ints(4)), torch.cumulative_trapezoid(ints(4), ints(4)), "
        "torch.cumulative_trapezoid(torch.ones(2, 1)), torch.cumulative_trapezoid(torch.ones(0))]"
    ),
    "morefn_cov": _case(
        "result = [run(torch.cov, leaf(2, 4)), run(torch.cov, leaf(5)), "
        "run(lambda a: torch.cov(a, correction=0), leaf(3, 4)), "
        "run(lambda a: a.cov(correction=2), leaf(2, 5, dtype=torch.float64)), "
        "run(lambda a: torch.cov(a, fweights=torch.tensor([1, 2, 1, 3])), leaf(2, 4)), "
        "run(lambda a, w: torch.cov(a, aweights=w), leaf(2, 4), "
        "torch.rand(4).requires_grad_()), "
        "run(lambda a: torch.cov(a, fweights=torch.tensor([1, 2, 1, 1]), "
        "aweights=torch.tensor([0.5, 1., 2., 1.])), leaf(3, 4)), "
        "torch.cov(ints(2, 3)), torch.cov(torch.ones(2, 1)), torch.cov(torch.ones(1, 1), "
        "correction=0)]"
    ),
    "morefn_corrcoef": _case(
        "result = [run(torch.corrcoef, leaf(3, 5)), run(lambda a: a.corrcoef(), leaf(4)), "
        "run(torch.corrcoef, leaf(2, 3, dtype=torch.float64)), torch.corrcoef(ints(2, 3)), "
        "torch.corrcoef(torch.tensor([[1., 2., 3.], [3., 2., 1.], [1., 1., 1.]]))]"
    ),
    # create_graph through the fused nodes: second derivatives match torch's
    "morefn_double_backward": _case(
        "i, m, v = leaf(2, dtype=torch.float64), leaf(2, 3, dtype=torch.float64), "
        "leaf(3, dtype=torch.float64)\n"
        "y = torch.addmv(i, m, v, alpha=2)\n"
        "g = torch.autograd.grad((y * y).sum(), [m, v], create_graph=True)\n"
        "(g[0].sum() + g[1].sum()).backward()\n"
        "a, b = leaf(3, 3, dtype=torch.float64), leaf(3, dtype=torch.float64)\n"
        "z = torch.diagonal_scatter(a, b * b)\n"
        "h = torch.autograd.grad((z ** 3).sum(), [a, b], create_graph=True)\n"
        "(h[0].sum() + h[1].sum()).backward()\n"
        "result = [[t.detach() for t in g], i.grad, m.grad, v.grad, [t.detach() for t in h], "
        "a.grad, b.grad]"
    ),
}

# ---- errors: torch's exception and message, inputs unchanged ----
_ERRORS = {
    "inner_last_dim": "torch.inner(a, b)",
    "vdot_2d": "torch.vdot(torch.ones(2, 3), torch.ones(3))",
    "vdot_size": "torch.vdot(a[0], torch.ones(4))",
    "vdot_dtype": "torch.vdot(a[0], a[0].double())",
    "tensordot_sizes": "torch.tensordot(a, b, dims=2)",
    "tensordot_negative": "torch.tensordot(a, b, dims=-1)",
    "tensordot_lists": "torch.tensordot(a, b, dims=([1], [0, 1]))",
    "tensordot_dtype": "torch.tensordot(a, torch.ones(3, 2, dtype=torch.float64), dims=1)",
    "tensordot_too_many": "torch.tensordot(a, b, dims=3)",
    "tensordot_int_pair": "torch.tensordot(a, b, dims=(1, 0))",
    "addmv_vec": "torch.addmv(torch.ones(2), a, torch.ones(4))",
    "addmv_input": "torch.addmv(torch.ones(3), a, torch.ones(3))",
    "addmv_ranks": "torch.addmv(torch.ones(2), torch.ones(3), torch.ones(3))",
    "addr_vec": "torch.addr(a, torch.ones(2, 1), torch.ones(3))",
    "addr_vec2": "torch.addr(a, torch.ones(2), torch.ones(()))",
    "addr_input": "torch.addr(torch.ones(3, 3), torch.ones(2), torch.ones(3))",
    "addbmm_batches": "torch.addbmm(torch.ones(2, 4), torch.ones(3, 2, 5), torch.ones(2, 5, 4))",
    "addbmm_ranks": "torch.addbmm(torch.ones(2, 4), torch.ones(2, 5), torch.ones(5, 4))",
    "addbmm_inner": "torch.addbmm(torch.ones(2, 4), torch.ones(3, 2, 5), torch.ones(3, 4, 4))",
    "addbmm_input": "torch.addbmm(torch.ones(3, 4), torch.ones(3, 2, 5), torch.ones(3, 5, 4))",
    "addmv_dtypes": "torch.addmv(torch.arange(2), a, torch.ones(3))",
    "addmv_dtypes_mat": "torch.addmv(torch.ones(2), a.double(), torch.ones(3))",
    "addbmm_self_dtype": "torch.addbmm(a, torch.ones(1, 2, 2).double(), torch.ones(1, 2, 3).double())",
    "addbmm_batch_dtypes": "torch.addbmm(a, torch.ones(1, 2, 2), torch.ones(1, 2, 3).double())",
    "addmv_in_place_shape": "a[0, :1].clone().addmv_(torch.ones(2, 3), torch.ones(3))",
    "addr_in_place_shape": "b.clone().addr_(torch.ones(3), torch.ones(1))",
    "chain_mismatch": "torch.chain_matmul(a, torch.ones(4, 5))",
    "chain_1d": "torch.chain_matmul(a, torch.ones(3))",
    "chain_none": "torch.chain_matmul()",
    "block_diag_3d": "torch.block_diag(a, torch.ones(2, 2, 2))",
    "cartesian_2d": "torch.cartesian_prod(a)",
    "combinations_2d": "torch.combinations(a)",
    "combinations_negative": "torch.combinations(a[0], -1)",
    "hsplit_0d": "torch.hsplit(torch.tensor(1.), 2)",
    "hsplit_indivisible": "torch.hsplit(a, 2)",
    "hsplit_1d_indivisible": "torch.hsplit(a[0], 2)",
    "hsplit_zero": "torch.hsplit(a, 0)",
    "vsplit_1d": "torch.vsplit(a[0], 2)",
    "vsplit_indivisible": "torch.vsplit(torch.ones(3, 2), 2)",
    "dsplit_2d": "a.dsplit(2)",
    "dsplit_indivisible": "torch.dsplit(torch.ones(2, 2, 3), 2)",
    "positive_bool": "torch.positive(torch.tensor([True]))",
    "select_scatter_shape": "torch.select_scatter(a, torch.ones(2), 0, 1)",
    "select_scatter_index": "torch.select_scatter(a, torch.ones(3), 0, 5)",
    "select_scatter_dim": "torch.select_scatter(a, torch.ones(3), 2, 0)",
    "slice_scatter_shape": "torch.slice_scatter(a, torch.ones(3, 3), 0, 0, 1)",
    "slice_scatter_step": "torch.slice_scatter(a, torch.ones(2, 3), 0, 0, 2, 0)",
    "slice_scatter_dim": "torch.slice_scatter(a, torch.ones(2, 3), 3)",
    "diagonal_scatter_shape": "torch.diagonal_scatter(a, torch.ones(3))",
    "diagonal_scatter_1d": "torch.diagonal_scatter(a[0], torch.ones(3))",
    "masked_scatter_mask_dtype": "torch.masked_scatter(a, torch.tensor([1, 0, 1]), b)",
    "masked_scatter_dtype": "torch.masked_scatter(a, a > 0, b.double())",
    "masked_scatter_few": "torch.masked_scatter(a, torch.ones(2, 3, dtype=torch.bool), a[0])",
    "masked_scatter_broadcast": "torch.masked_scatter(a, torch.tensor([True, True]), b)",
    "masked_scatter_inplace_few": "a.clone().masked_scatter_(torch.ones(3, dtype=torch.bool), b[:1])",
    "masked_scatter_inplace_rank": "a[0].masked_scatter_(torch.ones(2, 3, dtype=torch.bool), b)",
    "masked_scatter_inplace_size": "a.masked_scatter_(torch.ones(2, 1, 2, dtype=torch.bool), b)",
    "cartesian_dtypes": "torch.cartesian_prod(a[0], torch.arange(2))",
    "trapezoid_number_x": "torch.trapezoid(a, 3.0)",
    "cumulative_trapezoid_number_x": "torch.cumulative_trapezoid(a, 2)",
    "scatter_reduce_name": "torch.scatter_reduce(a, 0, torch.tensor([[0]]), b, 'add')",
    "scatter_reduce_dim": "torch.scatter_reduce(a, 2, torch.tensor([[0]]), b, 'sum')",
    "scatter_reduce_index_rank": "torch.scatter_reduce(a, 0, torch.tensor([0]), b, 'sum')",
    "scatter_reduce_index_size": "a.scatter_reduce(0, torch.zeros(3, 3, dtype=torch.int64), b, 'amax')",
    "scatter_reduce_index_dtype": "torch.scatter_reduce(a, 0, torch.tensor([[0.]]), b, 'sum')",
    "scatter_reduce_index_bounds": "torch.scatter_reduce(a, 0, torch.tensor([[5]]), b, 'prod')",
    "scatter_reduce_dtype": "torch.scatter_reduce(a, 0, torch.tensor([[0]]), b.double(), 'sum')",
    "scatter_reduce_inplace_bounds": "a.clone().scatter_reduce_(1, torch.tensor([[0, 9]]), b, 'mean')",
    "index_reduce_name": "a.index_reduce(0, torch.tensor([0]), torch.ones(1, 3), 'sum')",
    "index_reduce_count": "a.index_reduce(0, torch.tensor([0, 1]), torch.ones(1, 3), 'prod')",
    "index_reduce_index_2d": "a.index_reduce(0, torch.tensor([[0]]), torch.ones(1, 3), 'prod')",
    "index_reduce_index_dtype": "a.index_reduce(0, torch.tensor([0.]), torch.ones(1, 3), 'prod')",
    "index_reduce_bounds": "a.index_reduce(0, torch.tensor([5]), torch.ones(1, 3), 'amin')",
    "index_reduce_negative": "a.index_reduce(0, torch.tensor([-1]), torch.ones(1, 3), 'amin')",
    "index_reduce_shape": "a.index_reduce(0, torch.tensor([0]), b[:1], 'mean')",
    "index_reduce_dim": "a.index_reduce(2, torch.tensor([0]), torch.ones(1, 3), 'amin')",
    "index_reduce_dtype": "a.index_reduce(0, torch.tensor([0]), torch.ones(1, 3).double(), 'mean')",
    "index_reduce_inplace_bounds": "a.clone().index_reduce_(1, torch.tensor([0, 7]), torch.ones(2, 2), 'amax')",
    "vander_2d": "torch.vander(a)",
    "vander_negative": "torch.vander(a[0], N=-1)",
    "unravel_float": "torch.unravel_index(torch.tensor(1.), (2, 3))",
    "unravel_negative_shape": "torch.unravel_index(torch.tensor(1), (2, -3))",
    "trapezoid_x_shape": "torch.trapezoid(a[0], torch.ones(4))",
    "trapezoid_dim": "torch.trapezoid(a, dim=2)",
    "cumulative_trapezoid_x_shape": "torch.cumulative_trapezoid(a, torch.ones(2))",
    "cov_3d": "torch.cov(torch.ones(2, 2, 2))",
    "cov_fweights_float": "torch.cov(a, fweights=torch.tensor([1., 2, 1]))",
    "cov_fweights_negative": "torch.cov(a, fweights=torch.tensor([1, -2, 1]))",
    "cov_fweights_numel": "torch.cov(a, fweights=torch.tensor([1, 2]))",
    "cov_fweights_2d": "torch.cov(a, fweights=torch.ones(1, 3, dtype=torch.int64))",
    "cov_aweights_int": "torch.cov(a, aweights=torch.tensor([1, 2, 1]))",
    "cov_aweights_negative": "torch.cov(a, aweights=torch.tensor([1., -2, 1]))",
    "cov_aweights_numel": "torch.cov(a, aweights=torch.tensor([1., 2]))",
    "corrcoef_3d": "torch.corrcoef(torch.ones(2, 2, 2))",
}

for _name, _code in _ERRORS.items():
    CASES[f"morefn_error_{_name}"] = _case(
        "a = torch.randn(2, 3); b = torch.randn(3, 2)\n"
        f"result = unchanged(lambda a, b: {_code}, a, b)"
    )

# float32 products and sums: torch's BLAS kernels (sgemv, sgemm, sdot) group
# their sums differently from ferrograd's, so results agree to float32
# rounding rather than bit for bit.
TOLERANCES = {
    f"morefn_{name}": (1e-5, 1e-6)
    for name in (
        "addbmm", "addmv", "addr", "chain_matmul", "corrcoef", "cov", "inner", "tensordot",
        "products_in_place",
    )
}
# the second derivative of prod reaches the same terms grouped differently: an ulp in float64
TOLERANCES["morefn_scatter_reduce_double_backward"] = (1e-14, 1e-14)
