"""Turning a list of samples into a batch, as torch's ``default_collate`` does."""

import collections.abc
import copy

import ferrograd as _torch

_ERR = "default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found {}"


def _numpy():
    try:
        import numpy
    except ImportError:
        return None
    return numpy


def _collate_leaf(batch, elem):
    """A batch of non-container samples as a tensor (or as is, for strings), or None."""
    if isinstance(elem, _torch.Tensor):
        return _torch.stack(batch, 0)
    np = _numpy() if type(elem).__module__ == "numpy" else None
    if np is not None and isinstance(elem, np.ndarray):
        # strings and objects have no tensor counterpart
        if elem.dtype.kind in "SaUO":
            raise TypeError(_ERR.format(elem.dtype))
        return default_collate([_torch.as_tensor(b) for b in batch])
    if np is not None and isinstance(elem, (np.bool_, np.number, np.object_)):
        return _torch.as_tensor(batch)
    if isinstance(elem, float):
        return _torch.tensor(batch, dtype=_torch.float64)
    if isinstance(elem, int):  # bools too: they give a bool tensor
        return _torch.tensor(batch)
    if isinstance(elem, (str, bytes)):
        return batch
    return None


def default_collate(batch):
    """Stack tensors, turn numbers and numpy data into tensors, and recurse into dicts,
    namedtuples and sequences (a tuple of fields becomes a list of batches)."""
    elem = batch[0]
    leaf = _collate_leaf(batch, elem)
    if leaf is not None:
        return leaf
    if isinstance(elem, collections.abc.Mapping):
        merged = {key: default_collate([d[key] for d in batch]) for key in elem}
        if isinstance(elem, collections.abc.MutableMapping):
            out = copy.copy(elem)
            out.update(merged)
            return out
        try:
            return type(elem)(merged)
        except TypeError:
            return merged
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):
        return type(elem)(*(default_collate(list(s)) for s in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        size = len(elem)
        if any(len(sample) != size for sample in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        fields = [default_collate(list(s)) for s in zip(*batch)]
        if isinstance(elem, tuple):
            return fields
        if isinstance(elem, collections.abc.MutableSequence):
            out = copy.copy(elem)
            out[:] = fields
            return out
        try:
            return type(elem)(fields)
        except TypeError:
            return fields
    raise TypeError(_ERR.format(type(elem)))


def default_convert(data):
    """Without batching: numpy arrays and scalars become tensors, containers are walked."""
    np = _numpy() if type(data).__module__ == "numpy" else None
    if np is not None and isinstance(data, np.ndarray):
        return data if data.dtype.kind in "SaUO" else _torch.as_tensor(data)
    if np is not None and isinstance(data, (np.bool_, np.number)):
        return _torch.as_tensor(data)
    if isinstance(data, collections.abc.Mapping):
        return type(data)({k: default_convert(v) for k, v in data.items()}) if isinstance(
            data, collections.abc.MutableMapping) else {k: default_convert(v) for k, v in data.items()}
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return type(data)(*(default_convert(d) for d in data))
    if isinstance(data, tuple):
        return [default_convert(d) for d in data]
    if isinstance(data, collections.abc.Sequence) and not isinstance(data, (str, bytes)):
        try:
            return type(data)([default_convert(d) for d in data])
        except TypeError:
            return [default_convert(d) for d in data]
    return data
