"""``torch.linalg``: the norms (vector, matrix, and ``norm`` choosing
between them as torch does), ``cross``, ``svdvals``, and the square-matrix
functions ``inv``, ``det``, ``slogdet`` and ``solve``.

The matrix functions compute their values with ``numpy.linalg`` (in the
tensor's own dtype) and record one node under torch's name, whose backward
is a formula in ferrograd ops, so it can be differentiated again."""

from . import _core, _more_ops
from ._checks import SCALAR_TYPE_NAMES, c_type_name, not_tensor
from ._grad_mode import is_grad_enabled


class _LinAlgError(RuntimeError):
    """torch's error for a matrix its solvers cannot handle (singular)."""


LinAlgError = _LinAlgError


def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None):
    if dtype is not None:
        x = x.to(dtype)
    return x.norm(ord, dim, keepdim=keepdim)


_LOW_TO_HIGH = [_core.float16, _core.bfloat16, _core.float32, _core.float64]


def _order_text(ord):
    if isinstance(ord, float) and ord.is_integer():
        return str(int(ord))
    return str(ord)


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None):
    from . import Tensor

    if not isinstance(A, Tensor):
        raise TypeError(
            "linalg_matrix_norm() received an invalid combination of arguments - got "
            f"({c_type_name(A)}, {c_type_name(ord)}), but expected one of:"
        )
    if ord not in ("fro", "nuc", 2, -2, 1, -1, float("inf"), float("-inf")):
        raise RuntimeError(f"linalg.matrix_norm: Order {_order_text(ord)} not supported.")
    if A.dim() < 2:
        raise RuntimeError(
            "linalg.matrix_norm: The input tensor A must have at least 2 dimensions."
        )
    dim = tuple(dim)
    if len(dim) != 2:
        raise RuntimeError(
            f"linalg.matrix_norm: dim must be a 2-tuple. Got {' '.join(map(str, dim))}"
        )
    for d in dim:
        if not -A.dim() <= d < A.dim():
            raise IndexError(
                f"Dimension out of range (expected to be in range of [{-A.dim()}, "
                f"{A.dim() - 1}], but got {d})"
            )
    dim = tuple(d % A.dim() for d in dim)
    if dim[0] == dim[1]:
        raise RuntimeError(f"linalg.matrix_norm: dims must be different. Got {dim}")
    if dtype is not None:
        if dtype not in _LOW_TO_HIGH:
            raise RuntimeError(
                "linalg.matrix_norm: dtype should be floating point or complex, but got "
                f"{SCALAR_TYPE_NAMES[dtype]}"
            )
        if A.is_floating_point() and _LOW_TO_HIGH.index(dtype) < _LOW_TO_HIGH.index(A.dtype):
            raise RuntimeError(
                f"linalg.matrix_norm: the dtype of the input ({SCALAR_TYPE_NAMES[A.dtype]}) "
                f"should be convertible without narrowing to the specified dtype "
                f"({SCALAR_TYPE_NAMES[dtype]})"
            )
    if not A.is_floating_point():
        raise RuntimeError(
            "linalg.matrix_norm: Expected a floating point or complex tensor as input. "
            f"Got {SCALAR_TYPE_NAMES[A.dtype]}"
        )
    if ord == "fro":
        return vector_norm(A, 2, dim, keepdim, dtype=dtype)
    if ord in ("nuc", 2, -2):
        return _spectral_norm(A, ord, dim, keepdim, dtype)
    # 1 and -1 take the largest or smallest column sum, ±inf the row sums
    sum_dim, extreme_dim = dim if abs(ord) == 1 else dim[::-1]
    if not keepdim and sum_dim < extreme_dim:
        extreme_dim -= 1
    sums = vector_norm(A, 1, sum_dim, keepdim, dtype=dtype)
    return sums.amax(extreme_dim, keepdim) if ord > 0 else sums.amin(extreme_dim, keepdim)


def _spectral_norm(A, ord, dim, keepdim, dtype):
    """The nuclear norm or the largest or smallest singular value, as torch
    computes them: the matrix dimensions moved last, then the singular values."""
    if A.dtype in (_core.float16, _core.bfloat16):
        raise RuntimeError(
            f"linalg.matrix_norm: Low precision dtypes not supported. Got "
            f"{SCALAR_TYPE_NAMES[A.dtype]}"
        )
    if dtype is not None:
        A = A.to(dtype)
    order = [d for d in range(A.dim()) if d not in dim] + list(dim)
    values = svdvals(A.permute(order))
    if ord == "nuc":
        result = values.sum(-1)
    else:
        result = values.amax(-1) if ord == 2 else values.amin(-1)
    if keepdim:
        back = [order.index(d) for d in range(A.dim())]
        result = result.unsqueeze(-1).unsqueeze(-1).permute(back)
    return result


