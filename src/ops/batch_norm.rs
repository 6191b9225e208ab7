//! `batch_norm` (NativeBatchNormBackward0): each channel (dim 1) normalized
//! by its batch statistics in training, by the running ones in
//! evaluation; training also moves the running statistics (in place) by
//! `momentum`, the variance unbiased.

use super::grad0;
use super::{arith, reduce, unary};
use crate::autograd::needs_graph;
use crate::autograd::node::{Backward, Grads, Saved};
use crate::dtype::Scalar;
use crate::error::{Error, Result};
use crate::kernels::rows::{lane_sum_map, lane_sum_map2, RowFloat};
use crate::tensor::{Element, Tensor};
use crate::threads::for_each_chunk_mut;
use smallvec::{smallvec, SmallVec};

/// (N, C, elements per (image, channel) block) of an input (N, C, ...).
fn blocks(x: &Tensor) -> (usize, usize, usize) {
    let s = x.shape();
    (s[0], s[1], s[2..].iter().product())
}

/// (Image, channel) blocks handed to one task: enough to outweigh the
/// hand-off.
fn blocks_per_task(inner: usize) -> usize {
    (16384 / inner.max(1)).max(1)
}

/// Per-channel (mean, biased variance) of `x`, formed in double from
/// each (image, channel) block of contiguous values, a channel per task.
fn channel_stats(x: &Tensor) -> (Vec<f64>, Vec<f64>) {
    let (n, c, inner) = blocks(x);
    let count = (n * inner) as f64;
    let mut stats = vec![(0f64, 0f64); c];
    crate::dispatch_float!(x.dtype(), T => x.with_slice(|v: &[T]| {
        let block = |b: usize, ch: usize| &v[(b * c + ch) * inner..(b * c + ch + 1) * inner];
        for_each_chunk_mut(&mut stats, 1, |ch, out| {
            let sum: f64 = (0..n).map(|b| lane_sum_map(block(b, ch), |x: T| x.wide())).sum();
            let m = sum / count;
            let sq: f64 = (0..n)
                .map(|b| lane_sum_map(block(b, ch), |x: T| (x.wide() - m) * (x.wide() - m)))
                .sum();
            out[0] = (m, sq / count);
        });
    }), unreachable!("batch_norm checks for floating inputs"));
    stats.into_iter().unzip()
}

/// Per-channel sums of `g` and of `g·(x − mean)` (in double), a channel per task.
fn channel_grad_sums(x: &Tensor, g: &Tensor, mean: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let (n, c, inner) = blocks(x);
    let mut sums = vec![(0f64, 0f64); c];
    crate::dispatch_float!(x.dtype(), T => x.with_slice(|xs: &[T]| g.with_slice(|gs: &[T]| {
        let span = |b: usize, ch: usize| (b * c + ch) * inner..(b * c + ch + 1) * inner;
        for_each_chunk_mut(&mut sums, 1, |ch, out| {
            let m = mean[ch];
            let (mut sum, mut dot) = (0f64, 0f64);
            for b in 0..n {
                let (xb, gb) = (&xs[span(b, ch)], &gs[span(b, ch)]);
                sum += lane_sum_map(gb, |v: T| v.wide());
                dot += lane_sum_map2(xb, gb, |x: T, d: T| (x.wide() - m) * d.wide());
            }
            out[0] = (sum, dot);
        });
    })), unreachable!("batch_norm checks for floating inputs"));
    sums.into_iter().unzip()
}

/// `x·scale[ch] + shift[ch]` for each element of channel `ch`, (image,
/// channel) blocks split across threads.
fn per_channel_affine<T: Element + RowFloat>(
    xs: &[T],
    c: usize,
    inner: usize,
    scale: &[T],
    shift: &[T],
) -> Vec<T> {
    let mut ys: Vec<T> = crate::kernels::filled(xs.len(), T::zero());
    if inner > 0 {
        let group = blocks_per_task(inner);
        for_each_chunk_mut(&mut ys, group * inner, |task, out| {
            for (k, o) in out.chunks_mut(inner).enumerate() {
                let block = task * group + k;
                let ch = block % c;
                let x = &xs[block * inner..(block + 1) * inner];
                for (o, &v) in o.iter_mut().zip(x) {
                    *o = v * scale[ch] + shift[ch];
                }
            }
        });
    }
    ys
}

