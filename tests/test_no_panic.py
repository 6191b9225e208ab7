"""No Rust panic reaches Python: every Tensor method, every top-level function and every
nn.functional function is called with tensors of each dtype and odd shapes (0-d, empty,
strided, requiring grad) and a pool of plausible and implausible arguments. Whatever a call
raises must be an ordinary Python exception (torch's type and message are checked elsewhere,
against recorded cases); a PanicException or SystemError means a Rust invariant broke."""

import itertools
import warnings

import ferrograd as torch
import ferrograd.nn.functional as F

INPUTS = {
    "f32": lambda: torch.tensor([[1.0, -2.0], [3.0, 0.5]]),
    "f64": lambda: torch.tensor([1.0, 2.0, 0.0], dtype=torch.float64),
    "i64": lambda: torch.tensor([1, 0, 2]),
    "i32": lambda: torch.tensor([1, 0, 2], dtype=torch.int32),
    "u8": lambda: torch.tensor([1, 0, 2], dtype=torch.uint8),
    "bool": lambda: torch.tensor([True, False]),
    "f16": lambda: torch.tensor([1.0, 2.0], dtype=torch.float16),
    "bf16": lambda: torch.tensor([1.0, 2.0], dtype=torch.bfloat16),
    "c64": lambda: torch.tensor([1 + 1j, 2 - 1j]),
    "0d": lambda: torch.tensor(3.0),
    "empty": lambda: torch.ones(0),
    "empty2": lambda: torch.ones(2, 0),
    # an empty view whose offset lies past the end of its (empty) storage
    "empty_row": lambda: torch.ones(2, 0)[1],
    "grad": lambda: torch.tensor([1.0, 2.0], requires_grad=True),
    "strided": lambda: torch.arange(12.0).reshape(3, 4).t(),
}
ARGS = [
    (), (0,), (1,), (-1,), (5,), (0, 1), (1, 0), (2.5,), (True,), (None,), ("a",), ([0],),
    ((0, 1),), (torch.tensor([0]),), (torch.tensor([1.0, 2.0]),), (torch.tensor([True, False]),),
    (torch.ones(2, 2),), (torch.tensor(1),), (0, torch.tensor([0])), (1, torch.tensor([[0]])),
    (torch.tensor([0.5]), 1.0),
]
# calls that block, print, write files or change global state
SKIP = {
    "backward", "register_hook", "numpy", "tolist", "item", "__setitem__", "__delitem__",
    "__init__", "__new__", "__reduce__", "__reduce_ex__", "__getstate__", "__setstate__",
    "__init_subclass__", "__subclasshook__", "__class__", "__dir__", "__sizeof__", "__format__",
    "__del__", "manual_seed", "seed", "set_num_threads", "set_grad_enabled", "set_default_dtype",
    "set_printoptions", "load", "save", "use_deterministic_algorithms",
}


def _broken(fn, args, label, found):
    try:
        fn(*args)
    except BaseException as e:  # noqa: BLE001 - sorting out what kind of failure it was
        if type(e).__name__ == "PanicException" or isinstance(e, SystemError):
            found.setdefault(f"{type(e).__name__}: {str(e)[:80]}", label)


def _attribute(t, name):
    try:
        return getattr(t, name)
    except Exception:  # noqa: BLE001 - properties refuse some dtypes (imag of a real tensor)
        return None


def test_no_call_panics():
    found: dict[str, str] = {}
    methods = [n for n in dir(torch.Tensor) if n not in SKIP]
    functions = [
        getattr(torch, n) for n in dir(torch)
        if not n.startswith("_") and not n[0].isupper() and n not in SKIP
        and callable(getattr(torch, n))
    ]
    calls = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for (kind, make), args in itertools.product(INPUTS.items(), ARGS):
            for name in methods:
                method = _attribute(make(), name)
                if callable(method):
                    calls += 1
                    _broken(method, args, f"{kind}.{name}{args}", found)
            for fn in functions:
                calls += 1
                _broken(fn, (make(), *args), f"torch.{fn.__name__}({kind}, {args})", found)
        # torch.special (ferrograd.special), each input with each argument
        special = [getattr(torch.special, n) for n in dir(torch.special) if not n.startswith("_")]
        for (kind, make), args in itertools.product(INPUTS.items(), ARGS):
            for fn in [f for f in special if callable(f)]:
                calls += 1
                _broken(fn, (make(), *args), f"special.{fn.__name__}({kind}, {args})", found)
        pairs = list(itertools.product(list(INPUTS.items())[:8], repeat=2))
        for name in [n for n in dir(F) if not n.startswith("_") and callable(getattr(F, n))]:
            for (k1, m1), (k2, m2) in pairs:
                calls += 1
                _broken(getattr(F, name), (m1(), m2()), f"F.{name}({k1}, {k2})", found)
    assert calls > 50_000
    assert not found, "\n".join(f"{label} -> {err}" for err, label in found.items())
