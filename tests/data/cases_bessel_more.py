"""torch.special's Bessel-type functions beyond i0/i0e/i1/i1e (airy_ai,
bessel_j0/j1/y0/y1, modified_bessel_i0/i1/k0/k1, scaled_modified_bessel_k0/k1,
spherical_bessel_j0), recorded from torch 2.13: values in float32 and float64
at the edges (signed zeros, infinities, NaN, tiny and huge values, each
branch point and its neighbouring floats) and in dense sweeps over every
branch's range, integer and bool inputs, the absent gradient (no node, the
error backward gives), out= (casts, resizing, out tensors that require grad)
and the argument errors."""

_FUNCTIONS = (
    "airy_ai",
    "bessel_j0",
    "bessel_j1",
    "bessel_y0",
    "bessel_y1",
    "modified_bessel_i0",
    "modified_bessel_i1",
    "modified_bessel_k0",
    "modified_bessel_k1",
    "scaled_modified_bessel_k0",
    "scaled_modified_bessel_k1",
    "spherical_bessel_j0",
)

# where each function's algorithm changes branch (besides 0 and the sign)
_BRANCHES = {
    "airy_ai": [-2.09, 2.09, 8.3203353, 103.892],
    "bessel_j0": [1e-5, 5.0],
    "bessel_j1": [5.0],
    "bessel_y0": [5.0],
    "bessel_y1": [5.0],
    "modified_bessel_i0": [8.0],
    "modified_bessel_i1": [8.0],
    "modified_bessel_k0": [2.0],
    "modified_bessel_k1": [2.0],
    "scaled_modified_bessel_k0": [2.0],
    "scaled_modified_bessel_k1": [2.0],
    "spherical_bessel_j0": [0.5],
}

# the ranges each algorithm's branches cover, swept densely: (lo, hi, n)
_SWEEPS = {
    "airy_ai": [(-60.0, 110.0, 3001), (-2.5, 2.5, 2001), (7.0, 9.5, 501)],
    "bessel_j0": [(-40.0, 60.0, 3001), (-5.5, 5.5, 2001), (-2e-5, 2e-5, 401)],
    "bessel_j1": [(-40.0, 60.0, 3001), (-5.5, 5.5, 2001)],
    "bessel_y0": [(-1.0, 60.0, 3001), (0.0, 5.5, 2001)],
    "bessel_y1": [(-1.0, 60.0, 3001), (0.0, 5.5, 2001)],
    "modified_bessel_i0": [(-100.0, 100.0, 3001), (-9.0, 9.0, 1801)],
    "modified_bessel_i1": [(-100.0, 100.0, 3001), (-9.0, 9.0, 1801)],
    "modified_bessel_k0": [(-1.0, 60.0, 3001), (0.0, 2.5, 2001), (650.0, 760.0, 221)],
    "modified_bessel_k1": [(-1.0, 60.0, 3001), (0.0, 2.5, 2001), (650.0, 760.0, 221)],
    "scaled_modified_bessel_k0": [(-1.0, 60.0, 3001), (0.0, 2.5, 2001), (80.0, 1000.0, 201)],
    "scaled_modified_bessel_k1": [(-1.0, 60.0, 3001), (0.0, 2.5, 2001), (80.0, 1000.0, 201)],
    "spherical_bessel_j0": [(-30.0, 30.0, 3001), (-0.6, 0.6, 1201)],
}

_RUN = (
    "EDGES = [float('-inf'), -1e300, -1e38, -1e8, -1234.5, -100.5, -9.0, -3.0, -1.0, -0.5, -1e-7, "
    "-1e-30, -1e-300, -5e-324, -0.0, 0.0, 5e-324, 1e-300, 1e-45, 1e-40, 1e-30, 1e-10, 1e-7, "
    "0.25, 1.0, 3.0, 7.5, 12.0, 30.25, 88.5, 90.0, 500.0, 705.0, 720.0, 1234.5, 1e5, 1e8, "
    "1e15, 1e38, 1e300, float('inf'), float('nan')]\n"
    "def near(dtype, points):\n"
    "    out = []\n"
    "    for p in points:\n"
    "        for s in (1.0, -1.0):\n"
    "            v = torch.tensor(s * p, dtype=dtype)\n"
    "            lo, hi = v.clone(), v.clone()\n"
    "            out.append(v.item())\n"
    "            for _ in range(3):\n"
    "                lo = torch.nextafter(lo, torch.tensor(float('-inf'), dtype=dtype))\n"
    "                hi = torch.nextafter(hi, torch.tensor(float('inf'), dtype=dtype))\n"
    "                out += [lo.item(), hi.item()]\n"
    "    return torch.tensor(out, dtype=dtype)\n"
    "def edges(f, points):\n"
    "    return [(f(torch.tensor(EDGES, dtype=dt)), f(near(dt, points)))\n"
    "            for dt in (torch.float32, torch.float64)]\n"
    "def sweep(f, ranges):\n"
    "    out = []\n"
    "    for lo, hi, n in ranges:\n"
    "        base = torch.linspace(lo, hi, n, dtype=torch.float64)\n"
    "        out += [f(base.float()), f(base)]\n"
    "    mags = torch.logspace(-40, 40, 321, dtype=torch.float64)\n"
    "    both = torch.cat([-mags.flip(0), mags])\n"
    "    return out + [f(both.float()), f(both)]\n"
)


