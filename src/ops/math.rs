//! More elementwise math, forward beside backward: trigonometric and
//! hyperbolic functions and their inverses, logarithms and powers of other
//! bases, erfc/erfinv, logit, sinc, entr, nan_to_num, the shrink
//! activations, and the binary atan2, hypot, fmod, xlogy, fmax/fmin and
//! heaviside. Backwards are written in ops, so they differentiate again.
//!
//! Float32 results are evaluated in float64 and rounded once (correctly
//! rounded almost always), so they can sit an ulp from torch's vectorized
//! kernels, which are accurate to about one ulp themselves.

use super::arith::{add_scalar, div, div_rounded, mul, mul_scalar, neg, rsub_scalar, Rounding};
use super::compare::{compare_scalar, where_, Cmp};
use super::grad0;
use super::unary::{
    cos, exp, log, record_with_derivative, rsqrt, sin, unary_op, Curvature, NotImplementedBackward,
};
use crate::autograd::node::{Backward, Grads, Saved};
use crate::autograd::{needs_graph, record};
use crate::dtype::{result_type, DType, Scalar};
use crate::error::{Error, Result};
use crate::float_map;
use crate::kernels;
use crate::shape::broadcast_shapes;
use crate::tensor::Tensor;
use smallvec::smallvec;
use std::f64::consts::{LN_10, LN_2, PI};

/// `v` in the float type of `x` (inside `float_map!`, where that type varies).
#[inline(always)]
fn like<T: num_traits::Float>(_: T, v: f64) -> T {
    // out of f32's range: infinite, as an `as` cast rounds it
    T::from(v).unwrap_or_else(|| {
        if v > 0.0 {
            T::infinity()
        } else {
            T::neg_infinity()
        }
    })
}

fn sq(x: &Tensor) -> Result<Tensor> {
    mul(x, x)
}

unary_op!(
    tan, "TanBackward0", TanBackward, saves output,
    |x| (x as f64).tan() as _,
    |g, y| mul(g, &add_scalar(&sq(y)?, Scalar::Int(1))?)?
);

unary_op!(
    sinh, "SinhBackward0", SinhBackward, saves input,
    |x| (x as f64).sinh() as _,
    |g, x| mul(g, &cosh(x)?)?
);

unary_op!(
    cosh, "CoshBackward0", CoshBackward, saves input,
    |x| (x as f64).cosh() as _,
    |g, x| mul(g, &sinh(x)?)?
);

unary_op!(
    asin, "AsinBackward0", AsinBackward, saves input,
    |x| (x as f64).asin() as _,
    |g, x| mul(g, &rsqrt(&rsub_scalar(&sq(x)?, Scalar::Int(1))?)?)?
);

unary_op!(
    acos, "AcosBackward0", AcosBackward, saves input,
    |x| (x as f64).acos() as _,
    |g, x| mul(g, &neg(&rsqrt(&rsub_scalar(&sq(x)?, Scalar::Int(1))?)?)?)?
);

unary_op!(
    atan, "AtanBackward0", AtanBackward, saves input,
    |x| (x as f64).atan() as _,
    |g, x| div(g, &add_scalar(&sq(x)?, Scalar::Int(1))?)?
);

unary_op!(
    asinh, "AsinhBackward0", AsinhBackward, saves input,
    |x| (x as f64).asinh() as _,
    |g, x| mul(g, &rsqrt(&add_scalar(&sq(x)?, Scalar::Int(1))?)?)?
);

unary_op!(
    acosh, "AcoshBackward0", AcoshBackward, saves input,
    |x| (x as f64).acosh() as _,
    |g, x| mul(g, &rsqrt(&add_scalar(&sq(x)?, Scalar::Int(-1))?)?)?
);

unary_op!(
    atanh, "AtanhBackward0", AtanhBackward, saves input,
    |x| (x as f64).atanh() as _,
    |g, x| div(g, &rsub_scalar(&sq(x)?, Scalar::Int(1))?)?
);

