//! The standard normal distribution's functions and the scaled
//! complementary error function, forward beside backward: `special.erfcx`,
//! `log_ndtr` and `ndtri` (`ndtr` is torch's composition of ordinary ops,
//! built in the Python layer).
//!
//! The scalar kernels follow torch's CPU ones in the input's own precision:
//! erfcx is S. G. Johnson's (a Chebyshev table on y = 4/(4+x), a continued
//! fraction past 50), ndtri is Cephes' rational approximations, log_ndtr
//! goes through erfcx below −1 and erfc above. Where torch's float kernels
//! mix in float64 literals (erfcx's polynomials and continued fraction),
//! those steps run in float64 here too (and where its unqualified `exp`,
//! `log` and `sqrt` resolve to the float64 C functions, so do they), so
//! float32 results carry torch's bits.

use super::arith::{add, div_scalar, mul, mul_scalar, neg, sub_scalar};
use super::grad0;
use super::unary::{exp, square};
use crate::autograd::node::{Backward, Grads, Saved};
use crate::autograd::{needs_graph, record};
use crate::dtype::Scalar;
use crate::error::Result;
use crate::float_map;
use crate::tensor::Tensor;
use smallvec::smallvec;
use std::f64::consts::PI;

include!("erfcx_table.rs");

extern "C" {
    // the C library's, which torch's scalar kernels call
    fn erfc(x: f64) -> f64;
    fn erfcf(x: f32) -> f32;
}

/// The float types the kernels run in, with the C library's functions.
pub(crate) trait CdfFloat: num_traits::Float + Into<f64> {
    fn of(v: f64) -> Self;
    fn erfc_c(self) -> Self;
}

impl CdfFloat for f32 {
    fn of(v: f64) -> f32 {
        v as f32
    }
    fn erfc_c(self) -> f32 {
        // SAFETY: a pure libm call
        unsafe { erfcf(self) }
    }
}

impl CdfFloat for f64 {
    fn of(v: f64) -> f64 {
        v
    }
    fn erfc_c(self) -> f64 {
        // SAFETY: a pure libm call
        unsafe { erfc(self) }
    }
}

/// erfc(x) from `y100` = 100·4/(4+|x|): the subinterval's polynomial,
/// summed in float64 (the table's literals promote it), rounded to T.
fn erfcx_y100<T: CdfFloat>(y100: T) -> T {
    let two = T::of(2.0);
    let k = y100.to_i64().unwrap_or(100);
    if !(0..100).contains(&k) {
        // y = 1: |x| below 4 ulp of zero, where erfcx is 1
        return T::one();
    }
    let t: f64 = (two * y100 - T::of((2 * k + 1) as f64)).into();
    let c = &ERFCX_Y100[k as usize];
    let sum = c[0] + (c[1] + (c[2] + (c[3] + (c[4] + (c[5] + c[6] * t) * t) * t) * t) * t) * t;
    T::of(sum)
}

/// `exp(x²)·erfc(x)`.
pub(crate) fn erfcx_scalar<T: CdfFloat>(x: T) -> T {
    if x.is_nan() {
        return x;
    }
    let xd: f64 = x.into();
    let (four, hundreds) = (T::of(4.0), T::of(400.0));
    if x >= T::zero() {
        if x > T::of(50.0) {
            // 1/√π, as T
            let ispi = T::of(0.564_189_583_547_756_3);
            if xd > 5e7 {
                return ispi / x;
            }
            // the continued fraction to 5 terms; the float64 literals lift
            // these steps to float64 in torch's float kernel
            let xx = x * x;
            let xxd: f64 = xx.into();
            let num = ispi.into() * (xxd * (xxd + 4.5) + 2.0);
            let den = xd * ((xx * (xx + T::of(5.0))).into() + 3.75);
            return T::of(num / den);
        }
        return erfcx_y100(hundreds / (four + x));
    }
    if xd < -26.7 {
        return T::infinity();
    }
    // torch's unqualified exp here is the float64 one: 2·exp(x²) and the
    // difference are float64, rounded once
    let e = (x * x).into().exp();
    if xd < -6.1 {
        return T::of(2.0 * e);
    }
    let small: f64 = erfcx_y100(hundreds / (four - x)).into();
    T::of(2.0 * e - small)
}

