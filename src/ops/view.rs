//! Ops that only change how storage is read: reshape/view, transposes,
//! (un)squeeze, expand. Their outputs share storage and version counter.

use super::grad0;
use crate::autograd::node::{Backward, Grads};
use crate::autograd::{needs_graph, record};
use crate::error::{Error, Result};
use crate::shape::{
    contiguous_strides, infer_shape, list_str, numel, view_strides, wrap_dim, Shape, Strides,
};
use crate::tensor::Tensor;
use smallvec::smallvec;

/// A view of `a` with a new shape and `strides` (from `view_strides`),
/// recorded as `name` (ViewBackward0, UnsafeViewBackward0, ...).
fn reshape_view(a: &Tensor, shape: &[usize], strides: &[isize], name: &'static str) -> Tensor {
    let out = a.view_of(shape, strides, a.offset());
    if needs_graph(&[a]) {
        record(
            name,
            &[a],
            &[&out],
            ReshapeBackward::boxed(a.shape(), false),
        );
    }
    out
}

struct ReshapeBackward {
    shape: Shape,
    /// Hand back a gradient already of `shape` as it is rather than as a
    /// new view (torch's squeeze and alias do; a view's gradient, being a
    /// new tensor, may become a leaf's `.grad` without a copy).
    pass_unchanged: bool,
}

impl ReshapeBackward {
    fn boxed(shape: &[usize], pass_unchanged: bool) -> Box<ReshapeBackward> {
        Box::new(ReshapeBackward {
            shape: shape.into(),
            pass_unchanged,
        })
    }
}

impl Backward for ReshapeBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        if self.pass_unchanged && g.shape() == self.shape.as_slice() {
            return Ok(smallvec![Some(g.clone())]);
        }
        let spec: Vec<i64> = self.shape.iter().map(|&d| d as i64).collect();
        Ok(smallvec![Some(reshape(g, &spec)?)])
    }
}

/// `view(*shape)`: needs a layout that can be viewed.
pub fn view(a: &Tensor, spec: &[i64]) -> Result<Tensor> {
    let shape = infer_shape(spec, a.numel())?;
    let Some(strides) = view_strides(a.shape(), a.strides(), &shape) else {
        return Err(Error::runtime(
            "view size is not compatible with input tensor's size and stride (at least one \
             dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
        ));
    };
    Ok(reshape_view(a, &shape, &strides, "ViewBackward0"))
}

/// `reshape(*shape)`: a view when possible, else a copy then a view.
pub fn reshape(a: &Tensor, spec: &[i64]) -> Result<Tensor> {
    let shape = infer_shape(spec, a.numel())?;
    if let Some(strides) = view_strides(a.shape(), a.strides(), &shape) {
        // torch names a strided input's view apart (its `_reshape_alias`)
        let name = if a.is_contiguous() {
            "ViewBackward0"
        } else {
            "ReshapeAliasBackward0"
        };
        Ok(reshape_view(a, &shape, &strides, name))
    } else {
        let copy = super::clone(a);
        let strides = contiguous_strides(&shape);
        Ok(reshape_view(&copy, &shape, &strides, "UnsafeViewBackward0"))
    }
}

/// torch's `_unsafe_view`: reshape of a fresh result (UnsafeViewBackward0).
pub fn unsafe_view(a: &Tensor, shape: &[usize]) -> Tensor {
    let a = if a.is_contiguous() {
        a.clone()
    } else {
        a.copy_data()
    };
    reshape_view(&a, shape, &contiguous_strides(shape), "UnsafeViewBackward0")
}

pub fn unsqueeze(a: &Tensor, dim: i64) -> Result<Tensor> {
    let d = wrap_dim(dim, a.ndim() + 1)?;
    let mut shape: Shape = a.shape().into();
    let mut strides: Vec<isize> = a.strides().to_vec();
    let inner = if d < a.ndim() {
        a.strides()[d] * a.shape()[d] as isize
    } else {
        1
    };
    shape.insert(d, 1);
    strides.insert(d, inner);
    let out = a.view_of(&shape, &strides, a.offset());
    if needs_graph(&[a]) {
        record(
            "UnsqueezeBackward0",
            &[a],
            &[&out],
            ReshapeBackward::boxed(a.shape(), false),
        );
    }
    Ok(out)
}

