"""nn.Module's bookkeeping, recorded from torch: registering parameters,
buffers and submodules (and torch's errors for each misuse), walking the tree,
state_dict/load_state_dict, modes, hooks, containers, printing; tensors and
modules through torch.save/torch.load, pickle and deepcopy."""

_NET = (
    "nn=torch.nn\n"
    "class Net(nn.Module):\n"
    "    def __init__(self):\n"
    "        super().__init__()\n"
    "        self.fc = nn.Linear(3, 4)\n"
    "        self.body = nn.Sequential(nn.ReLU(), nn.Linear(4, 2))\n"
    "        self.register_buffer('steps', torch.zeros(2))\n"
    "        self.register_buffer('scratch', torch.ones(1), persistent=False)\n"
    "    def forward(self, x):\n"
    "        return self.body(self.fc(x))\n"
    "torch.manual_seed(0); net = Net()\n"
)


def _full_error(code):
    """The whole message of what ``code`` raises (run_case keeps only its first line)."""
    return (
        "try:\n"
        + "".join(f"    {line}\n" for line in code.split("\n"))
        + "    result = 'no error'\n"
        "except Exception as e:\n"
        "    result = (type(e).__name__, str(e))\n"
    )


CASES = {
    # registration and its errors
    "module_param_before_init": (
        "class M(torch.nn.Module):\n    def __init__(self):\n"
        "        self.w = torch.nn.Parameter(torch.ones(1))\nresult = M()"
    ),
    "module_submodule_before_init": (
        "class M(torch.nn.Module):\n    def __init__(self):\n"
        "        self.l = torch.nn.Linear(1, 1)\nresult = M()"
    ),
    "module_buffer_before_init": (
        "class M(torch.nn.Module):\n    def __init__(self):\n"
        "        self.register_buffer('b', torch.ones(1))\nresult = M()"
    ),
    "module_plain_before_init": (
        "class M(torch.nn.Module):\n    def __init__(self):\n        self.x = 1\n"
        "        super().__init__()\nresult = M().x"
    ),
    "module_missing_forward": "result = torch.nn.Module()(1)",
    "module_no_attribute": "result = torch.nn.Linear(2, 2).foo",
    "module_del_missing": "m = torch.nn.Linear(2, 2); del m.zzz",
    "module_train_not_bool": "result = torch.nn.Linear(2, 2).train('yes')",
}
for _i, _bad in enumerate(
    [
        "m.weight = torch.ones(2, 2)",
        "m.weight = torch.ones(2, dtype=torch.float64)",
        "m.register_buffer('b', 3)",
        "m.register_buffer('weight', torch.ones(1))",
        "m.register_buffer('a.b', torch.ones(1))",
        "m.register_buffer('', torch.ones(1))",
        "m.register_buffer(1, torch.ones(1))",
        "m.register_parameter('p', torch.ones(1))",
        "m.register_parameter('p', torch.nn.Parameter(torch.ones(1)) * 2)",
        "m.register_parameter('p', 1)",
        "m.register_parameter('a.b', None)",
        "m.register_parameter('', None)",
        "m.register_parameter(3, None)",
        "m.x = 1; m.register_parameter('x', None)",
        "m.add_module('l', 3)",
        "m.add_module('l', torch.ones(1))",
        "m.add_module(3, torch.nn.ReLU())",
        "m.add_module('a.b', torch.nn.ReLU())",
        "m.add_module('', torch.nn.ReLU())",
        "m.add_module('weight', torch.nn.ReLU())",
        "s = torch.nn.Sequential(torch.nn.ReLU()); s[0] = 3",
        "m.register_buffer('b', torch.ones(1)); m.b = 'text'",
        "m.child = torch.nn.ReLU(); m.child = 2",
    ]
):
    CASES[f"module_register_error_{_i:02d}"] = "m = torch.nn.Linear(2, 2); " + _bad

