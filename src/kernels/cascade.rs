//! Sums added in the order torch's CPU kernel adds them, so a float sum
//! (and what is built on it: means, summed losses) rounds as torch's does.
//!
//! Torch's "cascade sum" reads the input as vectors (8 float32 or 4 float64
//! lanes, its AVX2 layout), keeps four vector accumulators (one per vector
//! of each group of four), folds them into coarser levels every 16 groups
//! so no accumulator grows far larger than what is added to it, then adds
//! the leftover elements and finally the lanes, one by one. The same steps
//! run on plain elements when there are fewer than a vector's worth. Torch
//! sums on one thread below 32,768 elements; this
//! order is its order there.

use num_traits::Float;

/// Elements below which torch sums on one thread.
pub const SERIAL_BELOW: usize = 32_768;

/// Something summed: a plain value or a vector of lanes.
trait Addend: Copy {
    fn zero() -> Self;
    fn plus(self, other: Self) -> Self;
}

#[derive(Clone, Copy)]
struct Scalar<T>(T);

impl<T: Float> Addend for Scalar<T> {
    #[inline(always)]
    fn zero() -> Self {
        Scalar(T::zero())
    }
    #[inline(always)]
    fn plus(self, other: Self) -> Self {
        Scalar(self.0 + other.0)
    }
}

#[derive(Clone, Copy)]
struct Lanes<T, const L: usize>([T; L]);

impl<T: Float, const L: usize> Addend for Lanes<T, L> {
    #[inline(always)]
    fn zero() -> Self {
        Lanes([T::zero(); L])
    }
    #[inline(always)]
    fn plus(self, other: Self) -> Self {
        let mut out = self.0;
        for (o, b) in out.iter_mut().zip(other.0) {
            *o = *o + b;
        }
        Lanes(out)
    }
}

/// torch's `CeilLog2` (1 for 0, 1 and 2).
fn ceil_log2(x: usize) -> usize {
    if x <= 2 {
        1
    } else {
        (usize::BITS - (x - 1).leading_zeros()) as usize
    }
}

const ILP: usize = 4;
const LEVELS: usize = 4;

/// Sums of the `ILP` columns of the `rows x ILP` array `load` reads, each
/// through `LEVELS` levels of accumulators.
#[inline(always)]
fn column_sums<A: Addend>(load: &impl Fn(usize) -> A, rows: usize) -> [A; ILP] {
    let level_power = 4.max(ceil_log2(rows) / LEVELS);
    let level_step = 1usize << level_power;
    let level_mask = level_step - 1;
    let mut acc = [[A::zero(); ILP]; LEVELS];
    let mut i = 0;
    while i + level_step <= rows {
        for _ in 0..level_step {
            for (k, a) in acc[0].iter_mut().enumerate() {
                *a = a.plus(load(i * ILP + k));
            }
            i += 1;
        }
        for j in 1..LEVELS {
            let (lower, upper) = acc.split_at_mut(j);
            for (up, low) in upper[0].iter_mut().zip(lower[j - 1].iter_mut()) {
                *up = up.plus(*low);
                *low = A::zero();
            }
            if i & (level_mask << (j * level_power)) != 0 {
                break;
            }
        }
    }
    while i < rows {
        for (k, a) in acc[0].iter_mut().enumerate() {
            *a = a.plus(load(i * ILP + k));
        }
        i += 1;
    }
    let mut out = acc[0];
    for level in &acc[1..] {
        for (o, &a) in out.iter_mut().zip(level) {
            *o = o.plus(a);
        }
    }
    out
}

/// Column sums of a `rows x cols` row-major block in torch's outer-sum
/// order, added onto `out` (`cols` long). Torch sums the columns in groups
/// of four vectors (or, for fewer columns than a vector holds, of four
/// columns) with their rows in order through `LEVELS` levels; the columns
/// left over take the row-sum order (rows dealt to four accumulators).
pub fn add_column_sums<T: Float>(block: &[T], rows: usize, out: &mut [T]) {
    add_some_column_sums(block, rows, out.len(), 0, out);
}

/// `add_column_sums` for the columns `first..first + out.len()` of a block
/// `cols` wide (each column's order is the one it has in the whole block).
pub fn add_some_column_sums<T: Float>(
    block: &[T],
    rows: usize,
    cols: usize,
    first: usize,
    out: &mut [T],
) {
    let lanes = if std::mem::size_of::<T>() == 4 { 8 } else { 4 };
    let group = if cols >= lanes { ILP * lanes } else { ILP };
    let end = first + out.len();
    let grouped = (cols / group * group).clamp(first, end);
    grouped_column_sums_simd(block, rows, cols, first, &mut out[..grouped - first]);
    // the leftover columns, up to 8 side by side as the lanes of one addend
    // (each lane's additions are its column's own row-sum order)
    const SIDE_BY_SIDE: usize = 8;
    for (c, outs) in out[grouped - first..].chunks_mut(SIDE_BY_SIDE).enumerate() {
        let j0 = grouped + c * SIDE_BY_SIDE;
        let w = outs.len();
        let load = |i: usize| {
            let mut lanes = [T::zero(); SIDE_BY_SIDE];
            lanes[..w].copy_from_slice(&block[i * cols + j0..i * cols + j0 + w]);
            Lanes(lanes)
        };
        for (o, total) in outs.iter_mut().zip(row_sum(load, rows).0) {
            *o = *o + total;
        }
    }
}

