"""Float sums in torch's order, recorded from torch: whole-tensor sums and
means, and the summed or averaged pointwise losses, must round exactly as
torch's do below 32,768 elements (inputs made with exact IEEE operations, so
both libraries start from the same bits)."""

_INPUT = (
    "def made(n, k, dtype):\n"
    "    return ((torch.arange(n) * k % 1000).to(dtype) - 500) / 997\n"
)

CASES = {}
for _n in (7, 8, 100, 2000, 10_000, 32_767):
    for _dt in ("float32", "float64"):
        CASES[f"sum_order_{_n}_{_dt}"] = _INPUT + (
            f"a = made({_n}, 7919, torch.{_dt}); b = made({_n}, 104729, torch.{_dt})\n"
            "F = torch.nn.functional\n"
            "result = [a.sum().item(), a.mean().item(), (a * b).sum().item(), "
            "F.mse_loss(a, b).item(), F.mse_loss(a, b, reduction='sum').item(), "
            "F.l1_loss(a, b).item(), F.smooth_l1_loss(a, b, beta=0.3).item(), "
            "F.huber_loss(a, b, delta=0.2).item(), a.reshape(-1, 1).sum().item()]"
        )

# sums over chosen dims: adjacent reduced (kept) dims merge, and the innermost
# decides torch's kernel (row sums, or column sums in groups of four vectors)
_SHAPES = [(3, 2, 4), (5, 7), (7, 5), (2, 3, 4, 5), (40, 9), (9, 40), (100, 3), (3, 100),
           (17, 1, 33), (64, 10), (2, 70, 3), (300, 20), (20, 300), (1000, 8), (6, 5, 4, 3)]
for _dt in ("float32", "float64"):
    CASES[f"sum_dims_order_{_dt}"] = _INPUT + (
        "import itertools\n"
        f"shapes = {_SHAPES!r}\n"
        "result = []\n"
        "for k, shape in enumerate(shapes):\n"
        "    n = 1\n"
        "    for d in shape:\n"
        "        n *= d\n"
        f"    a = made(n, 7919 + 2 * k, torch.{_dt}).reshape(shape)\n"
        "    for r in range(1, len(shape) + 1):\n"
        "        for dims in itertools.combinations(range(len(shape)), r):\n"
        "            s = a.sum(dims)\n"
        "            result.append([dims, s.flatten().tolist(), a.mean(dims).flatten().tolist()])"
    )
