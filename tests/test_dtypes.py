"""int32, uint8, float16, bfloat16, complex64/128: creation, printing,
casts, promotion, arithmetic, reductions, numpy and autograd. Every
expected value here was taken from torch 2.13."""

import math

import ferrograd as torch
import numpy as np
import pytest


def i32():
    return torch.tensor([1, 2, -3], dtype=torch.int32)


def u8():
    return torch.tensor([1, 255, 3], dtype=torch.uint8)


def f16():
    return torch.tensor([1.5, 2.0, 0.1], dtype=torch.float16)


def bf16():
    return torch.tensor([1.5, 0.1, 3.3], dtype=torch.bfloat16)


def c64():
    return torch.tensor([1 + 2j, -0.5j, 3])


# ---- dtype objects ----


def test_dtype_objects():
    assert (torch.int, torch.half, torch.cfloat, torch.cdouble) == (
        torch.int32,
        torch.float16,
        torch.complex64,
        torch.complex128,
    )
    assert repr(torch.bfloat16) == "torch.bfloat16"
    assert [d.itemsize for d in (torch.uint8, torch.int32, torch.float16, torch.complex64)] == [
        1,
        4,
        2,
        8,
    ]
    assert torch.float16.is_floating_point and torch.bfloat16.is_floating_point
    assert not torch.complex64.is_floating_point and torch.complex64.is_complex
    assert torch.bfloat16.is_signed and not torch.uint8.is_signed


# ---- creation and printing ----


@pytest.mark.parametrize(
    "make,text",
    [
        (lambda: torch.tensor([1, 2], dtype=torch.int32), "tensor([1, 2], dtype=torch.int32)"),
        (
            lambda: torch.tensor([1, 255], dtype=torch.uint8),
            "tensor([  1, 255], dtype=torch.uint8)",
        ),
        (
            lambda: torch.tensor([1.5, 2.0], dtype=torch.float16),
            "tensor([1.5000, 2.0000], dtype=torch.float16)",
        ),
        (
            lambda: torch.tensor([1.5, 0.1], dtype=torch.bfloat16),
            "tensor([1.5000, 0.1001], dtype=torch.bfloat16)",
        ),
        (lambda: torch.tensor([1 + 2j, -0.5j]), "tensor([1.+2.0000j, -0.-0.5000j])"),
        (lambda: torch.zeros(2, dtype=torch.int32), "tensor([0, 0], dtype=torch.int32)"),
        (lambda: torch.ones(2, dtype=torch.uint8), "tensor([1, 1], dtype=torch.uint8)"),
        (lambda: torch.full((2,), 7, dtype=torch.float16), "tensor([7., 7.], dtype=torch.float16)"),
        (lambda: torch.arange(3, dtype=torch.int32), "tensor([0, 1, 2], dtype=torch.int32)"),
        (
            lambda: torch.arange(0, 1, 0.25, dtype=torch.bfloat16),
            "tensor([0.0000, 0.2500, 0.5000, 0.7500], dtype=torch.bfloat16)",
        ),
        (lambda: torch.zeros(2, dtype=torch.complex64), "tensor([0.+0.j, 0.+0.j])"),
        (
            lambda: torch.tensor([1 + 1j], dtype=torch.complex128),
            "tensor([1.+1.j], dtype=torch.complex128)",
        ),
        (
            lambda: torch.tensor([70000.0], dtype=torch.float16),
            "tensor([inf], dtype=torch.float16)",
        ),
        (lambda: torch.tensor(3, dtype=torch.int32), "tensor(3, dtype=torch.int32)"),
        (
            lambda: torch.arange(250, 260, dtype=torch.uint8),
            "tensor([250, 251, 252, 253, 254, 255,   0,   1,   2,   3], dtype=torch.uint8)",
        ),
    ],
)
def test_creation_prints_like_torch(make, text):
    assert repr(make()) == text


