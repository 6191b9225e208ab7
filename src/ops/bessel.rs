//! The modified Bessel functions of the first kind torch has: i0, and
//! torch.special's i0e, i1, i1e, forward beside backward.
//!
//! The scalar functions are Cephes' Chebyshev expansions as torch's
//! `calc_i0`/`calc_i0e`/`calc_i1`/`calc_i1e` evaluate them, in the input's
//! own float type (with the fused multiply-adds torch's build contracts
//! them to); torch's float32 i1/i1e use shortened tables, so those are
//! kept apart (as float literals, which round differently from the float64
//! ones cast).
#![allow(clippy::excessive_precision, clippy::unreadable_literal)]

use super::arith::{mul, sub};
use super::bessel_more;
use super::compare::{compare_scalar, where_, Cmp};
use super::grad0;
use super::unary::{abs, reciprocal};
use crate::autograd::node::{Backward, Grads, Saved};
use crate::autograd::{needs_graph, record};
use crate::dtype::{DType, Scalar};
use crate::error::Result;
use crate::float_map;
use crate::tensor::Tensor;
use smallvec::smallvec;

include!("bessel_tables.rs");

/// The scalar functions, in each float type's own arithmetic.
pub(crate) trait Bessel: Copy {
    fn i0(self) -> Self;
    fn i0e(self) -> Self;
    fn i1(self) -> Self;
    fn i1e(self) -> Self;
}

macro_rules! bessel_impl {
    ($T:ty, $a0:expr, $b0:expr, $a1:expr, $b1:expr) => {
        impl Bessel for $T {
            // torch's calc_i0 and modified_bessel_i0 agree bit for bit
            fn i0(self) -> $T {
                bessel_more::modified_bessel_i0(self)
            }

            fn i0e(self) -> $T {
                let x = self.abs();
                if x <= 8.0 {
                    return chbevl((x / 2.0) - 2.0, $a0);
                }
                chbevl(32.0 / x - 2.0, $b0) / x.sqrt()
            }

            fn i1(self) -> $T {
                let x = self.abs();
                let out = if x <= 8.0 {
                    x.exp() * x * chbevl((x / 2.0) - 2.0, $a1)
                } else {
                    (x.exp() * chbevl(32.0 / x - 2.0, $b1)) / x.sqrt()
                };
                if self < 0.0 {
                    -out
                } else {
                    out
                }
            }

            fn i1e(self) -> $T {
                let x = self.abs();
                let out = if x <= 8.0 {
                    chbevl((x / 2.0) - 2.0, $a1) * x
                } else {
                    chbevl(32.0 / x - 2.0, $b1) / x.sqrt()
                };
                if self < 0.0 {
                    -out
                } else {
                    out
                }
            }
        }
    };
}

/// Cephes' `chbevl`: the Chebyshev series with coefficients `c` (highest
/// order first) at `x/2`. torch's CPU kernels are built with FMA contraction,
/// which fuses `x·b1 − b2` into one rounding; so does this.
fn chbevl<T: num_traits::Float>(x: T, c: impl IntoIterator<Item = T>) -> T {
    let mut it = c.into_iter();
    let mut b0 = it.next().unwrap_or_else(T::zero);
    let (mut b1, mut b2) = (T::zero(), T::zero());
    for c in it {
        b2 = b1;
        b1 = b0;
        b0 = x.mul_add(b1, -b2) + c;
    }
    T::from(0.5).unwrap_or_else(T::zero) * (b0 - b2)
}

bessel_impl!(f64, I0E_A, I0E_B, I1E_A, I1E_B);
bessel_impl!(
    f32,
    I0E_A.map(|c| c as f32),
    I0E_B.map(|c| c as f32),
    I1E_A_F32,
    I1E_B_F32
);

fn record_unary(node: &'static str, a: &Tensor, out: &Tensor, kind: Kind) {
    if needs_graph(&[a]) {
        let backward = BesselBackward {
            input: Saved::input(a),
            out: Saved::output(out, node),
            kind,
        };
        record(node, &[a], &[out], Box::new(backward));
    }
}

#[derive(Clone, Copy)]
enum Kind {
    I0,
    I0e,
    I1,
    I1e,
}

/// I0(x) (I0Backward0).
pub fn i0(a: &Tensor) -> Result<Tensor> {
    let out = float_map!(a, |x| x.i0());
    record_unary("I0Backward0", a, &out, Kind::I0);
    Ok(out)
}

/// exp(−|x|)·I0(x) (SpecialI0EBackward0).
pub fn i0e(a: &Tensor) -> Result<Tensor> {
    let out = float_map!(a, |x| x.i0e());
    record_unary("SpecialI0EBackward0", a, &out, Kind::I0e);
    Ok(out)
}

