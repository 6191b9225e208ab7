//! Reductions computed row by row: the reduced dims are moved last and each
//! row is reduced in the input's float dtype (other dtypes in float64); the
//! gradient is the incoming one (expanded back) times a per-element factor
//! computed with the forward, or a formula in tensor ops.
//! max/min/amax/amin, argmax/argmin, prod, var/std, norm, logsumexp, cumsum.

use super::arith::{div, mul, mul_scalar, pow_scalar, sub};
use super::compare::{bitwise, compare, compare_scalar, where_, Cmp, Logic};
use super::grad0;
use super::reduce::mean_dims;
use super::unary::{abs, exp, sgn};
use super::view::{broadcast_to, permute, unsqueeze};
use crate::autograd::grad_mode::GradModeGuard;
use crate::autograd::node::{Backward, Grads, Saved};
use crate::autograd::{needs_graph, record};
use crate::dispatch_float;
use crate::dtype::{DType, Scalar};
use crate::error::{Error, Result};
use crate::kernels::rows::{
    lane_extreme, lane_max, lane_reduce, lane_sum_map, map_rows, reduce_rows, RowFloat, RowMap,
    RowReduce,
};
use crate::shape::{numel, wrap_dim};
use crate::tensor::{Element, Tensor};
use smallvec::smallvec;
use std::mem::MaybeUninit;

/// The input seen as rows over `dims`: the reduced dims moved last, in the
/// input's float dtype (integers and bools as float64).
struct Rows {
    /// The permuted input (a view; read through `with_slice`).
    t: Tensor,
    /// The kept dims' sizes.
    kept: Vec<usize>,
    len: usize,
    perm: Vec<usize>,
    dims: Vec<usize>,
}

fn rows(t: &Tensor, dims: &[usize]) -> Result<Rows> {
    let kept_dims: Vec<usize> = (0..t.ndim()).filter(|d| !dims.contains(d)).collect();
    let perm: Vec<usize> = kept_dims.iter().chain(dims.iter()).copied().collect();
    let permuted = {
        let _off = GradModeGuard::new(false);
        let spec: Vec<i64> = perm.iter().map(|&p| p as i64).collect();
        permute(&t.detach(), &spec)?
    };
    let permuted = if t.dtype().is_floating() {
        permuted
    } else {
        permuted.cast(DType::F64)
    };
    Ok(Rows {
        t: permuted,
        kept: kept_dims.iter().map(|&d| t.shape()[d]).collect(),
        len: dims.iter().map(|&d| t.shape()[d]).product(),
        perm,
        dims: dims.to_vec(),
    })
}

impl Rows {
    /// `k` of every row, in row order (rows of no elements too).
    fn reduce<T: RowFloat + Element, K: RowReduce<T>>(&self, k: &K) -> Vec<K::Out> {
        if self.len == 0 {
            return (0..numel(&self.kept)).map(|_| k.reduce(&[])).collect();
        }
        self.t.with_slice(|x: &[T]| reduce_rows(x, self.len, k))
    }

