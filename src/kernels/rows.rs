//! Row kernels: functions of each contiguous row of a tensor (softmax and
//! friends along the last dim), and lane-split reductions that vectorize.

use super::fastmath::FastMath;
use super::{filled_vec, parallel_worth, CHUNK};
use num_traits::Float;
use rayon::prelude::*;
use std::mem::MaybeUninit;

/// Independent accumulators: a sum split this way vectorizes (a single
/// running sum is a chain the compiler must keep in order).
const LANES: usize = 16;

/// Sum of a slice, 16 lanes wide.
#[inline(always)]
pub fn lane_sum<T: Float>(s: &[T]) -> T {
    let mut lanes = [T::zero(); LANES];
    let chunks = s.chunks_exact(LANES);
    let rest = chunks.remainder();
    for c in chunks {
        for i in 0..LANES {
            lanes[i] = lanes[i] + c[i];
        }
    }
    let mut width = LANES;
    while width > 1 {
        width /= 2;
        for i in 0..width {
            lanes[i] = lanes[i] + lanes[i + width];
        }
    }
    rest.iter().fold(lanes[0], |acc, &v| acc + v)
}

/// Largest element (NaN is skipped, as `max` does; callers see NaN again
/// through the row's arithmetic).
#[inline(always)]
pub fn lane_max<T: Float>(s: &[T]) -> T {
    let mut lanes = [T::neg_infinity(); LANES];
    let chunks = s.chunks_exact(LANES);
    let rest = chunks.remainder();
    for c in chunks {
        for i in 0..LANES {
            lanes[i] = if c[i] > lanes[i] { c[i] } else { lanes[i] };
        }
    }
    let m = lanes.iter().fold(T::neg_infinity(), |a, &b| a.max(b));
    rest.iter().fold(m, |a, &b| a.max(b))
}

#[inline(always)]
fn rows_plain<T: Copy, F: Fn(&[T], &mut [MaybeUninit<T>])>(
    x: &[T],
    out: &mut [MaybeUninit<T>],
    len: usize,
    f: &F,
) {
    for (xr, or) in x.chunks(len).zip(out.chunks_mut(len)) {
        f(xr, or);
    }
}

simd_versions!(rows_simd, rows_plain, <T, F>,
    (x: &[T], out: &mut [MaybeUninit<T>], len: usize, f: &F),
    T: Copy, F: Fn(&[T], &mut [MaybeUninit<T>]));

/// Applies `f` to every row of `len` elements of `x` (contiguous rows),
/// each writing all of its output row.
pub fn map_rows<T, F>(x: &[T], len: usize, f: &F) -> Vec<T>
where
    T: Copy + Send + Sync + 'static,
    F: Fn(&[T], &mut [MaybeUninit<T>]) + Sync,
{
    filled_vec(x.len(), |out| {
        if len == 0 {
            return;
        }
        if parallel_worth(x.len()) {
            let block = CHUNK.div_ceil(len) * len;
            crate::threads::install(|| {
                out.par_chunks_mut(block)
                    .zip(x.par_chunks(block))
                    .for_each(|(o, xb)| rows_simd(xb, o, len, f))
            });
        } else {
            rows_simd(x, out, len, f);
        }
    })
}

/// Softmax (or log-softmax) of one row, max-shifted so large inputs stay
/// finite.
#[inline(always)]
pub fn softmax_row<T: Float + FastMath>(row: &[T], out: &mut [MaybeUninit<T>], log: bool) {
    let m = lane_max(row);
    let shift = if m.is_finite() { m } else { T::zero() };
    for (o, &v) in out.iter_mut().zip(row) {
        o.write((v - shift).fast_exp());
    }
    // SAFETY: every slot was just written
    let exps: &mut [T] = unsafe { &mut *(out as *mut [MaybeUninit<T>] as *mut [T]) };
    let total = lane_sum(exps);
    if log {
        let lse = shift + total.fast_ln();
        for (o, &v) in exps.iter_mut().zip(row) {
            *o = v - lse;
        }
    } else {
        let scale = T::one() / total;
        for o in exps.iter_mut() {
            *o = *o * scale;
        }
    }
}

#[inline(always)]
fn sum_plain<T: Float>(s: &[T]) -> T {
    lane_sum(s)
}

simd_versions!(sum_simd, sum_plain, <T>, (s: &[T]) -> T, T: Float);

/// Sum of all elements: fixed-size blocks summed in lanes (in parallel when
/// large), then the block sums in order, so the result does not depend on
/// the thread count.
pub fn sum<T: Float + Send + Sync>(s: &[T]) -> T {
    if s.len() <= CHUNK {
        return sum_simd(s);
    }
    let partial: Vec<T> = if parallel_worth(s.len()) {
        crate::threads::install(|| s.par_chunks(CHUNK).map(sum_simd).collect())
    } else {
        s.chunks(CHUNK).map(sum_simd).collect()
    };
    sum_simd(&partial)
}
