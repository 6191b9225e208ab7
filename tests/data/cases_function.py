"""torch.autograd.Function, recorded from torch: forward/backward written in
Python, saved tensors (version checks, freed with the graph), node names,
several outputs, non-tensor arguments, needs_input_grad, materialized
gradients, inputs returned as they are, setup_context, double backward, and
torch's errors for wrong gradients."""

_DEFS = '''
Function = torch.autograd.Function
once_differentiable = torch.autograd.function.once_differentiable
class Exp(Function):
    @staticmethod
    def forward(ctx, i):
        r = i.exp(); ctx.save_for_backward(r); return r
    @staticmethod
    def backward(ctx, g):
        r, = ctx.saved_tensors; return g * r
class Scale(Function):
    @staticmethod
    def forward(ctx, a, k):
        ctx.k = k; return a * k
    @staticmethod
    def backward(ctx, g):
        return g * ctx.k, None
class Cube(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a); return a ** 3
    @staticmethod
    def backward(ctx, g):
        a, = ctx.saved_tensors; return g * 3 * a ** 2
class Split(Function):
    @staticmethod
    def forward(ctx, a):
        return a * 2, a * 3
    @staticmethod
    def backward(ctx, g1, g2):
        return g1 * 2 + g2 * 3
x = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
'''

