//! Elementwise math functions, forward beside backward.

use super::arith::{add_scalar, mul, mul_scalar, neg, rsub_scalar};
use super::compare::{compare_scalar, where_, Cmp};
use super::grad0;
use crate::autograd::node::{Backward, Grads, Saved};
use crate::autograd::{needs_graph, record};
use crate::dtype::{DType, Scalar};
use crate::error::Result;
use crate::float_map;
use crate::kernels;
use crate::kernels::fastmath::FastMath;
use crate::tensor::Tensor;
use smallvec::smallvec;

/// Declares a float unary op whose backward multiplies the incoming
/// gradient by `$deriv`, built from the saved input `x` or output `y`.
/// `fused` gives the same derivative as one scalar expression, run as a
/// single pass when no graph of the backward is recorded.
/// The forward is either `|x| expr` or `kernel name` (a `FastMath` slice
/// kernel).
macro_rules! unary_op {
    ($(#[$doc:meta])* $fn_name:ident, $node:literal, $bw:ident, saves $which:ident,
     |$v:ident| $fwd:expr, $($rest:tt)*) => {
        unary_op!(@op $(#[$doc])* $fn_name, $node, $bw, saves $which,
                  (|a| float_map!(a, |$v| $fwd)), $($rest)*);
    };
    ($(#[$doc:meta])* $fn_name:ident, $node:literal, $bw:ident, saves $which:ident,
     kernel $kernel:ident, $($rest:tt)*) => {
        unary_op!(@op $(#[$doc])* $fn_name, $node, $bw, saves $which,
                  (|a| $crate::float_kernel!(a, $kernel)), $($rest)*);
    };
    (@op $(#[$doc:meta])* $fn_name:ident, $node:literal, $bw:ident, saves $which:ident,
     (|$a:ident| $forward:expr), |$g:ident, $s:ident| $deriv:expr
     $(, fused |$fg:ident, $fs:ident| $fused:expr)?) => {
        $(#[$doc])*
        pub fn $fn_name($a: &Tensor) -> Result<Tensor> {
            let a = $a;
            let out = $forward;
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
                $(
                    if let Some(grad) = crate::fused_backward!($g, self.saved.get()?, |$fg, $fs| $fused) {
                        return Ok(smallvec![Some(grad)]);
                    }
                )?
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
// `ops::math` declares its ops with it too
pub(crate) use unary_op;

unary_op!(
    exp, "ExpBackward0", ExpBackward, saves output,
    kernel exp_into,
    |g, y| mul(g, y)?,
    fused |g, y| g * y
);

unary_op!(log, "LogBackward0", LogBackward, saves input, kernel ln_into, |g, x| super::arith::div(g, x)?);

unary_op!(
    sigmoid, "SigmoidBackward0", SigmoidBackward, saves output,
    kernel sigmoid_into,
    // (g·(1 − y))·y, grouped as torch's kernel groups it
    |g, y| mul(&mul(g, &rsub_scalar(y, Scalar::Int(1))?)?, y)?,
    fused |g, y| (g * (1.0 - y)) * y
);

unary_op!(
    tanh, "TanhBackward0", TanhBackward, saves output,
    kernel tanh_into,
    |g, y| mul(g, &rsub_scalar(&mul(y, y)?, Scalar::Int(1))?)?,
    fused |g, y| g * (1.0 - y * y)
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
            Box::new(ReluBackward {
                out: Saved::output(&out, "ReluBackward0"),
            }),
        );
    }
    Ok(out)
}

/// The gradient passes where the output is positive (0 at 0, torch's
/// subgradient).
struct ReluBackward {
    out: Saved,
}

impl Backward for ReluBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        // a select, not a product: an inf or NaN gradient is still 0 where y <= 0
        let select = crate::fused_backward!(grad0(grads), self.out.get()?, |g, y| if y <= 0.0 {
            0.0
        } else {
            g
        });
        if let Some(g) = select {
            return Ok(smallvec![Some(g)]);
        }
        let y = self.out.value()?;
        let mask = float_map!(&y, |v| if v <= 0.0 { 0.0 } else { 1.0 });
        let g = scale_by_mask(grad0(grads), &mask, &y, "ThresholdBackwardBackward0")?;
        Ok(smallvec![Some(g)])
    }

    fn release(&mut self) {
        self.out.release();
    }
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
            Box::new(AbsBackward {
                input: Saved::input(a),
            }),
        );
    }
    Ok(out)
}

/// Gradient times sign(input), 0 at 0 (torch's subgradient).
struct AbsBackward {
    input: Saved,
}

impl Backward for AbsBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        Ok(smallvec![Some(mul(
            grad0(grads),
            &sgn(self.input.get()?)?
        )?)])
    }

    fn release(&mut self) {
        self.input.release();
    }
}

/// The sign of a float tensor (-1, 0 or 1) as torch's `sgn`
/// records it (SgnBackward0): its gradient is zero, but while recording it
/// keeps an edge to `a`, so a second backward reaches `a` with zeros.
pub(crate) fn sgn(a: &Tensor) -> Result<Tensor> {
    let out = float_map!(a, |x| if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else {
        0.0 // also for NaN, as torch's sgn
    });
    if needs_graph(&[a]) {
        record(
            "SgnBackward0",
            &[a],
            &[&out],
            Box::new(super::ZeroGradBackward),
        );
    }
    Ok(out)
}

/// `g * factor` for a factor that is a piecewise-constant function of
/// `source` (relu's mask, leaky_relu's slopes). While recording, the node
/// `name` also has an edge to `source` whose gradient is zero, as torch's
/// threshold_backward / leaky_relu_backward have.
pub(crate) fn scale_by_mask(
    g: &Tensor,
    factor: &Tensor,
    source: &Tensor,
    name: &'static str,
) -> Result<Tensor> {
    if !needs_graph(&[g, source]) {
        return mul(g, factor);
    }
    let out = {
        let _off = crate::autograd::grad_mode::GradModeGuard::new(false);
        mul(g, factor)?
    };
    let backward = ScaleByMaskBackward {
        factor: factor.clone(),
        source: Saved::input(source),
        name,
    };
    record(name, &[g, source], &[&out], Box::new(backward));
    Ok(out)
}

struct ScaleByMaskBackward {
    factor: Tensor,
    source: Saved,
    name: &'static str,
}

impl Backward for ScaleByMaskBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let gg = grad0(grads);
        let source = self.source.get()?;
        let g = if needs[0] {
            Some(scale_by_mask(gg, &self.factor, source, self.name)?)
        } else {
            None
        };
        let s = needs[1].then(|| Tensor::zeros(source.shape(), gg.dtype()));
        Ok(smallvec![g, s])
    }

    fn release(&mut self) {
        self.source.release();
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
    |g, x| super::arith::div(g, &add_scalar(x, Scalar::Int(1))?)?
);