CASES.update(
    {
        "module_reassign_and_delete": (
            "m = torch.nn.Linear(2, 2); m.weight = None; a = list(m.state_dict()); "
            "del m.bias; b = list(m.state_dict()); m.bias = torch.nn.Parameter(torch.zeros(2)); "
            "m.extra = torch.nn.ReLU(); m.register_buffer('b2', None); m.plain = 3; "
            "result = (a, b, list(m.state_dict()), m.weight, m.b2, m.plain, "
            "[n for n, _ in m.named_children()], 'plain' in vars(m), 'bias' in vars(m))"
        ),
        "module_parameter_replaces_attribute": (
            "m = torch.nn.Linear(1, 1); m.x = 5; m.x = torch.nn.Parameter(torch.ones(1)); "
            "m.sub = torch.nn.ReLU(); m.sub = torch.nn.Parameter(torch.zeros(1)); "
            "result = ([n for n, _ in m.named_parameters()], list(m.named_children()), "
            "'x' in vars(m))"
        ),
        "module_dir_lists_members": (
            "m = torch.nn.Linear(1, 1); m.register_buffer('buf', torch.ones(1)); d = dir(m); "
            "result = ['weight' in d, 'bias' in d, 'buf' in d, 'forward' in d]"
        ),
        # walking the tree
        "module_named_members": _NET
        + (
            "result = ([n for n, _ in net.named_parameters()], "
            "[n for n, _ in net.named_buffers()], [n for n, _ in net.named_modules()], "
            "[n for n, _ in net.named_children()], "
            "[n for n, _ in net.named_parameters(prefix='top', recurse=False)], "
            "[n for n, _ in net.body.named_parameters(prefix='body')], "
            "len(list(net.parameters())), len(list(net.buffers(recurse=False))), "
            "[type(m).__name__ for m in net.modules()], "
            "[type(m).__name__ for m in net.children()])"
        ),
        "module_shared_members": (
            "nn = torch.nn; l = nn.Linear(2, 2); s = nn.Sequential(l, nn.ReLU(), l); "
            "s.tied = l.weight; "
            "result = ([n for n, _ in s.named_parameters()], "
            "[n for n, _ in s.named_parameters(remove_duplicate=False)], "
            "[n for n, _ in s.named_modules()], "
            "[n for n, _ in s.named_modules(remove_duplicate=False)], "
            "[n for n, _ in s.named_children()], list(s.state_dict()))"
        ),
        "module_apply_order": _NET
        + (
            "seen = []; out = net.apply(lambda m: seen.append(type(m).__name__)); "
            "result = (seen, out is net)"
        ),
        "module_get_submodule": _NET
        + (
            "result = (type(net.get_submodule('body.1')).__name__, "
            "net.get_submodule('') is net)"
        ),
        "module_get_submodule_missing": _NET + "net.get_submodule('body.7')",
        # modes and gradients
        "module_train_eval": _NET
        + (
            "a = net.eval(); flags = [m.training for m in net.modules()]; "
            "b = net.body.train(); result = (a is net, b is net.body, flags, "
            "[m.training for m in net.modules()])"
        ),
        "module_requires_grad_": _NET
        + (
            "out = net.requires_grad_(False); "
            "result = (out is net, [p.requires_grad for p in net.parameters()], "
            "net.fc.weight.is_leaf)"
        ),
        "module_zero_grad": _NET
        + (
            "net(torch.ones(3)).sum().backward(); net.zero_grad(set_to_none=False); "
            "a = [p.grad for p in net.parameters()]; net.zero_grad(); "
            "result = (a, [p.grad for p in net.parameters()])"
        ),
        # state_dict and load_state_dict
        "module_state_dict": _NET
        + (
            "sd = net.state_dict(); "
            "result = (type(sd).__name__, sd, dict(sd._metadata), "
            "[v.requires_grad for v in sd.values()], [type(v).__name__ for v in sd.values()], "
            "[type(v).__name__ for v in net.state_dict(keep_vars=True).values()], "
            "list(net.state_dict(prefix='m.')), list(net.body.state_dict()))"
        ),
        "module_state_dict_shares_values": _NET
        + (
            "sd = net.state_dict(); sd['fc.bias'].add_(1); "
            "result = (net.fc.bias, sd['fc.weight'].data_ptr() == net.fc.weight.data_ptr())"
        ),
        "module_load_state_dict": _NET
        + (
            "torch.manual_seed(1); other = Net(); other.steps.add_(3); "
            "r = net.load_state_dict(other.state_dict()); "
            "result = (repr(r), r.missing_keys, r.unexpected_keys, type(r).__name__, "
            "net.fc.weight, net.steps, net.scratch, net.fc.weight.requires_grad, "
            "type(net.fc.weight).__name__)"
        ),
        "module_load_state_dict_not_strict": (
            "m = torch.nn.Linear(2, 2); "
            "r = m.load_state_dict({'weight': torch.ones(2, 2), 'extra': torch.ones(1)}, "
            "strict=False); result = (repr(r), str(r), r.missing_keys, r.unexpected_keys, m.weight)"
        ),
        "module_load_state_dict_casts": (
            "m = torch.nn.Linear(2, 2); m.load_state_dict({'weight': torch.ones(2, 2, "
            "dtype=torch.float64), 'bias': torch.tensor([1, 2])}); result = (m.weight, m.bias)"
        ),
        "module_load_state_dict_assign": (
            "m = torch.nn.Linear(2, 2); w = torch.ones(2, 2, dtype=torch.float64); "
            "m.load_state_dict({'weight': w, 'bias': torch.zeros(2)}, assign=True); "
            "result = (m.weight, type(m.weight).__name__, m.weight.requires_grad)"
        ),
        "module_load_state_dict_not_dict": "torch.nn.Linear(2, 2).load_state_dict(3)",
    }
)
for _i, _sd in enumerate(
    [
        "{'weight': torch.ones(3, 2), 'extra': torch.ones(1)}",
        "{'weight': torch.ones(3, 2), 'bias': torch.ones(2)}",
        "{'weight': 3, 'bias': torch.ones(2)}",
        "{}",
        "{'bias': torch.ones(2), 'weight': torch.ones(2, 2), 'a': 1, 'b': 2}",
    ]
):
    CASES[f"module_load_state_dict_error_{_i}"] = _full_error(
        f"torch.nn.Linear(2, 2).load_state_dict({_sd})"
    )
