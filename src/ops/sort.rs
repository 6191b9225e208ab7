//! `sort`, `argsort` and `topk`: each row along `dim` ordered (or its top
//! `k` picked) as torch's CPU kernels order it, equal values included (see
//! `kernels::select`). Values are picked by position, so their gradient
//! goes back to those positions; indices are int64.

use super::gather::{take, Sources, TakeNames};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::kernels::select::{introsort, nth_element, partial_sort, quick_select};
use crate::shape::{numel, wrap_dim, Shape};
use crate::tensor::Tensor;

/// How a row is ordered.
#[derive(Clone, Copy)]
enum Order {
    Sort {
        descending: bool,
        stable: bool,
    },
    Top {
        k: usize,
        largest: bool,
        sorted: bool,
    },
}

/// `sort(dim, descending, stable)`: (values (SortBackward0), indices).
pub fn sort(a: &Tensor, dim: i64, descending: bool, stable: bool) -> Result<(Tensor, Tensor)> {
    select(a, dim, Order::Sort { descending, stable }, "SortBackward0")
}

/// `topk(k, dim, largest, sorted)`: (values (TopkBackward0), indices).
pub fn topk(a: &Tensor, k: i64, dim: i64, largest: bool, sorted: bool) -> Result<(Tensor, Tensor)> {
    let d = wrap_dim(dim, a.ndim())?;
    let size = a.shape().get(d).copied().unwrap_or(1) as i64;
    if !(0..=size).contains(&k) {
        return Err(Error::runtime("selected index k out of range"));
    }
    let order = Order::Top {
        k: k as usize,
        largest,
        sorted,
    };
    select(a, dim, order, "TopkBackward0")
}

fn select(a: &Tensor, dim: i64, order: Order, node: &'static str) -> Result<(Tensor, Tensor)> {
    if a.dtype().is_complex() {
        return crate::compute::unsupported("sort", a.dtype());
    }
    let d = wrap_dim(dim, a.ndim())?;
    // a 0-d tensor is one row of one
    let shape: Shape = if a.ndim() == 0 {
        Shape::from_slice(&[1])
    } else {
        a.shape().into()
    };
    let (outer, n, inner) = (numel(&shape[..d]), shape[d], numel(&shape[d + 1..]));
    let kept = match order {
        Order::Sort { .. } => n,
        Order::Top { k, .. } => k,
    };
    let picked = if a.dtype().is_floating() {
        rows(&a.to_f64_vec(), f64::is_nan, outer, n, inner, kept, order)
    } else {
        let keys = a.cast(DType::I64).to_vec::<i64>();
        rows(&keys, |_| false, outer, n, inner, kept, order)
    };
    let mut out_shape: Shape = a.shape().into();
    if a.ndim() > 0 {
        out_shape[d] = kept;
    }
    let sources: Sources = (0..outer * kept * inner)
        .map(|flat| {
            let (o, rest) = (flat / (kept * inner), flat % (kept * inner));
            let i = rest % inner;
            o * n * inner + picked[flat] * inner + i
        })
        .collect();
    let indices: Vec<i64> = picked.iter().map(|&j| j as i64).collect();
    let names = TakeNames {
        take: node,
        scatter: "ScatterBackward0",
    };
    let values = take(a, &out_shape, sources, names);
    Ok((values, Tensor::from_vec(indices, &out_shape)))
}