unary_op!(
    log2, "Log2Backward0", Log2Backward, saves input,
    |x| (x as f64).log2() as _,
    |g, x| div(g, &mul_scalar(x, Scalar::Float(LN_2))?)?
);

unary_op!(
    log10, "Log10Backward0", Log10Backward, saves input,
    |x| (x as f64).log10() as _,
    |g, x| div(g, &mul_scalar(x, Scalar::Float(LN_10))?)?
);

unary_op!(
    exp2, "Exp2Backward0", Exp2Backward, saves output,
    |x| (x as f64).exp2() as _,
    |g, y| mul(g, &mul_scalar(y, Scalar::Float(LN_2))?)?
);

unary_op!(
    erfc, "ErfcBackward0", ErfcBackward, saves input,
    |x| libm::erfc(x as f64) as _,
    // −2/√π · exp(−x²)
    |g, x| mul(g, &mul_scalar(&exp(&neg(&sq(x)?)?)?, Scalar::Float(-std::f64::consts::FRAC_2_SQRT_PI))?)?
);

unary_op!(
    erfinv, "ErfinvBackward0", ErfinvBackward, saves output,
    |x| erfinv_f64(x as f64) as _,
    // √π/2 · exp(erfinv(x)²), from the saved result
    |g, y| mul(g, &mul_scalar(&exp(&sq(y)?)?, Scalar::Float(PI.sqrt() / 2.0))?)?
);

/// The inverse error function: an initial guess (M. Giles' single-precision
/// polynomials in w = −ln(1 − y²)) refined by Newton steps on erf, or on
/// erfc in the tails where 1 − |y| is exact and erf's residual would not be.
fn erfinv_f64(y: f64) -> f64 {
    if y.is_nan() || y.abs() > 1.0 {
        return f64::NAN;
    }
    if y.abs() == 1.0 {
        return y * f64::INFINITY;
    }
    let w = -((1.0 - y) * (1.0 + y)).ln();
    let p = if w < 5.0 {
        let w = w - 2.5;
        [
            3.432_739_39e-7,
            -3.523_387_7e-6,
            -4.391_506_54e-6,
            2.185_808_7e-4,
            -1.253_725_03e-3,
            -4.177_681_64e-3,
            2.466_407_27e-1,
            1.501_409_41,
        ]
        .iter()
        .fold(2.810_226_36e-8, |p, c| c + p * w)
    } else {
        let w = w.sqrt() - 3.0;
        [
            1.009_505_58e-4,
            1.349_343_22e-3,
            -3.673_428_44e-3,
            5.739_507_73e-3,
            -7.622_461_3e-3,
            9.438_870_47e-3,
            1.001_674_06,
            2.832_976_82,
        ]
        .iter()
        .fold(-2.002_142_57e-4, |p, c| c + p * w)
    };
    let (a, mut x) = (y.abs(), p * y.abs());
    for _ in 0..3 {
        let slope = std::f64::consts::FRAC_2_SQRT_PI * (-x * x).exp();
        if !x.is_finite() || slope == 0.0 {
            break;
        }
        let residual = if a > 0.5 {
            (1.0 - a) - libm::erfc(x)
        } else {
            libm::erf(x) - a
        };
        x -= residual / slope;
    }
    x.copysign(y)
}

/// `logit(x) = ln(x / (1 − x))`, with x first clamped to [eps, 1 − eps]
/// when `eps` is given (LogitBackward0). Computed in the tensor's own
/// precision, as torch does.
pub fn logit(a: &Tensor, eps: Option<f64>) -> Result<Tensor> {
    let out = match eps {
        None => float_map!(a, |x| (x / (1.0 - x)).ln()),
        Some(e) => float_map!(a, |x| {
            let (lo, hi) = (like(x, e), 1.0 - like(x, e));
            // NaN stays NaN (no clamp of it)
            let c = if x < lo {
                lo
            } else if x > hi {
                hi
            } else {
                x
            };
            (c / (1.0 - c)).ln()
        }),
    };
    if needs_graph(&[a]) {
        record(
            "LogitBackward0",
            &[a],
            &[&out],
            Box::new(LogitBackward {
                input: Saved::input(a),
                eps,
            }),
        );
    }
    Ok(out)
}