CASES["module_load_state_dict_error_nested"] = _full_error(
    "torch.nn.Sequential(torch.nn.Linear(2, 2)).load_state_dict("
    "{'0.weight': torch.ones(2, 2), '1.bias': torch.ones(1)})"
)

CASES.update(
    {
        # conversions
        "module_to_double": _NET
        + (
            "out = net.double(); "
            "result = (out is net, [p.dtype for p in net.parameters()], net.steps.dtype, "
            "net(torch.ones(3, dtype=torch.float64)).dtype, "
            "[type(p).__name__ for p in net.parameters()])"
        ),
        "module_to_dtype_and_cpu": _NET
        + (
            "a = net.to(torch.float64); b = net.to('cpu'); c = net.float(); "
            "result = (a is net, b is net, c is net, net.fc.weight.dtype)"
        ),
        "module_to_int_dtype": "torch.nn.Linear(1, 1).to(torch.int64)",
        # calling and hooks
        "module_forward_hooks": (
            "m = torch.nn.Linear(2, 2); torch.manual_seed(0); calls = []\n"
            "def pre(mod, args):\n    calls.append(('pre', type(mod).__name__, len(args)))\n"
            "    return (args[0] * 2,)\n"
            "def post(mod, args, out):\n    calls.append(('post', args[0].tolist()))\n"
            "    return out.sum()\n"
            "h1 = m.register_forward_pre_hook(pre); h2 = m.register_forward_hook(post)\n"
            "a = m(torch.ones(2)); h1.remove(); b = m(torch.ones(2))\n"
            "with h2:\n    c = m(torch.ones(2))\n"
            "d = m(torch.ones(2))\n"
            "result = (calls, a.shape, b.shape, d.shape, "
            "torch.allclose(a, m(torch.ones(2) * 2).sum()))"
        ),
        # containers
        "module_sequential_ops": (
            "nn = torch.nn; from collections import OrderedDict\n"
            "s = nn.Sequential(OrderedDict([('first', nn.ReLU()), ('second', nn.Tanh()), "
            "('third', nn.Sigmoid())]))\n"
            "sl = s[1:]; neg = s[-1]; n = len(s)\n"
            "s.append(nn.ReLU()); names_after_append = [k for k, _ in s.named_children()]\n"
            "del s[0]; names_after_del = [k for k, _ in s.named_children()]\n"
            "s.insert(1, nn.Identity()); names_after_insert = [k for k, _ in s.named_children()]\n"
            "s[0] = nn.GELU()\n"
            "result = (repr(sl), type(neg).__name__, n, names_after_append, names_after_del, "
            "names_after_insert, repr(s), [type(m).__name__ for m in s], s(torch.ones(2)))"
        ),
        "module_sequential_index_error": "torch.nn.Sequential(torch.nn.ReLU())[3]",
        "module_module_list": (
            "nn = torch.nn; torch.manual_seed(0)\n"
            "ml = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])\n"
            "ml.append(nn.ReLU()); ml.extend([nn.Tanh(), nn.Tanh()]); ml.insert(0, nn.ReLU())\n"
            "r1 = repr(ml); names = [n for n, _ in ml.named_parameters()]\n"
            "del ml[1]; sl = ml[1:3]; ml += [nn.Sigmoid()]\n"
            "result = (r1, names, repr(sl), type(sl).__name__, len(ml), repr(ml), "
            "[type(m).__name__ for m in ml], type(ml[-1]).__name__, repr(nn.ModuleList()))"
        ),
        "module_module_list_errors": "torch.nn.ModuleList([torch.nn.ReLU()])[5]",
        "module_module_list_extend_error": "torch.nn.ModuleList().extend(3)",
        "module_module_dict": (
            "nn = torch.nn\n"
            "md = nn.ModuleDict({'act': nn.ReLU(), 'lin': nn.Linear(1, 2)})\n"
            "md['out'] = nn.Tanh(); md.update([('z', nn.Sigmoid())]); p = md.pop('act')\n"
            "result = (repr(md), list(md.keys()), len(md), 'lin' in md, 'act' in md, "
            "type(p).__name__, [n for n, _ in md.named_parameters()], list(md))"
        ),
        "module_nested_repr": (
            "nn = torch.nn\n"
            "class Block(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
            "        self.inner = nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.ReLU()))\n"
            "    def extra_repr(self):\n        return 'first line\\nsecond line'\n"
            "class Empty(nn.Module):\n    def extra_repr(self):\n        return 'only=1'\n"
            "result = (repr(Block()), repr(Empty()), repr(nn.Sequential()), "
            "repr(nn.ModuleDict()))"
        ),
        # saving, loading, copying
        "module_save_load_state_dict": _NET
        + (
            "import io; buf = io.BytesIO(); torch.save(net.state_dict(), buf); buf.seek(0); "
            "sd = torch.load(buf); torch.manual_seed(5); other = Net(); other.load_state_dict(sd); "
            "x = torch.ones(3); result = (type(sd).__name__, sd, other(x), net(x))"
        ),
        "module_save_load_values": (
            "import io; buf = io.BytesIO(); x = torch.ones(2, requires_grad=True)\n"
            "obj = {'ints': torch.arange(4), 'f64': torch.tensor([1.5, -2.0], "
            "dtype=torch.float64), 'bool': torch.tensor([True, False]), "
            "'view': torch.arange(6.)[::2], 'nonleaf': x * 2, 'leaf': x, "
            "'half': torch.tensor([0.5], dtype=torch.float16), "
            "'scalar': torch.tensor(3.0), 'size': torch.Size([2, 3]), 'dtype': torch.float64, "
            "'nested': [1, 2.5, 'text', (3, None), {'k': True}]}\n"
            "torch.save(obj, buf); buf.seek(0); back = torch.load(buf)\n"
            "result = (back, back['nonleaf'].is_leaf, back['nonleaf'].requires_grad, "
            "back['view'].stride(), back['leaf'].requires_grad, type(back['size']).__name__)"
        ),
        # views keep their strides and offsets, and tensors that shared a
        # storage when saved share one when loaded
        "module_save_load_views": (
            "import io; buf = io.BytesIO(); base = torch.arange(12.).reshape(3, 4)\n"
            "torch.save([base[:, 1], base.T, base[1:, ::2], base], buf); buf.seek(0)\n"
            "a, t, s, b = torch.load(buf); t[1, 0] = -1.0\n"
            "result = ([(x, x.stride(), x.storage_offset()) for x in (a, t, s, b)], "
            "a.data_ptr() - b.data_ptr())"
        ),
        "module_save_load_separate_saves": (
            "import io; x = torch.ones(3); one = io.BytesIO(); torch.save(x, one); x.add_(1)\n"
            "two = io.BytesIO(); torch.save(x, two); one.seek(0); two.seek(0)\n"
            "result = (torch.load(one), torch.load(two))"
        ),
        "module_save_load_dtypes": (
            "import io; buf = io.BytesIO()\n"
            "ts = [torch.tensor([1.5, -2.25], dtype=d) for d in (torch.float16, torch.bfloat16, "
            "torch.float64, torch.complex64)] + [torch.tensor([True, False]), "
            "torch.tensor([7, -3], dtype=torch.int32), torch.tensor([200], dtype=torch.uint8)]\n"
            "torch.save(ts, buf); buf.seek(0); result = [str(t) for t in torch.load(buf)]"
        ),
        "module_save_load_path": (
            "import os, tempfile; path = os.path.join(tempfile.mkdtemp(), 'w.pt')\n"
            "torch.save([torch.ones(2)], path); result = torch.load(path, map_location='cpu')"
        ),
        "module_load_whole_module_refused": _NET
        + (
            "import io; buf = io.BytesIO(); torch.save(net, buf); buf.seek(0)\n"
            "try:\n    torch.load(buf)\n    result = 'loaded'\n"
            "except Exception as e:\n"
            "    result = (type(e).__name__, str(e).startswith('Weights only load failed.'))\n"
            "buf.seek(0); again = torch.load(buf, weights_only=False)\n"
            "result = (result, type(again).__name__, again(torch.ones(3)))"
        ),
        "module_save_bad_target": "torch.save(1, 3)",
        "module_load_missing_file": "torch.load('/nonexistent/dir/x.pt')",
        "module_pickle_tensors": (
            "import pickle; x = torch.ones(2, requires_grad=True); p = torch.nn.Parameter("
            "torch.zeros(2)); q = torch.nn.Parameter(torch.ones(1), requires_grad=False)\n"
            "a, b, c, d = pickle.loads(pickle.dumps((x, p, q, torch.int32)))\n"
            "result = (a, b, c, d, type(b).__name__, type(c).__name__, c.requires_grad)"
        ),
        "module_deepcopy": _NET
        + (
            "import copy; net(torch.ones(3)).sum().backward(); twin = copy.deepcopy(net)\n"
            "result = (twin.fc.weight is net.fc.weight, torch.equal(twin.fc.weight, "
            "net.fc.weight), twin.fc.weight.grad, type(twin.fc.weight).__name__, "
            "twin.fc.weight.requires_grad, twin(torch.ones(3)), repr(twin))"
        ),
        "module_deepcopy_tensors": (
            "import copy; x = torch.ones(2, requires_grad=True); x.grad = torch.full((2,), 3.0)\n"
            "y = copy.deepcopy(x); z = copy.deepcopy([x, x])\n"
            "result = (y, y.grad, y is x, z[0] is z[1], y.is_leaf)"
        ),
        "module_deepcopy_non_leaf": (
            "import copy; x = torch.ones(2, requires_grad=True); copy.deepcopy(x * 2)"
        ),
        "module_typename": (
            "result = (torch.typename(torch.ones(2)), torch.typename(torch.ones(2).long()), "
            "torch.typename(3), torch.typename(torch.nn.Linear(1, 1)).split('.')[-1])"
        ),
    }
)

