//! Comparisons and logical ops (bool results, no graph), `where`, and
//! elementwise maximum/minimum.

use super::arith::mul;
use super::{grad0, Num};
use crate::autograd::node::{Backward, Grads, Saved};
use crate::autograd::{needs_graph, record};
use crate::dispatch_num;
use crate::dtype::{result_type, result_type_scalar, DType, Scalar};
use crate::error::{Error, Result};
use crate::kernels;
use crate::shape::broadcast_shapes;
use crate::tensor::{Element, Tensor};
use smallvec::smallvec;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Cmp {
    #[inline]
    fn test<T: PartialOrd>(self, a: T, b: T) -> bool {
        match self {
            Cmp::Eq => a == b,
            Cmp::Ne => a != b,
            Cmp::Lt => a < b,
            Cmp::Le => a <= b,
            Cmp::Gt => a > b,
            Cmp::Ge => a >= b,
        }
    }
}

fn common_type(a: &Tensor, b: &Tensor) -> DType {
    result_type(a.dtype(), a.ndim() == 0, b.dtype(), b.ndim() == 0)
}

/// `a op b` elementwise, as bools.
pub fn compare(a: &Tensor, b: &Tensor, op: Cmp) -> Result<Tensor> {
    let shape = broadcast_shapes(a.shape(), b.shape())?;
    let dtype = match common_type(a, b) {
        DType::Bool => DType::I64,
        d => d,
    };
    let (a, b) = (a.cast(dtype), b.cast(dtype));
    Ok(dispatch_num!(dtype, T => kernels::binary(&a, &b, &shape, |x: T, y: T| op.test(x, y))))
}

/// `a op s` for a Python number `s`.
pub fn compare_scalar(a: &Tensor, s: Scalar, op: Cmp) -> Result<Tensor> {
    let dtype = match result_type_scalar(a.dtype(), s) {
        DType::Bool => DType::I64,
        d => d,
    };
    let a = a.cast(dtype);
    let v = s.as_f64();
    Ok(dispatch_num!(dtype, T => {
        let y = T::from_f64(v);
        kernels::unary(&a, |x: T| op.test(x, y))
    }))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Logic {
    And,
    Or,
    Xor,
}

/// `&`, `|`, `^`: logical on bools, bitwise on integers.
pub fn bitwise(a: &Tensor, b: &Tensor, op: Logic) -> Result<Tensor> {
    let shape = broadcast_shapes(a.shape(), b.shape())?;
    let dtype = common_type(a, b);
    match dtype {
        DType::Bool => {
            let (a, b) = (a.cast(DType::Bool), b.cast(DType::Bool));
            Ok(kernels::binary(
                &a,
                &b,
                &shape,
                move |x: bool, y: bool| match op {
                    Logic::And => x & y,
                    Logic::Or => x | y,
                    Logic::Xor => x ^ y,
                },
            ))
        }
        DType::I64 => {
            let (a, b) = (a.cast(DType::I64), b.cast(DType::I64));
            Ok(kernels::binary(
                &a,
                &b,
                &shape,
                move |x: i64, y: i64| match op {
                    Logic::And => x & y,
                    Logic::Or => x | y,
                    Logic::Xor => x ^ y,
                },
            ))
        }
        d => Err(Error::runtime(format!(
            "\"bitwise_{}_cpu\" not implemented for '{}'",
            match op {
                Logic::And => "and",
                Logic::Or => "or",
                Logic::Xor => "xor",
            },
            crate::shape::scalar_type_name(d)
        ))),
    }
}

/// `logical_and/or/xor`: truth values of any dtype, bool result.
pub fn logical(a: &Tensor, b: &Tensor, op: Logic) -> Result<Tensor> {
    bitwise(&a.cast(DType::Bool), &b.cast(DType::Bool), op)
}

/// `~t`: logical not on bools, bitwise not on integers.
pub fn invert(a: &Tensor) -> Result<Tensor> {
    match a.dtype() {
        DType::Bool => Ok(kernels::unary(a, |x: bool| !x)),
        DType::I64 => Ok(kernels::unary(a, |x: i64| !x)),
        d => Err(Error::runtime(format!(
            "\"bitwise_not_cpu\" not implemented for '{}'",
            crate::shape::scalar_type_name(d)
        ))),
    }
}

pub fn logical_not(a: &Tensor) -> Tensor {
    kernels::unary(&a.cast(DType::Bool), |x: bool| !x)
}

/// `any()` / `all()` over everything or one dim.
pub fn any_all(a: &Tensor, dim: Option<i64>, keepdim: bool, all: bool) -> Result<Tensor> {
    let truth = a.cast(DType::Bool).cast(DType::I64);
    let truth = kernels::unary(&truth, |x: i64| (x != 0) as i64);
    let counts = {
        let _off = crate::autograd::grad_mode::GradModeGuard::new(false);
        match dim {
            None => super::reduce::sum(&truth)?,
            Some(d) => super::reduce::sum_dims(&truth, &[d], keepdim)?,
        }
    };
    let n = match dim {
        None => a.numel(),
        Some(d) => a
            .shape()
            .get(crate::shape::wrap_dim(d, a.ndim())?)
            .copied()
            .unwrap_or(1),
    } as i64;
    Ok(kernels::unary(
        &counts,
        move |c: i64| if all { c == n } else { c > 0 },
    ))
}

// ---- where ----

/// `torch.where(cond, a, b)` (WhereBackward0).
pub fn where_(cond: &Tensor, a: &Tensor, b: &Tensor) -> Result<Tensor> {
    if cond.dtype() != DType::Bool {
        return Err(Error::runtime(format!(
            "where expected condition to be a boolean tensor, but got a tensor with dtype {}",
            crate::shape::scalar_type_name(cond.dtype())
        )));
    }
    let shape = broadcast_shapes(&broadcast_shapes(cond.shape(), a.shape())?, b.shape())?;
    let dtype = common_type(a, b);
    let out = select(cond, &a.cast(dtype), &b.cast(dtype), &shape)?;
    if needs_graph(&[a, b]) {
        record(
            "WhereBackward0",
            &[a, b],
            &[&out],
            Box::new(WhereBackward {
                cond: Saved::input(cond),
            }),
        );
    }
    Ok(out)
}

/// Picks `a` where `cond`, else `b` (same dtype), broadcast to `shape`.
fn select(cond: &Tensor, a: &Tensor, b: &Tensor, shape: &[usize]) -> Result<Tensor> {
    let c = super::view::broadcast_to(&cond.detach(), shape)?;
    let ab_shape = broadcast_shapes(a.shape(), b.shape())?;
    let (a, b) = (
        super::view::broadcast_to(&a.detach(), shape)?,
        super::view::broadcast_to(&b.detach(), shape)?,
    );
    debug_assert!(ab_shape.len() <= shape.len());
    let picks = c.to_vec::<bool>();
    Ok(crate::dispatch!(a.dtype(), T => {
        let (x, y): (Vec<T>, Vec<T>) = (a.to_vec(), b.to_vec());
        let v: Vec<T> = picks.iter().zip(x.into_iter().zip(y)).map(|(&p, (x, y))| if p { x } else { y }).collect();
        Tensor::from_vec(v, shape)
    }))
}

struct WhereBackward {
    cond: Saved,
}

impl Backward for WhereBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        let cond = self.cond.get()?;
        let zeros = Tensor::zeros(&[], g.dtype());
        let ga = if needs[0] {
            Some(where_(cond, g, &zeros)?)
        } else {
            None
        };
        let gb = if needs[1] {
            Some(where_(cond, &zeros, g)?)
        } else {
            None
        };
        Ok(smallvec![ga, gb])
    }

    fn release(&mut self) {
        self.cond.release();
    }
}

