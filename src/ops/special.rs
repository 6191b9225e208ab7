//! Gamma-family special functions, forward beside backward: lgamma,
//! digamma, polygamma and the multivariate mvlgamma.
//!
//! Each scalar function follows the algorithm torch's CPU kernels run, in
//! the same precision: lgamma is the C library's (glibc here, as torch calls
//! `std::lgamma`), digamma and trigamma are Cephes' asymptotic series,
//! polygamma of order n >= 2 is `±n!·ζ(n+1, x)` with ζ summed in float64
//! for either float type (torch's accumulate type on CPU), so float32
//! results come out as torch's bits, not merely close to them.

use super::arith::{add, add_scalar, mul};
use super::grad0;
use super::reduce::sum_dims;
use super::unary::unary_op;
use super::view::unsqueeze;
use crate::autograd::grad_mode::GradModeGuard;
use crate::autograd::node::{Backward, Grads, Saved};
use crate::autograd::{needs_graph, record};
use crate::dtype::{DType, Scalar};
use crate::error::{Error, Result};
use crate::float_map;
use crate::tensor::Tensor;
use smallvec::smallvec;
use std::f64::consts::PI;

extern "C" {
    // the reentrant forms (no global `signgam` written), same values
    fn lgamma_r(x: f64, sign: *mut i32) -> f64;
    fn lgammaf_r(x: f32, sign: *mut i32) -> f32;
}

/// The scalar functions, in each float type's own arithmetic.
pub(crate) trait Gamma: Copy {
    fn lgamma(self) -> Self;
    fn digamma(self) -> Self;
    fn trigamma(self) -> Self;
    /// Order n >= 2, as `calc_polygamma`.
    fn polygamma_high(self, n: i64) -> Self;

    fn polygamma(self, n: i64) -> Self {
        match n {
            0 => self.digamma(),
            1 => self.trigamma(),
            _ => self.polygamma_high(n),
        }
    }
}

/// Cephes' coefficients of digamma's asymptotic series, in 1/x².
pub(crate) const DIGAMMA_A: [f64; 7] = [
    8.333_333_333_333_333e-2,
    -2.109_279_609_279_609_3e-2,
    7.575_757_575_757_576e-3,
    -4.166_666_666_666_667e-3,
    3.968_253_968_253_968e-3,
    -8.333_333_333_333_333e-3,
    8.333_333_333_333_333e-2,
];
/// digamma(10)
pub(crate) const PSI_10: f64 = 2.251_752_589_066_721;

impl Gamma for f64 {
    fn lgamma(self) -> f64 {
        let mut sign = 0;
        // SAFETY: a pure libm call writing only `sign`
        unsafe { lgamma_r(self, &mut sign) }
    }

    fn digamma(self) -> f64 {
        let mut x = self;
        if x == 0.0 {
            // ∓inf by the sign of zero, as C's gamma functions
            return f64::INFINITY.copysign(-x);
        }
        if x < 0.0 {
            if x == x.trunc() {
                return f64::NAN;
            }
            // reflection; tan of the fractional part loses less than tan(πx)
            let r = x.fract();
            return (1.0 - x).digamma() - PI / (PI * r).tan();
        }
        let mut result = 0.0;
        while x < 10.0 {
            result -= 1.0 / x;
            x += 1.0;
        }
        if x == 10.0 {
            return result + PSI_10;
        }
        let mut y = 0.0;
        if x < 1.0e17 {
            let z = 1.0 / (x * x);
            y = z * DIGAMMA_A.iter().fold(0.0, |acc, &c| acc * z + c);
        }
        result + x.ln() - (0.5 / x) - y
    }

    fn trigamma(self) -> f64 {
        let mut x = self;
        let (mut sign, mut result) = (1.0, 0.0);
        if x < 0.5 {
            sign = -1.0;
            let s = (PI * x).sin();
            result -= (PI * PI) / (s * s);
            x = 1.0 - x;
        }
        for _ in 0..6 {
            result += 1.0 / (x * x);
            x += 1.0;
        }
        let ixx = 1.0 / (x * x);
        result +=
            (1.0 + 1.0 / (2.0 * x) + ixx * (1. / 6. - ixx * (1. / 30. - ixx * (1. / 42.)))) / x;
        sign * result
    }

    fn polygamma_high(self, n: i64) -> f64 {
        let sign = if n % 2 != 0 { 1.0 } else { -1.0 };
        sign * ((n as f64) + 1.0).lgamma().exp() * zeta((n + 1) as f64, self, false)
    }
}

