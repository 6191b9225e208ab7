"""ferrograd: a small, fast autograd engine with PyTorch's API and behaviour.

``import ferrograd as torch`` and write torch code; ``python -m ferrograd
script.py`` runs a script written for torch unchanged.
"""

import builtins as _builtins
import sys as _sys

from . import _core
from ._checks import REQUIRED as _REQUIRED
from ._checks import SCALAR_TYPE_NAMES as _SCALAR_TYPE_NAMES
from ._checks import SCALARS as _SCALARS
from ._checks import bad_call as _bad_call
from ._checks import c_type_name as _c_type_name
from ._checks import check_other as _check_other
from ._checks import is_number as _is_number
from ._checks import missing as _missing
from ._checks import no_attribute as _no_attribute
from ._checks import not_tensor as _not_tensor
from ._checks import number as _number
from ._core import Tensor, dtype, live_nodes
from ._dtype_info import finfo, iinfo
from ._grad_mode import (
    enable_grad,
    inference_mode,
    is_grad_enabled,
    is_inference_mode_enabled,
    no_grad,
    set_grad_enabled,
)
from ._math import inplace_method as _inplace_method
from ._size import Size

__version__ = "0.1.0"

# the constants torch exports
inf = float("inf")
nan = float("nan")
pi = 3.141592653589793
e = 2.718281828459045

float32 = _core.float32
float64 = _core.float64
int64 = _core.int64
bool = _core.bool
int32 = _core.int32
uint8 = _core.uint8
float16 = _core.float16
bfloat16 = _core.bfloat16
complex64 = _core.complex64
complex128 = _core.complex128
float = float32
double = float64
long = int64
int = int32
half = float16
cfloat = complex64
cdouble = complex128



def set_printoptions(
    precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None, sci_mode=None
):
    """Print options for tensors, with torch's profiles and defaults."""
    from . import _printing

    _printing.set_printoptions(precision, threshold, edgeitems, linewidth, profile, sci_mode)


def get_printoptions():
    from . import _printing

    return _printing.get_printoptions()


def __getattr__(name):
    # numpy (needed by the printer) loads on first use, keeping import fast
    if name == "_tensor_str":
        from . import _printing

        return _printing
    # submodules a training script needs, loaded when first reached
    if name in ("optim", "utils", "distributions"):
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'ferrograd' has no attribute {name!r}")

_builtin_bool = __builtins__["bool"] if isinstance(__builtins__, dict) else __builtins__.bool
_builtin_float = __builtins__["float"] if isinstance(__builtins__, dict) else __builtins__.float


_DEVICE_TYPES = (
    "cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip", "ve", "fpga",
    "maia", "xla", "lazy", "vulkan", "mps", "meta", "hpu", "mtia", "privateuseone",
)


class device:
    """A device as torch names it. Any of torch's device types can be named (scripts build
    ``device("cuda" if cuda.is_available() else "cpu")``), but tensors live on the CPU only."""

    def __init__(self, type="cpu", index=None):
        if isinstance(type, device):
            type, index = type.type, type.index
        elif isinstance(type, _builtins.int) and not isinstance(type, _builtins.bool):
            type, index = "cuda", type
        name, _, number = str(type).partition(":")
        if name not in _DEVICE_TYPES:
            raise RuntimeError(
                f"Expected one of {', '.join(_DEVICE_TYPES)} device type at start of device "
                f"string: {type}"
            )
        if number:
            if not number.isdigit():
                raise RuntimeError(f"Invalid device string: '{type}'")
            index = _builtins.int(number)
        self.type, self.index = name, index

    def __repr__(self):
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other):
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self):
        return hash((self.type, self.index))


def _check_device(where):
    """Refuses a device other than the CPU, as a torch without that backend does."""
    if where is None:
        return
    d = where if isinstance(where, device) else device(where)
    if d.type == "cuda":
        raise AssertionError("Torch not compiled with CUDA enabled")
    if d.type != "cpu":
        raise RuntimeError(f"PyTorch is not linked with support for {d.type} devices")


_CPU = device()

_NP_NAMES = {
    float32: "float32",
    float64: "float64",
    int64: "int64",
    bool: "bool_",
    int32: "int32",
    uint8: "uint8",
    float16: "float16",
    complex64: "complex64",
    complex128: "complex128",
}


def _shape_of(size):
    """Shape from ``f(2, 3)``, ``f((2, 3))`` or ``f([2, 3])``."""
    if len(size) == 1 and not isinstance(size[0], _builtins.int):
        return [_builtins.int(d) for d in size[0]]
    return [_builtins.int(d) for d in size]


# ---- creation ----


def tensor(data=_REQUIRED, dtype=None, device=None, requires_grad=False):
    """A new leaf tensor holding a copy of ``data`` (numbers, nested lists, numpy)."""
    if data is _REQUIRED:
        _missing("tensor", "data")
    _check_device(device)
    if isinstance(data, Tensor):
        data = data.detach().clone()
        return _core.from_data(data.tolist(), dtype or data.dtype, requires_grad)
    np = _sys.modules.get("numpy")
    if np is not None and isinstance(data, (np.ndarray, np.generic)):
        arr = np.asarray(data)
        if dtype is None:
            dtype = _DTYPE_OF_NP.get(arr.dtype.name)
            if dtype is None:
                raise TypeError(f"can't convert np.ndarray of type numpy.{arr.dtype}")
        if dtype is bfloat16:
            # numpy has no bfloat16: the values go through float32
            arr = np.array(arr, dtype=np.float32, order="C")
            return _core.from_numpy_copy(arr, dtype, requires_grad)
        arr = np.array(arr, dtype=getattr(np, _NP_NAMES[dtype]), order="C")
        return _core.from_numpy_copy(arr, dtype, requires_grad)
    result = _core.from_data(data, dtype, requires_grad)
    if dtype is None and _default_dtype[0] is not None:
        # inferred floats (and complex numbers) take the default dtype
        if result.dtype == float32:
            return _core.from_data(data, _default_dtype[0], requires_grad)
        if result.dtype == complex64 and _default_dtype[0] == float64:
            return _core.from_data(data, complex128, requires_grad)
    return result


# the dtype torch.tensor gives a numpy array of each type
_DTYPE_OF_NP = {
    "float64": float64,
    "float32": float32,
    "float16": float16,
    "int64": int64,
    "int32": int32,
    "uint8": uint8,
    "bool": bool,
    "complex64": complex64,
    "complex128": complex128,
}


def as_tensor(data, dtype=None, device=None):
    _check_device(device)
    if isinstance(data, Tensor) and (dtype is None or data.dtype == dtype):
        return data
    return tensor(data, dtype=dtype)


def zeros(*size, dtype=None, device=None, requires_grad=False):
    if not size:
        _missing("zeros", "size")
    _check_device(device)
    return _core.full(_shape_of(size), 0.0, _float_default(dtype), requires_grad)


def ones(*size, dtype=None, device=None, requires_grad=False):
    if not size:
        _missing("ones", "size")
    _check_device(device)
    return _core.full(_shape_of(size), 1.0, _float_default(dtype), requires_grad)


def full(size=_REQUIRED, fill_value=_REQUIRED, dtype=None, device=None, requires_grad=False):
    if fill_value is _REQUIRED:
        _missing("full", *(["size"] if size is _REQUIRED else []), "fill_value")
    _check_device(device)
    if dtype is None:
        dtype = (
            bool
            if isinstance(fill_value, _builtin_bool)
            else int64
            if isinstance(fill_value, _builtins.int)
            else get_default_dtype()
        )
    return _core.full(_shape_of((size,)), _builtin_float(fill_value), dtype, requires_grad)


def zeros_like(input=_REQUIRED, dtype=None, device=None, requires_grad=False):
    if input is _REQUIRED:
        _missing("zeros_like", "input")
    if not isinstance(input, Tensor):
        _not_tensor("zeros_like", input)
    _check_device(device)
    return _core.full_like_layout(input, 0.0, dtype or input.dtype, requires_grad)


def ones_like(input, dtype=None, device=None, requires_grad=False):
    if not isinstance(input, Tensor):
        _not_tensor("ones_like", input)
    _check_device(device)
    return _core.full_like_layout(input, 1.0, dtype or input.dtype, requires_grad)


def full_like(input, fill_value=_REQUIRED, dtype=None, device=None, requires_grad=False):
    if not isinstance(input, Tensor) or fill_value is _REQUIRED:
        _bad_call("full_like", input, fill_value=fill_value)
    _check_device(device)
    return _core.full_like_layout(
        input, _builtin_float(fill_value), dtype or input.dtype, requires_grad
    )


def empty(*size, dtype=None, device=None, requires_grad=False):
    if not size:
        _missing("empty", "size")
    _check_device(device)
    return zeros(*size, dtype=dtype, requires_grad=requires_grad)