def test_creation_range_checks():
    assert torch.tensor([-1, -129], dtype=torch.uint8).tolist() == [255, 127]
    assert torch.tensor([1.5, -2.7], dtype=torch.int32).tolist() == [1, -2]
    for value, dtype in [(256, torch.uint8), (-0.5, torch.uint8), (2**31, torch.int32)]:
        with pytest.raises(RuntimeError) as e:
            torch.tensor([value], dtype=dtype)
        name = str(dtype).split(".")[1]
        assert str(e.value) == f"value cannot be converted to type {name} without overflow"
    with pytest.raises(RuntimeError, match="value cannot be converted to type uint8_t"):
        torch.full((2,), 300, dtype=torch.uint8)
    assert torch.full((2,), -1, dtype=torch.uint8).tolist() == [255, 255]


def test_half_precision_rounding():
    assert f16().tolist() == [1.5, 2.0, 0.0999755859375]
    assert bf16().tolist() == [1.5, 0.10009765625, 3.296875]
    assert torch.tensor([1e-8], dtype=torch.float16).tolist() == [0.0]
    assert torch.tensor([70000], dtype=torch.bfloat16).tolist() == [70144.0]


# ---- values out ----


def test_tolist_and_item_types():
    assert i32().tolist() == [1, 2, -3] and u8().tolist() == [1, 255, 3]
    assert type(i32()[0].item()) is int and i32()[0].item() == 1
    assert f16()[2].item() == 0.0999755859375
    assert bf16()[1].item() == 0.10009765625
    assert c64().tolist() == [(1 + 2j), complex(-0.0, -0.5), (3 + 0j)]
    assert torch.tensor(1 + 1j).item() == 1 + 1j
    assert [1, 2, 3][torch.tensor(1, dtype=torch.int32)] == 2


def test_legacy_type_names():
    names = [t.type() for t in (i32(), u8(), f16(), bf16(), c64())]
    assert names == [
        "torch.IntTensor",
        "torch.ByteTensor",
        "torch.HalfTensor",
        "torch.BFloat16Tensor",
        "torch.ComplexFloatTensor",
    ]
    assert [t.element_size() for t in (i32(), u8(), f16(), c64())] == [4, 1, 2, 8]


# ---- casts ----


def test_casts_both_ways():
    assert i32().float().tolist() == [1.0, 2.0, -3.0]
    assert f16().int().tolist() == [1, 2, 0] and f16().int().dtype == torch.int32
    assert i32().half().dtype == torch.float16
    assert f16().bfloat16().tolist() == [1.5, 2.0, 0.10009765625]
    assert torch.tensor([1.0, 2.0, 3.0]).byte().dtype == torch.uint8
    assert torch.tensor([-1.5, 300.7]).byte().tolist() == [255, 44]
    assert torch.tensor([1.7, -1.7, 1e10, float("nan")]).to(torch.uint8).tolist() == [1, 255, 0, 0]
    big = torch.tensor([1.7, -1.7, 1e10, float("nan")]).to(torch.int32).tolist()
    assert big == [1, -1, -(2**31), -(2**31)]
    assert torch.tensor([2**31 + 5]).to(torch.int32).tolist() == [-2147483643]
    assert torch.tensor([300], dtype=torch.int32).to(torch.uint8).tolist() == [44]
    assert i32().type(torch.float16).dtype == torch.float16
    assert f16().half() is not None and f16().to(torch.float16).dtype == torch.float16


def test_complex_to_real_cast_warns():
    with pytest.warns(UserWarning, match="Casting complex values to real discards"):
        out = c64().float()
    assert out.tolist() == [1.0, -0.0, 3.0]
    assert c64().to(torch.complex128).dtype == torch.complex128


# ---- promotion and arithmetic ----


