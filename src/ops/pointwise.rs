//! Three-operand pointwise ops that optimizers are built from: `lerp`,
//! `addcmul` and `addcdiv`. torch's vectorized CPU kernels round `lerp`
//! and `addcmul` once (a fused multiply-add) and `addcdiv` at each step;
//! the kernels here do the same, so an optimizer step gives torch's bits.

use super::arith::{div, mul, mul_scalar, neg};
use super::grad0;
use super::view::broadcast_to;
use crate::autograd::node::{Backward, Grads, Saved};
use crate::autograd::{needs_graph, record};
use crate::dtype::{result_type, DType, Scalar};
use crate::error::{Error, Result};
use crate::kernels;
use crate::shape::broadcast_shapes;
use crate::tensor::Tensor;
use num_traits::Float;
use smallvec::smallvec;

/// `a` broadcast to `shape` and cast to `dtype`, for a same-shape kernel.
fn operand(a: &Tensor, shape: &[usize], dtype: DType) -> Result<Tensor> {
    broadcast_to(&a.cast(dtype), shape)
}

/// torch's lerp of one element: the fused multiply-add from whichever end
/// is nearer the weight, for accuracy near both ends.
#[inline(always)]
fn lerp_elem<T: Float>(start: T, end: T, weight: T) -> T {
    if weight.abs() < T::from(0.5).expect("representable") {
        weight.mul_add(end - start, start)
    } else {
        (weight - T::one()).mul_add(end - start, end)
    }
}

/// `start + weight * (end - start)` (LerpBackward0).
pub fn lerp(start: &Tensor, end: &Tensor, weight: f64) -> Result<Tensor> {
    if start.dtype() != end.dtype() {
        return Err(Error::runtime(format!(
            "expected dtype {} for `end` but got dtype {}",
            start.dtype().c_name(),
            end.dtype().c_name()
        )));
    }
    let shape = broadcast_shapes(start.shape(), end.shape())?;
    let out = match start.dtype() {
        DType::F32 => kernels::binary(start, end, &shape, |s: f32, e: f32| {
            lerp_elem(s, e, weight as f32)
        }),
        DType::F64 => kernels::binary(start, end, &shape, |s: f64, e: f64| lerp_elem(s, e, weight)),
        d => return crate::compute::unsupported("lerp_kernel_scalar", d),
    };
    if needs_graph(&[start, end]) {
        record(
            "LerpBackward0",
            &[start, end],
            &[&out],
            Box::new(LerpBackward { weight }),
        );
    }
    Ok(out)
}

struct LerpBackward {
    weight: f64,
}

impl Backward for LerpBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        let to_start = needs[0]
            .then(|| mul_scalar(g, Scalar::Float(1.0 - self.weight)))
            .transpose()?;
        let to_end = needs[1]
            .then(|| mul_scalar(g, Scalar::Float(self.weight)))
            .transpose()?;
        Ok(smallvec![to_start, to_end])
    }
}

/// Which of the two ops `a + value * t1 (*|/) t2`.
#[derive(Clone, Copy, PartialEq)]
enum Combine {
    Mul,
    Div,
}

/// `a + value * t1 * t2` (AddcmulBackward0); float values round once.
pub fn addcmul(a: &Tensor, t1: &Tensor, t2: &Tensor, value: f64) -> Result<Tensor> {
    add_combined(a, t1, t2, value, Combine::Mul)
}

/// `a + value * t1 / t2` (AddcdivBackward0), rounded at each step.
pub fn addcdiv(a: &Tensor, t1: &Tensor, t2: &Tensor, value: f64) -> Result<Tensor> {
    if !t1.dtype().is_floating() && !t2.dtype().is_floating() {
        return Err(Error::runtime(
            "Integer division with addcdiv is no longer supported, and in a future  release \
             addcdiv will perform a true division of tensor1 and tensor2. The historic addcdiv \
             behavior can be implemented as (input + value * torch.trunc(tensor1 / tensor2)).to(\
             input.dtype) for integer inputs and as (input + value * tensor1 / tensor2) for float \
             inputs. The future addcdiv behavior is just the latter implementation: (input + \
             value * tensor1 / tensor2), for all dtypes.",
        ));
    }
    add_combined(a, t1, t2, value, Combine::Div)
}

fn add_combined(a: &Tensor, t1: &Tensor, t2: &Tensor, value: f64, op: Combine) -> Result<Tensor> {
    let dtype = [t1, t2].iter().fold(a.dtype(), |d, t| {
        result_type(d, false, t.dtype(), t.ndim() == 0)
    });
    let shape = broadcast_shapes(&broadcast_shapes(a.shape(), t1.shape())?, t2.shape())?;
    let (x, y, z) = (
        operand(a, &shape, dtype)?,
        operand(t1, &shape, dtype)?,
        operand(t2, &shape, dtype)?,
    );
    let out = match (dtype, op) {
        (DType::F32, Combine::Mul) => {
            let v = value as f32;
            kernels::ternary(&x, &y, &z, move |a: f32, p: f32, q: f32| {
                (v * p).mul_add(q, a)
            })
        }
        (DType::F64, Combine::Mul) => {
            kernels::ternary(&x, &y, &z, move |a: f64, p: f64, q: f64| {
                (value * p).mul_add(q, a)
            })
        }
        (DType::F32, Combine::Div) => {
            let v = value as f32;
            kernels::ternary(&x, &y, &z, move |a: f32, p: f32, q: f32| a + v * p / q)
        }
        (DType::F64, Combine::Div) => {
            kernels::ternary(&x, &y, &z, move |a: f64, p: f64, q: f64| a + value * p / q)
        }
        (DType::I64, Combine::Mul) => {
            let v = value as i64;
            kernels::ternary(&x, &y, &z, move |a: i64, p: i64, q: i64| {
                a.wrapping_add(v.wrapping_mul(p).wrapping_mul(q))
            })
        }
        (d, Combine::Mul) => return crate::compute::unsupported("addcmul_cpu_out", d),
        (d, Combine::Div) => return crate::compute::unsupported("addcdiv_cpu_out", d),
    };
    if needs_graph(&[a, t1, t2]) {
        let (name, backward) = (
            if op == Combine::Mul {
                "AddcmulBackward0"
            } else {
                "AddcdivBackward0"
            },
            CombinedBackward {
                t1: Saved::input(t1),
                t2: Saved::input(t2),
                value,
                op,
            },
        );
        record(name, &[a, t1, t2], &[&out], Box::new(backward));
    }
    Ok(out)
}

struct CombinedBackward {
    t1: Saved,
    t2: Saved,
    value: f64,
    op: Combine,
}

impl Backward for CombinedBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        let scaled = mul_scalar(g, Scalar::Float(self.value))?;
        let (t1, t2) = (self.t1.get()?, self.t2.get()?);
        let (g1, g2) = match self.op {
            Combine::Mul => (
                needs[1].then(|| mul(&scaled, t2)).transpose()?,
                needs[2].then(|| mul(&scaled, t1)).transpose()?,
            ),
            // d/dt2 (t1 / t2) = -t1 / t2^2
            Combine::Div => (
                needs[1].then(|| div(&scaled, t2)).transpose()?,
                needs[2]
                    .then(|| neg(&div(&mul(&scaled, t1)?, &mul(t2, t2)?)?))
                    .transpose()?,
            ),
        };
        Ok(smallvec![needs[0].then(|| g.clone()), g1, g2])
    }

    fn release(&mut self) {
        self.t1.release();
        self.t2.release();
    }
}
