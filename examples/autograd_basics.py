"""The ideas of the autograd tutorial, with ferrograd standing in for torch."""

import ferrograd as torch
import ferrograd.nn.functional as F

torch.manual_seed(0)

# A one-layer network: z = x @ w + b, with a binary cross-entropy loss.
x = torch.ones(5)
y = torch.zeros(3)
w = torch.randn(5, 3, requires_grad=True)
b = torch.randn(3, requires_grad=True)
z = torch.matmul(x, w) + b
loss = F.binary_cross_entropy_with_logits(z, y)
print("loss:", loss)
print("grad_fn of z:", z.grad_fn, "->", [f[0] for f in z.grad_fn.next_functions])

# Backward fills the leaves' .grad.
loss.backward()
print("w.grad:", w.grad)
print("b.grad:", b.grad)

# Gradient tracking can be switched off.
with torch.no_grad():
    print("under no_grad:", (torch.matmul(x, w) + b).requires_grad)
print("detached:", z.detach().requires_grad)

# Gradients accumulate until reset; retain_graph keeps the graph for reuse.
inp = torch.eye(4, requires_grad=True)
out = (inp + 1).pow(2)
out.backward(torch.ones_like(inp), retain_graph=True)
out.backward(torch.ones_like(inp), retain_graph=True)
print("after two calls:", inp.grad)
inp.grad.zero_()

# A few steps of gradient descent.
for step in range(5):
    loss = F.binary_cross_entropy_with_logits(torch.matmul(x, w) + b, y)
    loss.backward()
    with torch.no_grad():
        w -= 0.5 * w.grad
        b -= 0.5 * b.grad
    w.grad = None
    b.grad = None
    print(f"step {step}: loss {loss.item():.4f}")