/// I1(x) (SpecialI1Backward0).
pub fn i1(a: &Tensor) -> Result<Tensor> {
    let out = float_map!(a, |x| x.i1());
    record_unary("SpecialI1Backward0", a, &out, Kind::I1);
    Ok(out)
}

/// exp(−|x|)·I1(x) (SpecialI1EBackward0).
pub fn i1e(a: &Tensor) -> Result<Tensor> {
    let out = float_map!(a, |x| x.i1e());
    record_unary("SpecialI1EBackward0", a, &out, Kind::I1e);
    Ok(out)
}

/// sgn(x): its derivative is zero, so it is not recorded.
fn sgn(x: &Tensor) -> Tensor {
    float_map!(x, |v| if v > 0.0 {
        1.0
    } else if v < 0.0 {
        -1.0
    } else {
        v * 0.0
    })
}

struct BesselBackward {
    input: Saved,
    out: Saved,
    kind: Kind,
}

impl Backward for BesselBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let (g, x) = (grad0(grads), self.input.get()?);
        let d = match self.kind {
            // derivatives.yaml: i1(x); i1e(x) − sgn(x)·i0e(x)
            Kind::I0 => i1(x)?,
            Kind::I0e => sub(&i1e(x)?, &mul(&sgn(x), &self.out.value()?)?, 1.0)?,
            // i1_backward / i1e_backward: |x| ≤ eps takes the limit 1/2 (the
            // formula would divide by zero), computed at eps to keep it finite
            Kind::I1 | Kind::I1e => {
                let y = self.out.value()?;
                let eps = if x.dtype() == DType::F64 {
                    f64::EPSILON
                } else {
                    f64::from(f32::EPSILON)
                };
                let big = compare_scalar(&abs(x)?, Scalar::Float(eps), Cmp::Gt)?;
                let safe = where_(&big, x, &Tensor::full(&[], eps, x.dtype()))?;
                let d = if matches!(self.kind, Kind::I1) {
                    sub(&i0(&safe)?, &mul(&y, &reciprocal(&safe)?)?, 1.0)?
                } else {
                    let s = super::arith::add(&sgn(&safe), &reciprocal(&safe)?, 1.0)?;
                    sub(&i0e(&safe)?, &mul(&y, &s)?, 1.0)?
                };
                where_(&big, &d, &Tensor::full(&[], 0.5, x.dtype()))?
            }
        };
        Ok(smallvec![Some(mul(g, &d)?)])
    }

    fn release(&mut self) {
        self.input.release();
        self.out.release();
    }
}

/// torch.special's Bessel-type functions that have no derivative (torch
/// records no node for them), by torch's name: the float32 and float64
/// kernels.
type Kernels = (fn(f32) -> f32, fn(f64) -> f64);

fn kernels(name: &str) -> Option<Kernels> {
    use bessel_more as b;
    macro_rules! pair {
        ($f:ident) => {
            (
                b::$f::<f32> as fn(f32) -> f32,
                b::$f::<f64> as fn(f64) -> f64,
            )
        };
    }
    Some(match name {
        "airy_ai" => pair!(airy_ai),
        "bessel_j0" => pair!(bessel_j0),
        "bessel_j1" => pair!(bessel_j1),
        "bessel_y0" => pair!(bessel_y0),
        "bessel_y1" => pair!(bessel_y1),
        "modified_bessel_i0" => pair!(modified_bessel_i0),
        "modified_bessel_i1" => pair!(modified_bessel_i1),
        "modified_bessel_k0" => pair!(modified_bessel_k0),
        "modified_bessel_k1" => pair!(modified_bessel_k1),
        "scaled_modified_bessel_k0" => pair!(scaled_modified_bessel_k0),
        "scaled_modified_bessel_k1" => pair!(scaled_modified_bessel_k1),
        "spherical_bessel_j0" => pair!(spherical_bessel_j0),
        _ => return None,
    })
}

/// `torch.special.<name>(a)` for the functions of `kernels` (None for
/// another name): integers and bool promote to the default float dtype; torch
/// has no half-precision or complex kernel for them.
pub fn special_unary(a: &Tensor, name: &str) -> Option<Result<Tensor>> {
    let (k32, k64) = kernels(name)?;
    let dtype = a.dtype();
    if dtype.is_complex() || matches!(dtype, DType::F16 | DType::BF16) {
        return Some(crate::compute::unsupported(&format!("{name}_cpu"), dtype));
    }
    let t = super::to_float(a);
    Some(Ok(match t.dtype() {
        DType::F64 => crate::kernels::unary(&t, k64),
        _ => crate::kernels::unary(&t, k32),
    }))
}
