"""``torch.einsum``, lowered the way torch lowers it: every operand permuted
onto one label order (the output's labels, then the summed ones) with size-1
dims for labels it lacks; operands combined left to right, a pair by a
multiplication when nothing is summed and by one batched matrix product
otherwise; a final view drops the summed dims. The result therefore records
the nodes torch's does (ViewBackward0 after a contraction, MulBackward0 for
an outer product, PermuteBackward0 or SumBackward1 for one operand). A label
repeated within an operand first takes that operand's diagonal, as torch
does (DiagonalBackward0, then PermuteBackward0)."""

import builtins
import math


def _labels(spec, ndim, operand, ellipsis_dims):
    """The labels of one operand's dims; "..." stands for its leading extra dims."""
    if "..." in spec:
        before, after = spec.split("...")
        extra = ndim - len(before) - len(after)
        if extra < 0:
            raise RuntimeError(
                f"einsum(): the number of subscripts in the equation ({len(before) + len(after)})"
                f" is more than the number of dimensions ({ndim}) for operand {operand}"
            )
        # ellipsis dims align from the right, as in broadcasting
        dots = [f".{ellipsis_dims - extra + i}" for i in range(extra)]
        return list(before) + dots + list(after)
    if len(spec) != ndim:
        raise RuntimeError(
            f"einsum(): the number of subscripts in the equation ({len(spec)}) does not match "
            f"the number of dimensions ({ndim}) for operand {operand} and no ellipsis was given"
        )
    return list(spec)


def _take_diagonals(t, labels, operand):
    """``t`` with each repeated label's dims replaced by their diagonal, left
    where the label first appears (torch's diagonal, then a movedim), and the
    labels left."""
    kept = []
    for label in labels:
        if label not in kept:
            kept.append(label)
            continue
        dim, first = len(kept), kept.index(label)
        if t.shape[dim] != t.shape[first]:
            raise RuntimeError(
                f"einsum(): subscript {label} is repeated for operand {operand} but the sizes "
                f"don't match, {t.shape[dim]} != {t.shape[first]}"
            )
        # the diagonal comes last; move it back to the label's first place
        t = t.diagonal(0, first, dim)
        last = t.dim() - 1
        t = t.permute(list(range(first)) + [last] + list(range(first, last)))
    return kept, t


def einsum(equation, *operands):
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    equation = equation.replace(" ", "")
    inputs, arrow, output = equation.partition("->")
    specs = inputs.split(",")
    if len(specs) > len(operands):
        raise RuntimeError("einsum(): fewer operands were provided than specified in the equation")
    if len(specs) < len(operands):
        raise RuntimeError("einsum(): more operands were provided than specified in the equation")
    ellipsis_dims = builtins.max(
        [t.dim() - len(s.replace("...", "")) for s, t in zip(specs, operands) if "..." in s],
        default=0,
    )
    labels = [_labels(s, t.dim(), i, ellipsis_dims) for i, (s, t) in enumerate(zip(specs, operands))]
    # a label repeated within an operand counts each time (so "ii" sums)
    counts = {}
    for ls in labels:
        for label in ls:
            counts[label] = counts.get(label, 0) + 1
    operands = list(operands)
    for i, ls in enumerate(labels):
        if len(set(ls)) != len(ls):
            labels[i], operands[i] = _take_diagonals(operands[i], ls, i)
    dots = [f".{i}" for i in range(ellipsis_dims)]
    if arrow:
        ndim = len(output.replace("...", "")) + (ellipsis_dims if "..." in output else 0)
        out = _labels(output, ndim, None, ellipsis_dims)
        for label in out:
            if label not in counts:
                raise RuntimeError(
                    f"einsum(): output subscript {label} does not appear in the equation for "
                    "any input operand"
                )
    else:
        # implicit output: the ellipsis, then the labels used once, in
        # alphabetical order (capitals first)
        out = dots + sorted(k for k, c in counts.items() if c == 1 and not k.startswith("."))
    # after the output: ellipsis dims it drops, then the summed labels, sorted
    dropped = [d for d in dots if d not in out]
    order = out + dropped + sorted(k for k in counts if k not in out and not k.startswith("."))
    sizes, present = {}, {label: 0 for label in order}
    aligned = []
    for i, (ls, t) in enumerate(zip(labels, operands)):
        for label, size in zip(ls, t.shape):
            seen = sizes.get(label, 1)
            if size != 1 and seen != 1 and size != seen:
                raise RuntimeError(
                    f"einsum(): subscript {label} has size {size} for operand {i} which does not "
                    f"broadcast with previously seen size {seen}"
                )
            if size != 1:
                sizes[label] = size
                present[label] += 1
        # missing labels become trailing size-1 dims, then one permute
        for _ in range(len(order) - len(ls)):
            t = t.unsqueeze(t.dim())
        extra = iter(range(len(ls), len(order)))
        aligned.append(t.permute([ls.index(k) if k in ls else next(extra) for k in order]))
    n_out = len(out)
    if len(aligned) == 1:
        summed = list(range(n_out, len(order)))
        return aligned[0].sum(summed) if summed else aligned[0]
    counts_left = [present[k] for k in order]
    result = aligned[0]
    for other in aligned[1:]:
        sum_dims, result_only, other_only = [], [], []
        for d in range(n_out, len(order)):
            if result.shape[d] != 1 and other.shape[d] != 1:
                counts_left[d] -= 1
                if counts_left[d] == 1:
                    sum_dims.append(d)
                    counts_left[d] = 0
            elif counts_left[d] == 1:
                # held by one operand alone: summed before the product
                if result.shape[d] != 1:
                    result_only.append(d)
                    counts_left[d] = 0
                elif other.shape[d] != 1:
                    other_only.append(d)
                    counts_left[d] = 0
        if result_only:
            result = result.sum(result_only, keepdim=True)
        if other_only:
            other = other.sum(other_only, keepdim=True)
        result = _sumproduct_pair(result, other, sum_dims)
    if len(order) > n_out:
        return result.view(list(result.shape[:n_out]))
    return result


def _sumproduct_pair(left, right, sum_dims):
    """``(left * right).sum(sum_dims, keepdim=True)`` as one batched matrix
    product (both operands have the same number of dims)."""
    if not sum_dims:
        return left * right
    batch, left_only, right_only = [], [], []
    for d in range(left.dim()):
        in_left, in_right = left.shape[d] != 1, right.shape[d] != 1
        if d in sum_dims:
            if in_left and not in_right:
                left = left.sum(d, keepdim=True)
            elif in_right and not in_left:
                right = right.sum(d, keepdim=True)
        elif in_left and in_right:
            batch.append(d)
        elif in_left:
            left_only.append(d)
        else:
            right_only.append(d)
    if left_only and right_only and right_only[-1] < left_only[0]:
        # the right operand's dims all come first: multiply the other way
        # round, so the product comes out in their order
        left, right, left_only, right_only = right, left, right_only, left_only

    def size(t, dims):
        return math.prod(t.shape[d] for d in dims)

    b, m = size(left, batch), size(left, left_only)
    k, n = size(left, sum_dims), size(right, right_only)
    lhs = left.permute(batch + left_only + sum_dims + right_only).reshape(b, m, k)
    rhs = right.permute(batch + sum_dims + right_only + left_only).reshape(b, k, n)
    out_dims = batch + left_only + sum_dims + right_only
    shape = [left.shape[d] for d in batch + left_only] + [1] * len(sum_dims)
    shape += [right.shape[d] for d in right_only]
    product = lhs.bmm(rhs).view(shape)
    return product.permute([out_dims.index(d) for d in range(left.dim())])


__all__ = ["einsum"]