fn check_size(t: Option<&Tensor>, name: &str, c: usize) -> Result<()> {
    match t {
        Some(t) if t.numel() != c => Err(Error::runtime(format!(
            "{name} should contain {c} elements not {}",
            t.numel()
        ))),
        _ => Ok(()),
    }
}

/// The affine and running-statistics tensors of a `batch_norm` call.
pub struct NormParams<'a> {
    pub weight: Option<&'a Tensor>,
    pub bias: Option<&'a Tensor>,
    pub running_mean: Option<&'a Tensor>,
    pub running_var: Option<&'a Tensor>,
}

/// `F.batch_norm(x, running_mean, running_var, weight, bias, training,
/// momentum, eps)` for `x` of shape (N, C, ...).
pub fn batch_norm(
    x: &Tensor,
    p: &NormParams<'_>,
    training: bool,
    momentum: f64,
    eps: f64,
) -> Result<Tensor> {
    if x.ndim() < 2 {
        return Err(Error::runtime(format!(
            "batch_norm expects an input of at least 2 dims, got {}",
            x.ndim()
        )));
    }
    if !x.dtype().is_floating() {
        return Err(Error::runtime(format!(
            "\"batch_norm\" not implemented for '{}'",
            crate::shape::scalar_type_name(x.dtype())
        )));
    }
    let c = x.shape()[1];
    check_size(p.running_mean, "running_mean", c)?;
    check_size(p.running_var, "running_var", c)?;
    check_size(p.weight, "weight", c)?;
    check_size(p.bias, "bias", c)?;
    let (mean, var) = if training {
        let (mean, var) = channel_stats(x);
        let count = (x.numel() / c.max(1)) as f64;
        if let (Some(rm), Some(rv)) = (p.running_mean, p.running_var) {
            let old_mean = rm.to_f64_vec();
            let old_var = rv.to_f64_vec();
            let unbiased = count / (count - 1.0).max(1.0);
            let new_mean: Vec<f64> = (0..c)
                .map(|i| momentum * mean[i] + (1.0 - momentum) * old_mean[i])
                .collect();
            let new_var: Vec<f64> = (0..c)
                .map(|i| momentum * var[i] * unbiased + (1.0 - momentum) * old_var[i])
                .collect();
            rm.write_from(&Tensor::from_vec(new_mean, rm.shape()).cast(rm.dtype()));
            rv.write_from(&Tensor::from_vec(new_var, rv.shape()).cast(rv.dtype()));
        }
        (mean, var)
    } else {
        match (p.running_mean, p.running_var) {
            (Some(rm), Some(rv)) => (rm.to_f64_vec(), rv.to_f64_vec()),
            (None, _) => {
                return Err(Error::runtime(
                    "running_mean must be defined in evaluation mode",
                ))
            }
            (_, None) => {
                return Err(Error::runtime(
                    "running_var must be defined in evaluation mode",
                ))
            }
        }
    };
    // y = x * alpha + beta per channel, as torch's kernel applies it
    let w = p.weight.map(Tensor::to_f64_vec);
    let b = p.bias.map(Tensor::to_f64_vec);
    let alpha: Vec<f64> = (0..c)
        .map(|i| w.as_ref().map_or(1.0, |w| w[i]) / (var[i] + eps).sqrt())
        .collect();
    let beta: Vec<f64> = (0..c)
        .map(|i| b.as_ref().map_or(0.0, |b| b[i]) - mean[i] * alpha[i])
        .collect();
    let (_, _, inner) = blocks(x);
    let out = crate::dispatch_float!(x.dtype(), T => {
        let (a, bt): (Vec<T>, Vec<T>) = (
            alpha.iter().map(|&v| T::narrow(v)).collect(),
            beta.iter().map(|&v| T::narrow(v)).collect(),
        );
        let ys = x.with_slice(|xs: &[T]| per_channel_affine(xs, c, inner, &a, &bt));
        Tensor::from_vec(ys, x.shape())
    }, unreachable!("checked floating above"));
    let mut inputs: SmallVec<[&Tensor; 3]> = smallvec![x];
    inputs.extend(p.weight);
    inputs.extend(p.bias);
    if needs_graph(&inputs) {
        let stats = (!training).then(|| {
            let shape = channel_shape(x.ndim(), c);
            (
                Tensor::from_vec(mean.clone(), &shape).cast(x.dtype()),
                Tensor::from_vec(var.clone(), &shape).cast(x.dtype()),
            )
        });
        let backward = BatchNormBackward {
            input: Saved::input(x),
            weight: p.weight.map(Saved::input),
            has_bias: p.bias.is_some(),
            running: stats,
            mean,
            rstd: var.iter().map(|v| 1.0 / (v + eps).sqrt()).collect(),
            eps,
        };
        // edges: (input, weight or None, bias or None), as torch's node has
        let edges = [Some(x), p.weight, p.bias];
        crate::autograd::record_optional(
            "NativeBatchNormBackward0",
            &edges,
            &[&out],
            Box::new(backward),
        );
    }
    Ok(out)
}