def norm(A, ord=None, dim=None, keepdim=False, *, dtype=None):
    if ord is None:
        return vector_norm(A, 2, dim, keepdim, dtype=dtype)
    if isinstance(dim, int) or (dim is None and A.dim() == 1 and not isinstance(ord, str)):
        return vector_norm(A, ord, dim, keepdim, dtype=dtype)
    if dim is None and A.dim() > 2:
        raise RuntimeError(
            "linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. "
            f"Got {A.dim()}D."
        )
    return matrix_norm(A, ord, (-2, -1) if dim is None else dim, keepdim, dtype=dtype)


def cross(input, other, *, dim=-1):
    return _more_ops.cross(input, other, dim)


# ---- square matrices -----------------------------------------------------------------------


class _Formula:
    """The handler of a node with several outputs whose input gradients are
    given by ``gradients(grads, needs, *inputs)``, in ferrograd ops."""

    def __init__(self, name, inputs, gradients):
        self.saved = _core.SavedTensors(list(inputs), [False] * len(inputs), name)
        self.gradients = gradients

    def backward(self, grads, needs):
        return self.gradients(grads, needs, *self.saved.unpack())

    def release(self):
        self.saved.release()


def _record(name, inputs, outputs, gradients):
    if is_grad_enabled() and any(t.requires_grad for t in inputs):
        _core._record_function(name, list(inputs), list(outputs), _Formula(name, inputs, gradients))


def _tensor_argument(func, value, arg, position=1):
    from . import Tensor

    if not isinstance(value, Tensor):
        not_tensor(func, value, arg, position)


def _check_float(func, A):
    if not A.is_floating_point():
        raise RuntimeError(
            f"{func}: Expected a floating point or complex tensor as input. "
            f"Got {SCALAR_TYPE_NAMES[A.dtype]}"
        )
    if A.dtype in (_core.float16, _core.bfloat16):
        name = SCALAR_TYPE_NAMES[A.dtype]
        if func in ("linalg.det", "linalg.solve"):  # these reach torch's LU kernel first
            raise NotImplementedError(f'"lu_cpu" not implemented for \'{name}\'')
        raise RuntimeError(f"{func}: Low precision dtypes not supported. Got {name}")


def _check_square(func, A):
    if A.dim() < 2:
        raise RuntimeError(f"{func}: The input tensor A must have at least 2 dimensions.")
    if func == "linalg.solve":  # solve checks the dtype before the shape
        _check_float(func, A)
    if A.size(-1) != A.size(-2):
        raise RuntimeError(
            f"{func}: A must be batches of square matrices, but they are {A.size(-2)} by "
            f"{A.size(-1)} matrices"
        )
    _check_float(func, A)


def _array(t):
    return t.detach().numpy()


def _from_array(array, dtype, column_major=False):
    """A new tensor of ``dtype`` holding ``array``; ``column_major`` lays each
    matrix out by columns, as LAPACK writes torch's results."""
    import numpy as np

    from . import from_numpy

    array = np.asarray(array, dtype=np.float32 if dtype == _core.float32 else np.float64)
    if array.ndim == 0:
        return from_numpy(array.reshape(1)).reshape(())
    # a fresh array, so that dimensions of size 1 get strides too
    if column_major and array.ndim >= 2:
        copy = np.empty(array.shape[:-2] + array.shape[-2:][::-1], array.dtype)
        copy[...] = np.swapaxes(array, -1, -2)
        return from_numpy(np.swapaxes(copy, -1, -2))
    copy = np.empty(array.shape, array.dtype)
    copy[...] = array
    return from_numpy(copy)


def _zero_pivots(array):
    """Per matrix of the flattened batch, the 1-based column where LU with
    partial pivoting, as LAPACK's getrf runs it, first meets an exactly zero
    pivot, or 0 where none does."""
    import numpy as np

    n = array.shape[-1]
    lu = np.array(array, dtype=array.dtype).reshape(-1, n, n)
    first = np.zeros(lu.shape[0], dtype=np.int64)
    rows = np.arange(lu.shape[0])
    for k in range(n):
        pivot = k + np.argmax(np.abs(lu[:, k:, k]), axis=1)
        swapped = lu[rows, pivot].copy()
        lu[rows, pivot] = lu[:, k]
        lu[:, k] = swapped
        diagonal = lu[:, k, k]
        zero = diagonal == 0
        first[zero & (first == 0)] = k + 1
        scale = np.where(zero, 1, diagonal)
        lu[:, k + 1:, k] /= scale[:, None]
        lu[:, k + 1:, k + 1:] -= lu[:, k + 1:, k:k + 1] * lu[:, k:k + 1, k + 1:]
    return first


