//! Sums over all elements or over chosen dimensions.

use crate::tensor::{Element, Tensor};
use crate::threads::for_each_chunk_mut;
use num_traits::Zero;
use std::any::{Any, TypeId};
use std::ops::Add;

/// Sum of all elements (the caller picks the accumulation dtype by casting).
pub fn sum_all<T: Element + Zero + Add<Output = T>>(t: &Tensor) -> T {
    t.with_slice(|s: &[T]| {
        // floats torch sums on one thread are added in its order (so they
        // round as its sums do); larger ones take the parallel path, whose
        // result does not depend on the thread count; integers sum in order
        let torch_order = s.len() < super::cascade::SERIAL_BELOW;
        if let Some(f) = same_type::<T, f32>(s) {
            return cast_back(if torch_order {
                super::cascade::sum_f32(f)
            } else {
                super::rows::sum(f)
            });
        }
        if let Some(f) = same_type::<T, f64>(s) {
            return cast_back(if torch_order {
                super::cascade::sum_f64(f)
            } else {
                super::rows::sum(f)
            });
        }
        s.iter().fold(T::zero(), |acc, &v| acc + v)
    })
}

/// `s` as a slice of `F` when `T` is `F`.
fn same_type<T: 'static, F: 'static>(s: &[T]) -> Option<&[F]> {
    (TypeId::of::<T>() == TypeId::of::<F>())
        // SAFETY: T and F are the same type
        .then(|| unsafe { &*(s as *const [T] as *const [F]) })
}

fn cast_back<F: 'static + Copy, T: 'static + Copy>(v: F) -> T {
    *(&v as &dyn Any)
        .downcast_ref::<T>()
        .expect("called with T == F")
}

/// Sums over `dims` (distinct, in range); the result drops those dims.
///
/// Floats add in the order torch's CPU kernel adds them on one thread:
/// adjacent reduced (kept) dims merge into one, size-1 dims drop out; the
/// innermost merged dim decides the kernel: reduced, each row is summed in
/// torch's row order; kept, the columns are summed over the rows of the
/// next dim in its outer-sum order; every partial is added onto an output
/// that starts at zero, outer positions in row-major order.
pub fn sum_dims<T: Element + Zero + Add<Output = T>>(t: &Tensor, dims: &[usize]) -> Tensor {
    let out_shape: Vec<usize> = t
        .shape()
        .iter()
        .enumerate()
        .filter(|(i, _)| !dims.contains(i))
        .map(|(_, &d)| d)
        .collect();
    let mut runs: Vec<(usize, bool)> = Vec::new();
    for (i, &d) in t.shape().iter().enumerate() {
        let reduced = dims.contains(&i);
        match runs.last_mut() {
            _ if d == 1 => {}
            Some((n, r)) if *r == reduced => *n *= d,
            _ => runs.push((d, reduced)),
        }
    }
    let mut out = vec![T::zero(); crate::shape::numel(&out_shape)];
    t.with_slice(|s: &[T]| {
        if s.is_empty() {
            return;
        }
        if let (Some(f), Some(o)) = (same_type::<T, f32>(s), same_type_mut::<T, f32>(&mut out)) {
            sum_runs(f, &runs, o, super::cascade::sum_f32);
        } else if let (Some(f), Some(o)) =
            (same_type::<T, f64>(s), same_type_mut::<T, f64>(&mut out))
        {
            sum_runs(f, &runs, o, super::cascade::sum_f64);
        } else {
            sum_runs(s, &runs, &mut out, |row: &[T]| {
                row.iter().fold(T::zero(), |acc, &v| acc + v)
            });
        }
    });
    Tensor::from_vec(out, &out_shape)
}

/// What `sum_dims` adds, for merged `runs` (size, reduced) of `s`.
fn sum_runs<T: Copy + Send + Sync + Zero + Add<Output = T> + 'static>(
    s: &[T],
    runs: &[(usize, bool)],
    out: &mut [T],
    row_sum: impl Fn(&[T]) -> T + Sync,
) {
    match runs {
        // nothing reduced that has more than one element: a copy
        [] | [(_, false)] => {
            for (o, &v) in out.iter_mut().zip(s) {
                *o = T::zero() + v;
            }
        }
        [outer @ .., (n, true)] => {
            let positions = kept_positions(outer);
            // threads take ranges of outputs; each output's rows stay in order
            let part = out.len().div_ceil(tasks(s.len(), out.len()));
            for_each_chunk_mut(out, part, |t, outs| {
                let mine = t * part..t * part + outs.len();
                for (row, &at) in s.chunks_exact(*n).zip(&positions) {
                    if mine.contains(&at) {
                        let o = &mut outs[at - mine.start];
                        *o = *o + row_sum(row);
                    }
                }
            });
        }
        [outer @ .., (rows, true), (cols, false)] => {
            let positions = kept_positions(outer);
            let part = cols.div_ceil(tasks(s.len(), *cols));
            for (block, &at) in s.chunks_exact(rows * cols).zip(&positions) {
                // threads take ranges of columns
                for_each_chunk_mut(&mut out[at * cols..(at + 1) * cols], part, |t, outs| {
                    column_sums(block, *rows, *cols, t * part, outs);
                });
            }
        }
        [.., (_, false), (_, false)] => unreachable!("adjacent kept dims are merged"),
    }
}

/// For each position of `runs` in row-major order, its index among the kept
/// positions.
fn kept_positions(runs: &[(usize, bool)]) -> Vec<usize> {
    let mut positions = vec![0usize];
    for &(n, reduced) in runs {
        let kept = if reduced { 1 } else { n };
        positions = positions
            .iter()
            .flat_map(|&p| (0..n).map(move |i| p * kept + if reduced { 0 } else { i }))
            .collect();
    }
    positions
}

/// How many threads a sum of `n` elements into `outputs` values is split over
/// (one below the size torch sums on one thread, so its order is kept there).
fn tasks(n: usize, outputs: usize) -> usize {
    if n < super::cascade::SERIAL_BELOW || !super::parallel_worth(n) {
        1
    } else {
        crate::threads::get_num_threads().min(outputs).max(1)
    }
}

/// Sums of the columns `first..first + out.len()` of a block `cols` wide,
/// in torch's order for floats (plain for integers), added onto `out`.
fn column_sums<T: Copy + Zero + Add<Output = T> + 'static>(
    block: &[T],
    rows: usize,
    cols: usize,
    first: usize,
    out: &mut [T],
) {
    if let (Some(b), Some(o)) = (same_type::<T, f32>(block), same_type_mut::<T, f32>(out)) {
        return super::cascade::add_some_column_sums(b, rows, cols, first, o);
    }
    if let (Some(b), Some(o)) = (same_type::<T, f64>(block), same_type_mut::<T, f64>(out)) {
        return super::cascade::add_some_column_sums(b, rows, cols, first, o);
    }
    let width = out.len();
    let mut total = vec![T::zero(); width];
    for row in block.chunks_exact(cols) {
        for (a, &v) in total.iter_mut().zip(&row[first..first + width]) {
            *a = *a + v;
        }
    }
    for (o, a) in out.iter_mut().zip(total) {
        *o = *o + a;
    }
}

/// `s` as a mutable slice of `F` when `T` is `F`.
fn same_type_mut<T: 'static, F: 'static>(s: &mut [T]) -> Option<&mut [F]> {
    (TypeId::of::<T>() == TypeId::of::<F>())
        // SAFETY: T and F are the same type
        .then(|| unsafe { &mut *(s as *mut [T] as *mut [F]) })
}
