//! Matrix products on strided operands, through the `gemm` crate for
//! floats (it reads transposed layouts directly, no copies).

use crate::dtype::DType;
use crate::tensor::{Element, Tensor};
use gemm::Parallelism;

/// Work (m*n*k) above which products are split across threads.
const PARALLEL_WORK: usize = 1 << 20;
/// Work from which a split product gets one band per thread (~3 ms of
/// arithmetic per thread at 2^27).
const ONE_BAND_EACH_WORK: usize = 1 << 27;
/// Bands of a split product are a multiple of this many rows or columns
/// (a multiple of gemm's register tile sizes).
const BAND_ALIGN: usize = 16;

/// A 2-d operand: storage offset, row stride and column stride.
#[derive(Clone, Copy)]
pub struct Mat {
    pub offset: usize,
    pub rs: isize,
    pub cs: isize,
}

/// Work (m*n*k) up to which a direct loop beats the gemm crate's set-up.
const TINY_WORK: usize = 512;

/// `out[b] = lhs[b] @ rhs[b]` for `batch` products of m×k by k×n, written
/// contiguously into a new tensor of `out_shape` (`batch*m*n` elements).
/// `lhs`/`rhs` give each batch's matrix layout in their tensor's storage.
pub fn batched_matmul(
    a: &Tensor,
    lhs: &[Mat],
    b: &Tensor,
    rhs: &[Mat],
    (m, k, n): (usize, usize, usize),
    out_shape: &[usize],
) -> Tensor {
    debug_assert_eq!(a.dtype(), b.dtype());
    debug_assert_eq!(crate::shape::numel(out_shape), lhs.len() * m * n);
    match a.dtype() {
        DType::F32 => Tensor::from_vec(run_gemm::<f32>(a, lhs, b, rhs, m, k, n), out_shape),
        DType::F64 => Tensor::from_vec(run_gemm::<f64>(a, lhs, b, rhs, m, k, n), out_shape),
        DType::I64 => Tensor::from_vec(run_naive::<i64>(a, lhs, b, rhs, m, k, n), out_shape),
        DType::Bool => {
            let out = run_naive::<i64>(&a.cast(DType::I64), lhs, &b.cast(DType::I64), rhs, m, k, n);
            Tensor::from_vec(
                out.into_iter().map(|v| v != 0).collect::<Vec<_>>(),
                out_shape,
            )
        }
        DType::C64 => Tensor::from_vec(
            run_naive::<crate::tensor::Complex32>(a, lhs, b, rhs, m, k, n),
            out_shape,
        ),
        DType::C128 => Tensor::from_vec(
            run_naive::<crate::tensor::Complex64>(a, lhs, b, rhs, m, k, n),
            out_shape,
        ),
        // stored-only dtypes: computed in their compute dtype, stored back
        d => {
            let c = d.compute();
            let (a, b) = (a.cast_keeping_layout(c), b.cast_keeping_layout(c));
            batched_matmul(&a, lhs, &b, rhs, (m, k, n), out_shape).cast(d)
        }
    }
}

/// `dst (m×n, row-major) = lhs @ rhs`, one dot product per output element
/// (the accumulator stays in a register: no store-to-load chains).
fn tiny_gemm<T>(xa: &[T], l: Mat, xb: &[T], r: Mat, (m, k, n): (usize, usize, usize), dst: &mut [T])
where
    T: Copy + num_traits::Zero + std::ops::Mul<Output = T> + std::ops::Add<Output = T>,
{
    let at = |base: usize, i: usize, s: isize| (base as isize + i as isize * s) as usize;
    for (i, row) in dst.chunks_exact_mut(n).enumerate().take(m) {
        let a_row = at(l.offset, i, l.rs);
        for (j, o) in row.iter_mut().enumerate() {
            let b_col = at(r.offset, j, r.cs);
            let mut acc = T::zero();
            for p in 0..k {
                acc = acc + xa[at(a_row, p, l.cs)] * xb[at(b_col, p, r.rs)];
            }
            *o = acc;
        }
    }
}

fn run_gemm<
    T: Element
        + num_traits::Zero
        + num_traits::One
        + std::ops::Mul<Output = T>
        + std::ops::Add<Output = T>,
