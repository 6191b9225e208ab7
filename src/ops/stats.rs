//! Reductions computed row by row: the reduced dims are moved last, each
//! row is reduced in f64, and the gradient is the incoming one (expanded
//! back) times a per-element factor computed with the forward.
//! max/min/amax/amin, argmax/argmin, prod, var/std, norm, logsumexp, cumsum.

use super::arith::{div, mul, mul_scalar, pow_scalar, sub};
use super::compare::{bitwise, compare, compare_scalar, where_, Cmp, Logic};
use super::grad0;
use super::reduce::mean_dims;
use super::unary::{abs, exp, sgn};
use super::view::{expand, permute, unsqueeze};
use crate::autograd::grad_mode::GradModeGuard;
use crate::autograd::node::{Backward, Grads, Saved};
use crate::autograd::{needs_graph, record};
use crate::dtype::{DType, Scalar};
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

/// Reduces each row of `a` over `dims` with `value`: the result, the rows
/// and the resolved dims.
fn reduce_values(
    a: &Tensor,
    dims: Option<&[i64]>,
    keepdim: bool,
    value: impl Fn(&[f64]) -> f64,
) -> Result<(Tensor, Rows, Vec<usize>)> {
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
    let out = Tensor::from_vec(values, &r.out_shape(a.shape(), keepdim)).cast(out_dtype);
    Ok((out, r, ds))
}

/// Runs a row reduction whose gradient is piecewise constant: `value(row)`
/// gives the result, `factor(row, value)` each element's derivative.
fn reduce_rows(
    a: &Tensor,
    dims: Option<&[i64]>,
    keepdim: bool,
    name: &'static str,
    value: impl Fn(&[f64]) -> f64,
    factor: impl Fn(&[f64], f64, &mut Vec<f64>),
) -> Result<Tensor> {
    let (out, r, ds) = reduce_values(a, dims, keepdim, value)?;
    if needs_graph(&[a]) {
        let values = out.to_f64_vec();
        let mut f = Vec::with_capacity(r.data.len());
        for (row, &v) in r.iter().zip(&values) {
            factor(row, v, &mut f);
        }
        record_factor(name, a, &out, &r, f, ds, keepdim)?;
    }
    Ok(out)
}

/// The reductions whose gradient varies smoothly with the input; their
/// backward is written in tensor ops so it can be differentiated again.
#[derive(Clone, Copy)]
enum Smooth {
    /// `dim` as given to `prod` (None: over everything).
    Prod(Option<i64>),
    Var {
        correction: f64,
        std: bool,
    },
    Norm(f64),
    Logsumexp,
}

/// Runs a smooth row reduction and records its backward.
fn reduce_smooth(
    a: &Tensor,
    dims: Option<&[i64]>,
    keepdim: bool,
    name: &'static str,
    value: impl Fn(&[f64]) -> f64,
    kind: Smooth,
) -> Result<Tensor> {
    let (out, _, dims) = reduce_values(a, dims, keepdim, value)?;
    if needs_graph(&[a]) {
        let backward = SmoothBackward {
            kind,
            input: Saved::input(a),
            out: Saved::output(&out, name),
            dims,
            keepdim,
        };
        record(name, &[a], &[&out], Box::new(backward));
    }
    Ok(out)
}

struct SmoothBackward {
    kind: Smooth,
    input: Saved,
    out: Saved,
    dims: Vec<usize>,
    keepdim: bool,
}

impl SmoothBackward {
    /// `t` with the reduced dims put back as 1s (so it broadcasts over the input).
    fn restore(&self, t: Tensor) -> Result<Tensor> {
        if self.keepdim {
            return Ok(t);
        }
        let mut sorted = self.dims.clone();
        sorted.sort_unstable();
        sorted.iter().try_fold(t, |t, &d| unsqueeze(&t, d as i64))
    }

    fn dims_i64(&self) -> Vec<i64> {
        self.dims.iter().map(|&d| d as i64).collect()
    }
}

impl Backward for SmoothBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let x = self.input.get()?;
        let g = self.restore(grad0(grads).clone())?;
        let y = self.restore(self.out.value()?)?;
        let gx = match self.kind {
            Smooth::Logsumexp => mul(&g, &exp(&sub(x, &y, 1.0)?)?)?,
            Smooth::Var { correction, std } => {
                let n: usize = self.dims.iter().map(|&d| x.shape()[d]).product();
                let centered = sub(x, &mean_dims(x, &self.dims_i64(), true)?, 1.0)?;
                let g = if std {
                    unless_zero(&y, &div(&g, &mul_scalar(&y, Scalar::Int(2))?)?)?
                } else {
                    g
                };
                let scale = 2.0 / (n as f64 - correction).max(0.0);
                mul(&mul_scalar(&g, Scalar::Float(scale))?, &centered)?
            }
            Smooth::Norm(p) => self.norm_grad(p, x, &g, &y)?,
            Smooth::Prod(dim) => mul(&g, &prod_of_others(x, &y, dim)?)?,
        };
        Ok(smallvec![Some(gx)])
    }

    fn release(&mut self) {
        self.input.release();
        self.out.release();
    }
}