unary_op!(
    expm1, "Expm1Backward0", Expm1Backward, saves output,
    |x| x.exp_m1(),
    |g, y| mul(g, &add_scalar(y, Scalar::Int(1))?)?
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
    |x| x / (1.0 + (-x).fast_exp()),
    |g, x| {
        // (g·σ(x))·(1 + x·(1 − σ(x))), grouped as torch's kernel groups it
        let s = sigmoid(x)?;
        let inner = add_scalar(&mul(x, &rsub_scalar(&s, Scalar::Int(1))?)?, Scalar::Int(1))?;
        mul(&mul(g, &s)?, &inner)?
    }
);

/// `x.square()`: torch records it as `pow(x, 2)`.
pub fn square(a: &Tensor) -> Result<Tensor> {
    super::arith::pow_scalar(a, Scalar::Int(2))
}

/// How a pointwise op's derivative is itself differentiated.
#[derive(Clone, Copy)]
pub(crate) enum Curvature {
    /// Piecewise constant: the second derivative is zero. While recording,
    /// the gradient is multiplied in the node `name`, which keeps an edge
    /// to the input (torch's fused `*BackwardBackward0` nodes).
    Flat(&'static str),
    /// Piecewise constant, but torch has no derivative for its backward:
    /// while recording, the gradient comes from a `NotImplemented` node whose
    /// backward raises, naming torch's backward function.
    FlatUndifferentiable(&'static str),
    /// The derivative written in tensor ops, used while a graph is recorded
    /// (the kernel `deriv` is the fast path when none is).
    Smooth(TensorDerivative),
    /// Smooth, and recorded as torch's fused node `name` over (gradient,
    /// input): `first` is the derivative and `second` its own derivative,
    /// both in tensor ops, so higher orders go on through ordinary nodes.
    Fused {
        name: &'static str,
        first: TensorDerivative,
        second: TensorDerivative,
    },
}

/// A derivative written in tensor ops, given the input and the op's parameters.
pub(crate) type TensorDerivative = fn(&Tensor, &[f64]) -> Result<Tensor>;

/// A pointwise function whose backward multiplies the gradient by a
/// derivative computed from the saved input by `deriv`.
pub(crate) fn pointwise_with_derivative(
    a: &Tensor,
    name: &'static str,
    forward: impl Fn(f64) -> f64 + Sync,
    deriv: fn(&[f64], f64) -> f64,
    curvature: Curvature,
    params: Vec<f64>,
) -> Result<Tensor> {
    let out = map_f64(a, forward);
    record_with_derivative(a, out, name, deriv, curvature, params)
}

/// Records `out = f(a)` (computed by the caller) with the backward of
/// `pointwise_with_derivative`.
pub(crate) fn record_with_derivative(
    a: &Tensor,
    out: Tensor,
    name: &'static str,
    deriv: fn(&[f64], f64) -> f64,
    curvature: Curvature,
    params: Vec<f64>,
) -> Result<Tensor> {
    record_with_derivatives(a, out, name, deriv, None, curvature, params)
}

/// `record_with_derivative` with the derivative of float32 inputs computed
/// by `deriv32` in float32 arithmetic (torch's rounding), when given.
pub(crate) fn record_with_derivatives(
    a: &Tensor,
    out: Tensor,
    name: &'static str,
    deriv: fn(&[f64], f64) -> f64,
    deriv32: Option<fn(&[f64], f32) -> f32>,
    curvature: Curvature,
    params: Vec<f64>,
) -> Result<Tensor> {
    if needs_graph(&[a]) {
        record(
            name,
            &[a],
            &[&out],
            Box::new(DerivativeBackward {
                input: Saved::input(a),
                deriv,
                deriv32,
                curvature,
                params,
            }),
        );
    }
    Ok(out)
}

struct DerivativeBackward {
    input: Saved,
    deriv: fn(&[f64], f64) -> f64,
    deriv32: Option<fn(&[f64], f32) -> f32>,
    curvature: Curvature,
    params: Vec<f64>,
}

impl Backward for DerivativeBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let (g, x) = (grad0(grads), self.input.get()?);
        let gx = match self.curvature {
            Curvature::Smooth(f) if needs_graph(&[g, x]) => mul(g, &f(x, &self.params)?)?,
            curvature => {
                let (d, p) = (self.deriv, &self.params);
                let factor = match (self.deriv32, x.dtype()) {
                    (Some(d32), DType::F32) => kernels::unary(x, |v: f32| d32(p, v)),
                    _ => map_f64(x, |v| d(p, v)),
                };
                match curvature {
                    Curvature::Flat(name) => scale_by_mask(g, &factor, x, name)?,
                    Curvature::FlatUndifferentiable(function) if needs_graph(&[g, x]) => {
                        let out = {
                            let _off = crate::autograd::grad_mode::GradModeGuard::new(false);
                            mul(g, &factor)?
                        };
                        let backward = NotImplementedBackward { function };
                        record("NotImplemented", &[g, x], &[&out], Box::new(backward));
                        out
                    }
                    Curvature::Fused {
                        name,
                        first,
                        second,
                    } if needs_graph(&[g, x]) => {
                        let out = {
                            let _off = crate::autograd::grad_mode::GradModeGuard::new(false);
                            mul(g, &factor)?
                        };
                        let backward = FusedSecondBackward {
                            grad: Saved::input(g),
                            input: Saved::input(x),
                            first,
                            second,
                            params: self.params.clone(),
                        };
                        record(name, &[g, x], &[&out], Box::new(backward));
                        out
                    }
                    _ => mul(g, &factor)?,
                }
            }
        };
        Ok(smallvec![Some(gx)])
    }

