//! Binary special functions of `torch.special`, forward beside backward:
//! the Hurwitz zeta function ζ(x, q) (differentiable in q only, as torch's)
//! and `xlog1py`, x·ln(1 + y).
//!
//! Each comes in torch's three forms, which name their nodes apart: two
//! tensors (…Backward0), a number first (…Backward1) and a number second
//! (…Backward2). A number is a 0-d tensor here, typed as `math::number`
//! types it, so it promotes as torch's wrapped numbers do.

use super::arith::{add_scalar, div, mul, mul_scalar};
use super::compare::{compare_scalar, logical, Cmp, Logic};
use super::gather::masked_fill;
use super::grad0;
use super::math::{float_type, number};
use crate::autograd::node::{Backward, Grads, Saved};
use crate::autograd::{needs_graph, record};
use crate::dtype::{DType, Scalar};
use crate::error::{Error, Result};
use crate::kernels;
use crate::shape::broadcast_shapes;
use crate::tensor::Tensor;
use smallvec::smallvec;

/// Which operands are tensors (the other a Python number).
#[derive(Clone, Copy, PartialEq)]
pub enum Form {
    Both,
    NumberFirst,
    NumberSecond,
}

impl Form {
    /// This form's entry of a function's three node names.
    fn node(self, names: [&'static str; 3]) -> &'static str {
        match self {
            Form::Both => names[0],
            Form::NumberFirst => names[1],
            Form::NumberSecond => names[2],
        }
    }

    /// The operands a node has edges to.
    fn edges<'a>(self, a: &'a Tensor, b: &'a Tensor) -> Vec<&'a Tensor> {
        match self {
            Form::Both => vec![a, b],
            Form::NumberFirst => vec![b],
            Form::NumberSecond => vec![a],
        }
    }
}

/// The operands as tensors: a number becomes a 0-d tensor typed beside
/// the tensor operand.
fn operands(a: Operand, b: Operand) -> Result<(Tensor, Tensor, Form)> {
    Ok(match (a, b) {
        (Operand::Tensor(a), Operand::Tensor(b)) => (a, b, Form::Both),
        (Operand::Number(s), Operand::Tensor(b)) => (number(s, b.dtype()), b, Form::NumberFirst),
        (Operand::Tensor(a), Operand::Number(s)) => {
            let n = number(s, a.dtype());
            (a, n, Form::NumberSecond)
        }
        (Operand::Number(_), Operand::Number(_)) => {
            return Err(Error::Type("expected a tensor operand".into()));
        }
    })
}

/// A tensor or a Python number.
pub enum Operand {
    Tensor(Tensor),
    Number(Scalar),
}

/// The float dtype a binary special kernel runs in, refusing the dtypes
/// torch has none for (float16, complex, ...) with its message.
pub(crate) fn float_kernel_type(a: &Tensor, b: &Tensor, kernel: &str) -> Result<DType> {
    let common = crate::dtype::result_type(a.dtype(), a.ndim() == 0, b.dtype(), b.ndim() == 0);
    if common.is_complex() {
        return crate::compute::unsupported(kernel, common);
    }
    let d = float_type(a, b);
    match d {
        DType::F32 | DType::F64 => Ok(d),
        d => crate::compute::unsupported(kernel, d),
    }
}

fn zeta_values(x: &Tensor, q: &Tensor) -> Result<Tensor> {
    let shape = broadcast_shapes(x.shape(), q.shape())?;
    let dtype = float_kernel_type(x, q, "zeta_cpu")?;
    let (xc, qc) = (x.detach().cast(dtype), q.detach().cast(dtype));
    Ok(match dtype {
        // float32 sums in float64, torch's accumulate type
        DType::F32 => kernels::binary(&xc, &qc, &shape, |x: f32, q: f32| {
            super::special::zeta(x.into(), q.into(), true) as f32
        }),
        _ => kernels::binary(&xc, &qc, &shape, |x: f64, q: f64| {
            super::special::zeta(x, q, false)
        }),
    })
}

/// `special.zeta(x, q)`: ζ(x, q) = Σₖ (k + q)^−x (SpecialZetaBackward0/1/2).
pub fn zeta(x: Operand, q: Operand) -> Result<Tensor> {
    let (x, q, form) = operands(x, q)?;
    let out = zeta_values(&x, &q)?;
    let edges = form.edges(&x, &q);
    if needs_graph(&edges) {
        let node = form.node([
            "SpecialZetaBackward0",
            "SpecialZetaBackward1",
            "SpecialZetaBackward2",
        ]);
        let backward = ZetaBackward {
            x: Saved::input(&x),
            q: Saved::input(&q),
            form,
        };
        record(node, &edges, &[&out], Box::new(backward));
    }
    Ok(out)
}

struct ZetaBackward {
    x: Saved,
    q: Saved,
    form: Form,
}

impl Backward for ZetaBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        // torch has no derivative in x: asking for it is an error
        let wants_x = match self.form {
            Form::Both => needs[0],
            Form::NumberFirst => false,
            Form::NumberSecond => true,
        };
        if wants_x {
            return Err(Error::NotImplemented(
                "the derivative for 'zeta' is not implemented.".into(),
            ));
        }
        let (g, x, q) = (grad0(grads), self.x.value()?, self.q.value()?);
        let x = match self.form {
            // torch takes ζ(s + 1, q) of the number s itself
            Form::NumberFirst => x.detach(),
            _ => x,
        };
        // ∂/∂q = −x·ζ(x + 1, q), as (g·(−x))·ζ(x + 1, q)
        let x1 = add_scalar(&x, Scalar::Float(1.0))?;
        let shifted = zeta(Operand::Tensor(x1), Operand::Tensor(q))?;
        let dq = mul(&mul(g, &super::arith::neg(&x)?)?, &shifted)?;
        Ok(match self.form {
            Form::Both => smallvec![None, Some(dq)],
            _ => smallvec![Some(dq)],
        })
    }

