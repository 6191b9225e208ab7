"""``torch.save`` / ``torch.load`` and the pickling of tensors.

Files are ferrograd's own: a pickle of the tensors' storages (raw bytes,
each written once however many tensors share it) and layouts, so loaded
views keep their strides and still share memory; torch's zip archives are
not read or written. ``load`` defaults to
``weights_only=True``, as torch does since 2.6: only tensors, parameters,
sizes, dtypes, devices and plain containers and values may be unpickled, so
loading a file cannot run code from it.
"""

import os
import weakref

from . import _core

Tensor = _core.Tensor

__all__ = ["add_safe_globals", "get_safe_globals", "load", "safe_globals", "save"]

def _dtype_named(name):
    import ferrograd

    return getattr(ferrograd, name.removeprefix("torch."))


# storage id -> its _SavedStorage while a pickling holds one
_saved_storages = weakref.WeakValueDictionary()


class _SavedStorage:
    """One storage as pickled: its bytes and dtype. Tensors that share a
    storage are given the same object while pickling, so pickle's memo
    writes it once and the loaded tensors share it again, as torch's do."""

    def __init__(self, tensor):
        self.tensor = tensor

    @classmethod
    def of(cls, tensor):
        key = tensor._storage_id()
        saved = _saved_storages.get(key)
        if saved is None:
            saved = cls(tensor)
            _saved_storages[key] = saved
        return saved

    def __reduce__(self):
        return (_rebuild_storage, (self.tensor._storage_bytes(), str(self.tensor.dtype)))


def _rebuild_storage(data, dtype_name):
    """The loaded storage, as a 1-d tensor over it."""
    return _core._storage_from_bytes(data, _dtype_named(dtype_name))


def _rebuild_tensor(storage, offset, shape, strides, requires_grad):
    """A new leaf over ``storage`` with the saved layout."""
    t = storage._on_same_storage(list(shape), list(strides), offset)
    return t.requires_grad_(requires_grad) if requires_grad else t


def _rebuild_parameter(data, requires_grad):
    from .nn import Parameter

    return Parameter(data, requires_grad)


def _tensor_state(t):
    """The rebuild arguments of ``t``: its storage and layout (not its graph
    or grad)."""
    return (
        _SavedStorage.of(t),
        t.storage_offset(),
        tuple(t.shape),
        tuple(t.stride()),
        t.requires_grad,
    )


def _reduce_tensor(self, protocol=2):
    from .nn import Parameter

    if isinstance(self, Parameter):
        data = _core.Tensor.detach(self)
        return (_rebuild_parameter, (data, self.requires_grad))
    return (_rebuild_tensor, _tensor_state(self))


def _deepcopy_tensor(self, memo):
    from .nn import Parameter

    if not self.is_leaf:
        raise RuntimeError(
            "Only Tensors created explicitly by the user (graph leaves) support the deepcopy "
            "protocol at the moment.  If you were attempting to deepcopy a module, this may be "
            "because of a torch.nn.utils.weight_norm usage, see "
            "https://github.com/pytorch/pytorch/pull/103001"
        )
    if id(self) in memo:
        return memo[id(self)]
    import copy
    data = _core.Tensor.detach(self).clone()
    if isinstance(self, Parameter):
        new = type(self)(data, self.requires_grad)
    else:
        new = data.requires_grad_(self.requires_grad) if self.requires_grad else data
    # a Parameter's copy leaves its gradient behind, as torch's does
    if self.grad is not None and not isinstance(self, Parameter):
        new.grad = copy.deepcopy(self.grad, memo)
    memo[id(self)] = new
    return new


def _reduce_dtype(self):
    return (_dtype_named, (str(self),))


def install():
    """Makes tensors and dtypes picklable and deep-copyable (called on import)."""
    Tensor.__reduce_ex__ = _reduce_tensor
    Tensor.__deepcopy__ = _deepcopy_tensor
    _core.dtype.__reduce__ = _reduce_dtype


