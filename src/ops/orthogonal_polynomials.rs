//! The classical orthogonal polynomials of `torch.special` evaluated at x
//! for degree n: Chebyshev T U V W (and shifted to [0, 1]), physicists' and
//! probabilists' Hermite H and He, Laguerre L and Legendre P.
//!
//! torch's kernels run the three-term recurrences in the input's precision
//! (switching to the trigonometric closed forms of the Chebyshev kinds for
//! large n inside the interval), and so does this file, step for step, so
//! float32 results keep torch's bits. torch's compiler contracts each
//! recurrence's `a·q − b` into one fused multiply-add (its CPU kernels are
//! built for FMA machines), so the recurrences here use `mul_add` at the
//! same places. n arrives as a float of the result
//! dtype and is truncated to an integer. torch records no graph for these
//! (they are not differentiable), so neither is one recorded here.

use crate::dtype::DType;
use crate::error::Result;
use crate::kernels;
use crate::shape::broadcast_shapes;
use crate::tensor::Tensor;

/// The polynomial families, by torch's names.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Family {
    ChebyshevT,
    ChebyshevU,
    ChebyshevV,
    ChebyshevW,
    ShiftedChebyshevT,
    ShiftedChebyshevU,
    ShiftedChebyshevV,
    ShiftedChebyshevW,
    HermiteH,
    HermiteHe,
    LaguerreL,
    LegendreP,
}

impl Family {
    pub fn by_name(name: &str) -> Option<Family> {
        Some(match name {
            "chebyshev_polynomial_t" => Family::ChebyshevT,
            "chebyshev_polynomial_u" => Family::ChebyshevU,
            "chebyshev_polynomial_v" => Family::ChebyshevV,
            "chebyshev_polynomial_w" => Family::ChebyshevW,
            "shifted_chebyshev_polynomial_t" => Family::ShiftedChebyshevT,
            "shifted_chebyshev_polynomial_u" => Family::ShiftedChebyshevU,
            "shifted_chebyshev_polynomial_v" => Family::ShiftedChebyshevV,
            "shifted_chebyshev_polynomial_w" => Family::ShiftedChebyshevW,
            "hermite_polynomial_h" => Family::HermiteH,
            "hermite_polynomial_he" => Family::HermiteHe,
            "laguerre_polynomial_l" => Family::LaguerreL,
            "legendre_polynomial_p" => Family::LegendreP,
            _ => return None,
        })
    }
}

/// f32 and f64, with the integer conversions C++ makes.
trait Real: num_traits::Float {
    /// The degree beyond which Hermite polynomials are NaN.
    const HERMITE_LIMIT: i64;
    fn int(n: i64) -> Self;
    /// `static_cast<int64_t>` as x86 does it: NaN and out-of-range values
    /// become i64::MIN (a negative degree, so 0).
    fn degree(self) -> i64 {
        if self.is_nan() || self >= Self::int(i64::MAX) || self < Self::int(i64::MIN) {
            i64::MIN
        } else {
            self.to_i64().unwrap_or(i64::MIN)
        }
    }
}

impl Real for f32 {
    const HERMITE_LIMIT: i64 = 128;
    fn int(n: i64) -> f32 {
        n as f32
    }
}

impl Real for f64 {
    const HERMITE_LIMIT: i64 = 512;
    fn int(n: i64) -> f64 {
        n as f64
    }
}

/// The recurrence r = 2x·q − p from (p, q) = (1, first), for degree n >= 2,
/// stopping once a value is NaN.
fn chebyshev_recurrence<T: Real>(two_x: T, first: T, n: i64) -> T {
    let (mut p, mut q, mut r) = (T::one(), first, first);
    let mut k = 2;
    while k <= n && !q.is_nan() {
        r = two_x.mul_add(q, -p);
        p = q;
        q = r;
        k += 1;
    }
    r
}

fn sign_by_parity<T: Real>(n: i64, v: T) -> T {
    if n % 2 == 0 {
        v
    } else {
        -v
    }
}

fn chebyshev_t<T: Real>(x: T, n: i64) -> T {
    let one = T::one();
    if n < 0 {
        return T::zero();
    }
    if x.abs() == one {
        return if x > T::zero() || n % 2 == 0 {
            one
        } else {
            -one
        };
    }
    if n > 6 && x.abs() < one {
        return (T::int(n) * x.acos()).cos();
    }
    match n {
        0 => one,
        1 => x,
        _ => chebyshev_recurrence(x + x, x, n),
    }
}