struct LogitBackward {
    input: Saved,
    eps: Option<f64>,
}

impl Backward for LogitBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let (g, x) = (grad0(grads), self.input.get()?);
        // g / (x (1 − x)) inside the range; outside it NaN (no eps: the
        // function is undefined there) or 0 (eps: clamped flat)
        let inside = div(g, &mul(x, &rsub_scalar(x, Scalar::Int(1))?)?)?;
        let (lo, hi, fill) = match self.eps {
            None => (0.0, 1.0, f64::NAN),
            Some(e) => (e, 1.0 - e, 0.0),
        };
        let outside = super::compare::logical(
            &compare_scalar(x, Scalar::Float(lo), Cmp::Lt)?,
            &compare_scalar(x, Scalar::Float(hi), Cmp::Gt)?,
            super::compare::Logic::Or,
        )?;
        let fill = Tensor::full(&[], fill, inside.dtype());
        Ok(smallvec![Some(where_(&outside, &fill, &inside)?)])
    }

    fn release(&mut self) {
        self.input.release();
    }
}

/// `x · c` in the tensor's own precision (c rounded to it first), with
/// the constant gradient `g · c`: deg2rad and rad2deg.
fn scaled_by(a: &Tensor, c: f64, name: &'static str) -> Result<Tensor> {
    let out = float_map!(a, |x| x * like(x, c));
    if needs_graph(&[a]) {
        record(name, &[a], &[&out], Box::new(ScaledBackward { c }));
    }
    Ok(out)
}

struct ScaledBackward {
    c: f64,
}

impl Backward for ScaledBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        Ok(smallvec![Some(mul_scalar(
            grad0(grads),
            Scalar::Float(self.c)
        )?)])
    }
}

/// Degrees to radians (Deg2RadBackward0).
pub fn deg2rad(a: &Tensor) -> Result<Tensor> {
    scaled_by(a, PI / 180.0, "Deg2RadBackward0")
}

/// Radians to degrees (Rad2DegBackward0).
pub fn rad2deg(a: &Tensor) -> Result<Tensor> {
    scaled_by(a, 180.0 / PI, "Rad2DegBackward0")
}

/// `sin(πx) / (πx)`, 1 at 0 (SincBackward0), in the tensor's own precision.
pub fn sinc(a: &Tensor) -> Result<Tensor> {
    let out = float_map!(a, |x| if x == 0.0 {
        1.0
    } else {
        let px = x * like(x, PI);
        px.sin() / px
    });
    if needs_graph(&[a]) {
        record(
            "SincBackward0",
            &[a],
            &[&out],
            Box::new(SincBackward {
                input: Saved::input(a),
            }),
        );
    }
    Ok(out)
}

struct SincBackward {
    input: Saved,
}

impl Backward for SincBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let (g, x) = (grad0(grads), self.input.get()?);
        // g·(πx·cos(πx) − sin(πx)) / (x·x·π), 0 where that denominator is
        // (also where x² underflows), grouped as torch's sinc_backward
        let px = mul_scalar(x, Scalar::Float(PI))?;
        let x2pi = mul_scalar(&mul(x, x)?, Scalar::Float(PI))?;
        let num = super::arith::sub(&mul(&px, &cos(&px)?)?, &sin(&px)?, 1.0)?;
        let out = div(&mul(g, &num)?, &x2pi)?;
        let zero = compare_scalar(&x2pi, Scalar::Float(0.0), Cmp::Eq)?;
        Ok(smallvec![Some(where_(
            &zero,
            &Tensor::zeros(&[], out.dtype()),
            &out
        )?)])
    }

    fn release(&mut self) {
        self.input.release();
    }
}

/// `−x·ln(x)`: 0 at 0, −inf below (SpecialEntrBackward0).
pub fn entr(a: &Tensor) -> Result<Tensor> {
    let out = float_map!(a, |x| if x.is_nan() {
        x
    } else if x > 0.0 {
        -x * x.ln()
    } else if x == 0.0 {
        0.0
    } else {
        -1.0 / 0.0
    });
    if needs_graph(&[a]) {
        record(
            "SpecialEntrBackward0",
            &[a],
            &[&out],
            Box::new(EntrBackward {
                input: Saved::input(a),
            }),
        );
    }
    Ok(out)
}

