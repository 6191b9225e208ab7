//! Ops that read elements at computed positions: advanced indexing,
//! gather, index_select; and masked_fill. The forward records, for every
//! output element, its source position in the (contiguous) input; the
//! backward scatter-adds the gradient back through the same map, so
//! repeated indices accumulate.

use super::{contiguous_tracked, grad0};
use crate::autograd::node::{Backward, Grads, Saved};
use crate::autograd::{needs_graph, record};
use crate::dtype::{DType, Scalar};
use crate::error::{Error, Result};
use crate::shape::{broadcast_shapes, contiguous_strides, list_str, numel, wrap_dim, Shape};
use crate::tensor::Tensor;
use smallvec::{smallvec, SmallVec};
use std::sync::Arc;

/// Where each element of a gathered tensor comes from: a position in the
/// (row-major) source, or `NO_SOURCE` (the element is 0 and its gradient
/// is dropped).
pub type Sources = Arc<[usize]>;
pub(crate) const NO_SOURCE: usize = usize::MAX;

/// Node names for a gather (`take`) and its adjoint scatter-add, each the
/// other's backward.
#[derive(Clone, Copy)]
pub(crate) struct TakeNames {
    pub(crate) take: &'static str,
    pub(crate) scatter: &'static str,
}

/// Output shaped `out_shape` built from `a`'s row-major elements at `sources`.
pub(crate) fn take(a: &Tensor, out_shape: &[usize], sources: Sources, names: TakeNames) -> Tensor {
    let out = crate::dispatch!(a.dtype(), T => {
        let values: Vec<T> = a.to_vec();
        let zero = <T as crate::tensor::Element>::from_f64(0.0);
        let picked: Vec<T> = sources
            .iter()
            .map(|&s| if s == NO_SOURCE { zero } else { values[s] })
            .collect();
        Tensor::from_vec(picked, out_shape)
    });
    record_take(a, &out, sources, names);
    out
}

/// Records `out`, already computed as `take(a, .., sources, ..)`, as that take.
pub(crate) fn record_take(a: &Tensor, out: &Tensor, sources: Sources, names: TakeNames) {
    if needs_graph(&[a]) {
        let backward = TakeBackward {
            sources,
            shape: a.shape().into(),
            names,
        };
        record(names.take, &[a], &[out], Box::new(backward));
    }
}

struct TakeBackward {
    sources: Sources,
    shape: Shape,
    names: TakeNames,
}

impl Backward for TakeBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let g = scatter(grad0(grads), &self.sources, &self.shape, self.names, None)?;
        Ok(smallvec![Some(g)])
    }
}

/// Zeros shaped `shape` with each element of `g` added at its position in
/// `sources` (the adjoint of `take`, so repeated positions accumulate).
/// `source_edge`: a tensor the result is recorded as depending on with a
/// zero gradient, as torch's nll_loss_backward depends on its input.
pub(crate) fn scatter(
    g: &Tensor,
    sources: &Sources,
    shape: &[usize],
    names: TakeNames,
    source_edge: Option<&Tensor>,
) -> Result<Tensor> {
    let out = crate::dispatch_float!(g.dtype(), T => {
        let gv: Vec<T> = g.to_vec();
        let mut acc = vec![0 as T; numel(shape)];
        for (&s, &v) in sources.iter().zip(&gv) {
            if s != NO_SOURCE {
                acc[s] += v;
            }
        }
        Tensor::from_vec(acc, shape)
    }, return Err(Error::runtime("gradients are floating point")));
    let mut inputs: SmallVec<[&Tensor; 2]> = smallvec![g];
    inputs.extend(source_edge);
    if needs_graph(&inputs) {
        let backward = ScatterBackward {
            sources: sources.clone(),
            shape: g.shape().into(),
            names,
            source_edge: source_edge.map(Saved::input),
        };
        record(names.scatter, &inputs, &[&out], Box::new(backward));
    }
    Ok(out)
}

struct ScatterBackward {
    sources: Sources,
    /// The shape of the scattered gradient.
    shape: Shape,
    names: TakeNames,
    source_edge: Option<Saved>,
}

impl Backward for ScatterBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let gg = grad0(grads);
        let mut out: Grads =
            smallvec![needs[0].then(|| take(gg, &self.shape, self.sources.clone(), self.names))];
        if let Some(source) = &self.source_edge {
            let s = source.get()?;
            out.push(needs[1].then(|| Tensor::zeros(s.shape(), gg.dtype())));
        }
        Ok(out)
    }

    fn release(&mut self) {
        if let Some(s) = &mut self.source_edge {
            s.release();
        }
    }
}

