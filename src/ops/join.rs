//! Ops that assemble or rearrange data: cat, stack, split/chunk, flip,
//! repeat, tril/triu.

use super::grad0;
use super::view::{dim_slice, index_view, narrow, reshape, squeeze, unsqueeze};
use crate::autograd::grad_mode::GradModeGuard;
use crate::autograd::node::{Backward, Grads};
use crate::autograd::{needs_graph, record};
use crate::dtype::{promote, DType, Scalar};
use crate::error::{Error, Result};
use crate::kernels::{filled_vec, parallel_worth};
use crate::shape::{list_str, numel, wrap_dim, Shape};
use crate::tensor::{Element, Tensor};
use smallvec::{smallvec, SmallVec};
use std::borrow::Borrow;
use std::mem::MaybeUninit;

/// `torch.cat(tensors, dim)` (CatBackward0). Takes borrowed tensors too, so
/// a caller holding them elsewhere (the binding) clones no handles.
pub fn cat<T: Borrow<Tensor>>(tensors: &[T], dim: i64) -> Result<Tensor> {
    if let Some(out) = vectors_end_to_end(tensors, dim) {
        return Ok(out);
    }
    let first = tensors
        .first()
        .ok_or_else(|| Error::Value("torch.cat(): expected a non-empty list of Tensors".into()))?
        .borrow();
    // 1-d empty tensors are skipped, as torch does for legacy reasons.
    // (Pushed one by one: SmallVec's collect costs more than the rest of a
    // small cat.)
    let mut parts: SmallVec<[&Tensor; 4]> = SmallVec::new();
    for t in tensors {
        let t = t.borrow();
        if !(t.ndim() == 1 && t.numel() == 0) {
            parts.push(t);
        }
    }
    let reference = parts.first().copied().unwrap_or(first);
    if reference.ndim() == 0 {
        return Err(Error::runtime(
            "zero-dimensional tensor (at position 0) cannot be concatenated",
        ));
    }
    let d = wrap_dim(dim, reference.ndim())?;
    let dtype = tensors
        .iter()
        .map(|t| t.borrow().dtype())
        .reduce(promote)
        .unwrap_or(DType::F32);
    for (i, t) in parts.iter().enumerate() {
        if t.ndim() != reference.ndim() {
            return Err(Error::runtime(format!(
                "Tensors must have same number of dimensions: got {} and {}",
                reference.ndim(),
                t.ndim()
            )));
        }
        for k in 0..t.ndim() {
            if k != d && t.shape()[k] != reference.shape()[k] {
                return Err(Error::runtime(format!(
                    "Sizes of tensors must match except in dimension {d}. Expected size {} but got \
                     size {} for tensor number {i} in the list.",
                    reference.shape()[k],
                    t.shape()[k]
                )));
            }
        }
    }
    let mut shape: Shape = reference.shape().into();
    shape[d] = parts.iter().map(|t| t.shape()[d]).sum();
    let out = joined(&parts, d, &shape, dtype);
    if needs_graph(tensors) {
        let inputs: SmallVec<[&Tensor; 4]> = tensors.iter().map(Borrow::borrow).collect();
        let sizes = inputs
            .iter()
            .map(|t| (!(t.ndim() == 1 && t.numel() == 0)).then(|| t.shape()[d]))
            .collect();
        record(
            "CatBackward0",
            &inputs,
            &[&out],
            Box::new(CatBackward { dim: d, sizes }),
        );
    }
    Ok(out)
}

/// The common small cat, checked and joined in one pass: non-empty
/// contiguous vectors of one dtype along dim 0, nothing to record. None
/// sends every other case (and every error) through the general path.
fn vectors_end_to_end<T: Borrow<Tensor>>(tensors: &[T], dim: i64) -> Option<Tensor> {
    let first = tensors.first()?.borrow();
    let dtype = first.dtype();
    if !matches!(dim, 0 | -1) || needs_graph(tensors) {
        return None;
    }
    let mut total = 0;
    for t in tensors {
        let l = t.borrow().layout();
        if l.shape.len() != 1 || l.shape[0] == 0 || l.strides[0] != 1 || t.borrow().dtype() != dtype
        {
            return None;
        }
        total += l.shape[0];
    }
    if parallel_worth(total) {
        return None;
    }
    Some(crate::dispatch!(dtype, E => {
        let mut out: Vec<E> = Vec::with_capacity(total);
        for t in tensors {
            t.borrow().with_slice(|v: &[E]| out.extend_from_slice(v));
        }
        Tensor::from_vec(out, &[total])
    }))
}

