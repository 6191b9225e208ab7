//! The activation functions beyond relu's family: elu (selu, celu),
//! hardtanh (relu6), hardswish, hardsigmoid, mish, threshold, glu and
//! prelu, each with the node torch records. Their in-place forms compute
//! out of place and are written back by the binding; `in_place` only picks
//! the node name torch gives that form (EluBackward1, ThresholdBackward1...).

use super::arith::{add_scalar, mul, mul_scalar, rsub_scalar};
use super::compare::{compare_scalar, where_, Cmp};
use super::grad0;
use super::unary::{
    pointwise_with_derivative, record_with_derivative, record_with_derivatives, Curvature,
};
use crate::autograd::grad_mode::GradModeGuard;
use crate::autograd::node::{Backward, Grads, Saved};
use crate::autograd::{needs_graph, record};
use crate::dtype::{DType, Scalar};
use crate::error::{Error, Result};
use crate::float_map;
use crate::kernels;
use crate::tensor::Tensor;
use smallvec::smallvec;

/// torch's error for an op with float kernels only.
fn floats_only(a: &Tensor, kernel: &str) -> Result<()> {
    if a.dtype().is_floating() {
        Ok(())
    } else {
        crate::compute::unsupported(kernel, a.dtype())
    }
}

fn constant(value: f64, like: &Tensor) -> Tensor {
    Tensor::full(&[], value, like.dtype())
}

/// `x > 0 ? scale·x : alpha·scale·(exp(input_scale·x) − 1)`: elu, selu
/// (fixed alpha and scale) and celu (`input_scale = 1/alpha`, node CeluBackward0).
pub fn elu(
    a: &Tensor,
    alpha: f64,
    scale: f64,
    input_scale: f64,
    celu: bool,
    in_place: bool,
) -> Result<Tensor> {
    floats_only(a, "elu_cpu")?;
    let name = match (celu, in_place) {
        (false, false) => "EluBackward0",
        (false, true) => "EluBackward1",
        (true, false) => "CeluBackward0",
        (true, true) => "CeluBackward1",
    };
    if in_place && alpha < 0.0 {
        return refused_in_place(a, name, ELU_NEGATIVE_IN_PLACE, |t| {
            elu(t, alpha, scale, input_scale, celu, false)
        });
    }
    pointwise_with_derivative(
        a,
        name,
        move |x| {
            if x <= 0.0 {
                (x * input_scale).exp_m1() * (alpha * scale)
            } else {
                x * scale
            }
        },
        |p, x| {
            if x <= 0.0 {
                p[0] * p[1] * p[2] * (x * p[2]).exp()
            } else {
                p[1]
            }
        },
        Curvature::Fused {
            name: "EluBackwardBackward0",
            first: |x, p| {
                let positive = compare_scalar(x, Scalar::Int(0), Cmp::Gt)?;
                let negative = mul_scalar(
                    &super::unary::exp(&mul_scalar(x, Scalar::Float(p[2]))?)?,
                    Scalar::Float(p[0] * p[1] * p[2]),
                )?;
                where_(&positive, &constant(p[1], x), &negative)
            },
            second: |x, p| {
                // α·scale·input_scale²·exp(input_scale·x) where x < 0, else 0
                // (torch's second derivative is 0 at 0)
                let positive = compare_scalar(x, Scalar::Int(0), Cmp::Ge)?;
                let negative = mul_scalar(
                    &super::unary::exp(&mul_scalar(x, Scalar::Float(p[2]))?)?,
                    Scalar::Float(p[0] * p[1] * p[2] * p[2]),
                )?;
                where_(&positive, &constant(0.0, x), &negative)
            },
        },
        vec![alpha, scale, input_scale],
    )
}

/// `clamp(x, min, max)` with torch's gradient: 1 strictly inside the
/// bounds, 0 at and beyond them (HardtanhBackward0). Integers are clamped
/// without a graph; NaN passes through.
pub fn hardtanh(a: &Tensor, min: f64, max: f64) -> Result<Tensor> {
    match a.dtype() {
        DType::I64 => {
            return Ok(kernels::unary(a, move |x: i64| {
                (x as f64).max(min).min(max) as i64
            }))
        }
        DType::F32 | DType::F64 => {}
        d => return crate::compute::unsupported("hardtanh_cpu", d),
    }
    let out = float_map!(a, |x| if x.is_nan() {
        x
    } else {
        x.max(min as _).min(max as _)
    });
    record_with_derivative(
        a,
        out,
        "HardtanhBackward0",
        // NaN gets the gradient, as in torch (only the bounds block it)
        |p, x| if x <= p[0] || x >= p[1] { 0.0 } else { 1.0 },
        Curvature::Flat("HardtanhBackwardBackward0"),
        vec![min, max],
    )
}

