"""The handle ``Tensor.register_hook`` returns (``torch.utils.hooks``)."""

from .._core import RemovableHandle

__all__ = ["RemovableHandle"]
