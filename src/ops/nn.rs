//! Neural-network functions with torch's fused nodes: softmax,
//! log_softmax, nll_loss, pointwise losses (mse, smooth_l1, huber, bce),
//! layer_norm, embedding, constant pad.

use super::arith::{add_scalar, div, div_scalar, mul, mul_scalar, neg, rsub_scalar, sub};
use super::compare::{compare_scalar, where_, Cmp};
use super::gather::{scatter, Sources, TakeNames, NO_SOURCE};
use super::grad0;
use super::loss::Reduction;
use super::reduce::{mean_dims, sum_dims};
use super::stats::rows;
use super::unary::{log, log1p, rsqrt, sgn};
use super::view::{expand, narrow};
use crate::autograd::grad_mode::GradModeGuard;
use crate::autograd::node::{Backward, Grads, Saved};
use crate::autograd::{needs_graph, record, record_optional};
use crate::dispatch_float;
use crate::dtype::{DType, Scalar};
use crate::error::{Error, Result};
use crate::kernels;
use crate::shape::{list_str, numel, wrap_dim, Shape};
use crate::tensor::{Element, Tensor};
use smallvec::{smallvec, SmallVec};

// ---- softmax / log_softmax ----

/// Softmax (or log-softmax) along `dim`, max-shifted so ±1000 stays finite.
pub fn softmax(a: &Tensor, dim: i64, log: bool) -> Result<Tensor> {
    let a = super::to_float(a);
    let d = wrap_dim(dim, a.ndim())?;
    // rows along `dim`: the last dim already is; others are moved there and back
    let last = a.ndim().saturating_sub(1);
    let moved = if d == last {
        a.clone()
    } else {
        let _off = GradModeGuard::new(false);
        super::view::transpose(&a.detach(), d as i64, last as i64)?
    };
    let len = moved.shape().last().copied().unwrap_or(1);
    let values = dispatch_float!(moved.dtype(), T => {
        let data = moved.with_slice(|x: &[T]| {
            kernels::rows::map_rows(x, len, &|row, out| kernels::rows::softmax_row(row, out, log))
        });
        Tensor::from_vec(data, moved.shape())
    }, unreachable!("to_float gives a float dtype"));
    let out = if d == last {
        values
    } else {
        let _off = GradModeGuard::new(false);
        super::view::transpose(&values, d as i64, last as i64)?.contiguous()
    };
    if needs_graph(&[&a]) {
        let name = if log {
            "LogSoftmaxBackward0"
        } else {
            "SoftmaxBackward0"
        };
        let saved = Saved::output(&out, name);
        record(
            name,
            &[&a],
            &[&out],
            Box::new(SoftmaxBackward {
                out: saved,
                dim: d as i64,
                log,
            }),
        );
    }
    Ok(out)
}

struct SoftmaxBackward {
    out: Saved,
    dim: i64,
    log: bool,
}

impl Backward for SoftmaxBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let (g, y) = (grad0(grads), &self.out.value()?);
        let dims = [self.dim];
        let gx = if self.log {
            // g - exp(y) * sum(g)
            let total = sum_dims(g, &dims, true)?;
            sub(g, &mul(&super::unary::exp(y)?, &total)?, 1.0)?
        } else {
            // y * (g - sum(g * y))
            let dot = sum_dims(&mul(g, y)?, &dims, true)?;
            mul(y, &sub(g, &dot, 1.0)?)?
        };
        Ok(smallvec![Some(gx)])
    }

    fn release(&mut self) {
        self.out.release();
    }
}

// ---- nll_loss ----