>(
    a: &Tensor,
    lhs: &[Mat],
    b: &Tensor,
    rhs: &[Mat],
    m: usize,
    k: usize,
    n: usize,
) -> Vec<T> {
    let total = lhs.len() * m * n;
    let mut out: Vec<T> = super::pool::vec_with_capacity(total);
    if k == 0 || m == 0 || n == 0 {
        out.resize(total, T::zero());
        return out;
    }
    let buf_a = a.storage().data.read_recursive();
    let buf_b = b.storage().data.read_recursive();
    let (xa, xb) = (T::slice(&buf_a), T::slice(&buf_b));
    if m * n * k <= TINY_WORK {
        // gemm's setup costs more than the arithmetic here
        out.resize(total, T::zero());
        for (i, (l, r)) in lhs.iter().zip(rhs).enumerate() {
            tiny_gemm(
                xa,
                *l,
                xb,
                *r,
                (m, k, n),
                &mut out[i * m * n..(i + 1) * m * n],
            );
        }
        return out;
    }
    let dst_all = out.as_mut_ptr() as usize;
    let threads = crate::threads::get_num_threads();
    let parallel = threads > 1 && total * k >= PARALLEL_WORK;
    if T::DTYPE == DType::F32 && super::sgemm::available() {
        let operand = |x: &[T], mat: Mat| super::sgemm::Operand {
            ptr: x.as_ptr().wrapping_add(mat.offset) as *const f32,
            rs: mat.rs,
            cs: mat.cs,
        };
        // one product: threads split it; several: each thread takes whole ones
        let product = |i: usize| {
            let dst = (dst_all as *mut f32).wrapping_add(i * m * n);
            let (a, b) = (operand(xa, lhs[i]), operand(xb, rhs[i]));
            // SAFETY: T is f32 (checked above); the operands address
            // matrices inside the live storages (the callers' shape
            // checks), `dst` is product i's exclusive block of `out`
            unsafe { super::sgemm::sgemm((m, k, n), a, b, dst, n, parallel && lhs.len() == 1) }
        };
        if parallel && lhs.len() > 1 {
            crate::threads::run_tasks(lhs.len(), &product);
        } else {
            (0..lhs.len()).for_each(product);
        }
        // SAFETY: sgemm wrote every element of every product
        unsafe { out.set_len(total) };
        return out;
    }
    // Product i (rows and cols select a block of it).
    let block = |i: usize, rows: (usize, usize), cols: (usize, usize)| {
        let (l, r) = (lhs[i], rhs[i]);
        let dst = (dst_all as *mut T).wrapping_add(i * m * n + rows.0 * n + cols.0);
        // SAFETY: offsets and strides describe matrices inside the live
        // storage slices (checked by the callers' shape logic); `dst` is an
        // exclusive block of `out`'s capacity, which
        // gemm writes in full (read_dst is false).
        unsafe {
            gemm::gemm(
                rows.1 - rows.0,
                cols.1 - cols.0,
                k,
                dst,
                1,
                n as isize,
                false,
                xa.as_ptr()
                    .offset(l.offset as isize + rows.0 as isize * l.rs),
                l.cs,
                l.rs,
                xb.as_ptr()
                    .offset(r.offset as isize + cols.0 as isize * r.cs),
                r.cs,
                r.rs,
                T::zero(),
                T::one(),
                false,
                false,
                false,
                Parallelism::None,
            );
        }
    };
    if !parallel {
        (0..lhs.len()).for_each(|i| block(i, (0, m), (0, n)));
    } else {
        // Each task is one band of one product, split along its longer
        // side, about two tasks per thread so a late helper still helps.
        // Every band packs the whole other operand again, so a product long
        // enough that a helper's wake-up is lost in it takes one per thread.
        let per_thread = if total * k >= ONE_BAND_EACH_WORK {
            1
        } else {
            2
        };
        let bands_each = (per_thread * threads).div_ceil(lhs.len());
        let long = m.max(n);
        let width = long
            .div_ceil(bands_each)
            .next_multiple_of(BAND_ALIGN)
            .min(long);
        let bands = long.div_ceil(width);
        crate::threads::run_tasks(lhs.len() * bands, &|t| {
            let (i, band) = (t / bands, t % bands);
            let span = (band * width, ((band + 1) * width).min(long));
            if m >= n {
                block(i, span, (0, n))
            } else {
                block(i, (0, m), span)
            }
        });
    }
    // SAFETY: every block was written by gemm above
    unsafe { out.set_len(total) };
    out
}

fn run_naive<
    T: Element + num_traits::Zero + std::ops::Mul<Output = T> + std::ops::Add<Output = T>,
>(
    a: &Tensor,
    lhs: &[Mat],
    b: &Tensor,
    rhs: &[Mat],
    m: usize,
    k: usize,
    n: usize,
) -> Vec<T> {
    let buf_a = a.storage().data.read_recursive();
    let buf_b = b.storage().data.read_recursive();
    let (xa, xb) = (T::slice(&buf_a), T::slice(&buf_b));
    let mut out = Vec::with_capacity(lhs.len() * m * n);
    for (l, r) in lhs.iter().zip(rhs) {
        for i in 0..m {
            for j in 0..n {
                let mut acc = T::zero();
                for p in 0..k {
                    let x =
                        xa[(l.offset as isize + i as isize * l.rs + p as isize * l.cs) as usize];
                    let y =
                        xb[(r.offset as isize + p as isize * r.rs + j as isize * r.cs) as usize];
                    acc = acc + x * y;
                }
                out.push(acc);
            }
        }
    }
    out
}