/// Output elements per parallel task of a join.
const JOIN_CHUNK: usize = 1 << 15;

/// `parts` joined along `d` into a new contiguous tensor of `shape` and
/// `dtype`: for each index of the dims before `d`, one block copy per part.
fn joined(parts: &[&Tensor], d: usize, shape: &[usize], dtype: DType) -> Tensor {
    let n = numel(shape);
    if numel(&shape[..d]) == 1
        && !parallel_worth(n)
        && parts
            .iter()
            .all(|t| t.dtype() == dtype && t.is_contiguous())
    {
        // one block per part (the outer dims are all 1): the parts' values
        // back to back, without the general path's bookkeeping
        return crate::dispatch!(dtype, T => {
            let mut out: Vec<T> = crate::kernels::pool::vec_with_capacity(n);
            for t in parts {
                t.with_slice(|v: &[T]| out.extend_from_slice(v));
            }
            Tensor::from_vec(out, shape)
        });
    }
    let inner = numel(&shape[d + 1..]);
    // where each part's block starts in one row (one index of the outer dims)
    let mut starts: SmallVec<[usize; 5]> = smallvec![0];
    for t in parts {
        starts.push(starts[starts.len() - 1] + t.shape()[d] * inner);
    }
    // strided parts are copied first, so every part reads as one slice
    let sources: SmallVec<[Tensor; 4]> = parts
        .iter()
        .map(|t| {
            let t = t.cast(dtype);
            if t.is_contiguous() {
                t
            } else {
                t.copy_data()
            }
        })
        .collect();
    crate::dispatch!(dtype, T => {
        let guards: SmallVec<[_; 4]> = sources
            .iter()
            .map(|t| t.storage().data.read_recursive())
            .collect();
        let slices: SmallVec<[&[T]; 4]> = sources
            .iter()
            .zip(&guards)
            .map(|(t, buf)| &T::slice(buf)[crate::tensor::span(t.offset(), t.numel())])
            .collect();
        let out = filled_vec(n, |dst| {
            if parallel_worth(n) {
                crate::threads::for_each_chunk_mut(dst, JOIN_CHUNK, |i, c| {
                    copy_joined(c, i * JOIN_CHUNK, &slices, &starts)
                });
            } else {
                copy_joined(dst, 0, &slices, &starts);
            }
        });
        drop(slices);
        drop(guards);
        Tensor::from_vec(out, shape)
    })
}

/// Fills `dst`, the joined output from element `first` on, from the parts'
/// contiguous values; `starts` are the parts' block starts within a row.
fn copy_joined<T: Copy>(
    dst: &mut [MaybeUninit<T>],
    first: usize,
    slices: &[&[T]],
    starts: &[usize],
) {
    let row = starts[starts.len() - 1];
    let mut done = 0;
    while done < dst.len() {
        let at = first + done;
        let (o, r) = (at / row, at % row);
        // the part whose block holds r (parts with empty blocks are passed over)
        let p = starts.partition_point(|&s| s <= r) - 1;
        let block = starts[p + 1] - starts[p];
        let within = r - starts[p];
        let take = (block - within).min(dst.len() - done);
        let src = &slices[p][o * block + within..][..take];
        for (d, &v) in dst[done..done + take].iter_mut().zip(src) {
            d.write(v);
        }
        done += take;
    }
}

struct CatBackward {
    dim: usize,
    /// Each input's length along `dim`; None for the skipped 1-d empty ones.
    sizes: Vec<Option<usize>>,
}

impl Backward for CatBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        let mut at = 0;
        let mut out = SmallVec::new();
        for (i, &size) in self.sizes.iter().enumerate() {
            out.push(match size {
                _ if !needs[i] => None,
                None => Some(Tensor::zeros(&[0], g.dtype())),
                Some(len) => Some(narrow(g, self.dim as i64, at as i64, len)?),
            });
            at += size.unwrap_or(0);
        }
        Ok(out)
    }
}