/// `nll_loss(input, target)`: input (N, C, ...) of log-probabilities,
/// target (N, ...) of class indices (NllLossBackward0 / NllLoss2DBackward0).
pub fn nll_loss(
    input: &Tensor,
    target: &Tensor,
    weight: Option<&Tensor>,
    ignore_index: i64,
    reduction: Reduction,
) -> Result<Tensor> {
    if target.dtype() != DType::I64 {
        return Err(Error::runtime(format!(
            "expected target dtype to be Long or Byte, but got {}",
            crate::shape::scalar_type_name(target.dtype())
        )));
    }
    let (n, c) = match input.ndim() {
        1 => (1, input.shape()[0]),
        0 => return Err(Error::runtime("input tensor should be 1D or 2D")),
        _ => (input.shape()[0], input.shape()[1]),
    };
    let spatial: usize = if input.ndim() > 2 {
        numel(&input.shape()[2..])
    } else {
        1
    };
    let expected_target: Vec<usize> = match input.ndim() {
        1 => vec![],
        _ => std::iter::once(n)
            .chain(input.shape()[2..].iter().copied())
            .collect(),
    };
    if target.shape() != expected_target.as_slice() {
        return Err(Error::Value(format!(
            "Expected input batch_size ({n}) to match target batch_size ({}).",
            target.shape().first().copied().unwrap_or(0)
        )));
    }
    let x = input.to_f64_vec();
    let t = target.to_vec::<i64>();
    let w: Vec<f64> = weight.map_or_else(|| vec![1.0; c], |w| w.to_f64_vec());
    // element (i, class k, position s) lives at (i * c + k) * spatial + s
    let mut losses = Vec::with_capacity(n * spatial);
    let mut weights = Vec::with_capacity(n * spatial);
    for i in 0..n {
        for s in 0..spatial {
            let k = t[i * spatial + s];
            if k == ignore_index {
                losses.push(0.0);
                weights.push(0.0);
                continue;
            }
            if k < 0 || k as usize >= c {
                return Err(Error::Index(format!("Target {k} is out of bounds.")));
            }
            let wk = w[k as usize];
            losses.push(-wk * x[(i * c + k as usize) * spatial + s]);
            weights.push(wk);
        }
    }
    let total_weight: f64 = weights.iter().sum();
    let value = match reduction {
        Reduction::None => Tensor::from_vec(losses, target.shape()).cast(input.dtype()),
        Reduction::Sum => Tensor::full(&[], losses.iter().sum(), input.dtype()),
        Reduction::Mean => Tensor::full(
            &[],
            losses.iter().sum::<f64>() / total_weight,
            input.dtype(),
        ),
    };
    if needs_graph(&[input]) {
        let (name, scatter_name) = if input.ndim() > 2 {
            ("NllLoss2DBackward0", "NllLoss2DBackwardBackward0")
        } else {
            ("NllLossBackward0", "NllLossBackwardBackward0")
        };
        // per target element: where its gradient goes, and its coefficient
        let (sources, coefs): (Vec<usize>, Vec<f64>) = t
            .iter()
            .zip(&weights)
            .enumerate()
            .map(|(j, (&k, &w))| {
                if k == ignore_index {
                    return (NO_SOURCE, 0.0);
                }
                let (i, s) = (j / spatial, j % spatial);
                let coef = match reduction {
                    Reduction::Mean => -w / total_weight,
                    _ => -w,
                };
                ((i * c + k as usize) * spatial + s, coef)
            })
            .unzip();
        let backward = NllBackward {
            input: Saved::input(input),
            sources: sources.into(),
            coefs: Tensor::from_vec(coefs, target.shape()).cast(input.dtype()),
            names: TakeNames {
                take: name,
                scatter: scatter_name,
            },
        };
        record(name, &[input], &[&value], Box::new(backward));
    }
    Ok(value)
}

/// Each target element's gradient, times its coefficient (minus its class
/// weight, over the total weight for a mean), goes to its input element.
struct NllBackward {
    input: Saved,
    sources: Sources,
    coefs: Tensor,
    names: TakeNames,
}

impl Backward for NllBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let input = self.input.get()?;
        let per_target = mul(grad0(grads), &self.coefs)?;
        let grad = scatter(
            &per_target,
            &self.sources,
            input.shape(),
            self.names,
            Some(input),
        )?;
        let mut result: Grads = smallvec![Some(grad)];
        result.extend((1..needs.len()).map(|_| None));
        Ok(result)
    }

    fn release(&mut self) {
        self.input.release();
    }
}

// ---- pointwise losses ----

