//! Differentiable ops. Each op's forward sits beside its backward, which is
//! written in ops too (so `create_graph` records second-order graphs).

// activation functions (elu ... prelu)
pub mod activation;

pub mod arith;
pub mod as_strided;
pub mod batch_norm;
pub mod bessel;
mod bessel_more;
pub mod compare;
pub mod conv;
pub mod copy_slices;
pub mod diagonal;
pub mod gather;
pub mod igamma;
pub mod join;
pub mod linalg;
pub mod loss;
pub mod math;
pub mod nn;
pub mod normal_cdf;
pub mod orthogonal_polynomials;
pub mod pointwise;
pub mod pool;
pub mod recurrent;
pub mod reduce;
pub mod relayout;
pub mod sort;
pub mod special;
pub mod stats;
pub mod unary;
pub mod view;
pub mod zeta;

use crate::autograd::node::{Backward, Grads};
use crate::autograd::{needs_graph, record};
use crate::dtype::DType;
use crate::error::Result;
use crate::tensor::{Element, Tensor};
use smallvec::smallvec;

/// Element types arithmetic runs on (bool is computed as i64).
pub trait Num:
    Element
    + num_traits::Zero
    + num_traits::One
    + std::ops::Add<Output = Self>
    + std::ops::Sub<Output = Self>
    + std::ops::Mul<Output = Self>
    + std::ops::Div<Output = Self>
    + std::ops::Neg<Output = Self>
    + PartialOrd
{
    /// `self + alpha * y`: one rounding for floats, as torch's add and sub
    /// with `alpha` compute it (a fused multiply-add).
    fn plus_scaled(self, alpha: Self, y: Self) -> Self;
}
impl Num for f32 {
    #[inline(always)]
    fn plus_scaled(self, alpha: Self, y: Self) -> Self {
        alpha.mul_add(y, self)
    }
}
impl Num for f64 {
    #[inline(always)]
    fn plus_scaled(self, alpha: Self, y: Self) -> Self {
        alpha.mul_add(y, self)
    }
}
impl Num for i64 {
    #[inline(always)]
    fn plus_scaled(self, alpha: Self, y: Self) -> Self {
        self.wrapping_add(alpha.wrapping_mul(y))
    }
}

/// `f(grad, saved)` in one pass when no graph of the backward is recorded
/// and both share a float dtype and shape; else None (use the tensor formula).
#[macro_export]
macro_rules! fused_backward {
    ($g:expr, $s:expr, |$a:ident, $b:ident| $f:expr) => {{
        let (g, s): (&$crate::tensor::Tensor, &$crate::tensor::Tensor) = ($g, $s);
        if $crate::autograd::grad_mode::is_grad_enabled()
            || g.dtype() != s.dtype()
            || g.shape() != s.shape()
        {
            None
        } else {
            // a gradient only the engine holds is overwritten instead of copied
            let reuse = g.is_exclusive();
            match s.dtype() {
                $crate::dtype::DType::F32
                    if reuse && $crate::kernels::update_in_place(g, s, |$a: f32, $b: f32| $f) =>
                {
                    Some(g.clone())
                }
                $crate::dtype::DType::F64
                    if reuse && $crate::kernels::update_in_place(g, s, |$a: f64, $b: f64| $f) =>
                {
                    Some(g.clone())
                }
                $crate::dtype::DType::F32 => Some($crate::kernels::binary(
                    g,
                    s,
                    s.shape(),
                    |$a: f32, $b: f32| $f,
                )),
                $crate::dtype::DType::F64 => Some($crate::kernels::binary(
                    g,
                    s,
                    s.shape(),
                    |$a: f64, $b: f64| $f,
                )),
                _ => None,
            }
        }
    }};
}

/// Runs `$body` with `$T` bound to f32, f64 or i64 (`$dtype` must not be bool).
#[macro_export]
macro_rules! dispatch_num {
    ($dtype:expr, $T:ident => $body:expr) => {
        match $dtype {
            $crate::dtype::DType::F32 => {
                type $T = f32;
                $body
            }
            $crate::dtype::DType::F64 => {
                type $T = f64;
                $body
            }
            _ => {
                type $T = i64;
                $body
            }
        }
    };
}

/// Applies a float expression elementwise; the result keeps the float dtype
/// (integer inputs become float32).
#[macro_export]
macro_rules! float_map {
    ($t:expr, |$x:ident| $e:expr) => {{
        let t = $crate::ops::to_float($t);
        match t.dtype() {
            $crate::dtype::DType::F64 => $crate::kernels::unary(&t, |$x: f64| -> f64 { $e }),
            _ => $crate::kernels::unary(&t, |$x: f32| -> f32 { $e }),
        }
    }};
}