@pytest.mark.parametrize(
    "expr,values,dtype",
    [
        ("i32 + i64", [2, 4, 0], "int64"),
        ("i32 + i32", [2, 4, -6], "int32"),
        ("u8 + i32", [2, 257, 0], "int32"),
        ("u8 + u8", [2, 254, 6], "uint8"),
        ("u8 - 4", [253, 251, 255], "uint8"),
        ("u8 + 300", [45, 43, 47], "uint8"),
        ("u8 + True", [2, 0, 4], "uint8"),
        ("i32 + 2.5", [3.5, 4.5, -0.5], "float32"),
        ("i32 * 2", [2, 4, -6], "int32"),
        ("i32 / 2", [0.5, 1.0, -1.5], "float32"),
        ("i32 // 2", [0, 1, -2], "int32"),
        ("i32 + torch.tensor(5)", [6, 7, 2], "int32"),
        ("i32 + torch.tensor(2.5)", [3.5, 4.5, -0.5], "float32"),
        ("torch.tensor([1, 2], dtype=torch.int32) * 2**40", [0, 0], "int32"),
        ("-u8", [255, 1, 253], "uint8"),
        ("~u8", [254, 0, 252], "uint8"),
        ("u8 % 3", [1, 0, 0], "uint8"),
        ("i32 ** 2", [1, 4, 9], "int32"),
        ("i32.abs()", [1, 2, 3], "int32"),
        ("f16 + f32", [2.5, 4.0, 3.0999755859375], "float32"),
        ("f16 + 1", [2.5, 3.0, 1.099609375], "float16"),
        ("f16 * 2.5", [3.75, 5.0, 0.25], "float16"),
        ("f16 + i32", [2.5, 4.0, -2.900390625], "float16"),
        ("f16 + torch.tensor(5.0, dtype=torch.float64)", [6.5, 7.0, 5.1015625], "float16"),
        ("bf16 + f16", [3.0, 2.1000976562, 3.3968505859], "float32"),
        ("bf16 + bf16", [3.0, 0.2001953125, 6.59375], "bfloat16"),
        ("bf16 * 3", [4.5, 0.30078125, 9.875], "bfloat16"),
        ("f16.exp()", [4.48046875, 7.390625, 1.10546875], "float16"),
        ("i32.exp()", [2.7182817, 7.3890562, 0.04978707], "float32"),
        ("bf16.sqrt()", [1.2265625, 0.31640625, 1.8125], "bfloat16"),
    ],
)
def test_promotion_and_values(expr, values, dtype):
    env = {
        "torch": torch,
        "i32": i32(),
        "u8": u8(),
        "f16": f16(),
        "bf16": bf16(),
        "i64": torch.tensor([1, 2, 3]),
        "f32": torch.tensor([1.0, 2.0, 3.0]),
    }
    out = eval(expr, env)
    assert out.dtype == getattr(torch, dtype), expr
    for got, want in zip(out.tolist(), values):
        assert math.isclose(got, want, rel_tol=1e-6, abs_tol=1e-7), (expr, got, want)


@pytest.mark.parametrize(
    "expr,values",
    [
        ("i32 > 1", [False, True, False]),
        ("f16 < 1", [False, False, True]),
        ("u8 == 255", [False, True, False]),
        ("bf16 >= 1.5", [True, False, True]),
        ("i32 == torch.tensor([1, 2, 3])", [True, True, False]),
    ],
)
def test_comparisons(expr, values):
    out = eval(expr, {"torch": torch, "i32": i32(), "u8": u8(), "f16": f16(), "bf16": bf16()})
    assert out.dtype == torch.bool and out.tolist() == values


def test_in_place_keeps_dtype():
    t = u8()
    t += 1
    assert t.dtype == torch.uint8 and t.tolist() == [2, 0, 4]
    h = f16()
    h.mul_(3)
    assert h.dtype == torch.float16 and h.tolist() == [4.5, 6.0, 0.2998046875]
    t += torch.tensor([1, 1, 1], dtype=torch.int32)
    assert t.tolist() == [3, 1, 5]
    with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired output"):
        i32().add_(1.5)


# ---- reductions ----


@pytest.mark.parametrize(
    "expr,value,dtype",
    [
        ("i32.sum()", 0, "int64"),
        ("u8.sum()", 259, "int64"),
        ("u8.prod()", 765, "int64"),
        ("i32.sum(dtype=torch.int32)", 0, "int32"),
        ("f16.sum()", 3.599609375, "float16"),
        ("bf16.sum()", 4.90625, "bfloat16"),
        ("f16.mean()", 1.2001953125, "float16"),
        ("bf16.mean()", 1.6328125, "bfloat16"),
        ("i32.max()", 2, "int32"),
        ("i32.argmax()", 1, "int64"),
        ("f16.max()", 2.0, "float16"),
        ("u8.any()", 1, "uint8"),
        ("f16.all()", True, "bool"),
        ("torch.tensor([0.5, -0.25]).all()", True, "bool"),
    ],
)
def test_reductions(expr, value, dtype):
    out = eval(expr, {"torch": torch, "i32": i32(), "u8": u8(), "f16": f16(), "bf16": bf16()})
    assert out.dtype == getattr(torch, dtype) and out.item() == value


