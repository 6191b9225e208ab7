//! The regularized incomplete gamma functions igamma (P) and igammac (Q),
//! forward beside backward; torch.special names them gammainc/gammaincc.
//!
//! The scalar functions port torch's `calc_igamma`/`calc_igammac` (SciPy's
//! Cephes- and Boost-derived ones) in the input's float type, including the
//! few steps torch's float32 version takes in float64 (a double literal in
//! a comparison or product promotes it), so float32 results are torch's bits.
//! torch's CPU kernels are compiled with FMA contraction: where its build
//! fuses a product into the sum that consumes it, these use `mul_add`.
#![allow(clippy::excessive_precision, clippy::unreadable_literal)]

use super::arith::{mul, neg, sub, sub_scalar};
use super::grad0;
use super::reduce::sum_to_shape;
use super::special::{lgamma, Gamma};
use super::unary::{exp, log};
use crate::autograd::node::{Backward, Grads, Saved};
use crate::autograd::{needs_graph, record};
use crate::dtype::{result_type, DType, Scalar};
use crate::error::{Error, Result};
use crate::kernels;
use crate::shape::broadcast_shapes;
use crate::tensor::Tensor;
use num_traits::Float;
use smallvec::smallvec;

include!("igamma_table.rs");

extern "C" {
    fn erfc(x: f64) -> f64;
    fn erfcf(x: f32) -> f32;
}

/// What the float types do differently: their constants and C's erfc.
pub(crate) trait Igam: Float + Gamma {
    const MACHEP: f64;
    const DOUBLE: bool;
    const MAXLOG: f64;
    const BIG: f64;
    const BIGINV: f64;
    fn erfc_(self) -> Self;

    fn c(v: f64) -> Self {
        Self::from(v).unwrap_or_else(Self::nan)
    }
    fn f(self) -> f64 {
        self.to_f64().unwrap_or(f64::NAN)
    }
}

impl Igam for f64 {
    const MACHEP: f64 = 1.11022302462515654042E-16;
    const DOUBLE: bool = true;
    const MAXLOG: f64 = 7.09782712893383996843E2;
    const BIG: f64 = 4.503599627370496e15;
    const BIGINV: f64 = 2.22044604925031308085e-16;
    fn erfc_(self) -> f64 {
        // SAFETY: a pure libm call
        unsafe { erfc(self) }
    }
}

impl Igam for f32 {
    const MACHEP: f64 = 5.9604644775390625E-8;
    const DOUBLE: bool = false;
    const MAXLOG: f64 = 88.72283905206835;
    const BIG: f64 = 16777216.0;
    const BIGINV: f64 = 5.9604644775390625E-8;
    fn erfc_(self) -> f32 {
        // SAFETY: a pure libm call
        unsafe { erfcf(self) }
    }
}

const LANCZOS_NUM: [f64; 13] = [
    0.006061842346248906525783753964555936883222,
    0.5098416655656676188125178644804694509993,
    19.51992788247617482847860966235652136208,
    449.9445569063168119446858607650988409623,
    6955.999602515376140356310115515198987526,
    75999.29304014542649875303443598909137092,
    601859.6171681098786670226533699352302507,
    3481712.15498064590882071018964774556468,
    14605578.08768506808414169982791359218571,
    43338889.32467613834773723740590533316085,
    86363131.28813859145546927288977868422342,
    103794043.1163445451906271053616070238554,
    56906521.91347156388090791033559122686859,
];
const LANCZOS_DENOM: [f64; 13] = [
    1., 66., 1925., 32670., 357423., 2637558., 13339535., 45995730., 105258076., 150917976.,
    120543840., 39916800., 0.,
];

/// Boost's Lanczos sum (scaled by exp(−g)): a ratio of polynomials, in 1/x
/// beyond |x| > 1 (the degrees are equal, so no power of x is left over).
fn lanczos_sum_expg_scaled<T: Igam>(x: T) -> T {
    let poly = |c: &[f64; 13], y: T, rev: bool| {
        let mut it: Box<dyn Iterator<Item = &f64>> = if rev {
            Box::new(c.iter().rev())
        } else {
            Box::new(c.iter())
        };
        let mut acc = T::c(*it.next().unwrap_or(&0.0));
        for &k in it {
            acc = acc.mul_add(y, T::c(k));
        }
        acc
    };
    let big = x.abs() > T::one();
    let y = if big { T::one() / x } else { x };
    // Horner from the first coefficient stored, or in 1/x from the last
    poly(&LANCZOS_NUM, y, big) / poly(&LANCZOS_DENOM, y, big)
}

