"""Graph node objects (``grad_fn``); each node name is a subclass of ``Node``."""

from .._core import Node

__all__ = ["Node"]
