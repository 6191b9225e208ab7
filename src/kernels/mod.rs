//! Loops over buffers. Kernels know nothing of autograd; ops in `ops/`
//! call them for both forward and backward.
//!
//! Every loop body goes through `map1`/`map2`, which compile it a second
//! and third time for AVX2 and AVX-512 and pick one at run time, so a
//! wheel built for baseline x86-64 still runs wide vectors. Outputs are
//! written once into uninitialized memory, in parallel above a size
//! threshold.

use crate::shape::numel;
use crate::tensor::{Element, Tensor};
use crate::threads::for_each_chunk_mut;
use std::mem::MaybeUninit;

/// Above this many elements a kernel splits the work across threads.
pub const PARALLEL_THRESHOLD: usize = 1 << 16;
const CHUNK: usize = 1 << 14;

/// Instantiates a slice loop three times (baseline, AVX2, AVX-512) and
/// dispatches on what the CPU supports.
macro_rules! simd_versions {
    ($name:ident, $plain:ident, <$($g:ident),*>, ($($arg:ident: $ty:ty),*) $(-> $ret:ty)?,
     $($bound:tt)*) => {
        #[inline]
        pub(crate) fn $name<$($g),*>($($arg: $ty),*) $(-> $ret)? where $($bound)* {
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx512f,avx512vl,avx512dq,avx512bw,avx2,fma")]
                unsafe fn wide<$($g),*>($($arg: $ty),*) $(-> $ret)? where $($bound)* {
                    $plain($($arg),*)
                }
                #[target_feature(enable = "avx2,fma")]
                unsafe fn avx2<$($g),*>($($arg: $ty),*) $(-> $ret)? where $($bound)* {
                    $plain($($arg),*)
                }
                if std::arch::is_x86_feature_detected!("avx512f")
                    && std::arch::is_x86_feature_detected!("avx512vl")
                    && std::arch::is_x86_feature_detected!("avx512dq")
                    && std::arch::is_x86_feature_detected!("avx512bw")
                {
                    // SAFETY: the features were just detected
                    return unsafe { wide($($arg),*) };
                }
                if std::arch::is_x86_feature_detected!("avx2")
                    && std::arch::is_x86_feature_detected!("fma")
                {
                    // SAFETY: as above
                    return unsafe { avx2($($arg),*) };
                }
            }
            $plain($($arg),*)
        }
    };
}

pub mod cascade;
pub mod fastmath;
pub mod im2col;
pub mod matmul;
pub mod pool;
pub mod range;
pub mod reduce;
pub mod rows;
pub mod select;
pub mod sgemm;

#[inline(always)]
fn map1_plain<T: Copy, U, F: Fn(T) -> U>(x: &[T], out: &mut [MaybeUninit<U>], f: &F) {
    for (o, &v) in out.iter_mut().zip(x) {
        o.write(f(v));
    }
}

#[inline(always)]
fn map2_plain<T: Copy, S: Copy, U, F: Fn(T, S) -> U>(
    x: &[T],
    y: &[S],
    out: &mut [MaybeUninit<U>],
    f: &F,
) {
    for ((o, &p), &q) in out.iter_mut().zip(x).zip(y) {
        o.write(f(p, q));
    }
}

#[inline(always)]
fn update2_plain<T: Copy, F: Fn(T, T) -> T>(x: &mut [T], y: &[T], f: &F) {
    for (o, &q) in x.iter_mut().zip(y) {
        *o = f(*o, q);
    }
}

#[inline(always)]
fn update1_plain<T: Copy, F: Fn(T) -> T>(x: &mut [T], f: &F) {
    for v in x.iter_mut() {
        *v = f(*v);
    }
}

#[inline(always)]
fn map3_plain<T: Copy, U, F: Fn(T, T, T) -> U>(
    x: &[T],
    y: &[T],
    z: &[T],
    out: &mut [MaybeUninit<U>],
    f: &F,
) {
    for (((o, &p), &q), &r) in out.iter_mut().zip(x).zip(y).zip(z) {
        o.write(f(p, q, r));
    }
}

