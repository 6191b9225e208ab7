//! Branch-free float32 exp, log, tanh and sigmoid. libm's scalar calls keep
//! a loop from vectorizing; these are plain arithmetic and selects, so a
//! loop over a slice becomes SIMD code (AVX2 or AVX-512 where `simd_map`
//! dispatches to it). Accuracy is within a few ULP of the exact result, as
//! torch's vectorized CPU kernels are. float64 keeps the libm functions.
//!
//! The `*_into` forms map a whole slice; on AVX-512 CPUs the float32 ones
//! run hand-written 16-lane code (`avx512`) with the same results.

use super::map1;
use std::mem::MaybeUninit;

#[cfg(target_arch = "x86_64")]
mod avx512;

/// Elementwise math used by the forward and backward kernels.
pub trait FastMath: Copy + 'static {
    fn fast_exp(self) -> Self;
    fn fast_ln(self) -> Self;
    fn fast_tanh(self) -> Self;
    fn fast_sigmoid(self) -> Self;

    /// `exp(x - shift)` over a slice (`out` as long as `x`).
    fn exp_shifted_into(x: &[Self], shift: Self, out: &mut [MaybeUninit<Self>]);
    fn exp_into(x: &[Self], out: &mut [MaybeUninit<Self>]) {
        map1(x, out, &|v: Self| v.fast_exp())
    }
    fn ln_into(x: &[Self], out: &mut [MaybeUninit<Self>]) {
        map1(x, out, &|v: Self| v.fast_ln())
    }
    fn tanh_into(x: &[Self], out: &mut [MaybeUninit<Self>]) {
        map1(x, out, &|v: Self| v.fast_tanh())
    }
    fn sigmoid_into(x: &[Self], out: &mut [MaybeUninit<Self>]) {
        map1(x, out, &|v: Self| v.fast_sigmoid())
    }
}

/// Runs the AVX-512 slice kernel when the CPU has it, else `$fallback`.
macro_rules! wide_or {
    ($wide:ident($($arg:expr),*), $fallback:expr) => {{
        #[cfg(target_arch = "x86_64")]
        if avx512::available() {
            // SAFETY: the features the kernel is compiled for were detected
            return unsafe { avx512::$wide($($arg),*) };
        }
        $fallback
    }};
}

impl FastMath for f64 {
    #[inline(always)]
    fn fast_exp(self) -> f64 {
        self.exp()
    }
    #[inline(always)]
    fn fast_ln(self) -> f64 {
        self.ln()
    }
    #[inline(always)]
    fn fast_tanh(self) -> f64 {
        self.tanh()
    }
    #[inline(always)]
    fn fast_sigmoid(self) -> f64 {
        1.0 / (1.0 + (-self).exp())
    }
    fn exp_shifted_into(x: &[f64], shift: f64, out: &mut [MaybeUninit<f64>]) {
        map1(x, out, &|v: f64| (v - shift).exp())
    }
}

impl FastMath for f32 {
    #[inline(always)]
    fn fast_exp(self) -> f32 {
        exp_f32(self)
    }
    #[inline(always)]
    fn fast_ln(self) -> f32 {
        ln_f32(self)
    }
    #[inline(always)]
    fn fast_tanh(self) -> f32 {
        tanh_f32(self)
    }
    #[inline(always)]
    fn fast_sigmoid(self) -> f32 {
        1.0 / (1.0 + exp_f32(-self))
    }
    fn exp_shifted_into(x: &[f32], shift: f32, out: &mut [MaybeUninit<f32>]) {
        wide_or!(
            exp_shifted(x, shift, out),
            map1(x, out, &|v: f32| exp_f32(v - shift))
        )
    }
    fn exp_into(x: &[f32], out: &mut [MaybeUninit<f32>]) {
        wide_or!(exp(x, out), map1(x, out, &exp_f32))
    }
    fn ln_into(x: &[f32], out: &mut [MaybeUninit<f32>]) {
        wide_or!(ln(x, out), map1(x, out, &ln_f32))
    }
    fn tanh_into(x: &[f32], out: &mut [MaybeUninit<f32>]) {
        wide_or!(tanh(x, out), map1(x, out, &tanh_f32))
    }
    fn sigmoid_into(x: &[f32], out: &mut [MaybeUninit<f32>]) {
        wide_or!(sigmoid(x, out), map1(x, out, &|v: f32| v.fast_sigmoid()))
    }
}