/// The losses of `input - target` applied elementwise then reduced.
#[derive(Clone, Copy)]
enum PairLoss {
    Mse,
    SmoothL1 { beta: f64 },
    Huber { delta: f64 },
}

impl PairLoss {
    fn loss(self, x: f64, y: f64) -> f64 {
        let d = x - y;
        match self {
            PairLoss::Mse => d * d,
            PairLoss::SmoothL1 { beta } if d.abs() < beta => 0.5 * d * d / beta,
            PairLoss::SmoothL1 { beta } => d.abs() - 0.5 * beta,
            PairLoss::Huber { delta } if d.abs() <= delta => 0.5 * d * d,
            PairLoss::Huber { delta } => delta * (d.abs() - 0.5 * delta),
        }
    }

    /// d(loss)/d(input) at `d = input - target`, for the backward without
    /// a graph (one kernel).
    fn slope(self, d: f64) -> f64 {
        match self {
            PairLoss::Mse => 2.0 * d,
            PairLoss::SmoothL1 { beta } if d.abs() < beta => d / beta,
            PairLoss::Huber { delta } if d.abs() < delta => d,
            PairLoss::SmoothL1 { .. } => d.signum() * (d != 0.0) as u8 as f64,
            PairLoss::Huber { delta } => delta * d.signum() * (d != 0.0) as u8 as f64,
        }
    }

    /// The same in tensor ops of `d`, for the backward that records a graph.
    fn derivative(self, d: &Tensor) -> Result<Tensor> {
        // which side of the kink each element is on (no gradient)
        let inside = |limit: f64, cmp: Cmp| -> Result<Tensor> {
            let _off = GradModeGuard::new(false);
            compare_scalar(&super::unary::abs(d)?, Scalar::Float(limit), cmp)
        };
        match self {
            PairLoss::Mse => mul_scalar(d, Scalar::Int(2)),
            PairLoss::SmoothL1 { beta: 0.0 } => sgn(d),
            PairLoss::SmoothL1 { beta } => where_(
                &inside(beta, Cmp::Lt)?,
                &div_scalar(d, Scalar::Float(beta))?,
                &sgn(d)?,
            ),
            // |d| == delta takes the outer branch: same value, and a zero
            // second derivative there, as torch
            PairLoss::Huber { delta } => where_(
                &inside(delta, Cmp::Lt)?,
                d,
                &mul_scalar(&sgn(d)?, Scalar::Float(delta))?,
            ),
        }
    }
}

/// A loss applied elementwise to (input, target), broadcast, then reduced.
fn pointwise_loss(
    a: &Tensor,
    b: &Tensor,
    reduction: Reduction,
    name: &'static str,
    kind: PairLoss,
) -> Result<Tensor> {
    let shape = crate::shape::broadcast_shapes(a.shape(), b.shape())?;
    let dtype = super::to_float(a).dtype().max(super::to_float(b).dtype());
    let (ae, be) = {
        let _off = GradModeGuard::new(false);
        (expand(&a.detach(), &shape)?, expand(&b.detach(), &shape)?)
    };
    let (x, y) = (ae.to_f64_vec(), be.to_f64_vec());
    let losses: Vec<f64> = x.iter().zip(&y).map(|(&p, &q)| kind.loss(p, q)).collect();
    let n = losses.len() as f64;
    let out = match reduction {
        Reduction::None => Tensor::from_vec(losses, &shape).cast(dtype),
        Reduction::Sum => Tensor::full(&[], losses.iter().sum(), dtype),
        Reduction::Mean => Tensor::full(&[], losses.iter().sum::<f64>() / n, dtype),
    };
    if needs_graph(&[a, b]) {
        let backward = PairLossBackward {
            kind,
            input: Saved::input(a),
            target: Saved::input(b),
            mean_over: (reduction == Reduction::Mean).then_some(n),
        };
        record(name, &[a, b], &[&out], Box::new(backward));
    }
    Ok(out)
}

/// d(loss)/d(input) = g·f'(input - target), d(loss)/d(target) = its negation.
struct PairLossBackward {
    kind: PairLoss,
    input: Saved,
    target: Saved,
    /// The element count, for a mean.
    mean_over: Option<f64>,
}

