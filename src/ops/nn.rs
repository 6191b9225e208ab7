//! Neural-network functions with torch's fused nodes: softmax,
//! log_softmax, nll_loss, pointwise losses (mse, smooth_l1, huber, bce),
//! layer_norm, embedding, constant pad.

use super::arith::{add_scalar, div, div_scalar, mul, mul_scalar, neg, rsub_scalar, sub};
use super::compare::{compare_scalar, where_, Cmp};
use super::gather::{scatter, Sources, TakeNames, NO_SOURCE};
use super::grad0;
use super::loss::Reduction;
use super::reduce::{mean_dims, sum_dims};
use super::unary::{log, log1p, rsqrt, sgn};
use super::view::{broadcast_to, narrow};
use crate::autograd::grad_mode::GradModeGuard;
use crate::autograd::node::{Backward, Grads, Saved};
use crate::autograd::{needs_graph, record, record_optional};
use crate::dispatch_float;
use crate::dtype::{DType, Scalar};
use crate::error::{Error, Result};
use crate::kernels;
use crate::kernels::rows::RowFloat;
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
            kernels::rows::map_rows(x, len, &kernels::rows::Softmax { log })
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
        if !needs_graph(&[g, y]) && g.dtype() == y.dtype() && g.shape() == y.shape() {
            return Ok(smallvec![Some(softmax_backward_rows(
                g, y, self.dim, self.log
            )?)]);
        }
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