def empty_like(input, dtype=None, device=None, requires_grad=False):
    """Uninitialised in torch; zeros here (reading them is undefined there)."""
    if not isinstance(input, Tensor):
        _not_tensor("empty_like", input)
    _check_device(device)
    return _core.full_like_layout(input, 0.0, dtype or input.dtype, requires_grad)


def eye(n, m=None, dtype=None, device=None, requires_grad=False):
    _check_device(device)
    return _core.eye(n, m, _float_default(dtype), requires_grad)


def arange(start, end=None, step=1, dtype=None, device=None, requires_grad=False):
    _check_device(device)
    if end is None:
        start, end = 0, start
    if dtype is None:
        integral = _builtins.all(isinstance(v, _builtins.int) for v in (start, end, step))
        dtype = int64 if integral else get_default_dtype()
    return _core.arange(
        _builtin_float(start), _builtin_float(end), _builtin_float(step), dtype, requires_grad
    )


def linspace(start, end, steps, dtype=None, device=None, requires_grad=False):
    _check_device(device)
    return _core.linspace(
        _builtin_float(start), _builtin_float(end), _builtins.int(steps), _float_default(dtype),
        requires_grad,
    )


# what a CPU-only torch says when asked for a generator on another device
_NO_GENERATOR = {
    "xpu": "Cannot get XPU generator without ATen_xpu library.",
    "hip": "Backend doesn`t support getNewGenerator()",
    "hpu": "Backend doesn`t support getNewGenerator()",
    "mps": "Cannot execute getNewGenerator() without MPS backend.",
    "mtia": "Cannot execute getNewGenerator() without MTIA backend.",
    "xla": "Cannot get XLA generator without torch_xla library. This error has occurred because "
    "you are trying to use some XLA functionality, but the XLA library has not been loaded by "
    "the dynamic linker. You must load xla libraries by `import torch_xla`",
    "privateuseone": "Please register PrivateUse1HooksInterface by "
    "`RegisterPrivateUse1HooksInterface` first.",
}


class Generator:
    """A CPU random number generator with torch's engine: the same seed gives the
    same numbers as torch's ``Generator``."""

    __slots__ = ("_g",)

    def __init__(self, device="cpu"):
        d = device if isinstance(device, globals()["device"]) else globals()["device"](device)
        if d.type == "cuda":
            raise AssertionError("Torch not compiled with CUDA enabled")
        if d.type != "cpu":
            raise RuntimeError(_NO_GENERATOR.get(d.type, f"{d.type.upper()} device type not an accelerator."))
        self._g = _core.Generator()

    @classmethod
    def _wrapping(cls, core):
        self = cls.__new__(cls)
        self._g = core
        return self

    @property
    def device(self):
        return _CPU

    def manual_seed(self, seed):
        if _is_c_int(seed) and not isinstance(seed, _builtins.int):
            raise TypeError("an integer is required")  # torch refuses numpy integers here
        if not _is_c_int(seed):
            raise RuntimeError(f"manual_seed expected a long, but got {type(seed).__name__}")
        self._g.manual_seed(_seed_bits(seed))
        return self

    def seed(self):
        return self._g.seed()

    def initial_seed(self):
        return self._g.initial_seed()

    def get_state(self):
        return self._g.get_state()

    def set_state(self, new_state):
        self._g.set_state(new_state)
        return self

    def __deepcopy__(self, memo):
        return Generator().set_state(self.get_state())

    def __reduce__(self):
        return (_generator_from_state, (self.get_state(),))


def _generator_from_state(state):
    return Generator().set_state(state)


def _seed_bits(seed):
    """A seed as torch stores it: any int64 or uint64, negatives modulo 2**64."""
    seed = _builtins.int(seed)
    if not -(1 << 63) <= seed < (1 << 64):
        raise ValueError("Overflow when unpacking long long")
    return seed % (1 << 64)


default_generator = Generator._wrapping(_core.Generator.default_generator())


def _engine(generator):
    """The Rust engine behind ``generator=`` (None: the default generator)."""
    if generator is None:
        return None
    if not isinstance(generator, Generator):
        raise TypeError(
            f"expected a torch.Generator, but got {type(generator).__name__}"
        )
    return generator._g


def _no_random_size(name):
    options = "torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, "
    options += "bool pin_memory = False, bool requires_grad = False)"
    raise TypeError(
        f"{name}() received an invalid combination of arguments - got (), but expected one of:\n"
        f" * (tuple of ints size, *, torch.Generator generator, Tensor out = None, {options}\n"
        f" * (tuple of ints size, *, Tensor out = None, {options}\n"
    )


def randn(*size, dtype=None, device=None, requires_grad=False, generator=None):
    if not size:
        _no_random_size("randn")
    _check_device(device)
    return _core.randn(_shape_of(size), _float_default(dtype), requires_grad, _engine(generator))


def rand(*size, dtype=None, device=None, requires_grad=False, generator=None):
    if not size:
        _no_random_size("rand")
    _check_device(device)
    return _core.rand(_shape_of(size), _float_default(dtype), requires_grad, _engine(generator))


def _canonical_layout(t):
    """Whether ``t`` has the strides a fresh contiguous tensor of its shape has."""
    expected, step = [], 1
    for d in reversed(t.shape):
        expected.append(step)
        step *= _builtins.max(d, 1)
    return t.stride() == tuple(reversed(expected))


def _random_like(input, dtype, requires_grad, fill):
    """A fresh tensor laid out as ``empty_like(input)`` lays it out (a dense
    input's strides), filled in place as torch fills it, in memory order."""
    out = _core.full_like_layout(input, 0.0, dtype or input.dtype, False)
    fill(out)
    return out.requires_grad_(requires_grad)


def randn_like(input, *, dtype=None, device=None, requires_grad=False, memory_format=None):
    if not isinstance(input, Tensor):
        _not_tensor("randn_like", input)
    _check_device(device)
    if not _canonical_layout(input):
        return _random_like(input, dtype, requires_grad, lambda t: t.normal_())
    return _core.randn(list(input.shape), dtype or input.dtype, requires_grad)


def rand_like(input, *, dtype=None, device=None, requires_grad=False, memory_format=None):
    if not isinstance(input, Tensor):
        _not_tensor("rand_like", input)
    _check_device(device)
    if not _canonical_layout(input):
        return _random_like(input, dtype, requires_grad, lambda t: t.uniform_())
    return _core.rand(list(input.shape), dtype or input.dtype, requires_grad)


def randint(low, high=None, size=None, *, dtype=None, device=None, requires_grad=False,
            generator=None):
    """Integers in [low, high) (``randint(high, size)`` starts at 0)."""
    _check_device(device)
    if size is None:
        low, high, size = 0, low, high
    return _core.randint(
        _builtins.int(low), _builtins.int(high), _shape_of((size,)), dtype or int64,
        _engine(generator),
    )


def randperm(n, *, dtype=None, device=None, requires_grad=False, generator=None):
    _check_device(device)
    return _core.randperm(_builtins.int(n), dtype or int64, _engine(generator))


def normal(mean, std=1.0, size=None, *, generator=None, dtype=None, device=None,
           requires_grad=False):
    """Normal samples: scalar mean/std with ``size``, or elementwise tensors."""
    _check_device(device)
    if isinstance(mean, Tensor) or isinstance(std, Tensor):
        like = mean if isinstance(mean, Tensor) else std
        m = mean if isinstance(mean, Tensor) else full_like(like, mean)
        s = std if isinstance(std, Tensor) else full_like(like, std)
        return _core.normal_tensor(
            m, s, isinstance(mean, Tensor), isinstance(std, Tensor), _engine(generator)
        )
    return _core.normal(
        _builtin_float(mean), _builtin_float(std), _shape_of((size,)), _float_default(dtype),
        _engine(generator),
    )


def manual_seed(seed):
    """Seed the default generator (the seed is taken modulo 2**64, as torch does)."""
    return default_generator.manual_seed(_builtins.int(seed))


def seed():
    return default_generator.seed()


def initial_seed():
    return default_generator.initial_seed()


def get_rng_state():
    return default_generator.get_state()


def set_rng_state(new_state):
    default_generator.set_state(new_state)


def _is_c_int(obj):
    """An int as torch's argument parser takes it: Python ints (not bool)
    and numpy integer scalars."""
    if isinstance(obj, _builtins.int):
        return not isinstance(obj, _builtins.bool)
    np = _sys.modules.get("numpy")
    return np is not None and isinstance(obj, np.integer)


