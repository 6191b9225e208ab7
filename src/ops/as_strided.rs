//! `as_strided`: a view with any sizes, strides and storage offset over the
//! input's storage, elements possibly repeated. The gradient goes through
//! storage, as torch's `as_strided_backward` computes it: every storage
//! element collects the gradient of the output elements on it, and every
//! input element reads its own back (an element the input itself repeats
//! gets an equal share).

use super::grad0;
use crate::autograd::grad_mode::GradModeGuard;
use crate::autograd::node::{Backward, Grads};
use crate::autograd::{needs_graph, record};
use crate::error::{Error, Result};
use crate::shape::{list_str, Shape, Strides};
use crate::tensor::{for_each_offset, Element, Tensor};
use smallvec::smallvec;

/// Sizes, strides and storage offset of a strided tensor.
#[derive(Clone, Debug)]
pub struct Geometry {
    pub shape: Shape,
    pub strides: Strides,
    pub offset: usize,
}

impl Geometry {
    fn of(t: &Tensor) -> Geometry {
        Geometry {
            shape: t.shape().into(),
            strides: t.strides().into(),
            offset: t.offset(),
        }
    }
}

/// torch's `setStrided` checks, in its order, for a view of `a` with the
/// requested layout; `offset` defaults to `a`'s.
pub fn checked_geometry(
    a: &Tensor,
    size: &[i64],
    stride: &[i64],
    offset: Option<i64>,
) -> Result<Geometry> {
    if size.len() != stride.len() {
        return Err(Error::runtime("mismatch in length of strides and shape"));
    }
    if stride.iter().any(|&s| s < 0) {
        return Err(Error::runtime(format!(
            "as_strided: Negative strides are not supported at the moment, got strides: {}",
            list_str(stride)
        )));
    }
    let offset = offset.unwrap_or(a.offset() as i64);
    let item = a.dtype().item_size() as u64;
    // computeStorageNbytes: unsigned arithmetic, an empty layout needs none
    let mut needed: Option<u64> = Some(1);
    let mut empty = false;
    for (&d, &s) in size.iter().zip(stride) {
        if d == 0 {
            empty = true;
            break;
        }
        needed = needed.and_then(|n| {
            (s as u64)
                .checked_mul((d - 1) as u64)
                .and_then(|span| n.checked_add(span))
        });
    }
    if !empty {
        let bytes = needed.and_then(|n| n.checked_mul(item)).ok_or_else(|| {
            Error::runtime(format!(
                "Storage size calculation overflowed with sizes={} and strides={}",
                list_str(size),
                list_str(stride)
            ))
        })?;
        let total = (bytes as i64).wrapping_add(offset.wrapping_mul(item as i64));
        let have = (a.storage_len() as u64 * item) as i64;
        if total > have {
            return Err(Error::runtime(format!(
                "setStorage: sizes {}, strides {}, storage offset {offset}, and itemsize {item} \
                 requiring a storage size of {total} are out of bounds for storage of size {have}",
                list_str(size),
                list_str(stride)
            )));
        }
    }
    if offset < 0 {
        return Err(Error::runtime(format!(
            "Tensor: invalid storage offset {offset}"
        )));
    }
    if size.iter().any(|&d| d < 0) {
        // torch makes a tensor with a negative size here; ferrograd cannot
        return Err(Error::runtime(format!(
            "as_strided: negative sizes are not supported, got sizes: {}",
            list_str(size)
        )));
    }
    Ok(Geometry {
        shape: size.iter().map(|&d| d as usize).collect(),
        strides: stride.iter().map(|&s| s as isize).collect(),
        offset: offset as usize,
    })
}

/// `torch.as_strided(a, size, stride, storage_offset)` (AsStridedBackward0).
pub fn as_strided(a: &Tensor, size: &[i64], stride: &[i64], offset: Option<i64>) -> Result<Tensor> {
    let g = checked_geometry(a, size, stride, offset)?;
    let out = a.view_of(&g.shape, &g.strides, g.offset);
    if needs_graph(&[a]) {
        record(
            "AsStridedBackward0",
            &[a],
            &[&out],
            AsStridedBackward::boxed(Geometry::of(a), g),
        );
    }
    Ok(out)
}

/// `a.as_strided_(size, stride, storage_offset)`: `a` takes the layout
/// (AsStridedBackward1).
pub fn as_strided_(a: &Tensor, size: &[i64], stride: &[i64], offset: Option<i64>) -> Result<()> {
    let g = checked_geometry(a, size, stride, offset)?;
    let like = a.detach().view_of(&g.shape, &g.strides, g.offset);
    let backward = AsStridedBackward::boxed(Geometry::of(a), g);
    super::relayout::take_layout(a, &like, "AsStridedBackward1", backward);
    Ok(())
}

struct AsStridedBackward {
    input: Geometry,
    output: Geometry,
}

impl AsStridedBackward {
    fn boxed(input: Geometry, output: Geometry) -> Box<AsStridedBackward> {
        Box::new(AsStridedBackward { input, output })
    }
}

impl Backward for AsStridedBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let g = through_storage(grad0(grads), &self.output, &self.input, &self.input)?;
        Ok(smallvec![Some(g)])
    }
}