/// Softmax's gradient (no graph) in one pass over rows along `dim`: the
/// last dim already is a row; another dim is moved last and back.
fn softmax_backward_rows(g: &Tensor, y: &Tensor, dim: i64, log: bool) -> Result<Tensor> {
    let last = y.ndim().saturating_sub(1) as i64;
    let moved = |t: &Tensor| -> Result<Tensor> {
        if dim == last {
            Ok(t.clone())
        } else {
            super::view::transpose(&t.detach(), dim, last)
        }
    };
    let (gm, ym) = (moved(g)?, moved(y)?);
    let len = ym.shape().last().copied().unwrap_or(1);
    let kernel = kernels::rows::SoftmaxBackward { log };
    let gx = dispatch_float!(ym.dtype(), T => {
        let data = gm.with_slice(|gs: &[T]| {
            ym.with_slice(|ys: &[T]| kernels::rows::map_rows2(gs, ys, len, &kernel))
        });
        Tensor::from_vec(data, ym.shape())
    }, unreachable!("softmax outputs are floating point"));
    Ok(if dim == last {
        gx
    } else {
        super::view::transpose(&gx, dim, last)?.contiguous()
    })
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
    let (n, c) = match input.ndim() {
        1 => (1, input.shape()[0]),
        0 => return Err(Error::runtime("input tensor should be 1D or 2D")),
        _ => (input.shape()[0], input.shape()[1]),
    };
    // torch's order: batch sizes, then the target's rank, then its dtype
    let batch_error = || {
        Error::Value(format!(
            "Expected input batch_size ({n}) to match target batch_size ({}).",
            target.shape().first().copied().unwrap_or(0)
        ))
    };
    if input.ndim() > 1 && target.shape().first() != Some(&n) {
        return Err(batch_error());
    }
    if input.ndim() <= 2 && target.ndim() > 1 {
        return Err(Error::runtime(
            "0D or 1D target tensor expected, multi-target not supported",
        ));
    }
    if target.dtype() != DType::I64 {
        return Err(Error::runtime(format!(
            "expected target dtype to be Long or Byte, but got {}",
            crate::shape::scalar_type_name(target.dtype())
        )));
    }
    if let Some(w) = weight.filter(|w| w.numel() != c) {
        return Err(Error::runtime(format!(
            "weight tensor should be defined either for all {c} classes or no classes but got \
             weight tensor of shape: {}",
            crate::shape::list_str(w.shape())
        )));
    }
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
        return Err(batch_error());
    }
    let w: Option<Vec<f64>> = weight.map(|w| w.to_f64_vec());
    let class_weight = |k: usize| w.as_ref().map_or(1.0, |w| w[k]);
    let keep_losses = reduction == Reduction::None;
    let graph = needs_graph(&[input]);
    // One pass over the targets: each one's input position (NO_SOURCE when
    // ignored), the losses, their sum and the total weight. Element (i,
    // class k, position s) lives at (i * c + k) * spatial + s.
    let (sources, losses, loss_sum, total_weight) = target.with_slice(|t: &[i64]| {
        crate::dispatch!(input.dtype(), T => input.with_slice(|x: &[T]| -> Result<_> {
            let mut sources = Vec::with_capacity(if graph { t.len() } else { 0 });
            let mut losses = Vec::with_capacity(if keep_losses { t.len() } else { 0 });
            let (mut sum, mut total_weight) = (0.0f64, 0.0f64);
            for (j, &k) in t.iter().enumerate() {
                let (source, loss) = if k == ignore_index {
                    (NO_SOURCE, -0.0)
                } else if k < 0 || k as usize >= c {
                    return Err(Error::Index(format!("Target {k} is out of bounds.")));
                } else {
                    // (a 64-bit division per target costs more than the rest)
                    let (i, s) = if spatial == 1 {
                        (j, 0)
                    } else {
                        (j / spatial, j % spatial)
                    };
                    let p = (i * c + k as usize) * spatial + s;
                    let wk = class_weight(k as usize);
                    total_weight += wk;
                    (p, -wk * x[p].to_f64())
                };
                if graph {
                    sources.push(source);
                }
                if source != NO_SOURCE {
                    sum += loss;
                }
                if keep_losses {
                    losses.push(loss);
                }
            }
            Ok((sources, losses, sum, total_weight))
        }))
    })?;
    let value = match reduction {
        Reduction::None => Tensor::from_vec(losses, target.shape()).cast(input.dtype()),
        Reduction::Sum => Tensor::full(&[], loss_sum, input.dtype()),
        Reduction::Mean => Tensor::full(&[], loss_sum / total_weight, input.dtype()),
    };
    if graph {
        let (name, scatter_name) = if input.ndim() > 2 {
            ("NllLoss2DBackward0", "NllLoss2DBackwardBackward0")
        } else {
            ("NllLossBackward0", "NllLossBackwardBackward0")
        };
        // each target element's gradient coefficient
        let coefs: Vec<f64> = target.with_slice(|t: &[i64]| {
            t.iter()
                .zip(&sources)
                .map(|(&k, &p)| match reduction {
                    _ if p == NO_SOURCE => 0.0,
                    Reduction::Mean => -class_weight(k as usize) / total_weight,
                    _ => -class_weight(k as usize),
                })
                .collect()
        });
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

/// Runs `$body` with `$loss` and `$slope` bound to closures of `d = input -
/// target` for `$kind` in float type `$T`: the loss and its derivative (for
/// the backward without a graph). Each kind gets closures of its own type,
/// so every kernel is compiled for one kind, with no branch on it inside.
macro_rules! with_pair_loss {
    ($kind:expr, $T:ty, |$loss:ident, $slope:ident| $body:expr) => {{
        let half = <$T as RowFloat>::narrow(0.5);
        // sign(d): 0 at 0, NaN stays NaN
        let sign = |d: $T| {
            if d > 0.0 {
                1.0
            } else if d < 0.0 {
                -1.0
            } else {
                d * 0.0
            }
        };
        match $kind {
            PairLoss::Mse => {
                let $loss = |d: $T| d * d;
                let $slope = |d: $T| d + d;
                $body
            }
            PairLoss::SmoothL1 { beta } => {
                let beta = <$T as RowFloat>::narrow(beta);
                let $loss = move |d: $T| {
                    if d.abs() < beta {
                        half * d * d / beta
                    } else {
                        d.abs() - half * beta
                    }
                };
                let $slope = move |d: $T| if d.abs() < beta { d / beta } else { sign(d) };
                $body
            }
            PairLoss::Huber { delta } => {
                let delta = <$T as RowFloat>::narrow(delta);
                let $loss = move |d: $T| {
                    if d.abs() <= delta {
                        half * d * d
                    } else {
                        delta * (d.abs() - half * delta)
                    }
                };
                let $slope = move |d: $T| if d.abs() < delta { d } else { delta * sign(d) };
                $body
            }
        }
    }};
}

impl PairLoss {
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
        let to = |t: &Tensor| broadcast_to(&t.detach().cast(dtype), &shape);
        (to(a)?, to(b)?)
    };
    let n = numel(&shape);
    let out = dispatch_float!(dtype, T => with_pair_loss!(kind, T, |loss, _slope| {
        let f = move |x: T, y: T| loss(x - y);
        match reduction {
            Reduction::None => kernels::binary(&ae, &be, &shape, f),
            _ => {
                let total: T = ae.with_slice(|x: &[T]| {
                    be.with_slice(|y: &[T]| {
                        if n < kernels::cascade::SERIAL_BELOW {
                            // the losses summed in torch's order, as its
                            // loss.sum() adds them
                            let losses: Vec<T> = x.iter().zip(y).map(|(&x, &y)| f(x, y)).collect();
                            kernels::cascade::sum(&losses)
                        } else {
                            // summed straight from the inputs, no tensor of losses
                            kernels::rows::sum_map2(x, y, &f)
                        }
                    })
                });
                let value = match reduction {
                    Reduction::Mean => total / T::narrow(n as f64),
                    _ => total,
                };
                Tensor::scalar(value)
            }
        }
    }), unreachable!("losses are computed in floating point"));
    if needs_graph(&[a, b]) {
        let backward = PairLossBackward {
            kind,
            input: Saved::input(a),
            target: Saved::input(b),
            mean_over: (reduction == Reduction::Mean).then_some(n as f64),
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
        let ga = if needs_graph(&[&g, a, b]) {
            mul(&g, &self.kind.derivative(&sub(a, b, 1.0)?)?)?
        } else {
            let shape = crate::shape::broadcast_shapes(a.shape(), b.shape())?;
            let dtype = super::to_float(a).dtype().max(super::to_float(b).dtype());
            let (a, b) = (a.cast(dtype), b.cast(dtype));
            let kind = self.kind;
            dispatch_float!(dtype, T => with_pair_loss!(kind, T, |_loss, slope| {
                if g.numel() == 1 && g.dtype() == dtype {
                    // a reduced loss: its one gradient value folds into the kernel
                    let s = g.with_slice(|v: &[T]| v[0]);
                    kernels::binary(&a, &b, &shape, |x: T, y: T| s * slope(x - y))
                } else {
                    let slope = kernels::binary(&a, &b, &shape, |x: T, y: T| slope(x - y));
                    mul(&g, &slope)?
                }
            }), unreachable!("losses are computed in floating point"))
        };
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
    if beta < 0.0 {
        return Err(Error::runtime(
            "smooth_l1_loss does not support negative values for beta.",
        ));
    }
    let kind = PairLoss::SmoothL1 { beta };
    pointwise_loss(a, b, reduction, "SmoothL1LossBackward0", kind)
}

pub fn huber_loss(a: &Tensor, b: &Tensor, reduction: Reduction, delta: f64) -> Result<Tensor> {
    if delta <= 0.0 {
        return Err(Error::runtime(
            "huber_loss does not support non-positive values for delta.",
        ));
    }
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
    if y.dtype() != p.dtype() {
        return Err(Error::runtime(format!(
            "Found dtype {} but expected {}",
            crate::shape::scalar_type_name(y.dtype()),
            crate::shape::scalar_type_name(p.dtype())
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

/// Torch's checks of layer_norm's weight and bias: dtypes first (a
/// parameter of another dtype than the input is "mixed"), then shapes,
/// then whether the input's dtype has a kernel.
fn check_affine(x: &Tensor, normalized: &[usize], params: [Option<&Tensor>; 2]) -> Result<()> {
    let first = params.iter().flatten().next().map(|p| p.dtype());
    if first.is_some_and(|d| d != x.dtype()) {
        if params.iter().flatten().any(|p| p.dtype() != DType::F32) {
            return Err(Error::runtime(
                "mixed dtype (CPU): expect parameter to have scalar type of Float",
            ));
        }
        return Err(Error::runtime(
            "mixed dtype (CPU): all inputs must share same datatype.",
        ));
    }
    for (name, p) in ["weight", "bias"].into_iter().zip(params) {
        if let Some(p) = p.filter(|p| p.shape() != normalized) {
            return Err(Error::runtime(format!(
                "Expected {name} to be of same shape as normalized_shape, but got {name} of shape \
                 {} and normalized_shape = {}",
                list_str(p.shape()),
                list_str(normalized)
            )));
        }
    }
    if !x.dtype().is_floating() {
        return Err(Error::NotImplemented(format!(
            "\"LayerNormKernelImpl\" not implemented for '{}'",
            crate::shape::scalar_type_name(x.dtype())
        )));
    }
    if let Some(p) = params.iter().flatten().find(|p| p.dtype() != x.dtype()) {
        return Err(Error::runtime(format!(
            "expected scalar type {} but found {}",
            crate::shape::scalar_type_name(x.dtype()),
            crate::shape::scalar_type_name(p.dtype())
        )));
    }
    Ok(())
}

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
    check_affine(x, normalized, [weight, bias])?;
    let len = numel(normalized);
    let rows = numel(&x.shape()[..x.ndim() - k]);
    let (out, mean, rstd) = dispatch_float!(x.dtype(), T => {
        let (w, b) = (weight.map(Tensor::to_vec::<T>), bias.map(Tensor::to_vec::<T>));
        let affine = kernels::rows::Affine { weight: w.as_deref(), bias: b.as_deref() };
        let (out, stats) = if len == 0 {
            (Vec::new(), vec![(T::from_f64(f64::NAN), T::from_f64(f64::NAN)); rows])
        } else {
            x.with_slice(|xs: &[T]| {
                kernels::rows::layer_norm(xs, len, affine, T::from_f64(eps))
            })
        };
        let (mean, rstd): (Vec<T>, Vec<T>) = stats.into_iter().unzip();
        (
            Tensor::from_vec(out, x.shape()),
            Tensor::from_vec(mean, &[rows]),
            Tensor::from_vec(rstd, &[rows]),
        )
    }, unreachable!("check_affine allows floating point inputs only"));
    let mut present: SmallVec<[&Tensor; 3]> = smallvec![x];
    present.extend(weight);
    present.extend(bias);
    if needs_graph(&present) {
        let backward = LayerNormBackward {
            input: Saved::input(x),
            weight: weight.map(Saved::input),
            mean,
            rstd,
            eps,
            normalized: normalized.into(),
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
    weight: Option<Saved>,
    /// Each row's mean and 1/σ from the forward (the input's dtype), for
    /// the backward without a graph.
    mean: Tensor,
    rstd: Tensor,
    eps: f64,
    normalized: Shape,
    has_bias: bool,
}

impl Backward for LayerNormBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        let x = self.input.get()?;
        let weight = self.weight.as_ref().map(Saved::get).transpose()?;
        let mut present: SmallVec<[&Tensor; 3]> = smallvec![g, x];
        present.extend(weight);
        let (gx, gw, gb) = if needs_graph(&present) || g.dtype() != x.dtype() {
            self.grads_recorded(g, x, weight, needs)?
        } else {
            self.grads_by_rows(g, x, weight)
        };
        // edges are always (x, weight or None, bias or None)
        let gw = gw.filter(|_| weight.is_some() && needs[1]);
        let gb = gb.filter(|_| self.has_bias && needs[2]);
        Ok(smallvec![needs[0].then_some(gx), gw, gb])
    }

    fn release(&mut self) {
        self.input.release();
        if let Some(w) = &mut self.weight {
            w.release();
        }
    }
}

impl LayerNormBackward {
    /// All three gradients in one pass over the rows, from the saved
    /// statistics: (input, weight, bias).
    fn grads_by_rows(
        &self,
        g: &Tensor,
        x: &Tensor,
        weight: Option<&Tensor>,
    ) -> (Tensor, Option<Tensor>, Option<Tensor>) {
        let len = numel(&self.normalized);
        if len == 0 || x.numel() == 0 {
            let zeros = |shape: &[usize]| Tensor::zeros(shape, x.dtype());
            let params = zeros(&self.normalized);
            return (zeros(x.shape()), Some(params.clone()), Some(params));
        }
        dispatch_float!(x.dtype(), T => {
            let w = weight.map(Tensor::to_vec::<T>);
            let stats: Vec<(T, T)> = self
                .mean
                .to_vec::<T>()
                .into_iter()
                .zip(self.rstd.to_vec::<T>())
                .collect();
            let (dx, (gw, gb)) = x.with_slice(|xs: &[T]| {
                g.with_slice(|gs: &[T]| {
                    kernels::rows::layer_norm_backward(xs, gs, w.as_deref(), &stats, len)
                })
            });
            (
                Tensor::from_vec(dx, x.shape()),
                Some(Tensor::from_vec(gw, &self.normalized)),
                Some(Tensor::from_vec(gb, &self.normalized)),
            )
        }, unreachable!("layer_norm runs on floating point inputs"))
    }

    /// The gradients in tensor ops, so they record a graph.
    fn grads_recorded(
        &self,
        g: &Tensor,
        x: &Tensor,
        weight: Option<&Tensor>,
        needs: &[bool],
    ) -> Result<(Tensor, Option<Tensor>, Option<Tensor>)> {
        let batch_dims: Vec<i64> = (0..(x.ndim() - self.normalized.len()))
            .map(|d| d as i64)
            .collect();
        let over_batch = |t: Tensor| -> Result<Tensor> {
            if batch_dims.is_empty() {
                Ok(t)
            } else {
                sum_dims(&t, &batch_dims, false)
            }
        };
        let dxhat = match weight {
            Some(w) => mul(g, w)?,
            None => g.clone(),
        };
        let (gx, xhat) = self.input_grad_recorded(x, &dxhat)?;
        let gw = match weight {
            Some(_) if needs[1] => Some(over_batch(mul(g, &xhat)?)?),
            _ => None,
        };
        let gb = if self.has_bias && needs[2] {
            Some(over_batch(g.clone())?)
        } else {
            None
        };
        Ok((gx, gw, gb))
    }

    /// The same in tensor ops from the input, so it records a graph
    /// (x̂ and 1/σ recomputed as functions of x): (input grad, x̂).
    fn input_grad_recorded(&self, x: &Tensor, dxhat: &Tensor) -> Result<(Tensor, Tensor)> {
        let dims: Vec<i64> = (x.ndim() - self.normalized.len()..x.ndim())
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
    if weight.ndim() != 2 {
        return Err(Error::runtime("'weight' must be 2-D"));
    }
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
    if !pads.len().is_multiple_of(2) {
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
