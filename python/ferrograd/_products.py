"""Products torch computes in one kernel and records as one node, built here
from ``bmm`` and recorded under torch's name (see ``_fused``)."""

from . import _core
from ._fused import fused
from ._grad_mode import no_grad


def baddbmm(input, batch1, batch2, *, beta=1, alpha=1, out=None):
    """``beta * input + alpha * (batch1 @ batch2)`` (BaddbmmBackward0);
    with ``beta=0`` the input is ignored, NaN included."""
    if out is not None:
        raise NotImplementedError("ferrograd's baddbmm has no out=")
    with no_grad():
        # torch's checks, in its order: the product's shapes, then the input's
        shape = _core.bmm(batch1[..., :1, :], batch2[..., :1]).shape[:1]
        shape = [*shape, batch1.size(1), batch2.size(2)]
        input.expand(shape)

    def compute(i, a, b):
        product = _core.bmm(a, b)
        if alpha != 1:
            product = product * alpha
        if beta == 0:
            return product
        return (i if beta == 1 else i * beta) + product

    return fused("BaddbmmBackward0", compute, [input, batch1, batch2])