/// One LSTM step's pointwise part over rows of gate pre-activations
/// (input, forget, cell, output; `hidden` each) and cell states: the
/// activated gates, the new cell `f·c + i·g`, its tanh, and `o·tanh(c)`.
#[inline(always)]
fn lstm_rows_plain<T: LstmFloat>(
    pre: &[T],
    c: &[T],
    hidden: usize,
    gates: &mut [T],
    cell: &mut [T],
    tanh_cell: &mut [T],
    out: &mut [T],
) {
    let width = 4 * hidden;
    for (r, (row, c_row)) in pre
        .chunks_exact(width)
        .zip(c.chunks_exact(hidden))
        .enumerate()
    {
        let g = &mut gates[r * width..(r + 1) * width];
        for (k, (outs, values)) in g.chunks_mut(hidden).zip(row.chunks(hidden)).enumerate() {
            if k == 2 {
                T::tanh_into(values, as_uninit(outs));
            } else {
                T::sigmoid_into(values, as_uninit(outs));
            }
        }
        let span = r * hidden..(r + 1) * hidden;
        let (cell, tanh_cell, out) = (
            &mut cell[span.clone()],
            &mut tanh_cell[span.clone()],
            &mut out[span],
        );
        for j in 0..hidden {
            let (i, f, gg) = (g[j], g[hidden + j], g[2 * hidden + j]);
            cell[j] = f * c_row[j] + i * gg;
        }
        T::tanh_into(cell, as_uninit(tanh_cell));
        for ((o, &t), &gate) in out.iter_mut().zip(tanh_cell.iter()).zip(&g[3 * hidden..]) {
            *o = gate * t;
        }
    }
}

/// Initialized memory seen as writable slots, for kernels that write
/// `MaybeUninit` outputs.
fn as_uninit<T>(x: &mut [T]) -> &mut [MaybeUninit<T>] {
    // SAFETY: same layout; the slice kernels only ever write initialized
    // values into it, so it stays initialized
    unsafe { &mut *(x as *mut [T] as *mut [MaybeUninit<T>]) }
}

/// What `lstm_rows` computes with.
pub trait LstmFloat:
    fastmath::FastMath + std::ops::Mul<Output = Self> + std::ops::Add<Output = Self>
{
}
impl LstmFloat for f32 {}
impl LstmFloat for f64 {}

simd_versions!(lstm_rows, lstm_rows_plain, <T>,
    (pre: &[T], c: &[T], hidden: usize, gates: &mut [T], cell: &mut [T], tanh_cell: &mut [T],
     out: &mut [T]),
    T: LstmFloat);
simd_versions!(map3, map3_plain, <T, U, F>,
    (x: &[T], y: &[T], z: &[T], out: &mut [MaybeUninit<U>], f: &F),
    T: Copy, F: Fn(T, T, T) -> U);
simd_versions!(update1, update1_plain, <T, F>, (x: &mut [T], f: &F), T: Copy, F: Fn(T) -> T);
simd_versions!(update2, update2_plain, <T, F>, (x: &mut [T], y: &[T], f: &F),
    T: Copy, F: Fn(T, T) -> T);
simd_versions!(map1, map1_plain, <T, U, F>, (x: &[T], out: &mut [MaybeUninit<U>], f: &F),
    T: Copy, F: Fn(T) -> U);
simd_versions!(map2, map2_plain, <T, S, U, F>,
    (x: &[T], y: &[S], out: &mut [MaybeUninit<U>], f: &F),
    T: Copy, S: Copy, F: Fn(T, S) -> U);

/// Whether `n` elements are worth splitting across threads.
pub(crate) fn parallel_worth(n: usize) -> bool {
    n >= PARALLEL_THRESHOLD && crate::threads::get_num_threads() > 1
}

