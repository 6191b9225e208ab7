"""``MultivariateNormal`` from a covariance matrix, a precision matrix or a
lower-triangular scale, with torch's sampling (loc + L @ eps) and log-density
(a triangular solve for the Mahalanobis term)."""

import math
from typing import ClassVar

import ferrograd as torch

from . import constraints
from .distribution import Distribution
from .utils import _EMPTY_SHAPE, _standard_normal, lazy_property

__all__ = ["MultivariateNormal"]


def _batch_mv(bmat, bvec):
    return torch.matmul(bmat, bvec.unsqueeze(-1)).squeeze(-1)


def _batch_mahalanobis(bL, bx):
    """x^T (L L^T)^-1 x for x batched over more (broadcast) dims than L: the x
    are regrouped so one triangular solve per L takes all its columns."""
    n = bx.size(-1)
    x_batch = tuple(bx.shape[:-1])
    l_dims = bL.dim() - 2
    outer = len(x_batch) - l_dims
    # split each of x's batch dims matched to L into (repeat, L's size)
    shape = x_batch[:outer]
    for sl, sx in zip(bL.shape[:-2], x_batch[outer:]):
        shape += (sx // sl, sl)
    bx = bx.reshape(shape + (n,))
    new_dims = outer + 2 * l_dims
    perm = (list(range(outer)) + list(range(outer, new_dims, 2))
            + list(range(outer + 1, new_dims, 2)) + [new_dims])
    bx = bx.permute(perm)
    flat_L = bL.reshape(-1, n, n)
    flat_x = bx.reshape(-1, flat_L.size(0), n).permute(1, 2, 0)
    m = torch.linalg.solve_triangular(flat_L, flat_x, upper=False).pow(2).sum(-2).t()
    m = m.reshape(tuple(bx.shape[:-1]))
    inverse = list(range(outer))
    for i in range(l_dims):
        inverse += [outer + i, outer + l_dims + i]
    return m.permute(inverse).reshape(x_batch)


def _precision_to_scale_tril(P):
    # Cholesky of the flipped precision, flipped back and transposed, is L^-1
    Lf = torch.linalg.cholesky(torch.flip(P, (-2, -1)))
    L_inv = torch.transpose(torch.flip(Lf, (-2, -1)), -2, -1)
    eye = torch.eye(P.shape[-1], dtype=P.dtype)
    return torch.linalg.solve_triangular(L_inv, eye, upper=False)


class MultivariateNormal(Distribution):
    arg_constraints: ClassVar[dict] = {
        "loc": constraints.real_vector,
        "covariance_matrix": constraints.positive_definite,
        "precision_matrix": constraints.positive_definite,
        "scale_tril": constraints.lower_cholesky,
    }
    support = constraints.real_vector
    has_rsample = True

    def __init__(self, loc, covariance_matrix=None, precision_matrix=None, scale_tril=None,
                 validate_args=None):
        if loc.dim() < 1:
            raise ValueError("loc must be at least one-dimensional.")
        given = [m is not None for m in (covariance_matrix, scale_tril, precision_matrix)]
        if sum(given) != 1:
            raise ValueError(
                "Exactly one of covariance_matrix or precision_matrix or scale_tril "
                "may be specified."
            )
        if scale_tril is not None:
            name, matrix = "scale_tril", scale_tril
            what = "scale_tril matrix"
        elif covariance_matrix is not None:
            name, matrix = "covariance_matrix", covariance_matrix
            what = "covariance_matrix"
        else:
            name, matrix = "precision_matrix", precision_matrix
            what = "precision_matrix"
        if matrix.dim() < 2:
            raise ValueError(
                f"{what} must be at least two-dimensional, "
                "with optional leading batch dimensions"
            )
        batch_shape = torch.broadcast_shapes(matrix.shape[:-2], loc.shape[:-1])
        setattr(self, name, matrix.expand(tuple(batch_shape) + (-1, -1)))
        self.loc = loc.expand(tuple(batch_shape) + (-1,))
        super().__init__(batch_shape, self.loc.shape[-1:], validate_args=validate_args)
        if scale_tril is not None:
            self._unbroadcasted_scale_tril = scale_tril
        elif covariance_matrix is not None:
            self._unbroadcasted_scale_tril = torch.linalg.cholesky(covariance_matrix)
        else:
            self._unbroadcasted_scale_tril = _precision_to_scale_tril(precision_matrix)

    def expand(self, batch_shape, _instance=None):
        new = self._get_checked_instance(MultivariateNormal, _instance)
        batch_shape = tuple(torch.Size(batch_shape))
        event = tuple(self.event_shape)
        new.loc = self.loc.expand(batch_shape + event)
        new._unbroadcasted_scale_tril = self._unbroadcasted_scale_tril
        for name in ("covariance_matrix", "scale_tril", "precision_matrix"):
            if name in self.__dict__:
                setattr(new, name, self.__dict__[name].expand(batch_shape + event + event))
        Distribution.__init__(new, torch.Size(batch_shape), self.event_shape,
                              validate_args=False)
        new._validate_args = self._validate_args
        return new

    def _matrix_shape(self):
        return tuple(self._batch_shape) + tuple(self._event_shape) * 2

    @lazy_property
    def scale_tril(self):
        return self._unbroadcasted_scale_tril.expand(self._matrix_shape())

    @lazy_property
    def covariance_matrix(self):
        L = self._unbroadcasted_scale_tril
        return torch.matmul(L, L.mT).expand(self._matrix_shape())

    @lazy_property
    def precision_matrix(self):
        # (L L^T)^-1 = L^-T L^-1 (torch calls cholesky_inverse, which ferrograd lacks)
        L = self._unbroadcasted_scale_tril
        eye = torch.eye(L.shape[-1], dtype=L.dtype)
        L_inv = torch.linalg.solve_triangular(L, eye, upper=False)
        # laid out column-major, as LAPACK's inverse leaves it in torch
        P = torch.matmul(L_inv.mT, L_inv).mT.contiguous().mT
        return P.expand(self._matrix_shape())

    @property
    def mean(self):
        return self.loc

    @property
    def mode(self):
        return self.loc

    @property
    def variance(self):
        return (self._unbroadcasted_scale_tril.pow(2).sum(-1)
                .expand(tuple(self._batch_shape) + tuple(self._event_shape)))

    def rsample(self, sample_shape=_EMPTY_SHAPE):
        shape = self._extended_shape(sample_shape)
        eps = _standard_normal(shape, self.loc.dtype)
        return self.loc + _batch_mv(self._unbroadcasted_scale_tril, eps)

    def _half_log_det(self):
        return self._unbroadcasted_scale_tril.diagonal(dim1=-2, dim2=-1).log().sum(-1)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        M = _batch_mahalanobis(self._unbroadcasted_scale_tril, value - self.loc)
        k = self._event_shape[0]
        return -0.5 * (k * math.log(2 * math.pi) + M) - self._half_log_det()

    def entropy(self):
        k = self._event_shape[0]
        H = 0.5 * k * (1.0 + math.log(2 * math.pi)) + self._half_log_det()
        return H if len(self._batch_shape) == 0 else H.expand(self._batch_shape)