    /// A tensor of the input's shape from one in row order.
    fn unpermute(&self, t: Tensor) -> Result<Tensor> {
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

/// Reductions are returned in the input's dtype; bools count as int64.
fn result_dtype(a: &Tensor) -> DType {
    if a.dtype() == DType::Bool {
        DType::I64
    } else {
        a.dtype()
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
        let g = broadcast_to(&g, factor.shape())?;
        Ok(smallvec![Some(mul(&g, factor)?)])
    }

    fn release(&mut self) {
        self.factor.release();
    }
}

/// Records a reduction whose gradient is the incoming one times the
/// per-element `factor` (given in row order, shaped as the permuted input).
fn record_factor(
    name: &'static str,
    a: &Tensor,
    out: &Tensor,
    r: &Rows,
    factor: Tensor,
    keepdim: bool,
) -> Result<()> {
    let factor = r.unpermute(factor.cast(a.dtype()))?;
    let backward = FactorBackward {
        factor: Saved::input(&factor),
        dims: r.dims.clone(),
        keepdim,
    };
    record(name, &[a], &[out], Box::new(backward));
    Ok(())
}

/// A per-element factor in row order: `f(row, row's result, out row)`.
fn row_factor<T: RowFloat + Element, V: Copy>(
    r: &Rows,
    values: &[V],
    f: impl Fn(&[T], V, &mut [MaybeUninit<T>]),
) -> Tensor {
    let data = r.t.with_slice(|x: &[T]| {
        crate::kernels::filled_vec(x.len(), |out| {
            if r.len == 0 {
                return;
            }
            for ((row, o), &v) in x.chunks(r.len).zip(out.chunks_mut(r.len)).zip(values) {
                f(row, v, o);
            }
        })
    });
    Tensor::from_vec(data, r.t.shape())
}

/// The gradient of an extreme value is shared evenly by the elements equal
/// to it (or all NaNs when it is NaN).
fn tie_share<T: RowFloat>(row: &[T], v: T, out: &mut [MaybeUninit<T>]) {
    let hit = |x: T| x == v || (x.is_nan() && v.is_nan());
    let ties = row.iter().filter(|&&x| hit(x)).count().max(1);
    let share = T::one() / T::narrow(ties as f64);
    for (o, &x) in out.iter_mut().zip(row) {
        o.write(if hit(x) { share } else { T::zero() });
    }
}

fn check_grad_dtype(a: &Tensor) -> Result<()> {
    if !a.dtype().is_floating() && needs_graph(&[a]) {
        return Err(Error::runtime(
            "reductions with gradients need floating point inputs",
        ));
    }
    Ok(())
}

/// `max`/`min` over everything or `amax`/`amin` over dims: values whose
/// gradient is shared by the tied elements.
fn reduce_extreme(
    a: &Tensor,
    dims: Option<&[i64]>,
    keepdim: bool,
    max: bool,
    name: &'static str,
) -> Result<Tensor> {
    check_grad_dtype(a)?;
    let r = rows(a, &resolve(dims, a.ndim())?)?;
    let shape = r.out_shape(a.shape(), keepdim);
    dispatch_float!(r.t.dtype(), T => {
        let values: Vec<T> = if max {
            r.reduce(&Extreme::<true>)
        } else {
            r.reduce(&Extreme::<false>)
        };
        let factor = needs_graph(&[a]).then(|| row_factor(&r, &values, tie_share));
        let out = Tensor::from_vec(values, &shape).cast(result_dtype(a));
        if let Some(factor) = factor {
            record_factor(name, a, &out, &r, factor, keepdim)?;
        }
        Ok(out)
    }, unreachable!("rows are floating point"))
}

/// Runs a smooth row reduction and records its backward.
fn reduce_smooth(
    a: &Tensor,
    dims: Option<&[i64]>,
    keepdim: bool,
    name: &'static str,
    kind: Smooth,
) -> Result<Tensor> {
    check_grad_dtype(a)?;
    let dims = resolve(dims, a.ndim())?;
    let r = rows(a, &dims)?;
    let shape = r.out_shape(a.shape(), keepdim);
    let out = dispatch_float!(r.t.dtype(), T => {
        Tensor::from_vec(r.reduce::<T, _>(&kind), &shape)
    }, unreachable!("rows are floating point"))
    .cast(result_dtype(a));
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

/// The largest (`MAX`) or smallest element of a row, or NaN.
struct Extreme<const MAX: bool>;

impl<T: RowFloat, const MAX: bool> RowReduce<T> for Extreme<MAX> {
    type Out = T;
    #[inline(always)]
    fn reduce(&self, row: &[T]) -> T {
        lane_extreme::<T, MAX>(row)
    }
}

impl<T: RowFloat> RowReduce<T> for Smooth {
    type Out = T;
    /// The value of one row.
    #[inline(always)]
    fn reduce(&self, row: &[T]) -> T {
        match *self {
            Smooth::Prod(_) => lane_reduce(row, T::one(), |v| v, |a, b| a * b),
            Smooth::Var { correction, std } => {
                // accumulated in f64, as torch does on the CPU
                let n = row.len() as f64;
                let mean = lane_sum_map(row, |v: T| v.wide()) / n;
                let ss = lane_sum_map(row, |v: T| (v.wide() - mean) * (v.wide() - mean));
                let v = ss / (n - correction).max(0.0);
                T::narrow(if std { v.sqrt() } else { v })
            }
            Smooth::Norm(p) => {
                if p == f64::INFINITY {
                    // a NaN wins, as in torch's norm
                    let nan_or_max = |a: T, b: T| if a.is_nan() || a > b { a } else { b };
                    lane_reduce(row, T::zero(), |v: T| v.abs(), nan_or_max)
                } else if p == f64::NEG_INFINITY {
                    let nan_or_min = |a: T, b: T| if a.is_nan() || a < b { a } else { b };
                    lane_reduce(row, T::infinity(), |v: T| v.abs(), nan_or_min)
                } else if p == 0.0 {
                    lane_sum_map(
                        row,
                        |v: T| if v == T::zero() { T::zero() } else { T::one() },
                    )
                } else if p == 1.0 {
                    lane_sum_map(row, |v: T| v.abs())
                } else if p == 2.0 {
                    lane_sum_map(row, |v: T| v * v).sqrt()
                } else {
                    let p = T::narrow(p);
                    lane_sum_map(row, |v: T| v.abs().powf(p)).powf(T::one() / p)
                }
            }
            Smooth::Logsumexp => {
                // NaNs are skipped here and come back through the sum
                let m = lane_max(row);
                if m.is_infinite() {
                    return m;
                }
                m + lane_sum_map(row, |v: T| (v - m).fast_exp()).fast_ln()
            }
        }
    }
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
        if let Smooth::Norm(p) = self.kind {
            if p == 0.0 {
                // a count of nonzeros is flat: torch passes back no gradient at all
                return Ok(smallvec![None]);
            }
        }
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
        if p == 1.0 {
            return mul(&sgn(x)?, g);
        }
        if p == 2.0 {
            if !has_zero(y)? {
                return mul(x, &div(g, y)?); // one full-size op: g/y is per row
            }
            return mul(g, &unless_zero(y, &div(x, y)?)?);
        }
        if p.is_infinite() {
            // sign(x) at the largest (smallest) |x| or a NaN, shared evenly among ties
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

/// `max()` / `min()` over everything (MaxBackward1 / MinBackward1).
pub fn max_all(a: &Tensor, max: bool) -> Result<Tensor> {
    empty_check(a, if max { "max" } else { "min" })?;
    let name = if max { "MaxBackward1" } else { "MinBackward1" };
    reduce_extreme(a, None, false, max, name)
}

/// `amax(dims)` / `amin(dims)` (AmaxBackward0 / AminBackward0).
pub fn amax(a: &Tensor, dims: &[i64], keepdim: bool, max: bool) -> Result<Tensor> {
    let name = if max {
        "AmaxBackward0"
    } else {
        "AminBackward0"
    };
    // only an empty tensor has a zero-size dim to refuse
    if a.numel() == 0 {
        let op = if max { "amax" } else { "amin" };
        if dims.is_empty() {
            empty_check(a, op)?;
        }
        if let Some(d) = resolve(Some(dims), a.ndim())?
            .into_iter()
            .find(|&d| a.shape()[d] == 0)
        {
            return Err(Error::Index(format!(
                "{op}(): Expected reduction dim {d} to have non-zero size."
            )));
        }
    }
    reduce_extreme(a, Some(dims), keepdim, max, name)
}

/// The first extreme element of a row and its index; a NaN counts as
/// extreme, so the first NaN wins when there is one.
struct ArgExtreme<const MAX: bool>;

impl<T: RowFloat, const MAX: bool> RowReduce<T> for ArgExtreme<MAX> {
    type Out = (T, i64);
    #[inline(always)]
    fn reduce(&self, row: &[T]) -> (T, i64) {
        let v = lane_extreme::<T, MAX>(row);
        let i = row
            .iter()
            .position(|&x| x == v || (v.is_nan() && x.is_nan()))
            .unwrap_or(0);
        (row[i], i as i64)
    }
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
    let shape = r.out_shape(a.shape(), keepdim);
    let (values, indices, factor) = dispatch_float!(r.t.dtype(), T => {
        let picked: Vec<(T, i64)> = if max {
            r.reduce(&ArgExtreme::<true>)
        } else {
            r.reduce(&ArgExtreme::<false>)
        };
        let (values, idx): (Vec<T>, Vec<i64>) = picked.into_iter().unzip();
        let factor = needs_graph(&[a]).then(|| {
            row_factor(&r, &idx, |_: &[T], i: i64, out| {
                for (j, o) in out.iter_mut().enumerate() {
                    o.write(T::from_f64(if j as i64 == i { 1.0 } else { 0.0 }));
                }
            })
        });
        (Tensor::from_vec(values, &shape), Tensor::from_vec(idx, &shape), factor)
    }, unreachable!("rows are floating point"));
    let out = values.cast(a.dtype());
    if let Some(factor) = factor {
        let name = if max { "MaxBackward0" } else { "MinBackward0" };
        record_factor(name, a, &out, &r, factor, keepdim)?;
    }
    Ok((out, indices))
}

/// `argmax` / `argmin` (first index on ties; `dim=None` flattens).
pub fn argmax(a: &Tensor, dim: Option<i64>, keepdim: bool, max: bool) -> Result<Tensor> {
    match dim {
        None => {
            if a.numel() == 0 {
                // torch's wording and type differ from max()'s here
                return Err(Error::Index(format!(
                    "{}(): Expected reduction dim to be specified for input.numel() == 0.",
                    if max { "argmax" } else { "argmin" }
                )));
            }
            let flat = {
                let _off = GradModeGuard::new(false);
                super::view::reshape(&a.detach(), &[-1])?
            };
            let i = max_dim(&flat, 0, false, max)?.1;
            let shape = if keepdim { vec![1; a.ndim()] } else { vec![] };
            Ok(
                i.view_of(&shape, &crate::shape::contiguous_strides(&shape), 0)
                    .detach(),
            )
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
    reduce_smooth(a, dims.as_deref(), keepdim, name, Smooth::Prod(dim))
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
    reduce_smooth(a, dims, keepdim, name, Smooth::Var { correction, std })
}

/// `norm(p, dim)` (LinalgVectorNormBackward0); a zero vector gets gradient 0.
pub fn norm(a: &Tensor, p: f64, dims: Option<&[i64]>, keepdim: bool) -> Result<Tensor> {
    if a.numel() == 0 && (p < 0.0 || p == f64::INFINITY) {
        // max and min have no value over nothing
        let ord = if p.is_infinite() || p.fract() != 0.0 {
            format!("{p}")
        } else {
            format!("{}", p as i64)
        };
        let head = format!("linalg.vector_norm cannot compute the {ord} norm on");
        let tail = "the operation does not have an identity";
        match dims {
            None | Some([]) => {
                return Err(Error::runtime(format!(
                    "{head} an empty tensor because {tail}"
                )))
            }
            Some(ds) => {
                for d in resolve(Some(ds), a.ndim())? {
                    if a.shape()[d] == 0 {
                        // torch's message has no space before "because"
                        return Err(Error::runtime(format!(
                            "{head} the dimension {d}because this dimension is empty and {tail}"
                        )));
                    }
                }
            }
        }
    }
    reduce_smooth(
        a,
        dims,
        keepdim,
        "LinalgVectorNormBackward0",
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
        Smooth::Logsumexp,
    )
}

/// `cumsum(dim)` (CumsumBackward0): the gradient is the reversed cumsum.
pub fn cumsum(a: &Tensor, dim: i64) -> Result<Tensor> {
    let d = wrap_dim(dim, a.ndim())?;
    let ds = if a.ndim() == 0 { vec![] } else { vec![d] };
    let r = rows(a, &ds)?;
    let sums = dispatch_float!(r.t.dtype(), T => {
        let data = r.t.with_slice(|x: &[T]| map_rows(x, r.len, &RunningSum));
        Tensor::from_vec(data, r.t.shape())
    }, unreachable!("rows are floating point"));
    let dtype = if a.dtype().is_floating() {
        a.dtype()
    } else {
        DType::I64
    };
    let out = r.unpermute(sums.cast(dtype))?;
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

/// Running sums of a row, accumulated in f64 as torch does on the CPU.
struct RunningSum;

impl<T: RowFloat> RowMap<T> for RunningSum {
    #[inline(always)]
    fn map(&self, row: &[T], out: &mut [MaybeUninit<T>]) {
        let mut acc = 0.0f64;
        for (o, &v) in out.iter_mut().zip(row) {
            acc += v.wide();
            o.write(T::narrow(acc));
        }
    }
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
