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

/// Float arithmetic in a kernel's `scalar_t` (f32 or f64): the operations
/// torch's samplers and gradients run in their element type before
/// widening to double, so each rounds as it does there.
pub trait Real:
    GammaScalar
    + std::ops::Add<Output = Self>
    + std::ops::Sub<Output = Self>
    + std::ops::Mul<Output = Self>
    + std::ops::Div<Output = Self>
    + std::ops::Neg<Output = Self>
{
    fn floor(self) -> Self;
    fn sqrt(self) -> Self;
    fn ln(self) -> Self;
    fn ln_1p(self) -> Self;
    fn tan(self) -> Self;
    fn powf(self, e: Self) -> Self;
    fn is_nan(self) -> bool;
    fn lit(v: f64) -> Self {
        Self::from_f64(v)
    }
}

macro_rules! real_impl {
    ($t:ty) => {
        impl Real for $t {
            fn floor(self) -> $t {
                <$t>::floor(self)
            }
            fn sqrt(self) -> $t {
                <$t>::sqrt(self)
            }
            fn ln(self) -> $t {
                <$t>::ln(self)
            }
            fn ln_1p(self) -> $t {
                <$t>::ln_1p(self)
            }
            fn tan(self) -> $t {
                <$t>::tan(self)
            }
            fn powf(self, e: $t) -> $t {
                <$t>::powf(self, e)
            }
            fn is_nan(self) -> bool {
                <$t>::is_nan(self)
            }
        }
    };
}
real_impl!(f32);
real_impl!(f64);

