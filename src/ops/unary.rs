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
                let $s = self.saved.get()?;
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
        DType::F32 => kernels::unary(a, |x: f32| if x > 0.0 { x } else { 0.0 }),
        DType::F64 => kernels::unary(a, |x: f64| if x > 0.0 { x } else { 0.0 }),
        DType::I64 => kernels::unary(a, |x: i64| x.max(0)),
        DType::Bool => a.copy_data(),
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
            float_map!(m, |x| if x > 0.0 { 1.0 } else { 0.0 })
        };
        Ok(smallvec![Some(mul(g, &factor)?)])
    }

    fn release(&mut self) {
        self.mask.release();
    }
}