struct EntrBackward {
    input: Saved,
}

impl Backward for EntrBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        // −(1 + ln x)
        let x = self.input.get()?;
        let d = neg(&add_scalar(&log(x)?, Scalar::Int(1))?)?;
        Ok(smallvec![Some(mul(grad0(grads), &d)?)])
    }

    fn release(&mut self) {
        self.input.release();
    }
}

/// NaN, +inf and −inf replaced by the given values (already resolved to
/// the dtype's defaults by the caller); integers and bools are copied.
/// The gradient passes only where the input was finite (NanToNumBackward0).
pub fn nan_to_num(a: &Tensor, nan: f64, posinf: f64, neginf: f64) -> Result<Tensor> {
    if !a.dtype().is_floating() {
        return Ok(a.copy_data());
    }
    let out = float_map!(a, |x| if x.is_nan() {
        like(x, nan)
    } else if x == 1.0 / 0.0 {
        like(x, posinf)
    } else if x == -1.0 / 0.0 {
        like(x, neginf)
    } else {
        x
    });
    if needs_graph(&[a]) {
        record(
            "NanToNumBackward0",
            &[a],
            &[&out],
            Box::new(NanToNumBackward {
                input: Saved::input(a),
            }),
        );
    }
    Ok(out)
}

struct NanToNumBackward {
    input: Saved,
}

impl Backward for NanToNumBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let finite = float_map!(self.input.get()?, |x| if x.is_finite() { 1.0 } else { 0.0 });
        Ok(smallvec![Some(mul(grad0(grads), &finite)?)])
    }

    fn release(&mut self) {
        self.input.release();
    }
}

/// `x` where `|x| > lambd`, else 0; NaN passes (HardshrinkBackward0).
pub fn hardshrink(a: &Tensor, lambd: f64) -> Result<Tensor> {
    let out = float_map!(a, |x| if x >= -like(x, lambd) && x <= like(x, lambd) {
        0.0
    } else {
        x
    });
    record_with_derivative(
        a,
        out,
        "HardshrinkBackward0",
        |p, x| if x >= -p[0] && x <= p[0] { 0.0 } else { 1.0 },
        Curvature::Flat("HardshrinkBackwardBackward0"),
        vec![lambd],
    )
}

/// `x ∓ lambd` where `|x| > lambd`, else 0 (SoftshrinkBackward0), in the
/// tensor's own precision.
pub fn softshrink(a: &Tensor, lambd: f64) -> Result<Tensor> {
    let out = float_map!(a, |x| if x > like(x, lambd) {
        x - like(x, lambd)
    } else if x < -like(x, lambd) {
        x + like(x, lambd)
    } else if x.is_nan() {
        x
    } else {
        0.0
    });
    record_with_derivative(
        a,
        out,
        "SoftshrinkBackward0",
        |p, x| if x >= -p[0] && x <= p[0] { 0.0 } else { 1.0 },
        Curvature::Flat("SoftshrinkBackwardBackward0"),
        vec![lambd],
    )
}

// ---- binary ----

fn common_type(a: &Tensor, b: &Tensor) -> DType {
    result_type(a.dtype(), a.ndim() == 0, b.dtype(), b.ndim() == 0)
}

/// The promoted float dtype of two operands (integers and bools: float32).
pub(crate) fn float_type(a: &Tensor, b: &Tensor) -> DType {
    match common_type(a, b) {
        d if d.is_floating() => d,
        _ => crate::dtype::default_float(),
    }
}