# What ``weights_only`` loading may reconstruct, by (module, name).
_ALLOWED = {
    (__name__, "_rebuild_tensor"),
    (__name__, "_rebuild_storage"),
    (__name__, "_rebuild_parameter"),
    (__name__, "_dtype_named"),
    ("collections", "OrderedDict"),
    ("collections", "Counter"),  # MultiStepLR's milestones, in its state dict
    ("ferrograd._size", "Size"),
    ("ferrograd", "device"),
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("builtins", "complex"),
    ("builtins", "slice"),
    ("builtins", "bytearray"),
    ("_codecs", "encode"),  # how protocol 2 pickles bytes
}
_user_allowed = {}


def add_safe_globals(safe_globals):
    """Allows these classes or functions in ``weights_only`` loading."""
    for g in safe_globals:
        _user_allowed[(g.__module__, g.__qualname__)] = g


def get_safe_globals():
    return list(_user_allowed.values())


class safe_globals:
    """A ``with`` block inside which these globals are allowed."""

    def __init__(self, safe_globals):
        self._globals = list(safe_globals)

    def __enter__(self):
        self._before = dict(_user_allowed)
        add_safe_globals(self._globals)

    def __exit__(self, *exc):
        _user_allowed.clear()
        _user_allowed.update(self._before)


def _weights_unpickler(handle, **kwargs):
    """A pickle reader that builds only what ``weights_only`` allows (pickle
    itself loads on first use, keeping it out of ``import ferrograd``)."""
    import pickle

    class WeightsUnpickler(pickle.Unpickler):
        def find_class(self, module, name):
            if (module, name) in _user_allowed:
                return _user_allowed[(module, name)]
            if (module, name) in _ALLOWED:
                return super().find_class(module, name)
            raise pickle.UnpicklingError(
                "Weights only load failed. This file can still be loaded with "
                "`weights_only=False`, but only if you trust its source: unpickling can run "
                f"arbitrary code.\n\tUnsupported global: GLOBAL {module}.{name} is not allowed "
                f"by default. Allow it with `torch.serialization.add_safe_globals("
                f"[{module}.{name}])` if you trust it."
            )

    return WeightsUnpickler(handle, **kwargs)


def _open(f, mode, attr):
    """A file object for ``f`` and whether this call owns (must close) it."""
    if isinstance(f, (str, os.PathLike)):
        return open(f, mode), True
    if not hasattr(f, attr):
        what = "'f' to be string, path, or a file-like object with a"
        raise AttributeError(f"expected {what} '{attr}' attribute")
    return f, False


def save(obj, f, pickle_module=None, pickle_protocol=2, _use_new_zipfile_serialization=True):
    """Writes ``obj`` (tensors, modules' state dicts, containers...) to ``f``."""
    if pickle_module is None:
        import pickle as pickle_module
    handle, owned = _open(f, "wb", "write")
    try:
        pickle_module.dump(obj, handle, protocol=pickle_protocol)
    finally:
        if owned:
            handle.close()


def load(f, map_location=None, pickle_module=None, *, weights_only=None, mmap=None, **kwargs):
    """Reads what ``save`` wrote. Only the CPU exists here, so ``map_location``
    must name it (or be a function, called as torch calls it)."""
    from . import _check_device

    if map_location is not None and not callable(map_location):
        if isinstance(map_location, dict):
            for target in map_location.values():
                _check_device(target)
        else:
            _check_device(map_location)
    if weights_only is None:
        weights_only = pickle_module is None
    handle, owned = _open(f, "rb", "read")
    try:
        if weights_only:
            if pickle_module is not None:
                raise RuntimeError(
                    "Can not safely load weights when explicit pickle_module is specified"
                )
            return _weights_unpickler(handle, **kwargs).load()
        if pickle_module is None:
            import pickle as pickle_module
        return pickle_module.load(handle, **kwargs)
    finally:
        if owned:
            handle.close()

