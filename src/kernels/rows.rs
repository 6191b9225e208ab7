//! Row kernels: functions of each contiguous row of a tensor (softmax and
//! friends along the last dim), and lane-split reductions that vectorize.

use super::fastmath::FastMath;
use super::{filled_vec, parallel_worth, CHUNK};
use crate::threads::{for_each_chunk_mut, for_each_chunk_mut2, map_tasks};
use num_traits::Float;
use std::mem::MaybeUninit;

/// Independent accumulators: a sum split this way vectorizes (a single
/// running sum is a chain the compiler must keep in order).
const LANES: usize = 16;

/// Sum of a slice, 16 lanes wide.
#[inline(always)]
pub fn lane_sum<T: Float>(s: &[T]) -> T {
    lane_sum_map(s, |v| v)
}

/// A slice as whole arrays of `LANES` elements, and the rest. (Arrays, not
/// slices: LLVM keeps a fixed-size chunk's lanes in one wide register.)
#[inline(always)]
fn lane_chunks<T>(s: &[T]) -> (impl Iterator<Item = &[T; LANES]>, &[T]) {
    let chunks = s.chunks_exact(LANES);
    let rest = chunks.remainder();
    let arrays = chunks.map(|c| <&[T; LANES]>::try_from(c).expect("chunks are LANES long"));
    (arrays, rest)
}

/// Adds the lanes in order. (A pairwise tree here stops LLVM from keeping
/// the lanes in one wide register: it splits them into pairs.)
#[inline(always)]
fn fold_lanes<A: Float>(lanes: [A; LANES]) -> A {
    lanes[1..].iter().fold(lanes[0], |acc, &v| acc + v)
}

/// Sum of `f(v)` over a slice, 16 lanes wide, accumulated in `A`.
#[inline(always)]
pub fn lane_sum_map<T: Copy, A: Float>(s: &[T], f: impl Fn(T) -> A) -> A {
    lane_reduce(s, A::zero(), f, |a, b| a + b)
}

/// `op` over `f(v)` of a slice from `init`, 16 lanes wide (so `op` must
/// not care about order: a sum, a product, a max).
#[inline(always)]
pub fn lane_reduce<T: Copy, A: Copy>(
    s: &[T],
    init: A,
    f: impl Fn(T) -> A,
    op: impl Fn(A, A) -> A,
) -> A {
    let mut lanes = [init; LANES];
    let (chunks, rest) = lane_chunks(s);
    for c in chunks {
        for i in 0..LANES {
            lanes[i] = op(lanes[i], f(c[i]));
        }
    }
    let folded = lanes[1..].iter().fold(lanes[0], |acc, &v| op(acc, v));
    rest.iter().fold(folded, |acc, &v| op(acc, f(v)))
}

/// Sum of `f(a[i], b[i])` over two slices of equal length, 16 lanes wide.
#[inline(always)]
pub fn lane_sum_map2<T: Copy, A: Float>(a: &[T], b: &[T], f: impl Fn(T, T) -> A) -> A {
    let mut lanes = [A::zero(); LANES];
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let whole = n / LANES * LANES;
    for (ca, cb) in lane_chunks(a).0.zip(lane_chunks(b).0) {
        for i in 0..LANES {
            lanes[i] = lanes[i] + f(ca[i], cb[i]);
        }
    }
    a[whole..]
        .iter()
        .zip(&b[whole..])
        .fold(fold_lanes(lanes), |acc, (&p, &q)| acc + f(p, q))
}

/// Sum of `f(a[i], b[i], c[i])` over three slices of equal length.
#[inline(always)]
pub fn lane_sum_map3<T: Copy, A: Float>(a: &[T], b: &[T], c: &[T], f: impl Fn(T, T, T) -> A) -> A {
    let mut lanes = [A::zero(); LANES];
    let n = a.len().min(b.len()).min(c.len());
    let (a, b, c) = (&a[..n], &b[..n], &c[..n]);
    for ((ca, cb), cc) in lane_chunks(a).0.zip(lane_chunks(b).0).zip(lane_chunks(c).0) {
        for i in 0..LANES {
            lanes[i] = lanes[i] + f(ca[i], cb[i], cc[i]);
        }
    }
    let whole = n / LANES * LANES;
    (whole..n).fold(fold_lanes(lanes), |acc, i| acc + f(a[i], b[i], c[i]))
}

