"""Assignment through index tensors, lists, ranges and masks (torch's
index_put_), recorded from torch: values broadcast to the indexed shape,
scalars cast, the last of repeated positions wins, torch's errors, and the
gradients through it. (The node such a write records is CopyBackwards here,
IndexPutBackward0 in torch: README, known differences; the cases compare
the values and gradients.)"""

CASES = {
    "index_put_mask_scalar": "m = torch.arange(6.) - 3; m[m > 0] = 0; result = m",
    "index_put_mask_tensor": (
        "x = torch.arange(6.).reshape(2, 3); y = -torch.ones(2, 3); x[x > 2] = y[x > 2]; "
        "result = x"
    ),
    "index_put_int_tensor_repeated": (
        "x = torch.zeros(3); x[torch.tensor([0, 0, 1])] = torch.tensor([1., 2., 3.]); result = x"
    ),
    "index_put_lists": "z = torch.zeros(2, 3); z[[0, 1], [1, 2]] = 7; result = z",
    "index_put_range_and_slice": (
        "z = torch.zeros(3, 4); z[range(2), 1:3] = torch.tensor([5., 6.]); result = z"
    ),
    "index_put_rows_broadcast": (
        "z = torch.zeros(3, 2); z[torch.tensor([2, 0])] = torch.tensor([1., -1.]); result = z"
    ),
    "index_put_int_dtype_scalar": (
        "i = torch.zeros(4, dtype=torch.long); i[torch.tensor([True, False, True, False])] = 3.7; "
        "result = i"
    ),
    "index_put_bool_values": (
        "b = torch.zeros(3, dtype=torch.bool); b[torch.tensor([1])] = True; result = b"
    ),
    "index_put_version": (
        "x = torch.zeros(3); v = x._version; x[torch.tensor([1])] = 2.0; "
        "result = (x._version - v, x)"
    ),
    "index_put_through_view": (
        "base = torch.zeros(2, 3); row = base[1]; row[torch.tensor([0, 2])] = 4.0; result = base"
    ),
    "index_put_negative_index": "x = torch.zeros(4); x[torch.tensor([-1])] = 1.0; result = x",
    "index_put_empty_index": (
        "x = torch.ones(3); x[torch.tensor([], dtype=torch.long)] = 5.0; result = x"
    ),
    "index_put_grads": (
        "w = torch.ones(3, requires_grad=True); y = w * 2\n"
        "v = torch.tensor([5., 6.], requires_grad=True)\n"
        "y[torch.tensor([0, 2])] = v; (y * torch.tensor([1., 2., 3.])).sum().backward()\n"
        "result = (y.detach(), w.grad, v.grad, y.requires_grad)"
    ),
    "index_put_mask_grads": (
        "w = torch.tensor([1., -2., 3.], requires_grad=True); y = w * 1; y[y < 0] = 0\n"
        "y.sum().backward(); result = (y.detach(), w.grad)"
    ),
    "index_put_leaf_requires_grad": (
        "w = torch.ones(3, requires_grad=True); w[torch.tensor([0])] = 2.0"
    ),
    "index_put_dtype_mismatch": (
        "x = torch.zeros(3); x[torch.tensor([0])] = torch.tensor([1], dtype=torch.long)"
    ),
    "index_put_shape_mismatch": (
        "x = torch.zeros(2, 3); x[torch.tensor([0, 1])] = torch.ones(3, 3)"
    ),
    "index_put_out_of_range": "x = torch.zeros(3); x[torch.tensor([3])] = 1.0",
    "index_put_mask_shape": (
        "x = torch.zeros(3); x[torch.tensor([True, False])] = 1.0"
    ),
    "index_get_range": (
        "x = torch.arange(12.).reshape(3, 4); "
        "result = (x[range(2)], x[range(3), [0, 1, 2]], x[:, range(1, 3)], x[range(0)])"
    ),
}
