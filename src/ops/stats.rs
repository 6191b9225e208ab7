//! Reductions computed row by row: the reduced dims are moved last, each
//! row is reduced in f64, and the gradient is the incoming one (expanded
//! back) times a per-element factor computed with the forward.
//! max/min/amax/amin, argmax/argmin, prod, var/std, norm, logsumexp, cumsum.

use super::arith::mul;
use super::grad0;
use super::view::{expand, permute, unsqueeze};
use crate::autograd::grad_mode::GradModeGuard;
use crate::autograd::node::{Backward, Grads, Saved};
use crate::autograd::{needs_graph, record};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::shape::wrap_dim;
use crate::tensor::Tensor;
use smallvec::smallvec;

/// The input seen as rows over `dims`: (kept dims' shape, row length,
/// values row-major, permutation used).
pub(crate) struct Rows {
    pub(crate) kept: Vec<usize>,
    pub(crate) len: usize,
    pub(crate) data: Vec<f64>,
    perm: Vec<usize>,
    dims: Vec<usize>,
}

pub(crate) fn rows(t: &Tensor, dims: &[usize]) -> Result<Rows> {
    let kept_dims: Vec<usize> = (0..t.ndim()).filter(|d| !dims.contains(d)).collect();
    let perm: Vec<usize> = kept_dims.iter().chain(dims.iter()).copied().collect();
    let permuted = {
        let _off = GradModeGuard::new(false);
        let spec: Vec<i64> = perm.iter().map(|&p| p as i64).collect();
        permute(&t.detach(), &spec)?
    };
    let len = dims.iter().map(|&d| t.shape()[d]).product();
    Ok(Rows {
        kept: kept_dims.iter().map(|&d| t.shape()[d]).collect(),
        len,
        data: permuted.to_f64_vec(),
        perm,
        dims: dims.to_vec(),
    })
}

impl Rows {
    pub(crate) fn iter(&self) -> impl Iterator<Item = &[f64]> {
        let len = self.len.max(1);
        let count = if self.len == 0 {
            crate::shape::numel(&self.kept)
        } else {
            self.data.len() / len
        };
        (0..count).map(move |i| {
            if self.len == 0 {
                &self.data[0..0]
            } else {
                &self.data[i * len..(i + 1) * len]
            }
        })
    }

    /// A tensor of the input's shape from per-element values in row order.
    pub(crate) fn unpermute(
        &self,
        values: Vec<f64>,
        dtype: DType,
        shape: &[usize],
    ) -> Result<Tensor> {
        let mut permuted_shape = self.kept.clone();
        permuted_shape.extend(self.dims.iter().map(|&d| shape[d]));
        let t = Tensor::from_vec(values, &permuted_shape).cast(dtype);
        let mut inverse = vec![0i64; self.perm.len()];
        for (i, &p) in self.perm.iter().enumerate() {
            inverse[p] = i as i64;
        }
        let _off = GradModeGuard::new(false);
        Ok(permute(&t, &inverse)?.contiguous())
    }

    /// Shape of the result: kept dims, with 1s in place when `keepdim`.
    fn out_shape(&self, shape: &[usize], keepdim: bool) -> Vec<usize> {
        if keepdim {
            (0..shape.len())
                .map(|d| if self.dims.contains(&d) { 1 } else { shape[d] })
                .collect()
        } else {
            self.kept.clone()
        }
    }
}

fn resolve(dims: Option<&[i64]>, ndim: usize) -> Result<Vec<usize>> {
    match dims {
        None => Ok((0..ndim).collect()),
        Some([]) => Ok((0..ndim).collect()),
        Some(ds) => {
            let mut out = Vec::new();
            for &d in ds {
                let w = wrap_dim(d, ndim)?;
                if out.contains(&w) {
                    return Err(Error::runtime(format!(
                        "dim {w} appears multiple times in the list of dims"
                    )));
                }
                out.push(w);
            }
            Ok(out)
        }
    }
}

/// Gradient = incoming gradient (reduced dims restored) × saved factor.
struct FactorBackward {
    factor: Saved,
    dims: Vec<usize>,
    keepdim: bool,
}

