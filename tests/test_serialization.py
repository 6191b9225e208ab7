"""torch.save/torch.load beyond the recorded cases: a file whose layout does
not fit its storage (damaged or hand-made) raises instead of reading out of
bounds, and saving does not pin or change the tensors saved."""

import io
import pickle

import ferrograd as torch
import pytest
from ferrograd import serialization


def _load_crafted(storage_bytes, dtype_name, shape, strides, offset):
    class Crafted:
        def __reduce__(self):
            storage = (serialization._rebuild_storage, (storage_bytes, dtype_name))
            return (serialization._rebuild_tensor, (_Call(storage), offset, shape, strides, False))

    class _Call:
        def __init__(self, call):
            self.call = call

        def __reduce__(self):
            return self.call

    buf = io.BytesIO(pickle.dumps(Crafted(), protocol=2))
    return torch.load(buf)


def test_layout_past_the_storage_is_refused():
    with pytest.raises(RuntimeError, match="reaches element 4 of a storage of 4 elements"):
        _load_crafted(b"\0" * 16, "torch.float32", (2, 2), (3, 1), 0)
    with pytest.raises(RuntimeError, match="negative stride"):
        _load_crafted(b"\0" * 16, "torch.float32", (2,), (-1,), 1)


def test_partial_elements_are_refused():
    with pytest.raises(RuntimeError, match="does not hold whole Float elements"):
        _load_crafted(b"\0" * 6, "torch.float32", (1,), (1,), 0)


def test_bool_bytes_are_read_as_truth_values():
    t = _load_crafted(bytes([0, 2, 255]), "torch.bool", (3,), (1,), 0)
    assert t.tolist() == [False, True, True]


def test_saving_leaves_the_tensor_resizable_and_unchanged():
    x = torch.arange(3.0)
    version = x._version
    torch.save(x, io.BytesIO())
    assert x._version == version
    x.resize_(10)  # a numpy view taken while saving would pin the storage
    assert x.shape == (10,)
