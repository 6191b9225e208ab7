//! torch's CPU Poisson and binomial samplers (`torch.poisson`,
//! `torch.binomial`): one element after another in row-major order, each
//! drawing 53-bit double uniforms from the generator until it accepts, in
//! the precision torch's kernels compute in, so the draws match bit for bit.

use crate::gamma::Real;
use crate::ops::special::Gamma;
use crate::random::Generator;

/// `(int64_t)v` as x86-64 converts it (cvttsd2si): toward zero, and the
/// "integer indefinite" `i64::MIN` for NaN and values out of range (torch
/// returns that for an infinite rate).
fn trunc_to_i64(v: f64) -> i64 {
    const LIMIT: f64 = 9_223_372_036_854_775_808.0; // 2^63
    if v.is_nan() || !(-LIMIT..LIMIT).contains(&v) {
        i64::MIN
    } else {
        v as i64
    }
}

/// The values of torch's `stirling_approx_tail` for k = 0..9: the error of
/// Stirling's approximation to ln k!.
const STIRLING_TAIL: [f64; 10] = [
    0.0810614667953272,
    0.0413406959554092,
    0.0276779256849983,
    0.02079067210376509,
    0.0166446911898211,
    0.0138761288230707,
    0.0118967099458917,
    0.0104112652619720,
    0.00925546218271273,
    0.00833056343336287,
];

/// ln k! minus Stirling's approximation: the table below 10, else its
/// series in 1 / (k + 1).
fn stirling_approx_tail(k: f64) -> f64 {
    if k < 10.0 {
        return STIRLING_TAIL[k as usize];
    }
    let kp1sq = (k + 1.0) * (k + 1.0);
    (1.0 / 12.0 - (1.0 / 360.0 - 1.0 / 1260.0 / kp1sq) / kp1sq) / (k + 1.0)
}

impl Generator {
    /// torch's `sample_poisson(lambda)`: Hörmann's transformed rejection
    /// (PTRS) from rate 10 up, below it the product of uniforms until it
    /// falls to exp(-lambda). The caller has checked `lambda >= 0`.
    fn sample_poisson(&mut self, lambda: f64) -> i64 {
        if lambda >= 10.0 {
            let slam = lambda.sqrt();
            let loglam = lambda.ln();
            let b = 0.931 + 2.53 * slam;
            let a = -0.059 + 0.02483 * b;
            let invalpha = 1.1239 + 1.1328 / (b - 3.4);
            let vr = 0.9277 - 3.6224 / (b - 2.0);
            loop {
                let u = self.uniform_53() - 0.5;
                let v = self.uniform_53();
                let us = 0.5 - u.abs();
                let k = trunc_to_i64(((2.0 * a / us + b) * u + lambda + 0.43).floor());
                if us >= 0.07 && v <= vr {
                    return k;
                }
                if k < 0 || (us < 0.013 && v > us) {
                    continue;
                }
                let kf = k as f64;
                if v.ln() + invalpha.ln() - (a / (us * us) + b).ln()
                    <= -lambda + kf * loglam - (kf + 1.0).lgamma()
                {
                    return k;
                }
            }
        }
        if lambda == 0.0 {
            return 0;
        }
        let enlam = (-lambda).exp();
        let mut count = 0;
        let mut prod = 1.0;
        loop {
            prod *= self.uniform_53();
            if prod > enlam {
                count += 1;
            } else {
                return count;
            }
        }
    }

    /// `torch.poisson(rates)` on CPU: one draw per rate (read as double), in
    /// order. A negative or NaN rate stops it there with torch's message,
    /// the draws before it taken from the generator as torch takes them.
    pub fn poisson(&mut self, rates: &[f64]) -> Result<Vec<i64>, String> {
        rates
            .iter()
            .map(|&rate| {
                // written so that NaN fails too
                if rate >= 0.0 {
                    Ok(self.sample_poisson(rate))
                } else {
                    Err("invalid Poisson rate, expected rate to be non-negative".to_string())
                }
            })
            .collect()
    }

    /// torch's `binomial_inversion`: counts geometric waiting times (each
    /// from one uniform) until their sum passes `count`; for count * p < 10.
    fn binomial_inversion<T: Real>(&mut self, count: T, prob: T) -> T {
        let logprob = (-prob).ln_1p().to_f64();
        let count = count.to_f64();
        let mut geom_sum = 0.0;
        let mut num_geom = T::lit(0.0);
        loop {
            let geom = (self.uniform_53().ln() / logprob).ceil();
            geom_sum += geom;
            if geom_sum > count {
                return num_geom;
            }
            num_geom = num_geom + T::lit(1.0);
        }
    }