def test_reduction_dtypes_along_dims():
    values, indices = u8().max(0)
    assert (values.item(), values.dtype, indices.item(), indices.dtype) == (
        255,
        torch.uint8,
        1,
        torch.int64,
    )
    assert torch.tensor([3, 2], dtype=torch.int32).cumsum(0).dtype == torch.int64
    assert torch.tensor([1.0, 2.0], dtype=torch.float16).cumsum(0).dtype == torch.float16
    assert torch.tensor([1.0, 2.0], dtype=torch.float16).var().item() == 0.5


def test_mean_of_integers_refused():
    with pytest.raises(RuntimeError) as e:
        i32().mean()
    assert str(e.value) == (
        "mean(): could not infer output dtype. Input dtype must be either a floating point or "
        "complex dtype. Got: Int"
    )


def test_structural_ops_keep_dtype():
    a = torch.tensor([[1, 2]], dtype=torch.int32)
    assert (a @ torch.tensor([[1], [2]], dtype=torch.int32)).tolist() == [[5]]
    assert a.t().dtype == torch.int32 and a[0, 1].item() == 2
    half = torch.tensor([1.0, 2.0], dtype=torch.float16)
    assert half.softmax(0).tolist() == [0.76611328125 - 0.4970703125, 0.73095703125]
    cat = torch.cat([torch.tensor([1], dtype=torch.int32), torch.tensor([2], dtype=torch.uint8)])
    assert cat.dtype == torch.int32
    assert torch.cat([half, torch.tensor([2.0])]).dtype == torch.float32
    picked = torch.where(torch.tensor([True, False]), torch.tensor([1, 2], dtype=torch.int32), 5)
    assert picked.dtype == torch.int32 and picked.tolist() == [1, 5]
    assert half.clamp(0, 1.5).tolist() == [1.0, 1.5]
    arr = torch.arange(6.0).reshape(2, 3)
    index = torch.tensor([[0, 1]], dtype=torch.int32)
    assert arr.gather(1, index).tolist() == [[0.0, 1.0]]
    assert arr.index_select(1, index[0]).tolist() == [[0.0, 1.0], [3.0, 4.0]]


def test_matrix_products_need_one_dtype():
    with pytest.raises(RuntimeError) as e:
        torch.ones(2, 2, dtype=torch.float16) @ torch.ones(2, 2)
    assert str(e.value) == "expected m1 and m2 to have the same dtype, but got: c10::Half != float"


# ---- numpy ----


def test_numpy_interop():
    assert f16().numpy().dtype == np.float16 and i32().numpy().dtype == np.int32
    assert u8().numpy().tolist() == [1, 255, 3]
    assert c64().numpy().dtype == np.complex64
    with pytest.raises(TypeError, match="Got unsupported ScalarType BFloat16"):
        bf16().numpy()
    shared = np.array([1, 2], dtype=np.int32)
    t = torch.from_numpy(shared)
    shared[0] = 7
    assert t.dtype == torch.int32 and t.tolist() == [7, 2]
    assert torch.from_numpy(np.array([1, 2], dtype=np.uint8)).dtype == torch.uint8
    assert torch.from_numpy(np.array([1, 2], dtype=np.float16)).dtype == torch.float16
    assert torch.from_numpy(np.array([1 + 1j], dtype=np.complex64)).dtype == torch.complex64
    assert torch.tensor(np.array([1, 2], dtype=np.int32)).dtype == torch.int32
    assert torch.tensor(np.array([1, 2], dtype=np.float16)).dtype == torch.float16


# ---- complex ----


