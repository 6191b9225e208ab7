"""Reflection and replication padding, recorded from torch 2.13: F.pad's
modes over 1-d and 2-d (batched or not), their modules, convolutions with
padding_mode, gradients, nodes and errors."""

_RUN = (
    "F, nn = torch.nn.functional, torch.nn\n"
    "torch.manual_seed(0)\n"
    "def run(f, x):\n"
    "    y = f(x)\n"
    "    (y * torch.arange(y.numel(), dtype=y.dtype).reshape(y.shape)).sum().backward()\n"
    "    return [y, y.grad_fn, x.grad]\n"
    "def img():\n"
    "    return torch.arange(12.0).reshape(1, 1, 3, 4).requires_grad_()\n"
)


def _case(body):
    return _RUN + body


CASES = {
    "padmode_reflect_replicate": _case(
        "result = [run(lambda x: F.pad(x, (1, 2, 2, 1), mode='reflect'), img()), "
        "run(lambda x: F.pad(x, (1, 2, 2, 1), mode='replicate'), img()), "
        "run(lambda x: F.pad(x, (2, 1), mode='reflect'), torch.arange(8.0).reshape(2, 4)"
        ".requires_grad_()), run(lambda x: F.pad(x, (3, 0), mode='replicate'), "
        "torch.arange(4.0).reshape(1, 1, 4).requires_grad_()), "
        "run(lambda x: F.pad(x, (0, 0, 1, 1), mode='reflect'), torch.arange(6.0)"
        ".reshape(1, 2, 3).double().requires_grad_())]"
    ),
    "padmode_modules": _case(
        "mods = [nn.ReflectionPad2d(1), nn.ReflectionPad1d((1, 2)), "
        "nn.ReplicationPad2d((0, 1, 2, 0)), "
        "nn.ReplicationPad1d(2)]\n"
        "x2, x1 = torch.arange(9.0).reshape(1, 3, 3), torch.arange(3.0).reshape(1, 1, 3)\n"
        "result = [[repr(m) for m in mods], mods[0](x2), mods[1](x1), mods[2](x2), mods[3](x1)]"
    ),
    "padmode_conv": _case(
        "a = nn.Conv2d(1, 2, 3, padding=1, padding_mode='reflect')\n"
        "b = nn.Conv1d(2, 1, 3, padding=2, padding_mode='replicate', bias=False)\n"
        "y = a(torch.randn(2, 1, 4, 4))\nz = b(torch.randn(1, 2, 5))\n"
        "(y.sum() + z.sum()).backward()\n"
        "result = [repr(a), repr(b), y, z, a.weight.grad, b.weight.grad, y.grad_fn]"
    ),
    "padmode_err_too_big": _case("F.pad(img(), (4, 0, 0, 0), mode='reflect')"),
    "padmode_err_dims": _case("F.pad(torch.ones(3), (1, 1), mode='reflect')"),
    "padmode_err_mode": _case("F.pad(img(), (1, 1), mode='foo')"),
    # (torch's message for an unknown padding_mode prints a set, whose order
    # changes from run to run with string hashing: not recordable)
}

# the convolutions' float32 sums run in another order than torch's
TOLERANCES = {"padmode_conv": (2e-5, 2e-6)}