    fn release(&mut self) {
        self.input.release();
    }
}

/// A node whose derivative torch does not implement: using it raises.
pub(crate) struct NotImplementedBackward {
    pub(crate) function: &'static str,
}

impl Backward for NotImplementedBackward {
    fn apply(&mut self, _: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        Err(crate::error::Error::runtime(format!(
            "derivative for {} is not implemented",
            self.function
        )))
    }
}

/// The backward of `g · f'(x)`: `f'(x)` to the gradient, `g · f''(x)` to x.
struct FusedSecondBackward {
    grad: Saved,
    input: Saved,
    first: TensorDerivative,
    second: TensorDerivative,
    params: Vec<f64>,
}

impl Backward for FusedSecondBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let gg = grad0(grads);
        let x = self.input.get()?;
        let to_grad = if needs[0] {
            Some(mul(gg, &(self.first)(x, &self.params)?)?)
        } else {
            None
        };
        let to_input = if needs[1] {
            let g = self.grad.get()?;
            Some(mul(&mul(gg, g)?, &(self.second)(x, &self.params)?)?)
        } else {
            None
        };
        Ok(smallvec![to_grad, to_input])
    }

    fn release(&mut self) {
        self.grad.release();
        self.input.release();
    }
}

pub fn leaky_relu(a: &Tensor, slope: f64) -> Result<Tensor> {
    pointwise_with_derivative(
        a,
        "LeakyReluBackward0",
        move |x| if x > 0.0 { x } else { x * slope },
        |p, x| if x > 0.0 { 1.0 } else { p[0] },
        Curvature::Flat("LeakyReluBackwardBackward0"),
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
        Curvature::Fused {
            name: "SoftplusBackwardBackward0",
            first: |x, p| {
                // σ(βx), or 1 where softplus is linear (βx > threshold)
                let z = mul_scalar(x, Scalar::Float(p[0]))?;
                let linear = compare_scalar(&z, Scalar::Float(p[1]), Cmp::Gt)?;
                where_(&linear, &Tensor::full(&[], 1.0, z.dtype()), &sigmoid(&z)?)
            },
            second: |x, p| {
                // β·σ(βx)·(1 − σ(βx)), or 0 where linear (torch's second
                // derivative counts βx == threshold as linear)
                let z = mul_scalar(x, Scalar::Float(p[0]))?;
                let linear = compare_scalar(&z, Scalar::Float(p[1]), Cmp::Ge)?;
                let s = sigmoid(&z)?;
                let curve = mul_scalar(
                    &mul(&s, &rsub_scalar(&s, Scalar::Int(1))?)?,
                    Scalar::Float(p[0]),
                )?;
                where_(&linear, &Tensor::full(&[], 0.0, z.dtype()), &curve)
            },
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
        Curvature::Fused {
            name: "LogSigmoidBackwardBackward0",
            first: |x, _| sigmoid(&neg(x)?),
            second: |x, _| {
                // −σ(−x)·(1 − σ(−x))
                let s = sigmoid(&neg(x)?)?;
                neg(&mul(&s, &rsub_scalar(&s, Scalar::Int(1))?)?)
            },
        },
        vec![],
    )
}

const SQRT_2_OVER_PI: f64 = 0.797_884_560_802_865_4;
const GELU_CUBIC: f64 = 0.044715;

pub fn gelu(a: &Tensor, tanh_approx: bool) -> Result<Tensor> {
    if tanh_approx {
        pointwise_with_derivative(
            a,
            "GeluBackward0",
            |x| 0.5 * x * (1.0 + (SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x)).tanh()),
            |_, x| {
                let inner = SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x);
                let t = inner.tanh();
                let d_inner = SQRT_2_OVER_PI * (1.0 + 3.0 * GELU_CUBIC * x * x);
                0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * d_inner
            },
            Curvature::Fused {
                name: "GeluBackwardBackward0",
                first: |x, _| {
                    // ½(1 + t) + ½x(1 − t²)·u' with t = tanh(u), u = c(x + kx³)
                    let scaled = |t: &Tensor, k: f64| mul_scalar(t, Scalar::Float(k));
                    let (t, du) = gelu_tanh_inner(x)?;
                    let left = scaled(&add_scalar(&t, Scalar::Int(1))?, 0.5)?;
                    let slope = mul(&rsub_scalar(&mul(&t, &t)?, Scalar::Int(1))?, &du)?;
                    super::arith::add(&left, &mul(&scaled(x, 0.5)?, &slope)?, 1.0)
                },
                second: |x, _| {
                    // (1 − t²)·(u' + ½x·(u'' − 2t·u'²)), u'' = 6ckx
                    let scaled = |t: &Tensor, k: f64| mul_scalar(t, Scalar::Float(k));
                    let (t, du) = gelu_tanh_inner(x)?;
                    let ddu = scaled(x, 6.0 * SQRT_2_OVER_PI * GELU_CUBIC)?;
                    let sech2 = rsub_scalar(&mul(&t, &t)?, Scalar::Int(1))?;
                    let bend =
                        super::arith::add(&ddu, &scaled(&mul(&t, &mul(&du, &du)?)?, -2.0)?, 1.0)?;
                    let inner = super::arith::add(&du, &mul(&scaled(x, 0.5)?, &bend)?, 1.0)?;
                    mul(&sech2, &inner)
                },
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
            Curvature::Fused {
                name: "GeluBackwardBackward0",
                first: |x, _| {
                    // Φ(x) + x·φ(x)
                    let scaled = |t: &Tensor, k: f64| mul_scalar(t, Scalar::Float(k));
                    let cdf = scaled(
                        &add_scalar(
                            &erf(&scaled(x, std::f64::consts::FRAC_1_SQRT_2)?)?,
                            Scalar::Int(1),
                        )?,
                        0.5,
                    )?;
                    let pdf = scaled(
                        &exp(&scaled(&mul(x, x)?, -0.5)?)?,
                        1.0 / (2.0 * std::f64::consts::PI).sqrt(),
                    )?;
                    super::arith::add(&cdf, &mul(x, &pdf)?, 1.0)
                },
                second: |x, _| {
                    // φ(x)·(2 − x²)
                    let x2 = mul(x, x)?;
                    let pdf = mul_scalar(
                        &exp(&mul_scalar(&x2, Scalar::Float(-0.5))?)?,
                        Scalar::Float(1.0 / (2.0 * std::f64::consts::PI).sqrt()),
                    )?;
                    mul(&pdf, &rsub_scalar(&x2, Scalar::Int(2))?)
                },
            },
            vec![],
        )
    }
}

