"""Max unpooling, interpolate's area and bicubic modes, and einsum with a
subscript repeated within an operand (a diagonal), recorded from torch 2.13:
values, nodes, gradients, module reprs and errors."""

_RUN = (
    "F, nn = torch.nn.functional, torch.nn\n"
    "torch.manual_seed(0)\n"
    "def run(f, x):\n"
    "    y = f(x)\n"
    "    (y * torch.arange(y.numel(), dtype=y.dtype).reshape(y.shape).cos()).sum().backward()\n"
    "    g = x.grad\n"
    "    x.grad = None\n"
    "    return [y, y.grad_fn, g]\n"
    "def pooled2d(*shape, **kw):\n"
    "    x = torch.randn(*shape)\n"
    "    v, i = F.max_pool2d(x, return_indices=True, **kw)\n"
    "    return v.detach().requires_grad_(), i\n"
    "def pooled1d(*shape, **kw):\n"
    "    x = torch.randn(*shape)\n"
    "    v, i = F.max_pool1d(x, return_indices=True, **kw)\n"
    "    return v.detach().requires_grad_(), i\n"
)


def _case(body):
    return _RUN + body


def _unpool_err(call):
    return _case("v, i = torch.ones(1, 1, 2, 2), torch.tensor([[[[0, 1], [4, 5]]]])\n" + call)


