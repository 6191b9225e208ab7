//! How the binding calls core ops for every dtype: float16, bfloat16,
//! int32 and uint8 operands run in their compute dtype (`crate::compute`);
//! complex operands go to the few complex ops, or are refused by name.

use crate::compute::{self, ComplexOp};
use crate::dtype::{result_type_scalar, DType, Scalar};
use crate::error::{Error, Result};
use crate::ops::arith;
use crate::ops::compare::{self, Cmp};
use crate::tensor::Tensor;

/// Kernels compute in this dtype directly (the common case, kept fast).
#[inline]
fn plain(t: &Tensor) -> bool {
    let d = t.dtype();
    !d.is_storage_only() && !d.is_complex()
}

/// A one-tensor op; a result in the compute dtype comes back in `t`'s dtype.
#[inline]
pub fn c1(t: &Tensor, name: &str, op: impl FnOnce(&Tensor) -> Result<Tensor>) -> Result<Tensor> {
    if plain(t) {
        return op(t);
    }
    compute::real_only(name, &[t])?;
    compute::unary(t, op)
}

/// `c1` whose result is stored as `dtype` (sums of integers are int64,
/// indices never change).
#[inline]
pub fn c1_to(
    t: &Tensor,
    dtype: DType,
    name: &str,
    op: impl FnOnce(&Tensor) -> Result<Tensor>,
) -> Result<Tensor> {
    compute::real_only(name, &[t])?;
    compute::unary_to(t, dtype, op)
}

/// A two-tensor op, stored in torch's result type of the two.
#[inline]
pub fn c2(
    a: &Tensor,
    b: &Tensor,
    name: &str,
    op: impl FnOnce(&Tensor, &Tensor) -> Result<Tensor>,
) -> Result<Tensor> {
    if plain(a) && plain(b) {
        return op(a, b);
    }
    compute::real_only(name, &[a, b])?;
    compute::binary(a, b, op)
}

/// A two-tensor op that orders values (maximum, fmax, ...), which torch
/// refuses for complex operands with a message of its own.
#[inline]
pub fn c2_ordered(
    a: &Tensor,
    b: &Tensor,
    name: &str,
    op: impl FnOnce(&Tensor, &Tensor) -> Result<Tensor>,
) -> Result<Tensor> {
    if a.dtype().is_complex() || b.dtype().is_complex() {
        return Err(Error::runtime(format!(
            "{name} not implemented for complex tensors."
        )));
    }
    c2(a, b, name, op)
}

/// A tensor-and-number op, stored in torch's result type.
#[inline]
pub fn cs(
    a: &Tensor,
    s: Scalar,
    name: &str,
    op: impl FnOnce(&Tensor, Scalar) -> Result<Tensor>,
) -> Result<Tensor> {
    if plain(a) {
        return op(a, s);
    }
    compute::real_only(name, &[a])?;
    compute::unary_to(a, result_type_scalar(a.dtype(), s), |t| op(t, s))
}

/// An op of several (optional) tensors, stored in their promoted dtype.
#[inline]
pub fn cn(
    inputs: &[Option<&Tensor>],
    name: &str,
    op: impl FnOnce(&[Option<&Tensor>]) -> Result<Tensor>,
) -> Result<Tensor> {
    let present: Vec<&Tensor> = inputs.iter().flatten().copied().collect();
    compute::real_only(name, &present)?;
    compute::many(inputs, compute::promote_all(inputs), op)
}

/// Index tensors (gather, index_select, advanced indexing) as int64.
#[inline]
pub fn index_of(t: &Tensor) -> Tensor {
    if t.dtype().is_integral() {
        t.cast(DType::I64)
    } else {
        t.clone()
    }
}

/// A Python number as a 0-d tensor of its kind's default dtype.
#[inline]
fn number(s: Scalar) -> Tensor {
    Tensor::full(&[], s.as_f64(), s.default_dtype())
}

#[inline]
fn either_complex(a: &Tensor, b: &Tensor) -> bool {
    a.dtype().is_complex() || b.dtype().is_complex()
}

// ---- arithmetic: tensor (op) tensor ----

#[inline]
fn arith2(
    a: &Tensor,
    b: &Tensor,
    complex: ComplexOp,
    op: impl FnOnce(&Tensor, &Tensor) -> Result<Tensor>,
) -> Result<Tensor> {
    if plain(a) && plain(b) {
        return op(a, b);
    }
    if either_complex(a, b) {
        return compute::complex_binary(a, b, complex);
    }
    compute::binary(a, b, op)
}

#[inline]
pub fn add_tt(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    add_scaled_tt(a, b, 1.0)
}

#[inline]
pub fn sub_tt(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    sub_scaled_tt(a, b, 1.0)
}

#[inline]
pub fn add_scaled_tt(a: &Tensor, b: &Tensor, alpha: f64) -> Result<Tensor> {
    if alpha != 1.0 && either_complex(a, b) {
        return compute::unsupported("add", DType::C64);
    }
    arith2(a, b, ComplexOp::Add, |a, b| arith::add(a, b, alpha))
}

