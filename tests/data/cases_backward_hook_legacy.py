"""The deprecated ``Module.register_backward_hook``, recorded from torch 2.13:
the hook runs on the node of the module's last op (the first tensor output's
grad_fn) with that node's gradients, may replace them, is removed by its
handle; torch's FutureWarnings when that node does not see all of the
module's gradients, and its error for mixing with full backward hooks."""

_RUN = (
    "import warnings\n"
    "nn = torch.nn\n"
    "torch.manual_seed(0)\n"
    "def grads(gs):\n"
    "    return [None if g is None else g.clone() for g in gs]\n"
    "log = []\n"
    "def record(tag):\n"
    "    def hook(module, grad_input, grad_output):\n"
    "        log.append([tag, type(module).__name__, grads(grad_input), grads(grad_output)])\n"
    "    return hook\n"
    "def caught(f):\n"
    "    with warnings.catch_warnings(record=True) as seen:\n"
    "        warnings.simplefilter('always')\n"
    "        out = f()\n"
    "    return [out, [(w.category.__name__, str(w.message)) for w in seen]]\n"
    "lin = nn.Linear(3, 2)\n"
    "x = torch.randn(4, 3, requires_grad=True)\n"
    "class Square(nn.Module):\n"
    "    def forward(self, a):\n"
    "        return a * a\n"
    "class Two(nn.Module):\n"
    "    def forward(self, a, b):\n"
    "        return a * b, a + b\n"
    "class Pair(nn.Module):\n"
    "    def forward(self, a, b):\n"
    "        return a * b\n"
    "class Scaled(nn.Module):\n"
    "    def forward(self, a, k):\n"
    "        return (a * k).pow(2)\n"
    "class Dict(nn.Module):\n"
    "    def forward(self, a):\n"
    "        return {'y': a.pow(2)}\n"
    "class Nested(nn.Module):\n"
    "    def forward(self, a):\n"
    "        return (a.pow(2),), a\n"
)


def _case(body):
    return _RUN + body


