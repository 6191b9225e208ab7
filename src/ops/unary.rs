//! Elementwise math functions, forward beside backward.

use super::arith::{mul, mul_scalar, neg, rsub_scalar};
use super::grad0;
use crate::autograd::node::{Backward, Grads, Saved};
use crate::autograd::{needs_graph, record};
use crate::dtype::{DType, Scalar};
use crate::error::Result;
use crate::float_map;
use crate::kernels;
use crate::tensor::Tensor;
use smallvec::smallvec;

/// Declares a float unary op whose backward multiplies the incoming
/// gradient by `$deriv`, built from the saved input `x` or output `y`.
macro_rules! unary_op {
    ($(#[$doc:meta])* $fn_name:ident, $node:literal, $bw:ident, saves $which:ident,
     |$v:ident| $fwd:expr, |$g:ident, $s:ident| $deriv:expr) => {
        $(#[$doc])*
        pub fn $fn_name(a: &Tensor) -> Result<Tensor> {
            let out = float_map!(a, |$v| $fwd);
            if needs_graph(&[a]) {
                let saved = unary_op!(@save $which, a, &out, $node);
                record($node, &[a], &[&out], Box::new($bw { saved }));
            }
            Ok(out)
        }

        struct $bw {
            saved: Saved,
        }

        impl Backward for $bw {
            fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
                let $g = grad0(grads);
                let saved = self.saved.value()?;
                let $s = &saved;
                Ok(smallvec![Some($deriv)])
            }

            fn release(&mut self) {
                self.saved.release();
            }
        }
    };
    (@save input, $a:expr, $out:expr, $node:literal) => { Saved::input($a) };
    (@save output, $a:expr, $out:expr, $node:literal) => { Saved::output($out, $node) };
}

unary_op!(exp, "ExpBackward0", ExpBackward, saves output, |x| x.exp(), |g, y| mul(g, y)?);

unary_op!(log, "LogBackward0", LogBackward, saves input, |x| x.ln(), |g, x| super::arith::div(g, x)?);

unary_op!(
    sigmoid, "SigmoidBackward0", SigmoidBackward, saves output,
    |x| 1.0 / (1.0 + (-x).exp()),
    |g, y| mul(g, &mul(y, &rsub_scalar(y, Scalar::Int(1))?)?)?
);

unary_op!(
    tanh, "TanhBackward0", TanhBackward, saves output,
    |x| x.tanh(),
    |g, y| mul(g, &rsub_scalar(&mul(y, y)?, Scalar::Int(1))?)?
);

unary_op!(
    sqrt, "SqrtBackward0", SqrtBackward, saves output,
    |x| x.sqrt(),
    |g, y| super::arith::div(g, &mul_scalar(y, Scalar::Int(2))?)?
);

unary_op!(
    /// `1 / a`.
    reciprocal, "ReciprocalBackward0", ReciprocalBackward, saves output,
    |x| 1.0 / x,
    |g, y| neg(&mul(g, &mul(y, y)?)?)?
);

pub fn relu(a: &Tensor) -> Result<Tensor> {
    let out = match a.dtype() {
        // NaN passes through, as torch's clamp_min does
        DType::F32 => kernels::unary(a, |x: f32| if x <= 0.0 { 0.0 } else { x }),
        DType::F64 => kernels::unary(a, |x: f64| if x <= 0.0 { 0.0 } else { x }),
        DType::I64 => kernels::unary(a, |x: i64| x.max(0)),
        DType::Bool => a.copy_data(),
        d => return crate::compute::unsupported("relu", d),
    };
    if needs_graph(&[a]) {
        record(
            "ReluBackward0",
            &[a],
            &[&out],
            Box::new(MaskBackward {
                mask: Saved::output(&out, "ReluBackward0"),
                sign: false,
            }),
        );
    }
    Ok(out)
}

pub fn abs(a: &Tensor) -> Result<Tensor> {
    let out = match a.dtype() {
        DType::F32 => kernels::unary(a, |x: f32| x.abs()),
        DType::F64 => kernels::unary(a, |x: f64| x.abs()),
        DType::I64 => kernels::unary(a, |x: i64| x.wrapping_abs()),
        DType::Bool => a.copy_data(),
        d => return crate::compute::unsupported("abs", d),
    };
    if needs_graph(&[a]) {
        record(
            "AbsBackward0",
            &[a],
            &[&out],
            Box::new(MaskBackward {
                mask: Saved::input(a),
                sign: true,
            }),
        );
    }
    Ok(out)
}

/// relu: gradient where the output is positive; abs: times sign(input)
/// (0 at 0 in both, torch's subgradient).
struct MaskBackward {
    mask: Saved,
    sign: bool,
}

impl Backward for MaskBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        let m = self.mask.get()?;
        let factor = if self.sign {
            float_map!(m, |x| if x > 0.0 {
                1.0
            } else if x < 0.0 {
                -1.0
            } else {
                0.0
            })
        } else {
            float_map!(m, |x| if x <= 0.0 { 0.0 } else { 1.0 })
        };
        Ok(smallvec![Some(mul(g, &factor)?)])
    }

    fn release(&mut self) {
        self.mask.release();
    }
}

