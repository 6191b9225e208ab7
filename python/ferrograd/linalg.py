"""``torch.linalg``: the norms (vector, matrix, and ``norm`` choosing
between them as torch does), ``cross``, ``svdvals``, the square-matrix
functions ``inv``, ``det``, ``slogdet``, ``solve``, ``solve_triangular``,
``matrix_power`` and ``matrix_exp``, ``pinv``, ``matrix_rank`` and
``lstsq``, and the decompositions ``cholesky`` (``cholesky_ex``), ``qr``,
``eigh`` (``eigvalsh``), ``svd`` and ``lu`` (``lu_factor``, ``lu_solve``).

The matrix functions compute their values with ``numpy.linalg`` (in the
tensor's own dtype) and record one node under torch's name, whose backward
is a formula in ferrograd ops, so it can be differentiated again."""

from . import _core, _more_ops
from ._checks import SCALAR_TYPE_NAMES, c_type_name, missing, not_tensor
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


def _check_square_shape(func, A):
    if A.dim() < 2:
        raise RuntimeError(f"{func}: The input tensor A must have at least 2 dimensions.")
    if A.size(-1) != A.size(-2):
        raise RuntimeError(
            f"{func}: A must be batches of square matrices, but they are {A.size(-2)} by "
            f"{A.size(-1)} matrices"
        )


def _check_square(func, A):
    if func == "linalg.solve" and A.dim() >= 2:  # solve checks the dtype before the shape
        _check_float(func, A)
    _check_square_shape(func, A)
    _check_float(func, A)


def _check_batches_broadcast(first, second):
    """torch's broadcasting error for two batch shapes (``first`` is its
    "tensor a") that do not broadcast."""
    size = max(len(first), len(second))
    first = [1] * (size - len(first)) + list(first)
    second = [1] * (size - len(second)) + list(second)
    for dim, (a, b) in enumerate(zip(first, second)):
        if a != b and a != 1 and b != 1:
            raise RuntimeError(
                f"The size of tensor a ({a}) must match the size of tensor b ({b}) at "
                f"non-singleton dimension {dim}"
            )


def _array(t):
    return t.detach().numpy()


def _from_array(array, dtype, column_major=False):
    """A new tensor of ``dtype`` holding ``array``; ``column_major`` lays each
    matrix out by columns, as LAPACK writes torch's results."""
    import numpy as np

    from . import from_numpy

    array = np.asarray(array, dtype=np.float32 if dtype == _core.float32 else np.float64)
    if array.size == 0 and array.ndim >= 1:
        # torch's strides of an empty tensor (never 0), laid out as asked
        from . import zeros

        if column_major and array.ndim >= 2:
            return zeros(array.shape[:-2] + array.shape[-2:][::-1], dtype=dtype).mT
        return zeros(array.shape, dtype=dtype)
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


def _svd(A, full_matrices=False):
    """The singular value decomposition ``U, S, Vh`` of each matrix of ``A``
    (reduced unless ``full_matrices``), one LinalgSvdBackward0 node; the
    backward is torch's real formula (distinct, nonzero singular values where
    U or Vh get a gradient), built on ``_svd`` again so it can be
    differentiated again. The singular vectors' signs are numpy's LAPACK's,
    which may differ from torch's."""
    import numpy as np

    u, s, vh = np.linalg.svd(_array(A), full_matrices=full_matrices)
    U, Vh = (_from_array(t, A.dtype, column_major=True) for t in (u, vh))
    S = _from_array(s, A.dtype)

    def gradients(grads, needs, A):
        # outputs after the last one given a gradient get no entry
        gU, gS, gVh = list(grads) + [None] * (3 - len(grads))
        U, S, Vh = _svd(A, full_matrices)
        k = S.size(-1)
        if full_matrices:
            # the vectors beyond the k-th are not determined by A: as torch
            # does, their gradients are dropped
            U, Vh = U[..., :k], Vh[..., :k, :]
            gU = None if gU is None else gU[..., :k]
            gVh = None if gVh is None else gVh[..., :k, :]
        inner = _zeros_square(A, k) if gS is None else gS.unsqueeze(-1) * _eye(k, A.dtype)
        if gU is None and gVh is None:
            return [U @ inner @ Vh]
        squares = S * S
        # E_jk = S_k² - S_j², with ones on the diagonal, which the skew parts leave zero
        gaps = squares.unsqueeze(-2) - squares.unsqueeze(-1) + _eye(k, A.dtype)
        V = Vh.mT
        left = right = None  # the parts off U's (tall) or V's (wide) column space
        if gU is not None:
            UgU = U.mT @ gU
            inner = inner + (UgU - UgU.mT) / gaps * S.unsqueeze(-2)
            if A.size(-2) > k:
                left = (gU - U @ (U.mT @ gU)) / S.unsqueeze(-2)
        if gVh is not None:
            gV = gVh.mT
            VgV = V.mT @ gV
            inner = inner + S.unsqueeze(-1) * ((VgV - VgV.mT) / gaps)
            if A.size(-1) > k:
                right = ((gV - V @ (V.mT @ gV)) / S.unsqueeze(-2)).mT
        # at most one of them exists (k is the smaller side); the last product
        # is a matmul, as in torch's graph
        if left is not None:
            return [(U @ inner + left) @ Vh]
        if right is not None:
            return [U @ (inner @ Vh + right)]
        return [U @ inner @ Vh]

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


# ---- decompositions: cholesky, qr, eigh ------------------------------------------------------


class _ReturnType(tuple):
    """A torch.return_types structseq: a tuple whose items also have names."""

    _name = ""
    _fields = ()

    def __getattr__(self, field):
        if field in self._fields:
            return self[self._fields.index(field)]
        raise AttributeError(f"'{self._name}' object has no attribute '{field}'")

    def __repr__(self):
        items = ",\n".join(f"{name}={value!r}" for name, value in zip(self._fields, self))
        return f"torch.return_types.{self._name}(\n{items})"


def _return_type(name, *fields):
    return type(name, (_ReturnType,), {"_name": name, "_fields": fields})


_CholeskyEx = _return_type("linalg_cholesky_ex", "L", "info")
_LinalgQR = _return_type("linalg_qr", "Q", "R")
_QR = _return_type("qr", "Q", "R")
_Eigh = _return_type("linalg_eigh", "eigenvalues", "eigenvectors")

_warned = set()


def _deprecated(key, message):
    """torch's deprecation warnings for torch.cholesky and torch.qr, given once per process."""
    import warnings

    if key not in _warned:
        _warned.add(key)
        warnings.warn(message, UserWarning, stacklevel=3)


def _check_decomposition(func, kernel, A, square=True, checks_float=True, dtypes=True):
    """torch's checks of a decomposition's input: at least 2 dimensions,
    square where asked, floating point (where ``checks_float``, else the
    kernel refuses it); half precision has no CPU kernel."""
    if A.dim() < 2:
        raise RuntimeError(f"{func}: The input tensor A must have at least 2 dimensions.")
    if square and A.size(-1) != A.size(-2):
        raise RuntimeError(
            f"{func}: A must be batches of square matrices, but they are {A.size(-2)} by "
            f"{A.size(-1)} matrices"
        )
    if dtypes and A.dtype not in (_core.float32, _core.float64):
        name = SCALAR_TYPE_NAMES[A.dtype]
        if checks_float and not A.is_floating_point():
            raise RuntimeError(
                f"{func}: Expected a floating point or complex tensor as input. Got {name}"
            )
        raise NotImplementedError(f'"{kernel}" not implemented for \'{name}\'')


def _cholesky_unblocked(a):
    """Column by column Cholesky of the lower triangle of one matrix, as LAPACK's
    unblocked potf2 runs it: where a leading minor is not positive-definite it
    stops, leaving the failing pivot on the diagonal and later columns as given.
    Returns the factor and the order of that minor (0 where none fails)."""
    import numpy as np

    a = np.tril(np.array(a))
    n = a.shape[-1]
    for j in range(n):
        pivot = a[j, j] - a[j, :j] @ a[j, :j]
        if not pivot > 0:  # also NaN
            a[j, j] = pivot
            return a, j + 1
        a[j, j] = np.sqrt(pivot)
        a[j + 1:, j] = (a[j + 1:, j] - a[j + 1:, :j] @ a[j, :j]) / a[j, j]
    return a, 0