/// `x <= threshold ? value : x` (ThresholdBackward0, or ...1 in place):
/// the gradient passes where `x > threshold`.
pub fn threshold(a: &Tensor, threshold: f64, value: f64, in_place: bool) -> Result<Tensor> {
    match a.dtype() {
        DType::I64 => {
            return Ok(kernels::unary(a, move |x: i64| {
                if (x as f64) <= threshold {
                    value as i64
                } else {
                    x
                }
            }))
        }
        DType::F32 | DType::F64 => {}
        d => return crate::compute::unsupported("threshold_cpu", d),
    }
    let out = float_map!(a, |x| if x <= threshold as _ { value as _ } else { x });
    record_with_derivative(
        a,
        out,
        if in_place {
            "ThresholdBackward1"
        } else {
            "ThresholdBackward0"
        },
        |p, x| if x <= p[0] { 0.0 } else { 1.0 },
        Curvature::Flat("ThresholdBackwardBackward0"),
        vec![threshold],
    )
}

/// `leaky_relu` as its in-place form records it (LeakyReluBackward1).
pub fn leaky_relu_in_place(a: &Tensor, slope: f64) -> Result<Tensor> {
    if slope < 0.0 {
        return refused_in_place(a, "LeakyReluBackward1", LEAKY_NEGATIVE_IN_PLACE, |t| {
            super::unary::leaky_relu(t, slope)
        });
    }
    pointwise_with_derivative(
        a,
        "LeakyReluBackward1",
        move |x| if x > 0.0 { x } else { x * slope },
        |p, x| if x > 0.0 { 1.0 } else { p[0] },
        Curvature::Flat("LeakyReluBackwardBackward0"),
        vec![slope],
    )
}

const ELU_NEGATIVE_IN_PLACE: &str = "In-place elu backward calculation is triggered with a \
     negative slope which is not supported. This is caused by calling in-place forward function \
     with a negative slope, please call out-of-place version instead.";

const LEAKY_NEGATIVE_IN_PLACE: &str = "In-place leakyReLu backward calculation is triggered \
     with a negative slope which is not supported. This is caused by calling in-place forward \
     function with a negative slope, please call out-of-place version instead. File an issue at \
     https://github.com/pytorch/pytorch if you do require supporting in-place leakRelu backward \
     calculation with negative slope";

/// torch computes these in-place gradients from the result, which a
/// negative slope makes ambiguous: the values are computed, but the node
/// refuses its backward with torch's message.
fn refused_in_place(
    a: &Tensor,
    name: &'static str,
    message: &'static str,
    forward: impl FnOnce(&Tensor) -> Result<Tensor>,
) -> Result<Tensor> {
    let out = {
        let _off = GradModeGuard::new(false);
        forward(a)?
    };
    if needs_graph(&[a]) {
        record(name, &[a], &[&out], Box::new(RefusedBackward { message }));
    }
    Ok(out)
}

struct RefusedBackward {
    message: &'static str,
}

impl Backward for RefusedBackward {
    fn apply(&mut self, _: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        Err(Error::runtime(self.message))
    }
}

/// `x · relu6(x + 3) / 6`, in the tensor's own precision as torch's kernel.
pub fn hardswish(a: &Tensor) -> Result<Tensor> {
    floats_only(a, "hardswish_cpu")?;
    let out = float_map!(a, |x| x * (x + 3.0).clamp(0.0, 6.0) / 6.0);
    record_with_derivatives(
        a,
        out,
        "HardswishBackward0",
        |_, x| {
            if x <= -3.0 {
                0.0
            } else if x < 3.0 {
                x / 3.0 + 0.5
            } else {
                1.0
            }
        },
        // the slope rounded at each step in float32, as torch's kernel does
        Some(|_, x| {
            if x <= -3.0 {
                0.0
            } else if x < 3.0 {
                x / 3.0 + 0.5
            } else {
                1.0
            }
        }),
        Curvature::Fused {
            name: "HardswishBackwardBackward0",
            first: |x, _| {
                let below = compare_scalar(x, Scalar::Int(-3), Cmp::Le)?;
                let above = compare_scalar(x, Scalar::Int(3), Cmp::Ge)?;
                let middle = add_scalar(
                    &mul_scalar(x, Scalar::Float(1.0 / 3.0))?,
                    Scalar::Float(0.5),
                )?;
                let upper = where_(&above, &constant(1.0, x), &middle)?;
                where_(&below, &constant(0.0, x), &upper)
            },
            second: |x, _| {
                // 1/3 strictly between -3 and 3
                let inside = mul(
                    &compare_scalar(x, Scalar::Int(-3), Cmp::Gt)?,
                    &compare_scalar(x, Scalar::Int(3), Cmp::Lt)?,
                )?;
                where_(&inside, &constant(1.0 / 3.0, x), &constant(0.0, x))
            },
        },
        vec![],
    )
}

