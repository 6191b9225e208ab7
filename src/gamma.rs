//! The gamma family: torch's CPU gamma sampler (`_standard_gamma`,
//! `_sample_dirichlet`), its reparameterized gradient
//! (`_standard_gamma_grad`), each computed as torch's CPU kernels do so
//! the bits match.

use crate::ops::special::{DIGAMMA_A, PSI_10};
use crate::random::Generator;

/// The sample precision of `sample_gamma`: torch instantiates it with
/// `scalar_t` float or double and always accumulates in double, but its
/// `float` literals and the `alpha` updates stay in `scalar_t`.
pub trait GammaScalar: Copy + PartialOrd {
    fn to_f64(self) -> f64;
    fn from_f64(v: f64) -> Self;
    /// `1.0f / alpha` in `scalar_t`.
    fn recip(self) -> Self;
    /// `alpha + 1.0f` in `scalar_t`.
    fn plus_one(self) -> Self;
    /// `alpha - 1.0f / 3.0f` in `scalar_t` (the third is a float constant).
    fn minus_third(self) -> Self;
    /// `std::numeric_limits<scalar_t>::min()`.
    const TINY: Self;
}

impl GammaScalar for f32 {
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
    fn from_f64(v: f64) -> f32 {
        v as f32
    }
    fn recip(self) -> f32 {
        1.0 / self
    }
    fn plus_one(self) -> f32 {
        self + 1.0
    }
    fn minus_third(self) -> f32 {
        self - 1.0f32 / 3.0f32
    }
    const TINY: f32 = f32::MIN_POSITIVE;
}

impl GammaScalar for f64 {
    fn to_f64(self) -> f64 {
        self
    }
    fn from_f64(v: f64) -> f64 {
        v
    }
    fn recip(self) -> f64 {
        1.0 / self
    }
    fn plus_one(self) -> f64 {
        self + 1.0
    }
    fn minus_third(self) -> f64 {
        self - f64::from(1.0f32 / 3.0f32)
    }
    const TINY: f64 = f64::MIN_POSITIVE;
}

impl Generator {
    /// torch's `sample_gamma` (Marsaglia–Tsang, alpha below 1 boosted by
    /// one and scaled by `u^(1/alpha)`): uniforms are 53-bit doubles and
    /// normals the serial double Box–Muller, whose second value is cached
    /// in the generator between calls.
    fn sample_gamma<T: GammaScalar>(&mut self, alpha: T) -> f64 {
        let mut alpha = alpha;
        let mut scale = 1.0f64;
        if alpha.to_f64() < 1.0 {
            if alpha.to_f64() == 0.0 {
                return 0.0;
            }
            scale *= (1.0 - self.uniform_53()).powf(alpha.recip().to_f64());
            alpha = alpha.plus_one();
        }
        let d = alpha.minus_third().to_f64();
        // torch loops forever here (NaN or alpha <= -2/3); give NaN instead.
        if d.is_nan() || d < 0.0 {
            return f64::NAN;
        }
        let c = 1.0 / (9.0 * d).sqrt();
        let third_order = f64::from(0.0331f32);
        loop {
            let (x, y) = loop {
                let x = self.standard_normal_serial();
                let y = 1.0 + c * x;
                if y > 0.0 || y.is_nan() {
                    break (x, y);
                }
            };
            let v = y * y * y;
            let u = 1.0 - self.uniform_53();
            let xx = x * x;
            if u < 1.0 - third_order * xx * xx {
                return scale * d * v;
            }
            if u.ln() < 0.5 * xx + d * (1.0 - v + v.ln()) {
                return scale * d * v;
            }
        }
    }

    /// `torch._standard_gamma(alpha)` on CPU: one draw per element in
    /// order, rounded to `T` and raised to the smallest normal number.
    pub fn standard_gamma<T: GammaScalar>(&mut self, alpha: &[T]) -> Vec<T> {
        alpha
            .iter()
            .map(|&a| {
                let s = T::from_f64(self.sample_gamma(a));
                // std::max(min, s): a NaN sample stays NaN only if it is first.
                if T::TINY < s || s.to_f64().is_nan() {
                    s
                } else {
                    T::TINY
                }
            })
            .collect()
    }

    /// The first half of `torch._sample_dirichlet(alpha)` on CPU: gamma
    /// draws in double (alpha cast up), raised to the smallest double.
    pub fn dirichlet_gammas<T: GammaScalar>(&mut self, alpha: &[T]) -> Vec<f64> {
        alpha
            .iter()
            .map(|&a| self.sample_gamma(a.to_f64()).max(f64::MIN_POSITIVE))
            .collect()
    }
}

/// The second half of `torch._sample_dirichlet`: each draw divided by its
/// row's double sum (`sums`, one per row of `k`), rounded to `T` and
/// clamped to `[min, 1 - ulp]`.
pub fn dirichlet_normalize<T: GammaScalar>(gammas: &[f64], sums: &[f64], k: usize) -> Vec<T> {
    let below_one = next_below_one::<T>();
    gammas
        .chunks(k.max(1))
        .zip(sums)
        .flat_map(|(row, &total)| {
            row.iter().map(move |&g| {
                let v = T::from_f64(g / total);
                let v = if T::TINY < v { v } else { T::TINY };
                if v.to_f64() < below_one {
                    v
                } else {
                    T::from_f64(below_one)
                }
            })
        })
        .collect()
}