/// `erf(x)` (ErfBackward0); gelu's derivative is built from it.
pub fn erf(a: &Tensor) -> Result<Tensor> {
    let out = map_f64(a, libm::erf);
    if needs_graph(&[a]) {
        record(
            "ErfBackward0",
            &[a],
            &[&out],
            Box::new(ErfBackward {
                input: Saved::input(a),
            }),
        );
    }
    Ok(out)
}

/// d/dx erf(x) = 2/√π · exp(−x²).
struct ErfBackward {
    input: Saved,
}

impl Backward for ErfBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let x = self.input.get()?;
        let d = mul_scalar(
            &exp(&neg(&mul(x, x)?)?)?,
            Scalar::Float(std::f64::consts::FRAC_2_SQRT_PI),
        )?;
        Ok(smallvec![Some(mul(grad0(grads), &d)?)])
    }

    fn release(&mut self) {
        self.input.release();
    }
}

/// `clamp(min, max)` with scalar bounds (ClampBackward1): the gradient
/// passes where `min <= x <= max`, bounds included; NaN gets none.
pub fn clamp(a: &Tensor, min: Option<f64>, max: Option<f64>) -> Result<Tensor> {
    clamp_recorded_as(a, min, max, "ClampBackward1")
}

/// `clamp` under another of torch's node names: `clamp_min` and
/// `clamp_max` record ClampMinBackward0 and ClampMaxBackward0.
pub fn clamp_recorded_as(
    a: &Tensor,
    min: Option<f64>,
    max: Option<f64>,
    node: &'static str,
) -> Result<Tensor> {
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
            node,
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
pub(crate) fn map_f64(t: &Tensor, f: impl Fn(f64) -> f64 + Sync) -> Tensor {
    let t = super::to_float(t);
    match t.dtype() {
        DType::F64 => kernels::unary(&t, |x: f64| f(x)),
        _ => kernels::unary(&t, |x: f32| f(x as f64) as f32),
    }
}

// ---- rounding: piecewise constant, so zero gradients ----

/// torch's `sign`, `sgn` (same values for real numbers, another node),
/// `floor`, `ceil`, `round` (half to even) and `trunc`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Rounding {
    Sign,
    Sgn,
    Floor,
    Ceil,
    Round,
    Trunc,
}