def set_num_threads(*args, **kwargs):
    """Sets the number of threads used for intra-op parallelism on CPU."""
    if kwargs:
        raise TypeError("torch.set_num_threads() takes no keyword arguments")
    if len(args) != 1:
        raise TypeError(f"torch.set_num_threads() takes exactly one argument ({len(args)} given)")
    (n,) = args
    if not _is_c_int(n):
        raise RuntimeError(f"set_num_threads expects an int, but got {_c_type_name(n)}")
    n = _builtins.int(n)
    # torch reads a C long long, then narrows it to a C int
    if not -(1 << 63) <= n < 1 << 63:
        raise ValueError("Overflow when unpacking long long")
    if not -(1 << 31) <= n < 1 << 31:
        raise ValueError("Overflow when unpacking long")
    _core.set_num_threads(n)


def get_num_threads(*args, **kwargs):
    """The number of threads used for intra-op parallelism on CPU (default:
    one per core)."""
    if kwargs:
        raise TypeError("torch.get_num_threads() takes no keyword arguments")
    if args:
        raise TypeError(f"torch.get_num_threads() takes no arguments ({len(args)} given)")
    return _core.get_num_threads()


def from_numpy(array):
    """A tensor sharing ``array``'s memory (writes show on both sides)."""
    if type(array).__name__ != "ndarray":
        raise TypeError(f"expected np.ndarray (got {_c_type_name(array)})")
    return _core.from_numpy(array)


# the dtype floats are made in without one (set_default_dtype); the Rust
# core's own default stays float32, so the creation functions here pass it
_default_dtype = [None]


def get_default_dtype():
    """The dtype of floats made without one (float32 unless set)."""
    return _default_dtype[0] or float32


def set_default_dtype(d):
    if not isinstance(d, dtype):
        raise TypeError(
            "invalid dtype object: only floating-point types are supported as the default type"
        )
    if not d.is_floating_point:
        raise TypeError("only floating-point types are supported as the default type")
    _core.set_default_float(d)
    _default_dtype[0] = None if d == float32 else d


def _float_default(dtype):
    """``dtype``, or the default float dtype when it is None."""
    return _default_dtype[0] if dtype is None else dtype


def _dtype_arg(func, value, name, position):
    if not isinstance(value, dtype):
        raise TypeError(
            f"{func}(): argument '{name}' (position {position}) must be torch.dtype, "
            f"not {type(value).__name__}"
        )


def promote_types(type1, type2):
    _dtype_arg("promote_types", type1, "type1", 1)
    _dtype_arg("promote_types", type2, "type2", 2)
    return _core.promote_types(type1, type2)


def can_cast(from_, to):
    _dtype_arg("can_cast", from_, "from_", 1)
    _dtype_arg("can_cast", to, "to", 2)
    return _core.can_cast(from_, to)


def result_type(tensor, other):
    """The dtype ``tensor op other`` would have (either may be a number)."""
    if isinstance(tensor, Tensor) and (isinstance(other, Tensor) or _is_number(other)):
        return _core._result_type(tensor, other)
    if _is_number(tensor) and isinstance(other, Tensor):
        return _core._result_type(other, tensor)
    if _is_number(tensor) and _is_number(other):
        # two numbers: the default dtype of the higher kind
        first = _core._result_type(_core.full([], 0, bool), tensor)
        return _core._result_type(_core.full([], 0, first), other)
    raise TypeError(
        "result_type() received an invalid combination of arguments - got "
        f"({_c_type_name(tensor)}, {_c_type_name(other)}), but expected one of:"
    )


def is_tensor(obj):
    return isinstance(obj, Tensor)


def numel(input):
    if not isinstance(input, Tensor):
        _not_tensor("numel", input)
    return input.numel()


# ---- ops: thin forwarding to Tensor methods ----

matmul = _core.matmul
mm = _core.mm
bmm = _core.bmm
dot = _core.dot
mv = _core.mv
outer = _core.outer
addmm = _core.addmm


def _stored(name, result, out, inputs, rule="elementwise"):
    """The ``out=`` form of ``name``: ``result`` stored in ``out`` (cast and
    resized as torch does) and ``out`` returned. ``rule``: "elementwise",
    "reduction", or "same_dtype" where torch's kernel takes no other dtype
    (``neg``, ``abs``)."""
    if not isinstance(out, Tensor):
        raise TypeError(f"{name}(): argument 'out' must be Tensor, not {_c_type_name(out)}")
    inputs = [a for a in inputs if isinstance(a, Tensor)]
    return _core._write_out(name, result, out, inputs, rule)


def add(input, other, *, alpha=1, out=None):
    result = _add_value(input, other, alpha=alpha)
    return result if out is None else _stored("add", result, out, (input, other))


def _add_value(input, other, *, alpha=1):
    if not isinstance(input, Tensor):
        if type(input) not in _SCALARS:  # torch takes a number there too
            input = _number("add", input)
        if isinstance(other, Tensor) and alpha == 1:
            return other.add(input)  # the number stays a scalar
        input = tensor(input)
    try:
        return input.add(other, alpha=alpha)
    except TypeError:
        _check_other("add", other)
        raise


def sub(input, other, *, alpha=1, out=None):
    result = _sub_value(input, other, alpha=alpha)
    return result if out is None else _stored("sub", result, out, (input, other))


def _sub_value(input, other, *, alpha=1):
    if not isinstance(input, Tensor):
        if type(input) not in _SCALARS:  # torch takes a number there too
            input = _number("sub", input)
        if isinstance(other, Tensor) and alpha == 1:
            return input - other  # the number stays a scalar
        input = tensor(input)
    try:
        return input.sub(other, alpha=alpha)
    except TypeError:
        _check_other("sub", other)
        raise


def mul(input, other=_REQUIRED, *, out=None):
    result = _mul_value(input, other)
    return result if out is None else _stored("mul", result, out, (input, other))


def _mul_value(input, other=_REQUIRED):
    if not isinstance(input, Tensor):
        if type(input) not in _SCALARS:  # torch takes a number there too
            input = _number("mul", input)
        if isinstance(other, Tensor):
            return other * input  # the number stays a scalar
        input = tensor(input)
    try:
        return input.mul(other)  # not ``*``: an int tensor times a list repeats the list
    except TypeError:
        _check_other("mul", other)
        raise


def div(input, other):
    return input / other


true_divide = div


def pow(input, exponent, *, out=None):
    result = _pow_value(input, exponent)
    return result if out is None else _stored("pow", result, out, (input, exponent))


def _pow_value(input, exponent):
    if isinstance(input, Tensor):
        if isinstance(exponent, Tensor) or _is_number(exponent):
            return input.pow(exponent)
    elif isinstance(exponent, Tensor) and _is_number(input):
        return exponent.__rpow__(input)
    raise TypeError(
        f"pow() received an invalid combination of arguments - got ({_c_type_name(input)}, "
        f"{_c_type_name(exponent)}), but expected one of:\n"
        " * (Tensor input, Tensor exponent, *, Tensor out = None)\n"
        " * (Number self, Tensor exponent, *, Tensor out = None)\n"
        " * (Tensor input, Number exponent, *, Tensor out = None)\n"
    )


def neg(input, *, out=None):
    if not isinstance(input, Tensor):
        _not_tensor("neg", input)
    result = -input
    return result if out is None else _stored("neg", result, out, (input,), "same_dtype")


def exp(input, *, out=None):
    if not isinstance(input, Tensor):
        _not_tensor("exp", input)
    result = input.exp()
    return result if out is None else _stored("exp", result, out, (input,))


def log(input, *, out=None):
    if not isinstance(input, Tensor):
        _not_tensor("log", input)
    result = input.log()
    return result if out is None else _stored("log", result, out, (input,))


def sigmoid(input, *, out=None):
    if not isinstance(input, Tensor):
        _not_tensor("sigmoid", input)
    result = input.sigmoid()
    return result if out is None else _stored("sigmoid", result, out, (input,))


def tanh(input, *, out=None):
    if not isinstance(input, Tensor):
        _not_tensor("tanh", input)
    result = input.tanh()
    return result if out is None else _stored("tanh", result, out, (input,))


def relu(input):
    if not isinstance(input, Tensor):
        _not_tensor("relu", input)
    return input.relu()


def abs(input, *, out=None):
    if not isinstance(input, Tensor):
        _not_tensor("abs", input)
    result = input.abs()
    return result if out is None else _stored("abs", result, out, (input,), "same_dtype")


def sqrt(input, *, out=None):
    if not isinstance(input, Tensor):
        _not_tensor("sqrt", input)
    result = input.sqrt()
    return result if out is None else _stored("sqrt", result, out, (input,))


def sum(input, dim=None, keepdim=False, *, dtype=None, out=None):
    if not isinstance(input, Tensor):
        _not_tensor("sum", input)
    result = input.sum(dim, keepdim, dtype=dtype)
    return result if out is None else _stored("sum", result, out, (input,), "reduction")


def mean(input, dim=None, keepdim=False, *, dtype=None, out=None):
    if not isinstance(input, Tensor):
        _not_tensor("mean", input)
    result = input.mean(dim, keepdim, dtype=dtype)
    return result if out is None else _stored("mean", result, out, (input,), "reduction")