fn checked_index(i: i64, size: usize, dim: usize) -> Result<usize> {
    let j = if i < 0 { i + size as i64 } else { i };
    if j < 0 || j >= size as i64 {
        return Err(Error::Index(format!(
            "index {i} is out of bounds for dimension {dim} with size {size}"
        )));
    }
    Ok(j as usize)
}

/// `a[idx0, idx1, ...]` with an optional int64 index tensor per dim
/// (torch's `index`, IndexBackward0). Indexed dims next to each other keep
/// their place; split apart, the broadcast index dims go first.
pub fn index(a: &Tensor, indices: &[Option<Tensor>]) -> Result<Tensor> {
    if indices.len() > a.ndim() {
        return Err(Error::Index(format!(
            "too many indices for tensor of dimension {}",
            a.ndim()
        )));
    }
    if indices.iter().flatten().any(|t| t.dtype() != DType::I64) {
        // the Python layer turns int32, uint8 and bool indices into int64
        return Err(Error::Index(
            "tensors used as indices must be long, int, byte or bool tensors".into(),
        ));
    }
    let present: Vec<usize> = (0..indices.len())
        .filter(|&d| indices[d].is_some())
        .collect();
    let mut bshape: Vec<usize> = Vec::new();
    for &d in &present {
        let t = indices[d].as_ref().expect("present");
        bshape = broadcast_shapes(&bshape, t.shape())
            .map_err(|_| {
                let shapes: Vec<String> = present
                    .iter()
                    .filter_map(|&k| indices[k].as_ref().map(|t| list_str(t.shape())))
                    .collect();
                Error::Index(format!(
                    "shape mismatch: indexing tensors could not be broadcast together with \
                     shapes {}",
                    shapes.join(", ")
                ))
            })?
            .to_vec();
    }
    let strides = contiguous_strides(a.shape());
    // offset contributed by the indexed dims, per broadcast position
    let bn = numel(&bshape);
    let mut adv = vec![0usize; bn];
    for &d in &present {
        let t = indices[d].as_ref().expect("present");
        let expanded = super::view::broadcast_to(&t.detach(), &bshape)?.to_vec::<i64>();
        for (o, &i) in adv.iter_mut().zip(&expanded) {
            *o += checked_index(i, a.shape()[d], d)? * strides[d] as usize;
        }
    }
    let rest: Vec<usize> = (0..a.ndim()).filter(|d| !present.contains(d)).collect();
    let adjacent = present.windows(2).all(|w| w[1] == w[0] + 1);
    let first = present.first().copied().unwrap_or(0);
    let (before, after): (Vec<usize>, Vec<usize>) = if adjacent {
        rest.iter().partition(|&&d| d < first)
    } else {
        (Vec::new(), rest.clone())
    };
    let offsets_of = |dims: &[usize]| -> Vec<usize> {
        let mut offs = vec![0usize];
        for &d in dims {
            let step = strides[d] as usize;
            offs = offs
                .iter()
                .flat_map(|&o| (0..a.shape()[d]).map(move |k| o + k * step))
                .collect();
        }
        offs
    };
    let (ob, oa) = (offsets_of(&before), offsets_of(&after));
    let mut sources = Vec::with_capacity(ob.len() * bn * oa.len());
    for &x in &ob {
        for &y in &adv {
            for &z in &oa {
                sources.push(x + y + z);
            }
        }
    }
    let mut shape: Vec<usize> = before.iter().map(|&d| a.shape()[d]).collect();
    shape.extend(&bshape);
    shape.extend(after.iter().map(|&d| a.shape()[d]));
    Ok(take(
        &contiguous_tracked(a),
        &shape,
        sources.into(),
        TakeNames {
            take: "IndexBackward0",
            scatter: "IndexPutImplBackward0",
        },
    ))
}