# nn.init: values per seed (same draws as torch), gains, fans and errors
_W = "torch.manual_seed(0); w = torch.empty(3, 5); c = torch.empty(4, 2, 3, 3); "
for _name, _call in {
    "uniform": "torch.nn.init.uniform_(w, -0.5, 2.0)",
    "normal": "torch.nn.init.normal_(w, 1.0, 0.1)",
    "constant": "torch.nn.init.constant_(w, 0.25)",
    "ones_zeros": "(torch.nn.init.ones_(w).clone(), torch.nn.init.zeros_(w))",
    "eye": "torch.nn.init.eye_(w)",
    "xavier_uniform": "torch.nn.init.xavier_uniform_(w, gain=2.0)",
    "xavier_normal": "torch.nn.init.xavier_normal_(c)",
    "kaiming_uniform": "torch.nn.init.kaiming_uniform_(c, a=0.1)",
    "kaiming_uniform_fan_out_relu": (
        "torch.nn.init.kaiming_uniform_(w, mode='fan_out', nonlinearity='relu')"
    ),
    "kaiming_normal": "torch.nn.init.kaiming_normal_(w)",
    "kaiming_normal_tanh": "torch.nn.init.kaiming_normal_(c, nonlinearity='tanh')",
    "float64": "torch.nn.init.xavier_uniform_(w.double())",
    "keeps_graph_out": (
        "torch.nn.init.normal_(torch.ones(2, 2, requires_grad=True)), "
        "torch.nn.init.uniform_(torch.nn.Parameter(torch.ones(2)))"
    ),
    "gains": (
        "[torch.nn.init.calculate_gain(n) for n in ('linear', 'conv2d', 'sigmoid', 'tanh', "
        "'relu', 'leaky_relu', 'selu')] + [torch.nn.init.calculate_gain('leaky_relu', 0.2)]"
    ),
    "bad_gain": "torch.nn.init.calculate_gain('softsign')",
    "bad_slope": "torch.nn.init.calculate_gain('leaky_relu', 'x')",
    "bad_mode": "torch.nn.init.kaiming_uniform_(w, mode='fan_avg')",
    "fan_1d": "torch.nn.init.xavier_uniform_(torch.empty(4))",
    "eye_3d": "torch.nn.init.eye_(c)",
}.items():
    CASES[f"module_init_{_name}"] = _W + f"result = ({_call}, torch.rand(1))"