#[inline]
pub fn sub_scaled_tt(a: &Tensor, b: &Tensor, alpha: f64) -> Result<Tensor> {
    if alpha != 1.0 && either_complex(a, b) {
        return compute::unsupported("sub", DType::C64);
    }
    arith2(a, b, ComplexOp::Sub, |a, b| arith::sub(a, b, alpha))
}

#[inline]
pub fn rsub_tt(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    sub_tt(b, a)
}

#[inline]
pub fn mul_tt(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    arith2(a, b, ComplexOp::Mul, arith::mul)
}

#[inline]
pub fn div_tt(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    arith2(a, b, ComplexOp::Div, arith::div)
}

#[inline]
pub fn rdiv_tt(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    div_tt(b, a)
}

#[inline]
pub fn pow_tt(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    c2(a, b, "pow", arith::pow)
}

#[inline]
pub fn rpow_tt(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    pow_tt(b, a)
}

// ---- arithmetic: tensor (op) number ----

/// `a op s`, or `s op a` when `number_first`.
#[inline]
fn arith_s(
    a: &Tensor,
    s: Scalar,
    complex: ComplexOp,
    number_first: bool,
    name: &str,
    op: impl FnOnce(&Tensor, Scalar) -> Result<Tensor>,
) -> Result<Tensor> {
    if plain(a) {
        return op(a, s);
    }
    if a.dtype().is_complex() {
        let n = number(s);
        return if number_first {
            compute::complex_binary(&n, a, complex)
        } else {
            compute::complex_binary(a, &n, complex)
        };
    }
    cs(a, s, name, op)
}

#[inline]
pub fn add_ts(a: &Tensor, s: Scalar) -> Result<Tensor> {
    arith_s(a, s, ComplexOp::Add, false, "add", arith::add_scalar)
}

#[inline]
pub fn sub_ts(a: &Tensor, s: Scalar) -> Result<Tensor> {
    arith_s(a, s, ComplexOp::Sub, false, "sub", arith::sub_scalar)
}

#[inline]
pub fn rsub_ts(a: &Tensor, s: Scalar) -> Result<Tensor> {
    arith_s(a, s, ComplexOp::Sub, true, "rsub", arith::rsub_scalar)
}

#[inline]
pub fn mul_ts(a: &Tensor, s: Scalar) -> Result<Tensor> {
    arith_s(a, s, ComplexOp::Mul, false, "mul", arith::mul_scalar)
}

#[inline]
pub fn div_ts(a: &Tensor, s: Scalar) -> Result<Tensor> {
    // true division: integers give float32
    if a.dtype().is_complex() {
        return compute::complex_binary(a, &number(s), ComplexOp::Div);
    }
    compute::unary_to(a, a.dtype(), |t| arith::div_scalar(t, s))
}

#[inline]
pub fn rdiv_ts(a: &Tensor, s: Scalar) -> Result<Tensor> {
    if a.dtype().is_complex() {
        return compute::complex_binary(&number(s), a, ComplexOp::Div);
    }
    compute::unary_to(a, a.dtype(), |t| arith::rdiv_scalar(t, s))
}

#[inline]
pub fn pow_ts(a: &Tensor, s: Scalar) -> Result<Tensor> {
    cs(a, s, "pow", arith::pow_scalar)
}

#[inline]
pub fn rpow_ts(a: &Tensor, s: Scalar) -> Result<Tensor> {
    cs(a, s, "pow", |t, s| arith::rpow_scalar(s, t))
}

#[inline]
pub fn neg(a: &Tensor) -> Result<Tensor> {
    if a.dtype().is_complex() {
        return Ok(compute::complex_map(a, false));
    }
    compute::unary(a, arith::neg)
}

#[inline]
pub fn abs(a: &Tensor) -> Result<Tensor> {
    if a.dtype().is_complex() {
        return Ok(compute::complex_abs(a));
    }
    compute::unary(a, crate::ops::unary::abs)
}

// ---- comparisons ----

fn cmp_kernel_name(cmp: Cmp) -> &'static str {
    match cmp {
        Cmp::Eq => "eq_cpu",
        Cmp::Ne => "ne_cpu",
        Cmp::Lt => "lt_cpu",
        Cmp::Le => "le_cpu",
        Cmp::Gt => "gt_cpu",
        Cmp::Ge => "ge_cpu",
    }
}

#[inline]
pub fn cmp_tt(a: &Tensor, b: &Tensor, cmp: Cmp) -> Result<Tensor> {
    if either_complex(a, b) {
        return match cmp {
            Cmp::Eq | Cmp::Ne => compute::complex_eq(a, b, cmp == Cmp::Eq),
            _ => compute::unsupported(cmp_kernel_name(cmp), DType::C64),
        };
    }
    compute::binary(a, b, |a, b| compare::compare(a, b, cmp))
}

#[inline]
pub fn cmp_ts(a: &Tensor, s: Scalar, cmp: Cmp) -> Result<Tensor> {
    if a.dtype().is_complex() {
        return cmp_tt(a, &number(s), cmp);
    }
    compute::unary(a, |t| compare::compare_scalar(t, s, cmp))
}