/// A Vec of `n` elements written by `fill`, which must initialize every
/// slot of the slice it is given.
pub(crate) fn filled_vec<U: Send + 'static>(
    n: usize,
    fill: impl FnOnce(&mut [MaybeUninit<U>]),
) -> Vec<U> {
    let mut out = pool::vec_with_capacity(n);
    fill(&mut out.spare_capacity_mut()[..n]);
    // SAFETY: every caller's `fill` writes all n slots (zip over n-long inputs)
    unsafe { out.set_len(n) };
    out
}

/// A Vec of `n` copies of `value`, filled in parallel when large.
pub fn filled<T: Copy + Send + Sync + 'static>(n: usize, value: T) -> Vec<T> {
    filled_vec(n, |out| {
        let fill = |o: &mut [MaybeUninit<T>]| {
            o.iter_mut().for_each(|x| {
                x.write(value);
            })
        };
        if parallel_worth(n) {
            for_each_chunk_mut(out, CHUNK, |_, o| fill(o));
        } else {
            fill(out);
        }
    })
}

/// `dst[offset + i * stride] = values[i]` for every i, split across threads
/// when large.
///
/// # Safety
/// Every written position must lie inside `dst`'s `len` elements (the last
/// at `offset + (values.len() - 1) * stride`), and `stride` must be > 0 so
/// the positions are distinct.
pub unsafe fn scatter_strided<T: Copy + Send + Sync>(
    dst: *mut T,
    offset: usize,
    stride: usize,
    values: &[T],
) {
    // pointer and stride as arguments, not captures: a store through a raw
    // pointer could alias the closure's environment, which would then be
    // reloaded for every element
    #[inline(always)]
    fn run<T: Copy>(mut p: *mut T, stride: usize, part: &[T]) {
        for &v in part {
            // SAFETY: in bounds and distinct by `scatter_strided`'s contract
            unsafe {
                *p = v;
                p = p.wrapping_add(stride);
            }
        }
    }
    let dst = crate::threads::SendPtr(dst);
    let write = |start: usize, part: &[T]| run(dst.at(offset + start * stride), stride, part);
    if parallel_worth(values.len()) {
        crate::threads::run_tasks(values.len().div_ceil(CHUNK), &|t| {
            let start = t * CHUNK;
            write(start, &values[start..(start + CHUNK).min(values.len())]);
        });
    } else {
        write(0, values);
    }
}

/// `f` over a contiguous slice, split across threads when large.
pub fn map_slice<T, U, F>(x: &[T], f: &F) -> Vec<U>
where
    T: Copy + Sync,
    U: Send + 'static,
    F: Fn(T) -> U + Sync,
{
    map_slice_with(x, &|x: &[T], out: &mut [MaybeUninit<U>]| map1(x, out, f))
}

/// A slice kernel (`kernel(x, out)` writes all of `out` from `x`) over a
/// contiguous slice, in chunks across threads when it is long.
pub fn map_slice_with<T, U, K>(x: &[T], kernel: &K) -> Vec<U>
where
    T: Sync,
    U: Send + 'static,
    K: Fn(&[T], &mut [MaybeUninit<U>]) + Sync,
{
    filled_vec(x.len(), |out| {
        if parallel_worth(x.len()) {
            for_each_chunk_mut(out, CHUNK, |i, o| kernel(&x[i * CHUNK..][..o.len()], o));
        } else {
            kernel(x, out);
        }
    })
}

/// `f` over two contiguous slices of equal length.
pub fn map_slices<T, S, U, F>(x: &[T], y: &[S], f: &F) -> Vec<U>
where
    T: Copy + Sync,
    S: Copy + Sync,
    U: Send + 'static,
    F: Fn(T, S) -> U + Sync,
{
    debug_assert_eq!(x.len(), y.len());
    filled_vec(x.len(), |out| {
        if parallel_worth(x.len()) {
            for_each_chunk_mut(out, CHUNK, |i, o| {
                let s = i * CHUNK;
                map2(&x[s..][..o.len()], &y[s..][..o.len()], o, f)
            });
        } else {
            map2(x, y, out, f);
        }
    })
}