def test_complex_ops():
    c = c64()
    assert c.dtype == torch.complex64
    assert c.real.tolist() == [1.0, -0.0, 3.0] and c.imag.tolist() == [2.0, -0.5, 0.0]
    assert repr(c + c) == "tensor([2.+4.j, 0.-1.j, 6.+0.j])"
    assert repr(c * c) == "tensor([-3.0000+4.j, -0.2500+0.j,  9.0000+0.j])"
    assert repr(c - 1) == "tensor([ 0.+2.0000j, -1.-0.5000j,  2.+0.0000j])"
    assert repr(c / c) == "tensor([1.+0.j, 1.-0.j, 1.+0.j])"
    assert repr(c.abs()) == "tensor([2.2361, 0.5000, 3.0000])"
    assert repr(c.sum()) == "tensor(4.+1.5000j)"
    assert repr(c.mean()) == "tensor(1.3333+0.5000j)"
    assert repr(-c) == "tensor([-1.-2.0000j,  0.+0.5000j, -3.-0.0000j])"
    assert (c == c64()).tolist() == [True, True, True]
    assert (c != 3).tolist() == [True, True, False]
    assert (c + torch.tensor([1.0], dtype=torch.float64)).dtype == torch.complex128
    assert repr(torch.tensor([1.0, 2.0]) * 1j) == "tensor([0.+1.j, 0.+2.j])"
    assert torch.tensor([1.0, 2.0]).real.tolist() == [1.0, 2.0]


def test_complex_unsupported_ops_raise():
    with pytest.raises(NotImplementedError, match="\"gt_cpu\" not implemented for 'ComplexFloat'"):
        _ = c64() > 1
    with pytest.raises(RuntimeError, match="imag is not implemented for tensors with non-complex"):
        _ = torch.tensor([1.0]).imag


def test_complex_ops_without_kernel_refuse():
    # torch computes these; ferrograd has no complex kernel for them and
    # says so instead of giving a wrong result
    for op in (lambda c: c.exp(), lambda c: c @ c, lambda c: c.sum(0)):
        with pytest.raises(NotImplementedError, match="not implemented for 'ComplexFloat'"):
            op(c64())
    with pytest.raises(NotImplementedError, match="gradients of complex tensors"):
        c64().requires_grad_()


def test_bitwise_on_floats_refused():
    with pytest.raises(NotImplementedError, match="\"bitwise_and_cpu\" not implemented for 'Half'"):
        f16() & f16()
    with pytest.raises(TypeError, match="only implemented on integer and Boolean-type tensors"):
        ~bf16()


# ---- autograd ----


def test_half_autograd():
    a = torch.tensor([1.5, 2.0, 0.1], dtype=torch.float16, requires_grad=True)
    y = (a * a + 1).sum()
    assert repr(y) == "tensor(9.2578, dtype=torch.float16, grad_fn=<SumBackward0>)"
    y.backward()
    assert a.grad.dtype == torch.float16
    assert a.grad.tolist() == [3.0, 4.0, 0.199951171875]
    a.grad = None
    w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    (a * w).sum().backward()
    assert a.grad.dtype == torch.float16 and a.grad.tolist() == [1.0, 2.0, 3.0]
    assert w.grad.dtype == torch.float32
    assert w.grad.tolist() == [1.5, 2.0, 0.0999755859375]
    assert repr(a * 2).endswith("dtype=torch.float16, grad_fn=<MulBackward0>)")
    assert a.float().grad_fn.name() == "ToCopyBackward0"


def test_bfloat16_autograd():
    b = torch.tensor([0.5, -1.0, 3.0], dtype=torch.bfloat16, requires_grad=True)
    z = (b.exp() * 2).mean()
    assert repr(z) == "tensor(14.7500, dtype=torch.bfloat16, grad_fn=<MeanBackward0>)"
    z.backward()
    assert b.grad.dtype == torch.bfloat16
    assert b.grad.tolist() == [1.1015625, 0.2451171875, 13.4375]


def test_half_retain_grad_and_autograd_grad():
    a = torch.tensor([1.5, 2.0, 0.1], dtype=torch.float16, requires_grad=True)
    x = a * 1
    x.retain_grad()
    (x * x).sum().backward()
    assert x.grad.dtype == torch.float16 and x.grad.tolist() == [3.0, 4.0, 0.199951171875]
    (g,) = torch.autograd.grad((a * a).sum(), a)
    assert g.dtype == torch.float16 and g.tolist() == [3.0, 4.0, 0.199951171875]


def test_half_grad_accumulates_in_half():
    a = torch.tensor([0.1, 1.0], dtype=torch.float16, requires_grad=True)
    for _ in range(3):
        (a * 3).sum().backward()
    assert a.grad.dtype == torch.float16 and a.grad.tolist() == [9.0, 9.0]


