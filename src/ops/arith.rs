//! + - * / ** between tensors and with Python scalars, forward and backward.

use super::{grad0, to_float, Num};
use crate::autograd::node::{Backward, Grads, Saved};
use crate::autograd::{needs_graph, record, record_optional};
use crate::dtype::{result_type, result_type_scalar, DType, Scalar};
use crate::error::{Error, Result};
use crate::kernels;
use crate::shape::broadcast_shapes;
use crate::tensor::{Element, Tensor};
use crate::{dispatch_num, float_map};
use num_traits::{One, Zero};
use smallvec::smallvec;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
}

fn tensor_result_type(a: &Tensor, b: &Tensor) -> DType {
    result_type(a.dtype(), a.ndim() == 0, b.dtype(), b.ndim() == 0)
}

/// Elementwise `a op (alpha * b)` in dtype `dtype`, with broadcasting. No
/// autograd.
fn compute(a: &Tensor, b: &Tensor, op: BinOp, alpha: f64, dtype: DType) -> Result<Tensor> {
    let shape = broadcast_shapes(a.shape(), b.shape())?;
    if dtype == DType::Bool {
        // bool arithmetic: computed as integers, read back as truth values
        let r = compute(a, b, op, alpha, DType::I64)?;
        return Ok(kernels::unary(&r, |v: i64| v != 0));
    }
    let (a, b) = (a.cast(dtype), b.cast(dtype));
    Ok(dispatch_num!(dtype, T => {
        let alpha = T::from_f64(alpha);
        let scaled = alpha != T::one();
        match (op, scaled) {
            (BinOp::Add, false) => kernels::binary(&a, &b, &shape, |x: T, y: T| x + y),
            (BinOp::Add, true) => {
                kernels::binary(&a, &b, &shape, |x: T, y: T| x.plus_scaled(alpha, y))
            }
            (BinOp::Sub, false) => kernels::binary(&a, &b, &shape, |x: T, y: T| x - y),
            // torch subtracts as an add of -alpha
            (BinOp::Sub, true) => {
                kernels::binary(&a, &b, &shape, |x: T, y: T| x.plus_scaled(-alpha, y))
            }
            (BinOp::Mul, _) => kernels::binary(&a, &b, &shape, |x: T, y: T| x * y),
            (BinOp::Div, _) => kernels::binary(&a, &b, &shape, |x: T, y: T| x / y),
        }
    }))
}

// ---- tensor (op) tensor ----

pub fn add(a: &Tensor, b: &Tensor, alpha: f64) -> Result<Tensor> {
    let out = compute(a, b, BinOp::Add, alpha, tensor_result_type(a, b))?;
    if needs_graph(&[a, b]) {
        record(
            "AddBackward0",
            &[a, b],
            &[&out],
            Box::new(AddBackward { alpha }),
        );
    }
    Ok(out)
}

pub fn sub(a: &Tensor, b: &Tensor, alpha: f64) -> Result<Tensor> {
    if a.dtype() == DType::Bool && b.dtype() == DType::Bool {
        return Err(Error::runtime(
            "Subtraction, the `-` operator, with two bool tensors is not supported. Use the \
             `^` or `logical_xor()` operator instead.",
        ));
    }
    let out = compute(a, b, BinOp::Sub, alpha, tensor_result_type(a, b))?;
    if needs_graph(&[a, b]) {
        record(
            "SubBackward0",
            &[a, b],
            &[&out],
            Box::new(AddBackward { alpha: -alpha }),
        );
    }
    Ok(out)
}

/// Gradient of `a + alpha * b`: passes to `a`, scaled by alpha to `b`.
struct AddBackward {
    alpha: f64,
}

impl Backward for AddBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        let gb = if !needs[1] {
            None
        } else if self.alpha == 1.0 {
            Some(g.clone())
        } else {
            Some(mul_scalar(g, Scalar::Float(self.alpha))?)
        };
        Ok(smallvec![Some(g.clone()), gb])
    }
}

