"""Channel dropout, Unflatten, padding modules, parameter containers and
Tensor.type_as/reshape_as, recorded from torch 2.13: masks per seed,
reprs, registration, gradients, warnings and errors."""

_RUN = (
    "F, nn = torch.nn.functional, torch.nn\n"
    "import warnings\n"
    "torch.manual_seed(0)\n"
)


def _case(body):
    return _RUN + body


CASES = {
    "nnx_channel_dropout": _case(
        "x = torch.ones(2, 3, 2, 2, requires_grad=True)\n"
        "a = F.dropout2d(x, 0.5)\nb = F.dropout1d(torch.ones(2, 3, 4), 0.4)\n"
        "c = F.dropout1d(torch.ones(3, 4), 0.5)\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    d = F.dropout2d(torch.ones(2, 3, 4) * 1, 0.5)\n"
        "    e = F.dropout2d(torch.ones(3, 4), 0.5)\n"
        "m = nn.Dropout2d(0.3)\nf = m(torch.ones(1, 4, 2, 2))\n"
        "m.eval()\ng = m(torch.ones(1, 4, 2, 2))\n"
        "a.sum().backward()\n"
        "result = [a, a.grad_fn, b, c, c.grad_fn, d, e, [str(w.message) for w in caught], f, g, "
        "x.grad, repr(m), repr(nn.Dropout1d()), F.dropout2d(x, 0.5, training=False) is x, "
        "F.dropout1d(torch.ones(2, 2), 1.0), torch.rand(2)]"
    ),
    "nnx_unflatten_padding": _case(
        "x = torch.arange(12.0).reshape(2, 6).requires_grad_()\n"
        "mods = [nn.Unflatten(1, (2, 3)), nn.ZeroPad1d((1, 2)), nn.ConstantPad1d(2, 3.5)]\n"
        "img = torch.arange(4.0).reshape(1, 1, 2, 2)\n"
        "pads = [nn.ZeroPad2d(1), nn.ZeroPad2d((1, 0, 2, 0)), "
        "nn.ConstantPad2d((1, 1, 0, 2), -1.0)]\n"
        "y = mods[0](x)\ny.pow(2).sum().backward()\n"
        "result = [[repr(m) for m in mods + pads], y, y.grad_fn, x.grad, mods[1](x), mods[2](x), "
        "[p(img) for p in pads], pads[0].padding, mods[2].value]"
    ),
    "nnx_parameter_list": _case(
        "pl = nn.ParameterList([nn.Parameter(torch.ones(2)), torch.zeros(3, 2)])\n"
        "pl.append(nn.Parameter(torch.full((1,), 2.0, dtype=torch.float64)))\n"
        "pl[0] = nn.Parameter(torch.ones(4))\n"
        "result = [repr(pl), len(pl), [n for n, _ in pl.named_parameters()], "
        "type(pl[1]).__name__, pl[1].requires_grad, len(pl[1:]), [p.shape for p in pl], "
        "list(pl.state_dict())]"
    ),
    "nnx_parameter_dict": _case(
        "pd = nn.ParameterDict({'a': nn.Parameter(torch.ones(2)), 'b': torch.zeros(3, 1)})\n"
        "pd['c'] = nn.Parameter(torch.ones(1, dtype=torch.float64))\n"
        "pd.update({'d': nn.Parameter(torch.zeros(2))})\n"
        "popped = pd.pop('a')\n"
        "result = [repr(pd), len(pd), list(pd.keys()), 'b' in pd, 'a' in pd, popped, "
        "[n for n, _ in pd.named_parameters()], type(pd['b']).__name__, pd.get('zz', 5)]"
    ),
    "nnx_model_with_containers": _case(
        "class Net(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.ws = nn.ParameterList([nn.Parameter(torch.randn(3, 3)) for _ in range(2)])\n"
        "        self.bs = nn.ParameterDict({'first': nn.Parameter(torch.zeros(3))})\n"
        "    def forward(self, x):\n"
        "        for w in self.ws:\n"
        "            x = torch.tanh(x @ w + self.bs['first'])\n"
        "        return x\n"
        "net = Net()\nout = net(torch.ones(2, 3))\nout.sum().backward()\n"
        "result = [repr(net), out, [[n, p.grad] for n, p in net.named_parameters()]]"
    ),
    "nnx_type_as_reshape_as": _case(
        "x = torch.tensor([1.5, -2.7, 3.0, 4.2], requires_grad=True)\n"
        "a = x.type_as(torch.ones(1, dtype=torch.float64))\n"
        "b = x.detach().type_as(torch.ones(1, dtype=torch.int64))\n"
        "c = x.reshape_as(torch.ones(2, 2))\n"
        "(a.sum() + c.sum()).backward()\n"
        "result = [a, b, c, a.grad_fn, c.grad_fn, x.grad, x.type_as(x) is x]"
    ),
    "nnx_err_dropout1d_dims": _case("F.dropout1d(torch.ones(2, 2, 2, 2))"),
    "nnx_err_dropout_p": _case("nn.Dropout2d(1.5)"),
    "nnx_err_parameter_list_index": _case("nn.ParameterList([nn.Parameter(torch.ones(1))])[3]"),
}

# float32 tanh and products agree with torch's kernels to a few ulps
TOLERANCES = {"nnx_model_": (2e-5, 1e-6)}
