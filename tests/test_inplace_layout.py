"""In-place layout changes (t_, transpose_, unsqueeze_, squeeze_): the same
tensor object takes a new shape, with torch's autograd semantics. Expected
values were taken from torch 2.13."""

import ferrograd as torch
import pytest

LEAF_MSG = "a leaf Variable that requires grad is being used in an in-place operation."


def _nonleaf():
    a = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    return a, a.clone()


@pytest.mark.parametrize(
    "op,shape,stride,name,contiguous",
    [
        (lambda b: b.t_(), [3, 2], (1, 3), "TBackward1", False),
        (lambda b: b.transpose_(0, 1), [3, 2], (1, 3), "TransposeBackward1", False),
        (lambda b: b.transpose_(-1, 0), [3, 2], (1, 3), "TransposeBackward1", False),
        (lambda b: b.unsqueeze_(0), [1, 2, 3], (6, 3, 1), "UnsqueezeBackward1", True),
        (lambda b: b.unsqueeze_(-1), [2, 3, 1], (3, 1, 1), "UnsqueezeBackward1", True),
        (lambda b: b.unsqueeze_(1).squeeze_(), [2, 3], (3, 1), "SqueezeBackward3", True),
        (lambda b: b.unsqueeze_(1).squeeze_(1), [2, 3], (3, 1), "SqueezeBackward4", True),
        (lambda b: b.unsqueeze_(1).squeeze_([1]), [2, 3], (3, 1), "SqueezeBackward5", True),
        (lambda b: b.squeeze_(1), [2, 3], (3, 1), "SqueezeBackward4", True),
    ],
)
def test_same_object_new_layout(op, shape, stride, name, contiguous):
    _a, b = _nonleaf()
    before = b._version
    assert op(b) is b
    assert list(b.shape) == shape and b.stride() == stride
    assert b.is_contiguous() == contiguous
    assert b.grad_fn.name() == name
    assert b._version > before
    assert b.detach().reshape(-1).tolist() == b.detach().contiguous().reshape(-1).tolist()


def test_t_values_and_gradient():
    a, b = _nonleaf()
    b.t_()
    assert b.tolist() == [[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]]
    assert b.grad_fn.next_functions[0][0].name() == "CloneBackward0"
    weights = torch.arange(6.0).reshape(3, 2)
    (b * weights).sum().backward()
    assert a.grad.tolist() == [[0.0, 2.0, 4.0], [1.0, 3.0, 5.0]]


def test_unsqueeze_then_squeeze_gradient_chain():
    a, b = _nonleaf()
    b.unsqueeze_(0).squeeze_(0)
    assert b.grad_fn.next_functions[0][0].name() == "UnsqueezeBackward1"
    assert b._version == 2
    (b * b).sum().backward()
    assert a.grad.tolist() == [[2.0, 4.0, 6.0], [8.0, 10.0, 12.0]]


@pytest.mark.parametrize(
    "op",
    [
        lambda a: a.t_(),
        lambda a: a.transpose_(0, 1),
        lambda a: a.unsqueeze_(0),
        lambda a: a.squeeze_(),
    ],
)
def test_leaf_requiring_grad_refuses(op):
    a = torch.ones(2, 3, requires_grad=True)
    with pytest.raises(RuntimeError, match=LEAF_MSG):
        op(a)
    assert list(a.shape) == [2, 3] and a._version == 0


def test_view_of_leaf_refuses():
    a = torch.ones(2, 3, requires_grad=True)
    with pytest.raises(RuntimeError, match="a view of a leaf Variable"):
        a[0].unsqueeze_(0)


def test_leaf_under_no_grad_and_plain_tensor():
    a = torch.ones(2, 3, requires_grad=True)
    with torch.no_grad():
        assert a.t_() is a
    assert list(a.shape) == [3, 2] and a.grad_fn is None and a._version == 1
    x = torch.arange(6.0).reshape(2, 3)
    x.t_()
    assert x.stride() == (1, 3) and x._version == 1
    x.unsqueeze_(0)
    assert list(x.shape) == [1, 3, 2] and x.stride() == (3, 1, 3) and x._version == 2
    x.squeeze_()
    assert x.tolist() == [[0.0, 3.0], [1.0, 4.0], [2.0, 5.0]] and x._version == 3