/// Removes the given size-1 dims (SqueezeBackward4, torch's `squeeze(dims)`).
pub fn squeeze_dims(a: &Tensor, dims: &[i64]) -> Result<Tensor> {
    let mut drop = Vec::new();
    for &d in dims {
        let w = wrap_dim(d, a.ndim())?;
        if a.ndim() > 0 && a.shape()[w] == 1 {
            drop.push(w);
        }
    }
    Ok(squeeze_view(a, &drop, "SqueezeBackward4"))
}

/// `squeeze(dims)` given a list or tuple (SqueezeBackward2).
pub fn squeeze_list(a: &Tensor, dims: &[i64]) -> Result<Tensor> {
    let dims = distinct_dims(dims, a.ndim())?;
    let drop: Vec<usize> = dims
        .into_iter()
        .filter(|&d| a.shape().get(d) == Some(&1))
        .collect();
    Ok(squeeze_view(a, &drop, "SqueezeBackward2"))
}

/// `dims` wrapped against `ndim`; one named twice is torch's error.
pub(crate) fn distinct_dims(dims: &[i64], ndim: usize) -> Result<Vec<usize>> {
    let mut seen = Vec::with_capacity(dims.len());
    for &d in dims {
        let w = wrap_dim(d, ndim)?;
        if seen.contains(&w) {
            return Err(Error::runtime(format!(
                "dim {w} appears multiple times in the list of dims"
            )));
        }
        seen.push(w);
    }
    Ok(seen)
}

/// A view without the (size-1) dims in `drop`, recorded as `name`.
fn squeeze_view(a: &Tensor, drop: &[usize], name: &'static str) -> Tensor {
    let keep: Vec<usize> = (0..a.ndim()).filter(|i| !drop.contains(i)).collect();
    let shape: Vec<usize> = keep.iter().map(|&i| a.shape()[i]).collect();
    let strides: Vec<isize> = keep.iter().map(|&i| a.strides()[i]).collect();
    let out = a.view_of(&shape, &strides, a.offset());
    if needs_graph(&[a]) {
        record(name, &[a], &[&out], ReshapeBackward::boxed(a.shape(), true));
    }
    out
}

/// Dims reordered; `name` tells torch's node (PermuteBackward0 for
/// permute and `.T`, TransposeBackward0, TBackward0).
fn permuted(a: &Tensor, perm: &[usize], name: &'static str) -> Tensor {
    let shape: Vec<usize> = perm.iter().map(|&p| a.shape()[p]).collect();
    let strides: Vec<isize> = perm.iter().map(|&p| a.strides()[p]).collect();
    let out = a.view_of(&shape, &strides, a.offset());
    if needs_graph(&[a]) {
        let mut inverse = vec![0; perm.len()];
        for (i, &p) in perm.iter().enumerate() {
            inverse[p] = i;
        }
        record(name, &[a], &[&out], Box::new(PermuteBackward { inverse }));
    }
    out
}

struct PermuteBackward {
    inverse: Vec<usize>,
}

impl Backward for PermuteBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        Ok(smallvec![Some(permuted(
            grad0(grads),
            &self.inverse,
            "PermuteBackward0"
        ))])
    }
}

/// `unflatten(dim, sizes)`: dim `dim` split into `sizes` (one may be -1).
/// Splitting one dim never needs a copy, so this is a view whatever the
/// strides (ViewBackward0).
pub fn unflatten(a: &Tensor, dim: i64, sizes: &[i64]) -> Result<Tensor> {
    // torch reports what its size inference raises through this wrapper
    let unexpected = |e: Error| Error::runtime(format!("unflatten got an unexpected error:\n{e}"));
    if a.ndim() == 0 {
        wrap_dim(dim, 0)?;
        return Err(unexpected(Error::runtime(
            "Dimension specified as 0 but tensor has no dimensions",
        )));
    }
    let d = wrap_dim(dim, a.ndim())?;
    if sizes.is_empty() {
        return Err(Error::runtime("unflatten: sizes must be non-empty"));
    }
    let size = a.shape()[d];
    let split = infer_shape(sizes, size).map_err(|e| {
        if e.to_string().contains("is invalid for input of size") {
            Error::runtime(format!(
                "unflatten: Provided sizes {} don't multiply up to the size of dim {dim} ({size}) \
                 in the input tensor",
                list_str(sizes)
            ))
        } else {
            unexpected(e)
        }
    })?;
    let mut shape: Shape = a.shape()[..d].into();
    shape.extend_from_slice(&split);
    shape.extend_from_slice(&a.shape()[d + 1..]);
    // splitting one dim stays inside its memory block, so this always exists
    let strides = view_strides(a.shape(), a.strides(), &shape)
        .ok_or_else(|| Error::runtime("unflatten: the split dims cannot be viewed"))?;
    Ok(reshape_view(a, &shape, &strides, "ViewBackward0"))
}