CASES = {
    "function_exp": _DEFS
    + (
        "y = Exp.apply(x); y.sum().backward(); "
        "result = (y, type(y.grad_fn).__name__, x.grad, y.requires_grad, y.is_leaf, "
        "[type(n).__name__ for n, _ in y.grad_fn.next_functions])"
    ),
    "function_backward_twice": _DEFS + "y = Exp.apply(x); y.sum().backward(); y.sum().backward()",
    # the node's repr up to its address, and the tensor's
    "function_node_repr": _DEFS
    + (
        "a, b = Split.apply(x); e = Exp.apply(x)\n"
        "result = [repr(t.grad_fn).split(' at 0x')[0] for t in (a, b, e, x * 2)] + [repr(a)]"
    ),
    "function_retain_graph": _DEFS
    + "y = Exp.apply(x); y.sum().backward(retain_graph=True); y.sum().backward(); result = x.grad",
    "function_no_saved_twice": _DEFS
    + "y = Scale.apply(x, 2.0); y.sum().backward(); y.sum().backward(); result = x.grad",
    "function_non_tensor_args": _DEFS
    + "y = Scale.apply(x, -3.0); result = (y, torch.autograd.grad(y.sum(), x))",
    "function_saved_modified": _DEFS
    + "p = x * 1; y = Cube.apply(p); p.add_(1); y.sum().backward()",
    "function_saved_leaf_modified": (
        _DEFS + "w = torch.ones(2, requires_grad=True); y = Cube.apply(w)\n"
        "with torch.no_grad():\n    w.mul_(2)\ny.sum().backward()"
    ),
    "function_chain": _DEFS
    + (
        "y = Cube.apply(Exp.apply(x) * 2).sum(); y.backward(); "
        "result = (y, x.grad, type(y.grad_fn).__name__)"
    ),
    "function_double_backward": _DEFS
    + (
        "g, = torch.autograd.grad(Cube.apply(x).sum(), x, create_graph=True); "
        "h, = torch.autograd.grad(g.sum(), x); "
        "e, = torch.autograd.grad(Exp.apply(x).sum(), x, create_graph=True); "
        "f, = torch.autograd.grad(e.sum(), x); result = (g, h, e, f, type(g.grad_fn).__name__)"
    ),
    "function_two_outputs": _DEFS
    + (
        "u, v = Split.apply(x); (u.sum() + v.sum() * 2).backward(); a = x.grad.clone(); "
        "x.grad = None; u, v = Split.apply(x); u.sum().backward(); "
        "result = (a, x.grad, type(u.grad_fn).__name__, u.grad_fn is v.grad_fn)"
    ),
    "function_no_grad_needed": _DEFS
    + (
        "c = torch.ones(2); y = Exp.apply(c)\n"
        "with torch.no_grad():\n    z = Exp.apply(x)\n"
        "result = (y.grad_fn, y.requires_grad, z.grad_fn, z.requires_grad)"
    ),
    "function_needs_input_grad": (
        "Function = torch.autograd.Function\nseen = []\n"
        "class Add(Function):\n    @staticmethod\n    def forward(ctx, a, b, k):\n"
        "        return a + b * k\n    @staticmethod\n    def backward(ctx, g):\n"
        "        seen.append(ctx.needs_input_grad); return g, g * 2, None\n"
        "a = torch.ones(2, requires_grad=True); Add.apply(a, torch.ones(2), 3).sum().backward()\n"
        "result = (seen, a.grad)"
    ),
    "function_materialized_grads": (
        "Function = torch.autograd.Function\nseen = []\n"
        "class Two(Function):\n    @staticmethod\n    def forward(ctx, a):\n"
        "        return a * 2, a.sum()\n    @staticmethod\n    def backward(ctx, g, gs):\n"
        "        seen.append(gs); return g * 2 + gs\n"
        "class Lazy(Two):\n    @staticmethod\n    def forward(ctx, a):\n"
        "        ctx.set_materialize_grads(False); return a * 2, a.sum()\n"
        "    @staticmethod\n    def backward(ctx, g, gs):\n"
        "        seen.append(gs); return g * 2\n"
        "a = torch.ones(2, requires_grad=True); Two.apply(a)[0].sum().backward()\n"
        "Lazy.apply(a)[0].sum().backward(); result = (seen, a.grad)"
    ),
    "function_returns_input": (
        "Function = torch.autograd.Function\n"
        "class Ident(Function):\n    @staticmethod\n    def forward(ctx, a):\n        return a\n"
        "    @staticmethod\n    def backward(ctx, g):\n        return g * 3\n"
        "z = torch.tensor([1., 2.], requires_grad=True); w = Ident.apply(z)\n"
        "w.sum().backward(); result = (w is z, type(w.grad_fn).__name__, w.is_leaf, z.grad, "
        "z.grad_fn)"
    ),
    "function_non_differentiable": (
        "Function = torch.autograd.Function\nseen = []\n"
        "class Sorted(Function):\n    @staticmethod\n    def forward(ctx, a):\n"
        "        v, i = a.sort(); ctx.mark_non_differentiable(i); ctx.save_for_backward(i)\n"
        "        return v, i\n"
        "    @staticmethod\n    def backward(ctx, g, gi):\n"
        "        seen.append(gi); i, = ctx.saved_tensors\n"
        "        return torch.zeros_like(g).index_add(0, i, g) if hasattr(g, 'index_add') "
        "else g[i.argsort()]\n"
        "a = torch.tensor([3., 1., 2.], requires_grad=True); v, i = Sorted.apply(a)\n"
        "(v * torch.tensor([1., 2., 3.])).sum().backward()\n"
        "result = (v, i, v.requires_grad, i.requires_grad, i.grad_fn, a.grad, seen)"
    ),
    "function_setup_context": (
        "Function = torch.autograd.Function\n"
        "class Mul(Function):\n    @staticmethod\n    def forward(a, k):\n        return a * k\n"
        "    @staticmethod\n    def setup_context(ctx, inputs, output):\n"
        "        ctx.k = inputs[1]; ctx.save_for_backward(output)\n"
        "    @staticmethod\n    def backward(ctx, g):\n"
        "        out, = ctx.saved_tensors; return g * ctx.k, None\n"
        "a = torch.tensor([1., 2.], requires_grad=True); y = Mul.apply(a, 5.0)\n"
        "result = (y, torch.autograd.grad(y.sum(), a), type(y.grad_fn).__name__)"
    ),
    "function_keyword_args": _DEFS + "y = Scale.apply(x, k=4.0); result = y",
    "function_once_differentiable": (
        "Function = torch.autograd.Function\n"
        "once_differentiable = torch.autograd.function.once_differentiable\nseen = []\n"
        "class Sq(Function):\n    @staticmethod\n    def forward(ctx, a):\n"
        "        ctx.save_for_backward(a); return a * a\n"
        "    @staticmethod\n    @once_differentiable\n    def backward(ctx, g):\n"
        "        a, = ctx.saved_tensors; r = 2 * a * g; seen.append(r.requires_grad); return r\n"
        "a = torch.tensor([1., 3.], requires_grad=True)\n"
        "g, = torch.autograd.grad(Sq.apply(a).sum(), a, create_graph=True)\n"
        "result = (g, g.requires_grad, seen)"
    ),
    "function_in_module": (
        "Function = torch.autograd.Function\n"
        "class Clip(Function):\n    @staticmethod\n    def forward(ctx, a):\n"
        "        ctx.save_for_backward(a); return a.clamp(min=0)\n"
        "    @staticmethod\n    def backward(ctx, g):\n"
        "        a, = ctx.saved_tensors; return g * (a > 0).float()\n"
        "class Net(torch.nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.fc = torch.nn.Linear(3, 2)\n"
        "    def forward(self, x):\n        return Clip.apply(self.fc(x))\n"
        "torch.manual_seed(0); net = Net(); out = net(torch.randn(4, 3)); out.sum().backward()\n"
        "result = (out, net.fc.weight.grad, net.fc.bias.grad)"
    ),
    "function_gradcheck": _DEFS
    + (
        "d = torch.tensor([0.3, -0.7, 1.1], dtype=torch.float64, requires_grad=True); "
        "result = (torch.autograd.gradcheck(Cube.apply, (d,)), "
        "torch.autograd.gradcheck(Exp.apply, (d,)), "
        "torch.autograd.gradgradcheck(Cube.apply, (d,)))"
    ),
}