impl Backward for PairLossBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let mut g = grad0(grads).clone();
        if let Some(n) = self.mean_over {
            g = div_scalar(&g, Scalar::Float(n))?; // 0-d: cheap
        }
        let (a, b) = (self.input.get()?, self.target.get()?);
        let slope = if needs_graph(&[&g, a, b]) {
            self.kind.derivative(&sub(a, b, 1.0)?)?
        } else {
            let shape = crate::shape::broadcast_shapes(a.shape(), b.shape())?;
            let dtype = super::to_float(a).dtype().max(super::to_float(b).dtype());
            let (a, b) = (a.cast(dtype), b.cast(dtype));
            let kind = self.kind;
            crate::dispatch_float!(dtype, T => crate::kernels::binary(&a, &b, &shape, |x: T, y: T| {
                T::from_f64(kind.slope((x - y).to_f64()))
            }), unreachable!("losses are computed in floating point"))
        };
        let ga = mul(&g, &slope)?;
        let gb = if needs[1] {
            Some(super::arith::neg(&ga)?)
        } else {
            None
        };
        Ok(smallvec![Some(ga), gb])
    }

    fn release(&mut self) {
        self.input.release();
        self.target.release();
    }
}

pub fn mse_loss(a: &Tensor, b: &Tensor, reduction: Reduction) -> Result<Tensor> {
    pointwise_loss(a, b, reduction, "MseLossBackward0", PairLoss::Mse)
}

pub fn smooth_l1_loss(a: &Tensor, b: &Tensor, reduction: Reduction, beta: f64) -> Result<Tensor> {
    let kind = PairLoss::SmoothL1 { beta };
    pointwise_loss(a, b, reduction, "SmoothL1LossBackward0", kind)
}

pub fn huber_loss(a: &Tensor, b: &Tensor, reduction: Reduction, delta: f64) -> Result<Tensor> {
    let kind = PairLoss::Huber { delta };
    pointwise_loss(a, b, reduction, "HuberLossBackward0", kind)
}

/// `binary_cross_entropy(p, y, weight)`: logs clamped at -100, as torch.
pub fn binary_cross_entropy(
    p: &Tensor,
    y: &Tensor,
    weight: Option<&Tensor>,
    reduction: Reduction,
) -> Result<Tensor> {
    if p.shape() != y.shape() {
        return Err(Error::Value(format!(
            "Using a target size ({}) that is different to the input size ({}) is deprecated. \
             Please ensure they have the same size.",
            crate::shape::size_str(y.shape()),
            crate::shape::size_str(p.shape())
        )));
    }
    if p.to_f64_vec().iter().any(|&v| !(0.0..=1.0).contains(&v)) {
        return Err(Error::runtime(
            "all elements of input should be between 0 and 1",
        ));
    }
    // weight and reduction join one node
    let out = {
        let _off = GradModeGuard::new(false);
        let (x, t) = (p.to_f64_vec(), y.to_f64_vec());
        let l: Vec<f64> = x
            .iter()
            .zip(&t)
            .map(|(&x, &t)| {
                let (lp, l1p) = (x.ln().max(-100.0), (1.0 - x).ln().max(-100.0));
                -(t * lp + (1.0 - t) * l1p)
            })
            .collect();
        let mut losses = Tensor::from_vec(l, p.shape()).cast(p.dtype());
        if let Some(w) = weight {
            losses = mul(&losses, w)?;
        }
        match reduction {
            Reduction::None => losses,
            Reduction::Sum => super::reduce::sum(&losses)?,
            Reduction::Mean => super::reduce::mean(&losses)?,
        }
    };
    if needs_graph(&[p, y]) {
        let mut inputs: SmallVec<[&Tensor; 3]> = smallvec![p, y];
        inputs.extend(weight);
        let backward = BceBackward {
            input: Saved::input(p),
            target: Saved::input(y),
            weight: weight.map(Saved::input),
            mean_over: (reduction == Reduction::Mean).then_some(p.numel() as f64),
        };
        record(
            "BinaryCrossEntropyBackward0",
            &inputs,
            &[&out],
            Box::new(backward),
        );
    }
    Ok(out)
}