def _case(body):
    return _RUN + body


CASES = {}
for _f in _FUNCTIONS:
    _call = f"torch.special.{_f}"
    CASES[f"besselmore_{_f}_edges"] = _case(f"result = edges({_call}, {_BRANCHES[_f]})")
    CASES[f"besselmore_{_f}_sweep"] = _case(f"result = sweep({_call}, {_SWEEPS[_f]})")
    CASES[f"besselmore_{_f}_ints"] = (
        "i = torch.tensor([0, 1, 2, -3, 5, 8, 9, -100, 100]); "
        f"result = [{_call}(i), {_call}(i.to(torch.int32)), "
        f"{_call}(torch.tensor([True, False])), "
        f"{_call}(torch.tensor([3, 200], dtype=torch.uint8)), {_call}(torch.tensor(7))]"
    )
    # no derivative: the result neither requires grad nor has a node
    CASES[f"besselmore_{_f}_no_grad"] = (
        "x = torch.tensor([0.5, 1.5, 6.0], requires_grad=True); "
        f"y = {_call}(x); z = {_call}(x * 2); "
        "w = (y + x).sum(); w.backward(); "
        "result = [y, y.requires_grad, y.grad_fn, z.requires_grad, z.grad_fn, x.grad]"
    )
    CASES[f"besselmore_{_f}_backward"] = (
        f"x = torch.tensor([0.5, 1.5], requires_grad=True); {_call}(x).sum().backward()"
    )
    CASES[f"besselmore_{_f}_half"] = f"{_call}(torch.tensor([1.0], dtype=torch.float16))"
    CASES[f"besselmore_{_f}_bfloat16"] = f"{_call}(torch.tensor([1.0], dtype=torch.bfloat16))"
    CASES[f"besselmore_{_f}_complex"] = f"{_call}(torch.tensor([1.0j]))"
    CASES[f"besselmore_{_f}_not_tensor"] = f"{_call}(1.5)"
    CASES[f"besselmore_{_f}_list"] = f"{_call}([1.5])"
    CASES[f"besselmore_{_f}_missing"] = f"{_call}()"
    CASES[f"besselmore_{_f}_two_args"] = f"{_call}(torch.tensor([1.0]), torch.tensor([1.0]))"
    CASES[f"besselmore_{_f}_unknown_kwarg"] = f"{_call}(torch.tensor([1.0]), foo=1)"
    CASES[f"besselmore_{_f}_out"] = (
        "x = torch.tensor([[0.3, 2.5, 7.0], [-1.5, 12.0, 40.0]]); o = torch.full((2, 3), -7.0); "
        f"v = o._version; r = {_call}(x, out=o); "
        f"result = [r is o, o, o._version > v, torch.equal(o, {_call}(x))]"
    )
    CASES[f"besselmore_{_f}_out_int"] = (
        f"{_call}(torch.tensor([1.0]), out=torch.empty(1, dtype=torch.int64))"
    )
    CASES[f"besselmore_{_f}_out_not_tensor"] = f"{_call}(torch.tensor([1.0]), out=[1.0])"