def test_layout_cycles_back_and_views_keep_their_own():
    x = torch.arange(6.0).reshape(2, 3)
    v = x.view(6)
    for _ in range(3):
        x.t_()
        x.t_()
    assert list(x.shape) == [2, 3] and x.stride() == (3, 1) and x.tolist() == [[0, 1, 2], [3, 4, 5]]
    assert list(v.shape) == [6]


def test_view_of_nonleaf_keeps_base():
    a, b = _nonleaf()
    w = b[0]
    w.unsqueeze_(0)
    assert list(w.shape) == [1, 3]
    assert w.grad_fn.name() == "UnsqueezeBackward1"
    assert w.grad_fn.next_functions[0][0].name() == "SelectBackward0"
    assert b.grad_fn.name() == "CloneBackward0" and b._version == 1
    w.mul_(2)
    assert type(w.grad_fn).__name__ == "AsStridedBackward0"
    assert type(b.grad_fn).__name__ == "CopySlices"
    assert b.grad_fn.name() == "torch::autograd::CopySlices"
    b.sum().backward()
    assert a.grad.tolist() == [[2.0, 2.0, 2.0], [1.0, 1.0, 1.0]]


@pytest.mark.parametrize(
    "op,shape,suffix",
    [
        (lambda q: q.t_(), "[3, 2]", "T1"),
        (lambda q: q.transpose_(0, 1), "[3, 2]", "Transpose1"),
        (lambda q: q.unsqueeze_(0), "[1, 2, 3]", "Unsqueeze1"),
        (lambda q: q.exp_(), "[2, 3]", "Exp"),
    ],
)
def test_saved_tensor_changed_in_place(op, shape, suffix):
    p = torch.ones(2, 3, requires_grad=True)
    q = p * 1
    r = q * q
    op(q)
    msg = (
        f"[torch.FloatTensor {shape}], which is output 0 of {suffix}, is at version 1; "
        "expected version 0 instead."
    )
    with pytest.raises(RuntimeError) as e:
        r.sum().backward()
    assert msg in str(e.value)


def test_saved_output_unaffected_by_layout_change():
    p = torch.ones(2, 3, requires_grad=True)
    q = p * 1
    r = q.exp()
    q.t_()
    r.sum().backward()
    assert p.grad.shape == (2, 3)


@pytest.mark.parametrize(
    "op,exc,msg",
    [
        (
            lambda x: torch.ones(2, 3, 4).t_(),
            RuntimeError,
            "t_() expects a tensor with <= 2 dimensions, but self is 3D",
        ),
        (
            lambda x: x.unsqueeze_(3),
            IndexError,
            "Dimension out of range (expected to be in range of [-3, 2], but got 3)",
        ),
        (
            lambda x: x.transpose_(0, 3),
            IndexError,
            "Dimension out of range (expected to be in range of [-2, 1], but got 3)",
        ),
        (
            lambda x: x.squeeze_(3),
            IndexError,
            "Dimension out of range (expected to be in range of [-2, 1], but got 3)",
        ),
        (
            lambda x: x.squeeze_((0, 0)),
            RuntimeError,
            "dim 0 appears multiple times in the list of dims",
        ),
    ],
)
def test_bad_arguments_leave_tensor_unchanged(op, exc, msg):
    x = torch.ones(2, 3)
    with pytest.raises(exc) as e:
        op(x)
    assert str(e.value) == msg
    assert list(x.shape) == [2, 3] and x._version == 0


def test_inference_tensor_outside_inference_mode():
    with torch.inference_mode():
        t = torch.ones(2, 3)
    with pytest.raises(
        RuntimeError, match="Inplace update to inference tensor outside InferenceMode"
    ):
        t.t_()


def test_stride_of_one_dim():
    x = torch.ones(2, 3)
    assert x.stride(0) == 3 and x.stride(-1) == 1
    with pytest.raises(IndexError, match="Dimension specified as 0 but tensor has no dimensions"):
        torch.tensor(1.0).stride(0)