// the row additions are independent per column, so any vector width gives
// the same bits; compiled for AVX2/AVX-512 too
simd_versions!(grouped_column_sums_simd, add_grouped_column_sums, <T>,
    (block: &[T], rows: usize, cols: usize, first: usize, out: &mut [T]), T: Float);

/// Column sums of the columns `first..first + out.len()` of a block `cols`
/// wide, each column's rows added in order through `LEVELS` levels (torch's
/// `multi_row_sum`).
#[inline(always)]
fn add_grouped_column_sums<T: Float>(
    block: &[T],
    rows: usize,
    cols: usize,
    first: usize,
    out: &mut [T],
) {
    let width = out.len();
    if width == 0 {
        return;
    }
    let level_power = 4.max(ceil_log2(rows) / LEVELS);
    let level_step = 1usize << level_power;
    let level_mask = level_step - 1;
    // level l of column j at acc[l * width + j]; rows are read in order
    let mut acc = vec![T::zero(); LEVELS * width];
    let add_row = |acc: &mut [T], i: usize| {
        for (a, &v) in acc[..width]
            .iter_mut()
            .zip(&block[i * cols + first..i * cols + first + width])
        {
            *a = *a + v;
        }
    };
    let mut i = 0;
    while i + level_step <= rows {
        for _ in 0..level_step {
            add_row(&mut acc, i);
            i += 1;
        }
        for j in 1..LEVELS {
            let (lower, upper) = acc.split_at_mut(j * width);
            for (up, low) in upper[..width].iter_mut().zip(&mut lower[(j - 1) * width..]) {
                *up = *up + *low;
                *low = T::zero();
            }
            if i & (level_mask << (j * level_power)) != 0 {
                break;
            }
        }
    }
    while i < rows {
        add_row(&mut acc, i);
        i += 1;
    }
    for (j, o) in out.iter_mut().enumerate() {
        let mut total = acc[j];
        for level in 1..LEVELS {
            total = total + acc[level * width + j];
        }
        *o = *o + total;
    }
}

/// The sum of `size` addends read by `load`, in torch's `row_sum` order.
#[inline(always)]
fn row_sum<A: Addend>(load: impl Fn(usize) -> A, size: usize) -> A {
    let rows = size / ILP;
    let mut partial = column_sums(&load, rows);
    for i in rows * ILP..size {
        partial[0] = partial[0].plus(load(i));
    }
    let mut total = partial[0];
    for &p in &partial[1..] {
        total = total.plus(p);
    }
    total
}

/// The sum of `s` in torch's single-thread order for vectors of `L` lanes.
#[inline(always)]
fn sum_in_lanes<T: Float, const L: usize>(s: &[T]) -> T {
    if s.len() < L {
        return row_sum(|i| Scalar(s[i]), s.len()).0;
    }
    let vectors = s.len() / L;
    let lanes = row_sum(
        |i| Lanes::<T, L>(s[i * L..i * L + L].try_into().expect("L elements")),
        vectors,
    );
    let mut total = T::zero();
    for &v in &s[vectors * L..] {
        total = total + v;
    }
    for lane in lanes.0 {
        total = total + lane;
    }
    total
}

/// The sum of `s` in torch's single-thread order for its float type (8
/// lanes of float32 or 4 of float64 to a vector).
pub fn sum<T: Float>(s: &[T]) -> T {
    if std::mem::size_of::<T>() == 4 {
        sum_in_lanes::<T, 8>(s)
    } else {
        sum_in_lanes::<T, 4>(s)
    }
}

pub fn sum_f32(s: &[f32]) -> f32 {
    sum_in_lanes::<f32, 8>(s)
}

pub fn sum_f64(s: &[f64]) -> f64 {
    sum_in_lanes::<f64, 4>(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_sums_add_in_order() {
        assert_eq!(sum_f32(&[1.0, 2.0, 3.0]), 6.0);
        assert_eq!(sum_f32(&[]), 0.0);
        let v: Vec<f64> = (0..1000).map(f64::from).collect();
        assert_eq!(sum_f64(&v), 499_500.0);
    }

    /// Sums torch 2.13 returned (AVX2, one thread) for
    /// `((arange(n) * 7919 % 1000).float() - 500) / 997`, and its double twin.
    #[test]
    fn matches_torch_bit_for_bit() {
        let recorded: [(usize, u32, u64); 7] = [
            (3, 0x3e83fadd, 0x3fd07f5baac093e6),
            (8, 0x3f3bf4b3, 0x3fe77e9677a7abc6),
            (13, 0xbf5209c4, 0xbfea41383b921a32),
            (100, 0xbf73ee89, 0xbfee7dd1448ec3a8),
            (2000, 0xbf8062a3, 0xbff00c53318e81e8),
            (5003, 0xc00ffbec, 0xc001ff7c889a0fe9),
            (32767, 0xc1898a66, 0xc031314cc63a07b5),
        ];
        for (n, want32, want64) in recorded {
            let v32: Vec<f32> = (0..n)
                .map(|i| ((i * 7919 % 1000) as f32 - 500.0) / 997.0)
                .collect();
            let v64: Vec<f64> = (0..n)
                .map(|i| ((i * 7919 % 1000) as f64 - 500.0) / 997.0)
                .collect();
            assert_eq!(sum_f32(&v32).to_bits(), want32, "float32, n = {n}");
            assert_eq!(sum_f64(&v64).to_bits(), want64, "float64, n = {n}");
        }
        assert_eq!(ceil_log2(1024), 10);
        assert_eq!(ceil_log2(1025), 11);
    }
}