for _name, _backward in {
    "too_few": "return (g,)",
    "too_many_not_none": "return g, g, g",
    "extra_none": "return g, None, None, None",
    "grad_for_number": "return g, g",
    "wrong_shape": "return torch.ones(5), None",
    "broadcast_shape": "return g.sum(), None",
    "expanded_shape": "return g.expand(2, 3), None",
    "not_tensor": "return 3, None",
}.items():
    CASES[f"function_error_{_name}"] = (
        "Function = torch.autograd.Function\n"
        "class Bad(Function):\n    @staticmethod\n    def forward(ctx, a, k):\n        return a * k\n"
        f"    @staticmethod\n    def backward(ctx, g):\n        {_backward}\n"
        "a = torch.tensor([1., 2., 3.], requires_grad=True)\n"
        "Bad.apply(a, 2.0).sum().backward(); result = a.grad"
    )
CASES.update(
    {
        "function_error_no_forward": "torch.autograd.Function.apply(torch.ones(1))",
        "function_error_no_backward": (
            "Function = torch.autograd.Function\n"
            "class F(Function):\n    @staticmethod\n    def forward(ctx, a):\n        return a * 2\n"
            "F.apply(torch.ones(1, requires_grad=True)).sum().backward()"
        ),
        "function_error_legacy_call": (
            "Function = torch.autograd.Function\n"
            "class F(Function):\n    def forward(self, a):\n        return a\n"
            "F()(torch.ones(1))"
        ),
        "function_error_raises_in_backward": (
            "Function = torch.autograd.Function\n"
            "class F(Function):\n    @staticmethod\n    def forward(ctx, a):\n        return a * 2\n"
            "    @staticmethod\n    def backward(ctx, g):\n        raise ValueError('mine')\n"
            "F.apply(torch.ones(1, requires_grad=True)).sum().backward()"
        ),
        "function_error_dirty_leaf": (
            "Function = torch.autograd.Function\n"
            "class F(Function):\n    @staticmethod\n    def forward(ctx, a):\n"
            "        a.mul_(2); ctx.mark_dirty(a); return a\n"
            "    @staticmethod\n    def backward(ctx, g):\n        return g * 2\n"
            "F.apply(torch.ones(1, requires_grad=True))"
        ),
        "function_sum_to_size": (
            "t = torch.arange(6.).reshape(2, 3); "
            "result = (t.sum_to_size(1, 3), t.sum_to_size((3,)), t.sum_to_size(2, 1), "
            "t.sum_to_size(2, 3))"
        ),
        "function_sum_to_size_error": "torch.ones(2, 3).sum_to_size(4)",
        "function_sum_to_size_longer": "torch.ones(2, 3).sum_to_size(1, 1, 3)",
    }
)