def t(input):
    if not isinstance(input, Tensor):
        _not_tensor("t", input)
    return input.t()


def reshape(input, shape=_REQUIRED):
    if not isinstance(input, Tensor) or shape is _REQUIRED:
        _bad_call("reshape", input, shape=shape)
    return input.reshape(shape)


class memory_format:
    """How a new tensor lays out its elements (``torch.preserve_format``
    keeps a dense input's strides; ``clone`` takes the first two)."""

    def __init__(self, name):
        self._name = name

    def __repr__(self):
        return f"torch.{self._name}"

    def __reduce__(self):
        return self._name


preserve_format = memory_format("preserve_format")
contiguous_format = memory_format("contiguous_format")
channels_last = memory_format("channels_last")
channels_last_3d = memory_format("channels_last_3d")


def clone(input, *, memory_format=None):
    if not isinstance(input, Tensor):
        _not_tensor("clone", input)
    return input.clone(memory_format=memory_format)


def detach(input):
    if not isinstance(input, Tensor):
        _not_tensor("detach", input)
    return input.detach()


def transpose(input, dim0=_REQUIRED, dim1=_REQUIRED):
    if not isinstance(input, Tensor) or dim0 is _REQUIRED or dim1 is _REQUIRED:
        _bad_call("transpose", input, dim0=dim0, dim1=dim1)
    return input.transpose(dim0, dim1)


def permute(input, dims=_REQUIRED):
    if not isinstance(input, Tensor) or dims is _REQUIRED:
        _bad_call("permute", input, dims=dims)
    return input.permute(dims)


def _select(self, dim, index):
    """``select(dim, index)``: the slice at ``index`` along ``dim``, a view
    without that dim (SelectBackward0)."""
    if self.dim() == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    d = _core.wrap_dim(dim, self.dim())
    size = self.size(d)
    if not -size <= index < size:
        raise IndexError(
            f"select(): index {index} out of range for tensor of size {list(self.shape)} at "
            f"dimension {d}"
        )
    return self[(slice(None),) * d + (index,)]


Tensor.select = _select


def select(input, dim, index):
    return input.select(dim, index)


def _movedim(self, source, destination):
    """``movedim``/``moveaxis``: the dims in ``source`` moved to ``destination``, the
    others keeping their order (a permute, so a view)."""
    one = isinstance(source, _builtins.int) and isinstance(destination, _builtins.int)
    src = [source] if one else list(source)
    dst = [destination] if one else list(destination)
    if len(src) != len(dst):
        raise RuntimeError(
            f"movedim: Invalid source or destination dims: source ({src} dims) should "
            f"contain the same number of dims as destination ({dst} dims)"
        )
    n = self.dim()
    src = [_core.wrap_dim(d, n) for d in src]
    dst = [_core.wrap_dim(d, n) for d in dst]
    for name, dims in (("source", src), ("destination", dst)):
        if len(set(dims)) != len(dims):
            raise RuntimeError(f"movedim: repeated dim in `{name}` ({dims})")
    if n == 0:
        return self.permute(())
    order = [None] * n
    for s, d in zip(src, dst):
        order[d] = s
    rest = iter(d for d in range(n) if d not in src)
    return self.permute([d if d is not None else next(rest) for d in order])


Tensor.movedim = Tensor.moveaxis = _movedim


def movedim(input, source=_REQUIRED, destination=_REQUIRED):
    if not isinstance(input, Tensor) or source is _REQUIRED or destination is _REQUIRED:
        _bad_call("movedim", input, source=source, destination=destination)
    return input.movedim(source, destination)


moveaxis = movedim


def unflatten(input, dim=_REQUIRED, sizes=_REQUIRED):
    if not isinstance(input, Tensor) or dim is _REQUIRED or sizes is _REQUIRED:
        _bad_call("unflatten", input, dim=dim, sizes=sizes)
    return input.unflatten(dim, sizes)


def _broadcast_to(self, size):
    return self.expand(size)


Tensor.broadcast_to = _broadcast_to


def broadcast_to(input, size=_REQUIRED):
    if not isinstance(input, Tensor) or size is _REQUIRED:
        _bad_call("broadcast_to", input, size=size)
    return input.expand(size)


def unsqueeze(input, dim=_REQUIRED):
    if not isinstance(input, Tensor) or dim is _REQUIRED:
        _bad_call("unsqueeze", input, dim=dim)
    return input.unsqueeze(dim)


