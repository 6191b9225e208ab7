"""``torch.as_strided``, ``Tensor.as_strided`` and ``Tensor.as_strided_``: the
arguments parsed as torch's parser reads them (with its TypeErrors), the view
itself made by the native core."""

from ._checks import _as_int, c_type_name, int_list, missing, not_tensor
from ._core import Tensor

_native = Tensor.as_strided
_native_ = Tensor.as_strided_
_NAMES = ("size", "stride", "storage_offset")


def _parse(func, args, kwargs, first):
    """(size, stride, storage_offset) from the arguments after the tensor;
    ``first`` is the position torch numbers the size with."""
    if len(args) > 3:
        lo, hi = first + 1, first + 2
        raise TypeError(
            f"{func}() takes from {lo} to {hi} positional arguments but "
            f"{len(args) + first - 1} were given"
        )
    given = dict(zip(_NAMES, args))
    for key, value in kwargs.items():
        if key not in _NAMES or key in given:
            raise TypeError(f"{func}() got an unexpected keyword argument '{key}'")
        given[key] = value
    absent = [n for n in _NAMES[:2] if n not in given]
    if absent:
        missing(func, *absent)
    size = int_list(func, "size", given["size"], first, sized=False)
    stride = int_list(func, "stride", given["stride"], first + 1, sized=False)
    offset = given.get("storage_offset")
    if offset is not None:
        as_int = None if isinstance(offset, bool) else _as_int(offset)
        if as_int is None:
            raise TypeError(
                f"{func}(): argument 'storage_offset' (position {first + 2}) must be int, "
                f"not {c_type_name(offset)}"
            )
        offset = as_int
    return size, stride, offset


def as_strided(input, *args, **kwargs):
    """``torch.as_strided(input, size, stride, storage_offset=None)``: a view
    of ``input``'s storage with any layout (AsStridedBackward0)."""
    if not isinstance(input, Tensor):
        not_tensor("as_strided", input)
    return _native(input, *_parse("as_strided", args, kwargs, 2))


def _method(self, *args, **kwargs):
    return _native(self, *_parse("as_strided", args, kwargs, 1))


def _method_(self, *args, **kwargs):
    return _native_(self, *_parse("as_strided_", args, kwargs, 1))


_method.__name__ = _method.__qualname__ = "as_strided"
_method.__doc__ = as_strided.__doc__
_method_.__name__ = _method_.__qualname__ = "as_strided_"
_method_.__doc__ = "In-place ``as_strided``: the tensor takes the layout (AsStridedBackward1)."


def install(namespace):
    namespace["as_strided"] = as_strided
    Tensor.as_strided = _method
    Tensor.as_strided_ = _method_