/// `f(a, b)` elementwise in float `dtype`, broadcast.
fn float_binary(
    a: &Tensor,
    b: &Tensor,
    dtype: DType,
    f: impl Fn(f64, f64) -> f64 + Sync,
) -> Result<Tensor> {
    let shape = broadcast_shapes(a.shape(), b.shape())?;
    let (a, b) = (a.cast(dtype), b.cast(dtype));
    Ok(match dtype {
        DType::F64 => kernels::binary(&a, &b, &shape, |x: f64, y: f64| f(x, y)),
        _ => kernels::binary(&a, &b, &shape, |x: f32, y: f32| {
            f(x as f64, y as f64) as f32
        }),
    })
}

/// `atan2(a, b)`, the angle of (b, a) (Atan2Backward0).
pub fn atan2(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let out = float_binary(a, b, float_type(a, b), f64::atan2)?;
    if needs_graph(&[a, b]) {
        record(
            "Atan2Backward0",
            &[a, b],
            &[&out],
            Box::new(Atan2Backward {
                a: Saved::input(a),
                b: Saved::input(b),
            }),
        );
    }
    Ok(out)
}

struct Atan2Backward {
    a: Saved,
    b: Saved,
}

impl Backward for Atan2Backward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let (g, a, b) = (grad0(grads), self.a.get()?, self.b.get()?);
        // ∂/∂a = b / (a² + b²), ∂/∂b = −a / (a² + b²)
        // (0 at the origin, where torch takes both as 0)
        let norm2 = super::arith::add(&sq(a)?, &sq(b)?, 1.0)?;
        let origin = compare_scalar(&norm2, Scalar::Int(0), Cmp::Eq)?;
        let at_origin =
            |t: Tensor| -> Result<Tensor> { where_(&origin, &Tensor::zeros(&[], t.dtype()), &t) };
        let ga = needs[0]
            .then(|| at_origin(div(&mul(g, b)?, &norm2)?))
            .transpose()?;
        let gb = needs[1]
            .then(|| at_origin(div(&neg(&mul(g, a)?)?, &norm2)?))
            .transpose()?;
        Ok(smallvec![ga, gb])
    }

    fn release(&mut self) {
        self.a.release();
        self.b.release();
    }
}

/// `√(a² + b²)` without overflow (HypotBackward0); floats only.
pub fn hypot(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let dtype = common_type(a, b);
    if !dtype.is_floating() {
        return crate::compute::unsupported("hypot_cpu", dtype);
    }
    let out = float_binary(a, b, dtype, f64::hypot)?;
    if needs_graph(&[a, b]) {
        record(
            "HypotBackward0",
            &[a, b],
            &[&out],
            Box::new(HypotBackward {
                a: Saved::input(a),
                b: Saved::input(b),
                out: Saved::output(&out, "HypotBackward0"),
            }),
        );
    }
    Ok(out)
}

struct HypotBackward {
    a: Saved,
    b: Saved,
    out: Saved,
}

impl Backward for HypotBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        let y = self.out.value()?;
        let ga = needs[0]
            .then(|| div(&mul(g, self.a.get()?)?, &y))
            .transpose()?;
        let gb = needs[1]
            .then(|| div(&mul(g, self.b.get()?)?, &y))
            .transpose()?;
        Ok(smallvec![ga, gb])
    }

    fn release(&mut self) {
        self.a.release();
        self.b.release();
        self.out.release();
    }
}

/// C's `fmod` values: the remainder takes the dividend's sign.
fn fmod_values(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let shape = broadcast_shapes(a.shape(), b.shape())?;
    let dtype = common_type(a, b);
    let (ac, bc) = (a.cast(dtype), b.cast(dtype));
    match dtype {
        DType::I64 => {
            if bc.to_vec::<i64>().contains(&0) {
                return Err(Error::runtime("ZeroDivisionError"));
            }
            Ok(kernels::binary(&ac, &bc, &shape, |x: i64, y: i64| {
                x.wrapping_rem(y)
            }))
        }
        DType::F32 => Ok(kernels::binary(&ac, &bc, &shape, |x: f32, y: f32| x % y)),
        DType::F64 => Ok(kernels::binary(&ac, &bc, &shape, |x: f64, y: f64| x % y)),
        d => crate::compute::unsupported("fmod_cpu", d),
    }
}