/// `relu6(x + 3) / 6`; its gradient is 1/6 strictly between -3 and 3.
pub fn hardsigmoid(a: &Tensor) -> Result<Tensor> {
    floats_only(a, "hardsigmoid_cpu")?;
    // clamp keeps NaN, as torch does
    let out = float_map!(a, |x| (x + 3.0).clamp(0.0, 6.0) / 6.0);
    record_with_derivative(
        a,
        out,
        "HardsigmoidBackward0",
        // torch's slope is the float32 1/6, for float64 too
        |_, x| {
            if x > -3.0 && x < 3.0 {
                (1.0f32 / 6.0) as f64
            } else {
                0.0
            }
        },
        Curvature::FlatUndifferentiable("aten::hardsigmoid_backward"),
        vec![],
    )
}

/// `x · tanh(softplus(x))` (MishBackward0).
pub fn mish(a: &Tensor) -> Result<Tensor> {
    floats_only(a, "mish_cpu")?;
    pointwise_with_derivative(
        a,
        "MishBackward0",
        |x| x * x.exp().ln_1p().tanh(),
        |_, x| {
            // tanh(sp) + x·σ(x)·(1 − tanh²(sp))
            let t = x.exp().ln_1p().tanh();
            let s = 1.0 / (1.0 + (-x).exp());
            t + x * s * (1.0 - t * t)
        },
        Curvature::Smooth(|x, _| {
            let t = super::unary::tanh(&super::unary::softplus(x, 1.0, 20.0)?)?;
            let s = super::unary::sigmoid(x)?;
            let slope = rsub_scalar(&mul(&t, &t)?, Scalar::Int(1))?;
            super::arith::add(&t, &mul(&mul(x, &s)?, &slope)?, 1.0)
        }),
        vec![],
    )
}

/// `a · sigmoid(b)` for the two halves `a`, `b` of `input` along `dim`
/// (GluBackward0).
pub fn glu(input: &Tensor, dim: i64) -> Result<Tensor> {
    if input.ndim() == 0 {
        return Err(Error::runtime(
            "glu does not support scalars because halving size must be even",
        ));
    }
    let d = crate::shape::wrap_dim(dim, input.ndim())?;
    let size = input.shape()[d];
    if !size.is_multiple_of(2) {
        return Err(Error::runtime(format!(
            "Halving dimension must be even, but dimension {d} is size {size}"
        )));
    }
    floats_only(input, "glu_cpu")?;
    let out = {
        let _off = GradModeGuard::new(false);
        let (a, b) = glu_halves(input, d)?;
        mul(&a, &super::unary::sigmoid(&b)?)?
    };
    if needs_graph(&[input]) {
        let backward = GluBackward {
            input: Saved::input(input),
            dim: d,
        };
        record("GluBackward0", &[input], &[&out], Box::new(backward));
    }
    Ok(out)
}

fn glu_halves(input: &Tensor, dim: usize) -> Result<(Tensor, Tensor)> {
    let half = input.shape()[dim] / 2;
    Ok((
        super::view::narrow(input, dim as i64, 0, half)?,
        super::view::narrow(input, dim as i64, half as i64, half)?,
    ))
}

struct GluBackward {
    input: Saved,
    dim: usize,
}

impl Backward for GluBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        let input = self.input.get()?;
        if !needs_graph(&[g, input]) {
            return Ok(smallvec![Some(glu_backward(g, input, self.dim)?)]);
        }
        // recorded as torch's one node over (gradient, input)
        let out = {
            let _off = GradModeGuard::new(false);
            glu_backward(g, input, self.dim)?
        };
        let backward = GluBackwardBackward {
            grad: Saved::input(g),
            input: Saved::input(input),
            dim: self.dim,
        };
        record(
            "GluBackwardBackward0",
            &[g, input],
            &[&out],
            Box::new(backward),
        );
        Ok(smallvec![Some(out)])
    }

    fn release(&mut self) {
        self.input.release();
    }
}

