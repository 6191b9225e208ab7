"""Backward-engine semantics beyond the recorded cases."""

import ferrograd as torch
import pytest


def test_first_grad_stored_then_added_in_place():
    x = torch.ones(2, requires_grad=True)
    (x * 3).sum().backward()
    g = x.grad
    assert g.tolist() == [3.0, 3.0]
    (x * 3).sum().backward()
    assert x.grad is g and g.tolist() == [6.0, 6.0]


def test_retain_graph_then_free():
    x = torch.ones(2, requires_grad=True)
    y = (x * x).sum()
    y.backward(retain_graph=True)
    y.backward()
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        y.backward()
    assert x.grad.tolist() == [4.0, 4.0]


def test_failed_backward_leaves_inputs_intact():
    x = torch.ones(2, requires_grad=True)
    y = x * 2
    with pytest.raises(RuntimeError, match="Mismatch in shape"):
        y.backward(torch.ones(3))
    assert x.grad is None and y.tolist() == [2.0, 2.0]
    y.backward(torch.ones(2))
    assert x.grad.tolist() == [2.0, 2.0]


def test_broadcast_gradient_is_reduced():
    a = torch.ones(2, 3, requires_grad=True)
    b = torch.ones(3, requires_grad=True)
    c = torch.ones(2, 1, requires_grad=True)
    (a * b + c).sum().backward()
    assert b.grad.tolist() == [2.0, 2.0, 2.0]
    assert c.grad.tolist() == [[3.0], [3.0]]


def test_shared_input_gradients_sum():
    x = torch.tensor([2.0, 3.0], requires_grad=True)
    (x * x + x).sum().backward()
    assert x.grad.tolist() == [5.0, 7.0]


def test_retain_grad_on_non_leaf():
    x = torch.ones(2, requires_grad=True)
    y = x * 2
    y.retain_grad()
    (y * y).sum().backward()
    assert y.retains_grad and y.grad.tolist() == [4.0, 4.0]


def test_autograd_grad_does_not_touch_leaves():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    (g,) = torch.autograd.grad((x ** 3).sum(), x)
    assert g.tolist() == [3.0, 12.0] and x.grad is None


def test_create_graph_gives_second_derivative():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    (g,) = torch.autograd.grad((x ** 3).sum(), x, create_graph=True)
    g.sum().backward()
    assert x.grad.tolist() == [6.0, 12.0]


def test_grad_modes_nest_and_decorate():
    x = torch.ones(1, requires_grad=True)
    with torch.no_grad():
        assert not torch.is_grad_enabled()
        with torch.enable_grad():
            assert (x * 2).requires_grad
    torch.set_grad_enabled(False)
    assert not torch.is_grad_enabled()
    torch.set_grad_enabled(True)
    with torch.set_grad_enabled(False):
        assert not (x * 2).requires_grad
    assert torch.is_grad_enabled()

    @torch.inference_mode()
    def f(t):
        return t * 2

    out = f(x)
    assert not out.requires_grad and out.is_inference()


def test_sgd_step_under_no_grad_keeps_leaf():
    w = torch.ones(3, requires_grad=True)
    (w * 2).sum().backward()
    with torch.no_grad():
        w -= 0.5 * w.grad
    assert w.is_leaf and w.requires_grad and w.tolist() == [0.0, 0.0, 0.0]
    assert w._version == 1


def test_detach_shares_storage_and_version():
    x = torch.ones(2, requires_grad=True)
    d = x.detach()
    assert not d.requires_grad
    d += 1
    assert x.tolist() == [2.0, 2.0] and x._version == 1


def test_numpy_shares_memory():
    t = torch.zeros(3)
    a = t.numpy()
    a[0] = 5
    assert t.tolist() == [5.0, 0.0, 0.0]


def test_bad_dtype_in_matmul_is_an_error_not_a_crash():
    with pytest.raises(RuntimeError, match="same dtype"):
        torch.ones(2, 2) @ torch.ones(2, 2, dtype=torch.float64)