CASES = {
    "bwhook_single_node_no_warning": _case(
        "m = Square()\n"
        "m.register_backward_hook(record('exp'))\n"
        "a = x * 2\n"
        "y, seen = caught(lambda: m(a))\n"
        "y.sum().backward()\n"
        "result = [seen, log, x.grad, type(y.grad_fn).__name__]"
    ),
    "bwhook_sequential_last_node": _case(
        "seq = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2), nn.ReLU())\n"
        "seq.register_backward_hook(record('seq'))\n"
        "y, seen = caught(lambda: seq(x))\n"
        "y.pow(2).sum().backward()\n"
        "result = [seen, log, x.grad]"
    ),
    "bwhook_replace_grad_input": _case(
        "m = Pair()\n"
        "m.register_backward_hook(lambda mod, gi, go: (gi[0] * 10, None))\n"
        "a = torch.randn(3, requires_grad=True)\n"
        "b = torch.randn(3, requires_grad=True)\n"
        "y, seen = caught(lambda: m(a * 1, b * 1))\n"
        "y.sum().backward()\n"
        "result = [seen, a.grad, b.grad]"
    ),
    "bwhook_two_hooks_order": _case(
        "m = Square()\n"
        "m.register_backward_hook(record('first'))\n"
        "m.register_backward_hook(lambda mod, gi, go: (gi[0] + 1,))\n"
        "m.register_backward_hook(record('third'))\n"
        "a = x * 1\n"
        "m(a).sum().backward()\n"
        "result = [log, x.grad]"
    ),
    "bwhook_remove": _case(
        "m = Square()\n"
        "h = m.register_backward_hook(record('gone'))\n"
        "h.remove()\n"
        "a = x * 1\n"
        "y, seen = caught(lambda: m(a))\n"
        "y.sum().backward()\n"
        "h2 = m.register_backward_hook(record('back'))\n"
        "m(x * 1).sum().backward()\n"
        "result = [seen, log, len(m._backward_hooks), x.grad]"
    ),
    "bwhook_remove_after_forward": _case(
        "m = Square()\n"
        "h = m.register_backward_hook(record('late'))\n"
        "a = x * 1\n"
        "y = m(a)\n"
        "h.remove()\n"
        "y.sum().backward()\n"
        "result = [log, x.grad]"
    ),
    "bwhook_tuple_outputs_warning": _case(
        "m = Two()\n"
        "m.register_backward_hook(record('two'))\n"
        "a = torch.randn(3, requires_grad=True) * 1\n"
        "b = torch.randn(3, requires_grad=True) * 1\n"
        "(p, q), seen = caught(lambda: m(a, b))\n"
        "(p + q).sum().backward()\n"
        "result = [seen, log]"
    ),
    "bwhook_dict_output_warning": _case(
        "m = Dict()\n"
        "m.register_backward_hook(record('dict'))\n"
        "out, seen = caught(lambda: m(x))\n"
        "out['y'].sum().backward()\n"
        "result = [seen, log, x.grad]"
    ),
    "bwhook_nested_output_warning": _case(
        "m = Nested()\n"
        "m.register_backward_hook(record('nested'))\n"
        "a = x * 1\n"
        "out, seen = caught(lambda: m(a))\n"
        "out[0][0].sum().backward()\n"
        "result = [seen, log]"
    ),
    "bwhook_non_tensor_input_warning": _case(
        "m = Scaled()\n"
        "m.register_backward_hook(record('scaled'))\n"
        "a = x * 1\n"
        "y, seen = caught(lambda: m(a, 3.0))\n"
        "y.sum().backward()\n"
        "result = [seen, log]"
    ),
    "bwhook_no_grad_output": _case(
        "m = Square()\n"
        "m.register_backward_hook(record('nograd'))\n"
        "y, seen = caught(lambda: m(torch.randn(2)))\n"
        "result = [seen, log, y.grad_fn is None]"
    ),
    "bwhook_wrong_count": _case(
        "m = Pair()\n"
        "def hook(mod, gi, go):\n"
        "    return (gi[0],)\n"
        "m.register_backward_hook(hook)\n"
        "a = torch.randn(3, requires_grad=True)\n"
        "result = m(a * 1, a * 2).sum().backward()"
    ),
    "bwhook_mixed_full_after_legacy": _case(
        "lin.register_backward_hook(record('legacy'))\n"
        "result = lin.register_full_backward_hook(record('full'))"
    ),
    "bwhook_mixed_legacy_after_full": _case(
        "lin.register_full_backward_hook(record('full'))\n"
        "result = lin.register_backward_hook(record('legacy'))"
    ),
    "bwhook_mixed_after_remove": _case(
        "h = lin.register_full_backward_hook(record('full'))\n"
        "h.remove()\n"
        "result = lin.register_backward_hook(record('legacy'))"
    ),
    "bwhook_with_pre_hook": _case(
        "m = Square()\n"
        "m.register_full_backward_pre_hook(lambda mod, go: (go[0] * 2,))\n"
        "m.register_backward_hook(record('legacy'))\n"
        "a = x * 1\n"
        "y, seen = caught(lambda: m(a))\n"
        "y.sum().backward()\n"
        "result = [seen, log, x.grad, type(y.grad_fn).__name__]"
    ),
    "bwhook_node_register_hook": _case(
        "a = x * 1\n"
        "y = a * a\n"
        "seen = []\n"
        "h = y.grad_fn.register_hook(lambda gi, go: seen.append([grads(gi), grads(go)]))\n"
        "z = (a * 3).sin()\n"
        "z.grad_fn.register_hook(lambda gi, go: (gi[0] * 0,))\n"
        "(y.sum() + z.sum()).backward()\n"
        "result = [seen, x.grad]"
    ),
}

# float32 matmuls in the Sequential's Linear layers sum in another order than
# torch's BLAS (an ulp or two); the hook's gradients are otherwise exact
TOLERANCES = {"bwhook_sequential_last_node": (1e-5, 1e-6)}