/// `cat(g·σ(b), g·a·σ(b)·(1 − σ(b)))`, the gradient of glu's input.
fn glu_backward(g: &Tensor, input: &Tensor, dim: usize) -> Result<Tensor> {
    let (a, b) = glu_halves(input, dim)?;
    let s = super::unary::sigmoid(&b)?;
    let to_a = mul(g, &s)?;
    let to_b = mul(&mul(g, &a)?, &sigmoid_slope(&s)?)?;
    super::join::cat(&[to_a, to_b], dim as i64)
}

/// σ' = σ·(1 − σ), from σ.
fn sigmoid_slope(s: &Tensor) -> Result<Tensor> {
    mul(s, &rsub_scalar(s, Scalar::Int(1))?)
}

/// The backward of glu's backward: with `gg = (gga, ggb)` split as the
/// input is, `s = σ(b)` and `s' = s(1 − s)`, the gradient gets
/// `gga·s + ggb·a·s'`; `a` gets `ggb·g·s'`; `b` gets
/// `gga·g·s' + ggb·g·a·s'·(1 − 2s)`.
struct GluBackwardBackward {
    grad: Saved,
    input: Saved,
    dim: usize,
}

impl Backward for GluBackwardBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let (g, input) = (self.grad.get()?, self.input.get()?);
        let (gga, ggb) = glu_halves(grad0(grads), self.dim)?;
        let (a, b) = glu_halves(input, self.dim)?;
        let s = super::unary::sigmoid(&b)?;
        let ds = sigmoid_slope(&s)?;
        let to_grad = if needs[0] {
            Some(super::arith::add(
                &mul(&gga, &s)?,
                &mul(&mul(&ggb, &a)?, &ds)?,
                1.0,
            )?)
        } else {
            None
        };
        let to_input = if needs[1] {
            let gds = mul(g, &ds)?;
            let to_a = mul(&ggb, &gds)?;
            let bend = rsub_scalar(&mul_scalar(&s, Scalar::Int(2))?, Scalar::Int(1))?;
            let to_b = super::arith::add(
                &mul(&gga, &gds)?,
                &mul(&mul(&mul(&ggb, &a)?, &gds)?, &bend)?,
                1.0,
            )?;
            Some(super::join::cat(&[to_a, to_b], self.dim as i64)?)
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

/// `x > 0 ? x : w·x`, one weight or one per channel (dim 1)
/// (PreluKernelBackward0, gradients to both).
pub fn prelu(input: &Tensor, weight: &Tensor) -> Result<Tensor> {
    if input.dtype() != weight.dtype() {
        return Err(Error::runtime(format!(
            "prelu: Type promoting not supported. Got {} and {}",
            crate::shape::scalar_type_name(input.dtype()),
            crate::shape::scalar_type_name(weight.dtype())
        )));
    }
    if weight.ndim() > 1 {
        return Err(Error::runtime(format!(
            "prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = {}",
            weight.ndim()
        )));
    }
    let count = weight.numel();
    if count != 1 {
        if input.ndim() == 0 {
            return Err(Error::runtime("Not allow zero-dim input tensor."));
        }
        let channels = if input.ndim() >= 2 {
            input.shape()[1]
        } else {
            1
        };
        if count != channels {
            return Err(Error::runtime(format!(
                "Mismatch of parameter numbers and input channel size. Found parameter \
                 numbers = {count} and channel size = {channels}."
            )));
        }
    }
    floats_only(input, "prelu_cpu")?;
    // as torch: a weight of another rank is first viewed (a recorded view)
    // with the input's rank, its values along dim 1
    let weight = &if weight.ndim() != input.ndim() {
        let mut shape = vec![1i64; input.ndim()];
        if input.ndim() >= 2 {
            shape[1] = count as i64;
        }
        super::view::reshape(weight, &shape)?
    } else {
        weight.clone()
    };
    let out = {
        let _off = GradModeGuard::new(false);
        let positive = compare_scalar(input, Scalar::Int(0), Cmp::Gt)?;
        where_(&positive, input, &mul(input, weight)?)?
    };
    if needs_graph(&[input, weight]) {
        let backward = PreluBackward {
            input: Saved::input(input),
            weight: Saved::input(weight),
        };
        record(
            "PreluKernelBackward0",
            &[input, weight],
            &[&out],
            Box::new(backward),
        );
    }
    Ok(out)
}

struct PreluBackward {
    input: Saved,
    weight: Saved,
}

impl Backward for PreluBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        let (x, weight) = (self.input.get()?, self.weight.get()?);
        // recorded as torch records it: one node over (gradient, input,
        // weight) giving the weight's gradient per element, then a sum over
        // the non-channel dims and a view to the weight's shape
        let recording = needs_graph(&[g, x, weight]);
        let outs = {
            let _off = GradModeGuard::new(false);
            prelu_backward(g, x, weight, needs)?
        };
        if recording {
            let given: Vec<&Tensor> = outs.iter().flatten().collect();
            let backward = PreluBackwardBackward {
                grad: Saved::input(g),
                input: Saved::input(x),
                weight: Saved::input(weight),
                outputs: [needs[0], needs[1]],
            };
            record(
                "PreluKernelBackwardBackward0",
                &[g, x, weight],
                &given,
                Box::new(backward),
            );
        }
        let to_w = outs[1]
            .as_ref()
            .map(|per_element| sum_to_weight(per_element, weight))
            .transpose()?;
        Ok(smallvec![outs[0].clone(), to_w])
    }

    fn release(&mut self) {
        self.input.release();
        self.weight.release();
    }
}