/// `f` over three contiguous slices of equal length.
pub fn map_slices3<T, U, F>(x: &[T], y: &[T], z: &[T], f: &F) -> Vec<U>
where
    T: Copy + Sync,
    U: Send + 'static,
    F: Fn(T, T, T) -> U + Sync,
{
    debug_assert!(x.len() == y.len() && y.len() == z.len());
    filled_vec(x.len(), |out| {
        if parallel_worth(x.len()) {
            for_each_chunk_mut(out, CHUNK, |i, o| {
                let (s, n) = (i * CHUNK, o.len());
                map3(&x[s..][..n], &y[s..][..n], &z[s..][..n], o, f)
            });
        } else {
            map3(x, y, z, out, f);
        }
    })
}

/// `out[i] = f(a[i], b[i], c[i])` for three tensors of one shape and dtype
/// `T` (read through their layouts), contiguous result.
pub fn ternary<T: Element, U: Element>(
    a: &Tensor,
    b: &Tensor,
    c: &Tensor,
    f: impl Fn(T, T, T) -> U + Sync,
) -> Tensor {
    debug_assert!(a.shape() == b.shape() && b.shape() == c.shape());
    let out = a.with_slice(|x: &[T]| {
        b.with_slice(|y: &[T]| c.with_slice(|z: &[T]| map_slices3(x, y, z, &f)))
    });
    Tensor::from_vec(out, a.shape())
}

/// `x[i] = f(x[i])` over a slice, split across threads when large.
pub fn update_slice<T: Copy + Send, F: Fn(T) -> T + Sync>(x: &mut [T], f: &F) {
    if parallel_worth(x.len()) {
        for_each_chunk_mut(x, CHUNK, |_, xc| update1(xc, f));
    } else {
        update1(x, f);
    }
}

/// `a[i] = f(a[i], b[i])` in place when `a` is contiguous, `b` is a
/// contiguous tensor of the same shape and dtype, and the two share no
/// storage. Returns false (nothing written) otherwise.
pub fn update_in_place<T: Element>(a: &Tensor, b: &Tensor, f: impl Fn(T, T) -> T + Sync) -> bool {
    let fits = a.is_contiguous()
        && b.is_contiguous()
        && a.shape() == b.shape()
        && a.dtype() == b.dtype()
        && !std::sync::Arc::ptr_eq(a.storage(), b.storage());
    if !fits {
        return false;
    }
    let n = a.numel();
    let mut buf_a = a.storage().data.write();
    let buf_b = b.storage().data.read_recursive();
    let x = &mut T::slice_mut(&mut buf_a)[crate::tensor::span(a.offset(), n)];
    let y = &T::slice(&buf_b)[crate::tensor::span(b.offset(), n)];
    if parallel_worth(n) {
        for_each_chunk_mut(x, CHUNK, |i, xc| {
            update2(xc, &y[i * CHUNK..][..xc.len()], &f)
        });
    } else {
        update2(x, y, &f);
    }
    drop((buf_a, buf_b));
    a.bump_version();
    true
}

/// Strides of `t` broadcast to `out_shape` (0 along broadcast dims).
fn broadcast_strides(t: &Tensor, out_shape: &[usize]) -> Vec<isize> {
    let lead = out_shape.len() - t.ndim();
    let mut s = vec![0isize; out_shape.len()];
    for (i, (&d, &st)) in t.shape().iter().zip(t.strides()).enumerate() {
        s[lead + i] = if d == 1 { 0 } else { st };
    }
    s
}

