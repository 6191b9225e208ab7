//! Bindings of `ops::normal_cdf`, `ops::zeta` and
//! `ops::orthogonal_polynomials` (the Python layer names them
//! `torch.special.erfcx`, `zeta`, `chebyshev_polynomial_t`, ...), and
//! `special.round`.

use super::convert::{scalar_of, IntoPy};
use super::tensor::PyTensor;
use crate::compute::unsupported;
use crate::dtype::DType;
use crate::ops::orthogonal_polynomials::{polynomial, Family};
use crate::ops::zeta::{self, Operand};
use crate::ops::{normal_cdf, unary};
use crate::tensor::Tensor;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;

/// Refuses the dtypes torch's float-only kernel `kernel` has no loop for;
/// integers and bools are promoted to the default float, as torch does.
fn float_only(t: &Tensor, kernel: &str) -> PyResult<()> {
    match t.dtype() {
        d if d.is_complex() || d.is_storage_only() => unsupported::<()>(kernel, d).py(),
        _ => Ok(()),
    }
}

/// `special.erfcx`, `log_ndtr` or `ndtri` by name.
#[pyfunction]
fn _special_unary(input: &Bound<'_, PyTensor>, name: &str) -> PyResult<PyTensor> {
    let t = &input.get().inner;
    let (op, kernel): (fn(&Tensor) -> crate::error::Result<Tensor>, _) = match name {
        "erfcx" => (normal_cdf::erfcx, "erfcx_cpu"),
        "log_ndtr" => (normal_cdf::log_ndtr, "log_ndtr_cpu"),
        "ndtri" => (normal_cdf::ndtri, "ndtri_cpu"),
        _ => return Err(PyValueError::new_err(format!("no special op named {name}"))),
    };
    float_only(t, kernel)?;
    op(t).py().map(PyTensor::new)
}

fn operand(v: &Bound<'_, PyAny>) -> PyResult<Operand> {
    if let Ok(t) = v.cast::<PyTensor>() {
        return Ok(Operand::Tensor(t.get().inner.clone()));
    }
    scalar_of(v)
        .map(Operand::Number)
        .ok_or_else(|| PyTypeError::new_err("expected a tensor or a number"))
}

/// `special.zeta` or `xlog1py` of a tensor and a tensor or number (the
/// Python layer refuses two numbers).
#[pyfunction]
fn _special_binary(a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>, name: &str) -> PyResult<PyTensor> {
    let (a, b) = (operand(a)?, operand(b)?);
    let out = match name {
        "zeta" => zeta::zeta(a, b),
        "xlog1py" => zeta::xlog1py(a, b),
        _ => return Err(PyValueError::new_err(format!("no special op named {name}"))),
    };
    out.py().map(PyTensor::new)
}

/// An orthogonal polynomial by torch's name (`chebyshev_polynomial_t`, ...)
/// at `x` for degree `n`, either of which may be a number.
#[pyfunction]
fn _orthogonal_polynomial(
    x: &Bound<'_, PyAny>,
    n: &Bound<'_, PyAny>,
    name: &str,
) -> PyResult<PyTensor> {
    let family = Family::by_name(name)
        .ok_or_else(|| PyValueError::new_err(format!("no polynomial named {name}")))?;
    let as_tensor = |o: Operand, partner: DType| match o {
        Operand::Tensor(t) => t,
        Operand::Number(s) => crate::ops::math::number(s, partner),
    };
    let (x, n) = (operand(x)?, operand(n)?);
    let partner = |o: &Operand| match o {
        Operand::Tensor(t) => t.dtype(),
        Operand::Number(_) => DType::F32,
    };
    let (px, pn) = (partner(&n), partner(&x));
    let (x, n) = (as_tensor(x, px), as_tensor(n, pn));
    polynomial(family, &x, &n, &format!("{name}_cpu"))
        .py()
        .map(PyTensor::new)
}

/// `special.round(input, decimals=d)`: torch's `round.decimals`, whose node
/// is RoundBackward1 even for d = 0, and which has no integer kernel.
#[pyfunction]
fn _special_round(input: &Bound<'_, PyTensor>, decimals: i64) -> PyResult<PyTensor> {
    let t = &input.get().inner;
    let d = t.dtype();
    if !d.is_floating() && !d.is_complex() {
        let kernel = if decimals == 0 {
            "round_vml_cpu"
        } else {
            "round_cpu"
        };
        return unsupported::<PyTensor>(kernel, d).py();
    }
    super::compute_ops::c1(t, "round", |t| unary::round_decimals(t, decimals))
        .py()
        .map(PyTensor::new)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    for f in [
        wrap_pyfunction!(_special_unary, m)?,
        wrap_pyfunction!(_special_binary, m)?,
        wrap_pyfunction!(_orthogonal_polynomial, m)?,
        wrap_pyfunction!(_special_round, m)?,
    ] {
        m.add_function(f)?;
    }
    Ok(())
}