/// torch's `_maybe_overlapping_memory` (dims of size 1 already dropped).
fn maybe_overlapping(dims: &[(usize, isize)]) -> bool {
    let mut by_stride = dims.to_vec();
    by_stride.sort_by_key(|&(_, s)| s);
    let mut reach = 0isize;
    for (d, s) in by_stride {
        if s <= reach {
            return true;
        }
        reach += s * (d as isize - 1);
    }
    false
}

fn add<T: Element>(a: T, b: T) -> T {
    match (a.to_complex(), b.to_complex()) {
        (Some((ar, ai)), Some((br, bi))) => T::from_complex(ar + br, ai + bi),
        // exact before the one rounding for float32 and narrower
        _ => T::from_f64(a.to_f64() + b.to_f64()),
    }
}

fn div<T: Element>(a: T, n: f64) -> T {
    match a.to_complex() {
        Some((re, im)) => T::from_complex(re / n, im / n),
        None => T::from_f64(a.to_f64() / n),
    }
}

/// `g` (laid out as `from` reads storage) scattered into a scratch storage,
/// each storage element divided by how often `count` reads it when `count`
/// repeats elements, read back through `to`: shaped and strided as `to`.
/// Its gradient is the same with `from` and `to` swapped.
fn through_storage(g: &Tensor, from: &Geometry, to: &Geometry, count: &Geometry) -> Result<Tensor> {
    let out = {
        // recorded below as one node
        let _off = GradModeGuard::new(false);
        scatter_gather(g, from, to, count)?
    };
    if needs_graph(&[g]) {
        let backward = ThroughStorageBackward {
            from: to.clone(),
            to: from.clone(),
            count: count.clone(),
        };
        // torch's gradient ends in an as_strided of its scratch storage
        record("AsStridedBackward0", &[g], &[&out], Box::new(backward));
    }
    Ok(out)
}

fn scatter_gather(g: &Tensor, from: &Geometry, to: &Geometry, count: &Geometry) -> Result<Tensor> {
    if from.shape.contains(&0) || to.shape.contains(&0) {
        return Ok(Tensor::zeros(&to.shape, g.dtype()));
    }
    // repeated reads of one element (stride 0) are summed first, innermost
    // dim first, as torch does before scattering
    let mut g = g.clone();
    let mut dims: Vec<(usize, isize)> = Vec::new();
    for i in (0..from.shape.len()).rev() {
        let (d, s) = (from.shape[i], from.strides[i]);
        if d > 1 && s == 0 {
            g = super::reduce::sum_dims(&g, &[i as i64], false)?;
        } else if d > 1 {
            dims.insert(0, (d, s));
        } else {
            g = super::view::squeeze(&g, Some(i as i64))?;
        }
    }
    let from_shape: Vec<usize> = dims.iter().map(|&(d, _)| d).collect();
    let from_strides: Vec<isize> = dims.iter().map(|&(_, s)| s).collect();
    let overlapping = maybe_overlapping(&dims);
    let count_dims: Vec<(usize, isize)> = count
        .shape
        .iter()
        .zip(&count.strides)
        .filter(|(&d, _)| d != 1)
        .map(|(&d, &s)| (d, s))
        .collect();
    let count_repeats = maybe_overlapping(&count_dims);

    // the scratch storage spans every element any of the three touch
    let extent = |geo: &Geometry| -> (usize, usize) {
        let last: usize = geo
            .shape
            .iter()
            .zip(&geo.strides)
            .map(|(&d, &s)| (d - 1) * s as usize)
            .sum();
        (geo.offset, geo.offset + last + 1)
    };
    let spans = [extent(from), extent(to), extent(count)];
    let lo = spans.iter().map(|s| s.0).min().unwrap_or(0);
    let hi = spans.iter().map(|s| s.1).max().unwrap_or(0);
    let values = g.contiguous();
    let scratch = crate::dispatch!(g.dtype(), T => {
        let mut storage = vec![T::from_f64(0.0); hi - lo];
        values.with_slice(|vals: &[T]| {
            let mut i = 0;
            for_each_offset(&from_shape, &from_strides, from.offset - lo, |p| {
                // a copy where nothing repeats, as torch's copy_ (keeps -0.0)
                storage[p] = if overlapping { add(storage[p], vals[i]) } else { vals[i] };
                i += 1;
            });
        });
        if count_repeats {
            let mut n = vec![0u32; hi - lo];
            for_each_offset(&count.shape, &count.strides, count.offset - lo, |p| n[p] += 1);
            for (v, &n) in storage.iter_mut().zip(&n) {
                *v = div(*v, n as f64);
            }
        }
        Tensor::from_vec(storage, &[hi - lo])
    });
    Ok(scratch
        .view_of(&to.shape, &to.strides, to.offset - lo)
        .data_view())
}

struct ThroughStorageBackward {
    from: Geometry,
    to: Geometry,
    count: Geometry,
}

impl Backward for ThroughStorageBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let g = through_storage(grad0(grads), &self.from, &self.to, &self.count)?;
        Ok(smallvec![Some(g)])
    }
}
