"""``torch.utils`` counterparts: ``hooks`` (the handle ``register_hook`` returns)."""

from . import hooks

__all__ = ["hooks"]