pub fn permute(a: &Tensor, dims: &[i64]) -> Result<Tensor> {
    if dims.len() != a.ndim() {
        return Err(Error::runtime(format!(
            "permute(sparse_coo): number of dimensions in the tensor input does not match the \
             length of the desired ordering of dimensions i.e. input.dim() = {} is not equal to \
             len(dims) = {}",
            a.ndim(),
            dims.len()
        )));
    }
    let mut perm = Vec::with_capacity(dims.len());
    for &d in dims {
        let w = wrap_dim(d, a.ndim())?;
        if perm.contains(&w) {
            return Err(Error::runtime("permute(): duplicate dims are not allowed."));
        }
        perm.push(w);
    }
    Ok(permuted(a, &perm, "PermuteBackward0"))
}

/// `.T`: all dims reversed.
pub fn reverse_dims(a: &Tensor) -> Tensor {
    let perm: Vec<usize> = (0..a.ndim()).rev().collect();
    permuted(a, &perm, "PermuteBackward0")
}

pub fn transpose(a: &Tensor, d0: i64, d1: i64) -> Result<Tensor> {
    let (x, y) = (wrap_dim(d0, a.ndim())?, wrap_dim(d1, a.ndim())?);
    let mut perm: Vec<usize> = (0..a.ndim()).collect();
    if a.ndim() > 0 {
        perm.swap(x, y);
    }
    Ok(permuted(a, &perm, "TransposeBackward0"))
}

/// `t()`: transpose of a matrix; vectors and scalars come back as views.
pub fn t(a: &Tensor) -> Result<Tensor> {
    if a.ndim() > 2 {
        return Err(Error::runtime(format!(
            "t() expects a tensor with <= 2 dimensions, but self is {}D",
            a.ndim()
        )));
    }
    let perm: Vec<usize> = (0..a.ndim()).rev().collect();
    Ok(permuted(a, &perm, "TBackward0"))
}

/// Broadcast view of `a` to `shape` (stride 0 along expanded dims).
/// `a` broadcast to `shape` for a kernel or a formula: `a` itself when it
/// already has that shape, else `expand`.
pub fn broadcast_to(a: &Tensor, shape: &[usize]) -> Result<Tensor> {
    if a.shape() == shape {
        return Ok(a.clone());
    }
    expand(a, shape)
}

/// `expand(*sizes)`: always a new view (ExpandBackward0), even to the same
/// shape, as torch records it.
pub fn expand(a: &Tensor, shape: &[usize]) -> Result<Tensor> {
    if shape.len() < a.ndim() {
        return Err(Error::runtime(format!(
            "expand(torch.{}Tensor{{{}}}, size={}): the number of sizes provided ({}) must \
             be greater or equal to the number of dimensions in the tensor ({})",
            crate::shape::scalar_type_name(a.dtype()),
            list_str(a.shape()),
            list_str(shape),
            shape.len(),
            a.ndim()
        )));
    }
    let lead = shape.len() - a.ndim();
    let mut strides = vec![0isize; shape.len()];
    for i in 0..a.ndim() {
        let (have, want) = (a.shape()[i], shape[lead + i]);
        if have == want {
            strides[lead + i] = a.strides()[i];
        } else if have != 1 {
            return Err(Error::runtime(format!(
                "The expanded size of the tensor ({want}) must match the existing size ({have}) \
                 at non-singleton dimension {}.  Target sizes: {}.  Tensor sizes: {}",
                lead + i,
                list_str(shape),
                list_str(a.shape())
            )));
        }
    }
    // a new leading dim of size 1 spans the dims inside it, as in torch
    for i in (0..lead).rev() {
        if shape[i] == 1 {
            strides[i] = shape.get(i + 1).map_or(1, |&n| n as isize * strides[i + 1]);
        }
    }
    let out = a.view_of(shape, &strides, a.offset());
    if needs_graph(&[a]) {
        record(
            "ExpandBackward0",
            &[a],
            &[&out],
            Box::new(ExpandBackward {
                shape: a.shape().into(),
            }),
        );
    }
    debug_assert_eq!(numel(out.shape()), numel(shape));
    Ok(out)
}