/// 1.5 * 2^23: adding it rounds a float below 2^22 to an integer, which then
/// sits in the low mantissa bits.
const ROUND_MAGIC: f32 = 12_582_912.0;
const LN2_HI: f32 = 0.693_359_4;
const LN2_LO: f32 = -2.121_944_4e-4;

/// 2^n for n in [-126, 127], built from its exponent bits.
#[inline(always)]
fn pow2i(n: i32) -> f32 {
    f32::from_bits(((n + 127) as u32) << 23)
}

#[inline(always)]
fn exp_f32(x: f32) -> f32 {
    // exp(x) = 2^n * exp(r), n = round(x / ln 2), |r| <= ln2 / 2
    let xc = x.clamp(-104.0, 89.0);
    let shifted = xc.mul_add(std::f32::consts::LOG2_E, ROUND_MAGIC);
    let n = shifted.to_bits() as i32 - ROUND_MAGIC.to_bits() as i32;
    let nf = shifted - ROUND_MAGIC;
    let r = nf.mul_add(-LN2_LO, nf.mul_add(-LN2_HI, xc));
    let p = 1.987_569_1e-4_f32;
    let p = p.mul_add(r, 1.398_199_9e-3);
    let p = p.mul_add(r, 8.333_452e-3);
    let p = p.mul_add(r, 4.166_579_6e-2);
    let p = p.mul_add(r, 1.666_666_5e-1);
    let p = p.mul_add(r, 5e-1);
    let er = p.mul_add(r * r, r) + 1.0;
    // two steps so n down to -150 (subnormal results) and up to 128 (inf) work
    let half = n >> 1;
    let y = er * pow2i(half) * pow2i(n - half);
    if x.is_nan() {
        x
    } else {
        y
    }
}

#[inline(always)]
fn ln_f32(x: f32) -> f32 {
    // scale subnormals into the normal range first
    let tiny = x < f32::MIN_POSITIVE;
    let xs = if tiny { x * 8_388_608.0 } else { x };
    let bits = xs.to_bits();
    let mut e = ((bits >> 23) & 0xff) as i32 - 126 - if tiny { 23 } else { 0 };
    // mantissa in [0.5, 1)
    let mut m = f32::from_bits((bits & 0x007f_ffff) | 0x3f00_0000);
    let below = m < std::f32::consts::FRAC_1_SQRT_2;
    e -= below as i32;
    m = if below { m + m - 1.0 } else { m - 1.0 };
    let z = m * m;
    let p = 7.037_683_6e-2_f32;
    let p = p.mul_add(m, -1.151_461e-1);
    let p = p.mul_add(m, 1.167_699_9e-1);
    let p = p.mul_add(m, -1.242_014_1e-1);
    let p = p.mul_add(m, 1.424_932_3e-1);
    let p = p.mul_add(m, -1.666_805_8e-1);
    let p = p.mul_add(m, 2.000_071_4e-1);
    let p = p.mul_add(m, -2.499_999_4e-1);
    let p = p.mul_add(m, 3.333_333e-1);
    let ef = e as f32;
    let y = (p * m).mul_add(z, ef.mul_add(LN2_LO, -0.5 * z));
    let v = ef.mul_add(LN2_HI, m + y);
    if x.is_nan() || x < 0.0 {
        f32::NAN
    } else if x == 0.0 {
        f32::NEG_INFINITY
    } else if x == f32::INFINITY {
        x
    } else {
        v
    }
}