/// x^a·e^(−x)/Γ(a), the prefactor of both series.
fn fac<T: Igam>(a: T, x: T) -> T {
    let g = T::c(6.024680040776729583740234375);
    if (a - x).abs().f() > 0.4 * a.abs().f() {
        let ax = a.mul_add(x.ln(), -x) - a.lgamma();
        if ax < T::c(-T::MAXLOG) {
            return T::zero();
        }
        return ax.exp();
    }
    let fac = a + g - T::c(0.5);
    let mut res = (fac / T::c(std::f64::consts::E)).sqrt() / lanczos_sum_expg_scaled(a);
    if a < T::c(200.0) && x < T::c(200.0) {
        res = res * ((a - x).exp() * (x / fac).powf(a));
    } else {
        let num = x - a - g + T::c(0.5);
        let nf = num / fac;
        // torch's double literal 0.5 takes this sum (and its exp) to float64
        let tail = x.f() * (0.5 - g.f()) / fac.f();
        let e = if T::DOUBLE {
            // one type throughout: contracted
            a.f().mul_add((nf.ln_1p() - nf).f(), tail)
        } else {
            (a * (nf.ln_1p() - nf)).f() + tail
        };
        res = T::c(res.f() * e.exp());
    }
    res
}

/// P(a, x) by its power series (DLMF 8.11.4).
fn igam_series<T: Igam>(a: T, x: T) -> T {
    let ax = fac(a, x);
    if ax == T::zero() {
        return T::zero();
    }
    let (mut r, mut c, mut ans) = (a, T::one(), T::one());
    for _ in 0..2000 {
        r = r + T::one();
        c = c * (x / r);
        ans = ans + c;
        if c <= T::c(T::MACHEP) * ans {
            break;
        }
    }
    ans * ax / a
}

/// Q(a, x) by DLMF 8.7.3, for small x.
fn igamc_series<T: Igam>(a: T, x: T) -> T {
    let (mut f, mut sum) = (T::one(), T::zero());
    for n in 1..2000 {
        let n = T::c(f64::from(n));
        f = f * (-x / n);
        let term = f / (a + n);
        sum = sum + term;
        if term.abs() <= T::c(T::MACHEP) * sum.abs() {
            break;
        }
    }
    let logx = x.ln();
    let term = -a.mul_add(logx, -(T::one() + a).lgamma()).exp_m1();
    (-a.mul_add(logx, -a.lgamma()).exp()).mul_add(sum, term)
}

/// P (`igam`) or Q by the uniform asymptotic expansion for large a ≈ x
/// (DLMF 8.12.3/8.12.4).
fn asymptotic_series<T: Igam>(a: T, x: T, igam: bool) -> T {
    let machep = T::c(T::MACHEP);
    let lambda = x / a;
    let sigma = (x - a) / a;
    let sgn = if igam { -1.0 } else { 1.0 };
    let eta = if lambda > T::one() {
        (T::c(-2.0) * (sigma.ln_1p() - sigma)).sqrt()
    } else if lambda < T::one() {
        -(T::c(-2.0) * (sigma.ln_1p() - sigma)).sqrt()
    } else {
        T::zero()
    };
    let res = T::c(0.5) * (T::c(sgn) * eta * (a / T::c(2.0)).sqrt()).erfc_();
    let mut etapow = [T::zero(); 25];
    etapow[0] = T::one();
    let mut maxpow = 0;
    let (mut sum, mut afac, mut absoldterm) = (T::zero(), T::one(), T::infinity());
    for row in &IGAM_D {
        let mut ck = T::c(row[0]);
        for n in 1..25 {
            if n > maxpow {
                etapow[n] = eta * etapow[n - 1];
                maxpow += 1;
            }
            let ckterm = T::c(row[n]) * etapow[n];
            ck = ck + ckterm;
            if ckterm.abs() < machep * ck.abs() {
                break;
            }
        }
        let term = ck * afac;
        let absterm = term.abs();
        if absterm > absoldterm {
            break;
        }
        sum = sum + term;
        if absterm < machep * sum.abs() {
            break;
        }
        absoldterm = absterm;
        afac = afac / a;
    }
    // torch's exp here sees a float64 argument (−0.5·a), and π is float32's
    let e = (-0.5 * a.f() * eta.f() * eta.f()).exp();
    let den = (T::c(2.0 * f64::from(std::f32::consts::PI)) * a).sqrt();
    T::c(res.f() + sgn * e * sum.f() / den.f())
}

/// Q(a, x) by its continued fraction (DLMF 8.9.2), for x beyond a, as the
/// product `(ans, ax)` it ends with.
fn igamc_continued_fraction<T: Igam>(a: T, x: T) -> (T, T) {
    let ax = fac(a, x);
    if ax == T::zero() {
        return (T::zero(), ax);
    }
    let (big, biginv) = (T::c(T::BIG), T::c(T::BIGINV));
    let one = T::one();
    let mut y = one - a;
    let mut z = x + y + one;
    let mut c = T::zero();
    let (mut pkm2, mut qkm2, mut pkm1) = (one, x, x + one);
    let mut qkm1 = z * x;
    let mut ans = pkm1 / qkm1;
    for _ in 0..2000 {
        c = c + one;
        y = y + one;
        z = z + T::c(2.0);
        let yc = y * c;
        let pk = pkm1.mul_add(z, -(pkm2 * yc));
        let qk = qkm1.mul_add(z, -(qkm2 * yc));
        let t = if qk != T::zero() {
            let r = pk / qk;
            let t = ((ans - r) / r).abs();
            ans = r;
            t
        } else {
            one
        };
        pkm2 = pkm1;
        pkm1 = pk;
        qkm2 = qkm1;
        qkm1 = qk;
        if pk.abs() > big {
            pkm2 = pkm2 * biginv;
            pkm1 = pkm1 * biginv;
            qkm2 = qkm2 * biginv;
            qkm1 = qkm1 * biginv;
        }
        if t <= T::c(T::MACHEP) {
            break;
        }
    }
    (ans, ax)
}