/// `fmod(a, b)` of two tensors (FmodBackward1).
pub fn fmod(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let out = fmod_values(a, b)?;
    if out.dtype().is_floating() && needs_graph(&[a, b]) {
        record(
            "FmodBackward1",
            &[a, b],
            &[&out],
            Box::new(FmodBackward {
                a: Saved::input(a),
                b: Saved::input(b),
            }),
        );
    }
    Ok(out)
}

/// ∂/∂a = 1, ∂/∂b = −trunc(a / b).
struct FmodBackward {
    a: Saved,
    b: Saved,
}

impl Backward for FmodBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        let gb = if needs[1] {
            let q = div_rounded(self.a.get()?, self.b.get()?, Rounding::Trunc)?;
            Some(neg(&mul(g, &q)?)?)
        } else {
            None
        };
        Ok(smallvec![needs[0].then(|| g.clone()), gb])
    }

    fn release(&mut self) {
        self.a.release();
        self.b.release();
    }
}

/// `fmod(a, s)` for a Python number (FmodBackward0): the gradient passes.
pub fn fmod_scalar(a: &Tensor, s: Scalar) -> Result<Tensor> {
    let out = fmod_values(a, &number(s, a.dtype()))?;
    if out.dtype().is_floating() && needs_graph(&[a]) {
        record("FmodBackward0", &[a], &[&out], Box::new(super::PassThrough));
    }
    Ok(out)
}

/// A Python number as a 0-d tensor of its kind's default dtype (so it
/// promotes with a tensor as the number does); a float beside a float64
/// `partner` stays float64, so it is not rounded to float32 first.
pub(crate) fn number(s: Scalar, partner: DType) -> Tensor {
    let dtype = match s {
        Scalar::Float(_) if partner == DType::F64 => DType::F64,
        _ => s.default_dtype(),
    };
    Tensor::full(&[], s.as_f64(), dtype)
}

/// `x · ln(y)`, 0 where x is 0 unless y is NaN; in the operands' float
/// precision as torch computes it.
fn xlogy_values(x: &Tensor, y: &Tensor) -> Result<Tensor> {
    let shape = broadcast_shapes(x.shape(), y.shape())?;
    let dtype = float_type(x, y);
    let (xc, yc) = (x.cast(dtype), y.cast(dtype));
    Ok(
        crate::dispatch_float!(dtype, T => kernels::binary(&xc, &yc, &shape, |x: T, y: T| {
        if y.is_nan() {
            y
        } else if x == 0.0 {
            0.0
        } else {
            x * y.ln()
        }
    }), unreachable!("float_type is floating")),
    )
}

/// Which operands of `xlogy` are tensors (the other a Python number).
#[derive(Clone, Copy, PartialEq)]
enum XlogyForm {
    Both,
    NumberY,
    NumberX,
}

/// `xlogy(x, y)` of two tensors (XlogyBackward0).
pub fn xlogy(x: &Tensor, y: &Tensor) -> Result<Tensor> {
    xlogy_form(x, y, XlogyForm::Both)
}

/// `xlogy(x, s)` (XlogyBackward2).
pub fn xlogy_scalar_other(x: &Tensor, s: Scalar) -> Result<Tensor> {
    xlogy_form(x, &number(s, x.dtype()), XlogyForm::NumberY)
}

/// `xlogy(s, y)` (XlogyBackward1).
pub fn xlogy_scalar_self(s: Scalar, y: &Tensor) -> Result<Tensor> {
    xlogy_form(&number(s, y.dtype()), y, XlogyForm::NumberX)
}

fn xlogy_form(x: &Tensor, y: &Tensor, form: XlogyForm) -> Result<Tensor> {
    let out = xlogy_values(x, y)?;
    let backward = XlogyBackward {
        x: Saved::input(x),
        y: Saved::input(y),
        form,
    };
    match form {
        XlogyForm::Both if needs_graph(&[x, y]) => {
            record("XlogyBackward0", &[x, y], &[&out], Box::new(backward));
        }
        XlogyForm::NumberY if needs_graph(&[x]) => {
            record("XlogyBackward2", &[x], &[&out], Box::new(backward));
        }
        XlogyForm::NumberX if needs_graph(&[y]) => {
            record("XlogyBackward1", &[y], &[&out], Box::new(backward));
        }
        _ => {}
    }
    Ok(out)
}