/// `torch.stack(tensors, dim)` (StackBackward0).
pub fn stack(tensors: &[Tensor], dim: i64) -> Result<Tensor> {
    let first = tensors
        .first()
        .ok_or_else(|| Error::runtime("stack expects a non-empty TensorList"))?;
    for (i, t) in tensors.iter().enumerate() {
        if t.shape() != first.shape() {
            return Err(Error::runtime(format!(
                "stack expects each tensor to be equal size, but got {} at entry 0 and {} at entry {i}",
                list_str(first.shape()),
                list_str(t.shape())
            )));
        }
    }
    let d = wrap_dim(dim, first.ndim() + 1)?;
    let out = {
        let _off = GradModeGuard::new(false);
        let parts: Vec<Tensor> = tensors
            .iter()
            .map(|t| unsqueeze(t, d as i64))
            .collect::<Result<_>>()?;
        cat(&parts, d as i64)?
    };
    let refs: Vec<&Tensor> = tensors.iter().collect();
    if needs_graph(&refs) {
        record(
            "StackBackward0",
            &refs,
            &[&out],
            Box::new(StackBackward {
                dim: d,
                count: tensors.len(),
            }),
        );
    }
    Ok(out)
}

struct StackBackward {
    dim: usize,
    count: usize,
}

impl Backward for StackBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        (0..self.count)
            .map(|i| {
                if !needs[i] {
                    return Ok(None);
                }
                let part = narrow(g, self.dim as i64, i as i64, 1)?;
                Ok(Some(squeeze(&part, Some(self.dim as i64))?))
            })
            .collect()
    }
}

/// `split` / `split_with_sizes` / `chunk`: views along `dim`, one node for all.
pub fn split_sizes(
    a: &Tensor,
    sizes: &[usize],
    dim: i64,
    name: &'static str,
) -> Result<Vec<Tensor>> {
    split_parts(a, sizes, dim, name, true)
}

/// `unsafe_split` / `unsafe_chunk`: the same pieces over the same storage,
/// but not views: each keeps its own version counter, so writing one in
/// place leaves the others and `a` usable by the graph (what recurrent
/// cells do with their gates).
pub fn unsafe_split_sizes(
    a: &Tensor,
    sizes: &[usize],
    dim: i64,
    name: &'static str,
) -> Result<Vec<Tensor>> {
    split_parts(a, sizes, dim, name, false)
}

fn split_parts(
    a: &Tensor,
    sizes: &[usize],
    dim: i64,
    name: &'static str,
    as_views: bool,
) -> Result<Vec<Tensor>> {
    let d = wrap_dim(dim, a.ndim())?;
    let total: usize = sizes.iter().sum();
    if total != a.shape()[d] {
        return Err(Error::runtime(format!(
            "split_with_sizes expects split_sizes to sum exactly to {} (input tensor's size at \
             dimension {d}), but got split_sizes={}",
            a.shape()[d],
            list_str(sizes)
        )));
    }
    let outs: Vec<Tensor> = {
        let _off = GradModeGuard::new(false);
        let mut at = 0;
        sizes
            .iter()
            .map(|&len| {
                let v = narrow(a, d as i64, at as i64, len);
                at += len;
                v.map(|v| if as_views { v } else { v.data_view() })
            })
            .collect::<Result<_>>()?
    };
    if needs_graph(&[a]) {
        let refs: Vec<&Tensor> = outs.iter().collect();
        let backward = SplitBackward {
            dim: d,
            sizes: sizes.to_vec(),
            shape: a.shape().into(),
            dtype: a.dtype(),
        };
        record(name, &[a], &refs, Box::new(backward));
    }
    Ok(outs)
}

/// Sizes for `split(size)`: equal pieces, the last one shorter.
pub fn split_even(len: usize, size: usize) -> Result<Vec<usize>> {
    if size == 0 {
        if len != 0 {
            return Err(Error::runtime(format!(
                "split_size can only be 0 if dimension size is 0, but got dimension size of {len}"
            )));
        }
        return Ok(vec![0]);
    }
    let mut sizes = vec![size; len / size];
    if !len.is_multiple_of(size) {
        sizes.push(len % size);
    }
    Ok(sizes)
}

/// Sizes for `chunk(n)`: pieces of ceil(len / n).
pub fn chunk_sizes(len: usize, chunks: usize) -> Result<Vec<usize>> {
    if chunks == 0 {
        return Err(Error::runtime(
            "chunk expects `chunks` to be greater than 0, got: 0",
        ));
    }
    split_even(len, len.div_ceil(chunks).max(1))
}