/// The largest (`MAX`) or smallest element, or NaN when there is one (as
/// torch's max/min/amax/amin).
#[inline(always)]
pub fn lane_extreme<T: Float, const MAX: bool>(s: &[T]) -> T {
    // NaN sticks: once a lane holds it, no comparison replaces it
    let pick = |acc: T, v: T| {
        let better = if MAX { v > acc } else { v < acc };
        if better || v.is_nan() {
            v
        } else {
            acc
        }
    };
    let start = if MAX {
        T::neg_infinity()
    } else {
        T::infinity()
    };
    let mut lanes = [start; LANES];
    let (chunks, rest) = lane_chunks(s);
    for c in chunks {
        for i in 0..LANES {
            lanes[i] = pick(lanes[i], c[i]);
        }
    }
    let m = lanes.iter().fold(start, |a, &b| pick(a, b));
    rest.iter().fold(m, |a, &b| pick(a, b))
}

/// Largest element (NaN is skipped, as `max` does; callers see NaN again
/// through the row's arithmetic).
#[inline(always)]
pub fn lane_max<T: Float>(s: &[T]) -> T {
    let mut lanes = [T::neg_infinity(); LANES];
    let (chunks, rest) = lane_chunks(s);
    for c in chunks {
        for i in 0..LANES {
            lanes[i] = if c[i] > lanes[i] { c[i] } else { lanes[i] };
        }
    }
    let m = lanes.iter().fold(T::neg_infinity(), |a, &b| a.max(b));
    rest.iter().fold(m, |a, &b| a.max(b))
}

/// A function of one row that writes one output row of the same length.
/// Kernels are types, not closures, so that `map` (marked
/// `#[inline(always)]`) is compiled into each SIMD version of the loop:
/// a closure this large would be compiled once, for the baseline CPU.
pub trait RowMap<T>: Sync {
    fn map(&self, row: &[T], out: &mut [MaybeUninit<T>]);

    /// `map` over consecutive rows of `len` elements (a kernel may do
    /// short rows together, so their elementwise work vectorizes).
    #[inline(always)]
    fn map_block(&self, x: &[T], out: &mut [MaybeUninit<T>], len: usize) {
        for (xr, or) in x.chunks(len).zip(out.chunks_mut(len)) {
            self.map(xr, or);
        }
    }
}

/// One value of a row.
pub trait RowReduce<T>: Sync {
    type Out: Send + 'static;
    fn reduce(&self, row: &[T]) -> Self::Out;
}

/// A function of two rows of equal length writing one output row.
pub trait RowMap2<T>: Sync {
    fn map2(&self, a: &[T], b: &[T], out: &mut [MaybeUninit<T>]);

    /// `map2` over consecutive rows of `len` elements.
    #[inline(always)]
    fn map2_block(&self, a: &[T], b: &[T], out: &mut [MaybeUninit<T>], len: usize) {
        for ((ar, br), or) in a.chunks(len).zip(b.chunks(len)).zip(out.chunks_mut(len)) {
            self.map2(ar, br, or);
        }
    }
}

#[inline(always)]
fn rows_plain<T: Copy, K: RowMap<T>>(x: &[T], out: &mut [MaybeUninit<T>], len: usize, k: &K) {
    k.map_block(x, out, len);
}

simd_versions!(rows_simd, rows_plain, <T, K>,
    (x: &[T], out: &mut [MaybeUninit<T>], len: usize, k: &K),
    T: Copy, K: RowMap<T>);

/// Applies `k` to every row of `len` elements of `x` (contiguous rows).
pub fn map_rows<T, K>(x: &[T], len: usize, k: &K) -> Vec<T>
where
    T: Copy + Send + Sync + 'static,
    K: RowMap<T>,
{
    filled_vec(x.len(), |out| {
        if len == 0 {
            return;
        }
        if parallel_worth(x.len()) {
            let block = rows_per_task(len) * len;
            for_each_chunk_mut(out, block, |i, o| {
                rows_simd(&x[i * block..][..o.len()], o, len, k)
            });
        } else {
            rows_simd(x, out, len, k);
        }
    })
}

/// Softmax (`log`: log-softmax) of each row.
pub struct Softmax {
    pub log: bool,
}