CASES["module_init_zero_element"] = (
    "import warnings\n"
    "with warnings.catch_warnings(record=True) as seen:\n"
    "    warnings.simplefilter('always')\n"
    "    t = torch.nn.init.kaiming_uniform_(torch.empty(0, 3))\n"
    "result = (t.shape, [(w.category.__name__, str(w.message)) for w in seen])"
)
CASES["module_init_with_generator"] = (
    "torch.manual_seed(1); g = torch.Generator().manual_seed(5); w = torch.empty(2, 3)\n"
    "a = torch.nn.init.kaiming_uniform_(w, a=0.5, generator=g).clone()\n"
    "b = torch.nn.init.xavier_normal_(w, generator=g).clone()\n"
    "result = (a, b, torch.nn.init.uniform_(torch.empty(3), generator=g), torch.rand(1))"
)
CASES["module_register_error_other_type"] = (
    "import fractions; m = torch.nn.Linear(1, 1)\n"
    "def error(code):\n"
    "    try:\n        exec(code)\n    except TypeError as e:\n        return str(e)\n"
    "result = [error(c) for c in ('m.weight = fractions.Fraction(1)', "
    "'m.register_buffer(\"b\", fractions.Fraction(1))', "
    "'m.register_parameter(\"p\", fractions.Fraction(1))')]"
)