unary_op!(
    rsqrt, "RsqrtBackward0", RsqrtBackward, saves output,
    |x| 1.0 / x.sqrt(),
    |g, y| mul(g, &mul_scalar(&mul(y, &mul(y, y)?)?, Scalar::Float(-0.5))?)?
);

unary_op!(
    log1p, "Log1PBackward0", Log1pBackward, saves input,
    |x| x.ln_1p(),
    |g, x| super::arith::div(g, &super::arith::add_scalar(x, Scalar::Int(1))?)?
);

unary_op!(
    expm1, "Expm1Backward0", Expm1Backward, saves output,
    |x| x.exp_m1(),
    |g, y| mul(g, &super::arith::add_scalar(y, Scalar::Int(1))?)?
);

unary_op!(sin, "SinBackward0", SinBackward, saves input, |x| x.sin(), |g, x| mul(g, &cos(x)?)?);

unary_op!(
    cos, "CosBackward0", CosBackward, saves input,
    |x| x.cos(),
    |g, x| neg(&mul(g, &sin(x)?)?)?
);

unary_op!(
    /// `x * sigmoid(x)`.
    silu, "SiluBackward0", SiluBackward, saves input,
    |x| x / (1.0 + (-x).exp()),
    |g, x| {
        // σ(x)·(1 + x·(1 − σ(x)))
        let s = sigmoid(x)?;
        let inner = super::arith::add_scalar(&mul(x, &rsub_scalar(&s, Scalar::Int(1))?)?, Scalar::Int(1))?;
        mul(g, &mul(&s, &inner)?)?
    }
);

/// `x.square()`: torch records it as `pow(x, 2)`.
pub fn square(a: &Tensor) -> Result<Tensor> {
    super::arith::pow_scalar(a, Scalar::Int(2))
}

/// A pointwise function whose backward multiplies the gradient by a
/// derivative computed from the saved input by `deriv` (no second order).
fn pointwise_with_derivative(
    a: &Tensor,
    name: &'static str,
    forward: impl Fn(f64) -> f64 + Sync,
    deriv: fn(&[f64], f64) -> f64,
    params: Vec<f64>,
) -> Result<Tensor> {
    let out = map_f64(a, forward);
    if needs_graph(&[a]) {
        record(
            name,
            &[a],
            &[&out],
            Box::new(DerivativeBackward {
                input: Saved::input(a),
                deriv,
                params,
            }),
        );
    }
    Ok(out)
}

struct DerivativeBackward {
    input: Saved,
    deriv: fn(&[f64], f64) -> f64,
    params: Vec<f64>,
}

impl Backward for DerivativeBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let x = self.input.get()?;
        let (d, p) = (self.deriv, self.params.clone());
        let factor = map_f64(x, |v| d(&p, v));
        Ok(smallvec![Some(mul(grad0(grads), &factor)?)])
    }

    fn release(&mut self) {
        self.input.release();
    }
}

pub fn leaky_relu(a: &Tensor, slope: f64) -> Result<Tensor> {
    pointwise_with_derivative(
        a,
        "LeakyReluBackward0",
        move |x| if x > 0.0 { x } else { x * slope },
        |p, x| if x > 0.0 { 1.0 } else { p[0] },
        vec![slope],
    )
}