impl Gamma for f32 {
    fn lgamma(self) -> f32 {
        let mut sign = 0;
        // SAFETY: a pure libm call writing only `sign`
        unsafe { lgammaf_r(self, &mut sign) }
    }

    fn digamma(self) -> f32 {
        let mut x = self;
        if x == 0.0 {
            return f32::INFINITY.copysign(-x);
        }
        if x < 0.0 {
            if x == x.trunc() {
                return f32::NAN;
            }
            // torch takes the reflection term in float64, rounded once
            let r = f64::from(x).fract();
            let term = (PI / (PI * r).tan()) as f32;
            return (1.0 - x).digamma() - term;
        }
        let mut result = 0.0f32;
        while x < 10.0 {
            result -= 1.0 / x;
            x += 1.0;
        }
        if x == 10.0 {
            return result + PSI_10 as f32;
        }
        let mut y = 0.0f32;
        if x < 1.0e17 {
            let z = 1.0 / (x * x);
            y = z * DIGAMMA_A.iter().fold(0.0f32, |acc, &c| acc * z + c as f32);
        }
        result + x.ln() - (0.5 / x) - y
    }

    fn trigamma(self) -> f32 {
        let mut x = self;
        let (mut sign, mut result) = (1.0f32, 0.0f32);
        if x < 0.5 {
            sign = -1.0;
            let pi = std::f32::consts::PI;
            let s = (pi * x).sin();
            result -= (pi * pi) / (s * s);
            x = 1.0 - x;
        }
        for _ in 0..6 {
            result += 1.0 / (x * x);
            x += 1.0;
        }
        let ixx = 1.0 / (x * x);
        result += (1.0
            + 1.0 / (2.0 * x)
            + ixx * (1.0f32 / 6.0 - ixx * (1.0f32 / 30.0 - ixx * (1.0f32 / 42.0))))
            / x;
        sign * result
    }

    fn polygamma_high(self, n: i64) -> f32 {
        let sign = if n % 2 != 0 { 1.0f32 } else { -1.0 };
        let z = zeta(((n + 1) as f32).into(), self.into(), true) as f32;
        sign * ((n as f32) + 1.0).lgamma().exp() * z
    }
}

/// Hurwitz ζ(x, q) (Cephes), summed in float64. `single`: the arguments are
/// float32 values, whose first power torch takes with `powf`.
pub(crate) fn zeta(x: f64, q: f64, single: bool) -> f64 {
    const MACHEP: f64 = 1.110_223_024_625_156_5e-16;
    // (2k)! / B_2k
    const A: [f64; 12] = [
        12.0,
        -720.0,
        30240.0,
        -1209600.0,
        47900160.0,
        -1.892_437_580_318_379_2e9,
        7.47242496e10,
        -2.950_130_727_918_164e12,
        1.164_678_281_435_006_7e14,
        -4.597_978_722_407_473e15,
        1.815_210_540_194_354_7e17,
        -7.166_165_256_175_667e18,
    ];
    if x == 1.0 {
        return f64::INFINITY;
    }
    if x < 1.0 {
        return f64::NAN;
    }
    if q <= 0.0 {
        if q == q.floor() {
            return f64::INFINITY;
        }
        if x != x.floor() {
            return f64::NAN;
        }
    }
    let mut s = if single {
        f64::from((q as f32).powf(-(x as f32)))
    } else {
        q.powf(-x)
    };
    let mut a = q;
    let mut i = 0;
    let mut b = 0.0;
    while i < 9 || a <= 9.0 {
        i += 1;
        a += 1.0;
        b = a.powf(-x);
        s += b;
        if -MACHEP * s < b && b < MACHEP * s {
            return s;
        }
    }
    let w = a;
    s += b * w / (x - 1.0);
    s -= 0.5 * b;
    a = 1.0;
    let mut k = 0.0;
    for c in A {
        a *= x + k;
        b /= w;
        let t = a * b / c;
        s += t;
        if (t / s).abs() < MACHEP {
            return s;
        }
        k += 1.0;
        a *= x + k;
        b /= w;
        k += 1.0;
    }
    s
}

unary_op!(
    /// ln|Γ(x)| (LgammaBackward0).
    lgamma, "LgammaBackward0", LgammaBackward, saves input,
    |x| x.lgamma(),
    |g, x| mul(g, &digamma(x)?)?
);

unary_op!(
    /// ψ(x) = Γ'(x)/Γ(x) (DigammaBackward0).
    digamma, "DigammaBackward0", DigammaBackward, saves input,
    |x| x.digamma(),
    |g, x| mul(g, &polygamma(1, x)?)?
);