// ---- maximum / minimum ----

/// Elementwise max (or min); NaN wins; ties split the gradient in half.
pub fn maximum(a: &Tensor, b: &Tensor, max: bool) -> Result<Tensor> {
    let out = pairwise_extreme(a, b, max, true)?;
    if needs_graph(&[a, b]) {
        let name = if max {
            "MaximumBackward0"
        } else {
            "MinimumBackward0"
        };
        record(
            name,
            &[a, b],
            &[&out],
            Box::new(MaximumBackward {
                a: Saved::input(a),
                b: Saved::input(b),
                max,
            }),
        );
    }
    Ok(out)
}

/// The larger (`max`) or smaller of `a` and `b` elementwise, broadcast and in
/// their common type; `nan_wins` says whether a NaN beats a number (maximum)
/// or loses to one (fmax). Bools take `or` (`and`).
pub(super) fn pairwise_extreme(
    a: &Tensor,
    b: &Tensor,
    max: bool,
    nan_wins: bool,
) -> Result<Tensor> {
    let shape = broadcast_shapes(a.shape(), b.shape())?;
    let dtype = common_type(a, b);
    let (ac, bc) = (a.cast(dtype), b.cast(dtype));
    Ok(match dtype {
        DType::Bool => kernels::binary(
            &ac,
            &bc,
            &shape,
            move |x: bool, y: bool| if max { x | y } else { x & y },
        ),
        _ => dispatch_num!(dtype, T => kernels::binary(&ac, &bc, &shape, move |x: T, y: T| {
            if nan_wins { pick(x, y, max) } else { pick_number(x, y, max) }
        })),
    })
}

/// The number of the pair if one is NaN, else the larger (`max`) or smaller.
#[inline]
fn pick_number<T: Num>(x: T, y: T, max: bool) -> T {
    #[allow(clippy::eq_op)]
    match (x != x, y != y) {
        (true, _) => y,
        (false, true) => x,
        _ => pick(x, y, max),
    }
}

/// The NaN of the pair if any (`x` first), else the larger (`max`) or smaller;
/// `x` on a tie, so `maximum(-0.0, 0.0)` is `-0.0` as in torch.
#[inline]
fn pick<T: Num>(x: T, y: T, max: bool) -> T {
    #[allow(clippy::eq_op)]
    let nan = |v: T| v != v;
    let y_wins = if max { x < y } else { y < x };
    if nan(x) || (!nan(y) && !y_wins) {
        x
    } else {
        y
    }
}

struct MaximumBackward {
    a: Saved,
    b: Saved,
    max: bool,
}

impl Backward for MaximumBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        let (a, b) = (self.a.get()?, self.b.get()?);
        // share of the gradient: 0 where the other side wins, 1/2 on ties
        let share = |x: &Tensor, y: &Tensor| -> Result<Tensor> {
            let shape = broadcast_shapes(x.shape(), y.shape())?;
            let max = self.max;
            let s = crate::dispatch_float!(g.dtype(), T => {
                let (xc, yc) = (x.cast(g.dtype()), y.cast(g.dtype()));
                kernels::binary(&xc, &yc, &shape, move |p: T, q: T| {
                    let loses = if max { p < q } else { p > q };
                    if loses { 0.0 } else if p == q { 0.5 } else { 1.0 }
                })
            }, return Err(Error::runtime("maximum backward needs floating point")));
            mul(g, &s)
        };
        let ga = if needs[0] { Some(share(a, b)?) } else { None };
        let gb = if needs[1] { Some(share(b, a)?) } else { None };
        Ok(smallvec![ga, gb])
    }

    fn release(&mut self) {
        self.a.release();
        self.b.release();
    }
}
