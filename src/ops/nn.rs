//! Neural-network functions with torch's fused nodes: softmax,
//! log_softmax, nll_loss, pointwise losses (mse, smooth_l1, huber, bce),
//! layer_norm, embedding, constant pad.

use super::arith::{mul, sub};
use super::grad0;
use super::loss::Reduction;
use super::reduce::sum_dims;
use super::stats::rows;
use super::view::{expand, narrow};
use crate::autograd::grad_mode::GradModeGuard;
use crate::autograd::node::{Backward, Grads, Saved};
use crate::autograd::{needs_graph, record, record_optional};
use crate::dispatch_float;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::kernels;
use crate::shape::{list_str, numel, wrap_dim, Shape};
use crate::tensor::Tensor;
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
        let name = if input.ndim() > 2 {
            "NllLoss2DBackward0"
        } else {
            "NllLossBackward0"
        };
        let backward = NllBackward {
            target: t,
            weights,
            total_weight,
            shape: input.shape().into(),
            dtype: input.dtype(),
            reduction,
            classes: c,
            spatial,
        };
        record(name, &[input], &[&value], Box::new(backward));
    }
    Ok(value)
}

struct NllBackward {
    target: Vec<i64>,
    weights: Vec<f64>,
    total_weight: f64,
    shape: Shape,
    dtype: DType,
    reduction: Reduction,
    classes: usize,
    spatial: usize,
}

impl Backward for NllBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let g = grad0(grads).to_f64_vec();
        let mut out = vec![0.0; numel(&self.shape)];
        for (j, (&k, &w)) in self.target.iter().zip(&self.weights).enumerate() {
            if w == 0.0 {
                continue;
            }
            let (i, s) = (j / self.spatial, j % self.spatial);
            let gj = match self.reduction {
                Reduction::None => g[j],
                Reduction::Sum => g[0],
                Reduction::Mean => g[0] / self.total_weight,
            };
            out[(i * self.classes + k as usize) * self.spatial + s] = -w * gj;
        }
        let grad = Tensor::from_vec(out, &self.shape).cast(self.dtype);
        let mut result: Grads = smallvec![Some(grad)];
        result.extend((1..needs.len()).map(|_| None));
        Ok(result)
    }
}

// ---- pointwise losses ----

/// A loss applied elementwise to (input, target) then reduced; `f` gives
/// the loss and the derivative with respect to the input.
fn pointwise_loss(
    a: &Tensor,
    b: &Tensor,
    reduction: Reduction,
    name: &'static str,
    f: impl Fn(f64, f64) -> (f64, f64),
) -> Result<Tensor> {
    let shape = crate::shape::broadcast_shapes(a.shape(), b.shape())?;
    let dtype = super::to_float(a).dtype().max(super::to_float(b).dtype());
    let (ae, be) = {
        let _off = GradModeGuard::new(false);
        (expand(&a.detach(), &shape)?, expand(&b.detach(), &shape)?)
    };
    let (x, y) = (ae.to_f64_vec(), be.to_f64_vec());
    let (losses, derivs): (Vec<f64>, Vec<f64>) = x.iter().zip(&y).map(|(&p, &q)| f(p, q)).unzip();
    let n = losses.len() as f64;
    let out = match reduction {
        Reduction::None => Tensor::from_vec(losses, &shape).cast(dtype),
        Reduction::Sum => Tensor::full(&[], losses.iter().sum(), dtype),
        Reduction::Mean => Tensor::full(&[], losses.iter().sum::<f64>() / n, dtype),
    };
    if needs_graph(&[a, b]) {
        let scale = if reduction == Reduction::Mean {
            1.0 / n
        } else {
            1.0
        };
        let d = Tensor::from_vec(derivs.iter().map(|v| v * scale).collect::<Vec<_>>(), &shape)
            .cast(dtype);
        record(
            name,
            &[a, b],
            &[&out],
            Box::new(PairLossBackward {
                deriv: Saved::input(&d),
            }),
        );
    }
    Ok(out)
}

/// d(loss)/d(input) = deriv, d(loss)/d(target) = -deriv (all losses here
/// depend on input - target only, except bce which has no target grad).
struct PairLossBackward {
    deriv: Saved,
}

impl Backward for PairLossBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let d = self.deriv.get()?;
        let g = expand(grad0(grads), d.shape())?;
        let ga = mul(&g, d)?;
        let gb = if needs[1] {
            Some(super::arith::neg(&ga)?)
        } else {
            None
        };
        Ok(smallvec![Some(ga), gb])
    }

    fn release(&mut self) {
        self.deriv.release();
    }
}

pub fn mse_loss(a: &Tensor, b: &Tensor, reduction: Reduction) -> Result<Tensor> {
    pointwise_loss(a, b, reduction, "MseLossBackward0", |x, y| {
        ((x - y) * (x - y), 2.0 * (x - y))
    })
}

pub fn smooth_l1_loss(a: &Tensor, b: &Tensor, reduction: Reduction, beta: f64) -> Result<Tensor> {
    pointwise_loss(a, b, reduction, "SmoothL1LossBackward0", move |x, y| {
        let d = x - y;
        if d.abs() < beta {
            (0.5 * d * d / beta, d / beta)
        } else {
            (d.abs() - 0.5 * beta, d.signum())
        }
    })
}