impl<T: Float + FastMath + Sync> RowMap<T> for Softmax {
    #[inline(always)]
    fn map(&self, row: &[T], out: &mut [MaybeUninit<T>]) {
        softmax_row(row, out, self.log)
    }

    #[inline(always)]
    fn map_block(&self, x: &[T], out: &mut [MaybeUninit<T>], len: usize) {
        if len >= LANES {
            for (xr, or) in x.chunks(len).zip(out.chunks_mut(len)) {
                softmax_row(xr, or, self.log);
            }
            return;
        }
        // short rows: each element's shift (its row's max) goes in first,
        // so the exponentials, then the rows' logs or reciprocals, each run
        // as one loop over the block
        let mut shifts = Vec::with_capacity(x.len() / len);
        for (xr, or) in x.chunks(len).zip(out.chunks_mut(len)) {
            // a comparison, not `max`: NaN never wins, as with `max`, but
            // without its NaN checks; a NaN still makes its row NaN below
            let m = xr
                .iter()
                .fold(T::neg_infinity(), |a, &b| if b > a { b } else { a });
            let m = if m.is_finite() { m } else { T::zero() };
            shifts.push(m);
            for o in or.iter_mut() {
                o.write(m);
            }
        }
        // SAFETY: every slot was just written
        let out: &mut [T] = unsafe { &mut *(out as *mut [MaybeUninit<T>] as *mut [T]) };
        for (o, &v) in out.iter_mut().zip(x) {
            *o = (v - *o).fast_exp();
        }
        let mut per_row: Vec<T> = out
            .chunks(len)
            .map(|r| r.iter().fold(T::zero(), |a, &b| a + b))
            .collect();
        if self.log {
            for (t, &m) in per_row.iter_mut().zip(&shifts) {
                *t = m + t.fast_ln();
            }
            for ((or, xr), &lse) in out.chunks_mut(len).zip(x.chunks(len)).zip(&per_row) {
                for (o, &v) in or.iter_mut().zip(xr) {
                    *o = v - lse;
                }
            }
        } else {
            for t in per_row.iter_mut() {
                *t = T::one() / *t;
            }
            for (or, &scale) in out.chunks_mut(len).zip(&per_row) {
                for o in or.iter_mut() {
                    *o = *o * scale;
                }
            }
        }
    }
}

/// The gradient of softmax (`log`: log-softmax) from rows of the incoming
/// gradient and the forward's output.
pub struct SoftmaxBackward {
    pub log: bool,
}

impl<T: Float + FastMath + Sync> RowMap2<T> for SoftmaxBackward {
    #[inline(always)]
    fn map2(&self, g: &[T], y: &[T], out: &mut [MaybeUninit<T>]) {
        softmax_backward_row(g, y, out, self.log)
    }

    #[inline(always)]
    fn map2_block(&self, g: &[T], y: &[T], out: &mut [MaybeUninit<T>], len: usize) {
        if len >= LANES || !self.log {
            for ((gr, yr), or) in g.chunks(len).zip(y.chunks(len)).zip(out.chunks_mut(len)) {
                softmax_backward_row(gr, yr, or, self.log);
            }
            return;
        }
        // short rows of log-softmax: the exponentials over the whole block first
        T::exp_into(y, out);
        // SAFETY: every slot was just written
        let out: &mut [T] = unsafe { &mut *(out as *mut [MaybeUninit<T>] as *mut [T]) };
        for (gr, or) in g.chunks(len).zip(out.chunks_mut(len)) {
            let total = gr.iter().fold(T::zero(), |a, &b| a + b);
            for (o, &gv) in or.iter_mut().zip(gr) {
                *o = gv - *o * total;
            }
        }
    }
}

/// Softmax (or log-softmax) of one row, max-shifted so large inputs stay
/// finite.
#[inline(always)]
pub fn softmax_row<T: Float + FastMath>(row: &[T], out: &mut [MaybeUninit<T>], log: bool) {
    let m = lane_max(row);
    let shift = if m.is_finite() { m } else { T::zero() };
    T::exp_shifted_into(row, shift, out);
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
        map_tasks(s.len().div_ceil(CHUNK), |i| {
            sum_simd(&s[i * CHUNK..][..CHUNK.min(s.len() - i * CHUNK)])
        })
    } else {
        s.chunks(CHUNK).map(sum_simd).collect()
    };
    sum_simd(&partial)
}