struct XlogyBackward {
    x: Saved,
    y: Saved,
    form: XlogyForm,
}

impl Backward for XlogyBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let (g, x, y) = (grad0(grads), self.x.get()?, self.y.get()?);
        let wants_x = match self.form {
            XlogyForm::Both => needs[0],
            XlogyForm::NumberY => true,
            XlogyForm::NumberX => false,
        };
        let wants_y = match self.form {
            XlogyForm::Both => needs[1],
            XlogyForm::NumberY => false,
            XlogyForm::NumberX => true,
        };
        // ∂/∂x = ln y, taken as 0 where x == 0 and y <= 0
        let gx = if wants_x {
            let undefined = super::compare::logical(
                &compare_scalar(x, Scalar::Int(0), Cmp::Eq)?,
                &compare_scalar(y, Scalar::Int(0), Cmp::Le)?,
                super::compare::Logic::And,
            )?;
            let d = xlogy(g, y)?;
            Some(where_(&undefined, &Tensor::zeros(&[], d.dtype()), &d)?)
        } else {
            None
        };
        // ∂/∂y = x / y
        let gy = wants_y.then(|| div(&mul(g, x)?, y)).transpose()?;
        Ok(match self.form {
            XlogyForm::Both => smallvec![gx, gy],
            XlogyForm::NumberY => smallvec![gx],
            XlogyForm::NumberX => smallvec![gy],
        })
    }

    fn release(&mut self) {
        self.x.release();
        self.y.release();
    }
}

/// Elementwise max (or min) that ignores NaN: a NaN loses to a number
/// (FmaxBackward0 / FminBackward0).
pub fn fmax(a: &Tensor, b: &Tensor, max: bool) -> Result<Tensor> {
    let out = super::compare::pairwise_extreme(a, b, max, false)?;
    if out.dtype().is_floating() && needs_graph(&[a, b]) {
        let name = if max {
            "FmaxBackward0"
        } else {
            "FminBackward0"
        };
        record(
            name,
            &[a, b],
            &[&out],
            Box::new(FmaxBackward {
                a: Saved::input(a),
                b: Saved::input(b),
                max,
            }),
        );
    }
    Ok(out)
}

/// The gradient goes to `a` where a wins (ties included) or b is NaN, else to `b`.
struct FmaxBackward {
    a: Saved,
    b: Saved,
    max: bool,
}

impl Backward for FmaxBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        let (a, b) = (self.a.get()?, self.b.get()?);
        let max = self.max;
        let shape = broadcast_shapes(a.shape(), b.shape())?;
        let dtype = g.dtype();
        let (ac, bc) = (a.cast(dtype), b.cast(dtype));
        let to_a = |first: bool| -> Result<Tensor> {
            crate::dispatch_float!(dtype, T => Ok(kernels::binary(&ac, &bc, &shape, move |x: T, y: T| {
                let a_wins = (if max { x >= y } else { x <= y }) || y.is_nan();
                if a_wins == first { 1.0 as T } else { 0.0 }
            })), Err(Error::runtime("fmax backward needs floating point")))
        };
        let ga = needs[0].then(|| mul(g, &to_a(true)?)).transpose()?;
        let gb = needs[1].then(|| mul(g, &to_a(false)?)).transpose()?;
        Ok(smallvec![ga, gb])
    }

    fn release(&mut self) {
        self.a.release();
        self.b.release();
    }
}