/// The input's gradient and the weight's per element (`x > 0 ? 0 : x·g`),
/// those asked for.
fn prelu_backward(g: &Tensor, x: &Tensor, weight: &Tensor, needs: &[bool]) -> Result<Grads> {
    let positive = compare_scalar(x, Scalar::Int(0), Cmp::Gt)?;
    let to_x = if needs[0] {
        Some(where_(&positive, g, &mul(g, weight)?)?)
    } else {
        None
    };
    let to_w = if needs[1] {
        Some(where_(&positive, &constant(0.0, x), &mul(x, g)?)?)
    } else {
        None
    };
    Ok(smallvec![to_x, to_w])
}

/// A per-element weight gradient summed over the dims the weight
/// broadcasts along (the weight has the input's rank here).
fn sum_to_weight(per_element: &Tensor, weight: &Tensor) -> Result<Tensor> {
    let dims: Vec<i64> = (0..weight.ndim())
        .filter(|&d| weight.shape()[d] == 1)
        .map(|d| d as i64)
        .collect();
    if dims.is_empty() {
        return Ok(per_element.clone());
    }
    super::reduce::sum_dims(per_element, &dims, true)
}

/// The backward of prelu's backward, given `ggx` (and `ggw`, per element)
/// for the input's (and weight's) gradient: with `m = x < 0` (torch counts 0 as positive here), the gradient
/// gets `m ? w·ggx + x·ggw : ggx`, the input `m ? g·ggw : 0`, the weight
/// `Σ m·g·ggx`.
struct PreluBackwardBackward {
    grad: Saved,
    input: Saved,
    weight: Saved,
    /// Which of (input grad, weight grad) the node produced.
    outputs: [bool; 2],
}

impl Backward for PreluBackwardBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let (g, x, weight) = (self.grad.get()?, self.input.get()?, self.weight.get()?);
        let mut incoming = grads.iter();
        let ggx = if self.outputs[0] {
            incoming.next().cloned().flatten()
        } else {
            None
        };
        let ggw = if self.outputs[1] {
            incoming.next().cloned().flatten()
        } else {
            None
        };
        // torch's second-order formulas count 0 with the positive side
        let positive = compare_scalar(x, Scalar::Int(0), Cmp::Ge)?;
        let zero = constant(0.0, x);
        let to_grad = if needs[0] {
            let mut total = zero.clone();
            if let Some(ggx) = &ggx {
                total = where_(&positive, ggx, &mul(weight, ggx)?)?;
            }
            if let Some(ggw) = &ggw {
                let extra = where_(&positive, &zero, &mul(x, ggw)?)?;
                total = super::arith::add(&total, &extra, 1.0)?;
            }
            Some(super::view::broadcast_to(&total, g.shape())?.contiguous())
        } else {
            None
        };
        let to_input = match (&ggw, needs[1]) {
            (Some(ggw), true) => Some(
                super::view::broadcast_to(&where_(&positive, &zero, &mul(g, ggw)?)?, x.shape())?
                    .contiguous(),
            ),
            (None, true) => Some(Tensor::zeros(x.shape(), x.dtype())),
            _ => None,
        };
        let to_weight = match (&ggx, needs[2]) {
            (Some(ggx), true) => {
                let per_element = where_(&positive, &zero, &mul(g, ggx)?)?;
                Some(sum_to_weight(&per_element, weight)?)
            }
            (None, true) => Some(Tensor::zeros(weight.shape(), weight.dtype())),
            _ => None,
        };
        Ok(smallvec![to_grad, to_input, to_weight])
    }

    fn release(&mut self) {
        self.grad.release();
        self.input.release();
        self.weight.release();
    }
}