impl SmoothBackward {
    /// The gradient of the p-norm `y` of `x`, in the form torch's norm_backward
    /// has (so its second derivative matches too).
    fn norm_grad(&self, p: f64, x: &Tensor, g: &Tensor, y: &Tensor) -> Result<Tensor> {
        if p == 0.0 {
            return Ok(Tensor::zeros(x.shape(), x.dtype()));
        }
        if p == 1.0 {
            return mul(&sgn(x)?, g);
        }
        if p == 2.0 {
            if !has_zero(y)? {
                return mul(x, &div(g, y)?); // one full-size op: g/y is per row
            }
            return mul(g, &unless_zero(y, &div(x, y)?)?);
        }
        if p == f64::INFINITY {
            // sign(x) at the largest |x| (or a NaN), shared evenly among ties
            let share = {
                let _off = GradModeGuard::new(false);
                let at_max = bitwise(
                    &compare(&abs(x)?, y, Cmp::Eq)?,
                    &compare(x, x, Cmp::Ne)?,
                    Logic::Or,
                )?
                .cast(x.dtype());
                let ties = super::reduce::sum_dims(&at_max, &self.dims_i64(), true)?;
                div(&at_max, &ties)?
            };
            return mul(&mul(&sgn(x)?, g)?, &share);
        }
        let abs_pow = |e: f64| pow_scalar(&abs(x)?, Scalar::Float(e));
        if p < 1.0 {
            let power = unless_zero(x, &abs_pow(p - 1.0)?)?;
            let scaled = mul(&sgn(x)?, &power)?;
            return mul(&mul(&scaled, g)?, &pow_scalar(y, Scalar::Float(1.0 - p))?);
        }
        let scale = unless_zero(y, &div(g, &pow_scalar(y, Scalar::Float(p - 1.0))?)?)?;
        let scaled = if p < 2.0 {
            mul(&sgn(x)?, &abs_pow(p - 1.0)?)?
        } else {
            mul(x, &abs_pow(p - 2.0)?)?
        };
        mul(&scaled, &scale)
    }
}

fn has_zero(t: &Tensor) -> Result<bool> {
    Ok(compare_scalar(t, Scalar::Int(0), Cmp::Eq)?
        .to_vec::<bool>()
        .contains(&true))
}

/// `v` with 0 where `t` is 0 (torch's masked_fill of a zero norm or std);
/// `v` itself when `t` has no zero.
fn unless_zero(t: &Tensor, v: &Tensor) -> Result<Tensor> {
    if !has_zero(t)? {
        return Ok(v.clone());
    }
    let at_zero = compare_scalar(t, Scalar::Int(0), Cmp::Eq)?;
    where_(&at_zero, &Tensor::zeros(&[], v.dtype()), v)
}

/// For each element of `x`, the product of the other elements of its row
/// (`y` is the row products, reduced dims kept): `y / x` when there are
/// no zeros, as torch. With zeros in a row, it is written with the product
/// of the nonzero elements, P, and the row's zeros as values that still
/// carry their gradient, exact to the second derivative: one zero z gives
/// P at z and z·P/x elsewhere; two zeros z₁, z₂ give z₂·P at z₁ (and z₁·P
/// at z₂), 0 elsewhere; more zeros give 0 (whose first derivative is 0 too).
fn prod_of_others(x: &Tensor, y: &Tensor, dim: Option<i64>) -> Result<Tensor> {
    if !has_zero(x)? {
        return div(y, x);
    }
    let is_zero = compare_scalar(x, Scalar::Int(0), Cmp::Eq)?;
    let (zero, one) = (
        Tensor::zeros(&[], x.dtype()),
        Tensor::full(&[], 1.0, x.dtype()),
    );
    let row_dims: Vec<i64> = dim.into_iter().collect();
    let zeros_in_row = {
        let _off = GradModeGuard::new(false);
        super::reduce::sum_dims(&is_zero.cast(DType::I64), &row_dims, true)?
    };
    let has = |count: i64| compare_scalar(&zeros_in_row, Scalar::Int(count), Cmp::Eq);
    let nonzero = where_(&is_zero, &one, x)?;
    let row_prod = match dim {
        Some(d) => prod(&nonzero, Some(d), true)?,
        None => prod(&nonzero, None, false)?,
    };
    let others = div(&row_prod, &nonzero)?; // P over x, and P at the zeros
    let zeros_sum = super::reduce::sum_dims(&where_(&is_zero, x, &zero)?, &row_dims, true)?;
    let one_zero = where_(&is_zero, &others, &mul(&zeros_sum, &others)?)?;
    let other_zero = sub(&zeros_sum, x, 1.0)?;
    let two_zeros = where_(&is_zero, &mul(&other_zero, &others)?, &zero)?;
    let rest = where_(&has(2)?, &two_zeros, &zero)?;
    where_(&has(0)?, &others, &where_(&has(1)?, &one_zero, &rest)?)
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
    let out = reduce_smooth(
        a,
        dims.as_deref(),
        keepdim,
        name,
        |r| r.iter().product(),
        Smooth::Prod(dim),
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
    let name = if std { "StdBackward0" } else { "VarBackward0" };
    reduce_smooth(
        a,
        dims,
        keepdim,
        name,
        move |row| {
            let n = row.len() as f64;
            let mean = row.iter().sum::<f64>() / n;
            let ss: f64 = row.iter().map(|x| (x - mean) * (x - mean)).sum();
            let v = ss / (n - correction).max(0.0);
            if std {
                v.sqrt()
            } else {
                v
            }
        },
        Smooth::Var { correction, std },
    )
}

/// `norm(p, dim)` (LinalgVectorNormBackward0); a zero vector gets gradient 0.
pub fn norm(a: &Tensor, p: f64, dims: Option<&[i64]>, keepdim: bool) -> Result<Tensor> {
    reduce_smooth(
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
        Smooth::Norm(p),
    )
}

/// `logsumexp(dims)` (LogsumexpBackward0), stable for large values.
pub fn logsumexp(a: &Tensor, dims: &[i64], keepdim: bool) -> Result<Tensor> {
    let a = &super::to_float(a);
    reduce_smooth(
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
        Smooth::Logsumexp,
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