/// Float types the row kernels run on.
pub trait RowFloat: Float + FastMath + Send + Sync + 'static {
    fn wide(self) -> f64;
    fn narrow(v: f64) -> Self;
}

impl RowFloat for f32 {
    #[inline(always)]
    fn wide(self) -> f64 {
        self as f64
    }
    #[inline(always)]
    fn narrow(v: f64) -> f32 {
        v as f32
    }
}

impl RowFloat for f64 {
    #[inline(always)]
    fn wide(self) -> f64 {
        self
    }
    #[inline(always)]
    fn narrow(v: f64) -> f64 {
        v
    }
}

/// Rows per parallel task: about a chunk of elements.
fn rows_per_task(len: usize) -> usize {
    CHUNK.div_ceil(len.max(1))
}

#[inline(always)]
fn reduce_rows_plain<T: Copy, K: RowReduce<T>>(
    x: &[T],
    out: &mut [MaybeUninit<K::Out>],
    len: usize,
    k: &K,
) {
    for (o, row) in out.iter_mut().zip(x.chunks_exact(len)) {
        o.write(k.reduce(row));
    }
}

simd_versions!(reduce_rows_simd, reduce_rows_plain, <T, K>,
    (x: &[T], out: &mut [MaybeUninit<K::Out>], len: usize, k: &K),
    T: Copy, K: RowReduce<T>);

/// One value per row of `len` (> 0) elements of `x`.
pub fn reduce_rows<T, K>(x: &[T], len: usize, k: &K) -> Vec<K::Out>
where
    T: Copy + Sync,
    K: RowReduce<T>,
{
    assert!(len > 0, "rows of zero elements have no values");
    filled_vec(x.len() / len, |out| {
        if parallel_worth(x.len()) && out.len() > 1 {
            let per = rows_per_task(len);
            for_each_chunk_mut(out, per, |i, o| {
                reduce_rows_simd(&x[i * per * len..][..o.len() * len], o, len, k)
            });
        } else {
            reduce_rows_simd(x, out, len, k);
        }
    })
}

#[inline(always)]
fn rows2_plain<T: Copy, K: RowMap2<T>>(
    x: &[T],
    y: &[T],
    out: &mut [MaybeUninit<T>],
    len: usize,
    k: &K,
) {
    k.map2_block(x, y, out, len);
}

simd_versions!(rows2_simd, rows2_plain, <T, K>,
    (x: &[T], y: &[T], out: &mut [MaybeUninit<T>], len: usize, k: &K),
    T: Copy, K: RowMap2<T>);

/// `k` over rows of `len` elements of two slices of equal length.
pub fn map_rows2<T, K>(x: &[T], y: &[T], len: usize, k: &K) -> Vec<T>
where
    T: Copy + Send + Sync + 'static,
    K: RowMap2<T>,
{
    debug_assert_eq!(x.len(), y.len());
    filled_vec(x.len(), |out| {
        if len == 0 {
            return;
        }
        if parallel_worth(x.len()) {
            let block = rows_per_task(len) * len;
            for_each_chunk_mut(out, block, |i, o| {
                let s = i * block;
                rows2_simd(&x[s..][..o.len()], &y[s..][..o.len()], o, len, k)
            });
        } else {
            rows2_simd(x, y, out, len, k);
        }
    })
}

/// The gradient of softmax (`log`: log-softmax) for one row from the
/// incoming gradient `g` and the forward's output `y`:
/// `y·(g − Σg·y)`, or `g − exp(y)·Σg`.
#[inline(always)]
pub fn softmax_backward_row<T: Float + FastMath>(
    g: &[T],
    y: &[T],
    out: &mut [MaybeUninit<T>],
    log: bool,
) {
    if log {
        let total = lane_sum(g);
        for ((o, &gi), &yi) in out.iter_mut().zip(g).zip(y) {
            o.write(gi - yi.fast_exp() * total);
        }
    } else {
        let dot = lane_sum_map2(g, y, |p, q| p * q);
        for ((o, &gi), &yi) in out.iter_mut().zip(g).zip(y) {
            o.write(yi * (gi - dot));
        }
    }
}