def _method(name, checked=True):
    """``torch.name(input, *args)`` forwarding to ``input.name(*args)``; ``checked``:
    a non-tensor input gets torch's TypeError."""

    def call(input, *args, **kwargs):
        if not isinstance(input, Tensor) and checked:
            _not_tensor(name, input)
        return getattr(input, name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"``torch.{name}(input, ...)``: same as ``input.{name}(...)``."
    return call


def _binary(name):
    """``torch.name(input, other)`` of two tensors, forwarding to ``input.name(other)``."""

    def call(input, other=_REQUIRED):
        if not isinstance(input, Tensor) or not isinstance(other, Tensor):
            _bad_call(name, input, other=other)
            _not_tensor(name, other, "other", 2)
        return getattr(input, name)(other)

    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"``torch.{name}(input, other)``: same as ``input.{name}(other)``."
    return call


_FORWARDED = (
    "rsqrt log1p expm1 sin cos square reciprocal logical_not squeeze flatten chunk tril triu "
    "amax amin argmax argmin prod logsumexp cumsum max min softmax log_softmax "
    "sign sgn floor ceil round trunc fix frac lerp addcmul addcdiv sort argsort topk msort"
)
# for a non-tensor input torch lists all its overloads of these: not reproduced, left unchecked
_UNCHECKED = "clamp clip clamp_min clamp_max eq ne lt le gt ge any all narrow var std"
_BINARY = "maximum minimum logical_and logical_or logical_xor"
for _name in _FORWARDED.split():
    globals()[_name] = _method(_name)
for _name in _UNCHECKED.split():
    globals()[_name] = _method(_name, checked=False)
for _name in _BINARY.split():
    globals()[_name] = _binary(_name)
del _name


def split(tensor, split_size_or_sections, dim=0):
    """torch's signature: torch.split is Python that calls the method."""
    return tensor.split(split_size_or_sections, dim)


def unsafe_chunk(input, chunks, dim=0):
    return input.unsafe_chunk(chunks, dim)


def unsafe_split(input, split_size, dim=0):
    return input.unsafe_split(split_size, dim)


def norm(input, *args, **kwargs):
    if not isinstance(input, Tensor):
        _no_attribute(input, "layout")  # torch.norm is Python: input.layout is its first use
    return input.norm(*args, **kwargs)

from . import _indexing_ops
from ._composite_shapes import (
    atleast_1d,
    atleast_2d,
    atleast_3d,
    broadcast_shapes,
    broadcast_tensors,
    column_stack,
    diff,
    dstack,
    hstack,
    meshgrid,
    swapaxes,
    swapdims,
    take_along_dim,
    tensor_split,
    tile,
    vstack,
)
from ._einsum import einsum
from ._products import baddbmm

Tensor.tensor_split = tensor_split
Tensor.tile = tile
Tensor.swapaxes = swapaxes
Tensor.swapdims = swapdims
Tensor.diff = diff
Tensor.take_along_dim = take_along_dim
Tensor.baddbmm = baddbmm
from . import _more_ops, linalg  # linalg is torch.linalg

for _name in _more_ops.NAMES:
    globals()[_name] = getattr(_more_ops, _name)
for _name in _more_ops.METHODS:
    setattr(Tensor, _name, getattr(_more_ops, _name))
globals().update(_more_ops.FUNCTIONS)
for _name, _function in _more_ops.METHOD_FUNCTIONS.items():
    setattr(Tensor, _name, _function)
from . import _gamma, _more_functions

# modules listing their torch functions in NAMES and Tensor methods in METHODS
for _module in (_more_functions, _gamma):
    for _name in _module.NAMES:
        globals()[_name] = getattr(_module, _name)
    for _name in _module.METHODS:
        setattr(Tensor, _name, getattr(_module, _name))
globals().update(linalg.FUNCTIONS)
Tensor.norm = linalg.with_nuclear_norm(Tensor.norm)
for _name, _function in linalg.FUNCTIONS.items():
    setattr(Tensor, _name, _function)
for _name, _function in linalg.METHODS.items():
    setattr(Tensor, _name, _function)
from . import _numeric_functions

for _name in _numeric_functions.NAMES:
    globals()[_name] = getattr(_numeric_functions, _name)
for _name in _numeric_functions.METHODS:
    setattr(Tensor, _name, getattr(_numeric_functions, _name))
for _name, _function in _numeric_functions.METHOD_FUNCTIONS.items():
    setattr(Tensor, _name, _function)


def _tensor_argument(method, other):
    if not isinstance(other, Tensor):
        raise TypeError(
            f"{method}(): argument 'other' (position 1) must be Tensor, not "
            f"{type(other).__name__}"
        )
    return other


Tensor.type_as = lambda self, other: self.to(_tensor_argument("type_as", other).dtype)
Tensor.reshape_as = lambda self, other: self.reshape(_tensor_argument("reshape_as", other).shape)
_indexing_ops.install()
for _name in ("cumprod", "index_add", "index_copy", "index_fill", "masked_select",
              "repeat_interleave", "roll", "scatter", "scatter_add", "take"):
    globals()[_name] = getattr(_indexing_ops, _name)
def diagonal(input, offset=0, dim1=0, dim2=1):
    if not isinstance(input, Tensor):
        _bad_call("diagonal", input)
    return input.diagonal(offset, dim1, dim2)


def diag(input, diagonal=0):
    if not isinstance(input, Tensor):
        _bad_call("diag", input)
    return input.diag(diagonal)


def diag_embed(input, offset=0, dim1=-2, dim2=-1):
    if not isinstance(input, Tensor):
        _bad_call("diag_embed", input)
    return input.diag_embed(offset, dim1, dim2)


def trace(input):
    if not isinstance(input, Tensor):
        _bad_call("trace", input)
    return input.trace()


def unbind(input, dim=0):
    return input.unbind(dim)


where = _core.where
cat = _core.cat
concat = concatenate = _core.cat
stack = _core.stack


def flip(input, dims=_REQUIRED):
    if not isinstance(input, Tensor) or dims is _REQUIRED:
        _bad_call("flip", input, dims=dims)
    return input.flip(dims)


def _expand_as(self, other):
    return self.expand(other.shape)


def _view_as(self, other):
    return self.view(other.shape)


class _ValuesIndices(tuple):
    """What ``max(dim)``/``min(dim)`` return: ``(values, indices)`` with names."""

    __slots__ = ()
    values = property(lambda self: self[0])
    indices = property(lambda self: self[1])

    def __repr__(self):
        return f"torch.return_types.{self._name}(\nvalues={self[0]!r},\nindices={self[1]!r})"


class _MaxResult(_ValuesIndices):
    __slots__ = ()
    _name = "max"


class _MinResult(_ValuesIndices):
    __slots__ = ()
    _name = "min"


class _SortResult(_ValuesIndices):
    __slots__ = ()
    _name = "sort"


class _TopkResult(_ValuesIndices):
    __slots__ = ()
    _name = "topk"


def _sort(self, dim=-1, descending=False, *, stable=False):
    return _SortResult(self._sort(dim, descending, stable))


def _argsort(self, dim=-1, descending=False, *, stable=False):
    return self._sort(dim, descending, stable)[1]


def _topk(self, k, dim=-1, largest=True, sorted=True):
    return _TopkResult(self._topk(k, dim, largest, sorted))


def _msort(self):
    return self._sort(0, False, False)[0]


Tensor.sort = _sort
Tensor.argsort = _argsort
Tensor.topk = _topk
Tensor.msort = _msort


def _extreme_method(is_max):
    result_type = _MaxResult if is_max else _MinResult

    def method(self, dim=None, keepdim=False):
        if isinstance(dim, Tensor):  # torch.max(a, b) is maximum
            return self.maximum(dim) if is_max else self.minimum(dim)
        out = self._extreme(dim, keepdim, is_max)
        return out if dim is None else result_type(out)

    method.__name__ = "max" if is_max else "min"
    return method


def _softmax_method(log):
    def method(self, dim, dtype=None):
        return (nn.functional.log_softmax if log else nn.functional.softmax)(
            self, dim, dtype=dtype
        )

    method.__name__ = "log_softmax" if log else "softmax"
    return method


for _name in ["exp", "log", "sigmoid", "tanh", "relu", "sqrt", "neg", "abs", "pow", "clamp", "clip", "sin", "cos", "reciprocal", "sign", "sgn", "floor", "ceil", "round", "trunc", "fix", "frac", "addcmul", "addcdiv"]:
    setattr(Tensor, _name + "_", _inplace_method(_name))
del _name

_div_true = Tensor.div


def _div(self, other, *, rounding_mode=None):
    if rounding_mode is None:
        return _div_true(self, other)
    return self._div_rounded(other, rounding_mode=rounding_mode)


Tensor.div = _div
Tensor.divide = _div
def _sum_to_size(self, *size):
    """The sum over the dims in which ``size`` is broadcast to this shape."""
    if not size:
        raise TypeError('sum_to_size() missing 1 required positional arguments: "size"')
    size = _shape_of(size)
    shape = tuple(self.shape)
    lead = len(shape) - len(size)
    if lead < 0 or _builtins.any(s not in (1, t) for s, t in zip(size, shape[lead:])):
        raise RuntimeError(f"size {{{list(size)}}} is not expandable to size {{{list(shape)}}}.")
    # one sum over every reduced dim, as torch's sum_to (two sums round twice)
    dims = tuple(range(lead)) + tuple(
        lead + i for i, (s, t) in enumerate(zip(size, shape[lead:])) if s == 1 and t != 1
    )
    out = self.sum(dims, keepdim=True) if dims else self
    return out.view(size) if lead else out


Tensor.sum_to_size = _sum_to_size


def _fill_in_memory_order(target, draw):
    """Copies ``draw(shape)`` (values in drawing order) into ``target`` so
    that they land in its memory order, as torch's element-by-element
    kernels visit a strided tensor (a transposed one gets them by columns)."""
    dims = _builtins.range(target.dim())
    order = _builtins.sorted(dims, key=lambda d: -target.stride(d) if target.size(d) > 1 else 0)
    if order != _builtins.list(dims):
        drawn = draw([target.size(d) for d in order])
        inverse = [order.index(d) for d in range(target.dim())]
        drawn = drawn.permute(inverse)
    else:
        drawn = draw(list(target.shape))
    with no_grad():
        return target.copy_(drawn)


def _bernoulli_(self, p=0.5, *, generator=None):
    """Fills with ones drawn with probability ``p`` (a number) and zeros."""
    if isinstance(p, Tensor):
        raise NotImplementedError("ferrograd's bernoulli_ takes a number p, not a tensor")
    engine = _engine(generator)
    return _fill_in_memory_order(
        self, lambda shape: _core._bernoulli(shape, _builtins.float(p), self.dtype, engine)
    )


Tensor.bernoulli_ = _bernoulli_


class _ZeroGradient:
    """The handler of BernoulliBackward0: a draw passes back no gradient."""

    def __init__(self, shape, dtype):
        self.shape, self.dtype = shape, dtype

    def backward(self, grads, needs):
        return [zeros(self.shape, dtype=self.dtype)]

    def release(self):
        pass


def bernoulli(input, p=None, *, generator=None, out=None):
    """Ones where a uniform draw falls below each probability of ``input``
    (or below the number ``p``), zeros elsewhere. torch draws one uniform per
    element, in double for double probabilities, and so does this."""
    if not isinstance(input, Tensor):
        _not_tensor("bernoulli", input)
    if p is not None:
        result = zeros(list(input.shape), dtype=input.dtype).bernoulli_(p, generator=generator)
    else:
        from ._checks import SCALAR_TYPE_NAMES

        if not input.dtype.is_floating_point:
            name = SCALAR_TYPE_NAMES.get(input.dtype, str(input.dtype))
            raise NotImplementedError(
                f'"bernoulli_tensor_cpu_p_" not implemented for \'{name}\''
            )
        probs = input.detach()
        if not _builtins.bool(((probs >= 0) & (probs <= 1)).all()):
            raise RuntimeError(
                "Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error "
                "message be improved?  If so, please report an enhancement request to PyTorch.)"
            )
        wide = input.dtype == float64
        u = rand(list(input.shape), dtype=float64 if wide else float32, generator=generator)
        result = (u < (probs if wide else probs.float())).to(input.dtype)
        if is_grad_enabled() and input.requires_grad:
            handler = _ZeroGradient(list(input.shape), input.dtype)
            _core._record_function("BernoulliBackward0", [input], [result], handler)
    return result if out is None else _stored("bernoulli", result, out, (input,))


Tensor.bernoulli = lambda self, p=None, *, generator=None: bernoulli(self, p, generator=generator)


def _exponential_(self, lambd=1.0, *, generator=None):
    """Fills with draws from the exponential distribution of rate ``lambd``."""
    lambd = _builtins.float(lambd)
    if not self.dtype.is_floating_point:
        raise RuntimeError(
            "Exponential distribution is a continuous probability distribution. dtype must be "
            f"a floating point but you specified {_SCALAR_TYPE_NAMES.get(self.dtype, self.dtype)}"
        )
    if not lambd > 0.0:
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={lambd:g}")
    engine = _engine(generator)
    return _fill_in_memory_order(
        self, lambda shape: _core._exponential(shape, lambd, self.dtype, engine)
    )


Tensor.exponential_ = _exponential_


def multinomial(input, num_samples, replacement=False, *, generator=None, out=None):
    """``num_samples`` category indices per row of ``input`` (unnormalized
    probabilities), drawn as torch's CPU kernels draw them: one sample, or
    any without replacement, by the largest ``p / q`` with ``q`` exponential
    draws; several with replacement through the running sums."""
    if input.dim() not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    if not input.dtype.is_floating_point:
        raise RuntimeError(
            "multinomial only supports floating-point dtypes for input, got: "
            f"{_SCALAR_TYPE_NAMES.get(input.dtype, input.dtype)}"
        )
    num_samples = _builtins.int(num_samples)
    if num_samples <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    if not replacement and num_samples > input.shape[-1]:
        raise RuntimeError(
            "cannot sample n_sample > prob_dist.size(-1) samples without replacement"
        )
    with no_grad():
        probs = input.detach()
        rows = probs if probs.dim() == 2 else probs.unsqueeze(0)
        if not replacement or num_samples == 1:
            if not (rows.numel() == 0 or (rows.max() < inf).item() and (rows.min() >= 0).item()):
                raise RuntimeError(
                    "probability tensor contains either `inf`, `nan` or element < 0"
                )
            if (rows.sum(1) == 0).any().item():
                raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
            q = _core._exponential(list(rows.shape), 1.0, rows.dtype, _engine(generator))
            ratio = rows / q
            if num_samples == 1:
                picks = ratio.argmax(-1, keepdim=True)
            else:
                picks = ratio.topk(num_samples).indices
        else:
            if (rows < 0).any().item():
                raise RuntimeError(
                    "invalid multinomial distribution (encountering probability entry < 0)"
                )
            if not _builtins.bool(rows.isfinite().all().item()):
                raise RuntimeError(
                    "invalid multinomial distribution (encountering probability entry = "
                    "infinity or NaN)"
                )
            if (rows.sum(1) <= 0).any().item():
                raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
            picks = _core._multinomial_with_replacement(
                rows.contiguous(), num_samples, _engine(generator)
            )
    result = picks if probs.dim() == 2 else picks.squeeze(0)
    if out is not None:
        with no_grad():
            out.resize_(result.shape).copy_(result)
        return out
    return result


Tensor.multinomial = multinomial
Tensor.floor_divide = Tensor.__floordiv__
Tensor.remainder = Tensor.__mod__


def div(input, other, *, rounding_mode=None, out=None):
    result = _div_value(input, other, rounding_mode=rounding_mode)
    return result if out is None else _stored("div", result, out, (input, other))


def _div_value(input, other, *, rounding_mode=None):
    if not isinstance(input, Tensor):
        if type(input) not in _SCALARS:  # torch takes a number there too
            input = _number("div", input)
        if isinstance(other, Tensor) and rounding_mode is None:
            return input / other  # the number stays a scalar
        input = tensor(input)
    try:
        return _div(input, other, rounding_mode=rounding_mode)
    except TypeError:
        if rounding_mode is None:  # with one, torch lists all its overloads instead
            _check_other("div", other)
        raise


divide = div


def floor_divide(input, other):
    return input // other


def remainder(input, other):
    return input % other if isinstance(input, Tensor) else other.__rmod__(input)


def gather(input, dim=_REQUIRED, index=_REQUIRED):
    if not isinstance(input, Tensor) or dim is _REQUIRED or not isinstance(index, Tensor):
        _bad_call("gather", input, dim=dim, index=index)
        _not_tensor("gather", index, "index", 3)
    return input.gather(dim, index)


def index_select(input, dim=_REQUIRED, index=_REQUIRED):
    if not isinstance(input, Tensor) or dim is _REQUIRED or not isinstance(index, Tensor):
        _bad_call("index_select", input, dim=dim, index=index)
        _not_tensor("index_select", index, "index", 3)
    return input.index_select(dim, index)


def masked_fill(input, mask, value):
    return input.masked_fill(mask, value)


def nonzero(input):
    if not isinstance(input, Tensor):
        _not_tensor("nonzero", input)
    return input.nonzero()


def _uniform_(self, a=0.0, b=1.0, *, generator=None):
    _core.fill_random(self, "uniform", _builtin_float(a), _builtin_float(b), _engine(generator))
    return self


def _normal_(self, mean=0.0, std=1.0, *, generator=None):
    _core.fill_random(
        self, "normal", _builtin_float(mean), _builtin_float(std), _engine(generator)
    )
    return self


def _log_normal_(self, mean=1.0, std=2.0, *, generator=None):
    """Fills with exp(N(mean, std²)) draws, each from torch's serial normal
    sampler in double, whatever the size."""
    mean, std = _builtin_float(mean), _builtin_float(std)
    # a leaf requiring grad is refused first, by the fill itself
    if not (is_grad_enabled() and self.is_leaf and self.requires_grad):
        if not std > 0.0:
            raise RuntimeError(f"log_normal_ expects std > 0.0, but found std={std:g}")
        if not self.dtype.is_floating_point:
            raise NotImplementedError(
                f"\"log_normal_cpu\" not implemented for '{_SCALAR_TYPE_NAMES[self.dtype]}'"
            )
    _core.fill_random(self, "log_normal", mean, std, _engine(generator))
    return self


def _random_(self, *args, generator=None, **kwargs):
    """``random_()``, ``random_(to)`` or ``random_(from, to)`` (``to=None``: up to the
    dtype's largest integer)."""
    named = [(k, kwargs.pop(k)) for k in ("from", "to") if k in kwargs]
    bound = list(args) + [v for _, v in named]
    last_may_be_none = len(bound) == 2
    if len(args) > 2:
        raise TypeError(f"random_() takes 2 positional arguments but {len(args)} were given")
    if kwargs or len(bound) > 2 or not _builtins.all(
        _is_c_int(b) or (b is None and last_may_be_none and i == 1) for i, b in enumerate(bound)
    ):
        got = [_c_type_name(a) for a in args]
        got += [f"{k}={_c_type_name(v)}" for k, v in [*named, *kwargs.items()]]
        listed = ", ".join(got) + (", " if named and not args else "")
        raise TypeError(
            f"random_() received an invalid combination of arguments - got ({listed}), "
            "but expected one of:"
        )
    if len(bound) == 1:
        bound = [0, bound[0]]
    if len(bound) == 2 and bound[1] is None:
        bound[1] = _dtype_top(self.dtype) + 1
    elif bound:
        bound[1] = _builtins.int(bound[1])
        if not -(1 << 63) <= bound[1] < (1 << 63):
            raise ValueError("Overflow when unpacking long long")
    if bound and not -(1 << 63) <= _builtins.int(bound[0]) < (1 << 63):
        raise ValueError("Overflow when unpacking long long")
    bounds = None if not bound else (_builtins.int(bound[0]), bound[1])
    _core.fill_random_int(self, bounds, _engine(generator))
    return self


def _dtype_top(dt):
    """The largest integer ``random_(from, None)`` may draw for ``dt``."""
    tops = {int64: (1 << 63) - 1, int32: (1 << 31) - 1, uint8: 255, bool: 1,
            float64: 1 << 53, float32: 1 << 24, float16: 1 << 11, bfloat16: 1 << 8}
    return tops.get(dt, (1 << 63) - 1)


Tensor.random_ = _random_
Tensor.log_normal_ = _log_normal_
Tensor.uniform_ = _uniform_
Tensor.normal_ = _normal_
Tensor.softmax = _softmax_method(False)
Tensor.log_softmax = _softmax_method(True)
Tensor.max = _extreme_method(True)
Tensor.min = _extreme_method(False)
Tensor.expand_as = _expand_as
Tensor.view_as = _view_as


# ---- the Tensor methods that are easier in Python ----


def _tensor_format(self, spec):
    from . import _printing

    return _printing.tensor_format(self, spec)


def _tensor_array(self, dtype=None, copy=None):
    arr = self.detach().numpy()
    return arr if dtype is None else arr.astype(dtype)


def _tensor_device(self):
    return _CPU




def _as_method(native, arg):
    """A native ``f(tensor, other)`` as a Tensor method (``arg``: torch's name for
    ``other``, which is then argument 1)."""

    def method(self, other):
        if not isinstance(other, Tensor):
            _not_tensor(native.__name__, other, arg, 1)
        return native(self, other)

    method.__name__ = native.__name__
    return method


for _f, _arg in ((_core.bmm, "mat2"), (_core.dot, "tensor"), (_core.mv, "vec"), (_core.outer, "vec2")):
    setattr(Tensor, _f.__name__, _as_method(_f, _arg))
del _f, _arg

Tensor.__format__ = _tensor_format
Tensor.__array__ = _tensor_array
Tensor.__str__ = Tensor.__repr__
Tensor.device = property(_tensor_device)
Tensor.is_cuda = False
_native_to = Tensor.to


def _tensor_to(self, *args, **kwargs):
    for a in (*args, kwargs.get("device")):
        if isinstance(a, (str, device)):
            _check_device(a)
    return _native_to(self, *args, **kwargs)


def _tensor_cpu(self, memory_format=None):
    return self


def _tensor_cuda(self, device=None, non_blocking=False, memory_format=None):
    _check_device("cuda" if device is None else device)


def _tensor_iter(self):
    if self.dim() == 0:
        raise TypeError("iteration over a 0-d tensor")
    return iter(self.unbind(0))


# ---- closeness (results are bool and record nothing) ----

def isnan(input):
    if not isinstance(input, Tensor):
        _not_tensor("isnan", input)
    return input != input  # noqa: PLR0124 - NaN is the one value unequal to itself


def isinf(input):
    if not isinstance(input, Tensor):
        _not_tensor("isinf", input)
    if not (input.dtype.is_floating_point or input.dtype.is_complex):
        return zeros_like(input, dtype=bool)
    with no_grad():
        return input.abs() == _builtin_float("inf")


def isfinite(input):
    if not isinstance(input, Tensor):
        _not_tensor("isfinite", input)
    if not (input.dtype.is_floating_point or input.dtype.is_complex):
        return ones_like(input, dtype=bool)
    with no_grad():
        return (input - input) == 0  # inf - inf and nan - nan are nan


def _number_text(v):
    """A tolerance as torch prints it in its messages (-1, not -1.0)."""
    v = _builtin_float(v)
    return str(_builtins.int(v)) if v.is_integer() else str(v)


def isclose(input, other=_REQUIRED, rtol=1e-05, atol=1e-08, equal_nan=False):
    """|input - other| <= atol + rtol * |other| elementwise; equal infinities are close."""
    if not isinstance(input, Tensor) or not isinstance(other, Tensor):
        _bad_call("isclose", input, other=other)
        _not_tensor("isclose", other, "other", 2)
    if input.dtype != other.dtype:
        raise RuntimeError(
            f"{_SCALAR_TYPE_NAMES[input.dtype]} did not match {_SCALAR_TYPE_NAMES[other.dtype]}"
        )
    for name, v in (("rtol", rtol), ("atol", atol)):
        if v < 0:
            raise RuntimeError(
                f"{name} must be greater than or equal to zero, but got {_number_text(v)}"
            )
    with no_grad():
        close = input == other
        if equal_nan:
            close = close | (isnan(input) & isnan(other))
        gap = (input - other).abs()
        return close | (isfinite(gap) & (gap <= atol + rtol * other.abs()))


def allclose(input, other=_REQUIRED, rtol=1e-05, atol=1e-08, equal_nan=False):
    if not isinstance(input, Tensor) or not isinstance(other, Tensor):
        _bad_call("allclose", input, other=other)
        _not_tensor("allclose", other, "other", 2)
    return _builtin_bool(isclose(input, other, rtol, atol, equal_nan).all())


def equal(input, other=_REQUIRED):
    """Same shape and the same values (NaN equals nothing)."""
    if not isinstance(input, Tensor) or not isinstance(other, Tensor):
        _bad_call("equal", input, other=other)
        _not_tensor("equal", other, "other", 2)
    return input.shape == other.shape and _builtin_bool((input == other).all())


for _f in (isnan, isinf, isfinite, isclose, allclose, equal):
    setattr(Tensor, _f.__name__, _f)
del _f


def _tensor_new_full(self, size, fill_value, *, dtype=None, device=None, requires_grad=False):
    _check_device(device)
    return _core.full(
        _shape_of((size,)), _builtin_float(fill_value), dtype or self.dtype, requires_grad
    )


def _tensor_new_zeros(self, *size, dtype=None, device=None, requires_grad=False):
    return _tensor_new_full(self, _shape_of(size), 0, dtype=dtype, device=device,
                            requires_grad=requires_grad)


def _tensor_new_ones(self, *size, dtype=None, device=None, requires_grad=False):
    return _tensor_new_full(self, _shape_of(size), 1, dtype=dtype, device=device,
                            requires_grad=requires_grad)


def _tensor_new_tensor(self, data, *, dtype=None, device=None, requires_grad=False):
    return tensor(data, dtype=dtype or self.dtype, device=device, requires_grad=requires_grad)


Tensor.new_full = _tensor_new_full
Tensor.new_zeros = _tensor_new_zeros
# contents of an "empty" tensor are unspecified: zeros are as good as any
Tensor.new_empty = _tensor_new_zeros
Tensor.new_ones = _tensor_new_ones
Tensor.new_tensor = _tensor_new_tensor
Tensor.__iter__ = _tensor_iter
Tensor.to = _tensor_to
Tensor.cpu = _tensor_cpu
Tensor.cuda = _tensor_cuda
Tensor.ndimension = Tensor.dim
Tensor.nelement = Tensor.numel
Tensor.__hash__ = object.__hash__
# PyO3 qualifies the type's C name with its module, and Python's own messages
# ("unsupported operand type(s) for +: 'Tensor' and 'str'") print that name;
# torch's is plain. Setting __name__ resets the C name; __module__ stays.
Tensor.__name__ = "Tensor"

from . import accelerator, autograd, backends, cuda, nn, random, serialization, testing
from .serialization import load, save

serialization.install()

# tan ... heaviside: torch-level functions, and methods on Tensor
from . import _math, special  # noqa: F401 - special is torch.special

_math.install(globals())

# bit shifts: torch.bitwise_left_shift / bitwise_right_shift, methods and << >> operators
from . import _shift

_shift.install(globals())

# as_strided: views with any sizes, strides and storage offset
from . import _as_strided

_as_strided.install(globals())


# ---- activations: the torch-level names torch has for nn.functional's ----


def selu(input):
    return nn.functional.selu(input)


def selu_(input):
    return nn.functional.selu(input, True)


def celu(input, alpha=1.0):
    return nn.functional.celu(input, alpha)


def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, generator=None):
    if not isinstance(input, Tensor):
        _not_tensor("rrelu", input)
    return nn.functional._rrelu(input, lower, upper, training, generator, False)