struct ExpandBackward {
    shape: Shape,
}

impl Backward for ExpandBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        Ok(smallvec![Some(super::reduce::sum_to_shape(
            grad0(grads),
            &self.shape
        )?)])
    }
}

/// One component of a basic index: `t[2]`, `t[1:5:2]`, `t[None]`.
#[derive(Clone, Copy, Debug)]
pub enum IndexItem {
    /// Selects one position (the dim goes away).
    Int(i64),
    /// start..stop by step, already clamped to the dim (as Python's slice.indices).
    Slice {
        start: usize,
        len: usize,
        step: usize,
    },
    /// A new dim of size 1.
    NewAxis,
}

/// The layout `items` pick out of a tensor with `shape`/`strides`/`offset`.
fn index_layout(
    shape: &[usize],
    strides: &[isize],
    offset: usize,
    items: &[IndexItem],
) -> Result<(Shape, Strides, usize)> {
    let (mut out_shape, mut out_strides) = (Shape::new(), Strides::new());
    let mut off = offset as isize;
    let mut dim = 0;
    for item in items {
        match *item {
            IndexItem::Int(i) => {
                let size = *shape.get(dim).ok_or_else(|| {
                    Error::Index(format!(
                        "too many indices for tensor of dimension {}",
                        shape.len()
                    ))
                })?;
                let j = if i < 0 { i + size as i64 } else { i };
                if j < 0 || j >= size as i64 {
                    return Err(Error::Index(format!(
                        "index {i} is out of bounds for dimension {dim} with size {size}"
                    )));
                }
                off += j as isize * strides[dim];
                dim += 1;
            }
            IndexItem::Slice { start, len, step } => {
                if dim >= shape.len() {
                    return Err(Error::Index(format!(
                        "too many indices for tensor of dimension {}",
                        shape.len()
                    )));
                }
                off += start as isize * strides[dim];
                out_shape.push(len);
                out_strides.push(strides[dim] * step as isize);
                dim += 1;
            }
            IndexItem::NewAxis => {
                // torch's unsqueeze stride: the span of the dim it goes before
                out_shape.push(1);
                out_strides.push(if dim < shape.len() {
                    shape[dim] as isize * strides[dim]
                } else {
                    1
                });
            }
        }
    }
    out_shape.extend_from_slice(&shape[dim..]);
    out_strides.extend_from_slice(&strides[dim..]);
    Ok((out_shape, out_strides, off as usize))
}

/// `t[items]` as a view (SelectBackward0 / SliceBackward0 / UnsqueezeBackward0
/// after the last item that does something).
pub fn index_basic(a: &Tensor, items: &[IndexItem]) -> Result<Tensor> {
    let name = match items.last() {
        Some(IndexItem::Int(_)) => "SelectBackward0",
        Some(IndexItem::NewAxis) => "UnsqueezeBackward0",
        _ => "SliceBackward0",
    };
    index_view(a, items, name)
}

/// `a.narrow(dim, start, length)` as the user calls it: a negative length
/// and a start outside `[-size, size]` are torch's errors.
pub fn narrow_checked(a: &Tensor, dim: i64, start: i64, length: i64) -> Result<Tensor> {
    let d = wrap_dim(dim, a.ndim())?;
    let size = a.shape()[d] as i64;
    if !(-size..=size).contains(&start) {
        return Err(Error::Index(format!(
            "start out of range (expected to be in range of [{}, {size}], but got {start})",
            -size
        )));
    }
    let length = usize::try_from(length)
        .map_err(|_| Error::runtime("narrow(): length must be non-negative."))?;
    narrow(a, dim, start, length)
}