/// (1, C, 1, ...) for broadcasting a per-channel value over `ndim` dims.
fn channel_shape(ndim: usize, c: usize) -> Vec<usize> {
    let mut shape = vec![1; ndim];
    shape[1] = c;
    shape
}

struct BatchNormBackward {
    input: Saved,
    weight: Option<Saved>,
    has_bias: bool,
    /// Evaluation mode: the running (mean, variance) used, per channel.
    running: Option<(Tensor, Tensor)>,
    /// The statistics the forward normalized with (batch or running), per
    /// channel, for the direct backward.
    mean: Vec<f64>,
    rstd: Vec<f64>,
    eps: f64,
}

impl BatchNormBackward {
    /// The gradients computed directly (per-channel sums, then one pass),
    /// when they need not be differentiable again:
    /// dx = w·rstd·(g − Σg/M − (x − mean)·rstd²·Σg(x − mean)/M) in training,
    /// w·rstd·g in evaluation; dw = rstd·Σg(x − mean); db = Σg.
    fn direct(&self, x: &Tensor, g: &Tensor, weight: Option<&Tensor>, needs: &[bool]) -> Grads {
        let (n, c, inner) = blocks(x);
        let count = (n * inner) as f64;
        let (sum, dot) = channel_grad_sums(x, g, &self.mean);
        let w = weight.map(Tensor::to_f64_vec);
        let gx = needs[0].then(|| {
            // dx = g·scale + x·tilt + shift, per channel
            let (mut scale, mut tilt, mut shift) = (vec![0.0; c], vec![0.0; c], vec![0.0; c]);
            for ch in 0..c {
                let a = w.as_ref().map_or(1.0, |w| w[ch]) * self.rstd[ch];
                let (k, mean_g) = if self.running.is_some() {
                    (0.0, 0.0)
                } else {
                    (dot[ch] * self.rstd[ch] * self.rstd[ch] / count, sum[ch] / count)
                };
                scale[ch] = a;
                tilt[ch] = -a * k;
                shift[ch] = a * (k * self.mean[ch] - mean_g);
            }
            crate::dispatch_float!(x.dtype(), T => {
                let narrow = |v: &[f64]| v.iter().map(|&v| T::narrow(v)).collect::<Vec<T>>();
                let (scale, tilt, shift) = (narrow(&scale), narrow(&tilt), narrow(&shift));
                let dx = x.with_slice(|xs: &[T]| g.with_slice(|gs: &[T]| {
                    let mut dx: Vec<T> = crate::kernels::filled(xs.len(), 0 as T);
                    if inner > 0 {
                        let group = blocks_per_task(inner);
                        for_each_chunk_mut(&mut dx, group * inner, |task, out| {
                            for (k, o) in out.chunks_mut(inner).enumerate() {
                                let block = task * group + k;
                                let ch = block % c;
                                let span = block * inner..(block + 1) * inner;
                                for ((o, &xv), &gv) in o.iter_mut().zip(&xs[span.clone()]).zip(&gs[span]) {
                                    *o = gv * scale[ch] + xv * tilt[ch] + shift[ch];
                                }
                            }
                        });
                    }
                    dx
                }));
                Tensor::from_vec(dx, x.shape())
            }, unreachable!("batch_norm checks for floating inputs"))
        });
        let per_channel = |v: Vec<f64>| Tensor::from_vec(v, &[c]).cast(x.dtype());
        let gweight = (weight.is_some() && needs[1])
            .then(|| per_channel((0..c).map(|ch| dot[ch] * self.rstd[ch]).collect()));
        let gbias = (self.has_bias && needs[2]).then(|| per_channel(sum));
        smallvec![gx, gweight, gbias]
    }
}

