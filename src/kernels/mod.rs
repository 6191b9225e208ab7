//! Loops over buffers. Kernels know nothing of autograd; ops in `ops/`
//! call them for both forward and backward.

pub mod matmul;
pub mod reduce;

use crate::shape::numel;
use crate::tensor::{Element, Tensor};
use rayon::prelude::*;

/// Above this many elements a kernel splits the work across threads.
pub const PARALLEL_THRESHOLD: usize = 1 << 16;
const CHUNK: usize = 1 << 14;

/// Strides of `t` broadcast to `out_shape` (0 along broadcast dims).
fn broadcast_strides(t: &Tensor, out_shape: &[usize]) -> Vec<isize> {
    let lead = out_shape.len() - t.ndim();
    let mut s = vec![0isize; out_shape.len()];
    for (i, (&d, &st)) in t.shape().iter().zip(t.strides()).enumerate() {
        s[lead + i] = if d == 1 { 0 } else { st };
    }
    s
}

/// Visits pairs of storage offsets of two strided operands over `shape`.
fn for_each_offset2(
    shape: &[usize],
    (sa, mut oa): (&[isize], isize),
    (sb, mut ob): (&[isize], isize),
    mut f: impl FnMut(usize, usize),
) {
    let nd = shape.len();
    if nd == 0 {
        f(oa as usize, ob as usize);
        return;
    }
    if shape.contains(&0) {
        return;
    }
    let (inner, ia, ib) = (shape[nd - 1], sa[nd - 1], sb[nd - 1]);
    let mut index = vec![0usize; nd - 1];
    loop {
        let (mut a, mut b) = (oa, ob);
        for _ in 0..inner {
            f(a as usize, b as usize);
            a += ia;
            b += ib;
        }
        let mut d = nd - 1;
        loop {
            if d == 0 {
                return;
            }
            d -= 1;
            index[d] += 1;
            oa += sa[d];
            ob += sb[d];
            if index[d] < shape[d] {
                break;
            }
            oa -= sa[d] * shape[d] as isize;
            ob -= sb[d] * shape[d] as isize;
            index[d] = 0;
        }
    }
}

/// `out[i] = f(a[i], b[i])` with broadcasting; `a` and `b` share dtype `T`.
pub fn binary<T: Element, U: Element>(
    a: &Tensor,
    b: &Tensor,
    out_shape: &[usize],
    f: impl Fn(T, T) -> U + Sync,
) -> Tensor {
    let n = numel(out_shape);
    let same = a.shape() == out_shape && b.shape() == out_shape;
    if same && a.is_contiguous() && b.is_contiguous() {
        let out = a.with_slice(|x: &[T]| {
            b.with_slice(|y: &[T]| {
                if n >= PARALLEL_THRESHOLD {
                    x.par_iter()
                        .zip(y.par_iter())
                        .with_min_len(CHUNK)
                        .map(|(&p, &q)| f(p, q))
                        .collect()
                } else {
                    x.iter().zip(y).map(|(&p, &q)| f(p, q)).collect()
                }
            })
        });
        return Tensor::from_vec(out, out_shape);
    }
    if b.numel() == 1 && a.shape() == out_shape {
        let s: T = b.to_vec::<T>()[0];
        return unary(a, |p: T| f(p, s));
    }
    if a.numel() == 1 && b.shape() == out_shape {
        let s: T = a.to_vec::<T>()[0];
        return unary(b, |q: T| f(s, q));
    }
    let sa = broadcast_strides(a, out_shape);
    let sb = broadcast_strides(b, out_shape);
    let buf_a = a.storage().data.read_recursive();
    let buf_b = b.storage().data.read_recursive();
    let (xa, xb) = (T::slice(&buf_a), T::slice(&buf_b));
    let mut out = Vec::with_capacity(n);
    for_each_offset2(
        out_shape,
        (&sa, a.offset() as isize),
        (&sb, b.offset() as isize),
        |i, j| out.push(f(xa[i], xb[j])),
    );
    drop((buf_a, buf_b));
    Tensor::from_vec(out, out_shape)
}

/// `out[i] = f(a[i])`, contiguous result.
pub fn unary<T: Element, U: Element>(a: &Tensor, f: impl Fn(T) -> U + Sync) -> Tensor {
    let n = a.numel();
    let out = a.with_slice(|x: &[T]| {
        if n >= PARALLEL_THRESHOLD {
            x.par_iter().with_min_len(CHUNK).map(|&v| f(v)).collect()
        } else {
            x.iter().map(|&v| f(v)).collect()
        }
    });
    Tensor::from_vec(out, a.shape())
}