/// d/dp = (p − y) / max(p(1 − p), 1e-12), d/dy = log(1 − p) − log(p); both
/// times the weight and the incoming gradient (the weight gets none).
struct BceBackward {
    input: Saved,
    target: Saved,
    weight: Option<Saved>,
    /// The element count, for a mean.
    mean_over: Option<f64>,
}

impl Backward for BceBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let (p, y) = (self.input.get()?, self.target.get()?);
        let mut g = grad0(grads).clone();
        if let Some(n) = self.mean_over {
            g = div_scalar(&g, Scalar::Float(n))?;
        }
        if let Some(w) = &self.weight {
            g = mul(&g, w.get()?)?;
        }
        let gx = if needs[0] {
            let spread = super::unary::clamp(
                &mul(p, &rsub_scalar(p, Scalar::Int(1))?)?,
                Some(1e-12),
                None,
            )?;
            Some(mul(&g, &div(&sub(p, y, 1.0)?, &spread)?)?)
        } else {
            None
        };
        let gt = if needs[1] {
            let log_odds = sub(&log(p)?, &log1p(&neg(p)?)?, 1.0)?;
            Some(neg(&mul(&g, &log_odds)?)?)
        } else {
            None
        };
        let mut out: Grads = smallvec![gx, gt];
        out.extend((2..needs.len()).map(|_| None));
        Ok(out)
    }

    fn release(&mut self) {
        self.input.release();
        self.target.release();
        if let Some(w) = &mut self.weight {
            w.release();
        }
    }
}

// ---- layer_norm ----

/// `layer_norm(x, normalized_shape, weight, bias, eps)` (NativeLayerNormBackward0).
pub fn layer_norm(
    x: &Tensor,
    normalized: &[usize],
    weight: Option<&Tensor>,
    bias: Option<&Tensor>,
    eps: f64,
) -> Result<Tensor> {
    let k = normalized.len();
    if k > x.ndim() || x.shape()[x.ndim() - k..] != *normalized {
        let star: Vec<String> = normalized.iter().map(|d| d.to_string()).collect();
        return Err(Error::runtime(format!(
            "Given normalized_shape={}, expected input with shape [*, {}], but got input of size{}",
            list_str(normalized),
            star.join(", "),
            list_str(x.shape())
        )));
    }
    let dims: Vec<usize> = (x.ndim() - k..x.ndim()).collect();
    let r = rows(x, &dims)?; // rows are already contiguous trailing blocks
    let len = r.len;
    let mut xhat = Vec::with_capacity(r.data.len());
    let mut rstd = Vec::new();
    for row in r.iter() {
        let mean = row.iter().sum::<f64>() / len as f64;
        let var = row.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / len as f64;
        let s = 1.0 / (var + eps).sqrt();
        rstd.push(s);
        xhat.extend(row.iter().map(|v| (v - mean) * s));
    }
    let xhat_t = Tensor::from_vec(xhat, x.shape()).cast(x.dtype());
    let out = {
        let _off = GradModeGuard::new(false);
        let mut y = xhat_t.clone();
        if let Some(w) = weight {
            y = mul(&y, w)?;
        }
        if let Some(b) = bias {
            y = super::arith::add(&y, b, 1.0)?;
        }
        y
    };
    let mut present: SmallVec<[&Tensor; 3]> = smallvec![x];
    present.extend(weight);
    present.extend(bias);
    if needs_graph(&present) {
        let backward = LayerNormBackward {
            input: Saved::input(x),
            xhat: Saved::input(&xhat_t),
            weight: weight.map(Saved::input),
            rstd,
            eps,
            norm_dims: k,
            has_bias: bias.is_some(),
        };
        record_optional(
            "NativeLayerNormBackward0",
            &[Some(x), weight, bias],
            &[&out],
            Box::new(backward),
        );
    }
    Ok(out)
}

struct LayerNormBackward {
    input: Saved,
    /// x̂ and 1/σ per row from the forward, for the backward without a graph.
    xhat: Saved,
    rstd: Vec<f64>,
    weight: Option<Saved>,
    eps: f64,
    norm_dims: usize,
    has_bias: bool,
}