/// `a` with the elements at `positions` (row-major, in `a`) replaced by
/// `values` broadcast to `index_shape` (one per position; the last write
/// to a repeated position wins), or increased by them when `accumulate`:
/// torch's `index_put` (IndexPutBackward0). The caller resolves the index
/// and checks the dtypes and the broadcast.
pub fn index_put(
    a: &Tensor,
    positions: Sources,
    index_shape: &[usize],
    values: &Tensor,
    accumulate: bool,
) -> Result<Tensor> {
    let spread = super::view::broadcast_to(&values.detach(), index_shape)?;
    let out = crate::dispatch!(a.dtype(), T => {
        use crate::tensor::Element;
        let mut x: Vec<T> = a.to_vec();
        let v: Vec<T> = spread.to_vec();
        for (&p, &v) in positions.iter().zip(&v) {
            x[p] = if !accumulate {
                v
            } else if let (Some(old), Some(add)) = (x[p].to_i64(), v.to_i64()) {
                // integers (and bools, as an or) exactly
                T::from_i64(old.wrapping_add(add))
            } else {
                // exact for float32 and float64 sums of two elements
                T::from_f64(x[p].to_f64() + v.to_f64())
            };
        }
        Tensor::from_vec(x, a.shape())
    });
    if needs_graph(&[a, values]) {
        // the old values survive where nothing was written (and all of
        // them when accumulating)
        let kept = (!accumulate).then(|| {
            let mut keep = vec![1.0f64; a.numel()];
            for &p in positions.iter() {
                keep[p] = 0.0;
            }
            Saved::input(&Tensor::from_vec(keep, a.shape()).cast(a.dtype()))
        });
        let backward = IndexPutBackward {
            positions,
            index_shape: index_shape.into(),
            values_shape: values.shape().into(),
            kept,
        };
        record(
            "IndexPutBackward0",
            &[a, values],
            &[&out],
            Box::new(backward),
        );
    }
    Ok(out)
}

struct IndexPutBackward {
    positions: Sources,
    index_shape: Shape,
    values_shape: Shape,
    /// 1 where the old value survived, 0 where it was overwritten; None
    /// when accumulating (every old value survives).
    kept: Option<Saved>,
}

impl Backward for IndexPutBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        let to_old = match (&self.kept, needs[0]) {
            (_, false) => None,
            (None, true) => Some(g.clone()),
            (Some(kept), true) => Some(super::arith::mul(g, kept.get()?)?),
        };
        let to_values = if needs[1] {
            // every indexed position's gradient, repeated ones included
            let names = TakeNames {
                take: "IndexBackward0",
                scatter: "IndexPutImplBackward0",
            };
            let picked = take(
                &contiguous_tracked(g),
                &self.index_shape,
                self.positions.clone(),
                names,
            );
            Some(super::reduce::sum_to_shape(&picked, &self.values_shape)?)
        } else {
            None
        };
        Ok(smallvec![to_old, to_values])
    }

    fn release(&mut self) {
        if let Some(kept) = &mut self.kept {
            kept.release();
        }
    }
}

/// `gather(dim, index)` (GatherBackward0).
pub fn gather(a: &Tensor, dim: i64, idx: &Tensor) -> Result<Tensor> {
    if !matches!(idx.dtype(), DType::I64 | DType::I32) {
        return Err(Error::runtime(
            "gather(): Expected dtype int32/int64 for index",
        ));
    }
    let d = wrap_dim(dim, a.ndim())?;
    if idx.ndim() != a.ndim() {
        return Err(Error::runtime(
            "Index tensor must have the same number of dimensions as input tensor",
        ));
    }
    // off `dim`, each index position must name an element of `a`
    if let Some(k) = (0..a.ndim()).find(|&k| k != d && idx.shape()[k] > a.shape()[k]) {
        return Err(Error::runtime(format!(
            "Size does not match at dimension {k} expected index {} to be no larger than self {} \
             apart from dimension {d}",
            list_str(idx.shape()),
            list_str(a.shape())
        )));
    }
    let strides = contiguous_strides(a.shape());
    let istrides = contiguous_strides(idx.shape());
    let iv = idx.cast(DType::I64).to_vec::<i64>();
    let mut sources = Vec::with_capacity(iv.len());
    for (flat, &i) in iv.iter().enumerate() {
        let mut rest = flat;
        let mut src = 0usize;
        for k in 0..idx.ndim() {
            let c = rest / istrides[k] as usize;
            rest %= istrides[k] as usize;
            let c = if k == d {
                checked_gather(i, a.shape()[d], d)?
            } else {
                c
            };
            src += c * strides[k] as usize;
        }
        sources.push(src);
    }
    Ok(take(
        &contiguous_tracked(a),
        idx.shape(),
        sources.into(),
        TakeNames {
            take: "GatherBackward0",
            scatter: "ScatterAddBackward0",
        },
    ))
}