def _cholesky_arrays(A, upper):
    """The lower factors of the (lower, or for ``upper`` the upper) triangle of
    each matrix, and the per-matrix LAPACK info."""
    import numpy as np

    a = _array(A)
    if upper:
        a = np.swapaxes(a, -1, -2)
    n = a.shape[-1]
    try:
        factors = np.linalg.cholesky(a)
        # a NaN pivot fails in LAPACK's potrf; OpenBLAS's lets it through
        if not np.isnan(factors).any():
            return factors, np.zeros(a.shape[:-2], dtype=np.int32)
    except np.linalg.LinAlgError:
        pass
    flat = a.reshape(-1, n, n)
    factors, info = np.empty_like(flat), np.zeros(flat.shape[0], dtype=np.int32)
    for k, matrix in enumerate(flat):
        try:
            factors[k] = np.linalg.cholesky(matrix)
            if np.isnan(factors[k]).any():
                factors[k], info[k] = _cholesky_unblocked(matrix)
        except np.linalg.LinAlgError:
            factors[k], info[k] = _cholesky_unblocked(matrix)
    return factors.reshape(a.shape), info.reshape(a.shape[:-2])


def _cholesky_gradient(L, gL, upper):
    """The (symmetric) gradient of A = LLᵀ from that of its factor:
    gA = L⁻ᵀ S L⁻¹, S the symmetric matrix whose lower triangle is half
    that of Lᵀ gL."""
    if upper:  # U = Lᵀ
        L, gL = L.mT, gL.mT
    inner = (L.mT @ gL).tril()
    inner = 0.5 * (inner + inner.tril(-1).mT)
    inner = solve_triangular(L.mT, inner, upper=True)
    return solve_triangular(L, inner, upper=False, left=False)


def _cholesky(func, A, upper):
    import numpy as np

    factors, info = _cholesky_arrays(A, upper)
    if upper:
        factors = np.swapaxes(factors, -1, -2)
    L = _from_array(factors, A.dtype, column_major=True)

    def gradients(grads, needs, A):
        return [_cholesky_gradient(_cholesky(func, A, upper)[0], grads[0], upper)]

    _record(func, [A], [L], gradients)
    return L, info


def _cholesky_failed(func, A, info):
    import numpy as np

    failed = np.nonzero(info.reshape(-1))[0]
    if failed.size:
        index = int(failed[0])
        raise _LinAlgError(
            f"{func}: {_batch_prefix(A, index)}The factorization could not be completed "
            "because the input is not positive-definite (the leading minor of order "
            f"{int(info.reshape(-1)[index])} is not positive-definite)."
        )


def cholesky(A, *, upper=False, out=None):
    _tensor_argument("linalg_cholesky", A, "input")
    if out is not None:
        raise NotImplementedError("ferrograd's linalg.cholesky has no out=")
    _check_decomposition("linalg.cholesky", "cholesky_cpu", A)
    L, info = _cholesky("LinalgCholeskyExBackward0", A, upper)
    _cholesky_failed("linalg.cholesky", A, info)
    return L


def cholesky_ex(A, *, upper=False, check_errors=False, out=None):
    import numpy as np

    _tensor_argument("linalg_cholesky_ex", A, "input")
    if out is not None:
        raise NotImplementedError("ferrograd's linalg.cholesky_ex has no out=")
    _check_decomposition("linalg.cholesky", "cholesky_cpu", A)
    L, info = _cholesky("LinalgCholeskyExBackward0", A, upper)
    if check_errors:
        _cholesky_failed("linalg.cholesky_ex", A, info)
    from . import from_numpy

    info = from_numpy(np.array(info, dtype=np.int32).reshape(-1)).reshape(tuple(info.shape))
    return _CholeskyEx((L, info))


def _cholesky_function(input, upper=False, *, out=None):
    _tensor_argument("cholesky", input, "input")
    if out is not None:
        raise NotImplementedError("ferrograd's cholesky has no out=")
    _deprecated(
        "cholesky",
        "torch.cholesky is deprecated in favor of torch.linalg.cholesky and will be removed in "
        "a future PyTorch release.\nL = torch.cholesky(A)\nshould be replaced with\n"
        "L = torch.linalg.cholesky(A)\nand\nU = torch.cholesky(A, upper=True)\n"
        "should be replaced with\nU = torch.linalg.cholesky(A).mH\nThis transform will produce "
        "equivalent results for all valid (symmetric positive definite) inputs.",
    )
    _check_decomposition("cholesky", "cholesky_cpu", input, checks_float=False)
    L, info = _cholesky("CholeskyBackward0", input, upper)
    _cholesky_failed("cholesky", input, info)
    return L


def _qr_square_gradient(Q, R, gQ, gR):
    """The gradient of A = QR (Q with orthonormal columns, R square upper
    triangular): with K = Qᵀ gQ - gR Rᵀ,
    gA = (gQ + Q (tril(K - Kᵀ, -1) - K)) R⁻ᵀ."""
    inner = 0
    if gQ is not None:
        inner = Q.mT @ gQ
    if gR is not None:
        inner = inner - gR @ R.mT
    inner = (inner - inner.mT).tril(-1) - inner
    outer = Q @ inner if gQ is None else gQ + Q @ inner
    return solve_triangular(R.mT, outer, upper=False, left=False)


def _qr(A, mode):
    import numpy as np

    from . import zeros

    if mode == "r":
        Q = zeros(0, dtype=A.dtype)
        R = _from_array(np.linalg.qr(_array(A), mode="r"), A.dtype, column_major=True)
    else:
        q, r = np.linalg.qr(_array(A), mode=mode)
        Q = _from_array(q, A.dtype, column_major=True)
        R = _from_array(r, A.dtype, column_major=True)
    m, n = A.size(-2), A.size(-1)

    def gradients(grads, needs, A):
        if mode == "r":
            raise RuntimeError(
                "The derivative of linalg.qr depends on Q, which is not computed when "
                "mode='r'. Please use linalg.qr(A, mode='reduced') if you are going to "
                "differentiate through linalg.qr."
            )
        if mode == "complete" and m > n:
            raise RuntimeError(
                "The QR decomposition is not differentiable when mode='complete' and "
                "nrows > ncols."
            )
        gQ, gR = list(grads) + [None] * (2 - len(grads))
        Q, R = _qr(A, mode)
        if m >= n:
            return [_qr_square_gradient(Q, R, gQ, gR)]
        # A = Q [R1 R2], R1 square: R2 = Qᵀ A2 passes its gradient to A2 and to Q
        from . import cat

        A2 = A[..., m:]
        R1 = R[..., :m]
        gR1 = None if gR is None else gR[..., :m]
        right = zeros(A.shape[:-1] + (n - m,), dtype=A.dtype)
        if gR is not None:
            extra = A2 @ gR[..., m:].mT
            gQ = extra if gQ is None else gQ + extra
        square = cat([_qr_square_gradient(Q, R1, gQ, gR1), right], -1)
        if gR is None:
            return [square]
        # the part of A2: Q gR2, beside zeros
        return [square + Q @ cat([_zeros_square(A, m), gR[..., m:]], -1)]

    _record("LinalgQrBackward0", [A], [Q, R], gradients)
    return Q, R


def _check_qr(A, mode):
    if A.dim() >= 2 and A.is_floating_point() and mode not in ("reduced", "complete", "r"):
        raise RuntimeError(
            f"qr received unrecognized mode '{mode}' but expected one of 'reduced' (default), "
            "'r', or 'complete'"
        )
    _check_decomposition("linalg.qr", "geqrf_cpu", A, square=False)


def qr(A, mode="reduced", *, out=None):
    _tensor_argument("linalg_qr", A, "A")
    if out is not None:
        raise NotImplementedError("ferrograd's linalg.qr has no out=")
    _check_qr(A, mode)
    return _LinalgQR(_qr(A, mode))