/// Merges neighbouring dims that both operands step through as one run
/// (so a broadcast bias add is rows of contiguous slices, not elements).
fn coalesce(shape: &[usize], sa: &[isize], sb: &[isize]) -> (Vec<usize>, Vec<isize>, Vec<isize>) {
    let (mut shape_out, mut a_out, mut b_out) = (Vec::new(), Vec::new(), Vec::new());
    for d in 0..shape.len() {
        if shape[d] == 1 {
            continue;
        }
        if let Some(&last) = shape_out.last() {
            let (la, lb): (isize, isize) = (*a_out.last().unwrap(), *b_out.last().unwrap());
            if la == sa[d] * shape[d] as isize && lb == sb[d] * shape[d] as isize {
                let k = shape_out.len() - 1;
                shape_out[k] = last * shape[d];
                a_out[k] = sa[d];
                b_out[k] = sb[d];
                continue;
            }
        }
        shape_out.push(shape[d]);
        a_out.push(sa[d]);
        b_out.push(sb[d]);
    }
    if shape_out.is_empty() {
        shape_out.push(1);
        a_out.push(0);
        b_out.push(0);
    }
    (shape_out, a_out, b_out)
}

/// Offsets of both operands at the start of row `row` (a row runs along
/// the last dim).
fn row_offsets(outer: &[usize], sa: &[isize], sb: &[isize], mut row: usize) -> (isize, isize) {
    let (mut oa, mut ob) = (0isize, 0isize);
    for d in (0..outer.len()).rev() {
        let i = (row % outer[d]) as isize;
        row /= outer[d];
        oa += i * sa[d];
        ob += i * sb[d];
    }
    (oa, ob)
}

/// Writes `rows` consecutive rows starting at `first_row` of a strided
/// broadcast `f(a, b)`.
#[allow(clippy::too_many_arguments)]
fn broadcast_rows<T: Copy, U, F: Fn(T, T) -> U>(
    xa: &[T],
    xb: &[T],
    (shape, sa, sb): (&[usize], &[isize], &[isize]),
    (base_a, base_b): (isize, isize),
    first_row: usize,
    out: &mut [MaybeUninit<U>],
    f: &F,
) {
    let nd = shape.len();
    let (inner, ia, ib) = (shape[nd - 1], sa[nd - 1], sb[nd - 1]);
    let outer = &shape[..nd - 1];
    for (r, dst) in out.chunks_mut(inner).enumerate() {
        let (oa, ob) = row_offsets(outer, &sa[..nd - 1], &sb[..nd - 1], first_row + r);
        let (oa, ob) = ((base_a + oa) as usize, (base_b + ob) as usize);
        match (ia, ib) {
            (1, 1) => map2(&xa[oa..oa + inner], &xb[ob..ob + inner], dst, f),
            (1, 0) => {
                let q = xb[ob];
                map1(&xa[oa..oa + inner], dst, &|p| f(p, q));
            }
            (0, 1) => {
                let p = xa[oa];
                map1(&xb[ob..ob + inner], dst, &|q| f(p, q));
            }
            _ => {
                for (j, o) in dst.iter_mut().enumerate() {
                    let i = j as isize;
                    o.write(f(
                        xa[(oa as isize + i * ia) as usize],
                        xb[(ob as isize + i * ib) as usize],
                    ));
                }
            }
        }
    }
}

/// The order in which torch's elementwise kernels lay out a result whose
/// operands are not all row-major: dims from the slowest-varying to the
/// fastest, sorted by the operands' strides (`strides`, one list per
/// operand, 0 along broadcast dims). The first operand that tells two dims
/// apart decides; equal strides put the smaller dim nearer the fast end;
/// undecided dims keep their order. None when that is row-major order.
fn result_order(shape: &[usize], strides: &[Vec<isize>]) -> Option<Vec<usize>> {
    let n = shape.len();
    // > 0: dim `d0` should be the faster of the two (torch's insertion sort)
    let faster = |d0: usize, d1: usize| -> i32 {
        for s in strides {
            let (s0, s1) = (s[d0], s[d1]);
            if s0 == 0 || s1 == 0 {
                continue;
            }
            if s0 != s1 {
                return if s0 < s1 { -1 } else { 1 };
            }
            if shape[d0] > shape[d1] {
                return 1;
            }
        }
        0
    };
    // fastest first, starting from row-major's order
    let mut order: Vec<usize> = (0..n).rev().collect();
    for i in 1..n {
        let mut d1 = i;
        for d0 in (0..i).rev() {
            match faster(order[d0], order[d1]) {
                c if c > 0 => {
                    order.swap(d0, d1);
                    d1 = d0;
                }
                c if c < 0 => break,
                _ => {}
            }
        }
    }
    order.reverse();
    (order != (0..n).collect::<Vec<_>>()).then_some(order)
}

