"""Assignment through index tensors, lists, ranges and masks (torch's
index_put_), recorded from torch: values broadcast to the indexed shape,
scalars cast, the last of repeated positions wins, torch's errors, and the
gradients through it: a key of index tensors alone records
IndexPutBackward0, one with ints or slices too writes through a view and
records CopySlices; `index_put_`/`index_put` with `accumulate`."""

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
    "index_put_nodes": (
        "a = torch.randn(5, requires_grad=True); v = torch.randn(2, requires_grad=True)\n"
        "y = a * 1; y[torch.tensor([0, 2])] = v; z = a * 1; z[z > 0] = v.sum()\n"
        "u = a * 1; u[[1, 3]] = 2.0\n"
        "result = [(t.grad_fn, t.grad_fn.next_functions) for t in (y, z, u)]"
    ),
    "index_put_mixed_key_records_copyslices": (
        "torch.manual_seed(0); x = torch.randn(3, 4, requires_grad=True)\n"
        "v = torch.ones(2, 2, requires_grad=True)\n"
        "b = x * 1; c = x * 2; b[1:, [0, 2]] = v; c[0, [0, 2]] = 1.0\n"
        "(b * torch.arange(12.).reshape(3, 4) + c).sum().backward()\n"
        "result = (b.grad_fn, c.grad_fn, b, c, x.grad, v.grad)"
    ),
    "index_put_repeated_grads": (
        "w = torch.ones(4, requires_grad=True); v = torch.tensor([1., 2., 3.], requires_grad=True)\n"
        "y = w * 3; y[torch.tensor([1, 1, 2])] = v; (y * torch.arange(1., 5.)).sum().backward()\n"
        "result = (y, w.grad, v.grad)"
    ),
    "index_put_broadcast_value_grads": (
        "w = torch.ones(3, 2, requires_grad=True); v = torch.tensor([4., 5.], requires_grad=True)\n"
        "y = w * 1; y[torch.tensor([True, False, True])] = v; (y * y).sum().backward()\n"
        "result = (y, w.grad, v.grad)"
    ),
    "index_put_accumulate": (
        "w = torch.ones(4, requires_grad=True); v = torch.tensor([1., 2., 3.], requires_grad=True)\n"
        "y = (w * 2).index_put_((torch.tensor([1, 1, 3]),), v, accumulate=True)\n"
        "(y * torch.arange(1., 5.)).sum().backward(); result = (y, w.grad, v.grad)"
    ),
    "index_put_out_of_place": (
        "x = torch.zeros(2, 3); v = torch.tensor(7.)\n"
        "y = x.index_put((torch.tensor([1, 0]), torch.tensor([2, 2])), v)\n"
        "z = torch.index_put(x, (torch.tensor([0, 0]),), torch.ones(3), accumulate=True)\n"
        "result = (x, y, z)"
    ),
    "index_put_accumulate_int": (
        "i = torch.zeros(3, dtype=torch.long)\n"
        "i.index_put_((torch.tensor([2, 2, 0]),), torch.tensor([5, 6, 7]), accumulate=True)\n"
        "result = i"
    ),
    "index_put_double_backward": (
        "x = torch.tensor([1., 2., 3.], requires_grad=True); v = torch.tensor([2.], requires_grad=True)\n"
        "y = x * x; y[torch.tensor([1])] = v * v; g, = torch.autograd.grad(y.sum(), v, create_graph=True)\n"
        "g.sum().backward(); result = (g, v.grad, x.grad)"
    ),
    "index_put_indices_not_tuple": "torch.zeros(3).index_put_(torch.tensor([0]), torch.tensor(1.))",
    "index_put_function_indices_not_tuple": (
        "torch.index_put(torch.zeros(3), torch.tensor([0]), torch.tensor(1.))"
    ),
}