#[inline(always)]
fn tanh_f32(x: f32) -> f32 {
    let a = x.abs();
    // near zero an odd polynomial; elsewhere 1 - 2 / (e^2|x| + 1)
    let z = x * x;
    let p = -5.704_988_7e-3_f32;
    let p = p.mul_add(z, 2.063_909e-2);
    let p = p.mul_add(z, -5.373_971_6e-2);
    let p = p.mul_add(z, 1.333_144_2e-1);
    let p = p.mul_add(z, -3.333_328e-1);
    let small = (p * z).mul_add(a, a);
    let large = 1.0 - 2.0 / (exp_f32(a + a) + 1.0);
    // odd function: work on |x|, then give the result x's sign (keeps -0.0)
    let t = if a < 0.625 { small } else { large };
    if x.is_nan() {
        x
    } else {
        t.copysign(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ulps(a: f32, b: f64) -> f64 {
        let b32 = b as f32;
        if a == b32 || (a.is_nan() && b.is_nan()) {
            return 0.0;
        }
        let ulp = (b32.abs().next_up() - b32.abs()) as f64;
        ((a as f64) - b).abs() / ulp.max(f32::from_bits(1) as f64)
    }

    fn worst(f: fn(f32) -> f32, exact: fn(f64) -> f64, lo: f32, hi: f32) -> f64 {
        let steps = 200_000;
        (0..=steps)
            .map(|i| lo + (hi - lo) * i as f32 / steps as f32)
            .map(|x| ulps(f(x), exact(x as f64)))
            .fold(0.0, f64::max)
    }

    #[test]
    fn accuracy_within_a_few_ulp() {
        assert!(worst(exp_f32, f64::exp, -87.0, 88.0) <= 2.0);
        assert!(worst(ln_f32, f64::ln, 1e-30, 10.0) <= 2.0);
        assert!(worst(ln_f32, f64::ln, 10.0, 1e30) <= 2.0);
        assert!(worst(tanh_f32, f64::tanh, -10.0, 10.0) <= 3.0);
        assert!(worst(tanh_f32, f64::tanh, -0.01, 0.01) <= 2.0);
    }

    /// Inputs spread over every binade, both signs, with the special values.
    fn every_kind_of_f32() -> Vec<f32> {
        let specials = [
            0.0, -0.0, 1.0, -1.0, 0.625, -0.625, 88.7, 89.5, -103.9, -150.0,
        ];
        let odd = [
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::NAN,
            1e-45,
            -1e-45,
            f32::MIN_POSITIVE,
        ];
        (0..400_000u32)
            .map(|i| f32::from_bits(i.wrapping_mul(10_737)))
            .chain((0..20_000).map(|i| -12.0 + i as f32 * 1.2e-3))
            .chain(specials.into_iter().chain(odd))
            .collect()
    }

    fn same_bits(kernel: fn(&[f32], &mut [MaybeUninit<f32>]), scalar: fn(f32) -> f32) {
        let xs = every_kind_of_f32();
        // every tail length of the 64-element step
        for len in (0..130).chain([xs.len()]) {
            let x = &xs[xs.len() - len..];
            let mut out = vec![MaybeUninit::uninit(); len];
            kernel(x, &mut out);
            for (&v, o) in x.iter().zip(&out) {
                let (got, want) = (unsafe { o.assume_init() }, scalar(v));
                assert!(
                    got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()),
                    "at {v:e}: slice kernel {got:e}, scalar {want:e}"
                );
            }
        }
    }

    #[test]
    fn slice_kernels_match_the_scalar_functions() {
        // on AVX-512 machines this checks the hand-written kernels
        same_bits(f32::exp_into, exp_f32);
        same_bits(f32::ln_into, ln_f32);
        same_bits(f32::tanh_into, tanh_f32);
        same_bits(f32::sigmoid_into, |v| v.fast_sigmoid());
        same_bits(
            |x, out| f32::exp_shifted_into(x, 2.5, out),
            |v| exp_f32(v - 2.5),
        );
    }

    #[test]
    fn special_values() {
        assert_eq!(exp_f32(f32::INFINITY), f32::INFINITY);
        assert_eq!(exp_f32(f32::NEG_INFINITY), 0.0);
        assert_eq!(exp_f32(100.0), f32::INFINITY);
        assert!(exp_f32(f32::NAN).is_nan());
        assert_eq!(exp_f32(0.0), 1.0);
        assert!(exp_f32(-100.0) > 0.0, "subnormal results are kept");
        assert_eq!(ln_f32(0.0), f32::NEG_INFINITY);
        assert!(ln_f32(-1.0).is_nan());
        assert!(ln_f32(f32::NAN).is_nan());
        assert_eq!(ln_f32(f32::INFINITY), f32::INFINITY);
        assert_eq!(ln_f32(1.0), 0.0);
        assert!((ln_f32(1e-40) as f64 - (1e-40f32 as f64).ln()).abs() < 1e-5);
        assert_eq!(tanh_f32(f32::INFINITY), 1.0);
        assert_eq!(tanh_f32(f32::NEG_INFINITY), -1.0);
        assert!(tanh_f32(f32::NAN).is_nan());
        assert_eq!(tanh_f32(-0.0).to_bits(), (-0.0f32).to_bits());
        assert!((1.0f32.fast_sigmoid() - 1.0 / (1.0 + (-1.0f32).exp())).abs() <= f32::EPSILON);
    }
}