/// `std::nexttoward(scalar_t(1), 0)`.
fn next_below_one<T: GammaScalar>() -> f64 {
    if T::TINY.to_f64() == f64::from(f32::MIN_POSITIVE) {
        f64::from(f32::from_bits(1.0f32.to_bits() - 1))
    } else {
        f64::from_bits(1.0f64.to_bits() - 1)
    }
}

/// Evaluates the polynomial with coefficients `a` (highest first) at `x`
/// by Horner's rule (cephes `polevl`).
fn polevl(x: f64, a: &[f64]) -> f64 {
    a.iter().fold(0.0, |acc, &c| acc * x + c)
}

/// `digamma_one<double, double>` of torch's `Distributions.h` (used by the
/// gamma gradient; differs from `torch.digamma` at negative inputs).
fn digamma_one(x: f64) -> f64 {
    if x == 0.0 {
        return f64::INFINITY;
    }
    let mut x = x;
    let mut additional = 0.0;
    if x < 0.0 {
        if x == x.floor() {
            return f64::INFINITY;
        }
        additional = -std::f64::consts::PI / (std::f64::consts::PI * x).tan();
        x = 1.0 - x;
    }
    let mut result = 0.0;
    while x < 10.0 {
        result -= 1.0 / x;
        x += 1.0;
    }
    if x == 10.0 {
        return result + PSI_10 + additional;
    }
    let mut y = 0.0;
    if x < f64::from(1.0e17f32) {
        let z = 1.0 / (x * x);
        y = z * polevl(z, &DIGAMMA_A);
    }
    result + x.ln() - (0.5 / x) - y + additional
}

/// torch's `standard_gamma_grad_one<scalar_t, double>`: the reparameterized
/// gradient d sample / d alpha of a standard gamma draw `x`.
pub fn standard_gamma_grad_one(alpha: f64, x: f64) -> f64 {
    // Taylor series for small x.
    if x < f64::from(0.8f32) {
        let mut numer = 1.0;
        let mut denom = alpha;
        let mut series1 = numer / denom;
        let mut series2 = numer / (denom * denom);
        for i in 1..=5 {
            numer *= -x / f64::from(i);
            denom += 1.0;
            series1 += numer / denom;
            series2 += numer / (denom * denom);
        }
        let pow_x_alpha = x.powf(alpha);
        let gamma_pdf = x.powf(alpha - 1.0) * (-x).exp();
        let gamma_cdf = pow_x_alpha * series1;
        let gamma_cdf_alpha = (x.ln() - digamma_one(alpha)) * gamma_cdf - pow_x_alpha * series2;
        let result = -gamma_cdf_alpha / gamma_pdf;
        return if result.is_nan() { 0.0 } else { result };
    }
    // Rice saddle point expansion for large alpha.
    if alpha > 8.0 {
        if f64::from(0.9f32) * alpha <= x && x <= f64::from(1.1f32) * alpha {
            let numer_1 = 1.0 + 24.0 * alpha * (1.0 + 12.0 * alpha);
            let numer_2 = 1440.0 * (alpha * alpha) + 6.0 * x * (53.0 - 120.0 * x)
                - 65.0 * x * x / alpha
                + alpha * (107.0 + 3600.0 * x);
            let denom = 1_244_160.0 * (alpha * alpha) * (alpha * alpha);
            return numer_1 * numer_2 / denom;
        }
        let denom = (8.0 * alpha).sqrt();
        let term2 = denom / (alpha - x);
        let term3 = (x - alpha - alpha * (x / alpha).ln()).powf(-1.5);
        let term23 = if x < alpha {
            term2 - term3
        } else {
            term2 + term3
        };
        let term1 = (x / alpha).ln() * term23
            - (2.0 / alpha).sqrt() * (alpha + x) / ((alpha - x) * (alpha - x));
        let stirling = 1.0 + 1.0 / (12.0 * alpha) * (1.0 + 1.0 / (24.0 * alpha));
        let numer = x * term1;
        return -stirling * numer / denom;
    }
    // Bivariate rational approximation.
    let u = (x / alpha).ln();
    let v = alpha.ln();
    const COEF_UV: [[f64; 8]; 3] = [
        [
            0.16009398,
            -0.094634809,
            0.025146376,
            -0.0030648343,
            1.0,
            0.32668115,
            0.10406089,
            0.0014179084,
        ],
        [
            0.53487893,
            0.1298071,
            0.065735949,
            -0.0015649758,
            0.16639465,
            0.020070113,
            -0.0035938915,
            -0.00058392623,
        ],
        [
            0.040121004,
            -0.0065914022,
            -0.0026286047,
            -0.0013441777,
            0.017050642,
            -0.0021309326,
            0.00085092367,
            -1.5247877e-07,
        ],
    ];
    let mut coef_v = [0.0f64; 8];
    for (i, c) in coef_v.iter_mut().enumerate() {
        *c = COEF_UV[0][i] + u * (COEF_UV[1][i] + u * COEF_UV[2][i]);
    }
    let p = coef_v[0] + v * (coef_v[1] + v * (coef_v[2] + v * coef_v[3]));
    let q = coef_v[4] + v * (coef_v[5] + v * (coef_v[6] + v * coef_v[7]));
    (p / q).exp()
}