impl Rounding {
    /// The node torch records, and the kernel it names for a dtype it lacks.
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Rounding::Sign => ("SignBackward0", "sign_cpu"),
            Rounding::Sgn => ("SgnBackward0", "sgn_cpu"),
            Rounding::Floor => ("FloorBackward0", "floor_vml_cpu"),
            Rounding::Ceil => ("CeilBackward0", "ceil_vml_cpu"),
            Rounding::Round => ("RoundBackward0", "round_vml_cpu"),
            Rounding::Trunc => ("TruncBackward0", "trunc_vml_cpu"),
        }
    }

    #[inline(always)]
    fn apply<T: num_traits::Float>(self, x: T) -> T {
        match self {
            // NaN has sign 0, as in torch
            Rounding::Sign | Rounding::Sgn => {
                if x > T::zero() {
                    T::one()
                } else if x < T::zero() {
                    -T::one()
                } else {
                    T::zero()
                }
            }
            Rounding::Floor => x.floor(),
            Rounding::Ceil => x.ceil(),
            Rounding::Round => round_half_even(x),
            Rounding::Trunc => x.trunc(),
        }
    }
}

/// Nearest integer, ties to the even one (torch's `round`).
#[inline(always)]
fn round_half_even<T: num_traits::Float>(x: T) -> T {
    let r = x.round(); // ties away from zero
    let two = T::one() + T::one();
    if (r - x).abs() == T::one() / two && r % two != T::zero() {
        // towards the even neighbour; a zero keeps x's sign (-0.5 -> -0.0)
        let even = r - (r - x).signum();
        if even == T::zero() && x < T::zero() {
            T::neg_zero()
        } else {
            even
        }
    } else {
        r
    }
}

