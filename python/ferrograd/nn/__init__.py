"""``ferrograd.nn``: functional ops now; modules and losses come later."""

from . import functional

__all__ = ["functional"]