fn checked_gather(i: i64, size: usize, dim: usize) -> Result<usize> {
    if i < 0 || i >= size as i64 {
        return Err(Error::runtime(format!(
            "index {i} is out of bounds for dimension {dim} with size {size}"
        )));
    }
    Ok(i as usize)
}

/// `index_select(dim, index)` (IndexSelectBackward0).
pub fn index_select(a: &Tensor, dim: i64, idx: &Tensor) -> Result<Tensor> {
    if idx.ndim() > 1 {
        return Err(Error::Index(
            "index_select(): Index is supposed to be a vector".into(),
        ));
    }
    let d = wrap_dim(dim, a.ndim())?;
    if !matches!(idx.dtype(), DType::I64 | DType::I32) {
        return Err(Error::runtime(
            "index_select(): Expected dtype int32 or int64 for index",
        ));
    }
    let iv = idx.cast(DType::I64).to_vec::<i64>();
    if a.ndim() == 0 {
        // a scalar acts as one element along dim 0, and stays a scalar
        if iv.len() != 1 {
            return Err(Error::runtime(format!(
                "index_select(): Index to scalar can have only 1 value, got {} value(s)",
                iv.len()
            )));
        }
        if iv[0] != 0 {
            return Err(Error::Index("index out of range in self".into()));
        }
        return Ok(take(
            &contiguous_tracked(a),
            &[],
            vec![0].into(),
            TakeNames {
                take: "IndexSelectBackward0",
                scatter: "IndexAddBackward0",
            },
        ));
    }
    let strides = contiguous_strides(a.shape());
    let mut shape = a.shape().to_vec();
    shape[d] = iv.len();
    let picks: Vec<usize> = iv
        .iter()
        .map(|&i| {
            let size = a.shape()[d] as i64;
            if (0..size).contains(&i) {
                Ok(i as usize)
            } else {
                Err(Error::Index("index out of range in self".into()))
            }
        })
        .collect::<Result<_>>()?;
    let out_strides = contiguous_strides(&shape);
    let mut sources = Vec::with_capacity(numel(&shape));
    for flat in 0..numel(&shape) {
        let mut rest = flat;
        let mut src = 0usize;
        for k in 0..shape.len() {
            let c = rest / out_strides[k] as usize;
            rest %= out_strides[k] as usize;
            let c = if k == d { picks[c] } else { c };
            src += c * strides[k] as usize;
        }
        sources.push(src);
    }
    Ok(take(
        &contiguous_tracked(a),
        &shape,
        sources.into(),
        TakeNames {
            take: "IndexSelectBackward0",
            scatter: "IndexAddBackward0",
        },
    ))
}

/// `masked_fill(mask, value)` (MaskedFillBackward0).
pub fn masked_fill(a: &Tensor, mask: &Tensor, value: Scalar) -> Result<Tensor> {
    if mask.dtype() != DType::Bool {
        return Err(Error::runtime(format!(
            "masked_fill_ only supports boolean masks, but got mask with dtype {}",
            mask.dtype().c_name()
        )));
    }
    let shape = broadcast_shapes(a.shape(), mask.shape())?;
    if shape.as_slice() != a.shape() {
        return Err(Error::runtime(format!(
            "The expanded size of the tensor ({}) must match the existing size ({}) at non-singleton dimension 0.",
            a.shape().first().copied().unwrap_or(1),
            shape[0]
        )));
    }
    let m = super::view::broadcast_to(&mask.detach(), &shape)?.to_vec::<bool>();
    let v = value.as_f64();
    let out = crate::dispatch!(a.dtype(), T => {
        let x: Vec<T> = a.to_vec();
        let fill = <T as crate::tensor::Element>::from_f64(v);
        Tensor::from_vec(x.iter().zip(&m).map(|(&x, &k)| if k { fill } else { x }).collect::<Vec<T>>(), &shape)
    });
    if needs_graph(&[a]) {
        let keep = Tensor::from_vec(
            m.iter()
                .map(|&k| if k { 0.0 } else { 1.0 })
                .collect::<Vec<f64>>(),
            &shape,
        )
        .cast(a.dtype());
        record(
            "MaskedFillBackward0",
            &[a],
            &[&out],
            Box::new(MaskBackward {
                keep: Saved::input(&keep),
            }),
        );
    }
    Ok(out)
}

struct MaskBackward {
    keep: Saved,
}

impl Backward for MaskBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        Ok(smallvec![Some(super::arith::mul(
            grad0(grads),
            self.keep.get()?
        )?)])
    }
}