/// Mean and 1/σ (biased variance, plus `eps`) of a row, in two passes.
#[inline(always)]
pub fn mean_rstd<T: Float>(row: &[T], eps: T) -> (T, T) {
    let n = T::from(row.len()).expect("row length fits a float");
    let mean = lane_sum(row) / n;
    let var = lane_sum_map(row, |v| (v - mean) * (v - mean)) / n;
    (mean, T::one() / (var + eps).sqrt())
}

/// Optional per-column scale and shift of layer_norm.
#[derive(Clone, Copy)]
pub struct Affine<'a, T> {
    pub weight: Option<&'a [T]>,
    pub bias: Option<&'a [T]>,
}

#[inline(always)]
fn layer_norm_plain<T: Float>(
    x: &[T],
    out: &mut [MaybeUninit<T>],
    stats: &mut [(T, T)],
    len: usize,
    affine: Affine<'_, T>,
    eps: T,
) {
    for ((row, o), st) in x.chunks(len).zip(out.chunks_mut(len)).zip(stats) {
        let (mean, rstd) = mean_rstd(row, eps);
        *st = (mean, rstd);
        let norm = row.iter().map(|&v| (v - mean) * rstd);
        match (affine.weight, affine.bias) {
            (Some(w), Some(b)) => {
                for (((o, v), &w), &b) in o.iter_mut().zip(norm).zip(w).zip(b) {
                    o.write(v * w + b);
                }
            }
            (Some(w), None) => {
                for ((o, v), &w) in o.iter_mut().zip(norm).zip(w) {
                    o.write(v * w);
                }
            }
            (None, Some(b)) => {
                for ((o, v), &b) in o.iter_mut().zip(norm).zip(b) {
                    o.write(v + b);
                }
            }
            (None, None) => {
                for (o, v) in o.iter_mut().zip(norm) {
                    o.write(v);
                }
            }
        }
    }
}

