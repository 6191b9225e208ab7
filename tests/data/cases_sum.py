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
