//! Matrix products on strided operands, through the `gemm` crate for
//! floats (it reads transposed layouts directly, no copies).

use crate::dtype::DType;
use crate::tensor::{Element, Tensor};
use gemm::Parallelism;

/// Work (m*n*k) above which gemm may use all threads.
const PARALLEL_WORK: usize = 1 << 18;

/// A 2-d operand: storage offset, row stride and column stride.
#[derive(Clone, Copy)]
pub struct Mat {
    pub offset: usize,
    pub rs: isize,
    pub cs: isize,
}

/// `out[b] = lhs[b] @ rhs[b]` for `batch` products of m×k by k×n, written
/// contiguously into a new Vec of `batch*m*n`. `lhs`/`rhs` give each
/// batch's matrix layout in their tensor's storage.
pub fn batched_matmul(
    a: &Tensor,
    lhs: &[Mat],
    b: &Tensor,
    rhs: &[Mat],
    (m, k, n): (usize, usize, usize),
) -> Tensor {
    debug_assert_eq!(a.dtype(), b.dtype());
    let batch = lhs.len();
    match a.dtype() {
        DType::F32 => Tensor::from_vec(run_gemm::<f32>(a, lhs, b, rhs, m, k, n), &[batch, m, n]),
        DType::F64 => Tensor::from_vec(run_gemm::<f64>(a, lhs, b, rhs, m, k, n), &[batch, m, n]),
        DType::I64 => Tensor::from_vec(run_naive::<i64>(a, lhs, b, rhs, m, k, n), &[batch, m, n]),
        DType::Bool => {
            let out = run_naive::<i64>(&a.cast(DType::I64), lhs, &b.cast(DType::I64), rhs, m, k, n);
            Tensor::from_vec(
                out.into_iter().map(|v| v != 0).collect::<Vec<_>>(),
                &[batch, m, n],
            )
        }
        DType::C64 => Tensor::from_vec(
            run_naive::<crate::tensor::Complex32>(a, lhs, b, rhs, m, k, n),
            &[batch, m, n],
        ),
        DType::C128 => Tensor::from_vec(
            run_naive::<crate::tensor::Complex64>(a, lhs, b, rhs, m, k, n),
            &[batch, m, n],
        ),
        // stored-only dtypes: computed in their compute dtype, stored back
        d => {
            let c = d.compute();
            let (a, b) = (a.cast_keeping_layout(c), b.cast_keeping_layout(c));
            batched_matmul(&a, lhs, &b, rhs, (m, k, n)).cast(d)
        }
    }
}

fn run_gemm<T: Element + num_traits::Zero + num_traits::One>(
    a: &Tensor,
    lhs: &[Mat],
    b: &Tensor,
    rhs: &[Mat],
    m: usize,
    k: usize,
    n: usize,
) -> Vec<T> {
    let mut out = vec![T::zero(); lhs.len() * m * n];
    if k == 0 || m == 0 || n == 0 {
        return out;
    }
    let par = if m * n * k >= PARALLEL_WORK {
        Parallelism::Rayon(rayon::current_num_threads())
    } else {
        Parallelism::None
    };
    let buf_a = a.storage().data.read_recursive();
    let buf_b = b.storage().data.read_recursive();
    let (xa, xb) = (T::slice(&buf_a), T::slice(&buf_b));
    for (i, (l, r)) in lhs.iter().zip(rhs).enumerate() {
        let dst = &mut out[i * m * n..(i + 1) * m * n];
        // SAFETY: offsets and strides describe matrices inside the live
        // storage slices (checked by the callers' shape logic), and `dst`
        // is an exclusive m×n row-major block.
        unsafe {
            gemm::gemm(
                m,
                n,
                k,
                dst.as_mut_ptr(),
                1,
                n as isize,
                false,
                xa.as_ptr().add(l.offset),
                l.cs,
                l.rs,
                xb.as_ptr().add(r.offset),
                r.cs,
                r.rs,
                T::zero(),
                T::one(),
                false,
                false,
                false,
                par,
            );
        }
    }
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