struct SplitBackward {
    dim: usize,
    sizes: Vec<usize>,
    shape: Shape,
    dtype: DType,
}

impl Backward for SplitBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let parts: Vec<Tensor> = self
            .sizes
            .iter()
            .enumerate()
            .map(|(i, &len)| match grads.get(i).cloned().flatten() {
                Some(g) => g,
                None => {
                    let mut shape = self.shape.to_vec();
                    shape[self.dim] = len;
                    Tensor::zeros(&shape, self.dtype)
                }
            })
            .collect();
        Ok(smallvec![Some(cat(&parts, self.dim as i64)?)])
    }
}

/// `flip(dims)` (FlipBackward0): a reversed copy.
pub fn flip(a: &Tensor, dims: &[i64]) -> Result<Tensor> {
    // a scalar takes dim 0 (or -1), which flips nothing
    let mut flipped = vec![false; a.ndim().max(1)];
    for &d in dims {
        let w = wrap_dim(d, a.ndim())?;
        if flipped[w] {
            return Err(Error::runtime(format!(
                "dims has duplicates, original flip dims size={}, but unique flip dims size={}",
                dims.len(),
                dims.len() - 1
            )));
        }
        flipped[w] = true;
    }
    let out = crate::dispatch!(a.dtype(), T => {
        let values: Vec<T> = a.to_vec();
        let shape = a.shape();
        let strides = crate::shape::contiguous_strides(shape);
        let mut out = Vec::with_capacity(values.len());
        let n = values.len();
        for i in 0..n {
            // source index: mirror the flipped coordinates of i
            let mut rest = i;
            let mut src = 0usize;
            for k in 0..shape.len() {
                let s = strides[k] as usize;
                let c = rest / s;
                rest %= s;
                let c = if flipped[k] { shape[k] - 1 - c } else { c };
                src += c * s;
            }
            out.push(values[src]);
        }
        Tensor::from_vec(out, shape)
    });
    if needs_graph(&[a]) {
        record(
            "FlipBackward0",
            &[a],
            &[&out],
            Box::new(FlipBackward {
                dims: dims.to_vec(),
            }),
        );
    }
    Ok(out)
}

struct FlipBackward {
    dims: Vec<i64>,
}

impl Backward for FlipBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        Ok(smallvec![Some(flip(grad0(grads), &self.dims)?)])
    }
}

/// `repeat(sizes)` (RepeatBackward0): tiles the tensor.
pub fn repeat(a: &Tensor, reps: &[usize]) -> Result<Tensor> {
    if reps.len() < a.ndim() {
        return Err(Error::runtime(
            "Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor",
        ));
    }
    let lead = reps.len() - a.ndim();
    let padded: Vec<usize> = std::iter::repeat_n(1, lead)
        .chain(a.shape().iter().copied())
        .collect();
    // view as (1, s0, 1, s1, ...), expand to (r0, s0, r1, s1, ...), copy, merge pairs
    let out = {
        let _off = GradModeGuard::new(false);
        let mut interleaved = Vec::new();
        let mut expanded = Vec::new();
        for (&r, &s) in reps.iter().zip(&padded) {
            interleaved.extend([1i64, s as i64]);
            expanded.extend([r, s]);
        }
        let v = reshape(&a.contiguous(), &interleaved)?;
        let e = super::view::broadcast_to(&v, &expanded)?.copy_data();
        let merged: Vec<i64> = reps
            .iter()
            .zip(&padded)
            .map(|(&r, &s)| (r * s) as i64)
            .collect();
        reshape(&e, &merged)?.detach()
    };
    if needs_graph(&[a]) {
        record(
            "RepeatBackward0",
            &[a],
            &[&out],
            Box::new(RepeatBackward {
                reps: reps.to_vec(),
                padded,
                shape: a.shape().into(),
            }),
        );
    }
    Ok(out)
}

struct RepeatBackward {
    reps: Vec<usize>,
    padded: Vec<usize>,
    shape: Shape,
}

impl Backward for RepeatBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let mut split = Vec::new();
        for (&r, &s) in self.reps.iter().zip(&self.padded) {
            split.extend([r as i64, s as i64]);
        }
        let g = reshape(grad0(grads), &split)?;
        let rep_dims: Vec<i64> = (0..self.reps.len()).map(|i| 2 * i as i64).collect();
        let summed = super::reduce::sum_dims(&g, &rep_dims, false)?;
        let spec: Vec<i64> = self.shape.iter().map(|&d| d as i64).collect();
        Ok(smallvec![Some(reshape(&summed, &spec)?)])
    }
}