/// `a.narrow(dim, start, length)` (SliceBackward0).
pub fn narrow(a: &Tensor, dim: i64, start: i64, length: usize) -> Result<Tensor> {
    let d = wrap_dim(dim, a.ndim())?;
    let size = a.shape()[d] as i64;
    let start = if start < 0 { start + size } else { start };
    if start < 0 || start + length as i64 > size {
        return Err(Error::runtime(format!(
            "start ({start}) + length ({length}) exceeds dimension size ({size})."
        )));
    }
    index_view(
        a,
        &dim_slice(a.shape(), d, start as usize, length),
        "SliceBackward0",
    )
}

/// Items selecting `start..start+len` of dim `d` and everything else whole.
pub(crate) fn dim_slice(shape: &[usize], d: usize, start: usize, len: usize) -> Vec<IndexItem> {
    let mut items: Vec<IndexItem> = shape[..d]
        .iter()
        .map(|&n| IndexItem::Slice {
            start: 0,
            len: n,
            step: 1,
        })
        .collect();
    items.push(IndexItem::Slice {
        start,
        len,
        step: 1,
    });
    items
}

/// A strided view picked by `items`, recorded as `name`.
pub(crate) fn index_view(a: &Tensor, items: &[IndexItem], name: &'static str) -> Result<Tensor> {
    let (shape, strides, offset) = index_layout(a.shape(), a.strides(), a.offset(), items)?;
    let out = a.view_of(&shape, &strides, offset);
    if needs_graph(&[a]) {
        let backward = IndexBackward {
            shape: a.shape().into(),
            items: items.to_vec(),
            name,
        };
        record(name, &[a], &[&out], Box::new(backward));
    }
    Ok(out)
}

/// Gradient of a basic index: zeros of the input's shape with the incoming
/// gradient written into the indexed positions.
struct IndexBackward {
    shape: Shape,
    items: Vec<IndexItem>,
    name: &'static str,
}

impl Backward for IndexBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let (shape, strides, offset) = index_layout(
            &self.shape,
            &contiguous_strides(&self.shape),
            0,
            &self.items,
        )?;
        let region = Region {
            shape,
            strides: strides.to_vec(),
            offset,
        };
        let names = RegionNames {
            view: self.name,
            embed: match self.name {
                "SelectBackward0" => "SelectBackwardBackward0",
                "SliceBackward0" => "SliceBackwardBackward0",
                "UnsqueezeBackward0" => "SqueezeBackward1",
                _ => "AsStridedScatterBackward0",
            },
        };
        Ok(smallvec![Some(region_embed(
            grad0(grads),
            &self.shape,
            &region,
            names
        ))])
    }
}

/// A strided region of a contiguous tensor: the layout a view picks, with
/// its offset counted from the tensor's first element.
#[derive(Clone, Debug)]
pub(crate) struct Region {
    pub(crate) shape: Shape,
    pub(crate) strides: Vec<isize>,
    pub(crate) offset: usize,
}

impl Region {
    /// The region of contiguous `t` as a view (no history).
    fn of(&self, t: &Tensor) -> Tensor {
        debug_assert!(t.is_contiguous());
        t.view_of(&self.shape, &self.strides, t.offset() + self.offset)
    }
}

/// Node names for a pair of region ops, each the other's backward.
#[derive(Clone, Copy)]
pub(crate) struct RegionNames {
    pub(crate) view: &'static str,
    pub(crate) embed: &'static str,
}

/// The region of `t` (shaped like the region's base) as a view; its
/// gradient is `region_embed`.
pub(crate) fn region_view(t: &Tensor, region: &Region, names: RegionNames) -> Tensor {
    let base = super::contiguous_tracked(t);
    let out = region.of(&base);
    if needs_graph(&[&base]) {
        let backward = RegionViewBackward {
            region: region.clone(),
            base_shape: base.shape().into(),
            names,
        };
        record(names.view, &[&base], &[&out], Box::new(backward));
    }
    out
}