def _zero_pivot(array):
    """The first (batch element, column) of ``_zero_pivots``, for a batch
    LAPACK found singular. Rounding in LAPACK's blocked LU may, rarely, meet
    the zero elsewhere: then the last column of the first matrix."""
    import numpy as np

    columns = _zero_pivots(array)
    singular = np.nonzero(columns)[0]
    return (int(singular[0]), int(columns[singular[0]])) if singular.size else (0, array.shape[-1])


def _batch_prefix(A, index):
    return f"(Batch element {index}): " if A.dim() > 2 else ""


def _inverse_array(func, A):
    import numpy as np

    array = _array(A)
    try:
        return np.linalg.inv(array)
    except np.linalg.LinAlgError:
        # our own LU (only now: it is slow) finds the column torch reports
        batch, column = _zero_pivot(array)
    raise _LinAlgError(
        f"{func}: {_batch_prefix(A, batch)}The diagonal element {column} is zero, the "
        "inversion could not be completed because the input matrix is singular."
    )


def _eye_like(A):
    from . import eye

    return eye(A.size(-1), dtype=A.dtype)


def inv(A, *, out=None):
    _tensor_argument("linalg_inv", A, "A")
    if out is not None:
        raise NotImplementedError("ferrograd's linalg.inv has no out=")
    _check_square("linalg.inv", A)
    result = _from_array(_inverse_array("linalg.inv", A), A.dtype, column_major=True)

    def gradients(grads, needs, A):
        # d(A⁻¹) = -A⁻¹ dA A⁻¹, so the gradient is -A⁻ᵀ g A⁻ᵀ
        transposed = inv(A).mT
        return [-(transposed @ grads[0] @ transposed)]

    _record("LinalgInvExBackward0", [A], [result], gradients)
    return result


def inverse(input, *, out=None):
    _tensor_argument("inverse", input, "input")
    return inv(input, out=out)


def _cofactor_gradient(A, scale):
    """``scale · A⁻ᵀ`` (scale over the batch), solved rather than inverted as torch does."""
    return solve(A.mT, scale.unsqueeze(-1).unsqueeze(-1) * _eye_like(A))


def det(A, *, out=None):
    import numpy as np

    _tensor_argument("linalg_det", A, "A")
    if out is not None:
        raise NotImplementedError("ferrograd's linalg.det has no out=")
    _check_square("linalg.det", A)
    result = _from_array(np.linalg.det(_array(A)), A.dtype)

    def gradients(grads, needs, A):
        # LU meets a zero pivot exactly where its determinant is 0
        singular = np.linalg.det(_array(A)) == 0
        if not singular.any():
            return [_cofactor_gradient(A, grads[0] * det(A))]
        # A⁻ᵀ does not exist: the cofactors, as torch's gradient under
        # create_graph; its first-order gradient of a singular matrix is 0
        gradient = grads[0].unsqueeze(-1).unsqueeze(-1) * _cofactors(A)
        if is_grad_enabled():
            return [gradient]
        from . import tensor, where

        mask = tensor(singular.reshape(A.shape[:-2])).unsqueeze(-1).unsqueeze(-1)
        # laid out by columns, as torch's LU solve leaves it
        return [where(mask, tensor(0.0, dtype=A.dtype), gradient).mT.contiguous().mT]

    _record("LinalgDetBackward0", [A], [result], gradients)
    return result


def _cofactors(A):
    """The matrix of cofactors of each matrix of ``A`` (the derivative of its
    determinant), from the determinants of its minors, defined also where
    ``A`` is singular."""
    from . import ones_like, stack, tensor

    n = A.size(-1)
    if n == 1:
        return ones_like(A)
    minors = []
    for i in range(n):
        rows = A.index_select(-2, tensor([k for k in range(n) if k != i]))
        for j in range(n):
            minors.append(rows.index_select(-1, tensor([k for k in range(n) if k != j])))
    signs = tensor([(-1.0) ** (i + j) for i in range(n) for j in range(n)], dtype=A.dtype)
    return (det(stack(minors, -3)) * signs).reshape(A.shape)


