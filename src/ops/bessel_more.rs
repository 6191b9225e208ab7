//! The scalar kernels of torch.special's Bessel-type functions beyond
//! i0/i0e/i1/i1e: Airy Ai, J0, J1, Y0, Y1, the modified I0, I1, K0, K1 (and
//! K0, K1 scaled by eˣ) and the spherical j0.
//!
//! Each is Cephes' approximation as torch's CPU kernels evaluate it: the same
//! branches and tables, computed in the input's own float type (float32
//! stays float32, except K0's logarithm, which torch takes in double). torch
//! builds these kernels with FMA contraction, so a product that feeds a sum
//! directly is fused here where GCC fuses it (every Horner step, and the
//! first product of a final `a·b ± c·d`).
#![allow(clippy::excessive_precision, clippy::unreadable_literal)]

use num_traits::Float;

use super::bessel::{I0E_A, I0E_B, I1E_A, I1E_B};

include!("bessel_more_tables.rs");

/// π/4, 3π/4, √(2/π) and 2/π as the asymptotic forms use them.
const PIO4: f64 = std::f64::consts::FRAC_PI_4;
const THPIO4: f64 = 2.356194490192344928846982537459627163;
const SQ2OPI: f64 = 0.797884560802865355879892119868763737;
const TWOOPI: f64 = std::f64::consts::FRAC_2_PI;

/// A float64 constant in `F` (rounded once, as C++ converts a double
/// literal to float).
#[inline(always)]
fn k<F: Float>(v: f64) -> F {
    F::from(v).unwrap_or_else(F::nan)
}

/// Horner's rule from zero, each step one fused multiply-add.
#[inline(always)]
fn horner<F: Float>(z: F, c: &[f64]) -> F {
    c.iter().fold(F::zero(), |acc, &c| acc.mul_add(z, k(c)))
}

/// Cephes' Chebyshev recurrence at `y` (= x/2 in `chbevl`'s terms):
/// returns `(b0, b2)`, whose half-difference is the series' value.
#[inline(always)]
fn chebyshev<F: Float>(y: F, c: &[f64]) -> (F, F) {
    let (mut b0, mut b1, mut b2) = (k::<F>(c[0]), F::zero(), F::zero());
    for &c in &c[1..] {
        b2 = b1;
        b1 = b0;
        b0 = y.mul_add(b1, -b2) + k(c);
    }
    (b0, b2)
}

#[inline(always)]
fn half<F: Float>((b0, b2): (F, F)) -> F {
    k::<F>(0.5) * (b0 - b2)
}

/// The float types the kernels run in: float32 takes K0's logarithm in
/// double, as torch's `log(0.5 * x)` (a double literal) does.
pub(crate) trait BesselReal: Float {
    /// `head − ln(x/2)·i0`, K0's small-argument form.
    fn k0_tail(head: Self, x: Self, i0: Self) -> Self;
}

impl BesselReal for f64 {
    fn k0_tail(head: f64, x: f64, i0: f64) -> f64 {
        (-(0.5 * x).ln()).mul_add(i0, head)
    }
}

impl BesselReal for f32 {
    fn k0_tail(head: f32, x: f32, i0: f32) -> f32 {
        let log = (0.5 * f64::from(x)).ln();
        (-log).mul_add(f64::from(i0), f64::from(head)) as f32
    }
}

/// Airy's Ai(x).
pub(crate) fn airy_ai<F: BesselReal>(x: F) -> F {
    if x.is_infinite() {
        return F::nan();
    }
    if x > k(103.892) {
        return F::zero();
    }
    let one = F::one();
    if x < k(-2.09) {
        let zeta = k::<F>(-2.0) * x * (-x).sqrt() / k(3.0);
        let z = one / zeta;
        let zz = z * z;
        let afn = horner(zz, &AIRY_AFN);
        let afd = horner(zz, &AIRY_AFD);
        let agn = horner(zz, &AIRY_AGN);
        let agd = horner(zz, &AIRY_AGD);
        let t = zeta + k::<F>(0.25) * k(std::f64::consts::PI);
        let f = one + zz * afn / afd;
        let g = z * agn / agd;
        return k::<F>(5.64189583547756286948e-01) / (-x).sqrt().sqrt()
            * t.sin().mul_add(f, -(t.cos() * g));
    }
    if x >= k(2.09) {
        // (torch runs the power series below here too, and discards it)
        let zeta = k::<F>(2.0) * x * x.sqrt() / k(3.0);
        let w = one / zeta;
        let an = horner(w, &AIRY_AN);
        let ad = horner(w, &AIRY_AD);
        return k::<F>(5.64189583547756286948e-01) * (an / ad)
            / (k::<F>(2.0) * x.sqrt().sqrt() * zeta.exp());
    }
    // Maclaurin series of the two Airy solutions f and g
    let (mut f, mut g, mut kk) = (one, x, one);
    let (mut m, mut n, mut t) = (one, x, one);
    let z = x * x * x;
    while t > F::epsilon() {
        m = m * z;
        kk = kk + one;
        m = m / kk;
        n = n * z;
        kk = kk + one;
        n = n / kk;
        m = m / kk;
        f = f + m;
        kk = kk + one;
        n = n / kk;
        g = g + n;
        t = (m / f).abs();
    }
    k::<F>(0.355028053887817239260).mul_add(f, -(k::<F>(0.258819403792806798405) * g))
}