impl Backward for BatchNormBackward {
    /// The gradients as tensor ops (so they record when a graph is being
    /// built): with x̂ the normalized input and g·w the incoming gradient
    /// scaled by the weight, training gives
    /// dx = rstd·(g·w − mean(g·w) − x̂·mean(g·w·x̂)); evaluation dx = rstd·g·w.
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let x = self.input.get()?;
        let g = grad0(grads);
        let c = x.shape()[1];
        let dims: Vec<i64> = (0..x.ndim() as i64).filter(|&d| d != 1).collect();
        let shape = channel_shape(x.ndim(), c);
        let as_channels = |t: &Tensor| -> Result<Tensor> {
            let spec: Vec<i64> = shape.iter().map(|&d| d as i64).collect();
            super::view::reshape(t, &spec)
        };
        let weight = self.weight.as_ref().map(Saved::get).transpose()?;
        let differentiable = needs_graph(&[x, g]) || weight.is_some_and(|w| needs_graph(&[w]));
        if !differentiable {
            return Ok(self.direct(x, g, weight, needs));
        }
        let eps = Scalar::Float(self.eps);
        let (mean, var) = match &self.running {
            Some((m, v)) => (m.clone(), v.clone()),
            None => {
                let mean = reduce::mean_dims(x, &dims, true)?;
                let centered = arith::sub(x, &mean, 1.0)?;
                let var = reduce::mean_dims(&arith::mul(&centered, &centered)?, &dims, true)?;
                (mean, var)
            }
        };
        let rstd = unary::rsqrt(&arith::add_scalar(&var, eps)?)?;
        let xhat = arith::mul(&arith::sub(x, &mean, 1.0)?, &rstd)?;
        let gw = match weight {
            Some(w) => arith::mul(g, &as_channels(w)?)?,
            None => g.clone(),
        };
        let gx = if needs[0] {
            Some(if self.running.is_some() {
                arith::mul(&gw, &rstd)?
            } else {
                let mean_gw = reduce::mean_dims(&gw, &dims, true)?;
                let mean_gwx = reduce::mean_dims(&arith::mul(&gw, &xhat)?, &dims, true)?;
                let inner = arith::sub(
                    &arith::sub(&gw, &mean_gw, 1.0)?,
                    &arith::mul(&xhat, &mean_gwx)?,
                    1.0,
                )?;
                arith::mul(&inner, &rstd)?
            })
        } else {
            None
        };
        let gweight = match weight {
            Some(_) if needs[1] => Some(reduce::sum_dims(&arith::mul(g, &xhat)?, &dims, false)?),
            _ => None,
        };
        let gbias = (self.has_bias && needs[2])
            .then(|| reduce::sum_dims(g, &dims, false))
            .transpose()?;
        Ok(smallvec![gx, gweight, gbias])
    }

    fn release(&mut self) {
        self.input.release();
        if let Some(w) = &mut self.weight {
            w.release();
        }
    }
}