impl Backward for LayerNormBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        let x = self.input.get()?;
        let weight = self.weight.as_ref().map(Saved::get).transpose()?;
        let batch_dims: Vec<i64> = (0..(x.ndim() - self.norm_dims)).map(|d| d as i64).collect();
        // dx̂ = g·w; dx = 1/σ · (dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) per row
        let dxhat = match weight {
            Some(w) => mul(g, w)?,
            None => g.clone(),
        };
        let mut present: SmallVec<[&Tensor; 3]> = smallvec![g, x];
        present.extend(weight);
        let (gx, xhat) = if needs_graph(&present) {
            self.input_grad_recorded(x, &dxhat)?
        } else {
            let xhat = self.xhat.get()?.clone();
            (self.input_grad(&xhat, &dxhat), xhat)
        };
        let over_batch = |t: Tensor| -> Result<Tensor> {
            if batch_dims.is_empty() {
                Ok(t)
            } else {
                sum_dims(&t, &batch_dims, false)
            }
        };
        // edges are always (x, weight or None, bias or None)
        let gw = match weight {
            Some(_) if needs[1] => Some(over_batch(mul(g, &xhat)?)?),
            _ => None,
        };
        let gb = if self.has_bias && needs[2] {
            Some(over_batch(g.clone())?)
        } else {
            None
        };
        Ok(smallvec![needs[0].then_some(gx), gw, gb])
    }

    fn release(&mut self) {
        self.input.release();
        self.xhat.release();
        if let Some(w) = &mut self.weight {
            w.release();
        }
    }
}

impl LayerNormBackward {
    /// The input's gradient row by row from the saved x̂ and 1/σ.
    fn input_grad(&self, xhat: &Tensor, dxhat: &Tensor) -> Tensor {
        let (dh, xh) = (dxhat.to_f64_vec(), xhat.to_f64_vec());
        let n = xh.len() / self.rstd.len().max(1);
        let mut dx = Vec::with_capacity(dh.len());
        for (row, &s) in self.rstd.iter().enumerate() {
            let (d, h) = (&dh[row * n..(row + 1) * n], &xh[row * n..(row + 1) * n]);
            let sum_d: f64 = d.iter().sum();
            let sum_dh: f64 = d.iter().zip(h).map(|(a, b)| a * b).sum();
            dx.extend(
                d.iter()
                    .zip(h)
                    .map(|(&di, &hi)| s / n as f64 * (n as f64 * di - sum_d - hi * sum_dh)),
            );
        }
        Tensor::from_vec(dx, xhat.shape()).cast(xhat.dtype())
    }

    /// The same in tensor ops from the input, so it records a graph
    /// (x̂ and 1/σ recomputed as functions of x): (input grad, x̂).
    fn input_grad_recorded(&self, x: &Tensor, dxhat: &Tensor) -> Result<(Tensor, Tensor)> {
        let dims: Vec<i64> = (x.ndim() - self.norm_dims..x.ndim())
            .map(|d| d as i64)
            .collect();
        let row_mean = |t: &Tensor| mean_dims(t, &dims, true);
        let centered = sub(x, &row_mean(x)?, 1.0)?;
        let var = row_mean(&mul(&centered, &centered)?)?;
        let rstd = rsqrt(&add_scalar(&var, Scalar::Float(self.eps))?)?;
        let xhat = mul(&centered, &rstd)?;
        let spread = mul(&xhat, &row_mean(&mul(dxhat, &xhat)?)?)?;
        let inner = sub(&sub(dxhat, &row_mean(dxhat)?, 1.0)?, &spread, 1.0)?;
        Ok((mul(&rstd, &inner)?, xhat))
    }
}

// ---- embedding ----