pub fn softplus(a: &Tensor, beta: f64, threshold: f64) -> Result<Tensor> {
    pointwise_with_derivative(
        a,
        "SoftplusBackward0",
        move |x| {
            if x * beta > threshold {
                x
            } else {
                (x * beta).exp().ln_1p() / beta
            }
        },
        |p, x| {
            if x * p[0] > p[1] {
                1.0
            } else {
                1.0 / (1.0 + (-x * p[0]).exp())
            }
        },
        vec![beta, threshold],
    )
}

/// `log(sigmoid(x))`, computed as `-softplus(-x)` (LogSigmoidBackward0).
pub fn log_sigmoid(a: &Tensor) -> Result<Tensor> {
    pointwise_with_derivative(
        a,
        "LogSigmoidBackward0",
        |x| x.min(0.0) - (-x.abs()).exp().ln_1p(),
        |_, x| 1.0 / (1.0 + x.exp()),
        vec![],
    )
}

const SQRT_2_OVER_PI: f64 = 0.797_884_560_802_865_4;

pub fn gelu(a: &Tensor, tanh_approx: bool) -> Result<Tensor> {
    if tanh_approx {
        pointwise_with_derivative(
            a,
            "GeluBackward0",
            |x| 0.5 * x * (1.0 + (SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)).tanh()),
            |_, x| {
                let inner = SQRT_2_OVER_PI * (x + 0.044715 * x * x * x);
                let t = inner.tanh();
                let d_inner = SQRT_2_OVER_PI * (1.0 + 3.0 * 0.044715 * x * x);
                0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * d_inner
            },
            vec![],
        )
    } else {
        pointwise_with_derivative(
            a,
            "GeluBackward0",
            |x| 0.5 * x * (1.0 + libm::erf(x / std::f64::consts::SQRT_2)),
            |_, x| {
                let cdf = 0.5 * (1.0 + libm::erf(x / std::f64::consts::SQRT_2));
                let pdf = (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt();
                cdf + x * pdf
            },
            vec![],
        )
    }
}

/// `clamp(min, max)` with scalar bounds (ClampBackward1): the gradient
/// passes where `min <= x <= max`, bounds included; NaN gets none.
pub fn clamp(a: &Tensor, min: Option<f64>, max: Option<f64>) -> Result<Tensor> {
    if min.is_none() && max.is_none() {
        return Err(crate::error::Error::runtime(
            "torch.clamp: At least one of 'min' or 'max' must not be None",
        ));
    }
    let (lo, hi) = (
        min.unwrap_or(f64::NEG_INFINITY),
        max.unwrap_or(f64::INFINITY),
    );
    let out = match a.dtype() {
        DType::I64 => kernels::unary(a, |x: i64| {
            let v = (x as f64).max(lo).min(hi);
            v as i64
        }),
        _ => float_map!(a, |x| if x.is_nan() {
            x
        } else {
            x.max(lo as _).min(hi as _)
        }),
    };
    if needs_graph(&[a]) {
        record(
            "ClampBackward1",
            &[a],
            &[&out],
            Box::new(ClampBackward {
                input: Saved::input(a),
                lo,
                hi,
            }),
        );
    }
    Ok(out)
}

struct ClampBackward {
    input: Saved,
    lo: f64,
    hi: f64,
}

impl Backward for ClampBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let (lo, hi) = (self.lo, self.hi);
        let mask = float_map!(self.input.get()?, |x| if x >= lo as _ && x <= hi as _ {
            1.0
        } else {
            0.0
        });
        Ok(smallvec![Some(mul(grad0(grads), &mask)?)])
    }

    fn release(&mut self) {
        self.input.release();
    }
}

/// `f` evaluated in f64 and rounded back to the input's float dtype
/// (integers become float32).
fn map_f64(t: &Tensor, f: impl Fn(f64) -> f64 + Sync) -> Tensor {
    let t = super::to_float(t);
    match t.dtype() {
        DType::F64 => kernels::unary(&t, |x: f64| f(x)),
        _ => kernels::unary(&t, |x: f32| f(x as f64) as f32),
    }
}