_F = "torch.special.bessel_j0"
_WARNED = (
    "import warnings\n"
    "with warnings.catch_warnings(record=True) as seen:\n"
    "    warnings.simplefilter('always')\n"
    "    {code}\n"
    "result = ({result}, [(w.category.__name__, str(w.message)) for w in seen])"
)
CASES.update(
    {
        # keyword forms: torch's numpy-style alias x of input (some name it x)
        "besselmore_keywords": (
            "t = torch.tensor([0.5, 3.0]); "
            f"result = [{_F}(input=t), {_F}(x=t), torch.special.airy_ai(x=t), "
            f"torch.special.spherical_bessel_j0(x=t), {_F}(t, out=None)]"
        ),
        "besselmore_airy_input_keyword": "torch.special.airy_ai(input=torch.tensor([1.0]))",
        "besselmore_airy_not_tensor": "torch.special.airy_ai(None)",
        "besselmore_scaled_k0_input_keyword": (
            "torch.special.scaled_modified_bessel_k0(input=torch.tensor([1.0]))"
        ),
        "besselmore_spherical_x_keyword_not_tensor": "torch.special.spherical_bessel_j0(x=2.0)",
        "besselmore_keyword_not_tensor": f"{_F}(input=1)",
        "besselmore_input_twice": f"{_F}(torch.tensor([1.0]), input=torch.tensor([1.0]))",
        "besselmore_both_keywords": f"{_F}(input=torch.tensor([1.0]), x=torch.tensor([1.0]))",
        "besselmore_three_args": f"{_F}(torch.tensor([1.0]), 1, 2)",
        # layouts and shapes: the result follows the input's strides
        "besselmore_layouts": (
            "x = torch.linspace(-3, 12, 24).reshape(4, 6); "
            "result = [torch.special.bessel_y1(x.t()), torch.special.modified_bessel_k1(x[:, ::2]), "
            "torch.special.airy_ai(x.t().contiguous()), torch.special.bessel_j1(torch.tensor(2.5)), "
            "torch.special.modified_bessel_i1(torch.empty(0, 3)), "
            "torch.special.scaled_modified_bessel_k0(x.double().t()[1:])]"
        ),
        # out= casts the float32 result (computed in float32) to out's dtype
        "besselmore_out_float64": (
            "x = torch.tensor([1.3, 2.7, 6.1]); o = torch.empty(3, dtype=torch.float64); "
            f"r = {_F}(x, out=o); result = [r is o, o, {_F}(x.double())]"
        ),
        "besselmore_out_float16": (
            "x = torch.tensor([1.3, 2.7, 6.1]); o = torch.empty(3, dtype=torch.float16); "
            "r = torch.special.modified_bessel_k0(x, out=o); result = [r is o, o]"
        ),
        "besselmore_out_int_input": (
            "o = torch.empty(2, dtype=torch.float64); "
            "r = torch.special.bessel_y0(torch.tensor([1, 2]), out=o); result = [r is o, o]"
        ),
        "besselmore_out_resized": _WARNED.format(
            code="o = torch.empty(5); r = torch.special.bessel_j1(torch.tensor([1.0, 2.0]), out=o)",
            result="r is o, o",
        ),
        "besselmore_out_resized_cast": _WARNED.format(
            code=(
                "o = torch.empty(5, dtype=torch.float64); "
                "r = torch.special.airy_ai(torch.tensor([1.0, 2.0]), out=o)"
            ),
            result="r is o, o",
        ),
        "besselmore_out_empty": _WARNED.format(
            code="o = torch.empty(0); r = torch.special.modified_bessel_i0(torch.ones(2, 2), out=o)",
            result="r is o, o",
        ),
        # out= of a function without a derivative takes tensors that require
        # grad and leaves their autograd state alone
        "besselmore_out_requires_grad": (
            "x = torch.tensor([1.0, 2.0], requires_grad=True); "
            "leaf = torch.zeros(2, requires_grad=True); "
            "r1 = torch.special.bessel_y1(x, out=leaf); "
            "base = torch.ones(2, requires_grad=True); mid = base * 3; "
            "r2 = torch.special.bessel_j0(torch.tensor([0.5, 4.0]), out=mid); "
            "result = [r1 is leaf, leaf.detach(), leaf.requires_grad, leaf.is_leaf, leaf.grad_fn, "
            "r2 is mid, mid.detach(), mid.requires_grad, mid.grad_fn]"
        ),
        "besselmore_no_grad_mode": (
            "x = torch.tensor([1.0, 2.0], requires_grad=True)\n"
            "with torch.no_grad():\n"
            "    y = torch.special.modified_bessel_k1(x)\n"
            "result = [y, y.requires_grad]"
        ),
        "besselmore_default_float64": (
            "torch.set_default_dtype(torch.float64)\n"
            "try:\n"
            "    result = [torch.special.bessel_j0(torch.tensor([1, 7])), "
            "torch.special.airy_ai(torch.tensor([True])), "
            "torch.special.bessel_j0(torch.tensor([1.0, 7.0], dtype=torch.float32))]\n"
            "finally:\n"
            "    torch.set_default_dtype(torch.float32)"
        ),
        "besselmore_names": (
            f"result = [f.__name__ for f in (torch.special.airy_ai, {_F}, "
            "torch.special.scaled_modified_bessel_k1)]"
        ),
    }
)