impl Backward for FactorBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let factor = self.factor.get()?;
        let mut g = grad0(grads).clone();
        if !self.keepdim {
            let mut sorted = self.dims.clone();
            sorted.sort_unstable();
            for d in sorted {
                g = unsqueeze(&g, d as i64)?;
            }
        }
        let g = expand(&g, factor.shape())?;
        Ok(smallvec![Some(mul(&g, factor)?)])
    }

    fn release(&mut self) {
        self.factor.release();
    }
}

/// Records a reduction whose gradient is the incoming one times the
/// per-element `factor` (given in row order).
fn record_factor(
    name: &'static str,
    a: &Tensor,
    out: &Tensor,
    r: &Rows,
    factor: Vec<f64>,
    dims: Vec<usize>,
    keepdim: bool,
) -> Result<()> {
    let factor = r.unpermute(factor, a.dtype(), a.shape())?;
    let backward = FactorBackward {
        factor: Saved::input(&factor),
        dims,
        keepdim,
    };
    record(name, &[a], &[out], Box::new(backward));
    Ok(())
}

/// Runs a row reduction: `value(row)` gives the result, `factor(row, value)`
/// each element's derivative.
fn reduce_rows(
    a: &Tensor,
    dims: Option<&[i64]>,
    keepdim: bool,
    name: &'static str,
    value: impl Fn(&[f64]) -> f64,
    factor: impl Fn(&[f64], f64, &mut Vec<f64>),
) -> Result<Tensor> {
    if !a.dtype().is_floating() && needs_graph(&[a]) {
        return Err(Error::runtime(
            "reductions with gradients need floating point inputs",
        ));
    }
    let ds = resolve(dims, a.ndim())?;
    let r = rows(a, &ds)?;
    let values: Vec<f64> = r.iter().map(&value).collect();
    let out_dtype = if a.dtype() == DType::Bool {
        DType::I64
    } else {
        a.dtype()
    };
    let out = Tensor::from_vec(values.clone(), &r.out_shape(a.shape(), keepdim)).cast(out_dtype);
    if needs_graph(&[a]) {
        let mut f = Vec::with_capacity(r.data.len());
        for (row, &v) in r.iter().zip(&values) {
            factor(row, v, &mut f);
        }
        record_factor(name, a, &out, &r, f, ds, keepdim)?;
    }
    Ok(out)
}

fn empty_check(a: &Tensor, what: &str) -> Result<()> {
    if a.numel() == 0 {
        return Err(Error::runtime(format!(
            "{what}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument."
        )));
    }
    Ok(())
}

fn extreme(row: &[f64], max: bool) -> f64 {
    row.iter().copied().fold(
        if max {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        },
        |acc, v| {
            if v.is_nan() || acc.is_nan() {
                f64::NAN
            } else if (v > acc) == max && v != acc {
                v
            } else {
                acc
            }
        },
    )
}

/// Ties share the gradient evenly.
fn tie_share(row: &[f64], v: f64, out: &mut Vec<f64>) {
    let ties = row
        .iter()
        .filter(|&&x| x == v || (x.is_nan() && v.is_nan()))
        .count()
        .max(1) as f64;
    out.extend(row.iter().map(|&x| {
        if x == v || (x.is_nan() && v.is_nan()) {
            1.0 / ties
        } else {
            0.0
        }
    }));
}

/// `max()` / `min()` over everything (MaxBackward1 / MinBackward1).
pub fn max_all(a: &Tensor, max: bool) -> Result<Tensor> {
    empty_check(a, if max { "max" } else { "min" })?;
    let name = if max { "MaxBackward1" } else { "MinBackward1" };
    reduce_rows(a, None, false, name, |r| extreme(r, max), tie_share)
}

/// `amax(dims)` / `amin(dims)` (AmaxBackward0 / AminBackward0).
pub fn amax(a: &Tensor, dims: &[i64], keepdim: bool, max: bool) -> Result<Tensor> {
    let name = if max {
        "AmaxBackward0"
    } else {
        "AminBackward0"
    };
    reduce_rows(a, Some(dims), keepdim, name, |r| extreme(r, max), tie_share)
}

/// Index of the first extreme element of a row (NaN counts as extreme).
fn arg_extreme(row: &[f64], max: bool) -> usize {
    let mut best = 0;
    for (i, &v) in row.iter().enumerate() {
        let b = row[best];
        if b.is_nan() {
            break;
        }
        if v.is_nan() || (if max { v > b } else { v < b }) {
            best = i;
        }
    }
    best
}

