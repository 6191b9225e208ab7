"""torch.einsum and torch.unbind, recorded from torch: matrix, batched,
attention-shaped and chained contractions, outer products, sums,
permutations, ellipses and implicit outputs, with their values, strides,
grad_fn names and gradients; torch's errors for malformed equations."""

_SETUP = (
    "torch.manual_seed(0); x = torch.randn(2, 3, requires_grad=True); "
    "y = torch.randn(3, 4, requires_grad=True); v = torch.randn(3, requires_grad=True); "
    "b = torch.randn(5, 2, 3, requires_grad=True); c = torch.randn(5, 3, 4, requires_grad=True)\n"
)

CASES = {
    "einsum_products": _SETUP + (
        "outs = [torch.einsum('ij,jk->ik', x, y), torch.einsum('ij,jk', x, y), "
        "torch.einsum('i,i->', v, v), torch.einsum('i,j->ij', v, v), "
        "torch.einsum('ij,j->i', x, v), torch.einsum('i,ij,jk->k', v[:2], x, y), "
        "torch.einsum('ij,jk->ik', [x, y]), torch.einsum('ij, jk -> ki', x, y)]\n"
        "sum((o * o).sum() for o in outs).backward(); result = (outs, x.grad, y.grad, v.grad)"
    ),
    "einsum_batched": _SETUP + (
        "q = torch.randn(2, 2, 3, 4, requires_grad=True); k = torch.randn(2, 2, 5, 4, requires_grad=True)\n"
        "outs = [torch.einsum('bij,bjk->bik', b, c), torch.einsum('bij,bkj->bik', b, b), "
        "torch.einsum('...ij,...jk->...ik', b, c), torch.einsum('bhid,bhjd->bhij', q, k), "
        "torch.einsum('b...,b...->b', b, b), torch.einsum('...j,jk', b, y)]\n"
        "sum(o.sum() for o in outs).backward(); result = (outs, b.grad, c.grad, q.grad)"
    ),
    "einsum_one_operand": _SETUP + (
        "outs = [torch.einsum('ij->ji', x), torch.einsum('ij->j', x), torch.einsum('ij->', x), "
        "torch.einsum('ij', x), torch.einsum('ji', x), torch.einsum('bij->jb', b)]\n"
        "sum(o.sum() for o in outs).backward(); result = (outs, x.grad, b.grad)"
    ),
    "einsum_float64_broadcast": (
        "a = torch.arange(6., dtype=torch.float64).reshape(2, 3); w = torch.ones(1, 3, dtype=torch.float64)\n"
        "result = (torch.einsum('ij,ij->i', a, w), torch.einsum('ij,kj->ik', a, w))"
    ),
    "einsum_size_mismatch": "torch.einsum('ij,jk->ik', torch.ones(2, 3), torch.ones(2, 3))",
    "einsum_too_few_operands": "torch.einsum('ij,jk->ik', torch.ones(2, 3))",
    "einsum_unknown_output": "torch.einsum('ij->k', torch.ones(2, 3))",
    "einsum_rank_mismatch": "torch.einsum('ijk->ij', torch.ones(2, 3))",
    "einsum_unbind": _SETUP + (
        "parts = torch.unbind(x); cols = x.unbind(1); (parts[0] * 2 + cols[1].sum()).sum().backward()\n"
        "result = (parts, cols, torch.unbind(x, dim=-1), x.grad)"
    ),
}