/// `digamma_one<scalar_t, double>` of torch's `Distributions.h` (used by
/// the gamma and Dirichlet gradients; differs from `torch.digamma` at
/// negative inputs): the argument steps and the final log run in `T`, the
/// sums in double.
fn digamma_one<T: Real>(x: T) -> T {
    let zero = T::lit(0.0);
    if x == zero {
        return T::lit(f64::INFINITY);
    }
    let mut x = x;
    let mut additional = 0.0;
    if x < zero {
        if x == x.floor() {
            return T::lit(f64::INFINITY);
        }
        let pi = T::lit(std::f64::consts::PI);
        additional = (-pi / (pi * x).tan()).to_f64();
        x = T::lit(1.0) - x;
    }
    let ten = T::lit(10.0);
    let mut result = 0.0;
    while x < ten {
        result -= (T::lit(1.0) / x).to_f64();
        x = x + T::lit(1.0);
    }
    if x == ten {
        return T::from_f64(result + PSI_10 + additional);
    }
    let mut y = 0.0;
    if x < T::lit(f64::from(1.0e17f32)) {
        let z = 1.0 / (x * x).to_f64();
        y = z * polevl(z, &DIGAMMA_A);
    }
    T::from_f64(result + x.ln().to_f64() - (T::lit(0.5) / x).to_f64() - y + additional)
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

/// d x / d alpha of a Beta(alpha, beta) draw x near 0 (a Taylor series in
/// x, all in `T`).
fn beta_grad_alpha_small<T: Real>(x: T, alpha: T, beta: T) -> T {
    let one = T::lit(1.0);
    let factor = digamma_one(alpha) - digamma_one(alpha + beta) - x.ln();
    let mut numer = one;
    let mut series = numer / alpha * (factor + one / alpha);
    for i in 1..=10 {
        let i = T::lit(f64::from(i));
        numer = numer * ((i - beta) * x / i);
        let denom = alpha + i;
        series = series + numer / denom * (factor + one / denom);
    }
    let result = x * (one - x).powf(-beta) * series;
    if result.is_nan() {
        T::lit(0.0)
    } else {
        result
    }
}

/// d x / d beta of a Beta(alpha, beta) draw x near 0 (a Taylor series in
/// x, all in `T`).
fn beta_grad_beta_small<T: Real>(x: T, alpha: T, beta: T) -> T {
    let one = T::lit(1.0);
    let factor = digamma_one(alpha + beta) - digamma_one(beta);
    let (mut numer, mut betas, mut dbetas) = (one, one, T::lit(0.0));
    let mut series = factor / alpha;
    for i in 1..=8 {
        let i = T::lit(f64::from(i));
        numer = numer * (-x / i);
        dbetas = dbetas * (beta - i) + betas;
        betas = betas * (beta - i);
        series = series + numer / (alpha + i) * (dbetas + factor * betas);
    }
    let result = -(one - x).powf(one - beta) * series;
    if result.is_nan() {
        T::lit(0.0)
    } else {
        result
    }
}

/// d x / d alpha of a Beta(alpha, beta) draw when alpha and beta are both
/// large: a Rice saddle point expansion, in double.
fn beta_grad_alpha_mid(x: f64, alpha: f64, beta: f64) -> f64 {
    let total = alpha + beta;
    let mean = alpha / total;
    let std = (alpha * beta / (total + 1.0)).sqrt() / total;
    if mean - 0.1 * std <= x && x <= mean + 0.1 * std {
        // the expansion is singular at the mean; a polynomial stands in there
        let bb = beta * beta;
        let poly = 47.0 * x * bb * bb
            + alpha
                * ((43.0 + 20.0 * (16.0 + 27.0 * beta) * x) * bb * beta
                    + alpha
                        * (3.0 * (59.0 + 180.0 * beta - 90.0 * x) * bb
                            + alpha
                                * ((453.0 + 1620.0 * beta * (1.0 - x) - 455.0 * x) * beta
                                    + alpha * (8.0 * (1.0 - x) * (135.0 * beta - 11.0)))));
        let prefactor_num = (1.0 + 12.0 * alpha) * (1.0 + 12.0 * beta) / (total * total);
        let prefactor_den = 12960.0 * alpha * alpha * alpha * beta * beta * (1.0 + 12.0 * total);
        return prefactor_num / (1.0 - x) * poly / prefactor_den;
    }
    let prefactor = -x / (2.0 * alpha * beta / total).sqrt();
    let stirling = (1.0 + 1.0 / (12.0 * alpha) + 1.0 / (288.0 * alpha * alpha))
        * (1.0 + 1.0 / (12.0 * beta) + 1.0 / (288.0 * beta * beta))
        / (1.0 + 1.0 / (12.0 * total) + 1.0 / (288.0 * total * total));
    let term1_num =
        2.0 * (alpha * alpha) * (x - 1.0) + alpha * beta * (x - 1.0) - x * (beta * beta);
    let axbx = alpha * (x - 1.0) + beta * x;
    let term1_den = (2.0 * alpha / beta).sqrt() * total.powf(1.5) * axbx * axbx;
    let term1 = term1_num / term1_den;
    let term2 = 0.5 * (alpha / (total * x)).ln();
    let term3_num = (8.0 * alpha * beta / total).sqrt();
    let term3_den = beta * x + alpha * (x - 1.0);
    let term3 = term3_num / term3_den;
    let term4_base = beta * (beta / (total * (1.0 - x))).ln() + alpha * (alpha / (total * x)).ln();
    let term4 = term4_base.powf(-1.5);
    let term1234 = term1 + term2 * (term3 + if x < mean { term4 } else { -term4 });
    stirling * prefactor * term1234
}

/// Coefficients of the rational correction in `dirichlet_grad_one`:
/// `[numerator/denominator][power of u][power of a][power of b]`.
const DIRICHLET_C: [[[[f64; 4]; 3]; 3]; 2] = [
    [
        [
            [1.003668233, -0.01061107488, -0.0657888334, 0.01201642863],
            [0.6336835991, -0.3557432599, 0.05486251648, -0.001465281033],
            [
                -0.03276231906,
                0.004474107445,
                0.002429354597,
                -0.0001557569013,
            ],
        ],
        [
            [0.221950385, -0.3187676331, 0.01799915743, 0.01074823814],
            [-0.2951249643, 0.06219954479, 0.01535556598, 0.001550077057],
            [
                0.02155310298,
                0.004170831599,
                0.001292462449,
                6.976601077e-05,
            ],
        ],
        [
            [
                -0.05980841433,
                0.008441916499,
                0.01085618172,
                0.002319392565,
            ],
            [
                0.02911413504,
                0.01400243777,
                -0.002721828457,
                0.000751041181,
            ],
            [
                0.005900514878,
                -0.001936558688,
                -9.495446725e-06,
                5.385558597e-05,
            ],
        ],
    ],
    [
        [
            [1.0, -0.02924021934, -0.04438342661, 0.007285809825],
            [0.6357567472, -0.3473456711, 0.05454656494, -0.002407477521],
            [
                -0.03301322327,
                0.004845219414,
                0.00231480583,
                -0.0002307248149,
            ],
        ],
        [
            [0.5925320577, -0.1757678135, 0.01505928619, 0.000564515273],
            [
                0.1014815858,
                -0.06589186703,
                0.01272886114,
                -0.0007316646956,
            ],
            [
                -0.007258481865,
                0.001096195486,
                0.0003934994223,
                -4.12701925e-05,
            ],
        ],
        [
            [
                0.06469649321,
                -0.0236701437,
                0.002902096474,
                -5.896963079e-05,
            ],
            [
                0.001925008108,
                -0.002869809258,
                0.0008000589141,
                -6.063713228e-05,
            ],
            [
                -0.0003477407336,
                6.959756487e-05,
                1.097287507e-05,
                -1.650964693e-06,
            ],
        ],
    ],
];

/// torch's `dirichlet_grad_one<scalar_t, double>`: the reparameterized
/// gradient d x / d alpha of a Beta(alpha, total - alpha) draw `x`, scaled
/// by 1 / (1 - x) (`torch._dirichlet_grad`). Asymptotic series near 0 and
/// 1 and for large concentrations, else a rational correction of an
/// analytic approximation; each in torch's mix of `T` and double.
pub fn dirichlet_grad_one<T: Real>(x: T, alpha: T, total: T) -> T {
    let (x_, alpha_, total_) = (x.to_f64(), alpha.to_f64(), total.to_f64());
    let one = T::lit(1.0);
    let beta = total - alpha;
    let beta_ = total_ - alpha_;
    let boundary = total * x * (one - x);
    let half = T::lit(0.5);
    if x <= half && boundary < T::lit(2.5) {
        return beta_grad_alpha_small(x, alpha, beta);
    }
    if x >= half && boundary < T::lit(0.75) {
        return -beta_grad_beta_small(one - x, beta, alpha);
    }
    let six = T::lit(6.0);
    if alpha > six && beta > six {
        return T::from_f64(beta_grad_alpha_mid(x_, alpha_, beta_));
    }
    let u = x_.ln();
    let a = alpha_.ln() - u;
    let b = total_.ln() - a;
    let pow_u = [1.0, u, u * u];
    let pow_a = [1.0, a, a * a];
    let (mut p, mut q) = (0.0, 0.0);
    for i in 0..3 {
        for j in 0..3 {
            let ua = pow_u[i] * pow_a[j];
            let [cp, cq] = [DIRICHLET_C[0][i][j], DIRICHLET_C[1][i][j]];
            p += ua * (cp[0] + b * (cp[1] + b * (cp[2] + b * cp[3])));
            q += ua * (cq[0] + b * (cq[1] + b * (cq[2] + b * cq[3])));
        }
    }
    let digammas = digamma_one(T::from_f64(total_)) - digamma_one(T::from_f64(alpha_));
    let approx = x_ * digammas.to_f64() / beta_;
    T::from_f64(p / q * approx)
}