/// `max(dim)` / `min(dim)`: (values, indices); the gradient goes to the
/// returned index (MaxBackward0 / MinBackward0).
pub fn max_dim(a: &Tensor, dim: i64, keepdim: bool, max: bool) -> Result<(Tensor, Tensor)> {
    let d = wrap_dim(dim, a.ndim())?;
    let ds = if a.ndim() == 0 { vec![] } else { vec![d] };
    let r = rows(a, &ds)?;
    if r.len == 0 && a.numel() == 0 {
        return Err(Error::Index(format!(
            "{}(): Expected reduction dim {d} to have non-zero size.",
            if max { "max" } else { "min" }
        )));
    }
    let idx: Vec<usize> = r.iter().map(|row| arg_extreme(row, max)).collect();
    let values: Vec<f64> = r.iter().zip(&idx).map(|(row, &i)| row[i]).collect();
    let shape = r.out_shape(a.shape(), keepdim);
    let out = Tensor::from_vec(values, &shape).cast(a.dtype());
    let indices = Tensor::from_vec(idx.iter().map(|&i| i as i64).collect::<Vec<_>>(), &shape);
    if needs_graph(&[a]) {
        let mut f = Vec::with_capacity(r.data.len());
        for (row, &i) in r.iter().zip(&idx) {
            f.extend((0..row.len()).map(|j| if j == i { 1.0 } else { 0.0 }));
        }
        let name = if max { "MaxBackward0" } else { "MinBackward0" };
        record_factor(name, a, &out, &r, f, ds, keepdim)?;
    }
    Ok((out, indices))
}

/// `argmax` / `argmin` (first index on ties; `dim=None` flattens).
pub fn argmax(a: &Tensor, dim: Option<i64>, keepdim: bool, max: bool) -> Result<Tensor> {
    match dim {
        None => {
            empty_check(a, if max { "argmax" } else { "argmin" })?;
            let flat = a.to_f64_vec();
            let i = arg_extreme(&flat, max) as i64;
            let shape = if keepdim { vec![1; a.ndim()] } else { vec![] };
            Ok(Tensor::from_vec(vec![i], &shape))
        }
        Some(d) => {
            let _off = GradModeGuard::new(false);
            Ok(max_dim(a, d, keepdim, max)?.1)
        }
    }
}

/// `prod()` / `prod(dim)` (ProdBackward0 / ProdBackward1).
pub fn prod(a: &Tensor, dim: Option<i64>, keepdim: bool) -> Result<Tensor> {
    let name = if dim.is_some() {
        "ProdBackward1"
    } else {
        "ProdBackward0"
    };
    let dims = dim.map(|d| vec![d]);
    let out = reduce_rows(
        a,
        dims.as_deref(),
        keepdim,
        name,
        |r| r.iter().product(),
        |row, _, out| {
            // product of the others, exact with zeros (prefix × suffix)
            let n = row.len();
            let mut prefix = vec![1.0; n + 1];
            for i in 0..n {
                prefix[i + 1] = prefix[i] * row[i];
            }
            let mut suffix = 1.0;
            let start = out.len();
            out.resize(start + n, 0.0);
            for i in (0..n).rev() {
                out[start + i] = prefix[i] * suffix;
                suffix *= row[i];
            }
        },
    )?;
    Ok(if a.dtype() == DType::Bool {
        out.cast(DType::I64)
    } else {
        out
    })
}

/// `var` / `std` with Bessel's correction (VarBackward0 / StdBackward0).
pub fn var(
    a: &Tensor,
    dims: Option<&[i64]>,
    correction: f64,
    keepdim: bool,
    std: bool,
) -> Result<Tensor> {
    if !a.dtype().is_floating() {
        return Err(Error::runtime(
            "std and var only support floating point and complex dtypes".to_string(),
        ));
    }
    let moments = move |row: &[f64]| {
        let n = row.len() as f64;
        let mean = row.iter().sum::<f64>() / n;
        let ss: f64 = row.iter().map(|x| (x - mean) * (x - mean)).sum();
        (mean, ss / (n - correction).max(0.0))
    };
    let name = if std { "StdBackward0" } else { "VarBackward0" };
    reduce_rows(
        a,
        dims,
        keepdim,
        name,
        move |row| {
            let v = moments(row).1;
            if std {
                v.sqrt()
            } else {
                v
            }
        },
        move |row, value, out| {
            let n = row.len() as f64;
            let mean = row.iter().sum::<f64>() / n;
            let denom = (n - correction).max(0.0);
            out.extend(row.iter().map(|x| {
                let dvar = 2.0 * (x - mean) / denom;
                if std {
                    dvar / (2.0 * value)
                } else {
                    dvar
                }
            }));
        },
    )
}

