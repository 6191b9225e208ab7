"""``torch.linalg``: the norms (vector, matrix Frobenius, and ``norm``
choosing between them as torch does), recorded as LinalgVectorNormBackward0
like torch's, and ``cross``."""

from . import _more_ops


def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None):
    if dtype is not None:
        x = x.to(dtype)
    return x.norm(ord, dim, keepdim=keepdim)


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None):
    if A.dim() < 2:
        raise RuntimeError(
            "linalg.matrix_norm: The input tensor A must have at least 2 dimensions."
        )
    if ord != "fro":
        raise NotImplementedError(f"ferrograd's matrix_norm has no ord={ord!r}")
    return vector_norm(A, 2, tuple(dim), keepdim, dtype=dtype)


def norm(A, ord=None, dim=None, keepdim=False, *, dtype=None):
    if ord is None:
        return vector_norm(A, 2, dim, keepdim, dtype=dtype)
    if isinstance(dim, int) or (dim is None and A.dim() == 1):
        return vector_norm(A, ord, dim, keepdim, dtype=dtype)
    return matrix_norm(A, ord, (-2, -1) if dim is None else dim, keepdim, dtype=dtype)


def cross(input, other, *, dim=-1):
    return _more_ops.cross(input, other, dim)