def rrelu_(input, lower=1.0 / 8, upper=1.0 / 3, training=False, generator=None):
    if not isinstance(input, Tensor):
        _not_tensor("rrelu_", input)
    return nn.functional._rrelu(input, lower, upper, training, generator, True)


def celu_(input, alpha=1.0):
    return nn.functional.celu(input, alpha, True)


def threshold(input, threshold, value):
    return nn.functional._threshold(input, threshold, value)


def threshold_(input, threshold, value):
    return nn.functional._threshold(input, threshold, value, True)


def prelu(input, weight=_REQUIRED):
    if weight is _REQUIRED:
        _missing("prelu", "weight")
    return nn.functional.prelu(input, weight)


def _prelu_method(self, weight=_REQUIRED):
    if weight is _REQUIRED:
        _missing("prelu", "weight")
    if not isinstance(weight, Tensor):  # the method counts from self
        _not_tensor("prelu", weight, "weight", 1)
    return _core.prelu(self, weight)


def relu_(input):
    if not isinstance(input, Tensor):
        _not_tensor("relu_", input)
    return input.relu_()


Tensor.prelu = _prelu_method

# ---- end of activations ----


def typename(obj):
    """A tensor's type string (``torch.FloatTensor``), else the dotted class name."""
    return nn.modules._typename(obj)

