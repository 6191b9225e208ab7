//! Losses. binary_cross_entropy_with_logits is one fused, numerically
//! stable node, as in torch.

use super::arith::{add_scalar, mul, mul_scalar, sub};
use super::grad0;
use crate::autograd::grad_mode::GradModeGuard;
use crate::autograd::node::{Backward, Grads, Saved};
use crate::autograd::{needs_graph, record};
use crate::dtype::Scalar;
use crate::error::{Error, Result};
use crate::float_map;
use crate::shape::size_str;
use crate::tensor::Tensor;
use smallvec::SmallVec;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reduction {
    None,
    Mean,
    Sum,
}

impl Reduction {
    pub fn parse(s: &str) -> Result<Reduction> {
        match s {
            "none" => Ok(Reduction::None),
            "mean" => Ok(Reduction::Mean),
            "sum" => Ok(Reduction::Sum),
            other => Err(Error::Value(format!(
                "{other} is not a valid value for reduction"
            ))),
        }
    }
}

fn reduce(t: &Tensor, r: Reduction) -> Result<Tensor> {
    match r {
        Reduction::None => Ok(t.clone()),
        Reduction::Mean => super::reduce::mean(t),
        Reduction::Sum => super::reduce::sum(t),
    }
}

/// Per-element loss `(1-y)·x + (1+(pw-1)·y)·softplus(-x)`, times weight,
/// with `softplus(-x) = log1p(exp(-|x|)) + max(-x, 0)` so large |x| stays finite.
pub fn binary_cross_entropy_with_logits(
    x: &Tensor,
    y: &Tensor,
    weight: Option<&Tensor>,
    pos_weight: Option<&Tensor>,
    reduction: Reduction,
) -> Result<Tensor> {
    if x.shape() != y.shape() {
        return Err(Error::Value(format!(
            "Target size ({}) must be the same as input size ({})",
            size_str(y.shape()),
            size_str(x.shape())
        )));
    }
    let out = if weight.is_none() && pos_weight.is_none() && x.dtype() == y.dtype() {
        // the common case in one pass: (1-y)·x + softplus(-x)
        let per_element = crate::dispatch_float!(x.dtype(), T => crate::kernels::binary(x, y, x.shape(), |v: T, t: T| {
            (1.0 - t) * v + (-v.abs()).exp().ln_1p() + (-v).max(0.0)
        }), return Err(Error::runtime("binary_cross_entropy_with_logits expects floating point inputs")));
        let _no_grad = GradModeGuard::new(false);
        reduce(&per_element, reduction)?
    } else {
        let _no_grad = GradModeGuard::new(false);
        let softplus = float_map!(x, |v| (-v.abs()).exp().ln_1p() + (-v).max(0.0));
        let one_minus_y = super::arith::rsub_scalar(y, Scalar::Int(1))?;
        let mut loss_weight_sp = softplus;
        if let Some(pw) = pos_weight {
            let l = add_scalar(&mul(&add_scalar(pw, Scalar::Int(-1))?, y)?, Scalar::Int(1))?;
            loss_weight_sp = mul(&l, &loss_weight_sp)?;
        }
        let mut loss = super::arith::add(&mul(&one_minus_y, x)?, &loss_weight_sp, 1.0)?;
        if let Some(w) = weight {
            loss = mul(&loss, w)?;
        }
        reduce(&loss, reduction)?
    };
    let mut inputs: SmallVec<[&Tensor; 4]> = SmallVec::from_slice(&[x, y]);
    inputs.extend(weight);
    inputs.extend(pos_weight);
    if needs_graph(&inputs) {
        let backward = BceLogitsBackward {
            x: Saved::input(x),
            y: Saved::input(y),
            weight: weight.map(Saved::input),
            pos_weight: pos_weight.map(Saved::input),
            reduction,
        };
        record(
            "BinaryCrossEntropyWithLogitsBackward0",
            &inputs,
            &[&out],
            Box::new(backward),
        );
    }
    Ok(out)
}

struct BceLogitsBackward {
    x: Saved,
    y: Saved,
    weight: Option<Saved>,
    pos_weight: Option<Saved>,
    reduction: Reduction,
}

impl Backward for BceLogitsBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        let (x, y) = (self.x.get()?, self.y.get()?);
        let weight = self.weight.as_ref().map(Saved::get).transpose()?;
        let pos_weight = self.pos_weight.as_ref().map(Saved::get).transpose()?;
        // the incoming gradient per element
        let g = match self.reduction {
            Reduction::Mean => super::arith::div_scalar(g, Scalar::Int(x.numel() as i64))?,
            _ => g.clone(),
        };
        let scale = |t: Tensor| -> Result<Tensor> {
            let t = match weight {
                Some(w) => mul(&t, w)?,
                None => t,
            };
            mul(&t, &g)
        };
        let sig = super::unary::sigmoid(x)?;
        let gx = if needs[0] {
            // d/dx = (1 + (pw-1)·y)·σ(x) - pw·y
            let d = match pos_weight {
                None => sub(&sig, y, 1.0)?,
                Some(pw) => {
                    let l =
                        add_scalar(&mul(&add_scalar(pw, Scalar::Int(-1))?, y)?, Scalar::Int(1))?;
                    sub(&mul(&l, &sig)?, &mul(pw, y)?, 1.0)?
                }
            };
            Some(scale(d)?)
        } else {
            None
        };
        let gy = if needs[1] {
            // d/dy = (pw-1)·softplus(-x) - x; softplus(-x) = -log σ(x)
            let d = match pos_weight {
                None => mul_scalar(x, Scalar::Int(-1))?,
                Some(pw) => {
                    let sp = mul_scalar(&super::unary::log(&sig)?, Scalar::Int(-1))?;
                    sub(&mul(&add_scalar(pw, Scalar::Int(-1))?, &sp)?, x, 1.0)?
                }
            };
            Some(scale(d)?)
        } else {
            None
        };
        let mut out: Grads = smallvec::smallvec![gx, gy];
        // weights and pos_weight get no gradient here (rarely trained)
        for _ in 2..needs.len() {
            out.push(None);
        }
        Ok(out)
    }

    fn release(&mut self) {
        self.x.release();
        self.y.release();
        self.weight
            .iter_mut()
            .chain(self.pos_weight.iter_mut())
            .for_each(Saved::release);
    }
}
