"""Glue between the native Tensor and the printer in ``_printing``."""

from . import _printing


def tensor_repr(t) -> str:
    return _printing.format_tensor(
        t._values(),
        t.dtype._name,
        grad_fn_name=t._grad_fn_name(),
        requires_grad=t.requires_grad,
    )