__all__ = [
    "Size",
    "Tensor",
    "accelerator",
    "arange",
    "as_strided",
    "atleast_1d",
    "atleast_2d",
    "atleast_3d",
    "autograd",
    "backends",
    "bernoulli",
    "bitwise_left_shift",
    "bitwise_right_shift",
    "broadcast_shapes",
    "broadcast_tensors",
    "column_stack",
    "cuda",
    "device",
    "diff",
    "dstack",
    "dtype",
    "einsum",
    "enable_grad",
    "eye",
    "finfo",
    "full",
    "get_num_threads",
    "hstack",
    "iinfo",
    "inference_mode",
    "is_grad_enabled",
    "is_inference_mode_enabled",
    "linspace",
    "live_nodes",
    "load",
    "manual_seed",
    "matmul",
    "meshgrid",
    "nn",
    "no_grad",
    "ones",
    "optim",
    "rand",
    "randn",
    "random",
    "save",
    "serialization",
    "set_grad_enabled",
    "set_num_threads",
    "swapaxes",
    "swapdims",
    "take_along_dim",
    "tensor",
    "tensor_split",
    "testing",
    "tile",
    "typename",
    "utils",
    "vstack",
    "zeros",
]


def _index_sequence(k):
    """A list, range or numpy array in an index as the tensor torch makes of
    it; anything else unchanged."""
    if isinstance(k, list):
        return tensor(k)
    if isinstance(k, range):
        return tensor(list(k), dtype=int64)
    np = _sys.modules.get("numpy")
    if np is not None and isinstance(k, np.ndarray):
        return tensor(k)
    return k


