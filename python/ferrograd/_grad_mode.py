"""Grad-mode switches: each works as a context manager and as a decorator."""

import functools

from . import _core


class _Mode:
    """Base: subclasses set the mode in ``__enter__`` and restore it on exit."""

    def _clone(self):
        return type(self)()

    def __call__(self, func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with self._clone():
                return func(*args, **kwargs)

        return wrapper


class no_grad(_Mode):
    """Disable graph recording inside the block."""

    def __enter__(self):
        self._prev = _core.is_grad_enabled()
        _core.set_grad_enabled(False)

    def __exit__(self, *exc):
        _core.set_grad_enabled(self._prev)


class enable_grad(_Mode):
    """Re-enable graph recording (e.g. inside ``no_grad``)."""

    def __enter__(self):
        self._prev = _core.is_grad_enabled()
        _core.set_grad_enabled(True)

    def __exit__(self, *exc):
        _core.set_grad_enabled(self._prev)


class set_grad_enabled(_Mode):
    """Sets grad mode immediately; as a context manager, restores it on exit."""

    def __init__(self, mode: bool):
        self._prev = _core.is_grad_enabled()
        self._mode = bool(mode)
        _core.set_grad_enabled(self._mode)

    def _clone(self):
        return set_grad_enabled(self._mode)

    def __call__(self, func):
        # used as a decorator, the mode applies inside calls only
        _core.set_grad_enabled(self._prev)
        return super().__call__(func)

    def __enter__(self):
        pass

    def __exit__(self, *exc):
        _core.set_grad_enabled(self._prev)


class inference_mode(_Mode):
    """Like ``no_grad``; results are inference tensors."""

    def __init__(self, mode: bool = True):
        self._mode = bool(mode)

    def _clone(self):
        return inference_mode(self._mode)

    def __enter__(self):
        self._prev = (_core.is_grad_enabled(), _core.is_inference_mode_enabled())
        if self._mode:
            _core.set_grad_enabled(False)
            _core.set_inference_mode(True)

    def __exit__(self, *exc):
        _core.set_grad_enabled(self._prev[0])
        _core.set_inference_mode(self._prev[1])


def is_grad_enabled() -> bool:
    return _core.is_grad_enabled()


def is_inference_mode_enabled() -> bool:
    return _core.is_inference_mode_enabled()
