//! sum and mean, over everything or over dimensions.

use super::grad0;
use super::view::{broadcast_to, reshape, unsqueeze};
use crate::autograd::node::{Backward, Grads};
use crate::autograd::{needs_graph, record};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::kernels::reduce::{sum_all, sum_dims as sum_dims_kernel};
use crate::shape::{reduction_axes, wrap_dim, Shape};
use crate::tensor::Tensor;
use smallvec::smallvec;

/// Sums accumulate in the input's dtype; integers and bools sum as int64.
fn sum_dtype(t: &Tensor) -> DType {
    if t.dtype().is_floating() {
        t.dtype()
    } else {
        DType::I64
    }
}

fn sum_all_raw(t: &Tensor) -> Tensor {
    let t = t.cast(sum_dtype(t));
    match t.dtype() {
        DType::F32 => Tensor::scalar(sum_all::<f32>(&t)),
        DType::F64 => Tensor::scalar(sum_all::<f64>(&t)),
        _ => Tensor::scalar(sum_all::<i64>(&t)),
    }
}

pub(crate) fn sum_dims_raw(t: &Tensor, dims: &[usize], keepdim: bool) -> Tensor {
    let t = t.cast(sum_dtype(t));
    let out = match t.dtype() {
        DType::F32 => sum_dims_kernel::<f32>(&t, dims),
        DType::F64 => sum_dims_kernel::<f64>(&t, dims),
        _ => sum_dims_kernel::<i64>(&t, dims),
    };
    if keepdim {
        let kept: Vec<usize> = (0..t.ndim())
            .map(|i| if dims.contains(&i) { 1 } else { t.shape()[i] })
            .collect();
        out.view_of(&kept, &crate::shape::contiguous_strides(&kept), 0)
            .detach()
    } else {
        out
    }
}

/// Wraps and checks a list of dims (empty = all dims).
fn resolve_dims(dims: &[i64], ndim: usize) -> Result<Vec<usize>> {
    if dims.is_empty() {
        return Ok((0..ndim).collect());
    }
    let mut out = Vec::with_capacity(dims.len());
    for &d in dims {
        let w = wrap_dim(d, ndim)?;
        if out.contains(&w) {
            return Err(Error::runtime(format!(
                "dim {w} appears multiple times in the list of dims"
            )));
        }
        out.push(w);
    }
    Ok(out)
}

pub fn sum(a: &Tensor) -> Result<Tensor> {
    let out = sum_all_raw(a);
    if needs_graph(&[a]) {
        record(
            "SumBackward0",
            &[a],
            &[&out],
            Box::new(SumBackward {
                shape: a.shape().into(),
                dims: None,
                scale: None,
            }),
        );
    }
    Ok(out)
}

pub fn sum_dims(a: &Tensor, dims: &[i64], keepdim: bool) -> Result<Tensor> {
    let dims = resolve_dims(dims, a.ndim())?;
    let out = if a.ndim() == 0 {
        sum_all_raw(a)
    } else {
        sum_dims_raw(a, &dims, keepdim)
    };
    if needs_graph(&[a]) {
        let reduced = (!keepdim && a.ndim() > 0).then(|| dims.clone());
        record(
            "SumBackward1",
            &[a],
            &[&out],
            Box::new(SumBackward {
                shape: a.shape().into(),
                dims: reduced,
                scale: None,
            }),
        );
    }
    Ok(out)
}

fn mean_check(a: &Tensor) -> Result<()> {
    if !a.dtype().is_floating() {
        return Err(Error::runtime(format!(
            "mean(): could not infer output dtype. Input dtype must be either a floating point or \
             complex dtype. Got: {}",
            match a.dtype() {
                DType::Bool => "Bool",
                _ => "Long",
            }
        )));
    }
    Ok(())
}

pub fn mean(a: &Tensor) -> Result<Tensor> {
    mean_check(a)?;
    let n = a.numel() as f64;
    let out = sum_all_raw(a);
    let out = divide_raw(&out, n);
    if needs_graph(&[a]) {
        record(
            "MeanBackward0",
            &[a],
            &[&out],
            Box::new(SumBackward {
                shape: a.shape().into(),
                dims: None,
                scale: Some(n),
            }),
        );
    }
    Ok(out)
}

pub fn mean_dims(a: &Tensor, dims: &[i64], keepdim: bool) -> Result<Tensor> {
    mean_check(a)?;
    let dims = resolve_dims(dims, a.ndim())?;
    let n: f64 = if a.ndim() == 0 {
        1.0
    } else {
        dims.iter().map(|&d| a.shape()[d] as f64).product()
    };
    let out = if a.ndim() == 0 {
        sum_all_raw(a)
    } else {
        sum_dims_raw(a, &dims, keepdim)
    };
    let out = divide_raw(&out, n);
    if needs_graph(&[a]) {
        let reduced = (!keepdim && a.ndim() > 0).then(|| dims.clone());
        record(
            "MeanBackward1",
            &[a],
            &[&out],
            Box::new(SumBackward {
                shape: a.shape().into(),
                dims: reduced,
                scale: Some(n),
            }),
        );
    }
    Ok(out)
}

fn divide_raw(t: &Tensor, n: f64) -> Tensor {
    match t.dtype() {
        DType::F32 => crate::kernels::unary(t, |v: f32| v / n as f32),
        _ => crate::kernels::unary(t, |v: f64| v / n),
    }
}

/// Gradient of sum/mean: the incoming gradient, with reduced dims put back,
/// expanded over the input (and divided by the count for mean).
struct SumBackward {
    shape: Shape,
    dims: Option<Vec<usize>>,
    scale: Option<f64>,
}

impl Backward for SumBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let mut g = grad0(grads).clone();
        if let Some(dims) = &self.dims {
            let mut sorted = dims.clone();
            sorted.sort_unstable();
            for d in sorted {
                g = unsqueeze(&g, d as i64)?;
            }
        }
        if let Some(n) = self.scale {
            g = super::arith::div_scalar(&g, crate::dtype::Scalar::Float(n))?;
        }
        Ok(smallvec![Some(broadcast_to(&g, &self.shape)?)])
    }
}

/// Sums a broadcast gradient back to `shape` (the engine's one place for it).
pub fn sum_to_shape(g: &Tensor, shape: &[usize]) -> Result<Tensor> {
    let lead = g.ndim().checked_sub(shape.len());
    let fits = lead.is_some_and(|lead| {
        shape
            .iter()
            .zip(&g.shape()[lead..])
            .all(|(&want, &have)| want == have || want == 1)
    });
    if !fits {
        // a backward formula gave a gradient of the wrong shape
        return Err(Error::runtime(format!(
            "invalid gradient - got {} but expected shape compatible with {}",
            crate::shape::list_str(g.shape()),
            crate::shape::list_str(shape)
        )));
    }
    let (axes, has_lead) = reduction_axes(g.shape(), shape);
    if axes.is_empty() {
        return Ok(g.clone());
    }
    let dims: Vec<i64> = axes.iter().map(|&d| d as i64).collect();
    let summed = sum_dims(g, &dims, true)?;
    if has_lead || summed.shape() != shape {
        let spec: Vec<i64> = shape.iter().map(|&d| d as i64).collect();
        reshape(&summed, &spec)
    } else {
        Ok(summed)
    }
}
