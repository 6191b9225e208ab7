"""torch.nn.utils, recorded from torch: clip_grad_norm_ (the total norm over
all gradients, which is returned; the in-place scaling; inf norms; no
gradients; the non-finite error), clip_grad_value_, parameters_to_vector and
vector_to_parameters."""

CASES = {
    "nn_utils_clip_grad_norm": (
        "torch.manual_seed(0); m = torch.nn.Linear(3, 2); m(torch.randn(4, 3)).sum().backward()\n"
        "r = torch.nn.utils.clip_grad_norm_(m.parameters(), 0.5)\n"
        "result = (r, m.weight.grad, m.bias.grad)"
    ),
    "nn_utils_clip_grad_norm_no_clipping": (
        "p = torch.zeros(3, requires_grad=True); p.grad = torch.tensor([0.3, -0.4, 0.])\n"
        "r = torch.nn.utils.clip_grad_norm_(p, 2.0); result = (r, p.grad)"
    ),
    "nn_utils_clip_grad_norm_inf_and_p1": (
        "q = torch.ones(3, requires_grad=True); q.grad = torch.tensor([3., -4., 0.5])\n"
        "w = torch.ones(2, requires_grad=True); w.grad = torch.tensor([1., 2.])\n"
        "a = torch.nn.utils.clip_grad_norm_([q, w], 1.0, norm_type='inf')\n"
        "b = torch.nn.utils.clip_grad_norm_([q, w], 1.0, norm_type=1)\n"
        "result = (a, b, q.grad, w.grad)"
    ),
    "nn_utils_clip_grad_norm_float64": (
        "p = torch.zeros(2, 2, dtype=torch.float64, requires_grad=True)\n"
        "p.grad = torch.tensor([[1., 2.], [3., 4.]], dtype=torch.float64)\n"
        "r = torch.nn.utils.clip_grad_norm_([p], 1.0); result = (r, p.grad)"
    ),
    "nn_utils_clip_grad_norm_without_grads": (
        "result = (torch.nn.utils.clip_grad_norm_([], 1.0), "
        "torch.nn.utils.clip_grad_norm_(torch.zeros(2, requires_grad=True), 1.0))"
    ),
    "nn_utils_clip_grad_norm_nonfinite": (
        "p = torch.zeros(2, requires_grad=True); p.grad = torch.tensor([float('inf'), 1.])\n"
        "torch.nn.utils.clip_grad_norm_(p, 1.0, error_if_nonfinite=True)"
    ),
    "nn_utils_clip_grad_norm_nonfinite_allowed": (
        "p = torch.zeros(2, requires_grad=True); p.grad = torch.tensor([float('inf'), 1.])\n"
        "r = torch.nn.utils.clip_grad_norm_(p, 1.0); result = (r, p.grad)"
    ),
    "nn_utils_clip_grad_value": (
        "q = torch.ones(3, requires_grad=True); q.grad = torch.tensor([3., -4., 0.5])\n"
        "r = torch.nn.utils.clip_grad_value_(q, 1.0); result = (r, q.grad)"
    ),
    "nn_utils_parameters_to_vector": (
        "torch.manual_seed(0); m = torch.nn.Linear(3, 2)\n"
        "v = torch.nn.utils.parameters_to_vector(m.parameters()); v.sum().backward()\n"
        "result = (v, m.weight.grad)"
    ),
    "nn_utils_vector_to_parameters": (
        "torch.manual_seed(0); m = torch.nn.Linear(3, 2)\n"
        "torch.nn.utils.vector_to_parameters(torch.arange(8.), m.parameters())\n"
        "result = (m.weight, m.bias, m.weight.requires_grad)"
    ),
    "nn_utils_vector_to_parameters_not_tensor": (
        "torch.nn.utils.vector_to_parameters([1.], torch.nn.Linear(1, 1).parameters())"
    ),
    "nn_utils_clip_in_training_step": (
        "torch.manual_seed(1); m = torch.nn.Linear(4, 1); opt = torch.optim.SGD(m.parameters(), 0.1)\n"
        "x = torch.randn(8, 4) * 10; loss = (m(x) ** 2).mean(); loss.backward()\n"
        "n = torch.nn.utils.clip_grad_norm_(m.parameters(), max_norm=1.0); opt.step()\n"
        "result = (n, m.weight, m.bias)"
    ),
}

# the norms go through float32 reductions that may round differently from
# torch's in the last bit
TOLERANCES = {"nn_utils_clip": (1e-6, 1e-7)}