def test_integer_tensors_cannot_require_grad():
    with pytest.raises(RuntimeError, match="only Tensors of floating point dtype can require"):
        i32().requires_grad_()


def test_uint8_index_is_a_mask():
    a = torch.arange(6.0).reshape(2, 3)
    with pytest.warns(UserWarning, match="indexing with dtype torch.uint8 is now deprecated"):
        picked = a[torch.tensor([0, 1], dtype=torch.uint8)]
    assert picked.tolist() == [[3.0, 4.0, 5.0]]
    with pytest.raises(IndexError, match="tensors used as indices must be long, int, byte or bool"):
        a[torch.tensor([0.0])]


# ---- no op panics on any dtype ----

DTYPES = ["float32", "float64", "int64", "bool", "int32", "uint8", "float16", "bfloat16"]
DTYPES += ["complex64", "complex128"]
EXPRESSIONS = """
a + b|a - b|a * b|a / b|a ** 2|2 ** a|a // 2|a % 2|-a|abs(a)|a + 1|a - 1.5|a * 2|1 - a|2 / a
a == b|a != b|a < b|a <= 1|a > 0|a & b|a | b|a ^ b|~a|a.logical_not()|a.logical_and(b)
a.exp()|a.log()|a.sigmoid()|a.tanh()|a.relu()|a.sqrt()|a.reciprocal()|a.rsqrt()|a.log1p()
a.expm1()|a.sin()|a.cos()|a.square()|a.clamp(0, 1)|a.maximum(b)|a.minimum(b)
torch.where(a.bool(), a, b)|a.where(a.bool(), 0)|a.sum()|a.sum(0)|a.mean()|a.mean(0)|a.prod()
a.prod(1)|a.max()|a.min(1)|a.amax(0)|a.argmax()|a.argmin(1)|a.var()|a.std(0)|a.norm()
a.logsumexp(1)|a.cumsum(1)|a.any()|a.all(0)|a.t()|a.reshape(3, 2)|a.transpose(0, 1)|a.flip(0)
a.repeat(2, 1)|a.tril()|a.triu(1)|a[0]|a[:, 1]|a[a.bool()]|torch.cat([a, b])|torch.stack([a, b])
a.gather(1, torch.tensor([[0, 1], [2, 0]]))|a.index_select(1, torch.tensor([0, 2]))
a.masked_fill(torch.tensor([True, False, True]), 7)|a.nonzero()|a @ b.t()|a.mm(b.t())
torch.dot(a[0], b[0])|torch.mv(a, b[0])|torch.outer(a[0], b[0])|torch.bmm(a[None], b.t()[None])
torch.addmm(a[:, :2], a, b.t())|a.softmax(1)|a.log_softmax(0)|F.gelu(a)|F.silu(a)|F.softplus(a)
F.leaky_relu(a)|F.logsigmoid(a)|F.mse_loss(a, b)|F.layer_norm(a, (3,))|F.linear(a, b)
F.pad(a, (1, 1))|F.binary_cross_entropy(a, b)|F.cross_entropy(a, torch.tensor([0, 2]))
a.float()|a.half()|a.bfloat16()|a.byte()|a.int()|a.cfloat()|a.tolist()|a[0, 0].item()|repr(a)
a.numpy()|a.real|a.conj()|a.zero_()|a.fill_(1)|a.add_(1)|a.mul_(2)|a.sub_(b)|a.div_(2)|a.copy_(b)
a.exp_()|a.clamp_(0, 1)|a.t_()|a.unsqueeze_(0)|a.requires_grad_()|a.__setitem__(0, 3)|a.contiguous()
"""
EXPRESSIONS = [e for line in EXPRESSIONS.strip().splitlines() for e in line.split("|")]


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("dtype", DTYPES)
def test_every_op_raises_or_works_on_every_dtype(dtype):
    # a Rust panic would surface as a BaseException and fail this test;
    # ordinary exceptions (unsupported dtype, bad value) are fine
    import ferrograd.nn.functional as F

    values = [[1.5, -2.0, 0.25], [3.0, 0.5, -1.0]]
    if dtype == "uint8":
        values = [[1.5, 2.0, 0.25], [3.0, 0.5, 1.0]]
    for expr in EXPRESSIONS:
        a = torch.tensor(values, dtype=getattr(torch, dtype))
        b = torch.tensor(values, dtype=getattr(torch, dtype)).flip(0)
        try:
            eval(expr, {"torch": torch, "F": F, "a": a, "b": b})
        except Exception:  # noqa: BLE001, S110 - only panics must not happen
            pass


