"""``torch.finfo`` and ``torch.iinfo``: the limits of each dtype, printed as
torch prints them."""

from . import _core

# bits, eps, max, smallest normal, resolution (10 ** -decimal digits)
_FLOATS = {
    _core.float16: (16, 2.0**-10, 65504.0, 2.0**-14, 1e-3),
    _core.bfloat16: (16, 2.0**-7, 3.3895313892515355e38, 2.0**-126, 1e-2),
    _core.float32: (32, 2.0**-23, 3.4028234663852886e38, 2.0**-126, 1e-6),
    _core.float64: (64, 2.0**-52, 1.7976931348623157e308, 2.0**-1022, 1e-15),
}
_INTS = {
    _core.uint8: (8, 0, 255),
    _core.int32: (32, -(2**31), 2**31 - 1),
    _core.int64: (64, -(2**63), 2**63 - 1),
}


class finfo:
    """The limits of a floating point dtype (float32 when none is given)."""

    def __init__(self, type=None):
        type = _core.float32 if type is None else type
        if type not in _FLOATS:
            raise TypeError(
                "torch.finfo() requires a floating point input type. "
                "Use torch.iinfo to handle 'torch.finfo'"
            )
        self.bits, self.eps, self.max, self.smallest_normal, self.resolution = _FLOATS[type]
        self.min = -self.max
        self.tiny = self.smallest_normal
        self.dtype = type._name

    def __repr__(self):
        return (
            f"finfo(resolution={self.resolution:g}, min={self.min:g}, max={self.max:g}, "
            f"eps={self.eps:g}, smallest_normal={self.smallest_normal:g}, "
            f"tiny={self.tiny:g}, dtype={self.dtype})"
        )


class iinfo:
    """The limits of an integer dtype."""

    def __init__(self, type):
        if type not in _INTS:
            raise TypeError(
                "torch.iinfo() requires an integer input type. "
                "Use torch.finfo to handle 'torch.iinfo'"
            )
        self.bits, self.min, self.max = _INTS[type]
        self.dtype = type._name

    def __repr__(self):
        return f"iinfo(min={float(self.min):g}, max={float(self.max):g}, dtype={self.dtype})"