pub fn mul(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let out = compute(a, b, BinOp::Mul, 1.0, tensor_result_type(a, b))?;
    if needs_graph(&[a, b]) {
        let saved_a = b.requires_grad().then(|| Saved::input(a));
        let saved_b = a.requires_grad().then(|| Saved::input(b));
        record(
            "MulBackward0",
            &[a, b],
            &[&out],
            Box::new(MulBackward {
                a: saved_a,
                b: saved_b,
            }),
        );
    }
    Ok(out)
}

struct MulBackward {
    a: Option<Saved>,
    b: Option<Saved>,
}

impl Backward for MulBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        let ga = match (&self.b, needs[0]) {
            (Some(b), true) => Some(mul(g, b.get()?)?),
            _ => None,
        };
        let gb = match (&self.a, needs[1]) {
            (Some(a), true) => Some(mul(g, a.get()?)?),
            _ => None,
        };
        Ok(smallvec![ga, gb])
    }

    fn release(&mut self) {
        self.a
            .iter_mut()
            .chain(self.b.iter_mut())
            .for_each(Saved::release);
    }
}

pub fn div(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let mut dtype = tensor_result_type(a, b);
    if !dtype.is_floating() {
        dtype = crate::dtype::default_float(); // true division
    }
    let out = compute(a, b, BinOp::Div, 1.0, dtype)?;
    if needs_graph(&[a, b]) {
        let saved_a = b.requires_grad().then(|| Saved::input(a));
        record(
            "DivBackward0",
            &[a, b],
            &[&out],
            Box::new(DivBackward {
                a: saved_a,
                b: Saved::input(b),
            }),
        );
    }
    Ok(out)
}

struct DivBackward {
    a: Option<Saved>,
    b: Saved,
}

impl Backward for DivBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        let b = self.b.get()?;
        if let Some(grads) = self.fused(g, b, needs)? {
            return Ok(grads);
        }
        let ga = if needs[0] { Some(div(g, b)?) } else { None };
        let gb = match (&self.a, needs[1]) {
            // -g * ((a / b) / b): torch's grouping, so values and graph match
            (Some(a), true) => Some(mul(&neg(g)?, &div(&div(a.get()?, b)?, b)?)?),
            _ => None,
        };
        Ok(smallvec![ga, gb])
    }

    fn release(&mut self) {
        self.b.release();
        if let Some(a) = &mut self.a {
            a.release();
        }
    }
}

impl DivBackward {
    /// Without a graph, and when gradient and inputs share one float dtype
    /// and shape: each gradient in one pass, `g / b` and `-g · ((a / b) / b)`.
    fn fused(&self, g: &Tensor, b: &Tensor, needs: &[bool]) -> Result<Option<Grads>> {
        let a = match &self.a {
            Some(a) => Some(a.get()?),
            None => None,
        };
        let fits = |t: &Tensor| t.dtype() == g.dtype() && t.shape() == g.shape();
        let recorded = needs_graph(&[g, b]) || a.is_some_and(|a| needs_graph(&[a]));
        if recorded || !g.dtype().is_floating() || !fits(b) || !a.is_none_or(fits) {
            return Ok(None);
        }
        let ga = needs[0].then(
            || dispatch_num!(g.dtype(), T => kernels::binary(g, b, g.shape(), |g: T, b: T| g / b)),
        );
        let gb = match a {
            Some(a) if needs[1] => Some(dispatch_num!(g.dtype(), T => {
                kernels::ternary(g, a, b, |g: T, a: T, b: T| -g * ((a / b) / b))
            })),
            _ => None,
        };
        Ok(Some(smallvec![ga, gb]))
    }
}

/// Gradient accumulation without history: `a + b` as fresh data.
pub fn add_untracked(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    compute(a, b, BinOp::Add, 1.0, tensor_result_type(a, b))
}

