//! Dtypes that are stored at their own width but computed at a wider one
//! (`DType::compute`): uint8 and int32 as int64, float16 and bfloat16 as
//! float32. An op runs on *twins* of its inputs (the values in the compute
//! dtype, standing in for the inputs in the graph) and its result is
//! stored back in the dtype torch's promotion gives: integers wrap, floats
//! round to nearest even, as torch's own kernels do when they compute half
//! precision in float. The graph is the op's own (a float16 product has
//! MulBackward0) and gradients reaching a tensor come in its dtype.
//!
//! Complex tensors have a few ops of their own here (`complex_*`); other
//! ops refuse them with `unsupported`.

use crate::autograd::edge_of;
use crate::autograd::grad_mode::is_grad_enabled;
use crate::dtype::{result_type, DType};
use crate::error::{Error, Result};
use crate::kernels;
use crate::shape::broadcast_shapes;
use crate::tensor::{Complex32, Complex64, Tensor};
use std::borrow::Cow;

/// `t` in its compute dtype, standing for `t`: same version counter (so
/// saving it notices later in-place writes to `t`), same inference flag,
/// and `t`'s place in the graph when gradients are recorded.
pub fn twin(t: &Tensor) -> Tensor {
    let c = t.cast_as_twin(t.dtype().compute());
    if is_grad_enabled() && t.requires_grad() {
        if let Some(edge) = edge_of(t) {
            c.set_history(edge.node, edge.input_nr);
        }
    }
    c
}

/// `t` itself when kernels compute in its dtype, else its twin.
#[inline]
pub fn computable(t: &Tensor) -> Cow<'_, Tensor> {
    if t.dtype().is_storage_only() {
        Cow::Owned(twin(t))
    } else {
        Cow::Borrowed(t)
    }
}

/// An op's result in `dtype` when it came out in `dtype`'s compute dtype:
/// the values rounded (or wrapped) to `dtype`, with the result's history.
/// Results of other dtypes (a comparison's bool, int32 / 2 in float32)
/// are returned as they are.
#[inline]
pub fn store(out: Tensor, dtype: DType) -> Tensor {
    if !dtype.is_storage_only() || out.dtype() != dtype.compute() {
        return out;
    }
    store_as(out, dtype)
}

fn store_as(out: Tensor, dtype: DType) -> Tensor {
    let stored = out.cast_as_twin(dtype);
    // a fresh result (and whatever its node saved of it) takes the stored
    // values too, so a backward sees what the forward returned; an input
    // handed back as the result is left alone
    if std::sync::Arc::strong_count(&out.0) == 1 && out.view_base().is_none() {
        out.write_values(&stored.cast(out.dtype()));
    }
    if let Some(node) = out.grad_fn() {
        stored.set_history(node, out.output_nr());
    }
    stored
}

/// Runs a one-input op in the compute dtype; a result in that dtype comes
/// back in `a`'s dtype.
#[inline]
pub fn unary(a: &Tensor, op: impl FnOnce(&Tensor) -> Result<Tensor>) -> Result<Tensor> {
    unary_to(a, a.dtype(), op)
}

/// `unary` with the result stored as `dtype` (sum of int32 is int64).
#[inline]
pub fn unary_to(
    a: &Tensor,
    dtype: DType,
    op: impl FnOnce(&Tensor) -> Result<Tensor>,
) -> Result<Tensor> {
    if !a.dtype().is_storage_only() {
        return op(a);
    }
    Ok(store(op(&twin(a))?, dtype))
}

/// Runs a two-tensor op in the compute dtypes; the result is stored in
/// torch's result type of the two.
#[inline]
pub fn binary(
    a: &Tensor,
    b: &Tensor,
    op: impl FnOnce(&Tensor, &Tensor) -> Result<Tensor>,
) -> Result<Tensor> {
    if !a.dtype().is_storage_only() && !b.dtype().is_storage_only() {
        return op(a, b);
    }
    let dtype = result_type(a.dtype(), a.ndim() == 0, b.dtype(), b.ndim() == 0);
    let out = op(&computable(a), &computable(b))?;
    Ok(store(out, dtype))
}