/// Where the asymptotic expansion applies (a large, x near a).
fn asymptotic_regime<T: Igam>(a: T, x: T) -> bool {
    let absxma_a = (x - a).abs() / a;
    (a > T::c(20.0) && a < T::c(200.0) && absxma_a < T::c(0.3))
        || (a > T::c(200.0) && absxma_a < T::c(4.5) / a.sqrt())
}

/// Q(a, x), the regularized upper incomplete gamma function.
pub(crate) fn calc_igammac<T: Igam>(a: T, x: T) -> T {
    let (zero, one) = (T::zero(), T::one());
    if x < zero || a < zero {
        return T::nan();
    } else if a == zero {
        return if x > zero { zero } else { T::nan() };
    } else if x == zero {
        return one;
    } else if a.is_infinite() {
        return if x.is_infinite() { T::nan() } else { one };
    } else if x.is_infinite() {
        return zero;
    }
    if asymptotic_regime(a, x) {
        return asymptotic_series(a, x, false);
    }
    // these comparisons are against double literals: in float64
    let (xf, af) = (x.f(), a.f());
    if xf > 1.1 {
        if x < a {
            one - igam_series(a, x)
        } else {
            let (ans, ax) = igamc_continued_fraction(a, x);
            ans * ax
        }
    } else if xf <= 0.5 {
        if -0.4 / x.ln().f() < af {
            one - igam_series(a, x)
        } else {
            igamc_series(a, x)
        }
    } else if xf * 1.1 < af {
        one - igam_series(a, x)
    } else {
        igamc_series(a, x)
    }
}

/// P(a, x), the regularized lower incomplete gamma function.
pub(crate) fn calc_igamma<T: Igam>(a: T, x: T) -> T {
    let (zero, one) = (T::zero(), T::one());
    if x < zero || a < zero {
        return T::nan();
    } else if a == zero {
        return if x > zero { one } else { T::nan() };
    } else if x == zero {
        return zero;
    } else if a.is_infinite() {
        return if x.is_infinite() { T::nan() } else { zero };
    } else if x.is_infinite() {
        return one;
    }
    if asymptotic_regime(a, x) {
        return asymptotic_series(a, x, true);
    }
    if x > one && x > a {
        return one - calc_igammac(a, x);
    }
    igam_series(a, x)
}

/// `igamma(a, x)` (IgammaBackward0), or `igammac` when `upper`
/// (IgammacBackward0).
pub fn igamma(a: &Tensor, x: &Tensor, upper: bool) -> Result<Tensor> {
    let dtype = result_type(a.dtype(), a.ndim() == 0, x.dtype(), x.ndim() == 0);
    let name = if upper { "igammac_cpu" } else { "igamma_cpu" };
    if !dtype.is_floating() {
        return crate::compute::unsupported(name, dtype);
    }
    let shape = broadcast_shapes(a.shape(), x.shape())?;
    let (ac, xc) = (a.cast(dtype), x.cast(dtype));
    let out = match (dtype, upper) {
        (DType::F64, false) => kernels::binary(&ac, &xc, &shape, calc_igamma::<f64>),
        (DType::F64, true) => kernels::binary(&ac, &xc, &shape, calc_igammac::<f64>),
        (_, false) => kernels::binary(&ac, &xc, &shape, calc_igamma::<f32>),
        (_, true) => kernels::binary(&ac, &xc, &shape, calc_igammac::<f32>),
    };
    if needs_graph(&[a, x]) {
        let node = if upper {
            "IgammacBackward0"
        } else {
            "IgammaBackward0"
        };
        let backward = IgammaBackward {
            a: Saved::input(a),
            x: Saved::input(x),
            upper,
        };
        record(node, &[a, x], &[&out], Box::new(backward));
    }
    Ok(out)
}

struct IgammaBackward {
    a: Saved,
    x: Saved,
    upper: bool,
}

impl Backward for IgammaBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        if needs[0] {
            let name = if self.upper { "igammac" } else { "igamma" };
            return Err(Error::NotImplemented(format!(
                "the derivative for '{name}: input' is not implemented."
            )));
        }
        let (g, a, x) = (grad0(grads), self.a.get()?, self.x.get()?);
        // d/dx P(a, x) = x^(a−1)·e^(−x)/Γ(a), written as torch writes it
        let t = sub(&mul(&sub_scalar(a, Scalar::Int(1))?, &log(x)?)?, x, 1.0)?;
        let d = exp(&sub(&t, &lgamma(a)?, 1.0)?)?;
        let g = if self.upper { neg(g)? } else { g.clone() };
        let gx = sum_to_shape(&mul(&g, &d)?, x.shape())?;
        Ok(smallvec![None, Some(gx)])
    }

    fn release(&mut self) {
        self.a.release();
        self.x.release();
    }
}