/// `a op= alpha * b` written straight into `a`'s buffer, with no
/// autograd: for float tensors of one shape and dtype, contiguous, in
/// separate storages. Returns false (nothing written) otherwise. The
/// element functions are `compute`'s, so results match the general path.
pub fn update_untracked(a: &Tensor, b: &Tensor, op: BinOp, alpha: f64) -> bool {
    fn run<T: Num + num_traits::Float>(a: &Tensor, b: &Tensor, op: BinOp, alpha: f64) -> bool {
        let alpha = <T as num_traits::NumCast>::from(alpha).unwrap_or_else(T::one);
        let scaled = alpha != T::one();
        match (op, scaled) {
            (BinOp::Add, false) => kernels::update_in_place(a, b, |x: T, y: T| x + y),
            (BinOp::Add, true) => {
                kernels::update_in_place(a, b, |x: T, y: T| x.plus_scaled(alpha, y))
            }
            (BinOp::Sub, false) => kernels::update_in_place(a, b, |x: T, y: T| x - y),
            (BinOp::Sub, true) => {
                kernels::update_in_place(a, b, |x: T, y: T| x.plus_scaled(-alpha, y))
            }
            (BinOp::Mul, _) => kernels::update_in_place(a, b, |x: T, y: T| x * y),
            (BinOp::Div, _) => kernels::update_in_place(a, b, |x: T, y: T| x / y),
        }
    }
    match a.dtype() {
        DType::F32 => run::<f32>(a, b, op, alpha),
        DType::F64 => run::<f64>(a, b, op, alpha),
        _ => false,
    }
}

/// `a += b` on raw data (gradient accumulation into `.grad`).
pub fn add_in_place_untracked(a: &Tensor, b: &Tensor) -> Result<()> {
    if update_untracked(a, b, BinOp::Add, 1.0) {
        return Ok(());
    }
    let sum = compute(a, b, BinOp::Add, 1.0, a.dtype())?;
    if sum.shape() != a.shape() {
        return Err(Error::runtime(format!(
            "output with shape {} doesn't match the broadcast shape {}",
            crate::shape::list_str(a.shape()),
            crate::shape::list_str(sum.shape())
        )));
    }
    a.write_from(&sum);
    Ok(())
}

// ---- tensor (op) scalar ----

fn scalar_map(a: &Tensor, s: Scalar, f: impl Fn(f64, f64) -> f64 + Sync) -> Tensor {
    let dtype = result_type_scalar(a.dtype(), s);
    let a = a.cast(if dtype == DType::Bool {
        DType::I64
    } else {
        dtype
    });
    let v = s.as_f64();
    let out = dispatch_num!(a.dtype(), T => {
        let sv = T::from_f64(v);
        kernels::unary(&a, |x: T| T::from_f64(f(x.to_f64(), sv.to_f64())))
    });
    if dtype == DType::Bool {
        out.cast(DType::Bool)
    } else {
        out
    }
}

/// `op` applied as `x op s` in the tensor's own element type (exact for
/// f32: the scalar is rounded to f32 first, as torch does).
macro_rules! scalar_kernel {
    ($a:expr, $s:expr, |$x:ident, $y:ident| $e:expr) => {{
        let a: &Tensor = $a;
        let s: Scalar = $s;
        let dtype = result_type_scalar(a.dtype(), s);
        if dtype == DType::Bool {
            scalar_map(a, s, |$x, $y| $e)
        } else {
            let a = a.cast(dtype);
            let v = s.as_f64();
            dispatch_num!(dtype, T => {
                let $y = T::from_f64(v);
                kernels::unary_beside_scalar(&a, |$x: T| $e)
            })
        }
    }};
}

pub fn add_scalar(a: &Tensor, s: Scalar) -> Result<Tensor> {
    let out = scalar_kernel!(a, s, |x, y| x + y);
    if needs_graph(&[a]) {
        record_optional(
            "AddBackward0",
            &[Some(a), None],
            &[&out],
            Box::new(super::PassThrough),
        );
    }
    Ok(out)
}

/// `a - s` (SubBackward0).
pub fn sub_scalar(a: &Tensor, s: Scalar) -> Result<Tensor> {
    let out = scalar_kernel!(a, s, |x, y| x - y);
    if needs_graph(&[a]) {
        record_optional(
            "SubBackward0",
            &[Some(a), None],
            &[&out],
            Box::new(super::PassThrough),
        );
    }
    Ok(out)
}

/// `s - a` (RsubBackward1).
pub fn rsub_scalar(a: &Tensor, s: Scalar) -> Result<Tensor> {
    let out = scalar_kernel!(a, s, |x, y| y - x);
    if needs_graph(&[a]) {
        record("RsubBackward1", &[a], &[&out], Box::new(NegBackward));
    }
    Ok(out)
}