/// `tril(k)` / `triu(k)` (TrilBackward0 / TriuBackward0): a copy with the
/// other triangle set to zero (set, not multiplied, so inf and NaN there
/// become zero too); the gradient is the same triangle of the incoming one.
pub fn triangle(a: &Tensor, k: i64, lower: bool) -> Result<Tensor> {
    if a.ndim() < 2 {
        return Err(Error::runtime(format!(
            "{}: input tensor must have at least 2 dimensions",
            if lower { "tril" } else { "triu" }
        )));
    }
    let out = {
        let _off = GradModeGuard::new(false);
        let dropped = outside_triangle(a.shape(), k, lower);
        super::gather::masked_fill(a, &dropped, Scalar::Int(0))?
    };
    if needs_graph(&[a]) {
        let name = if lower {
            "TrilBackward0"
        } else {
            "TriuBackward0"
        };
        record(name, &[a], &[&out], Box::new(TriangleBackward { k, lower }));
    }
    Ok(out)
}

/// True where `tril(k)` (or `triu(k)`) drops the element.
fn outside_triangle(shape: &[usize], k: i64, lower: bool) -> Tensor {
    let (rows, cols) = (shape[shape.len() - 2], shape[shape.len() - 1]);
    let mut m = Vec::with_capacity(rows * cols);
    for i in 0..rows as i64 {
        for j in 0..cols as i64 {
            let keep = if lower { j - i <= k } else { j - i >= k };
            m.push(!keep);
        }
    }
    Tensor::from_vec(m, &[rows, cols])
}

struct TriangleBackward {
    k: i64,
    lower: bool,
}

impl Backward for TriangleBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        Ok(smallvec![Some(triangle(grad0(grads), self.k, self.lower)?)])
    }
}

/// `unbind(dim)`: the slices along `dim` as views, one node for all
/// (UnbindBackward0).
pub fn unbind(a: &Tensor, dim: i64) -> Result<Vec<Tensor>> {
    no_dims_check(a, dim)?;
    let d = wrap_dim(dim, a.ndim())?;
    let outs: Vec<Tensor> = {
        let _off = GradModeGuard::new(false);
        (0..a.shape()[d])
            .map(|i| {
                let mut items = dim_slice(a.shape(), d, 0, 0);
                items.pop();
                items.push(super::view::IndexItem::Int(i as i64));
                index_view(a, &items, "SelectBackward0")
            })
            .collect::<Result<_>>()?
    };
    if needs_graph(&[a]) {
        let refs: Vec<&Tensor> = outs.iter().collect();
        let backward = UnbindBackward {
            dim: d,
            shape: a.shape().into(),
            dtype: a.dtype(),
        };
        record("UnbindBackward0", &[a], &refs, Box::new(backward));
    }
    Ok(outs)
}

struct UnbindBackward {
    dim: usize,
    shape: Shape,
    dtype: DType,
}

impl Backward for UnbindBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let mut part_shape = self.shape.to_vec();
        part_shape.remove(self.dim);
        let parts: Vec<Tensor> = (0..self.shape[self.dim])
            .map(|i| {
                grads
                    .get(i)
                    .cloned()
                    .flatten()
                    .unwrap_or_else(|| Tensor::zeros(&part_shape, self.dtype))
            })
            .collect();
        Ok(smallvec![Some(stack(&parts, self.dim as i64)?)])
    }
}

/// torch's error for a dim of a 0-d tensor where the op needs a real one
/// (`size(0)`, `unbind`).
pub fn no_dims_check(a: &Tensor, dim: i64) -> Result<()> {
    if a.ndim() == 0 {
        return Err(Error::Index(format!(
            "Dimension specified as {dim} but tensor has no dimensions"
        )));
    }
    Ok(())
}

/// torch's error for splitting a 0-d tensor (`split`, `chunk`).
pub fn at_least_1d(a: &Tensor, op: &str) -> Result<()> {
    if a.ndim() == 0 {
        return Err(Error::runtime(format!(
            "{op} expects at least a 1-dimensional tensor"
        )));
    }
    Ok(())
}
