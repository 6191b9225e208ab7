"""Variable-length sequences: padding them into one tensor, packing them
(``PackedSequence``) for the recurrent layers, and back.

Packing is recorded as one PackPaddedSequenceBackward0 node, as torch
records its kernel; padding and unpacking copy into slices of a filled
tensor, as torch's do, so their graphs are chains of CopySlices."""

from collections import namedtuple
from itertools import pairwise

import ferrograd as _fg

from ..._fused import fused

_PackedSequenceBase = namedtuple(
    "PackedSequence", ["data", "batch_sizes", "sorted_indices", "unsorted_indices"]
)


class PackedSequence(_PackedSequenceBase):
    """Sequences of decreasing lengths stored time step by time step:
    ``data`` holds step 0 of every sequence, then step 1 of those that are
    that long, and so on; ``batch_sizes[t]`` counts the sequences at step t.
    ``sorted_indices`` orders the original batch by decreasing length."""

    def __new__(cls, data, batch_sizes=None, sorted_indices=None, unsorted_indices=None):
        if unsorted_indices is None and sorted_indices is not None:
            unsorted_indices = invert_permutation(sorted_indices)
        return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)

    def _apply_to_data(self, convert):
        return type(self)(convert(self.data), self.batch_sizes, self.sorted_indices,
                          self.unsorted_indices)

    def to(self, *args, **kwargs):
        return self._apply_to_data(lambda t: t.to(*args, **kwargs))

    def cpu(self):
        return self

    def double(self):
        return self._apply_to_data(lambda t: t.double())

    def float(self):
        return self._apply_to_data(lambda t: t.float())

    @property
    def is_cuda(self):
        return False

    def is_pinned(self):
        return False


def invert_permutation(permutation):
    if permutation is None:
        return None
    inverse = [0] * permutation.numel()
    for position, index in enumerate(permutation.tolist()):
        inverse[index] = position
    return _fg.tensor(inverse, dtype=_fg.int64)


def _as_lengths(lengths):
    if isinstance(lengths, _fg.Tensor):
        return [int(v) for v in lengths.tolist()]
    return [int(v) for v in lengths]


def pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True):
    values = _as_lengths(lengths)
    if enforce_sorted:
        sorted_indices = None
    else:
        # torch's (unstable) sort: equal lengths keep its order
        order = _fg.tensor(values, dtype=_fg.int64).sort(descending=True)[1]
        sorted_indices = order
        values = [values[i] for i in order.tolist()]
        input = input.index_select(0 if batch_first else 1, sorted_indices)
    if values and values[-1] <= 0:
        raise RuntimeError(
            "Length of all samples has to be greater than 0, but found an element in "
            "'lengths' that is <= 0"
        )
    if any(a < b for a, b in pairwise(values)):
        raise RuntimeError(
            "`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. "
            "You can pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence "
            "to sidestep this requirement if you do not need ONNX exportability."
        )
    steps = values[0] if values else 0
    batch_sizes = [sum(1 for v in values if v > t) for t in range(steps)]

    def pack(x):
        time_major = x.transpose(0, 1) if batch_first else x
        return _fg.cat([time_major[t, :size] for t, size in enumerate(batch_sizes)], 0)

    data = fused("PackPaddedSequenceBackward0", pack, [input])
    return PackedSequence(data, _fg.tensor(batch_sizes, dtype=_fg.int64), sorted_indices, None)


def pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None):
    data, batch_sizes = sequence.data, sequence.batch_sizes.tolist()
    steps = len(batch_sizes)
    if total_length is not None:
        if total_length < steps:
            raise ValueError(
                "Expected total_length to be at least the length of the longest sequence in "
                f"input, but got total_length={total_length} and max sequence length being "
                f"{steps}"
            )
        steps = total_length
    batch = batch_sizes[0]
    rest = list(data.shape[1:])
    output = _fg.full([steps, batch, *rest], float(padding_value), dtype=data.dtype)
    # runs of steps with the same batch size are copied in one block each
    offset, start = 0, 0
    for i in range(len(batch_sizes) + 1):
        size = batch_sizes[i] if i < len(batch_sizes) else 0
        if i == 0 or size == batch_sizes[i - 1]:
            continue
        previous = batch_sizes[i - 1]
        count = previous * (i - start)
        block = data[offset : offset + count].view(i - start, previous, *rest)
        output[start:i, :previous] = block
        offset += count
        start = i
    lengths = _fg.tensor(
        [sum(1 for s in batch_sizes if s > b) for b in range(batch)], dtype=_fg.int64
    )
    if batch_first:
        output = output.transpose(0, 1)
    if sequence.unsorted_indices is not None:
        batch_dim = 0 if batch_first else 1
        return (
            output.index_select(batch_dim, sequence.unsorted_indices),
            lengths[sequence.unsorted_indices],
        )
    return output, lengths


def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side="right"):
    if padding_side not in ("left", "right"):
        raise ValueError(
            f"Expected padding_side to be one of left or right, but got {padding_side}."
        )
    if isinstance(sequences, _fg.Tensor):
        sequences = sequences.unbind(0)
    longest = max(s.size(0) for s in sequences)
    trailing = list(sequences[0].shape[1:])
    shape = [len(sequences), longest] if batch_first else [longest, len(sequences)]
    out = _fg.full(shape + trailing, float(padding_value), dtype=sequences[0].dtype)
    for i, seq in enumerate(sequences):
        length = seq.size(0)
        start = longest - length if padding_side == "left" else 0
        if batch_first:
            out.select(0, i).narrow(0, start, length).copy_(seq)
        else:
            out.narrow(0, start, length).select(1, i).copy_(seq)
    return out


def pack_sequence(sequences, enforce_sorted=True):
    lengths = _fg.tensor([s.size(0) for s in sequences], dtype=_fg.int64)
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)


def unpad_sequence(padded_sequences, lengths, batch_first=False):
    """Each sequence cut to its length, as a copy. Like torch's, this turns
    a time-major ``padded_sequences`` batch-major in place."""
    if not batch_first:
        padded_sequences.transpose_(0, 1)
    steps = _fg.arange(padded_sequences.shape[1])
    return [seq[steps < length] for seq, length in zip(padded_sequences, _as_lengths(lengths))]


def unpack_sequence(packed_sequences):
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)


__all__ = [
    "PackedSequence",
    "invert_permutation",
    "pack_padded_sequence",
    "pack_sequence",
    "pad_packed_sequence",
    "pad_sequence",
    "unpack_sequence",
    "unpad_sequence",
]