fn chebyshev_u<T: Real>(x: T, n: i64) -> T {
    let one = T::one();
    if n < 0 {
        return T::zero();
    }
    if x.abs() == one {
        let v = T::int(n.wrapping_add(1));
        return if x > T::zero() || n % 2 == 0 { v } else { -v };
    }
    if n > 8 && x.abs() < one {
        let a = x.acos();
        if a.sin() != T::zero() {
            return (T::int(n.wrapping_add(1)) * a).sin() / a.sin();
        }
        return T::int(n.wrapping_add(1)) * (T::int(n.wrapping_add(1)) * a).cos() / x;
    }
    match n {
        0 => one,
        1 => x + x,
        _ => chebyshev_recurrence(x + x, x + x, n),
    }
}

fn chebyshev_v<T: Real>(x: T, n: i64) -> T {
    let (one, two, half) = (T::one(), T::int(2), T::int(1) / T::int(2));
    if n < 0 {
        return T::zero();
    }
    let odd_count = || T::int(n.wrapping_add(n).wrapping_add(1));
    if x.abs() == one {
        if x > T::zero() {
            return one;
        }
        return sign_by_parity(n, odd_count());
    }
    if n > 8 && x.abs() < one {
        let a = x.acos();
        if (a / two).sin() != one {
            return ((T::int(n) + half) * a).cos() / (a / two).cos();
        }
        return sign_by_parity(n, odd_count());
    }
    match n {
        0 => one,
        1 => x + x - one,
        _ => chebyshev_recurrence(x + x, x + x - one, n),
    }
}

fn chebyshev_w<T: Real>(x: T, n: i64) -> T {
    let (one, two, half) = (T::one(), T::int(2), T::int(1) / T::int(2));
    if n < 0 {
        return T::zero();
    }
    let odd_count = || T::int(n.wrapping_add(n).wrapping_add(1));
    if x.abs() == one {
        if x > T::zero() {
            return odd_count();
        }
        return sign_by_parity(n, one);
    }
    if n > 8 && x.abs() < one {
        let a = x.acos();
        if (a / two).cos() != one {
            return ((T::int(n) + half) * a).sin() / (a / two).sin();
        }
        if x > T::zero() {
            return odd_count();
        }
        return sign_by_parity(n, one);
    }
    match n {
        0 => one,
        1 => x + x + one,
        _ => chebyshev_recurrence(x + x, x + x + one, n),
    }
}

/// The shifted kinds evaluate the plain ones at u = 2x − 1, but test their
/// special points (x = 1, x = 0) and form 2u as torch does, which decides
/// the rounding.
fn shifted_chebyshev<T: Real>(kind: Family, x: T, n: i64) -> T {
    let (zero, one, two, half) = (T::zero(), T::one(), T::int(2), T::int(1) / T::int(2));
    if n < 0 {
        return zero;
    }
    let u = || x + x - one;
    // 2u, summed as u + u
    let two_u = || x + x - one + (x + x - one);
    let odd_count = || T::int(n.wrapping_add(n).wrapping_add(1));
    let plus_one = || T::int(n.wrapping_add(1));
    match kind {
        Family::ShiftedChebyshevT => {
            if x == one {
                return one;
            }
            if x == zero {
                return sign_by_parity(n, one);
            }
            if n > 6 && u().abs() < one {
                return (T::int(n) * u().acos()).cos();
            }
            match n {
                0 => one,
                1 => u(),
                _ => chebyshev_recurrence(two_u(), u(), n),
            }
        }
        Family::ShiftedChebyshevU => {
            if x == one {
                return plus_one();
            }
            if x == zero {
                return sign_by_parity(n, plus_one());
            }
            if n > 6 && u().abs() < one {
                let a = u().acos();
                if a.sin() != zero {
                    return (T::int(n.wrapping_add(1)) * a).sin() / a.sin();
                }
                return T::int(n.wrapping_add(1)) * (T::int(n.wrapping_add(1)) * a).cos() / u();
            }
            match n {
                0 => one,
                1 => two_u(),
                _ => chebyshev_recurrence(two_u(), two_u(), n),
            }
        }
        Family::ShiftedChebyshevV => {
            if x == one {
                return one;
            }
            if x == zero {
                return sign_by_parity(n, odd_count());
            }
            if n > 6 && u().abs() < one {
                let a = u().acos();
                if (a / two).sin() != one {
                    return ((T::int(n) + half) * a).cos() / (a / two).cos();
                }
                return sign_by_parity(n, odd_count());
            }
            match n {
                0 => one,
                1 => two_u() - one,
                _ => chebyshev_recurrence(two_u(), two_u() - one, n),
            }
        }
        _ => {
            if x == one {
                return odd_count();
            }
            if x == zero {
                return sign_by_parity(n, one);
            }
            if n > 4 && u().abs() < one {
                let a = u().acos();
                if (a / two).cos() != one {
                    return ((T::int(n) + half) * a).sin() / (a / two).sin();
                }
                return sign_by_parity(n, one);
            }
            match n {
                0 => one,
                1 => two_u() + one,
                _ => chebyshev_recurrence(two_u(), two_u() + one, n),
            }
        }
    }
}