/// The step function: 0 below 0, `values` at 0, 1 above (NaN gives 0).
/// torch has no derivative for it: the recorded node raises.
pub fn heaviside(a: &Tensor, values: &Tensor) -> Result<Tensor> {
    if a.dtype() != values.dtype() {
        return Err(Error::runtime(
            "heaviside is not yet implemented for tensors with different dtypes.",
        ));
    }
    let shape = broadcast_shapes(a.shape(), values.shape())?;
    let out = match a.dtype() {
        DType::Bool => kernels::binary(a, values, &shape, |x: bool, v: bool| x || v),
        DType::I64 => kernels::binary(
            a,
            values,
            &shape,
            |x: i64, v: i64| {
                if x == 0 {
                    v
                } else {
                    i64::from(x > 0)
                }
            },
        ),
        d => crate::dispatch_float!(d, T => kernels::binary(a, values, &shape, |x: T, v: T| {
            if x == 0.0 { v } else if x > 0.0 { 1.0 } else { 0.0 }
        }), return crate::compute::unsupported("heaviside_cpu", d)),
    };
    if needs_graph(&[a, values]) {
        let backward = NotImplementedBackward {
            function: "aten::heaviside",
        };
        record("NotImplemented", &[a, values], &[&out], Box::new(backward));
    }
    Ok(out)
}

/// The in-place forms of asinh, acosh and atanh: torch records them as
/// `<Op>Backward1`, a node whose backward raises (it has no derivative for
/// the in-place versions).
fn without_inplace_derivative(
    a: &Tensor,
    op: fn(&Tensor) -> Result<Tensor>,
    node: &'static str,
    function: &'static str,
) -> Result<Tensor> {
    let out = {
        let _off = crate::autograd::grad_mode::GradModeGuard::new(false);
        op(a)?
    };
    if needs_graph(&[a]) {
        record(
            node,
            &[a],
            &[&out],
            Box::new(NoInplaceDerivative { function }),
        );
    }
    Ok(out)
}

struct NoInplaceDerivative {
    function: &'static str,
}

impl Backward for NoInplaceDerivative {
    fn apply(&mut self, _: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        Err(Error::NotImplemented(format!(
            "the derivative for 'inplace version of {}' is not implemented.",
            self.function
        )))
    }
}

fn asinh_inplace(a: &Tensor) -> Result<Tensor> {
    without_inplace_derivative(a, asinh, "AsinhBackward1", "asinh")
}

fn acosh_inplace(a: &Tensor) -> Result<Tensor> {
    without_inplace_derivative(a, acosh, "AcoshBackward1", "acosh")
}

fn atanh_inplace(a: &Tensor) -> Result<Tensor> {
    without_inplace_derivative(a, atanh, "AtanhBackward1", "atanh")
}

/// Float unary ops by torch's name, for the bindings (`asinh_` and the
/// like: the value an in-place form writes, with its node).
pub fn unary_by_name(name: &str) -> Option<fn(&Tensor) -> Result<Tensor>> {
    Some(match name {
        "tan" => tan,
        "sinh" => sinh,
        "cosh" => cosh,
        "asin" => asin,
        "acos" => acos,
        "atan" => atan,
        "asinh" => asinh,
        "acosh" => acosh,
        "atanh" => atanh,
        "log2" => log2,
        "log10" => log10,
        "exp2" => exp2,
        "erf" => super::unary::erf,
        "erfc" => erfc,
        "erfinv" => erfinv,
        "deg2rad" => deg2rad,
        "rad2deg" => rad2deg,
        "sinc" => sinc,
        "entr" => entr,
        "lgamma" => super::special::lgamma,
        "digamma" => super::special::digamma,
        "i0" => super::bessel::i0,
        "i0e" => super::bessel::i0e,
        "i1" => super::bessel::i1,
        "i1e" => super::bessel::i1e,
        "asinh_" => asinh_inplace,
        "acosh_" => acosh_inplace,
        "atanh_" => atanh_inplace,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::erfinv_f64;

    #[test]
    fn erfinv_inverts_erf() {
        for i in -999..1000 {
            let y = f64::from(i) / 1000.0;
            let x = erfinv_f64(y);
            assert!((libm::erf(x) - y).abs() <= 2.0 * f64::EPSILON, "{y}: {x}");
        }
        assert_eq!(erfinv_f64(1.0), f64::INFINITY);
        assert_eq!(erfinv_f64(-1.0), f64::NEG_INFINITY);
        assert!(erfinv_f64(1.5).is_nan());
    }
}