/// The n-th derivative of digamma (PolygammaBackward0).
pub fn polygamma(n: i64, a: &Tensor) -> Result<Tensor> {
    polygamma_node(n, a, "PolygammaBackward0")
}

/// `polygamma` recorded as `node`: torch names its in-place form's node
/// PolygammaBackward1.
pub fn polygamma_node(n: i64, a: &Tensor, node: &'static str) -> Result<Tensor> {
    if n < 0 {
        return Err(Error::runtime(
            "polygamma(n, x) does not support negative n.",
        ));
    }
    let out = float_map!(a, |x| x.polygamma(n));
    if needs_graph(&[a]) {
        record(
            node,
            &[a],
            &[&out],
            Box::new(PolygammaBackward {
                input: Saved::input(a),
                n,
            }),
        );
    }
    Ok(out)
}

struct PolygammaBackward {
    input: Saved,
    n: i64,
}

impl Backward for PolygammaBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let (g, x) = (grad0(grads), self.input.get()?);
        Ok(smallvec![Some(mul(g, &polygamma(self.n + 1, x)?)?)])
    }

    fn release(&mut self) {
        self.input.release();
    }
}

/// `x[..., None] + (-(p-1)/2, ..., -1/2, 0)`: the arguments whose lgammas
/// (or digammas) mvlgamma sums, in `x`'s float type.
fn mvlgamma_args(x: &Tensor, p: i64) -> Result<Tensor> {
    let x = super::to_float(x);
    let offsets: Vec<f64> = (0..p).map(|k| (k - p + 1) as f64 * 0.5).collect();
    let offsets = Tensor::from_vec(offsets, &[p as usize]).cast(x.dtype());
    add(&offsets, &unsqueeze(&x, -1)?, 1.0)
}

/// The multivariate log-gamma of dimension `p` (MvlgammaBackward0):
/// `Σ_k lgamma(x − k/2) + p(p−1)/4·ln π`.
pub fn mvlgamma(a: &Tensor, p: i64) -> Result<Tensor> {
    if a.dtype() == DType::Bool {
        return Err(Error::runtime(
            "The input tensor may not be a boolean tensor.",
        ));
    }
    if p < 1 {
        return Err(Error::runtime("p has to be greater than or equal to 1"));
    }
    let out = {
        let _mode = GradModeGuard::new(false);
        let sum = sum_dims(&lgamma(&mvlgamma_args(a, p)?)?, &[-1], false)?;
        add_scalar(&sum, Scalar::Float((p * (p - 1)) as f64 * PI.ln() * 0.25))?
    };
    if needs_graph(&[a]) {
        record(
            "MvlgammaBackward0",
            &[a],
            &[&out],
            Box::new(MvlgammaBackward {
                input: Saved::input(a),
                p,
            }),
        );
    }
    Ok(out)
}

struct MvlgammaBackward {
    input: Saved,
    p: i64,
}

impl Backward for MvlgammaBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let (g, x) = (grad0(grads), self.input.get()?);
        let psi = sum_dims(&digamma(&mvlgamma_args(x, self.p)?)?, &[-1], false)?;
        Ok(smallvec![Some(mul(g, &psi)?)])
    }

    fn release(&mut self) {
        self.input.release();
    }
}

#[cfg(test)]
mod tests {
    use super::Gamma;

    #[test]
    fn digamma_at_known_points() {
        // ψ(1) = −γ, ψ(1/2) = −γ − 2 ln 2
        let gamma = 0.577_215_664_901_532_9;
        assert!((1.0f64.digamma() + gamma).abs() < 1e-15);
        assert!((0.5f64.digamma() + gamma + 2.0 * std::f64::consts::LN_2).abs() < 1e-14);
        assert!((-1.0f64).digamma().is_nan());
        assert_eq!(0.0f64.digamma(), f64::NEG_INFINITY);
        assert_eq!((-0.0f64).digamma(), f64::INFINITY);
    }

    #[test]
    fn polygamma_orders_agree_with_series() {
        // ψ'(1) = π²/6, ψ''(1) = −2ζ(3); torch's trigamma stops its
        // asymptotic series early (8e-10 off at 1), and so does this one
        let pi2_6 = std::f64::consts::PI.powi(2) / 6.0;
        assert!((1.0f64.trigamma() - pi2_6).abs() < 1e-9);
        assert!((1.0f64.polygamma(2) + 2.0 * 1.202_056_903_159_594_3).abs() < 1e-13);
    }
}