/// Rows of `weight` picked by integer `indices` (EmbeddingBackward0);
/// `padding_idx` rows get no gradient.
pub fn embedding(indices: &Tensor, weight: &Tensor, padding_idx: Option<i64>) -> Result<Tensor> {
    if indices.dtype() != DType::I64 {
        return Err(Error::runtime(format!(
            "Expected tensor for argument #1 'indices' to have one of the following scalar types: \
             Long, Int; but got torch.{}Tensor instead (while checking arguments for embedding)",
            crate::shape::scalar_type_name(indices.dtype())
        )));
    }
    let (rows_n, dim) = (weight.shape()[0], weight.shape()[1]);
    let idx = indices.to_vec::<i64>();
    if idx.iter().any(|&i| i < 0 || i as usize >= rows_n) {
        return Err(Error::Index("index out of range in self".into()));
    }
    let w = weight.to_f64_vec();
    let mut data = Vec::with_capacity(idx.len() * dim);
    for &i in &idx {
        data.extend_from_slice(&w[i as usize * dim..(i as usize + 1) * dim]);
    }
    let mut shape: Vec<usize> = indices.shape().to_vec();
    shape.push(dim);
    let out = Tensor::from_vec(data, &shape).cast(weight.dtype());
    if needs_graph(&[weight]) {
        let padding = padding_idx.map(|p| if p < 0 { p + rows_n as i64 } else { p });
        record(
            "EmbeddingBackward0",
            &[weight],
            &[&out],
            Box::new(EmbeddingBackward {
                idx,
                padding,
                shape: weight.shape().into(),
            }),
        );
    }
    Ok(out)
}

struct EmbeddingBackward {
    idx: Vec<i64>,
    padding: Option<i64>,
    shape: Shape,
}

impl Backward for EmbeddingBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let dim = self.shape[1];
        let padding = self.padding;
        let sources: Sources = self
            .idx
            .iter()
            .flat_map(|&i| {
                (0..dim).map(move |k| {
                    if Some(i) == padding {
                        NO_SOURCE
                    } else {
                        i as usize * dim + k
                    }
                })
            })
            .collect();
        let names = TakeNames {
            take: "EmbeddingBackward0",
            scatter: "EmbeddingDenseBackwardBackward0",
        };
        let g = scatter(grad0(grads), &sources, &self.shape, names, None)?;
        Ok(smallvec![Some(g)])
    }
}

// ---- pad ----

/// `F.pad(a, pads, value=v)` in constant mode (ConstantPadNdBackward0);
/// `pads` pairs run from the last dim backwards, as torch's.
pub fn constant_pad(a: &Tensor, pads: &[i64], value: f64) -> Result<Tensor> {
    if pads.len() % 2 != 0 {
        return Err(Error::runtime("Padding length must be divisible by 2"));
    }
    if pads.len() / 2 > a.ndim() {
        return Err(Error::runtime(format!(
            "Padding length should be less than or equal to two times the input dimension but got \
             padding length {} and input of dimension {}",
            pads.len(),
            a.ndim()
        )));
    }
    if pads.iter().any(|&p| p < 0) {
        return Err(Error::runtime(
            "negative padding is not supported by ferrograd yet",
        ));
    }
    let mut shape = a.shape().to_vec();
    let mut before = vec![0usize; a.ndim()];
    for (i, pair) in pads.chunks(2).enumerate() {
        let d = a.ndim() - 1 - i;
        before[d] = pair[0] as usize;
        shape[d] += (pair[0] + pair[1]) as usize;
    }
    let out = Tensor::full(&shape, value, a.dtype());
    let interior = {
        let _off = GradModeGuard::new(false);
        let mut v = out.clone();
        for (d, (&start, &len)) in before.iter().zip(a.shape()).enumerate() {
            v = narrow(&v, d as i64, start as i64, len)?;
        }
        v
    };
    interior.write_from(&a.contiguous());
    let out = out.data_view();
    if needs_graph(&[a]) {
        record(
            "ConstantPadNdBackward0",
            &[a],
            &[&out],
            Box::new(PadBackward {
                before,
                shape: a.shape().into(),
            }),
        );
    }
    Ok(out)
}

struct PadBackward {
    before: Vec<usize>,
    shape: Shape,
}

impl Backward for PadBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let mut g = grad0(grads).clone();
        for d in 0..self.shape.len() {
            g = narrow(&g, d as i64, self.before[d] as i64, self.shape[d])?;
        }
        Ok(smallvec![Some(g)])
    }
}