pub fn mul_scalar(a: &Tensor, s: Scalar) -> Result<Tensor> {
    let out = scalar_kernel!(a, s, |x, y| x * y);
    if needs_graph(&[a]) {
        record_optional(
            "MulBackward0",
            &[Some(a), None],
            &[&out],
            Box::new(MulScalarBackward { s }),
        );
    }
    Ok(out)
}

struct MulScalarBackward {
    s: Scalar,
}

impl Backward for MulScalarBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        // a gradient only the engine holds is scaled where it lies
        let in_place = !crate::autograd::grad_mode::is_grad_enabled() && g.is_exclusive();
        let v = self.s.as_f64();
        match g.dtype() {
            DType::F32 if in_place => g.map_in_place(|x: f32| x * v as f32),
            DType::F64 if in_place => g.map_in_place(|x: f64| x * v),
            _ => return Ok(smallvec![Some(mul_scalar(g, self.s)?)]),
        }
        Ok(smallvec![Some(g.clone())])
    }
}

pub fn div_scalar(a: &Tensor, s: Scalar) -> Result<Tensor> {
    div_scalar_named(a, s, "DivBackward0")
}

/// `a / s` recorded as `name`: torch's internal scalar division is
/// DivBackward1, a Python `t / 2` is DivBackward0.
pub fn div_scalar_named(a: &Tensor, s: Scalar, name: &'static str) -> Result<Tensor> {
    let out = {
        let a = if a.dtype().is_floating() {
            a.clone()
        } else {
            to_float(a)
        };
        scalar_kernel!(&a, Scalar::Float(s.as_f64()), |x, y| x / y)
    };
    if needs_graph(&[a]) {
        record_optional(
            name,
            &[Some(a), None],
            &[&out],
            Box::new(DivScalarBackward { s }),
        );
    }
    Ok(out)
}

struct DivScalarBackward {
    s: Scalar,
}

impl Backward for DivScalarBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        Ok(smallvec![Some(div_scalar(grad0(grads), self.s)?)])
    }
}

/// `s / a`, which torch computes as `reciprocal(a) * s` (MulBackward0).
pub fn rdiv_scalar(a: &Tensor, s: Scalar) -> Result<Tensor> {
    mul_scalar(&super::unary::reciprocal(a)?, s)
}

pub fn neg(a: &Tensor) -> Result<Tensor> {
    if a.dtype() == DType::Bool {
        return Err(Error::runtime(
            "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to \
             invert a mask, use the `~` or `logical_not()` operator instead.",
        ));
    }
    let out = dispatch_num!(a.dtype(), T => kernels::unary(a, |x: T| -x));
    if needs_graph(&[a]) {
        record("NegBackward0", &[a], &[&out], Box::new(NegBackward));
    }
    Ok(out)
}

struct NegBackward;

impl Backward for NegBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        Ok(smallvec![Some(neg(grad0(grads))?)])
    }
}

// ---- powers ----

/// `a ** p` for a Python number `p` (PowBackward0).
pub fn pow_scalar(a: &Tensor, p: Scalar) -> Result<Tensor> {
    let dtype = result_type_scalar(a.dtype(), p);
    let out = if dtype.is_floating() {
        let a = a.cast(dtype);
        let e = p.as_f64();
        match p {
            _ if torch_special_power(e) => float_map!(&a, |x| pow_number(x, e)),
            Scalar::Int(i) if i32::try_from(i).is_ok() => float_map!(&a, |x| x.powi(i as i32)),
            _ => float_map!(&a, |x| x.powf(e as _)),
        }
    } else {
        let e = p.as_f64() as u32;
        if p.as_f64() < 0.0 {
            return Err(Error::runtime(
                "Integers to negative integer powers are not allowed.",
            ));
        }
        let a = a.cast(DType::I64);
        kernels::unary(&a, |x: i64| x.wrapping_pow(e))
    };
    if needs_graph(&[a]) {
        record(
            "PowBackward0",
            &[a],
            &[&out],
            Box::new(PowScalarBackward {
                a: Saved::input(a),
                p,
            }),
        );
    }
    Ok(out)
}