def test_integer_tensor_powers_follow_torch():
    # torch: negative exponents give the integer part of 1 / x**-y (0 unless x is +-1);
    # positive ones wrap around in 64 bits
    def reference(x, y):
        if y < 0:
            return 1 if x == 1 else (1 if y % 2 == 0 else -1) if x == -1 else 0
        v = (x**y) & (2**64 - 1)
        return v - 2**64 if v >= 2**63 else v

    bases = [2, 1, -1, -1, 0, 3, -2, 7, 5]
    exps = [-1, -5, -3, -4, 2, 40, 3, 0, 27]
    got = (torch.tensor(bases) ** torch.tensor(exps)).tolist()
    assert got == [reference(x, y) for x, y in zip(bases, exps)]


def test_int64_values_reach_python_exactly():
    # past 2**53 an int64 does not survive a trip through a double
    big = [2**62 + 1, -(2**63), 2**53 + 1]
    t = torch.tensor(big)
    assert t.tolist() == big
    assert [t[i].item() for i in range(3)] == big
    assert [int(t[i]) for i in range(3)] == big
    assert torch.tensor([[2**60 + 3, 5]]).t().tolist() == [[2**60 + 3], [5]]


def test_new_and_like_factories_follow_the_source_tensor():
    x = torch.ones(2, dtype=torch.float64)
    assert x.new_zeros(3).tolist() == [0.0] * 3 and x.new_zeros(3).dtype == torch.float64
    assert x.new_zeros(2, 1).shape == (2, 1) and x.new_empty((2, 1)).shape == (2, 1)
    assert x.new_ones((2, 2), dtype=torch.int64).dtype == torch.int64
    assert x.new_full((2,), 7).tolist() == [7.0, 7.0]
    assert x.new_tensor([1, 2]).dtype == torch.float64
    assert x.new_zeros(2, requires_grad=True).requires_grad
    # the *_like draws consume the generator exactly as the plain draws do
    torch.manual_seed(3)
    like = torch.randn_like(x)
    torch.manual_seed(3)
    assert like.tolist() == torch.randn(2, dtype=torch.float64).tolist()
    torch.manual_seed(3)
    uniform = torch.rand_like(torch.ones(20))
    torch.manual_seed(3)
    assert uniform.tolist() == torch.rand(20).tolist()
    with pytest.raises(NotImplementedError, match="normal_kernel_cpu"):
        torch.randn_like(torch.ones(2, dtype=torch.int64))


def test_closeness_and_special_values():
    # expected values recorded from torch 2.13.0 on the same inputs
    inf, nan = float("inf"), float("nan")
    a = torch.tensor([1.0, inf, -inf, nan, 1e-9, 2.0])
    b = torch.tensor([1.0 + 1e-6, inf, inf, nan, 0.0, 2.1])
    assert torch.isclose(a, b).tolist() == [True, True, False, False, True, False]
    assert torch.isclose(a, b, equal_nan=True).tolist() == [True, True, False, True, True, False]
    assert torch.isnan(a).tolist() == [False, False, False, True, False, False]
    assert torch.isinf(a).tolist() == [False, True, True, False, False, False]
    assert torch.isfinite(a).tolist() == [True, False, False, False, True, True]
    assert torch.allclose(a[:1], b[:1]) is True and a[:2].equal(a[:2]) is True
    assert torch.equal(a, a) is False and torch.equal(torch.ones(2), torch.ones(3)) is False
    assert torch.isclose(torch.tensor([1, 2]), torch.tensor([1, 3])).tolist() == [True, False]
    assert torch.allclose(torch.ones(2, 1), torch.ones(1, 3))
    x = torch.ones(2, requires_grad=True)
    assert not torch.isclose(x, x * 1).requires_grad