/// ln Φ(x), Φ the standard normal CDF.
pub(crate) fn log_ndtr_scalar<T: CdfFloat>(x: T) -> T {
    let t = x * T::of(std::f64::consts::FRAC_1_SQRT_2);
    let two = T::of(2.0);
    if x < -T::one() {
        (erfcx_scalar(-t) / two).ln() - t * t
    } else {
        (-t.erfc_c() / two).ln_1p()
    }
}

/// `coef[0]·x^n + ... + coef[n]` in T (Cephes' polevl), each step one fused
/// multiply-add as torch's build compiles it.
fn polevl<T: CdfFloat>(x: T, coef: &[f64]) -> T {
    coef.iter()
        .fold(T::zero(), |acc, &c| acc.mul_add(x, T::of(c)))
}

/// Cephes' rational approximations of ndtri.
const NDTRI_P0: [f64; 5] = [
    -5.996_335_010_141_079e1,
    9.800_107_541_859_997e1,
    -5.667_628_574_690_703e1,
    1.393_126_093_872_796_8e1,
    -1.239_165_838_673_812_6,
];
const NDTRI_Q0: [f64; 9] = [
    1.0,
    1.954_488_583_381_417_6,
    4.676_279_128_988_815,
    8.636_024_213_908_906e1,
    -2.254_626_878_541_193_7e2,
    2.002_602_123_800_606_6e2,
    -8.203_722_561_683_334e1,
    1.590_562_251_262_117e1,
    -1.183_316_211_213_3,
];
const NDTRI_P1: [f64; 9] = [
    4.055_448_923_059_624_5,
    3.152_510_945_998_938_6e1,
    5.716_281_922_464_213e1,
    4.408_050_738_932_008e1,
    1.468_495_619_288_580_3e1,
    2.186_633_068_507_903,
    -1.402_560_791_713_545e-1,
    -3.504_246_268_278_482e-2,
    -8.574_567_851_546_854e-4,
];
const NDTRI_Q1: [f64; 9] = [
    1.0,
    1.577_998_832_564_667_4e1,
    4.539_076_351_288_792e1,
    4.131_720_382_546_72e1,
    1.504_253_856_929_075e1,
    2.504_649_462_083_094,
    -1.421_829_228_547_878e-1,
    -3.808_064_076_915_783e-2,
    -9.332_594_808_954_574e-4,
];
const NDTRI_P2: [f64; 9] = [
    3.237_748_917_769_460_4,
    6.915_228_890_689_842,
    3.938_810_252_924_744,
    1.333_034_608_158_075_5,
    2.014_853_895_491_790_8e-1,
    1.237_166_348_178_200_2e-2,
    3.015_815_535_082_354e-4,
    2.658_069_746_867_375_6e-6,
    6.239_745_391_849_833e-9,
];
const NDTRI_Q2: [f64; 9] = [
    1.0,
    6.024_270_393_647_42,
    3.679_835_638_561_608_6,
    1.377_020_994_890_813_3,
    2.162_369_935_944_966_3e-1,
    1.342_040_060_885_431_9e-2,
    3.280_144_646_821_277_4e-4,
    2.892_478_647_453_806_8e-6,
    6.790_194_080_099_813e-9,
];

