//! `linspace` values as torch computes them, to the last bit.

use num_traits::Float;

/// `n` evenly spaced values from `start` to `end`, as torch's kernel makes
/// them: the first half forward from `start` (`start + step * i`), the
/// second half back from `end` (`end - step * (n - 1 - i)`), each
/// multiply-add rounded once (its compiler fuses them).
pub fn linspace<T: Float>(start: T, end: T, n: usize) -> Vec<T> {
    let step = if n > 1 {
        (end - start) / T::from(n - 1).expect("a count converts to float")
    } else {
        T::zero()
    };
    let half = n / 2;
    let f = |v: usize| T::from(v).expect("an index converts to float");
    (0..n)
        .map(|i| {
            if i < half {
                step.mul_add(f(i), start)
            } else {
                (-step).mul_add(f(n - i - 1), end)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values torch 2.13 gave, as bits, around the half and at the ends.
    #[test]
    fn matches_torch_bit_for_bit() {
        let v = linspace(-std::f32::consts::PI, std::f32::consts::PI, 2000);
        let recorded = [
            (0, 0xc0490fdb_u32),
            (1, 0xc048dc5c),
            (7, 0xc047a75f),
            (9, 0xc0474061),
            (999, 0xbacdfd58),
            (1000, 0x3acdfd58),
            (1001, 0x3b9a7e1c),
            (1007, 0x3cc11db0),
            (1990, 0x40474061),
            (1991, 0x404773e0),
            (1999, 0x40490fdb),
        ];
        for (i, bits) in recorded {
            assert_eq!(v[i].to_bits(), bits, "linspace(-pi, pi, 2000)[{i}]");
        }
        let w = linspace(-3.0_f32, 7.0, 70001);
        let recorded = [
            (3, 0xc03ff8fa_u32),
            (35000, 0x40000000),
            (35001, 0x40000257),
            (35009, 0x40001511),
            (70000, 0x40e00000),
        ];
        for (i, bits) in recorded {
            assert_eq!(w[i].to_bits(), bits, "linspace(-3, 7, 70001)[{i}]");
        }
    }
}