class _SignLogAbsDet(tuple):
    """torch.return_types.linalg_slogdet (or slogdet): (sign, logabsdet) with names."""

    _name = "linalg_slogdet"
    sign = property(lambda self: self[0])
    logabsdet = property(lambda self: self[1])

    def __repr__(self):
        return f"torch.return_types.{self._name}(\nsign={self[0]!r},\nlogabsdet={self[1]!r})"


class _SlogdetResult(_SignLogAbsDet):
    _name = "slogdet"


def _slogdet(func, A):
    import numpy as np

    _check_square(func, A)
    sign, logabsdet = np.linalg.slogdet(_array(A))
    sign, logabsdet = _from_array(sign, A.dtype), _from_array(logabsdet, A.dtype)

    def gradients(grads, needs, A):
        # the sign is piecewise constant: only logabsdet has a gradient, g·A⁻ᵀ
        g = grads[1]
        return [None if g is None else _cofactor_gradient(A, g)]

    _record("LinalgSlogdetBackward0", [A], [sign, logabsdet], gradients)
    return sign, logabsdet


def slogdet(A, *, out=None):
    _tensor_argument("linalg_slogdet", A, "A")
    if out is not None:
        raise NotImplementedError("ferrograd's linalg.slogdet has no out=")
    return _SignLogAbsDet(_slogdet("linalg.slogdet", A))


def _solve_shapes(A, B, left):
    """Whether ``B`` is a (batch of) vector(s), and the broadcast batch shape,
    with torch's errors."""
    n = A.size(-1)
    vector = B.dim() == 1 or (B.dim() == A.dim() - 1 and B.shape == A.shape[:-1])
    rows, columns = (B.size(-1), 1) if vector else (B.size(-2), B.size(-1))
    if (rows if left else columns) != n:
        equation = "AX = B" if left else "XA = B"
        raise RuntimeError(
            f"linalg.solve: Incompatible shapes of A and B for the equation {equation} "
            f"({n}x{n} and {rows}x{columns})"
        )
    a_batch = list(A.shape[:-2])
    b_batch = list(B.shape[:-1] if vector else B.shape[:-2])
    size = max(len(a_batch), len(b_batch))
    a_batch = [1] * (size - len(a_batch)) + a_batch
    b_batch = [1] * (size - len(b_batch)) + b_batch
    batch = []
    for dim, (b, a) in enumerate(zip(b_batch, a_batch)):
        if a != b and a != 1 and b != 1:
            raise RuntimeError(
                f"The size of tensor a ({b}) must match the size of tensor b ({a}) at "
                f"non-singleton dimension {dim}"
            )
        batch.append(max(a, b))
    return vector, batch


def solve(A, B, *, left=True, out=None):
    import numpy as np

    _tensor_argument("linalg_solve", A, "A")
    _tensor_argument("linalg_solve", B, "B", 2)
    if out is not None:
        raise NotImplementedError("ferrograd's linalg.solve has no out=")
    _check_square("linalg.solve", A)
    if B.dim() < 1:
        raise RuntimeError("linalg.solve: The input tensor B must have at least 2 dimensions.")
    if A.dtype != B.dtype:
        raise RuntimeError(
            "linalg.solve: Expected A and B to have the same dtype, but found A of type "
            f"{SCALAR_TYPE_NAMES[A.dtype]} and B of type {SCALAR_TYPE_NAMES[B.dtype]} instead"
        )
    vector, batch = _solve_shapes(A, B, left)
    n = A.size(-1)
    a = np.broadcast_to(_array(A), tuple(batch) + (n, n))
    b = _array(B)
    b = b[..., None] if vector else b
    b = np.broadcast_to(b, tuple(batch) + b.shape[-2:])
    if not left:  # XA = B is AᵀXᵀ = Bᵀ
        a, b = np.swapaxes(a, -1, -2), np.swapaxes(b, -1, -2)
    try:
        x = np.linalg.solve(a, b)
    except np.linalg.LinAlgError:
        prefix = _batch_prefix(A, _zero_pivot(a)[0])
        raise _LinAlgError(
            f"torch.linalg.solve: {prefix}The solver failed because the input matrix is singular."
        ) from None
    if not left:
        result = _from_array(np.swapaxes(x, -1, -2), A.dtype)
    elif vector:
        # torch solves a batch of vectors as the columns of one matrix per batch
        result = _from_array(x[..., 0], A.dtype, column_major=True)
    else:
        result = _from_array(x, A.dtype, column_major=True)

    def gradients(grads, needs, A, B):
        g = grads[0].unsqueeze(-1) if vector else grads[0]
        X = solve(A, B, left=left)
        X = X.unsqueeze(-1) if vector else X
        # AX = B: gB = A⁻ᵀg, gA = -gB Xᵀ; XA = B: gB = gA⁻ᵀ, gA = -Xᵀ gB
        gB = solve(A.mT, g, left=left)
        gA = -(gB @ X.mT) if left else -(X.mT @ gB)
        gB = gB.squeeze(-1) if vector else gB
        return [
            gA.sum_to_size(A.shape) if needs[0] else None,
            gB.sum_to_size(B.shape) if needs[1] else None,
        ]

    _record("LinalgSolveExBackward0", [A, B], [result], gradients)
    return result


