"""How elementwise results are laid out, recorded from torch: a result keeps
its operands' memory order (dims sorted by the operands' strides, the first
operand that tells two dims apart deciding, broadcast dims telling nothing),
so `x.t() * 2` is itself transposed and `.view(-1)` of it fails as in torch;
row-major otherwise. Strides are part of every recorded tensor."""

_SETUP = "x = torch.arange(6.).reshape(2, 3); y = torch.arange(6., 12.).reshape(3, 2)\n"

CASES = {
    "layout_unary_and_scalar": _SETUP + (
        "t = x.t(); result = [t * 2, t + 1, torch.exp(t), -t, t.abs(), torch.relu(t), t ** 2, "
        "t.sigmoid(), 2 - t, t > 1]"
    ),
    "layout_binary": _SETUP + (
        "t = x.t(); result = [t + t, t * y, y * t, t + y.t().t(), t + torch.ones(3, 1), "
        "t + torch.ones(2), torch.ones(3, 1) - t, t * torch.tensor(2.)]"
    ),
    "layout_three_dims": (
        "a = torch.arange(24.).reshape(2, 3, 4); p = a.permute(2, 0, 1); q = a.permute(1, 2, 0)\n"
        "c = torch.arange(6.).reshape(2, 3).t().unsqueeze(1); d = torch.arange(4.).reshape(1, 4, 1)\n"
        "result = [p * 2, p + p, q.exp(), p + torch.ones(4, 1, 3), c * d, d * c, "
        "a.transpose(0, 2) * a.transpose(0, 2), a.permute(0, 2, 1) + 1]"
    ),
    "layout_channels_last": (
        "a = torch.arange(24.).reshape(1, 2, 3, 4).permute(0, 2, 3, 1)\n"
        "b = torch.arange(24.).reshape(1, 3, 4, 2).permute(0, 3, 1, 2)\n"
        "result = [a * 2, b + 1, b * b, b + torch.ones(2, 1, 1), torch.relu(b)]"
    ),
    "layout_not_dense": _SETUP + (
        "s = torch.arange(12.).reshape(3, 4)[:, ::2]; e = torch.arange(3.).expand(2, 3)\n"
        "result = [s * 2, s + s, s.t() + 1, e + 1, e * e, e.t() * 2, x[:, 1:] * 2]"
    ),
    "layout_size_one_dims": (
        "a = torch.arange(3.).reshape(3, 1); b = torch.arange(3.).reshape(1, 3)\n"
        "c = torch.arange(6.).reshape(3, 1, 2).transpose(0, 2)\n"
        "result = [a + b, b + a, a.t() * 2, c * 2, c + c, a * a]"
    ),
    "layout_view_of_transposed_result": _SETUP + "(x.t() * 2).view(-1)",
    "layout_reshape_and_grad": _SETUP + (
        "w = torch.arange(6., requires_grad=True); t = w.view(2, 3).t()\n"
        "z = t * t; r = z.reshape(-1); r.sum().backward()\n"
        "result = (z, r, z.is_contiguous(), w.grad, (t.exp() + t).sum(0))"
    ),
    # .to(dtype) copies in the source's memory order (its own strides when dense)
    "layout_dtype_copy_order": (
        "g = torch.arange(12).reshape(3, 4)[:, ::2].t()\n"
        "d = torch.arange(6.).reshape(2, 3).t()\n"
        "e = torch.ones(3, 1).expand(3, 4)\n"
        "p = torch.arange(24.).reshape(2, 3, 4).permute(2, 0, 1)\n"
        "result = [g.int(), g.float(), g.to(torch.float64), d.int(), d.to(torch.int64), "
        "d.double(), e.int(), p.long(), d.float().requires_grad_().double()]"
    ),
}

# exp and sigmoid here are float32 kernels that may differ from torch's by an
# ulp (README); layouts and everything else compare exactly
TOLERANCES = {"layout_": (1e-6, 0.0)}