/// The exponents torch's CPU kernel computes with products, square roots
/// and reciprocals instead of `pow`.
fn torch_special_power(e: f64) -> bool {
    [2.0, 3.0, -2.0, 0.5, -0.5, -1.0].contains(&e)
}

/// `x ** e` as torch computes it: its special exponents exactly its way,
/// `powf` for the rest.
#[inline(always)]
fn pow_number<T: num_traits::Float>(x: T, e: f64) -> T {
    if e == 2.0 {
        x * x
    } else if e == 3.0 {
        x * x * x
    } else if e == -2.0 {
        T::one() / (x * x)
    } else if e == 0.5 {
        x.sqrt()
    } else if e == -0.5 {
        T::one() / x.sqrt()
    } else if e == -1.0 {
        T::one() / x
    } else {
        x.powf(cast(e))
    }
}

/// `v * p`, the scalar in `v`'s float type (as `mul_scalar` computes it).
#[inline(always)]
fn scaled<T: num_traits::Float>(v: T, p: f64) -> T {
    v * cast::<T>(p)
}

#[inline(always)]
fn cast<T: num_traits::Float>(v: f64) -> T {
    T::from(v).unwrap_or_else(T::nan)
}

struct PowScalarBackward {
    a: Saved,
    p: Scalar,
}

impl Backward for PowScalarBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        let a = self.a.get()?;
        let e = self.p.as_f64();
        let fused = match self.p {
            _ if e == 0.0 => None,
            // the common square without a per-element powi call (x^1 is x)
            _ if e == 2.0 => crate::fused_backward!(g, a, |g, x| g * scaled(x, 2.0)),
            // g * (e * x^(e-1)), the power computed as the forward computes it
            _ if torch_special_power(e - 1.0) => {
                crate::fused_backward!(g, a, |g, x| g * scaled(pow_number(x, e - 1.0), e))
            }
            Scalar::Int(i) => i32::try_from(i).ok().and_then(|i| {
                crate::fused_backward!(g, a, |g, x| g * scaled(x.powi(i - 1), i as f64))
            }),
            _ => crate::fused_backward!(g, a, |g, x| g * scaled(x.powf(cast(e - 1.0)), e)),
        };
        if let Some(ga) = fused {
            return Ok(smallvec![Some(ga)]);
        }
        let ga = if e == 0.0 {
            mul_scalar(g, Scalar::Float(0.0))?
        } else {
            let lowered = match self.p {
                Scalar::Float(f) => Scalar::Float(f - 1.0),
                other => Scalar::Int(other.as_f64() as i64 - 1),
            };
            // g * p * a^(p-1)
            mul(g, &mul_scalar(&pow_scalar(a, lowered)?, self.p)?)?
        };
        Ok(smallvec![Some(ga)])
    }

    fn release(&mut self) {
        self.a.release();
    }
}

/// An integer power as torch computes it: wrapping on overflow, and for a
/// negative exponent the integer part of `1 / x**-y` (0 unless x is 1 or -1).
fn int_pow(x: i64, y: i64) -> i64 {
    if y < 0 {
        return match x {
            1 => 1,
            -1 if y % 2 == 0 => 1,
            -1 => -1,
            _ => 0,
        };
    }
    let (mut base, mut e, mut acc) = (x, y as u64, 1i64);
    while e > 0 {
        if e & 1 == 1 {
            acc = acc.wrapping_mul(base);
        }
        base = base.wrapping_mul(base);
        e >>= 1;
    }
    acc
}

/// `a ** b` for two tensors (PowBackward1).
pub fn pow(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let dtype = tensor_result_type(a, b);
    let shape = broadcast_shapes(a.shape(), b.shape())?;
    let out = if dtype.is_floating() {
        let (ac, bc) = (a.cast(dtype), b.cast(dtype));
        crate::dispatch_float!(dtype, T => kernels::binary(&ac, &bc, &shape, |x: T, y: T| x.powf(y)), unreachable!())
    } else {
        let (ac, bc) = (a.cast(DType::I64), b.cast(DType::I64));
        kernels::binary(&ac, &bc, &shape, int_pow)
    };
    if needs_graph(&[a, b]) {
        record(
            "PowBackward1",
            &[a, b],
            &[&out],
            Box::new(PowBackward {
                a: Saved::input(a),
                b: Saved::input(b),
                out: Saved::output(&out, "PowBackward1"),
            }),
        );
    }
    Ok(out)
}