/// Runs an op of several tensors (some possibly absent) in compute dtypes;
/// a result in `dtype`'s compute dtype is stored as `dtype`.
#[inline]
pub fn many(
    inputs: &[Option<&Tensor>],
    dtype: DType,
    op: impl FnOnce(&[Option<&Tensor>]) -> Result<Tensor>,
) -> Result<Tensor> {
    if !inputs.iter().flatten().any(|t| t.dtype().is_storage_only()) {
        return op(inputs);
    }
    let twins: Vec<Option<Cow<'_, Tensor>>> = inputs.iter().map(|t| t.map(computable)).collect();
    let refs: Vec<Option<&Tensor>> = twins.iter().map(|t| t.as_deref()).collect();
    Ok(store(op(&refs)?, dtype))
}

/// torch's result type of several tensors (all dimensioned alike).
pub fn promote_all(inputs: &[Option<&Tensor>]) -> DType {
    inputs
        .iter()
        .flatten()
        .map(|t| t.dtype())
        .reduce(crate::dtype::promote)
        .unwrap_or(DType::F32)
}

/// The error for an op ferrograd does not compute in `dtype`.
pub fn unsupported<T>(op: &str, dtype: DType) -> Result<T> {
    Err(Error::NotImplemented(format!(
        "\"{op}\" not implemented for '{}'",
        dtype.scalar_type_name()
    )))
}

/// Refuses complex operands of an op that has no complex version.
#[inline]
pub fn real_only(op: &str, operands: &[&Tensor]) -> Result<()> {
    match operands.iter().find(|t| t.dtype().is_complex()) {
        Some(t) => unsupported(op, t.dtype()),
        None => Ok(()),
    }
}

// ---- complex tensors ----

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComplexOp {
    Add,
    Sub,
    Mul,
    Div,
}

/// `a op b` where either is complex, in the promoted complex dtype. No
/// autograd: complex tensors cannot require grad in ferrograd.
pub fn complex_binary(a: &Tensor, b: &Tensor, op: ComplexOp) -> Result<Tensor> {
    let shape = broadcast_shapes(a.shape(), b.shape())?;
    let dtype = result_type(a.dtype(), a.ndim() == 0, b.dtype(), b.ndim() == 0);
    let (a, b) = (a.cast(dtype), b.cast(dtype));
    // torch adds `alpha * b` with a complex alpha of 1 (or -1), which
    // decides the sign of zero parts: (-0-0.5j) + (-0-0.5j) is 0-1j
    macro_rules! run {
        ($T:ty) => {
            match op {
                ComplexOp::Add => {
                    let one = <$T>::new(1.0, 0.0);
                    kernels::binary(&a, &b, &shape, move |x: $T, y: $T| x + one * y)
                }
                ComplexOp::Sub => {
                    let minus_one = <$T>::new(-1.0, 0.0);
                    kernels::binary(&a, &b, &shape, move |x: $T, y: $T| x + minus_one * y)
                }
                ComplexOp::Mul => kernels::binary(&a, &b, &shape, |x: $T, y: $T| x * y),
                ComplexOp::Div => kernels::binary(&a, &b, &shape, |x: $T, y: $T| {
                    let (q_re, q_im) = complex_div((x.re, x.im), (y.re, y.im));
                    <$T>::new(q_re, q_im)
                }),
            }
        };
    }
    Ok(match dtype {
        DType::C64 => run!(Complex32),
        _ => run!(Complex64),
    })
}

/// `x / y` as torch's complex division computes it (numpy's scaling,
/// which also fixes the signs of zero parts).
fn complex_div<F: num_traits::Float>((a, b): (F, F), (c, d): (F, F)) -> (F, F) {
    if c.abs() >= d.abs() {
        if c == F::zero() && d == F::zero() {
            return (a / c.abs(), b / d.abs());
        }
        let rat = d / c;
        let scl = F::one() / (c + d * rat);
        ((a + b * rat) * scl, (b - a * rat) * scl)
    } else {
        let rat = c / d;
        let scl = F::one() / (d + c * rat);
        ((a * rat + b) * scl, (b * rat - a) * scl)
    }
}

/// `a == b` (or `!=`) where either is complex.
pub fn complex_eq(a: &Tensor, b: &Tensor, equal: bool) -> Result<Tensor> {
    let shape = broadcast_shapes(a.shape(), b.shape())?;
    let (a, b) = (a.cast(DType::C128), b.cast(DType::C128));
    Ok(kernels::binary(
        &a,
        &b,
        &shape,
        |x: Complex64, y: Complex64| (x == y) == equal,
    ))
}

