"""``torch.utils`` counterparts: ``hooks`` (the handle ``register_hook`` returns) and
``data`` (datasets and the DataLoader, loaded on first use)."""

from . import hooks

__all__ = ["data", "hooks"]


def __getattr__(name):
    if name == "data":
        import importlib

        return importlib.import_module(".data", __name__)
    raise AttributeError(f"module 'ferrograd.utils' has no attribute {name!r}")