/// Strides of `t`'s dims within `out_shape` as torch's kernels compare them:
/// 0 where `t` is broadcast (missing, or 1 against a longer dim).
fn layout_strides(t: &Tensor, out_shape: &[usize]) -> Vec<isize> {
    let lead = out_shape.len() - t.ndim();
    let mut s = vec![0isize; out_shape.len()];
    for (i, (&d, &st)) in t.shape().iter().zip(t.strides()).enumerate() {
        s[lead + i] = if d == 1 && out_shape[lead + i] != 1 {
            0
        } else {
            st
        };
    }
    s
}

/// `t` seen through `order`: its dims (broadcast to `out_shape`) permuted.
fn reordered(t: &Tensor, out_shape: &[usize], order: &[usize]) -> Tensor {
    let strides = broadcast_strides(t, out_shape);
    let shape: Vec<usize> = order.iter().map(|&d| out_shape[d]).collect();
    let strides: Vec<isize> = order.iter().map(|&d| strides[d]).collect();
    t.view_of(&shape, &strides, t.offset())
}

/// A result computed in `order` (row-major in that order) relabelled with
/// the original dims, keeping its memory layout.
fn in_original_dims(out: Tensor, shape: &[usize], order: &[usize]) -> Tensor {
    let mut strides = vec![0isize; shape.len()];
    let mut step = 1isize;
    for &d in order.iter().rev() {
        strides[d] = step;
        step *= shape[d].max(1) as isize;
    }
    // the fresh result's buffer moves into the relabelled tensor
    let buffer = std::mem::replace(
        &mut *out.storage().data.write(),
        crate::tensor::Buffer::Bool(Vec::new()),
    );
    Tensor::from_buffer_strided(buffer, shape, &strides, 0)
}

/// `out[i] = f(a[i], b[i])` with broadcasting; `a` and `b` share dtype `T`.
/// The result is laid out as torch lays it out: row-major unless the
/// operands' strides say otherwise (`x.t() + y.t()` keeps the transpose).
pub fn binary<T: Element, U: Element>(
    a: &Tensor,
    b: &Tensor,
    out_shape: &[usize],
    f: impl Fn(T, T) -> U + Sync,
) -> Tensor {
    let same = a.shape() == out_shape && b.shape() == out_shape;
    if same && a.is_contiguous() && b.is_contiguous() {
        let out = a.with_slice(|x: &[T]| b.with_slice(|y: &[T]| map_slices(x, y, &f)));
        return Tensor::from_vec(out, out_shape);
    }
    let strides = [layout_strides(a, out_shape), layout_strides(b, out_shape)];
    if let Some(order) = result_order(out_shape, &strides) {
        let shape: Vec<usize> = order.iter().map(|&d| out_shape[d]).collect();
        let (ap, bp) = (
            reordered(a, out_shape, &order),
            reordered(b, out_shape, &order),
        );
        let out = binary_row_major(&ap, &bp, &shape, f);
        return in_original_dims(out, out_shape, &order);
    }
    binary_row_major(a, b, out_shape, f)
}