fn hermite_h<T: Real>(x: T, n: i64) -> T {
    if n < 0 {
        return T::zero();
    }
    match n {
        0 => return T::one(),
        1 => return x + x,
        _ if n > T::HERMITE_LIMIT => return T::nan(),
        _ => {}
    }
    let (mut p, mut q, mut r) = (T::one(), x + x, T::zero());
    let mut k = 2;
    while k < n + n {
        r = (x + x).mul_add(q, -(T::int(k) * p));
        p = q;
        q = r;
        k += 2;
    }
    r
}

fn hermite_he<T: Real>(x: T, n: i64) -> T {
    if n < 0 {
        return T::zero();
    }
    match n {
        0 => return T::one(),
        1 => return x,
        _ if n > T::HERMITE_LIMIT => return T::nan(),
        _ => {}
    }
    let (mut p, mut q, mut r) = (T::one(), x, x);
    for k in 1..n {
        r = x.mul_add(q, -(T::int(k) * p));
        p = q;
        q = r;
    }
    r
}

fn laguerre_l<T: Real>(x: T, n: i64) -> T {
    let one = T::one();
    if n < 0 {
        return T::zero();
    }
    if x.abs() == T::zero() || n == 0 {
        return one;
    }
    if n == 1 {
        return one - x;
    }
    let (mut p, mut q, mut r) = (one, one - x, one - x);
    let mut k = 1;
    while k < n && !q.is_nan() {
        r = (T::int(k + k) + (one - x)).mul_add(q, -(T::int(k) * p)) / T::int(k + 1);
        p = q;
        q = r;
        k += 1;
    }
    r
}

fn legendre_p<T: Real>(x: T, n: i64) -> T {
    let one = T::one();
    if n < 0 {
        return T::zero();
    }
    if x.abs() == one {
        return if x > T::zero() || n % 2 == 0 {
            one
        } else {
            -one
        };
    }
    match n {
        0 => return one,
        1 => return x,
        _ => {}
    }
    let (mut p, mut q, mut r) = (one, x, x);
    let mut k = 1;
    while k < n && !q.is_nan() {
        r = (T::int(k + k + 1) * x).mul_add(q, -(T::int(k) * p)) / T::int(k + 1);
        p = q;
        q = r;
        k += 1;
    }
    r
}

fn evaluate<T: Real>(family: Family, x: T, n: T) -> T {
    let n = n.degree();
    match family {
        Family::ChebyshevT => chebyshev_t(x, n),
        Family::ChebyshevU => chebyshev_u(x, n),
        Family::ChebyshevV => chebyshev_v(x, n),
        Family::ChebyshevW => chebyshev_w(x, n),
        Family::HermiteH => hermite_h(x, n),
        Family::HermiteHe => hermite_he(x, n),
        Family::LaguerreL => laguerre_l(x, n),
        Family::LegendreP => legendre_p(x, n),
        shifted => shifted_chebyshev(shifted, x, n),
    }
}

/// The polynomial of `family` at `x` for degrees `n`, broadcast, in the two
/// operands' promoted float dtype (integers and bools: the default float).
pub fn polynomial(family: Family, x: &Tensor, n: &Tensor, kernel: &str) -> Result<Tensor> {
    let shape = broadcast_shapes(x.shape(), n.shape())?;
    let dtype = super::zeta::float_kernel_type(x, n, kernel)?;
    let (xc, nc) = (x.detach().cast(dtype), n.detach().cast(dtype));
    Ok(match dtype {
        DType::F32 => kernels::binary(&xc, &nc, &shape, |x: f32, n: f32| evaluate(family, x, n)),
        DType::F64 => kernels::binary(&xc, &nc, &shape, |x: f64, n: f64| evaluate(family, x, n)),
        d => return crate::compute::unsupported(kernel, d),
    })
}