/// Φ⁻¹(y): the x with Φ(x) = y.
pub(crate) fn ndtri_scalar<T: CdfFloat>(y0: T) -> T {
    let (zero, one) = (T::zero(), T::one());
    if y0 == zero {
        return T::neg_infinity();
    }
    if y0 == one {
        return T::infinity();
    }
    if y0 < zero || y0 > one {
        return T::nan();
    }
    // exp(-2)
    let e2 = T::of(0.135_335_283_236_612_7);
    let (mut y, mut negate) = (y0, true);
    if y > one - e2 {
        y = one - y;
        negate = false;
    }
    if y > e2 {
        // the central interval, |y − 1/2| <= 3/8
        let y = y - T::of(0.5);
        let y2 = y * y;
        // y + y·r, fused as in torch's build
        let x = y.mul_add(y2 * polevl(y2, &NDTRI_P0) / polevl(y2, &NDTRI_Q0), y);
        return x * T::of(2.506_628_274_631_000_5);
    }
    // the tails, in z = √(−2 ln y)
    // torch's unqualified log and sqrt here are the float64 ones, each
    // assignment rounding back to T
    let yd: f64 = y.into();
    let x = T::of((-2.0 * yd.ln()).sqrt());
    let xd: f64 = x.into();
    let x0 = T::of(xd - xd.ln() / xd);
    let z = one / x;
    let x1 = if x < T::of(8.0) {
        z * polevl(z, &NDTRI_P1) / polevl(z, &NDTRI_Q1)
    } else {
        z * polevl(z, &NDTRI_P2) / polevl(z, &NDTRI_Q2)
    };
    let x = x0 - x1;
    if negate {
        -x
    } else {
        x
    }
}

/// Which function a node differentiates.
#[derive(Clone, Copy)]
enum Which {
    Erfcx,
    LogNdtr,
    Ndtri,
}

fn unary(a: &Tensor, which: Which) -> Result<Tensor> {
    let out = match which {
        Which::Erfcx => float_map!(a, |x| erfcx_scalar(x)),
        Which::LogNdtr => float_map!(a, |x| log_ndtr_scalar(x)),
        Which::Ndtri => float_map!(a, |x| ndtri_scalar(x)),
    };
    if needs_graph(&[a]) {
        let node = match which {
            Which::Erfcx => "SpecialErfcxBackward0",
            Which::LogNdtr => "SpecialLogNdtrBackward0",
            Which::Ndtri => "SpecialNdtriBackward0",
        };
        let backward = CdfBackward {
            input: Saved::input(a),
            result: Saved::output(&out, node),
            which,
        };
        record(node, &[a], &[&out], Box::new(backward));
    }
    Ok(out)
}

/// `special.erfcx` (SpecialErfcxBackward0).
pub fn erfcx(a: &Tensor) -> Result<Tensor> {
    unary(a, Which::Erfcx)
}

/// `special.log_ndtr` (SpecialLogNdtrBackward0).
pub fn log_ndtr(a: &Tensor) -> Result<Tensor> {
    unary(a, Which::LogNdtr)
}

/// `special.ndtri` (SpecialNdtriBackward0).
pub fn ndtri(a: &Tensor) -> Result<Tensor> {
    unary(a, Which::Ndtri)
}

struct CdfBackward {
    input: Saved,
    result: Saved,
    which: Which,
}

impl Backward for CdfBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        let scaled = |t: &Tensor, k: f64| mul_scalar(t, Scalar::Float(k));
        let sqrt_2pi = (2.0 * PI).sqrt();
        // each grouped as torch's formula, left to right
        let grad = match self.which {
            Which::Erfcx => {
                // (2x·y − 2/√π)·g
                let (x, y) = (self.input.value()?, self.result.value()?);
                let slope =
                    sub_scalar(&mul(&scaled(&x, 2.0)?, &y)?, Scalar::Float(2.0 / PI.sqrt()))?;
                mul(&slope, g)?
            }
            Which::LogNdtr => {
                // g/√(2π) · exp(−(y + x²/2))
                let (x, y) = (self.input.value()?, self.result.value()?);
                let half_sq = scaled(&square(&x)?, 0.5)?;
                let e = exp(&neg(&add(&y, &half_sq, 1.0)?)?)?;
                mul(&div_scalar(g, Scalar::Float(sqrt_2pi))?, &e)?
            }
            Which::Ndtri => {
                // g·√(2π) · exp(y²/2)
                let y = self.result.value()?;
                let e = exp(&scaled(&square(&y)?, 0.5)?)?;
                mul(&scaled(g, sqrt_2pi)?, &e)?
            }
        };
        Ok(smallvec![Some(grad)])
    }

    fn release(&mut self) {
        self.input.release();
        self.result.release();
    }
}