struct RegionViewBackward {
    region: Region,
    base_shape: Shape,
    names: RegionNames,
}

impl Backward for RegionViewBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        Ok(smallvec![Some(region_embed(
            grad0(grads),
            &self.base_shape,
            &self.region,
            self.names
        ))])
    }
}

/// Zeros shaped `base_shape` with `g` written into the region; its
/// gradient is `region_view` of the incoming one.
pub(crate) fn region_embed(
    g: &Tensor,
    base_shape: &[usize],
    region: &Region,
    names: RegionNames,
) -> Tensor {
    let full = Tensor::zeros(base_shape, g.dtype());
    region.of(&full).write_from(&g.contiguous());
    let out = full.data_view();
    if needs_graph(&[g]) {
        let backward = RegionEmbedBackward {
            region: region.clone(),
            names,
        };
        record(names.embed, &[g], &[&out], Box::new(backward));
    }
    out
}

struct RegionEmbedBackward {
    region: Region,
    names: RegionNames,
}

impl Backward for RegionEmbedBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        Ok(smallvec![Some(region_view(
            grad0(grads),
            &self.region,
            self.names
        ))])
    }
}

/// `g` with the region set to zero, recorded as `name`; its gradient is the
/// same projection of the incoming one.
pub(crate) fn region_zeroed(g: &Tensor, region: &Region, name: &'static str) -> Tensor {
    let out = g.copy_data();
    let hole = region.of(&out);
    hole.write_from(&Tensor::zeros(hole.shape(), g.dtype()));
    let out = out.data_view();
    if needs_graph(&[g]) {
        let backward = RegionZeroedBackward {
            region: region.clone(),
            name,
        };
        record(name, &[g], &[&out], Box::new(backward));
    }
    out
}

struct RegionZeroedBackward {
    region: Region,
    name: &'static str,
}

impl Backward for RegionZeroedBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        Ok(smallvec![Some(region_zeroed(
            grad0(grads),
            &self.region,
            self.name
        ))])
    }
}

/// `squeeze()` (all size-1 dims, SqueezeBackward0) or `squeeze(dim)`
/// (SqueezeBackward1; a dim that is not 1 is left alone).
pub fn squeeze(a: &Tensor, dim: Option<i64>) -> Result<Tensor> {
    let (drop, name): (Vec<usize>, &'static str) = match dim {
        None => (
            (0..a.ndim()).filter(|&i| a.shape()[i] == 1).collect(),
            "SqueezeBackward0",
        ),
        Some(d) => {
            let w = wrap_dim(d, a.ndim())?;
            let drop = if a.ndim() > 0 && a.shape()[w] == 1 {
                vec![w]
            } else {
                vec![]
            };
            (drop, "SqueezeBackward1")
        }
    };
    Ok(squeeze_view(a, &drop, name))
}

/// `flatten(start_dim, end_dim)`: a reshape merging that range of dims.
pub fn flatten(a: &Tensor, start: i64, end: i64) -> Result<Tensor> {
    if a.ndim() == 0 {
        return reshape(a, &[1]);
    }
    let (s, e) = (wrap_dim(start, a.ndim())?, wrap_dim(end, a.ndim())?);
    if s > e {
        return Err(Error::runtime(
            "flatten() has invalid args: start_dim cannot come after end_dim",
        ));
    }
    let mut spec: Vec<i64> = a.shape()[..s].iter().map(|&d| d as i64).collect();
    spec.push(numel(&a.shape()[s..=e]) as i64);
    spec.extend(a.shape()[e + 1..].iter().map(|&d| d as i64));
    if spec.len() == a.ndim() {
        return Ok(a.clone());
    }
    reshape(a, &spec)
}

/// A view of the whole tensor (AliasBackward0), as `t[...]` gives.
pub fn alias(a: &Tensor) -> Tensor {
    let out = a.view_of(a.shape(), a.strides(), a.offset());
    if needs_graph(&[a]) {
        record(
            "AliasBackward0",
            &[a],
            &[&out],
            ReshapeBackward::boxed(a.shape(), true),
        );
    }
    out
}