def _qr_function(input, some=True, *, out=None):
    _tensor_argument("qr", input, "input")
    if out is not None:
        raise NotImplementedError("ferrograd's qr has no out=")
    _deprecated(
        "qr",
        "torch.qr is deprecated in favor of torch.linalg.qr and will be removed in a future "
        "PyTorch release.\nThe boolean parameter 'some' has been replaced with a string "
        "parameter 'mode'.\nQ, R = torch.qr(A, some)\nshould be replaced with\n"
        "Q, R = torch.linalg.qr(A, 'reduced' if some else 'complete')",
    )
    mode = "reduced" if some else "complete"
    _check_qr(input, mode)
    return _QR(_qr(input, mode))


def _eigh(A, uplo):
    """Eigenvalues (ascending) and eigenvectors of the symmetric matrices whose
    ``uplo`` triangle ``A`` holds, as one LinalgEighBackward0 node. The
    eigenvectors' signs are LAPACK's (numpy's), which may differ from torch's."""
    import numpy as np

    w, v = np.linalg.eigh(_array(A), UPLO=uplo)
    W = _from_array(w, A.dtype)
    V = _from_array(v, A.dtype, column_major=True)

    def gradients(grads, needs, A):
        gW, gV = list(grads) + [None] * (2 - len(grads))
        W, V = _eigh(A, uplo)
        inner = _zeros_square(A, A.size(-1)) if gW is None else gW.diag_embed()
        if gV is not None:
            # off the diagonal, (Vᵀ gV)ᵢⱼ / (wⱼ - wᵢ), symmetrized
            gaps = W.unsqueeze(-2) - W.unsqueeze(-1) + _eye(A.size(-1), A.dtype)
            VgV = V.mT @ gV
            inner = inner + 0.5 * (VgV - VgV.mT) / gaps
        return [V @ inner @ V.mT]

    _record("LinalgEighBackward0", [A], [W, V], gradients)
    return W, V