def _svd(A):
    """The reduced singular value decomposition ``U, S, Vh`` of each matrix of
    ``A``, one LinalgSvdBackward0 node; the backward is torch's real formula
    (distinct, nonzero singular values where U or Vh get a gradient), built
    on ``_svd`` again so it can be differentiated again."""
    import numpy as np

    u, s, vh = np.linalg.svd(_array(A), full_matrices=False)
    U, S, Vh = (_from_array(t, A.dtype) for t in (u, s, vh))

    def gradients(grads, needs, A):
        # outputs after the last one given a gradient get no entry
        gU, gS, gVh = list(grads) + [None] * (3 - len(grads))
        U, S, Vh = _svd(A)
        k = S.size(-1)
        inner = _zeros_square(A, k) if gS is None else gS.unsqueeze(-1) * _eye(k, A.dtype)
        if gU is None and gVh is None:
            return [U @ inner @ Vh]
        squares = S * S
        # E_jk = S_k² - S_j², with ones on the diagonal, which the skew parts leave zero
        gaps = squares.unsqueeze(-2) - squares.unsqueeze(-1) + _eye(k, A.dtype)
        V = Vh.mT
        gradient = 0
        if gU is not None:
            UgU = U.mT @ gU
            inner = inner + (UgU - UgU.mT) / gaps * S.unsqueeze(-2)
            if A.size(-2) > k:
                gradient = gradient + ((gU - U @ (U.mT @ gU)) / S.unsqueeze(-2)) @ Vh
        if gVh is not None:
            gV = gVh.mT
            VgV = V.mT @ gV
            inner = inner + S.unsqueeze(-1) * ((VgV - VgV.mT) / gaps)
            if A.size(-1) > k:
                gradient = gradient + U @ ((gV - V @ (V.mT @ gV)) / S.unsqueeze(-2)).mT
        return [U @ inner @ Vh + gradient]

    _record("LinalgSvdBackward0", [A], [U, S, Vh], gradients)
    return U, S, Vh


def _eye(n, dtype):
    from . import eye

    return eye(n, dtype=dtype)


def _zeros_square(A, k):
    from . import zeros

    return zeros(tuple(A.shape[:-2]) + (k, k), dtype=A.dtype)


def svdvals(A, *, driver=None, out=None):
    _tensor_argument("linalg_svdvals", A, "A")
    if A.dim() < 2:
        raise RuntimeError("linalg.svd: The input tensor A must have at least 2 dimensions.")
    _check_float("linalg.svd", A)
    return _svd(A)[1]


# ---- torch.* functions and Tensor methods ---------------------------------------------------


def _det(input):
    _tensor_argument("det", input, "input")
    return det(input)


def _logdet(input):
    from . import tensor, where

    _tensor_argument("logdet", input, "input")
    sign, logabsdet = _slogdet("logdet", input)
    # a negative determinant has no real logarithm
    return where(sign < 0, tensor(float("nan"), dtype=input.dtype), logabsdet)


def _slogdet_function(input):
    _tensor_argument("slogdet", input, "input")
    return _SlogdetResult(_slogdet("linalg.slogdet", input))


def with_nuclear_norm(native_norm):
    """``Tensor.norm`` taking ``p='nuc'`` as torch's does (the matrix norm
    over ``dim``, all dimensions by default), else the native one."""

    def norm(self, *args, **kwargs):
        p = args[0] if args else kwargs.get("p", "fro")
        if not (isinstance(p, str) and p == "nuc"):
            return native_norm(self, *args, **kwargs)
        names = ("p", "dim", "keepdim", "dtype")
        given = dict(zip(names, args)) | kwargs
        dim = given.get("dim")
        if dim is None:
            dim = tuple(range(self.dim()))
        elif isinstance(dim, int):
            dim = (dim,)
        return matrix_norm(self, "nuc", dim, given.get("keepdim", False), dtype=given.get("dtype"))

    return norm


FUNCTIONS = {"inverse": inverse, "det": _det, "logdet": _logdet, "slogdet": _slogdet_function}