pub fn huber_loss(a: &Tensor, b: &Tensor, reduction: Reduction, delta: f64) -> Result<Tensor> {
    pointwise_loss(a, b, reduction, "HuberLossBackward0", move |x, y| {
        let d = x - y;
        if d.abs() <= delta {
            (0.5 * d * d, d)
        } else {
            (delta * (d.abs() - 0.5 * delta), delta * d.signum())
        }
    })
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
    let weighted = |t: Tensor| -> Result<Tensor> {
        match weight {
            Some(w) => {
                let _off = GradModeGuard::new(false);
                mul(&t, w)
            }
            None => Ok(t),
        }
    };
    // losses and both derivatives in one pass; weight and reduction join one node
    let (losses, d_input, d_target) = {
        let (x, t) = (p.to_f64_vec(), y.to_f64_vec());
        let (mut l, mut dx, mut dt) = (
            Vec::with_capacity(x.len()),
            Vec::with_capacity(x.len()),
            Vec::with_capacity(x.len()),
        );
        for (&x, &t) in x.iter().zip(&t) {
            let (lp, l1p) = (x.ln().max(-100.0), (1.0 - x).ln().max(-100.0));
            l.push(-(t * lp + (1.0 - t) * l1p));
            dx.push((x - t) / (x * (1.0 - x)).max(1e-12));
            dt.push(l1p - lp);
        }
        let as_tensor = |v: Vec<f64>| Tensor::from_vec(v, p.shape()).cast(p.dtype());
        (as_tensor(l), as_tensor(dx), as_tensor(dt))
    };
    let (losses, d_input, d_target) = (weighted(losses)?, weighted(d_input)?, weighted(d_target)?);
    let n = p.numel() as f64;
    let out = {
        let _off = GradModeGuard::new(false);
        match reduction {
            Reduction::None => losses,
            Reduction::Sum => super::reduce::sum(&losses)?,
            Reduction::Mean => super::reduce::mean(&losses)?,
        }
    };
    if needs_graph(&[p, y]) {
        let scale = crate::dtype::Scalar::Float(if reduction == Reduction::Mean {
            1.0 / n
        } else {
            1.0
        });
        let (dx, dt) = {
            let _off = GradModeGuard::new(false);
            (
                super::arith::mul_scalar(&d_input, scale)?,
                super::arith::mul_scalar(&d_target, scale)?,
            )
        };
        let mut inputs: SmallVec<[&Tensor; 3]> = smallvec![p, y];
        inputs.extend(weight);
        let backward = BceBackward {
            dx: Saved::input(&dx),
            dt: Saved::input(&dt),
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

/// Incoming gradient × saved derivatives, for the input and the target.
struct BceBackward {
    dx: Saved,
    dt: Saved,
}

impl Backward for BceBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let dx = self.dx.get()?;
        let g = expand(grad0(grads), dx.shape())?;
        let gx = if needs[0] { Some(mul(&g, dx)?) } else { None };
        let gt = if needs[1] {
            Some(mul(&g, self.dt.get()?)?)
        } else {
            None
        };
        let mut out: Grads = smallvec![gx, gt];
        out.extend((2..needs.len()).map(|_| None));
        Ok(out)
    }

    fn release(&mut self) {
        self.dx.release();
        self.dt.release();
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
            xhat: Saved::input(&xhat_t),
            weight: weight.map(Saved::input),
            rstd,
            row_len: len,
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
    xhat: Saved,
    weight: Option<Saved>,
    rstd: Vec<f64>,
    row_len: usize,
    norm_dims: usize,
    has_bias: bool,
}

impl Backward for LayerNormBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        let xhat = self.xhat.get()?;
        let weight = self.weight.as_ref().map(Saved::get).transpose()?;
        let batch_dims: Vec<i64> = (0..(xhat.ndim() - self.norm_dims))
            .map(|d| d as i64)
            .collect();
        // dx̂ = g·w; dx = rstd/N · (N·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂)) per row
        let dxhat = match weight {
            Some(w) => mul(g, w)?,
            None => g.clone(),
        };
        let (dh, xh) = (dxhat.to_f64_vec(), xhat.to_f64_vec());
        let n = self.row_len.max(1);
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
        let gx = Tensor::from_vec(dx, xhat.shape()).cast(xhat.dtype());
        // edges are always (x, weight or None, bias or None)
        let gw = match weight {
            Some(_) if needs[1] => Some(sum_dims(&mul(g, xhat)?, &batch_dims, false)?),
            _ => None,
        };
        let gb = if self.has_bias && needs[2] {
            Some(sum_dims(g, &batch_dims, false)?)
        } else {
            None
        };
        let out: Grads = smallvec![needs[0].then_some(gx), gw, gb];
        Ok(out)
    }

    fn release(&mut self) {
        self.xhat.release();
        if let Some(w) = &mut self.weight {
            w.release();
        }
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
                dtype: weight.dtype(),
            }),
        );
    }
    Ok(out)
}

struct EmbeddingBackward {
    idx: Vec<i64>,
    padding: Option<i64>,
    shape: Shape,
    dtype: DType,
}

impl Backward for EmbeddingBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let g = grad0(grads).to_f64_vec();
        let dim = self.shape[1];
        let mut out = vec![0.0; numel(&self.shape)];
        for (j, &i) in self.idx.iter().enumerate() {
            if Some(i) == self.padding {
                continue;
            }
            for k in 0..dim {
                out[i as usize * dim + k] += g[j * dim + k];
            }
        }
        Ok(smallvec![Some(
            Tensor::from_vec(out, &self.shape).cast(self.dtype)
        )])
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