simd_versions!(layer_norm_simd, layer_norm_plain, <T>,
    (x: &[T], out: &mut [MaybeUninit<T>], stats: &mut [(T, T)], len: usize,
     affine: Affine<'_, T>, eps: T),
    T: Float);

/// layer_norm over rows of `len` (> 0) elements: the output and each row's
/// (mean, 1/σ).
pub fn layer_norm<T: RowFloat>(
    x: &[T],
    len: usize,
    affine: Affine<'_, T>,
    eps: T,
) -> (Vec<T>, Vec<(T, T)>) {
    let mut stats = vec![(T::zero(), T::zero()); x.len() / len];
    let out = filled_vec(x.len(), |out| {
        if parallel_worth(x.len()) {
            let per = rows_per_task(len);
            for_each_chunk_mut2((out, per * len), (&mut stats, per), |i, o, st| {
                layer_norm_simd(&x[i * per * len..][..o.len()], o, st, len, affine, eps)
            });
        } else {
            layer_norm_simd(x, out, &mut stats, len, affine, eps);
        }
    });
    (out, stats)
}

/// The weight's and bias's gradients summed over some rows.
type ParamSums<T> = (Vec<T>, Vec<T>);

#[inline(always)]
fn layer_norm_backward_plain<T: Float>(
    (x, g): (&[T], &[T]),
    stats: &[(T, T)],
    dx: &mut [MaybeUninit<T>],
    len: usize,
    weight: &[T],
    sums: &mut ParamSums<T>,
) {
    let n = T::from(len).expect("row length fits a float");
    let (gw, gb) = sums;
    for (((xr, gr), o), &(mean, rstd)) in x
        .chunks(len)
        .zip(g.chunks(len))
        .zip(dx.chunks_mut(len))
        .zip(stats)
    {
        // with x̂ = (x − mean)/σ and d = g·w:
        // dx = (n·d − Σd − x̂·Σ(d·x̂)) / (n·σ). (Two sums in one loop would
        // not stay in wide registers; two loops over a row in cache do.)
        let sum_d = lane_sum_map3(xr, gr, weight, |_, g, w| g * w);
        let sum_dh = lane_sum_map3(xr, gr, weight, |x, g, w| g * w * ((x - mean) * rstd));
        let scale = rstd / n;
        for (((((o, &xv), &gv), &wv), a), b) in o
            .iter_mut()
            .zip(xr)
            .zip(gr)
            .zip(weight)
            .zip(gw.iter_mut())
            .zip(gb.iter_mut())
        {
            let h = (xv - mean) * rstd;
            o.write(scale * (n * (gv * wv) - sum_d - h * sum_dh));
            *a = *a + gv * h;
            *b = *b + gv;
        }
    }
}

simd_versions!(layer_norm_backward_simd, layer_norm_backward_plain, <T>,
    (xg: (&[T], &[T]), stats: &[(T, T)], dx: &mut [MaybeUninit<T>], len: usize,
     weight: &[T], sums: &mut ParamSums<T>),
    T: Float);

/// Gradients of layer_norm from the input `x`, the incoming gradient `g`,
/// the weight and each row's (mean, 1/σ): the input's, then the weight's
/// and bias's (x̂·g and g summed over rows). Parameter sums are taken over
/// fixed blocks of rows and the blocks added in order, so the result does
/// not depend on the thread count.
pub fn layer_norm_backward<T: RowFloat>(
    x: &[T],
    g: &[T],
    weight: Option<&[T]>,
    stats: &[(T, T)],
    len: usize,
) -> (Vec<T>, ParamSums<T>) {
    let per = rows_per_task(len);
    let ones;
    let weight = match weight {
        Some(w) => w,
        None => {
            ones = vec![T::one(); len];
            &ones
        }
    };
    let block = |(x, g): (&[T], &[T]), st: &[(T, T)], dx: &mut [MaybeUninit<T>]| {
        let mut sums = (vec![T::zero(); len], vec![T::zero(); len]);
        layer_norm_backward_simd((x, g), st, dx, len, weight, &mut sums);
        sums
    };
    let mut partial: Vec<ParamSums<T>> = Vec::new();
    let dx = filled_vec(x.len(), |dx| {
        partial = if parallel_worth(x.len()) {
            let mut parts = vec![(Vec::new(), Vec::new()); stats.len().div_ceil(per)];
            for_each_chunk_mut2((dx, per * len), (&mut parts, 1), |i, o, part| {
                let s = i * per * len;
                let xg = (&x[s..][..o.len()], &g[s..][..o.len()]);
                part[0] = block(xg, &stats[i * per..][..o.len() / len], o);
            });
            parts
        } else {
            dx.chunks_mut(per * len)
                .zip(x.chunks(per * len).zip(g.chunks(per * len)))
                .zip(stats.chunks(per))
                .map(|((o, xg), st)| block(xg, st, o))
                .collect()
        };
    });
    let mut sums = (vec![T::zero(); len], vec![T::zero(); len]);
    for (pw, pb) in &partial {
        for (a, &p) in sums.0.iter_mut().zip(pw) {
            *a = *a + p;
        }
        for (a, &p) in sums.1.iter_mut().zip(pb) {
            *a = *a + p;
        }
    }
    (dx, sums)
}

#[inline(always)]
fn sum_map2_plain<T: Float, F: Fn(T, T) -> T>(x: &[T], y: &[T], f: &F) -> T {
    lane_sum_map2(x, y, f)
}

simd_versions!(sum_map2_simd, sum_map2_plain, <T, F>, (x: &[T], y: &[T], f: &F) -> T,
    T: Float, F: Fn(T, T) -> T);

/// Sum of `f(x[i], y[i])` over two slices of equal length, in fixed
/// blocks as `sum` (so the result does not depend on the thread count).
pub fn sum_map2<T, F>(x: &[T], y: &[T], f: &F) -> T
where
    T: Float + Send + Sync,
    F: Fn(T, T) -> T + Sync,
{
    debug_assert_eq!(x.len(), y.len());
    if x.len() <= CHUNK {
        return sum_map2_simd(x, y, f);
    }
    let partial: Vec<T> = if parallel_worth(x.len()) {
        map_tasks(x.len().div_ceil(CHUNK), |i| {
            let (s, n) = (i * CHUNK, CHUNK.min(x.len() - i * CHUNK));
            sum_map2_simd(&x[s..][..n], &y[s..][..n], f)
        })
    } else {
        x.chunks(CHUNK)
            .zip(y.chunks(CHUNK))
            .map(|(a, b)| sum_map2_simd(a, b, f))
            .collect()
    };
    sum_simd(&partial)
}