/// One of the rounding ops. Integers come back as they are (their signum
/// for the signs); bool only has a sign.
pub fn rounded(a: &Tensor, op: Rounding) -> Result<Tensor> {
    let (node, kernel) = op.names();
    let signs = matches!(op, Rounding::Sign | Rounding::Sgn);
    let out = match a.dtype() {
        DType::F32 => kernels::unary(a, |x: f32| op.apply(x)),
        DType::F64 => kernels::unary(a, |x: f64| op.apply(x)),
        DType::I64 if signs => kernels::unary(a, |x: i64| x.signum()),
        DType::I64 => a.copy_data(),
        DType::Bool if signs => a.copy_data(),
        d => return crate::compute::unsupported(kernel, d),
    };
    if needs_graph(&[a]) {
        record(node, &[a], &[&out], Box::new(super::ZeroGradBackward));
    }
    Ok(out)
}

/// `round(decimals=d)`: rounded at the d-th decimal (d < 0: to tens,
/// hundreds, ...), scaling by 10^|d| in the tensor's own precision as
/// torch does (RoundBackward1).
pub fn round_decimals(a: &Tensor, decimals: i64) -> Result<Tensor> {
    let scale = 10f64.powi(decimals.unsigned_abs().min(400) as i32);
    let out = match a.dtype() {
        DType::F32 => {
            let s = scale as f32;
            if decimals < 0 {
                kernels::unary(a, |x: f32| round_half_even(x / s) * s)
            } else {
                kernels::unary(a, |x: f32| round_half_even(x * s) / s)
            }
        }
        DType::F64 if decimals < 0 => {
            kernels::unary(a, |x: f64| round_half_even(x / scale) * scale)
        }
        DType::F64 => kernels::unary(a, |x: f64| round_half_even(x * scale) / scale),
        d => return crate::compute::unsupported("round_cpu", d),
    };
    if needs_graph(&[a]) {
        record(
            "RoundBackward1",
            &[a],
            &[&out],
            Box::new(super::ZeroGradBackward),
        );
    }
    Ok(out)
}

/// `frac`: `x - trunc(x)`, whose gradient is the incoming one (FracBackward0).
pub fn frac(a: &Tensor) -> Result<Tensor> {
    let out = match a.dtype() {
        DType::F32 => kernels::unary(a, |x: f32| x - x.trunc()),
        DType::F64 => kernels::unary(a, |x: f64| x - x.trunc()),
        d => return crate::compute::unsupported("frac_cpu", d),
    };
    if needs_graph(&[a]) {
        record("FracBackward0", &[a], &[&out], Box::new(super::PassThrough));
    }
    Ok(out)
}

/// For tanh-approximated gelu's derivatives, as tensor ops: t = tanh(u)
/// and u' with u = c(x + kx³).
fn gelu_tanh_inner(x: &Tensor) -> Result<(Tensor, Tensor)> {
    let x2 = mul(x, x)?;
    let scaled = |t: &Tensor, k: f64| mul_scalar(t, Scalar::Float(k));
    let u = scaled(
        &mul(x, &add_scalar(&scaled(&x2, GELU_CUBIC)?, Scalar::Int(1))?)?,
        SQRT_2_OVER_PI,
    )?;
    let du = scaled(
        &add_scalar(&scaled(&x2, 3.0 * GELU_CUBIC)?, Scalar::Int(1))?,
        SQRT_2_OVER_PI,
    )?;
    Ok((tanh(&u)?, du))
}