/// The asymptotic form of J and Y for x > 5: √(2/πx)·(P·trig₁(x − φ) ∓
/// (5/x)·Q·trig₂(x − φ)), with `w` the series' variable.
#[inline(always)]
fn hankel<F: Float>(
    x: F,
    w: F,
    p: (&[f64], &[f64]),
    q: (&[f64], &[f64]),
    j: bool,
    phase: f64,
) -> F {
    let pp = horner(w, p.0) / horner(w, p.1);
    let qq = k::<F>(5.0) / x * (horner(w, q.0) / horner(w, q.1));
    let (s, c) = (x - k(phase)).sin_cos();
    let sum = if j {
        pp.mul_add(c, -(qq * s))
    } else {
        pp.mul_add(s, qq * c)
    };
    sum * k(SQ2OPI) / x.sqrt()
}

/// J0(x).
pub(crate) fn bessel_j0<F: BesselReal>(x: F) -> F {
    let x = if x < F::zero() { -x } else { x };
    if x <= k(5.0) {
        let xx = x * x;
        if x < k(0.00001) {
            return (-xx).mul_add(k(0.25), F::one());
        }
        let rp = horner(xx, &J0_RP);
        let rq = horner(xx, &J0_RQ);
        return (xx - k(5.78318596294678452118e+00)) * (xx - k(3.04712623436620863991e+01)) * rp
            / rq;
    }
    let w = k::<F>(25.0) / (x * x);
    hankel(x, w, (&J0_PP, &J0_PQ), (&J0_QP, &J0_QQ), true, PIO4)
}

/// J1(x).
pub(crate) fn bessel_j1<F: BesselReal>(x: F) -> F {
    if x < F::zero() {
        return -bessel_j1(-x);
    }
    if x <= k(5.0) {
        let xx = x * x;
        let rp = horner(xx, &J1_RP);
        let rq = horner(xx, &J1_RQ);
        return rp / rq
            * x
            * (xx - k(1.46819706421238932572e+01))
            * (xx - k(4.92184563216946036703e+01));
    }
    let z = k::<F>(5.0) / x;
    hankel(x, z * z, (&J1_PP, &J1_PQ), (&J1_QP, &J1_QQ), true, THPIO4)
}

/// Y0(x): NaN below zero, −∞ at zero.
pub(crate) fn bessel_y0<F: BesselReal>(x: F) -> F {
    if x <= k(5.0) {
        if x == F::zero() {
            return F::neg_infinity();
        }
        if x < F::zero() {
            return F::nan();
        }
        let xx = x * x;
        let yp = horner(xx, &Y0_YP);
        let yq = horner(xx, &Y0_YQ);
        return (k::<F>(TWOOPI) * x.ln()).mul_add(bessel_j0(x), yp / yq);
    }
    let w = k::<F>(25.0) / (x * x);
    hankel(x, w, (&J0_PP, &J0_PQ), (&J0_QP, &J0_QQ), false, PIO4)
}

/// Y1(x): NaN below zero, −∞ at zero.
pub(crate) fn bessel_y1<F: BesselReal>(x: F) -> F {
    if x <= k(5.0) {
        if x == F::zero() {
            return F::neg_infinity();
        }
        if x <= F::zero() {
            return F::nan();
        }
        let xx = x * x;
        let yp = horner(xx, &Y1_YP);
        let yq = horner(xx, &Y1_YQ);
        let tail = k::<F>(TWOOPI) * bessel_j1(x).mul_add(x.ln(), -(F::one() / x));
        return x.mul_add(yp / yq, tail);
    }
    let z = k::<F>(5.0) / x;
    hankel(x, z * z, (&J1_PP, &J1_PQ), (&J1_QP, &J1_QQ), false, THPIO4)
}

