"""Assigning to `.data`, recorded from torch: the old-style training step
`w.data = w.data - lr * w.grad` updates the values without history or a
version bump and keeps the gradient; a non-tensor is refused with torch's
error. (torch swaps in the new tensor's storage, so the tensor takes that
one's strides and shares it, and may change shape or dtype; ferrograd
copies the values and refuses another shape or dtype: README.)"""

CASES = {
    "data_attr_manual_sgd": (
        "torch.manual_seed(0); w = torch.randn(3, requires_grad=True); b = torch.zeros(1, requires_grad=True)\n"
        "x = torch.randn(5, 3); y = torch.randn(5); v = w._version; losses = []\n"
        "for _ in range(3):\n"
        "    loss = ((x @ w + b - y) ** 2).mean(); loss.backward(); losses.append(loss.item())\n"
        "    w.data = w.data - 0.1 * w.grad.data; b.data = b.data - 0.1 * b.grad\n"
        "    w.grad.data.zero_(); b.grad.zero_()\n"
        "result = (losses, w, b, w.grad, w._version - v, w.is_leaf, w.requires_grad)"
    ),
    "data_attr_not_tensor": "w = torch.ones(3, requires_grad=True); w.data = 5",
}