/// For every output slot (row-major over `outer x kept x inner`), the
/// position along the row its element comes from.
fn rows<K: Copy + PartialOrd>(
    keys: &[K],
    is_nan: impl Fn(K) -> bool + Copy,
    outer: usize,
    n: usize,
    inner: usize,
    kept: usize,
    order: Order,
) -> Vec<usize> {
    // torch's orders: NaN above every number, ties left to the algorithm
    let ascending = |x: &(K, usize), y: &(K, usize)| (!is_nan(x.0) && is_nan(y.0)) || x.0 < y.0;
    let descending = |x: &(K, usize), y: &(K, usize)| (is_nan(x.0) && !is_nan(y.0)) || x.0 > y.0;
    let mut picked = vec![0usize; outer * kept * inner];
    let mut row: Vec<(K, usize)> = Vec::with_capacity(n);
    for o in 0..outer {
        for i in 0..inner {
            row.clear();
            row.extend((0..n).map(|j| (keys[o * n * inner + j * inner + i], j)));
            match order {
                Order::Sort {
                    descending: desc,
                    stable,
                } => {
                    let less = |x: &(K, usize), y: &(K, usize)| {
                        if desc {
                            descending(x, y)
                        } else {
                            ascending(x, y)
                        }
                    };
                    if stable {
                        // a stable order is unique: any stable sort gives it
                        row.sort_by(|x, y| {
                            if less(x, y) {
                                std::cmp::Ordering::Less
                            } else if less(y, x) {
                                std::cmp::Ordering::Greater
                            } else {
                                std::cmp::Ordering::Equal
                            }
                        });
                    } else {
                        introsort(&mut row, &less);
                    }
                }
                Order::Top { k, largest, sorted } => {
                    let less = |x: &(K, usize), y: &(K, usize)| {
                        if largest {
                            descending(x, y)
                        } else {
                            ascending(x, y)
                        }
                    };
                    if k == 0 {
                    } else if k * 64 <= n {
                        partial_sort(&mut row, k, &less);
                    } else {
                        nth_element(&mut row, k - 1, &less);
                        if sorted {
                            introsort(&mut row[..k - 1], &less);
                        }
                    }
                }
            }
            for (j, &(_, from)) in row[..kept].iter().enumerate() {
                picked[o * kept * inner + j * inner + i] = from;
            }
        }
    }
    picked
}

/// Which element a row selection picks.
#[derive(Clone, Copy, Debug)]
pub enum Selection {
    /// the k-th smallest (0-based), NaN the largest (`kthvalue`)
    Kth(usize),
    /// the lower median, or the row's first NaN (`median(dim)`); among
    /// equal values torch's own choice can differ
    Median,
}

/// For each row along `dim`, the position of the selected element, as
/// torch's kernels choose among equal values; `dim` is removed from the
/// shape. The values are read by the caller (a gather, which records the
/// node torch records).
pub fn selected_positions(a: &Tensor, dim: i64, how: Selection) -> Result<Tensor> {
    let d = wrap_dim(dim, a.ndim())?;
    let shape: Shape = if a.ndim() == 0 {
        Shape::from_slice(&[1])
    } else {
        a.shape().into()
    };
    let (outer, n, inner) = (numel(&shape[..d]), shape[d], numel(&shape[d + 1..]));
    let keys: Vec<f64> = a.to_f64_vec();
    let mut picked = vec![0i64; outer * inner];
    for o in 0..outer {
        for i in 0..inner {
            let mut row: Vec<(f64, usize)> = (0..n)
                .map(|j| (keys[o * n * inner + j * inner + i], j))
                .collect();
            let at = match how {
                Selection::Kth(k) => {
                    let greater = |x: &(f64, usize), y: &(f64, usize)| {
                        (x.0.is_nan() && !y.0.is_nan()) || x.0 > y.0
                    };
                    quick_select(&mut row, k, &greater);
                    row[k].1
                }
                Selection::Median => match row.iter().find(|x| x.0.is_nan()) {
                    Some(first_nan) => first_nan.1,
                    None => {
                        let greater = |x: &(f64, usize), y: &(f64, usize)| x.0 > y.0;
                        let k = (n - 1) / 2;
                        quick_select(&mut row, k, &greater);
                        row[k].1
                    }
                },
            };
            picked[o * inner + i] = at as i64;
        }
    }
    let mut out_shape: Shape = a.shape().into();
    if a.ndim() > 0 {
        out_shape.remove(d);
    }
    Ok(Tensor::from_vec(picked, &out_shape))
}