CASES = {
    "unpoolinterp_unpool2d": _case(
        "v, i = pooled2d(2, 3, 4, 6, kernel_size=2)\n"
        "w, j = pooled2d(1, 2, 5, 5, kernel_size=3, stride=2, padding=1)\n"
        "u, k = pooled2d(3, 4, 9, kernel_size=(2, 3))\n"
        "s, m = pooled2d(1, 1, 5, 7, kernel_size=2)\n"
        "result = [run(lambda x: F.max_unpool2d(x, i, 2), v), "
        "run(lambda x: F.max_unpool2d(x, j, 3, stride=2, padding=1), w), "
        "run(lambda x: F.max_unpool2d(x, j, 3, 2, 1, output_size=(5, 5)), w), "
        "run(lambda x: F.max_unpool2d(x, k, (2, 3)), u), "
        "run(lambda x: F.max_unpool2d(x, i, 2, output_size=[2, 3, 5, 7]), v), "
        "run(lambda x: F.max_unpool2d(x, m, 2, output_size=(5, 7)), s), "
        "run(lambda x: F.max_unpool2d(x, i, 2), v.double().detach()"
        ".requires_grad_())]"
    ),
    "unpoolinterp_unpool1d": _case(
        "v, i = pooled1d(2, 3, 8, kernel_size=2)\n"
        "w, j = pooled1d(3, 9, kernel_size=3, stride=2, padding=1)\n"
        "result = [run(lambda x: F.max_unpool1d(x, i, 2), v), "
        "run(lambda x: F.max_unpool1d(x, i, 2, output_size=[9]), v), "
        "run(lambda x: F.max_unpool1d(x, j, 3, 2, 1), w), "
        "run(lambda x: F.max_unpool1d(x, j, 3, 2, 1, output_size=(1, 3, 10)), w), "
        "(y := F.max_unpool1d(v, i, 2)), y.grad_fn.next_functions[0][0], "
        "y.grad_fn.next_functions[0][0].next_functions[0][0]]"
    ),
    "unpoolinterp_unpool_modules": _case(
        "mods = [nn.MaxUnpool1d(2), nn.MaxUnpool1d(3, stride=2, padding=1), nn.MaxUnpool2d(2), "
        "nn.MaxUnpool2d((2, 3), stride=(1, 2), padding=(0, 1))]\n"
        "pool = nn.MaxPool2d(2, return_indices=True)\n"
        "x = torch.randn(1, 1, 5, 5)\nv, i = pool(x)\nv4, i4 = pool(torch.randn(1, 4, 4))\n"
        "result = [[repr(m) for m in mods], mods[2](v4, i4), mods[2](v, i, output_size=x.size()), "
        "mods[0](*F.max_pool1d(torch.randn(2, 6), 2, return_indices=True))]"
    ),
    "unpoolinterp_unpool_roundtrip": _case(
        "x = torch.randn(2, 2, 4, 4, requires_grad=True)\n"
        "v, i = F.max_pool2d(x, 2, return_indices=True)\n"
        "y = F.max_unpool2d(v, i, 2)\n"
        "(y * y).sum().backward()\n"
        "result = [y, y.grad_fn, y.grad_fn.next_functions[0][0], x.grad]"
    ),
    "unpoolinterp_unpool_double_backward": _case(
        "v, i = pooled2d(1, 2, 4, 4, kernel_size=2)\n"
        "v = v.double().detach().requires_grad_()\n"
        "y = F.max_unpool2d(v, i, 2)\n"
        "g = torch.ones_like(y).requires_grad_()\n"
        "(gv,) = torch.autograd.grad(y, v, g, create_graph=True)\n"
        "(gv * gv).sum().backward()\n"
        "result = [gv, gv.grad_fn, g.grad]"
    ),
    "unpoolinterp_unpool_empty_batch": _case(
        "result = F.max_unpool2d(torch.ones(0, 1, 2, 2), torch.zeros(0, 1, 2, 2).long(), 2)"
    ),
    "unpoolinterp_err_unpool_index_dtype": _unpool_err("F.max_unpool2d(v, i.int(), 2)"),
    "unpoolinterp_err_unpool_shape": _unpool_err("F.max_unpool2d(v, i[..., :1], 2)"),
    "unpoolinterp_err_unpool_shape_1d": _case(
        "F.max_unpool1d(torch.ones(1, 2), torch.zeros(1, 3).long(), 2)"
    ),
    "unpoolinterp_err_unpool_range": _unpool_err("F.max_unpool2d(v, i * 10, 2)"),
    "unpoolinterp_err_unpool_negative_index": _unpool_err("F.max_unpool2d(v, i - 1, 2)"),
    "unpoolinterp_err_unpool_range_1d": _case(
        "F.max_unpool1d(torch.ones(2, 3), torch.tensor([[0, 3, 4], [1, 2, 7]]), 2)"
    ),
    "unpoolinterp_err_unpool_output_size": _unpool_err(
        "F.max_unpool2d(v, i, 2, output_size=(0, 5))"
    ),
    "unpoolinterp_err_unpool_output_size_len": _unpool_err(
        "F.max_unpool2d(v, i, 2, output_size=(1, 2, 3))"
    ),
    "unpoolinterp_err_unpool_output_size_int": _unpool_err(
        "F.max_unpool2d(v, i, 2, output_size=4)"
    ),
    "unpoolinterp_err_unpool_dims": _case(
        "F.max_unpool2d(torch.ones(2, 2), torch.zeros(2, 2).long(), 2)"
    ),
    "unpoolinterp_err_unpool_empty": _case(
        "F.max_unpool2d(torch.ones(2, 0, 2, 2), torch.zeros(2, 0, 2, 2).long(), 2)"
    ),
    "unpoolinterp_err_unpool_int_input": _unpool_err("F.max_unpool2d(v.long(), i, 2)"),
    "unpoolinterp_err_unpool_negative_size": _unpool_err("F.max_unpool2d(v, i, 1, padding=2)"),
    "unpoolinterp_area": _case(
        "x = torch.randn(2, 3, 5, 7, requires_grad=True)\n"
        "a = lambda **kw: (lambda t: F.interpolate(t, mode='area', **kw))\n"
        "result = [run(a(size=(2, 3)), x), run(a(scale_factor=0.5), x), run(a(size=(7, 9)), x), "
        "run(a(size=1), x), run(a(scale_factor=(0.4, 1.5)), x), "
        "run(a(size=3), torch.randn(2, 2, 7, requires_grad=True)), "
        "run(a(scale_factor=2), torch.randn(1, 2, 3, requires_grad=True)), "
        "run(a(size=(3, 2)), torch.randn(1, 1, 4, 4, dtype=torch.float64, requires_grad=True))]"
    ),
    "unpoolinterp_area_nodes": _case(
        "y = F.interpolate(torch.randn(1, 2, 5, requires_grad=True), size=2, mode='area')\n"
        "z = F.interpolate(torch.randn(1, 2, 5, requires_grad=True), size=1, mode='area')\n"
        "result = [y.grad_fn, y.grad_fn.next_functions[0][0], "
        "y.grad_fn.next_functions[0][0].next_functions[0][0], z.grad_fn.next_functions[0][0]]"
    ),
    "unpoolinterp_bicubic": _case(
        "x = torch.randn(2, 2, 4, 5, requires_grad=True)\n"
        "b = lambda **kw: (lambda t: F.interpolate(t, mode='bicubic', **kw))\n"
        "result = [run(b(scale_factor=2), x), run(b(scale_factor=2, align_corners=True), x), "
        "run(b(size=(7, 3)), x), run(b(size=(7, 3), align_corners=True), x), "
        "run(b(size=(2, 2)), x), run(b(scale_factor=0.5), x), "
        "run(b(scale_factor=(1.7, 0.6)), x), run(b(scale_factor=(1.7, 0.6), "
        "recompute_scale_factor=True), x), run(b(size=(1, 1), align_corners=True), x), "
        "run(b(size=(9, 11)), x), run(b(size=4), torch.randn(1, 1, 1, 1, requires_grad=True))]"
    ),
    "unpoolinterp_bicubic_double": _case(
        "x = torch.randn(1, 2, 3, 4, dtype=torch.float64, requires_grad=True)\n"
        "result = [run(lambda t: F.interpolate(t, scale_factor=1.5, mode='bicubic'), x), "
        "run(lambda t: F.interpolate(t, size=(5, 2), mode='bicubic', align_corners=True), x)]"
    ),
    "unpoolinterp_bicubic_double_backward": _case(
        "x = torch.randn(1, 1, 3, 3, dtype=torch.float64, requires_grad=True)\n"
        "y = F.interpolate(x, scale_factor=2, mode='bicubic')\n"
        "(g,) = torch.autograd.grad((y * y).sum(), x, create_graph=True)\n"
        "g.sum().backward()\n"
        "result = [y, g, x.grad]"
    ),
    "unpoolinterp_upsample_modules": _case(
        "mods = [nn.Upsample(scale_factor=2, mode='bicubic'), "
        "nn.Upsample(size=(3, 5), mode='bicubic', align_corners=True), "
        "nn.Upsample(scale_factor=0.5, mode='area')]\n"
        "x = torch.randn(1, 2, 4, 4)\n"
        "result = [[repr(m) for m in mods], [m(x) for m in mods]]"
    ),
    "unpoolinterp_err_bicubic_3d": _case(
        "F.interpolate(torch.ones(1, 2, 5), scale_factor=2, mode='bicubic')"
    ),
    "unpoolinterp_err_bicubic_5d": _case(
        "F.interpolate(torch.ones(1, 1, 2, 2, 2), scale_factor=2, mode='bicubic')"
    ),
    "unpoolinterp_err_bicubic_long": _case(
        "F.interpolate(torch.ones(1, 1, 2, 2).long(), scale_factor=2, mode='bicubic')"
    ),
    "unpoolinterp_err_area_long": _case(
        "F.interpolate(torch.ones(1, 1, 2, 2).long(), scale_factor=2, mode='area')"
    ),
    "unpoolinterp_err_area_align": _case(
        "F.interpolate(torch.ones(1, 1, 2, 2), size=1, mode='area', align_corners=False)"
    ),
    "unpoolinterp_err_area_2d": _case("F.interpolate(torch.ones(2, 2), size=1, mode='area')"),
    "unpoolinterp_einsum_diagonal": _case(
        "def nodes(y):\n"
        "    found, todo = [], [y.grad_fn]\n"
        "    while todo:\n"
        "        node = todo.pop(0)\n"
        "        found.append(type(node).__name__)\n"
        "        todo += [n for n, _ in node.next_functions if n is not None]\n"
        "    return found\n"
        "def ein(eq, *shapes):\n"
        "    xs = [torch.randn(*s, requires_grad=True) for s in shapes]\n"
        "    y = torch.einsum(eq, *xs)\n"
        "    (y * torch.arange(y.numel(), dtype=y.dtype).reshape(y.shape).cos()).sum().backward()\n"
        "    return [eq, y, nodes(y)] + [x.grad for x in xs]\n"
        "result = [ein('ii->i', (3, 3)), ein('ii', (4, 4)), ein('bii->bi', (2, 3, 3)), "
        "ein('iij->j', (3, 3, 2)), ein('iji->ij', (3, 2, 3)), ein('jii->ij', (2, 3, 3)), "
        "ein('iijj->ij', (2, 2, 3, 3)), ein('iii->i', (2, 2, 2)), ein('iii', (3, 3, 3)), "
        "ein('ii,i->i', (3, 3), (3,)), ein('ii,ij->j', (3, 3), (3, 4)), "
        "ein('bii,bij->bj', (2, 3, 3), (2, 3, 4)), ein('...ii->...i', (2, 3, 3)), "
        "ein('ij,kk->ij', (2, 3), (4, 4)), ein('ii->', (1, 1)), ein('ii', (0, 0)), "
        "ein('ijij->ij', (2, 3, 2, 3))]"
    ),
    "unpoolinterp_einsum_diagonal_view": _case(
        "x = torch.arange(9.0).reshape(3, 3)\n"
        "y = torch.einsum('ii->i', x)\n"
        "z = torch.einsum('bii->ib', torch.arange(8.0).reshape(2, 2, 2))\n"
        "result = [y, y.data_ptr() == x.data_ptr(), z, z.stride()]"
    ),
    "unpoolinterp_einsum_diagonal_double_backward": _case(
        "x = torch.randn(3, 3, dtype=torch.float64, requires_grad=True)\n"
        "w = torch.randn(3, 2, dtype=torch.float64, requires_grad=True)\n"
        "y = torch.einsum('ii,ij->j', x, w)\n"
        "(gx, gw) = torch.autograd.grad((y * y).sum(), (x, w), create_graph=True)\n"
        "(gx.sum() + gw.sum()).backward()\n"
        "result = [y, gx, gw, x.grad, w.grad]"
    ),
    "unpoolinterp_err_einsum_diagonal_sizes": _case("torch.einsum('ii->i', torch.ones(2, 3))"),
    "unpoolinterp_err_einsum_diagonal_sizes_second": _case(
        "torch.einsum('i,jkj->k', torch.ones(2), torch.ones(2, 3, 4))"
    ),
}

# interpolations' float32 blends are rounded in another order than torch's kernels
TOLERANCES = {"unpoolinterp_": (2e-5, 2e-6)}