/// `binary` with a row-major result.
fn binary_row_major<T: Element, U: Element>(
    a: &Tensor,
    b: &Tensor,
    out_shape: &[usize],
    f: impl Fn(T, T) -> U + Sync,
) -> Tensor {
    let n = numel(out_shape);
    if a.shape() == out_shape && is_single_value(b) {
        let s: T = first_value(b);
        return unary(a, |p: T| f(p, s));
    }
    if b.shape() == out_shape && is_single_value(a) {
        let s: T = first_value(a);
        return unary(b, |q: T| f(s, q));
    }
    if n == 0 {
        return Tensor::from_vec(Vec::<U>::new(), out_shape);
    }
    let (shape, sa, sb) = coalesce(
        out_shape,
        &broadcast_strides(a, out_shape),
        &broadcast_strides(b, out_shape),
    );
    let inner = shape[shape.len() - 1];
    let buf_a = a.storage().data.read_recursive();
    let buf_b = b.storage().data.read_recursive();
    let (xa, xb) = (T::slice(&buf_a), T::slice(&buf_b));
    let bases = (a.offset() as isize, b.offset() as isize);
    let layout = (&shape[..], &sa[..], &sb[..]);
    let out = filled_vec(n, |out| {
        if parallel_worth(n) {
            let rows_per_task = CHUNK.div_ceil(inner);
            for_each_chunk_mut(out, rows_per_task * inner, |t, o| {
                broadcast_rows(xa, xb, layout, bases, t * rows_per_task, o, &f)
            });
        } else {
            broadcast_rows(xa, xb, layout, bases, 0, out, &f);
        }
    });
    drop((buf_a, buf_b));
    Tensor::from_vec(out, out_shape)
}

/// One value repeated: a single element, or an expanded scalar (all strides 0).
fn is_single_value(t: &Tensor) -> bool {
    t.numel() == 1 || (t.numel() > 0 && t.strides().iter().all(|&s| s == 0))
}

fn first_value<T: Element>(t: &Tensor) -> T {
    let buf = t.storage().data.read_recursive();
    T::slice(&buf)[t.offset()]
}

/// `out[i] = f(a[i])`, laid out as `a` is when `a` is a permuted layout
/// (as torch's kernels do), row-major otherwise.
pub fn unary<T: Element, U: Element>(a: &Tensor, f: impl Fn(T) -> U + Sync) -> Tensor {
    unary_with(a, |x: &[T], out: &mut [MaybeUninit<U>]| map1(x, out, &f))
}

/// `unary` with a slice kernel (`kernel(x, out)` writes all of `out`).
pub fn unary_with<T: Element, U: Element>(
    a: &Tensor,
    kernel: impl Fn(&[T], &mut [MaybeUninit<U>]) + Sync,
) -> Tensor {
    unary_laid_out(a, kernel, a.is_contiguous())
}

/// `unary` for `a op scalar`: torch's kernels then see two operands of
/// different shapes and order the result by `a`'s strides even when `a`
/// counts as contiguous (a size-1 dim's stride can still decide).
pub fn unary_beside_scalar<T: Element, U: Element>(
    a: &Tensor,
    f: impl Fn(T) -> U + Sync,
) -> Tensor {
    let kernel = |x: &[T], out: &mut [MaybeUninit<U>]| map1(x, out, &f);
    unary_laid_out(a, kernel, a.is_contiguous() && a.ndim() < 2)
}

/// Whether every stride is the row-major one, size-1 dims included.
fn has_row_major_strides(t: &Tensor) -> bool {
    let mut step = 1isize;
    for (&d, &s) in t.shape().iter().zip(t.strides()).rev() {
        if s != step {
            return false;
        }
        step *= d as isize;
    }
    true
}

fn unary_laid_out<T: Element, U: Element>(
    a: &Tensor,
    kernel: impl Fn(&[T], &mut [MaybeUninit<U>]) + Sync,
    row_major: bool,
) -> Tensor {
    if !row_major && !has_row_major_strides(a) {
        if let Some(order) = result_order(a.shape(), &[layout_strides(a, a.shape())]) {
            let shape: Vec<usize> = order.iter().map(|&d| a.shape()[d]).collect();
            let ap = reordered(a, a.shape(), &order);
            let out = ap.with_slice(|x: &[T]| map_slice_with(x, &kernel));
            return in_original_dims(Tensor::from_vec(out, &shape), a.shape(), &order);
        }
    }
    let out = a.with_slice(|x: &[T]| map_slice_with(x, &kernel));
    Tensor::from_vec(out, a.shape())
}