    fn release(&mut self) {
        self.x.release();
        self.q.release();
    }
}

fn xlog1py_values(x: &Tensor, y: &Tensor) -> Result<Tensor> {
    let shape = broadcast_shapes(x.shape(), y.shape())?;
    let dtype = float_kernel_type(x, y, "xlog1py_cpu")?;
    let (xc, yc) = (x.detach().cast(dtype), y.detach().cast(dtype));
    Ok(
        crate::dispatch_float!(dtype, T => kernels::binary(&xc, &yc, &shape, |x: T, y: T| {
            if y.is_nan() {
                y
            } else if x == 0.0 {
                0.0
            } else {
                x * y.ln_1p()
            }
        }), unreachable!("checked floating")),
    )
}

/// `special.xlog1py(x, y)`: x·ln(1 + y), 0 where x is 0 unless y is NaN
/// (SpecialXlog1PyBackward0/1/2).
pub fn xlog1py(x: Operand, y: Operand) -> Result<Tensor> {
    let (x, y, form) = operands(x, y)?;
    let out = xlog1py_values(&x, &y)?;
    let edges = form.edges(&x, &y);
    if needs_graph(&edges) {
        let node = form.node([
            "SpecialXlog1PyBackward0",
            "SpecialXlog1PyBackward1",
            "SpecialXlog1PyBackward2",
        ]);
        let backward = Xlog1pyBackward {
            x: Saved::input(&x),
            y: Saved::input(&y),
            form,
        };
        record(node, &edges, &[&out], Box::new(backward));
    }
    Ok(out)
}

struct Xlog1pyBackward {
    x: Saved,
    y: Saved,
    form: Form,
}

impl Backward for Xlog1pyBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let (g, x, y) = (grad0(grads), self.x.value()?, self.y.value()?);
        let (wants_x, wants_y) = match self.form {
            Form::Both => (needs[0], needs[1]),
            Form::NumberFirst => (false, true),
            Form::NumberSecond => (true, false),
        };
        // ∂/∂x = ln(1 + y), taken as 0 where x == 0 and y <= −1
        let gx = if wants_x {
            // differentiable again, as torch's formula calls xlog1py itself
            let d = match self.form {
                Form::NumberSecond => xlog1py(
                    Operand::Tensor(g.clone()),
                    Operand::Number(Scalar::Float(y.item_f64()?)),
                )?,
                _ => xlog1py(Operand::Tensor(g.clone()), Operand::Tensor(y.clone()))?,
            };
            let x_zero = compare_scalar(&x, Scalar::Int(0), Cmp::Eq)?;
            Some(match self.form {
                Form::NumberSecond if y.item_f64()? > -1.0 => d,
                Form::NumberSecond => masked_fill(&d, &x_zero, Scalar::Int(0))?,
                _ => {
                    let y_low = compare_scalar(&y, Scalar::Int(-1), Cmp::Le)?;
                    masked_fill(&d, &logical(&x_zero, &y_low, Logic::And)?, Scalar::Int(0))?
                }
            })
        } else {
            None
        };
        // ∂/∂y = x / (1 + y), as (g·x)/(y + 1)
        let gy = if wants_y {
            let gx_ = match self.form {
                Form::NumberFirst => mul_scalar(g, Scalar::Float(x.item_f64()?))?,
                _ => mul(g, &x)?,
            };
            Some(div(&gx_, &add_scalar(&y, Scalar::Int(1))?)?)
        } else {
            None
        };
        Ok(match self.form {
            Form::Both => smallvec![gx, gy],
            Form::NumberFirst => smallvec![gy],
            Form::NumberSecond => smallvec![gx],
        })
    }

    fn release(&mut self) {
        self.x.release();
        self.y.release();
    }
}