    /// torch's `btrs` (Hörmann's transformed rejection with squeeze, as
    /// TensorFlow adapted it): two uniforms per attempt. The moments run in
    /// `T`, the acceptance test in double.
    fn binomial_btrs<T: Real>(&mut self, count: T, prob: T) -> T {
        let one = T::lit(1.0);
        let stddev = (count * prob * (one - prob)).sqrt().to_f64();
        let b = 1.15 + 2.53 * stddev;
        let a = -0.0873 + 0.0248 * b + 0.01 * prob.to_f64();
        let c = (count * prob).to_f64() + 0.5;
        let v_r = 0.92 - 4.2 / b;
        let r = (prob / (one - prob)).to_f64();
        let alpha = (2.83 + 5.1 / b) * stddev;
        let m = ((count + one) * prob).floor().to_f64();
        let count_ = count.to_f64();
        loop {
            let u = self.uniform_53() - 0.5;
            let v = self.uniform_53();
            let us = 0.5 - u.abs();
            let k = T::from_f64(((2.0 * a / us + b) * u + c).floor());
            if k < T::lit(0.0) || k > count {
                continue;
            }
            if us >= 0.07 && v <= v_r {
                return k;
            }
            let v = (v * alpha / (a / (us * us) + b)).ln();
            let k_ = k.to_f64();
            let n_k1 = (count - k + one).to_f64();
            let upperbound = (m + 0.5) * ((m + 1.0) / (r * (count_ - m + 1.0))).ln()
                + (count + one).to_f64() * ((count_ - m + 1.0) / n_k1).ln()
                + (k_ + 0.5) * (r * n_k1 / (k + one).to_f64()).ln()
                + stirling_approx_tail(m)
                + stirling_approx_tail(count_ - m)
                - stirling_approx_tail(k_)
                - stirling_approx_tail((count - k).to_f64());
            if v <= upperbound {
                return k;
            }
        }
    }

    /// torch's `sample_binomial(count, prob)`: BTRS when the mean of the
    /// smaller tail (count * min(p, 1 - p)) is 10 or more, else inversion;
    /// for p above one half it samples the failures.
    fn sample_binomial<T: Real>(&mut self, count: T, prob: T) -> T {
        let (n, p) = (count.to_f64(), prob.to_f64());
        if n <= 0.0 || p <= 0.0 {
            return T::lit(0.0);
        }
        if p >= 1.0 {
            return count;
        }
        if p <= 0.5 {
            if (count * prob).to_f64() >= 10.0 {
                return self.binomial_btrs(count, prob);
            }
            // torch loops forever on a NaN count here; give NaN instead
            if n.is_nan() {
                return T::lit(f64::NAN);
            }
            return self.binomial_inversion(count, prob);
        }
        if p > 0.5 {
            let q = T::from_f64(1.0 - p);
            if (count * q).to_f64() >= 10.0 {
                return count - self.binomial_btrs(count, q);
            }
            if n.is_nan() {
                return T::lit(f64::NAN);
            }
            return count - self.binomial_inversion(count, q);
        }
        T::lit(f64::NAN)
    }

    /// `torch.binomial(count, prob)` on CPU: one draw per (count, prob)
    /// pair, in order.
    pub fn binomial<T: Real>(&mut self, count: &[T], prob: &[T]) -> Vec<T> {
        count
            .iter()
            .zip(prob)
            .map(|(&n, &p)| self.sample_binomial(n, p))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_range_conversions_give_the_indefinite_integer() {
        assert_eq!(trunc_to_i64(f64::INFINITY), i64::MIN);
        assert_eq!(trunc_to_i64(f64::NAN), i64::MIN);
        assert_eq!(trunc_to_i64(1e19), i64::MIN);
        assert_eq!(trunc_to_i64(-2.5), -2);
    }

    #[test]
    fn zero_rate_draws_nothing() {
        let mut g = Generator::new(0);
        let before = g.get_state();
        assert_eq!(g.poisson(&[0.0, 0.0]).unwrap(), vec![0, 0]);
        assert_eq!(g.get_state(), before);
        assert!(g.poisson(&[1.0, -1.0]).is_err());
    }
}