def _is_bool_scalar(k):
    return isinstance(k, _builtins.bool) or (
        isinstance(k, Tensor) and k.dtype == bool and k.dim() == 0
    )


def _parse_index(t, key):
    """The full index parser, for keys the native basic-key parser leaves here
    (src/python/index.rs mirrors it for ints, slices, None and Ellipsis). Splits a key into basic items (ints, slices, None, Ellipsis) and, per
    remaining dim, an int64 index tensor or None (advanced indexing)."""
    if not isinstance(key, tuple):
        key = (key,)
    key = tuple(_index_sequence(k) for k in key)
    if _builtins.any(isinstance(k, Tensor) and k.dtype == uint8 for k in key):
        import warnings

        warnings.warn(
            "indexing with dtype torch.uint8 is now deprecated, please use a dtype torch.bool "
            "instead.",
            UserWarning,
            stacklevel=3,
        )
        key = tuple(k.bool() if isinstance(k, Tensor) and k.dtype == uint8 else k for k in key)
    for k in key:
        ok = k is None or k is Ellipsis or isinstance(k, (_builtins.int, slice, Tensor))
        if isinstance(k, str):
            raise TypeError(f"new(): invalid data type '{type(k).__name__}'")
        if not ok and not isinstance(k, _builtins.bool):
            raise IndexError(
                "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables "
                f"are valid indices (got {type(k).__name__})"
            )
    consumed = 0
    for k in key:
        if _is_bool_scalar(k):
            continue  # a new dim, as None, which it then masks
        if isinstance(k, Tensor) and k.dtype == bool:
            consumed += k.dim()
        elif k is not None and k is not Ellipsis:
            consumed += 1
    if key.count(Ellipsis) > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    items, advanced, dim = [], [], 0
    shape = t.shape
    if consumed > len(shape):
        raise IndexError(f"too many indices for tensor of dimension {len(shape)}")
    # the shape torch's messages show: the tensor as the items so far left it
    shown, at = list(shape), 0
    for k in key:
        if k is Ellipsis:
            skip = len(shape) - consumed
            items.extend(("s", 0, shape[dim + j], 1) for j in range(skip))
            advanced.extend([None] * skip)
            dim += skip
            at += skip
        elif k is None:
            items.append(("n",))
            advanced.append(None)
            shown.insert(at, 1)
            at += 1
        elif _is_bool_scalar(k):
            # torch: a new dim of size 1, kept (True) or emptied (False) by a mask
            items.append(("n",))
            advanced.append(tensor([0] if _builtins.bool(k) else [], dtype=int64))
            shown.insert(at, 1)
            at += 1
        elif isinstance(k, Tensor):
            at += _builtins.max(k.dim(), 1) if k.dtype == bool else 1
            if k.dtype == bool:
                for j, n in enumerate(k.shape):
                    if dim + j >= len(shape) or n != shape[dim + j]:
                        raise IndexError(
                            f"The shape of the mask {list(k.shape)} at index {j} does not match "
                            f"the shape of the indexed tensor {shown} at index "
                            f"{at - k.dim() + j}"
                        )
                rows = k.nonzero()
                for j in range(_builtins.max(k.dim(), 1)):
                    items.append(("s", 0, shape[dim], 1))
                    advanced.append(rows[:, j] if k.dim() else rows[:, 0])
                    dim += 1
            else:
                if k.dtype not in (int64, int32):
                    raise IndexError(
                        "tensors used as indices must be long, int, byte or bool tensors"
                    )
                items.append(("s", 0, shape[dim], 1))
                advanced.append(k)
                dim += 1
        elif isinstance(k, _builtins.int):
            items.append(("i", k))
            dim += 1
            shown.pop(at)
        else:
            if k.step is not None and k.step <= 0:
                raise ValueError("step must be greater than zero")
            start, stop, step = k.indices(shape[dim])
            length = _builtins.max(0, (stop - start + step - 1) // step)
            items.append(("s", start, length, step))
            advanced.append(None)
            dim += 1
            shown[at] = length
            at += 1
    if _builtins.any(a is not None for a in advanced):
        return items, advanced
    return items, None


def _tensor_getitem(self, key):
    items, advanced = _parse_index(self, key)
    if advanced is None:
        if isinstance(key, slice):
            # a lone slice is recorded as one (SliceBackward0) even when whole
            return self._index(items)
        if _is_whole(items, self.shape):
            return self._alias()
        return self._index(_trim_full_slices(items, self.shape))
    basic = self if _is_whole(items, self.shape) else self._index(items)
    return basic._index_tensors(advanced)


def _is_whole(items, shape):
    """True when the items select every element, unchanged (``t[...]``, ``t[:]``)."""
    return len(items) <= len(shape) and _builtins.all(
        i[0] == "s" and i[1] == 0 and i[3] == 1 and i[2] == d for i, d in zip(items, shape)
    )


def _trim_full_slices(items, shape):
    """Drops trailing whole-dim slices: torch records nothing for them."""
    items = list(items)
    while items and items[-1][0] == "s" and items[-1][1] == 0 and items[-1][3] == 1:
        pos = len([i for i in items[:-1] if i[0] != "n"])
        if items[-1][2] != shape[pos]:
            break
        items.pop()
    return items


def _tensor_setitem(self, key, value):
    items, advanced = _parse_index(self, key)
    if advanced is not None:
        _index_put_advanced(self, key, value)
        return
    self._index_put(items, value)


def _index_put_advanced(self, key, value, accumulate=False, in_place=True):
    """``self[key] = value`` for keys with index tensors, lists or masks, as
    torch's ``index_put_``: values broadcast to the indexed shape, the last
    of repeated positions wins (or, ``accumulate``, all add up). Ints and
    slices in the key select a view first, as in torch, so that write is
    recorded as CopySlices; a key of index tensors alone records
    IndexPutBackward0."""
    items, advanced = _parse_index(self, key)
    # the view keeps its history: the old values it does not overwrite pass
    # their gradient back through it
    target = self if _is_whole(items, self.shape) else self._index(items)
    with no_grad():
        # each indexed element's position in the target, through the read path
        positions = arange(target.numel()).reshape(target.shape)._index_tensors(advanced)
    if isinstance(value, Tensor):
        if value.dtype != self.dtype:
            names = _SCALAR_TYPE_NAMES
            raise RuntimeError(
                "Index put requires the source and destination dtypes match, got "
                f"{names.get(self.dtype, self.dtype)} for the destination and "
                f"{names.get(value.dtype, value.dtype)} for the source."
            )
        shape = tuple(positions.shape)
        lead = len(shape) - value.dim()
        if lead < 0 or _builtins.any(
            v not in (1, s) for v, s in zip(value.shape, shape[lead:])
        ):
            raise RuntimeError(
                f"shape mismatch: value tensor of shape {list(value.shape)} cannot be broadcast "
                f"to indexing result of shape {list(shape)}"
            )
    if in_place:
        target._index_put_positions_(positions, value, accumulate)
        return self
    return target._index_put_positions(positions, value, accumulate)


def _index_put_key(indices, name, position=1):
    """``index_put``'s indices as an indexing key (a tuple of tensors)."""
    if not isinstance(indices, (tuple, list)) or not _builtins.all(
        i is None or isinstance(i, Tensor) for i in indices
    ):
        raise TypeError(
            f"{name}(): argument 'indices' (position {position}) must be tuple of Tensors, "
            f"not {type(indices).__name__}"
        )
    return tuple(indices)


def _tensor_index_put_(self, indices, values, accumulate=False):
    key = _index_put_key(indices, "index_put_")
    return _index_put_advanced(self, key, values, accumulate)


def _tensor_index_put(self, indices, values, accumulate=False):
    key = _index_put_key(indices, "index_put")
    return _index_put_advanced(self, key, values, accumulate, in_place=False)


Tensor.index_put_ = _tensor_index_put_
Tensor.index_put = _tensor_index_put


def index_put(input, indices, values, accumulate=False):
    key = _index_put_key(indices, "index_put", position=2)
    return _index_put_advanced(input, key, values, accumulate, in_place=False)


# Tensor.__getitem__/__setitem__ (native) parse basic keys themselves and call
# _tensor_getitem/_tensor_setitem for every other key.

from . import _random_fills  # noqa: F401 - Tensor.cauchy_ and Tensor.geometric_