def _check_eigh(A, UPLO):
    _check_decomposition("linalg.eigh", "linalg_eigh_cpu", A, checks_float=False, dtypes=False)
    if not (isinstance(UPLO, str) and len(UPLO) == 1 and UPLO.upper() in "LU"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")
    _check_decomposition("linalg.eigh", "linalg_eigh_cpu", A, checks_float=False)
    return UPLO.upper()


def eigh(A, UPLO="L", *, out=None):
    _tensor_argument("linalg_eigh", A, "A")
    if out is not None:
        raise NotImplementedError("ferrograd's linalg.eigh has no out=")
    return _Eigh(_eigh(A, _check_eigh(A, UPLO)))


def eigvalsh(A, UPLO="L", *, out=None):
    _tensor_argument("linalg_eigvalsh", A, "A")
    if out is not None:
        raise NotImplementedError("ferrograd's linalg.eigvalsh has no out=")
    return _eigh(A, _check_eigh(A, UPLO))[0]


def _substitute(a, b, upper, unit):
    """X with AX = B for triangular A (numpy arrays, batches broadcast), row by
    row as back or forward substitution does; a zero pivot gives inf or NaN
    as LAPACK's trsm does, not an error."""
    import numpy as np

    n = a.shape[-1]
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    a = np.broadcast_to(a, batch + a.shape[-2:])
    x = np.array(np.broadcast_to(b, batch + b.shape[-2:]))
    with np.errstate(divide="ignore", invalid="ignore"):
        for i in reversed(range(n)) if upper else range(n):
            done = slice(i + 1, n) if upper else slice(0, i)
            x[..., i, :] -= np.einsum("...k,...kj->...j", a[..., i, done], x[..., done, :])
            if not unit:
                x[..., i, :] /= a[..., i, i, None]
    return x


def solve_triangular(A, B, *, upper, left=True, unitriangular=False, out=None):
    import numpy as np

    _tensor_argument("linalg_solve_triangular", A, "input")
    _tensor_argument("linalg_solve_triangular", B, "B", 2)
    if out is not None:
        raise NotImplementedError("ferrograd's linalg.solve_triangular has no out=")
    if B.dim() < 2:
        raise RuntimeError(
            "linalg.solve_triangular: The input tensor B must have at least 2 dimensions."
        )
    _check_decomposition(
        "linalg.solve_triangular", "triangular_solve_cpu", A, checks_float=False, dtypes=False
    )
    n = A.size(-1)
    if (B.size(-2) if left else B.size(-1)) != n:
        equation = "AX = B" if left else "XA = B"
        raise RuntimeError(
            "linalg.solve_triangular: Incompatible shapes of A and B for the equation "
            f"{equation} ({n}x{n} and {B.size(-2)}x{B.size(-1)})"
        )
    for t in (A, B):
        if t.dtype not in (_core.float32, _core.float64):
            raise NotImplementedError(
                f'"triangular_solve_cpu" not implemented for \'{SCALAR_TYPE_NAMES[t.dtype]}\''
            )
    dtype = _core.float64 if _core.float64 in (A.dtype, B.dtype) else _core.float32
    A, B = A.to(dtype), B.to(dtype)
    a, b = _array(A), _array(B)
    if left:
        x = _substitute(a, b, upper, unitriangular)
    else:  # XA = B is AᵀXᵀ = Bᵀ
        x = np.swapaxes(
            _substitute(np.swapaxes(a, -1, -2), np.swapaxes(b, -1, -2), not upper, unitriangular),
            -1, -2,
        )
    result = _from_array(x, dtype, column_major=True)

    def gradients(grads, needs, A, B):
        g = grads[0]
        X = solve_triangular(A, B, upper=upper, left=left, unitriangular=unitriangular)
        # AX = B: gB = A⁻ᵀg, gA = -gB Xᵀ; XA = B: gB = gA⁻ᵀ, gA = -Xᵀ gB; on A's triangle
        gB = solve_triangular(A.mT, g, upper=not upper, left=left, unitriangular=unitriangular)
        gA = None
        if needs[0]:
            gA = -(gB @ X.mT) if left else -(X.mT @ gB)
            offset = 1 if unitriangular else 0
            gA = (gA.triu(offset) if upper else gA.tril(-offset)).sum_to_size(A.shape)
        return [gA, gB.sum_to_size(B.shape) if needs[1] else None]

    _record("LinalgSolveTriangularBackward0", [A, B], [result], gradients)
    return result


_LinalgSVD = _return_type("linalg_svd", "U", "S", "Vh")
_SVD = _return_type("svd", "U", "S", "V")


def svd(A, full_matrices=True, *, driver=None, out=None):
    _tensor_argument("linalg_svd", A, "A")
    if out is not None:
        raise NotImplementedError("ferrograd's linalg.svd has no out=")
    if driver is not None:
        raise RuntimeError(
            "torch.linalg.svd: keyword argument `driver=` is only supported on CUDA inputs "
            "with cuSOLVER backend."
        )
    _check_decomposition("linalg.svd", "linalg_svd_cpu", A, square=False)
    return _LinalgSVD(_svd(A, full_matrices))


def _svd_function(input, some=True, compute_uv=True, *, out=None):
    from . import zeros

    _tensor_argument("svd", input, "input")
    if out is not None:
        raise NotImplementedError("ferrograd's svd has no out=")
    if input.dim() < 2:
        raise RuntimeError(
            "linalg.svd: input should have at least 2 dimensions, but has "
            f"{input.dim()} dimensions instead"
        )
    _check_decomposition("linalg.svd", "linalg_svd_cpu", input, square=False)
    if not compute_uv:
        # only S is computed; U and V are zeros of the full shapes
        batch, (m, n) = tuple(input.shape[:-2]), tuple(input.shape[-2:])
        S = _svd(input)[1]
        U = zeros(batch + (m, m), dtype=input.dtype)
        return _SVD((U, S, zeros(batch + (n, n), dtype=input.dtype).mT))
    U, S, Vh = _svd(input, not some)
    return _SVD((U, S, Vh.mT))


# ---- matrix_power, pinv, matrix_rank ---------------------------------------------------------

_MISSING = object()  # an argument not given, for torch's TypeError


def _matrix_power(func, A, n, method=False):
    if n is _MISSING:
        missing(func, "n")
    _tensor_argument(func, A, "input")
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(
            f"{func}(): argument 'n' (position {1 if method else 2}) must be int, not "
            f"{c_type_name(n)}"
        )
    _check_square_shape("linalg.matrix_power", A)
    # torch builds the power from ordinary ops, so its graph is theirs: the
    # identity copied into a clone, a clone, the inverse, then matmuls
    # (contiguous clones, as torch's)
    from . import contiguous_format

    if n == 0:
        return A.clone(memory_format=contiguous_format).copy_(_eye_like(A).expand_as(A))
    if n == 1:
        return A.clone(memory_format=contiguous_format)
    if n < 0:
        A, n = inv(A), -n
        if n == 1:
            return A
    if n == 2:
        return A @ A
    if n == 3:
        return (A @ A) @ A
    # by squaring: the powers A^(2^k) of n's set bits multiplied in from the lowest
    square = result = None
    while n:
        n, bit = divmod(n, 2)
        square = A if square is None else square @ square
        if bit:
            result = square if result is None else result @ square
    return result


def matrix_power(A, n=_MISSING, *, out=None):
    if out is not None:
        raise NotImplementedError("ferrograd's linalg.matrix_power has no out=")
    return _matrix_power("linalg_matrix_power", A, n)


def _matrix_power_function(input, n=_MISSING, *, out=None):
    if out is not None:
        raise NotImplementedError("ferrograd's matrix_power has no out=")
    return _matrix_power("matrix_power", input, n)


def _matrix_power_method(self, n=_MISSING):
    return _matrix_power("matrix_power", self, n, method=True)


def _invalid_combination(func, *args):
    names = ", ".join(c_type_name(a) for a in args)
    raise TypeError(
        f"{func}() received an invalid combination of arguments - got ({names}), "
        "but expected one of:"
    )


def _tolerance_array(value):
    import numpy as np

    from . import Tensor

    return _array(value) if isinstance(value, Tensor) else np.asarray(value, dtype=np.float64)


def _tolerance(a, values, atol, rtol):
    """torch's cut-off per matrix for the singular (or absolute eigen) values:
    max(atol, rtol · the largest one); rtol by default eps · max(m, n), but 0
    where a positive atol is given. Shape: the batch (broadcast) plus a 1."""
    import numpy as np

    m, n = a.shape[-2:]
    default = np.finfo(a.dtype).eps * max(m, n)
    largest = values.max(-1, keepdims=True) if values.shape[-1] else np.zeros(
        values.shape[:-1] + (1,), values.dtype
    )
    atol_a = np.zeros((), np.float64) if atol is None else _tolerance_array(atol)
    if rtol is not None:
        rtol_a = _tolerance_array(rtol)
    elif atol is None:
        rtol_a = np.asarray(default)
    else:
        rtol_a = np.where(atol_a > 0, 0.0, default)
    return np.maximum(atol_a[..., None], rtol_a[..., None] * largest)


def _spectrum(a, hermitian):
    """(U, values, Vh) with A = U diag(values) Vh: the SVD, or for a symmetric
    A its eigendecomposition (values signed, Vh = Uᵀ)."""
    import numpy as np

    if hermitian:
        w, u = np.linalg.eigh(a)
        return u, w, np.swapaxes(u, -1, -2)
    return np.linalg.svd(a, full_matrices=False)


def _check_pinv(A):
    if A.dim() < 2 or A.dtype not in (_core.float32, _core.float64):
        shape = ", ".join(map(str, A.shape))
        raise RuntimeError(
            f"linalg.pinv({SCALAR_TYPE_NAMES[A.dtype]}{{[{shape}]}}): expected a tensor with 2 "
            "or more dimensions of float, double, cfloat or cdouble types"
        )


def _pinv(A, atol, rtol, hermitian):
    import numpy as np

    if hermitian:
        _check_decomposition("linalg.eigh", "linalg_eigh_cpu", A)
    a = _array(A)
    m, n = a.shape[-2:]
    if m == 0 or n == 0:
        from . import zeros

        result = zeros(tuple(A.shape[:-2]) + (n, m), dtype=A.dtype)
    else:
        u, values, vh = _spectrum(a, hermitian)
        tol = _tolerance(a, np.abs(values), atol, rtol)
        with np.errstate(divide="ignore"):
            inverted = np.where(np.abs(values) > tol, 1 / values, 0).astype(a.dtype)
        x = (np.swapaxes(vh, -1, -2) * inverted[..., None, :]) @ np.swapaxes(u, -1, -2)
        result = _from_array(x, A.dtype)

    def gradients(grads, needs, A):
        P = _pinv(A, atol, rtol, hermitian)
        return [_pinv_gradient(A, P, grads[0]).sum_to_size(A.shape)]

    _record("LinalgPinvBackward0", [A], [result], gradients)
    return result


def _pinv_gradient(A, P, g):
    """The gradient of A from ``g``, that of its pseudo-inverse ``P`` (A of
    fixed rank), grouped so the products are of the smaller side."""
    gT, PT = g.mT, P.mT
    if A.size(-2) <= A.size(-1):
        K = gT @ P
        KPT = K @ PT
        return -(P @ K).mT + KPT - (A @ P) @ KPT + (PT @ P) @ (gT - K @ A)
    K = P @ gT
    PTK = PT @ K
    return -(K @ P).mT + (gT - A @ K) @ P @ PT + PTK - PTK @ P @ A


def pinv(A, rcond=None, hermitian=False, *, atol=None, rtol=None, out=None):
    from . import Tensor

    if not isinstance(A, Tensor):
        _invalid_combination("linalg_pinv", A)
    if out is not None:
        raise NotImplementedError("ferrograd's linalg.pinv has no out=")
    _check_pinv(A)
    if rcond is not None:  # the older form: rcond is rtol, with no atol
        atol, rtol = 0.0, rcond
    return _pinv(A, atol, rtol, hermitian)


def pinverse(input, rcond=1e-15):
    _tensor_argument("pinverse", input, "input")
    _check_pinv(input)
    return _pinv(input, 0.0, rcond, False)


def matrix_rank(A, tol=None, hermitian=False, *, atol=None, rtol=None, out=None):
    import numpy as np

    from . import Tensor, from_numpy

    if not isinstance(A, Tensor):
        _invalid_combination("linalg_matrix_rank", A)
    if out is not None:
        raise NotImplementedError("ferrograd's linalg.matrix_rank has no out=")
    if A.dim() < 2:
        raise RuntimeError(
            "torch.linalg.matrix_rank: The input tensor input must have at least 2 dimensions."
        )
    if A.dtype not in (_core.float32, _core.float64):
        raise RuntimeError("This function doesn't handle types other than float and double")
    if hermitian:
        _check_decomposition("linalg.eigh", "linalg_eigh_cpu", A)
    if tol is not None:  # the older form: tol is atol, with no rtol
        atol, rtol = tol, 0.0
    a = _array(A)
    if a.shape[-1] == 0 or a.shape[-2] == 0:
        rank = np.zeros(a.shape[:-2], dtype=np.int64)
    else:
        values = np.abs(
            np.linalg.eigvalsh(a) if hermitian else np.linalg.svd(a, compute_uv=False)
        )
        rank = (values > _tolerance(a, values, atol, rtol)).sum(-1).astype(np.int64)
    return from_numpy(np.array(rank).reshape(-1)).reshape(rank.shape)


# ---- lstsq ----------------------------------------------------------------------------------

_Lstsq = _return_type("linalg_lstsq", "solution", "residuals", "rank", "singular_values")
_LSTSQ_DRIVERS = ("gels", "gelsy", "gelsd", "gelss")


def _condition_step(largest, x, estimate, w, gamma, eps):
    """One step of LAPACK's incremental condition estimation (laic1): given
    the estimate of the largest (or smallest) singular value of a triangle
    with its vector x, the estimate for the triangle grown by the column
    (w, gamma), and the (s, c) that grow x. Returns (estimate, s, c)."""
    import math

    alpha = float(x @ w)
    absalp, absgam, absest = abs(alpha), abs(gamma), abs(estimate)
    sign = math.copysign
    if largest:
        if estimate == 0:
            s1 = max(absgam, absalp)
            if s1 == 0:
                return 0.0, 0.0, 1.0
            s, c = alpha / s1, gamma / s1
            t = math.sqrt(s * s + c * c)
            return s1 * t, s / t, c / t
        if absgam <= eps * absest:
            t = max(absest, absalp)
            return t * math.hypot(absest / t, absalp / t), 1.0, 0.0
        if absalp <= eps * absest:
            return (absest, 1.0, 0.0) if absgam <= absest else (absgam, 0.0, 1.0)
        if absest <= eps * absalp or absest <= eps * absgam:
            if absgam <= absalp:
                t = absgam / absalp
                root = math.sqrt(1 + t * t)
                return absalp * root, sign(1, alpha) / root, (gamma / absalp) / root
            t = absalp / absgam
            root = math.sqrt(1 + t * t)
            return absgam * root, (alpha / absgam) / root, sign(1, gamma) / root
        z1, z2 = alpha / absest, gamma / absest
        b = (1 - z1 * z1 - z2 * z2) * 0.5
        c = z1 * z1
        t = c / (b + math.sqrt(b * b + c)) if b > 0 else math.sqrt(b * b + c) - b
        sine, cosine = -z1 / t, -z2 / (1 + t)
        norm = math.hypot(sine, cosine)
        return math.sqrt(t + 1) * absest, sine / norm, cosine / norm
    if estimate == 0:
        sine, cosine = (1.0, 0.0) if max(absgam, absalp) == 0 else (-gamma, alpha)
        s1 = max(abs(sine), abs(cosine))
        s, c = sine / s1, cosine / s1
        t = math.sqrt(s * s + c * c)
        return 0.0, s / t, c / t
    if absgam <= eps * absest:
        return absgam, 0.0, 1.0
    if absalp <= eps * absest:
        return (absgam, 0.0, 1.0) if absgam <= absest else (absest, 1.0, 0.0)
    if absest <= eps * absalp or absest <= eps * absgam:
        if absgam <= absalp:
            t = absgam / absalp
            root = math.sqrt(1 + t * t)
            return absest * (t / root), -(gamma / absalp) / root, sign(1, alpha) / root
        t = absalp / absgam
        root = math.sqrt(1 + t * t)
        return absest / root, -sign(1, gamma) / root, (alpha / absgam) / root
    z1, z2 = alpha / absest, gamma / absest
    norma = max(1 + z1 * z1 + abs(z1 * z2), abs(z1 * z2) + z2 * z2)
    if 1 + 2 * (z1 - z2) * (z1 + z2) >= 0:
        b = (z1 * z1 + z2 * z2 + 1) * 0.5
        c = z2 * z2
        t = c / (b + math.sqrt(abs(b * b - c)))
        sine, cosine = z1 / (1 - t), -z2 / t
        value = math.sqrt(t + 4 * eps * eps * norma) * absest
    else:
        b = (z2 * z2 + z1 * z1 - 1) * 0.5
        c = z1 * z1
        t = -c / (b + math.sqrt(b * b + c)) if b >= 0 else b - math.sqrt(b * b + c)
        sine, cosine = -z1 / t, -z2 / (1 + t)
        value = math.sqrt(1 + t + 4 * eps * eps * norma) * absest
    norm = math.hypot(sine, cosine)
    return value, sine / norm, cosine / norm


def _gelsy_rank(R, rcond):
    """The rank gelsy finds in the triangle R: columns are taken while the
    estimated condition of the leading triangle stays within 1/rcond."""
    import numpy as np

    size = min(R.shape)
    if size == 0 or R[0, 0] == 0:
        return 0
    eps = float(np.finfo(R.dtype).eps) / 2  # LAPACK's lamch('Epsilon')
    small = np.zeros(size)
    big = np.zeros(size)
    small[0] = big[0] = 1.0
    smallest = largest = abs(float(R[0, 0]))
    rank = 1
    while rank < size:
        column, gamma = R[:rank, rank].astype(np.float64), float(R[rank, rank])
        new_small, s1, c1 = _condition_step(False, small[:rank], smallest, column, gamma, eps)
        new_big, s2, c2 = _condition_step(True, big[:rank], largest, column, gamma, eps)
        if not new_big * rcond <= new_small:
            break
        small[:rank] *= s1
        big[:rank] *= s2
        small[rank], big[rank] = c1, c2
        smallest, largest = new_small, new_big
        rank += 1
    return rank


def _gelsy(a, b, rcond):
    """LAPACK's gelsy for one matrix as torch calls it: its pivot array marks
    every column as fixed, so the QR is not pivoted. Then the rank where the
    leading triangle's estimated condition first passes 1/rcond, and the
    least-norm solution through the first rank rows of R. Returns (solution, rank)."""
    import numpy as np

    n = a.shape[1]
    q, R = np.linalg.qr(a, mode="complete")
    qtb = q.T @ b
    rank = _gelsy_rank(R, rcond)
    x = np.zeros((n, b.shape[1]), a.dtype)
    if rank:
        # [R11 R12] has full row rank: its least-norm solution through the QR of its transpose
        q, r = np.linalg.qr(R[:rank].T)
        x = q @ np.linalg.solve(r.T, qtb[:rank])
    return x, rank


def _lstsq_arrays(a, b, rcond, driver):
    """The solution (broadcast batch), the rank and singular values (A's own
    batch) and the per-column squares of the residuals as each driver fills them."""
    import numpy as np

    m, n = a.shape[-2:]
    k = b.shape[-1]
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    count = int(np.prod(batch))
    a_all = np.broadcast_to(a, batch + (m, n)).reshape(count, m, n)
    b_all = np.broadcast_to(b, batch + (m, k)).reshape(count, m, k)
    cut = np.finfo(a.dtype).eps * max(m, n) if rcond is None else rcond
    own = a.reshape(int(np.prod(a.shape[:-2])), m, n)
    rank = values = None
    if driver == "gelsy":
        x = np.stack([_gelsy(ai, bi, cut)[0] for ai, bi in zip(a_all, b_all)]) if len(
            a_all) else np.zeros((0, n, k), a.dtype)
        rank = np.array([_gelsy(ai, np.zeros((m, 0), a.dtype), cut)[1] for ai in own])
    else:
        u, s, vh = np.linalg.svd(a_all, full_matrices=False)
        largest = s.max(-1, keepdims=True) if s.shape[-1] else s[..., :1]
        # gels assumes full rank: every singular value is inverted
        keep = s > (cut * largest if driver != "gels" else 0)
        with np.errstate(divide="ignore"):
            inverted = np.where(keep, 1 / np.where(keep, s, 1), 0).astype(a.dtype)
        x = np.swapaxes(vh, -1, -2) @ (inverted[..., None] * (np.swapaxes(u, -1, -2) @ b_all))
        if driver != "gels":
            values = np.linalg.svd(own, compute_uv=False) if own.size else np.zeros(
                own.shape[:1] + (min(m, n),), a.dtype)
            top = values.max(-1, keepdims=True) if values.shape[-1] else values[..., :1]
            rank = (values > cut * top).sum(-1)
            values = values.reshape(a.shape[:-2] + (min(m, n),))
    residuals = None
    if m > n and (driver == "gels" or (driver != "gelsy" and (rank == n).all())):
        residuals = ((a_all @ x - b_all) ** 2).sum(-2).reshape(batch + (k,))
    x = x.reshape(batch + (n, k))
    if rank is not None:
        rank = rank.astype(np.int64).reshape(a.shape[:-2])
    return x, residuals, rank, values


def _lstsq(A, B, rcond, driver, vector):
    import numpy as np

    from . import from_numpy, zeros

    a, b = _array(A), _array(B)
    if vector:
        b = b[..., None]
    m, n = a.shape[-2:]
    x, residuals, rank, values = _lstsq_arrays(a, b, rcond, driver)
    # LAPACK solves in place in B's (max(m, n) by k, column-major) buffer: the
    # solution is its first n rows
    buffer = np.zeros(x.shape[:-2] + (x.shape[-1], max(m, n)), a.dtype)
    buffer[..., :n] = np.swapaxes(x, -1, -2)
    solution = from_numpy(buffer[..., 0, :n] if vector else np.swapaxes(buffer, -1, -2)[..., :n, :])
    empty = zeros(0, dtype=A.dtype)
    residuals = empty if residuals is None else _from_array(residuals, A.dtype)
    rank = zeros(0, dtype=_core.int64) if rank is None else from_numpy(
        np.array(rank).reshape(-1)).reshape(rank.shape)
    values = zeros(0, dtype=A.dtype) if values is None else _from_array(values, A.dtype)

    def gradients(grads, needs, A, B):
        gX, gR = list(grads) + [None] * (2 - len(grads))
        Bm = B.unsqueeze(-1) if vector else B
        gA = gB = None
        if gX is not None:
            # the solution is pinv(A) B
            g = gX.unsqueeze(-1) if vector else gX
            P = _pinv(A, None, None, False)
            if needs[0]:
                gA = _pinv_gradient(A, P, g @ Bm.mT)
            if needs[1]:
                gB = P.mT @ g
        if gR is not None and gR.numel():
            # r = |AX - B|² per column, X optimal: only the explicit dependence counts
            X = _lstsq(A, B, rcond, driver, vector)[0]
            X = X.unsqueeze(-1) if vector else X
            difference = A @ X - Bm
            if needs[0]:
                part = _times_number((difference * gR.unsqueeze(-2)) @ X.mT, 2)
                gA = part if gA is None else gA + part
            if needs[1]:
                part = difference * (-2 * gR).unsqueeze(-2)
                gB = part if gB is None else gB + part
        if gB is not None and vector:
            gB = gB.squeeze(-1)
        return [
            None if gA is None else gA.sum_to_size(A.shape),
            None if gB is None else gB.sum_to_size(B.shape),
        ]

    _record("LinalgLstsqBackward0", [A, B], [solution, residuals], gradients)
    return solution, residuals, rank, values


def _times_number(t, c):
    """``t * c`` for a Python number, as torch's C++ scales: mul with a Scalar,
    the node MulBackward1 (ferrograd's ``*`` records MulBackward0)."""
    result = t.detach() * c
    _record("MulBackward1", [t], [result], lambda grads, needs, t: [grads[0] * c])
    return result


def lstsq(A, B=_MISSING, rcond=None, *, driver=None):
    if B is _MISSING:
        missing("linalg_lstsq", "b")
    _tensor_argument("linalg_lstsq", A, "input")
    _tensor_argument("linalg_lstsq", B, "b", 2)
    if driver is not None and not isinstance(driver, str):
        raise TypeError(
            f"linalg_lstsq(): argument 'driver' must be str, not {c_type_name(driver)}"
        )
    if A.dim() < 2:
        raise RuntimeError("torch.linalg.lstsq: input must have at least 2 dimensions.")
    if B.dim() < 1:
        raise RuntimeError("torch.linalg.lstsq: other must have at least 1 dimension.")
    if A.dtype != B.dtype:
        raise RuntimeError(
            "torch.linalg.lstsq: Expected input and other to have the same dtype, but got "
            f"input's dtype {SCALAR_TYPE_NAMES[A.dtype]} and other's dtype "
            f"{SCALAR_TYPE_NAMES[B.dtype]}"
        )
    if not (A.dim() >= B.dim() and A.dim() - B.dim() <= 1):
        raise RuntimeError(
            "torch.linalg.lstsq: input.dim() must be greater or equal to other.dim() and "
            "(input.dim() - other.dim()) <= 1"
        )
    vector = B.dim() == 1 or (A.dim() == B.dim() + 1 and B.shape == A.shape[:-1])
    if A.size(-2) != B.size(-1 if vector else -2):
        raise RuntimeError(
            "torch.linalg.lstsq: input.size(-2) should match "
            f"other.size({-1 if vector else -2})"
        )
    driver = "gelsy" if driver is None else driver.lower()
    if driver not in _LSTSQ_DRIVERS:
        raise RuntimeError(
            "torch.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)"
        )
    if A.dtype not in (_core.float32, _core.float64):
        raise RuntimeError("This function doesn't handle types other than float and double")
    # torch compares the batches as if B were a stack of vectors whenever it has
    # one dimension less than A (but solves with B as it is)
    _check_batches_broadcast(
        A.shape[:-2], B.shape[:-1] if A.dim() == B.dim() + 1 else B.shape[:-2]
    )
    return _Lstsq(_lstsq(A, B, rcond, driver, vector))


# ---- LU: lu_factor(_ex), lu ------------------------------------------------------------------

_LuFactor = _return_type("linalg_lu_factor", "LU", "pivots")
_LuFactorEx = _return_type("linalg_lu_factor_ex", "LU", "pivots", "info")
_Lu = _return_type("linalg_lu", "P", "L", "U")


def _getrf(a):
    """LU with partial pivoting of each matrix, as LAPACK's getrf: in each
    column the row of largest absolute value (the first on ties) is swapped
    up; a zero pivot is left in place. Returns the packed factors, the
    1-based pivot rows (int32) and the first zero pivot's column (0 if none)."""
    import numpy as np

    m, n = a.shape[-2:]
    count = int(np.prod(a.shape[:-2]))
    lu = np.array(a, dtype=a.dtype).reshape(count, m, n)
    pivots = np.zeros((count, min(m, n)), dtype=np.int32)
    info = np.zeros(count, dtype=np.int32)
    rows = np.arange(count)
    for j in range(min(m, n)):
        pivot = j + np.argmax(np.abs(lu[:, j:, j]), axis=1)
        pivots[:, j] = pivot + 1
        swapped = lu[rows, pivot].copy()
        lu[rows, pivot] = lu[:, j]
        lu[:, j] = swapped
        diagonal = lu[:, j, j]
        zero = diagonal == 0
        info[zero & (info == 0)] = j + 1
        lu[:, j + 1:, j] /= np.where(zero, 1, diagonal)[:, None]
        lu[:, j + 1:, j + 1:] -= lu[:, j + 1:, j:j + 1] * lu[:, j:j + 1, j + 1:]
    batch = a.shape[:-2]
    return lu.reshape(a.shape), pivots.reshape(batch + (min(m, n),)), info.reshape(batch)


def _unpack_arrays(lu, pivots):
    """P, L, U of packed factors (numpy), A = P L U."""
    import numpy as np

    m, n = lu.shape[-2:]
    k = min(m, n)
    L = np.tril(lu[..., :k], -1) + np.eye(m, k, dtype=lu.dtype)
    U = np.triu(lu[..., :k, :])
    count = int(np.prod(lu.shape[:-2]))
    order = np.tile(np.arange(m), (count, 1))
    flat = pivots.reshape(count, k) - 1
    for j in range(k):
        rows = np.arange(count)
        first, second = order[rows, j].copy(), order[rows, flat[:, j]].copy()
        order[rows, j], order[rows, flat[:, j]] = second, first
    # row i of PᵀA is row order[i] of A
    P = np.zeros((count, m, m), dtype=lu.dtype)
    P[np.arange(count)[:, None], order, np.arange(m)[None, :]] = 1
    return P.reshape(lu.shape[:-2] + (m, m)), L, U


def _check_lu(func, dims_func, A, pivot):
    _tensor_argument(func, A, "A")
    if A.dim() < 2:
        shape = ", ".join(map(str, A.shape))
        raise RuntimeError(
            f"{dims_func}: Expected tensor with 2 or more dimensions. Got size: [{shape}] instead"
        )
    if A.dtype not in (_core.float32, _core.float64):
        raise NotImplementedError(
            f'"lu_cpu" not implemented for \'{SCALAR_TYPE_NAMES[A.dtype]}\''
        )
    if not pivot:
        raise RuntimeError(
            "linalg.lu_factor: LU without pivoting is not implemented on the CPU"
        )


def _lu_gradient(P, L, U, gL, gU):
    """The gradient of A = P L U from those of L (unit lower) and U (upper):
    square, L⁻ᵀ (tril(Lᵀ gL, -1) + triu(gU Uᵀ)) U⁻ᵀ; a wide or tall A splits
    off the part of U or L beyond the square, whose gradient passes through."""
    from . import cat, zeros_like

    gL = zeros_like(L) if gL is None else gL
    gU = zeros_like(U) if gU is None else gU
    m, n = L.size(-2), U.size(-1)
    k = min(m, n)
    if m == n:
        inner = (L.mT @ gL).tril(-1) + (gU @ U.mT).triu()
        inner = solve_triangular(U.mT, inner, upper=False, left=False)
        inner = solve_triangular(L.mT, inner, upper=True, unitriangular=True)
    elif m < n:
        inner = (L.mT @ gL - gU @ U.mT).tril(-1)
        inner = solve_triangular(U[..., :k].mT, inner, upper=False, left=False)
        inner = cat([inner + gU[..., :k], gU[..., k:]], -1)
        inner = solve_triangular(L.mT, inner, upper=True, unitriangular=True)
    else:
        inner = (gU @ U.mT - L.mT @ gL).triu()
        inner = solve_triangular(L[..., :k, :].mT, inner, upper=True, unitriangular=True)
        inner = cat([inner + gL[..., :k, :], gL[..., k:, :]], -2)
        inner = solve_triangular(U.mT, inner, upper=False, left=False)
    return P @ inner


def _lu(A):
    P, L, U = _unpack_arrays(*_getrf(_array(A))[:2])
    P, L, U = (_from_array(t, A.dtype) for t in (P, L, U))

    def gradients(grads, needs, A):
        gL, gU = list(grads) + [None] * (2 - len(grads))
        P, L, U = _lu(A)
        return [_lu_gradient(P.detach(), L, U, gL, gU)]

    _record("LinalgLuBackward0", [A], [L, U], gradients)
    return P, L, U


def _lu_unpack(LU, pivots, data=True):
    """P, L, U from packed factors, as one LuUnpackBackward0 node (without
    ``data``, L and U are empty, as torch leaves them)."""
    from . import zeros, zeros_like

    P, L, U = _unpack_arrays(_array(LU), _array(pivots))
    P, L, U = (_from_array(t, LU.dtype) for t in (P, L, U))
    if not data:
        L, U = zeros(0, dtype=LU.dtype), zeros(0, dtype=LU.dtype)

    def gradients(grads, needs, LU):
        from . import cat

        if not data:
            return [zeros_like(LU)]
        gL, gU = list(grads) + [None] * (2 - len(grads))
        m, n = LU.size(-2), LU.size(-1)
        batch = tuple(LU.shape[:-2])
        # the strict lower triangle of LU is L's, the rest U's
        parts = []
        if gL is not None:
            lower = gL.tril(-1)
            if n > m:
                lower = cat([lower, zeros(batch + (m, n - m), dtype=LU.dtype)], -1)
            parts.append(lower)
        if gU is not None:
            upper = gU.triu()
            if m > n:
                upper = cat([upper, zeros(batch + (m - n, n), dtype=LU.dtype)], -2)
            parts.append(upper)
        return [parts[0] + parts[1] if len(parts) == 2 else parts[0]]

    _record("LuUnpackBackward0", [LU], [L, U], gradients)
    return P, L, U


_LuUnpack = _return_type("lu_unpack", "P", "L", "U")


def lu_unpack(LU_data, LU_pivots, unpack_data=True, unpack_pivots=True, *, out=None):
    from . import zeros

    _tensor_argument("lu_unpack", LU_data, "LU_data")
    _tensor_argument("lu_unpack", LU_pivots, "LU_pivots", 2)
    if out is not None:
        raise NotImplementedError("ferrograd's lu_unpack has no out=")
    if LU_data.dim() < 2:
        if LU_data.requires_grad and is_grad_enabled():
            LU_data.size(-2)  # torch's autograd asks for the size first: an IndexError
        shape = ", ".join(map(str, LU_data.shape))
        raise RuntimeError(
            "torch.lu_unpack: Expected tensor with 2 or more dimensions. Got size: "
            f"[{shape}] instead"
        )
    if LU_pivots.dtype != _core.int32:
        raise RuntimeError(
            "torch.lu_unpack: LU_pivots is expected to be a contiguous tensor of torch.int32 "
            "dtype.\nNote: this function is intended to be used with the output produced by "
            "torch.linalg.lu_factor"
        )
    P, L, U = _lu_unpack(LU_data, LU_pivots, unpack_data)
    if not unpack_pivots:
        P = zeros(0, dtype=LU_data.dtype)
    return _LuUnpack((P, L, U))


def _lu_factor(A):
    from . import from_numpy

    lu, pivots, info = _getrf(_array(A))
    LU = _from_array(lu, A.dtype, column_major=True)
    m, n = A.size(-2), A.size(-1)
    k = min(m, n)

    def gradients(grads, needs, A):
        g = grads[0]
        LU, pivots = _lu_factor(A)[:2]
        P, L, U = _lu_unpack(LU, pivots)
        return [_lu_gradient(P.detach(), L, U, g[..., :k].tril(-1), g[..., :k, :].triu())]

    _record("LinalgLuFactorExBackward0", [A], [LU], gradients)

    def integers(array):
        return from_numpy(array.reshape(-1).copy()).reshape(array.shape)

    return LU, integers(pivots), integers(info), info


def _lu_failed(func, A, info):
    import numpy as np

    failed = np.nonzero(info.reshape(-1))[0]
    if failed.size:
        index = int(failed[0])
        column = int(info.reshape(-1)[index])
        raise RuntimeError(
            f"{func}: {_batch_prefix(A, index)}U[{column},{column}] is zero and using it on "
            "lu_solve would result in a division by zero. If you still want to perform the "
            "factorization, consider calling linalg.lu(A, pivot) or linalg.lu_factor_ex(A, pivot)"
        )


def lu_factor_ex(A, *, pivot=True, check_errors=False, out=None):
    if out is not None:
        raise NotImplementedError("ferrograd's linalg.lu_factor_ex has no out=")
    _check_lu("linalg_lu_factor_ex", "torch.lu_factor", A, pivot)
    LU, pivots, info, info_array = _lu_factor(A)
    if check_errors:
        _lu_failed("torch.linalg.lu_factor_ex", A, info_array)
    return _LuFactorEx((LU, pivots, info))


def lu_factor(A, *, pivot=True, out=None):
    if out is not None:
        raise NotImplementedError("ferrograd's linalg.lu_factor has no out=")
    _check_lu("linalg_lu_factor", "torch.lu_factor", A, pivot)
    LU, pivots, _, info_array = _lu_factor(A)
    _lu_failed("torch.linalg.lu_factor", A, info_array)
    return _LuFactor((LU, pivots))


def lu(A, *, pivot=True, out=None):
    if out is not None:
        raise NotImplementedError("ferrograd's linalg.lu has no out=")
    _check_lu("linalg_lu", "linalg.lu", A, pivot)
    return _Lu(_lu(A))


def _lu_solve_left(lu, pivots, b, adjoint):
    """getrs: X with AX = B (or AᵀX = B), A = P L U given packed (numpy,
    batches broadcast), by row swaps and two triangular substitutions."""
    import numpy as np

    n = lu.shape[-1]
    batch = np.broadcast_shapes(lu.shape[:-2], b.shape[:-2])
    lu = np.broadcast_to(lu, batch + (n, n))
    pivots = np.broadcast_to(pivots, batch + (n,)).reshape(-1, n) - 1
    x = np.array(np.broadcast_to(b, batch + b.shape[-2:])).reshape((-1,) + b.shape[-2:])
    rows = np.arange(x.shape[0])
    swaps = range(n) if not adjoint else reversed(range(n))
    if not adjoint:  # Pᵀ B, then L⁻¹, then U⁻¹
        for j in swaps:
            top, other = x[rows, j].copy(), x[rows, pivots[:, j]].copy()
            x[rows, j], x[rows, pivots[:, j]] = other, top
        x = x.reshape(batch + b.shape[-2:])
        x = _substitute(lu, x, upper=False, unit=True)
        return _substitute(lu, x, upper=True, unit=False)
    # Uᵀ⁻¹ B, then Lᵀ⁻¹, then P
    t = np.swapaxes(lu, -1, -2)
    x = _substitute(t, x.reshape(batch + b.shape[-2:]), upper=False, unit=False)
    x = _substitute(t, x, upper=True, unit=True).reshape((-1,) + b.shape[-2:])
    for j in swaps:
        top, other = x[rows, j].copy(), x[rows, pivots[:, j]].copy()
        x[rows, j], x[rows, pivots[:, j]] = other, top
    return x.reshape(batch + b.shape[-2:])


def _lu_solve(LU, pivots, B, left, adjoint):
    import numpy as np

    lu, p, b = _array(LU), _array(pivots), _array(B)
    if left:
        result = _from_array(_lu_solve_left(lu, p, b, adjoint), LU.dtype, column_major=True)
    else:  # XA = B is AᵀXᵀ = Bᵀ
        x = _lu_solve_left(lu, p, np.swapaxes(b, -1, -2), not adjoint)
        result = _from_array(x, LU.dtype, column_major=True).mT

    def gradients(grads, needs, LU, B):
        g = grads[0]
        gLU = gB = None
        if needs[1]:
            gB = _lu_solve(LU, pivots, g, left, not adjoint)
        if needs[0]:
            P, L, U = _lu_unpack(LU, pivots)
            P = P.detach()
            X = _lu_solve(LU, pivots, B, left, adjoint)
            if left != adjoint:
                # the gradient of A is P L⁻ᵀ U⁻ᵀ R: gU = U⁻ᵀ R, gL = L⁻ᵀ gU Uᵀ
                R = -(g @ X.mT) if left else -(g.mT @ X)
                gU = solve_triangular(U.mT, R, upper=False)
                gL = solve_triangular(L.mT, gU @ U.mT, upper=True, unitriangular=True)
            else:
                # the gradient of A is R L⁻ᵀ U⁻ᵀ (R = -P ... P): gL = R L⁻ᵀ, gU = Lᵀ gL U⁻ᵀ
                R = -(P.mT @ X.mT @ g @ P) if not left else -(P.mT @ X @ g.mT @ P)
                gL = solve_triangular(L.mT, R, upper=True, left=False, unitriangular=True)
                gU = solve_triangular(U.mT, L.mT @ gL, upper=False, left=False)
            gLU = (gL.tril(-1) + gU.triu()).sum_to_size(LU.shape)
        return [gLU, None if gB is None else gB.sum_to_size(B.shape)]

    _record("LinalgLuSolveBackward0", [LU, B], [result], gradients)
    return result


def lu_solve(LU, pivots, B=_MISSING, *, left=True, adjoint=False, out=None):
    if B is _MISSING:
        missing("linalg_lu_solve", "B")
    _tensor_argument("linalg_lu_solve", LU, "LU")
    _tensor_argument("linalg_lu_solve", pivots, "pivots", 2)
    _tensor_argument("linalg_lu_solve", B, "B", 3)
    if out is not None:
        raise NotImplementedError("ferrograd's linalg.lu_solve has no out=")
    if LU.dim() < 2:
        raise RuntimeError(
            "torch.linalg.lu_solve: The input tensor A must have at least 2 dimensions."
        )
    n = LU.size(-1)
    if LU.size(-2) != n:
        raise RuntimeError(
            "torch.linalg.lu_solve: A must be batches of square matrices, but they are "
            f"{LU.size(-2)} by {n} matrices"
        )
    if not LU.is_floating_point():
        raise RuntimeError(
            "torch.linalg.lu_solve: Expected a floating point or complex tensor as input. "
            f"Got {SCALAR_TYPE_NAMES[LU.dtype]}"
        )
    if B.dim() < 2:
        raise RuntimeError("linalg.lu_solve: The input tensor B must have at least 2 dimensions.")
    if (B.size(-2) if left else B.size(-1)) != n:
        equation = "AX = B" if left else "XA = B"
        raise RuntimeError(
            f"linalg.lu_solve: Incompatible shapes of A and B for the equation {equation} "
            f"({n}x{n} and {B.size(-2)}x{B.size(-1)})"
        )
    if LU.dtype != B.dtype:
        raise RuntimeError(
            "linalg.lu_solve: Expected LU and B to have the same dtype, but found LU of type "
            f"{SCALAR_TYPE_NAMES[LU.dtype]} and B of type {SCALAR_TYPE_NAMES[B.dtype]} instead"
        )
    if pivots.dtype != _core.int32:
        raise RuntimeError("linalg.lu_solve: pivots should be a Tensor of scalar type torch.int32")
    if pivots.dim() < 1 or pivots.size(-1) != n:
        raise RuntimeError(
            "linalg.lu_solve: Number of pivots per batch should be same as the dimension of "
            "the matrix"
        )
    if tuple(pivots.shape) != tuple(LU.shape[:-1]):
        shape = ", ".join(map(str, pivots.shape))
        raise RuntimeError(
            "linalg.lu_solve: Expected LU.shape[:-1] and pivots.shape to be the same, but got "
            f"pivots with shape [{shape}] instead"
        )
    if LU.dtype not in (_core.float32, _core.float64):
        raise NotImplementedError(
            f'"lu_solve_cpu" not implemented for \'{SCALAR_TYPE_NAMES[LU.dtype]}\''
        )
    _check_batches_broadcast(B.shape[:-2], LU.shape[:-2])
    return _lu_solve(LU, pivots, B, left, adjoint)


# ---- matrix_exp -----------------------------------------------------------------------------


def _expm(a):
    """exp of one matrix (float64): scaled to a 1-norm of at most 1/2, a
    Taylor series to degree 18, then squared back."""
    import numpy as np

    norm = np.abs(a).sum(0).max() if a.size else 0.0
    if not np.isfinite(norm):
        return np.full_like(a, np.nan)
    squarings = max(0, int(np.ceil(np.log2(norm / 0.5)))) if norm > 0.5 else 0
    a = a / 2.0**squarings
    term = result = np.eye(a.shape[0])
    for k in range(1, 19):
        term = term @ a / k
        result = result + term
    for _ in range(squarings):
        result = result @ result
    return result


def _matrix_exp(A):
    import numpy as np

    a = _array(A).astype(np.float64)
    n = a.shape[-1]
    flat = a.reshape((int(np.prod(a.shape[:-2])), n, n))
    values = np.stack([_expm(m) for m in flat]) if len(flat) else flat
    result = _from_array(values.reshape(a.shape), A.dtype)

    def gradients(grads, needs, A):
        from . import zeros

        # the gradient is the top right block of exp([[Aᵀ, G], [0, Aᵀ]])
        n = A.size(-1)
        block = zeros(tuple(A.shape[:-2]) + (2 * n, 2 * n), dtype=A.dtype)
        block[..., :n, :n] = A.mT
        block[..., n:, n:] = A.mT
        block[..., :n, n:] = grads[0]
        return [_matrix_exp(block).narrow(-2, 0, n).narrow(-1, n, n)]

    _record("LinalgMatrixExpBackward0", [A], [result], gradients)
    return result


def matrix_exp(A):
    _tensor_argument("linalg_matrix_exp", A, "input")
    return _matrix_exp_checked(A)


def _matrix_exp_checked(A):
    _check_square_shape("linalg.matrix_exp", A)
    if not A.is_floating_point():
        raise RuntimeError(
            "linalg.matrix_exp: Expected a floating point or complex tensor as input. "
            f"Got {SCALAR_TYPE_NAMES[A.dtype]}"
        )
    if A.dtype not in (_core.float32, _core.float64):
        raise NotImplementedError(
            f"ferrograd's linalg.matrix_exp does not take {SCALAR_TYPE_NAMES[A.dtype]} "
            "(torch's half-precision kernel overflows to inf and nan)"
        )
    return _matrix_exp(A)


def _matrix_exp_function(input):
    _tensor_argument("matrix_exp", input, "input")
    return _matrix_exp_checked(input)


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


FUNCTIONS = {
    "inverse": inverse,
    "det": _det,
    "logdet": _logdet,
    "slogdet": _slogdet_function,
    "cholesky": _cholesky_function,
    "qr": _qr_function,
    "svd": _svd_function,
    "matrix_power": _matrix_power_function,
    "pinverse": pinverse,
    "matrix_exp": _matrix_exp_function,
    "lu_unpack": lu_unpack,
}

# Tensor methods that differ from the torch.* function (argument positions)
METHODS = {"matrix_power": _matrix_power_method}