/// I0(x) (torch's `modified_bessel_i0`, the same values as `i0`).
pub(crate) fn modified_bessel_i0<F: BesselReal>(x: F) -> F {
    let a = x.abs();
    if a <= k(8.0) {
        let y = a / k(2.0) - k(2.0);
        return a.exp() * half(chebyshev(y, &I0E_A));
    }
    a.exp() * half(chebyshev(k::<F>(32.0) / a - k(2.0), &I0E_B)) / a.sqrt()
}

/// I1(x) (torch's `modified_bessel_i1`: the full tables in float32 too,
/// and its own order of the final products).
pub(crate) fn modified_bessel_i1<F: BesselReal>(x: F) -> F {
    let a = x.abs();
    let out = if a <= k(8.0) {
        let y = a / k(2.0) - k(2.0);
        half(chebyshev(y, &I1E_A)) * a * a.exp()
    } else {
        a.exp() * half(chebyshev(k::<F>(32.0) / a - k(2.0), &I1E_B)) / a.sqrt()
    };
    if x < F::zero() {
        -out
    } else {
        out
    }
}

/// K0's series on (0, 2] before its logarithmic term, and on (2, ∞) before
/// the e⁻ˣ/√x factor.
fn k0_small<F: BesselReal>(x: F) -> F {
    let y = x.mul_add(x, k(-2.0));
    F::k0_tail(half(chebyshev(y, &K0_A)), x, modified_bessel_i0(x))
}

fn k_large<F: BesselReal>(x: F, c: &[f64]) -> F {
    half(chebyshev(k::<F>(8.0) / x - k(2.0), c))
}

fn k1_small<F: BesselReal>(x: F) -> F {
    let y = x.mul_add(x, k(-2.0));
    (k::<F>(0.5) * x)
        .ln()
        .mul_add(modified_bessel_i1(x), half(chebyshev(y, &K1_A)) / x)
}

/// K0(x): NaN below zero, ∞ at zero.
pub(crate) fn modified_bessel_k0<F: BesselReal>(x: F) -> F {
    if x == F::zero() {
        return F::infinity();
    }
    if x < F::zero() {
        return F::nan();
    }
    if x <= k(2.0) {
        return k0_small(x);
    }
    (-x).exp() * k_large(x, &K0_B) / x.sqrt()
}

/// K1(x): NaN below zero, ∞ at zero.
pub(crate) fn modified_bessel_k1<F: BesselReal>(x: F) -> F {
    if x == F::zero() {
        return F::infinity();
    }
    if x < F::zero() {
        return F::nan();
    }
    if x <= k(2.0) {
        return k1_small(x);
    }
    (-x).exp() * k_large(x, &K1_B) / x.sqrt()
}

/// eˣ·K0(x).
pub(crate) fn scaled_modified_bessel_k0<F: BesselReal>(x: F) -> F {
    if x == F::zero() {
        return F::infinity();
    }
    if x < F::zero() {
        return F::nan();
    }
    if x <= k(2.0) {
        let y = x.mul_add(x, k(-2.0));
        let head = half(chebyshev(y, &K0_A));
        let log = (k::<F>(0.5) * x).ln();
        return (-log).mul_add(modified_bessel_i0(x), head) * x.exp();
    }
    k_large(x, &K0_B) / x.sqrt()
}

/// eˣ·K1(x).
pub(crate) fn scaled_modified_bessel_k1<F: BesselReal>(x: F) -> F {
    if x == F::zero() {
        return F::infinity();
    }
    if x < F::zero() {
        return F::nan();
    }
    if x <= k(2.0) {
        return k1_small(x) * x.exp();
    }
    k_large(x, &K1_B) / x.sqrt()
}

/// j0(x) = sin(x)/x, by its Maclaurin series below |x| = 1/2.
pub(crate) fn spherical_bessel_j0<F: BesselReal>(x: F) -> F {
    if x.is_infinite() {
        return F::zero();
    }
    if x.abs() < k(0.5) {
        let xx = x * x;
        let one = F::one();
        // 1/n! with alternating signs, each divided out in F
        let c = |d: f64, s: f64| k::<F>(s) / k::<F>(d);
        let mut acc = c(6227020800.0, 1.0);
        for (d, s) in [
            (39916800.0, -1.0),
            (362880.0, 1.0),
            (5040.0, -1.0),
            (120.0, 1.0),
            (6.0, -1.0),
        ] {
            acc = xx.mul_add(acc, c(d, s));
        }
        return xx.mul_add(acc, one);
    }
    x.sin() / x
}