struct PowBackward {
    a: Saved,
    b: Saved,
    out: Saved,
}

impl Backward for PowBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        let (a, b) = (self.a.get()?, self.b.get()?);
        let zero = Tensor::zeros(&[], g.dtype());
        let ga = if needs[0] {
            // g * b * a^(b-1), taken as 0 where b == 0 (even at a == 0)
            let bm1 = sub_scalar(b, Scalar::Int(1))?;
            let b_nonzero =
                super::compare::compare_scalar(b, Scalar::Int(0), super::compare::Cmp::Ne)?;
            let da = super::compare::where_(&b_nonzero, &mul(b, &pow(a, &bm1)?)?, &zero)?;
            Some(mul(g, &da)?)
        } else {
            None
        };
        let gb = if needs[1] {
            // g * a^b * ln(a), taken as 0 where a == 0 and b >= 0 (torch's convention)
            let db = mul(&self.out.value()?, &super::unary::log(a)?)?;
            let defined = zero_base_mask(a, b)?;
            Some(mul(g, &super::compare::where_(&defined, &db, &zero)?)?)
        } else {
            None
        };
        Ok(smallvec![ga, gb])
    }

    fn release(&mut self) {
        self.a.release();
        self.b.release();
        self.out.release();
    }
}

/// True where the exponent's gradient is defined: not at `a == 0 && b >= 0`.
fn zero_base_mask(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let shape = broadcast_shapes(a.shape(), b.shape())?;
    let dtype = tensor_result_type(a, b);
    let (a, b) = (a.cast(dtype), b.cast(dtype));
    Ok(
        dispatch_num!(dtype, T => kernels::binary(&a, &b, &shape, |x: T, y: T| {
            !(x == T::zero() && y >= T::zero())
        })),
    )
}

/// `s ** a` for a Python number `s` (PowBackward2).
pub fn rpow_scalar(s: Scalar, a: &Tensor) -> Result<Tensor> {
    let dtype = result_type_scalar(a.dtype(), s);
    let a_f = if dtype.is_floating() {
        a.cast(dtype)
    } else {
        a.cast(DType::I64)
    };
    let base = s.as_f64();
    let out = if dtype.is_floating() {
        match a_f.dtype() {
            DType::F64 => kernels::unary(&a_f, |x: f64| base.powf(x)),
            _ => kernels::unary(&a_f, |x: f32| (base as f32).powf(x)),
        }
    } else {
        kernels::unary(&a_f, |x: i64| (base as i64).wrapping_pow(x.max(0) as u32))
    };
    if needs_graph(&[a]) {
        record(
            "PowBackward2",
            &[a],
            &[&out],
            Box::new(RpowBackward {
                out: Saved::output(&out, "PowBackward2"),
                base,
            }),
        );
    }
    Ok(out)
}

struct RpowBackward {
    out: Saved,
    base: f64,
}

impl Backward for RpowBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        let scaled = mul_scalar(&self.out.value()?, Scalar::Float(self.base.ln()))?;
        Ok(smallvec![Some(mul(g, &scaled)?)])
    }

    fn release(&mut self) {
        self.out.release();
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
    Floor,
    Trunc,
}

/// `a // b`, `torch.div(a, b, rounding_mode=...)`: no gradient (torch's
/// is zero almost everywhere); integer division by zero is an error.
pub fn div_rounded(a: &Tensor, b: &Tensor, mode: Rounding) -> Result<Tensor> {
    let shape = broadcast_shapes(a.shape(), b.shape())?;
    let dtype = match tensor_result_type(a, b) {
        DType::Bool => DType::I64,
        d => d,
    };
    let (a, b) = (a.cast(dtype), b.cast(dtype));
    if dtype == DType::I64 {
        if b.to_vec::<i64>().contains(&0) {
            return Err(Error::runtime("ZeroDivisionError"));
        }
        return Ok(kernels::binary(
            &a,
            &b,
            &shape,
            move |x: i64, y: i64| match mode {
                Rounding::Trunc => x / y,
                Rounding::Floor => x.div_euclid(y) - i64::from(y < 0 && x.rem_euclid(y) != 0),
            },
        ));
    }
    Ok(
        crate::dispatch_float!(dtype, T => kernels::binary(&a, &b, &shape, move |x: T, y: T| match mode {
        Rounding::Trunc => (x / y).trunc(),
        Rounding::Floor => (x / y).floor(),
    }), unreachable!()),
    )
}