/// A float result from one of `FastMath`'s slice kernels (`exp_into`, ...),
/// casting integer input to float32 first.
#[macro_export]
macro_rules! float_kernel {
    ($t:expr, $kernel:ident) => {{
        use $crate::kernels::fastmath::FastMath;
        let t = $crate::ops::to_float($t);
        match t.dtype() {
            $crate::dtype::DType::F64 => $crate::kernels::unary_with(&t, f64::$kernel),
            _ => $crate::kernels::unary_with(&t, f32::$kernel),
        }
    }};
}

/// `t.cast(dtype)` laid out as torch's `.to(dtype)` copy is: in the order
/// of `t`'s strides (its own strides when it is dense), not row-major.
fn cast_in_layout(t: &Tensor, dtype: DType) -> Tensor {
    if t.strides() == crate::shape::contiguous_strides(t.shape()).as_slice() {
        return t.cast(dtype);
    }
    if t.is_contiguous() || t.numel() == 0 {
        // dense with odd strides only at size-1 or empty dims: torch keeps
        // them exactly, as `*_like` does
        let out = Tensor::full_laid_out_like(t, 0.0, dtype);
        out.write_values(&t.cast(dtype));
        return out;
    }
    crate::dispatch!(t.dtype(), S => crate::dispatch!(dtype, D => {
        crate::kernels::unary(t, |v: S| crate::tensor::cast_elem::<S, D>(v))
    }))
}

/// The tensor itself if floating, else its cast to the default float dtype.
pub fn to_float(t: &Tensor) -> Tensor {
    if t.dtype().is_floating() {
        t.clone()
    } else {
        t.cast(crate::dtype::default_float())
    }
}

/// The first incoming gradient of a single-output node.
pub(crate) fn grad0(grads: &[Option<Tensor>]) -> &Tensor {
    grads[0]
        .as_ref()
        .expect("the engine never runs a node without gradients")
}

/// `.to(dtype)`: a copy in another dtype (ToCopyBackward0), or the tensor
/// itself when the dtype already matches.
pub fn cast(t: &Tensor, dtype: DType) -> Tensor {
    if t.dtype() == dtype {
        return t.clone();
    }
    let out = cast_in_layout(t, dtype);
    if dtype.is_floating() && needs_graph(&[t]) {
        record(
            "ToCopyBackward0",
            &[t],
            &[&out],
            Box::new(ToCopyBackward { dtype: t.dtype() }),
        );
    }
    out
}

struct ToCopyBackward {
    dtype: DType,
}

impl Backward for ToCopyBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        Ok(smallvec![Some(cast(grad0(grads), self.dtype))])
    }
}

/// `clone()`: a contiguous copy that keeps history (CloneBackward0).
pub fn clone(t: &Tensor) -> Tensor {
    named_copy(t, "CloneBackward0")
}

/// `clone()` (torch's `preserve_format`): a copy with `t`'s strides when `t`
/// is non-overlapping and dense, else dense strides in `t`'s memory order.
pub fn clone_preserving(t: &Tensor) -> Tensor {
    let out = t.copy_preserving_layout();
    if needs_graph(&[t]) {
        record("CloneBackward0", &[t], &[&out], Box::new(PassThrough));
    }
    out
}

/// A copy recorded under `name` whose gradient passes straight through.
pub(crate) fn named_copy(t: &Tensor, name: &'static str) -> Tensor {
    let out = t.copy_data();
    if needs_graph(&[t]) {
        record(name, &[t], &[&out], Box::new(PassThrough));
    }
    out
}

/// Backward of ops whose gradient is the incoming one unchanged.
pub(crate) struct PassThrough;

impl Backward for PassThrough {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        Ok(smallvec![Some(grad0(grads).clone())])
    }
}

/// Backward of ops whose value does not vary with their input (a fill, a
/// sign): zeros for the first input, nothing for the rest.
pub(crate) struct ZeroGradBackward;

impl Backward for ZeroGradBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        let mut out: Grads = smallvec![Some(Tensor::zeros(g.shape(), g.dtype()))];
        out.extend((1..needs.len()).map(|_| None));
        Ok(out)
    }
}

/// `a` itself when contiguous, else a recorded copy (so gradients flow).
pub(crate) fn contiguous_tracked(a: &Tensor) -> Tensor {
    if a.is_contiguous() {
        a.clone()
    } else {
        clone(a)
    }
}