def test_dtype_objects_print_like_torch():
    assert repr(torch.float32) == "torch.float32" and torch.float is torch.float32
    assert torch.double is torch.float64 and torch.long is torch.int64
    assert repr(torch.ones(2, 3).shape) == "torch.Size([2, 3])"


def test_set_grad_enabled_as_decorator_applies_inside_only():
    @torch.set_grad_enabled(False)
    def f(t):
        return t * 2

    assert torch.is_grad_enabled()
    x = torch.ones(2, requires_grad=True)
    assert not f(x).requires_grad
    assert torch.is_grad_enabled()


def test_add_sub_alpha_with_numbers_and_tensors():
    a = torch.tensor([1.0, 2.0])
    assert a.sub(2, alpha=2).tolist() == [-3.0, -2.0]
    assert a.add(2, alpha=2).tolist() == [5.0, 6.0]
    assert a.sub(torch.ones(2), alpha=3).tolist() == [-2.0, -1.0]
    i = torch.tensor([1, 2]).add(3, alpha=2)
    assert i.dtype == torch.int64 and i.tolist() == [7, 8]
    b = a * 1
    b.sub_(1, alpha=2)
    assert b.tolist() == [-1.0, 0.0]
    with pytest.raises(TypeError, match="must be Tensor or Number"):
        a.add("x")


def test_requires_grad_follows_every_change_of_history():
    # requires_grad is read without the autograd lock; every path that changes a tensor's
    # flag or grad_fn must keep it in step
    leaf = torch.tensor([1.0, 2.0])
    assert not leaf.requires_grad
    leaf.requires_grad_()
    assert leaf.requires_grad and leaf.is_leaf
    y = leaf * 2
    assert y.requires_grad and y.grad_fn is not None
    y.detach_()
    assert not y.requires_grad and y.grad_fn is None
    assert not (y * 3).requires_grad
    assert not leaf.detach().requires_grad
    with torch.no_grad():
        assert not (leaf * 2).requires_grad
    leaf.requires_grad_(False)
    assert not leaf.requires_grad and not (leaf * 2).requires_grad
    leaf.requires_grad_()
    # writing a value that requires grad into a plain tensor gives it history
    plain = torch.zeros(2)
    plain[0] = leaf[1]
    assert plain.requires_grad and type(plain.grad_fn).__name__ == "CopySlices"
    plain.sum().backward()
    assert leaf.grad.tolist() == [0.0, 1.0]
    # cat records a node exactly when one of its inputs requires grad
    assert not torch.cat([torch.ones(2), torch.zeros(1)]).requires_grad
    joined = torch.cat([torch.ones(2), leaf])
    assert joined.requires_grad and type(joined.grad_fn).__name__ == "CatBackward0"
    assert not torch.cat((torch.ones(2), leaf.detach())).requires_grad


def test_data_assignment_copies_values_and_takes_another_shape():
    w = torch.ones(3, requires_grad=True)
    source = torch.tensor([1.0, 2.0, 3.0])
    w.data = source
    source[0] = 9.0  # a copy: w does not follow (torch would share storage)
    assert w.tolist() == [1.0, 2.0, 3.0] and w.requires_grad and w.is_leaf
    # another shape or dtype: fresh memory, same tensor object
    w.data = torch.zeros(2, 2)
    assert w.shape == (2, 2) and w.requires_grad
    w.data = torch.arange(4, dtype=torch.float64).reshape(2, 2).t()
    assert w.dtype == torch.float64 and w.stride() == (1, 2)
    assert w.tolist() == [[0.0, 2.0], [1.0, 3.0]]
    # a view of w would see its memory change dtype: refused
    view = w[0]
    with pytest.raises(NotImplementedError, match="only user"):
        w.data = torch.zeros(3)
    assert view.tolist() == [0.0, 2.0] and w.dtype == torch.float64
