"""``torch.backends`` as a CPU-only torch build reports them: ``mps``,
``cudnn`` and ``mkldnn`` are not there, so device checks pick the CPU."""

from types import SimpleNamespace


def _absent():
    return False


mps = SimpleNamespace(is_available=_absent, is_built=_absent)
cudnn = SimpleNamespace(is_available=_absent, enabled=False, deterministic=False, benchmark=False)
cuda = SimpleNamespace(is_built=_absent)

__all__ = ["cuda", "cudnn", "mps"]