/// `norm(p, dim)` (LinalgVectorNormBackward0); a zero vector gets gradient 0.
pub fn norm(a: &Tensor, p: f64, dims: Option<&[i64]>, keepdim: bool) -> Result<Tensor> {
    reduce_rows(
        a,
        dims,
        keepdim,
        "LinalgVectorNormBackward0",
        move |row| {
            if p == f64::INFINITY {
                row.iter().fold(0.0f64, |m, x| m.max(x.abs()))
            } else if p == 1.0 {
                row.iter().map(|x| x.abs()).sum()
            } else if p == 2.0 {
                row.iter().map(|x| x * x).sum::<f64>().sqrt()
            } else {
                row.iter()
                    .map(|x| x.abs().powf(p))
                    .sum::<f64>()
                    .powf(1.0 / p)
            }
        },
        move |row, n, out| {
            if p == f64::INFINITY {
                // sign(x) at the largest |x|, shared among ties
                let ties = row.iter().filter(|x| x.abs() == n).count().max(1) as f64;
                out.extend(row.iter().map(|&x| {
                    if x.abs() == n && n != 0.0 {
                        x.signum() / ties
                    } else {
                        0.0
                    }
                }));
                return;
            }
            out.extend(row.iter().map(|&x| {
                if p == 1.0 {
                    x.signum() * (x != 0.0) as u8 as f64
                } else if n == 0.0 {
                    0.0
                } else if p == 2.0 {
                    x / n
                } else {
                    x * x.abs().powf(p - 2.0) / n.powf(p - 1.0)
                }
            }));
        },
    )
}

/// `logsumexp(dims)` (LogsumexpBackward0), stable for large values.
pub fn logsumexp(a: &Tensor, dims: &[i64], keepdim: bool) -> Result<Tensor> {
    let a = &super::to_float(a);
    reduce_rows(
        a,
        Some(dims),
        keepdim,
        "LogsumexpBackward0",
        |row| {
            let m = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            if m.is_infinite() {
                return m + row.iter().map(|x| (x - m).exp()).sum::<f64>().ln().min(0.0);
            }
            m + row.iter().map(|x| (x - m).exp()).sum::<f64>().ln()
        },
        |row, lse, out| out.extend(row.iter().map(|x| (x - lse).exp())),
    )
}

/// `cumsum(dim)` (CumsumBackward0): the gradient is the reversed cumsum.
pub fn cumsum(a: &Tensor, dim: i64) -> Result<Tensor> {
    let d = wrap_dim(dim, a.ndim())?;
    let ds = if a.ndim() == 0 { vec![] } else { vec![d] };
    let r = rows(a, &ds)?;
    let mut values = Vec::with_capacity(r.data.len());
    for row in r.iter() {
        let mut acc = 0.0;
        values.extend(row.iter().map(|x| {
            acc += x;
            acc
        }));
    }
    let dtype = if a.dtype().is_floating() {
        a.dtype()
    } else {
        DType::I64
    };
    let out = r.unpermute(values, dtype, a.shape())?;
    if needs_graph(&[a]) {
        record(
            "CumsumBackward0",
            &[a],
            &[&out],
            Box::new(CumsumBackward { dim: d }),
        );
    }
    Ok(out)
}

struct CumsumBackward {
    dim: usize,
}

impl Backward for CumsumBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let d = [self.dim as i64];
        let g = grad0(grads);
        if g.ndim() == 0 {
            return Ok(smallvec![Some(g.clone())]);
        }
        let reversed =
            super::join::flip(&cumsum(&super::join::flip(g, &d)?, self.dim as i64)?, &d)?;
        Ok(smallvec![Some(reversed)])
    }
}