/// `-a`, `a.conj()` of a complex tensor.
pub fn complex_map(a: &Tensor, conj: bool) -> Tensor {
    match a.dtype() {
        DType::C64 => kernels::unary(a, |x: Complex32| if conj { x.conj() } else { -x }),
        _ => kernels::unary(a, |x: Complex64| if conj { x.conj() } else { -x }),
    }
}

/// `abs` of a complex tensor: the magnitudes, in the matching float dtype.
pub fn complex_abs(a: &Tensor) -> Tensor {
    match a.dtype() {
        DType::C64 => kernels::unary(a, |x: Complex32| x.norm()),
        _ => kernels::unary(a, |x: Complex64| x.norm()),
    }
}

/// `.real` / `.imag` of a complex tensor, as a copy in the float dtype.
pub fn complex_part(a: &Tensor, imag: bool) -> Tensor {
    match a.dtype() {
        DType::C64 => kernels::unary(a, |x: Complex32| if imag { x.im } else { x.re }),
        _ => kernels::unary(a, |x: Complex64| if imag { x.im } else { x.re }),
    }
}

/// Sum of all elements of a complex tensor (0-d, same dtype).
pub fn complex_sum(a: &Tensor) -> Tensor {
    match a.dtype() {
        DType::C64 => Tensor::scalar(a.with_slice(|s: &[Complex32]| s.iter().sum::<Complex32>())),
        _ => Tensor::scalar(a.with_slice(|s: &[Complex64]| s.iter().sum::<Complex64>())),
    }
}

/// Mean of all elements of a complex tensor (0-d, same dtype).
pub fn complex_mean(a: &Tensor) -> Tensor {
    let n = a.numel() as f64;
    match a.dtype() {
        DType::C64 => {
            Tensor::scalar(a.with_slice(|s: &[Complex32]| s.iter().sum::<Complex32>() / n as f32))
        }
        _ => Tensor::scalar(a.with_slice(|s: &[Complex64]| s.iter().sum::<Complex64>() / n)),
    }
}

/// The elements as `(re, im)` pairs (complex tensors' `tolist`).
pub fn complex_values(a: &Tensor) -> Vec<(f64, f64)> {
    let a = a.cast(DType::C128);
    a.with_slice(|s: &[Complex64]| s.iter().map(|c| (c.re, c.im)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::arith;
    use crate::tensor::f16;

    #[test]
    fn int32_wraps_and_half_rounds() {
        let a = Tensor::from_vec(vec![i32::MAX, 1], &[2]);
        let out = binary(&a, &a, |x, y| arith::add(x, y, 1.0)).unwrap();
        assert_eq!(out.dtype(), DType::I32);
        assert_eq!(out.to_vec::<i32>(), vec![-2, 2]);

        let h = Tensor::from_vec(vec![f16::from_f32(0.1), f16::from_f32(1.5)], &[2]);
        let out = binary(&h, &h, arith::mul).unwrap();
        assert_eq!(out.dtype(), DType::F16);
        let expected: Vec<f16> = [0.1f32, 1.5]
            .iter()
            .map(|&v| f16::from_f32(f16::from_f32(v).to_f32().powi(2)))
            .collect();
        assert_eq!(out.to_vec::<f16>(), expected);
    }

    #[test]
    fn mixed_storage_dtypes_promote() {
        let u = Tensor::from_vec(vec![200u8], &[1]);
        let i = Tensor::from_vec(vec![100i32], &[1]);
        let out = binary(&u, &i, |x, y| arith::add(x, y, 1.0)).unwrap();
        assert_eq!((out.dtype(), out.to_vec::<i32>()), (DType::I32, vec![300]));
        let uu = binary(&u, &u, |x, y| arith::add(x, y, 1.0)).unwrap();
        assert_eq!(uu.to_vec::<u8>(), vec![144]);
    }

    #[test]
    fn complex_arithmetic() {
        let c = Tensor::from_vec(vec![Complex32::new(1.0, 2.0)], &[1]);
        let r = Tensor::from_vec(vec![2.0f64], &[1]);
        let out = complex_binary(&c, &r, ComplexOp::Mul).unwrap();
        assert_eq!(out.dtype(), DType::C128);
        assert_eq!(complex_values(&out), vec![(2.0, 4.0)]);
        assert_eq!(complex_abs(&c).to_vec::<f32>(), vec![5f32.sqrt()]);
    }
}