/// `a % b` / `torch.remainder`: the sign follows the divisor (Python's rule).
pub fn remainder(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let shape = broadcast_shapes(a.shape(), b.shape())?;
    let dtype = match tensor_result_type(a, b) {
        DType::Bool => DType::I64,
        d => d,
    };
    let (ac, bc) = (a.cast(dtype), b.cast(dtype));
    let out = if dtype == DType::I64 {
        if bc.to_vec::<i64>().contains(&0) {
            return Err(Error::runtime("ZeroDivisionError"));
        }
        kernels::binary(&ac, &bc, &shape, |x: i64, y: i64| {
            let r = x % y;
            if r != 0 && ((r < 0) != (y < 0)) {
                r + y
            } else {
                r
            }
        })
    } else {
        crate::dispatch_float!(dtype, T => kernels::binary(&ac, &bc, &shape, |x: T, y: T| {
            let r = x % y;
            if r != 0.0 && ((r < 0.0) != (y < 0.0)) { r + y } else { r }
        }), unreachable!())
    };
    if dtype.is_floating() && needs_graph(&[a, b]) {
        record(
            "RemainderBackward0",
            &[a, b],
            &[&out],
            Box::new(RemainderBackward {
                a: Saved::input(a),
                b: Saved::input(b),
            }),
        );
    }
    Ok(out)
}

/// d/da = 1, d/db = -floor(a / b).
struct RemainderBackward {
    a: Saved,
    b: Saved,
}

impl Backward for RemainderBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        let gb = if needs[1] {
            let q = div_rounded(self.a.get()?, self.b.get()?, Rounding::Floor)?;
            Some(neg(&mul(g, &q)?)?)
        } else {
            None
        };
        Ok(smallvec![Some(g.clone()), gb])
    }

    fn release(&mut self) {
        self.a.release();
        self.b.release();
    }
}

/// `zero_()` / `fill_(v)` as values: the input's shape filled with `value`,
/// recorded as `name` (ZeroBackward0 / FillBackward2); the old values get
/// a zero gradient.
pub fn filled(a: &Tensor, value: f64, name: &'static str) -> Tensor {
    let out = Tensor::full(a.shape(), value, a.dtype());
    if needs_graph(&[a]) {
        record(name, &[a], &[&out], Box::new(super::ZeroGradBackward));
    }
    out
}

/// `copy_(src)` as a value: `src` broadcast and cast to `a`'s shape and
/// dtype (CopyBackwards: `a` gets zeros, `src` the gradient).
pub fn copied(a: &Tensor, src: &Tensor) -> Result<Tensor> {
    // torch reports the broadcast, then a broadcast shape that is not `a`'s
    let shape = crate::shape::broadcast_shapes(a.shape(), src.shape())?;
    if shape.as_slice() != a.shape() {
        return Err(Error::runtime(format!(
            "output with shape {} doesn't match the broadcast shape {}",
            crate::shape::list_str(a.shape()),
            crate::shape::list_str(&shape)
        )));
    }
    let out = {
        let _off = crate::autograd::grad_mode::GradModeGuard::new(false);
        super::view::broadcast_to(&src.cast(a.dtype()), a.shape())?.copy_data()
    };
    if needs_graph(&[a, src]) {
        record("CopyBackwards", &[a, src], &[&out], Box::new(CopyBackward));
    }
    Ok(out)
}

struct CopyBackward;

impl Backward for CopyBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        let ga = needs[0].then(|| Tensor::zeros(g.shape(), g.dtype()));
        Ok(smallvec![ga, needs[1].then(|| g.clone())])
    }
}
