//! Bindings of `ops::math` (the Python layer names them `torch.tan`, ...):
//! each goes through the dtype dispatch of `compute_ops`.

use super::compute_ops::{c1, c2, c2_ordered, cs};
use super::convert::{scalar_of, IntoPy};
use super::tensor::PyTensor;
use crate::dtype::DType;
use crate::error::Error;
use crate::ops::igamma as special_igamma;
use crate::ops::{math, special};
use crate::tensor::Tensor;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;

fn unknown(name: &str) -> PyErr {
    PyValueError::new_err(format!("no math op named {name}"))
}

/// A float unary op by torch's name (`tan`, `erfinv`, ...).
#[pyfunction]
fn _math_unary(input: &Bound<'_, PyTensor>, name: &str) -> PyResult<PyTensor> {
    let op = math::unary_by_name(name).ok_or_else(|| unknown(name))?;
    c1(&input.get().inner, name, op).py().map(PyTensor::new)
}

/// torch.special's Bessel-type functions without a derivative (`bessel_j0`,
/// `airy_ai`, ...), by torch's name.
#[pyfunction]
fn _special_bessel(input: &Bound<'_, PyTensor>, name: &str) -> PyResult<PyTensor> {
    let result = crate::ops::bessel::special_unary(&input.get().inner, name);
    result.ok_or_else(|| unknown(name))?.py().map(PyTensor::new)
}

/// `polygamma(n, input)`, the n-th derivative of digamma (`inplace`: the
/// value `polygamma_` writes, with its node).
#[pyfunction]
#[pyo3(signature = (input, n, inplace=false))]
fn _polygamma(input: &Bound<'_, PyTensor>, n: i64, inplace: bool) -> PyResult<PyTensor> {
    let node = if inplace {
        "PolygammaBackward1"
    } else {
        "PolygammaBackward0"
    };
    c1(&input.get().inner, "polygamma", |t| {
        special::polygamma_node(n, t, node)
    })
    .py()
    .map(PyTensor::new)
}

/// `mvlgamma(input, p)`, the multivariate log-gamma of dimension `p`.
#[pyfunction]
fn _mvlgamma(input: &Bound<'_, PyTensor>, p: i64) -> PyResult<PyTensor> {
    let t = &input.get().inner;
    // checked on the dtype given, before any compute-dtype twin
    if t.dtype() == DType::Bool {
        return Err(Error::runtime(
            "The input tensor may not be a boolean tensor.",
        ))
        .py();
    }
    c1(t, "mvlgamma", |t| special::mvlgamma(t, p))
        .py()
        .map(PyTensor::new)
}

#[pyfunction]
#[pyo3(signature = (input, eps=None))]
fn _logit(input: &Bound<'_, PyTensor>, eps: Option<f64>) -> PyResult<PyTensor> {
    c1(&input.get().inner, "logit", |t| math::logit(t, eps))
        .py()
        .map(PyTensor::new)
}

/// The largest finite value of a float dtype (nan_to_num's default for inf).
fn finite_max(dtype: DType) -> f64 {
    match dtype {
        DType::F16 => 65504.0,
        DType::BF16 => 3.389_531_389_251_535_5e38,
        DType::F32 => f64::from(f32::MAX),
        _ => f64::MAX,
    }
}

#[pyfunction]
#[pyo3(signature = (input, nan=None, posinf=None, neginf=None))]
fn _nan_to_num(
    input: &Bound<'_, PyTensor>,
    nan: Option<f64>,
    posinf: Option<f64>,
    neginf: Option<f64>,
) -> PyResult<PyTensor> {
    let t = &input.get().inner;
    let max = finite_max(t.dtype());
    let (nan, posinf, neginf) = (
        nan.unwrap_or(0.0),
        posinf.unwrap_or(max),
        neginf.unwrap_or(-max),
    );
    c1(t, "nan_to_num", |t| {
        math::nan_to_num(t, nan, posinf, neginf)
    })
    .py()
    .map(PyTensor::new)
}

/// Refuses integer and bool inputs with torch's message naming `kernel`.
fn floating(t: &Tensor, kernel: &str) -> PyResult<()> {
    let d = t.dtype();
    if d.is_floating() {
        return Ok(());
    }
    crate::compute::unsupported::<()>(kernel, d).py()
}

#[pyfunction]
fn _hardshrink(input: &Bound<'_, PyTensor>, lambd: f64) -> PyResult<PyTensor> {
    let t = &input.get().inner;
    floating(t, "hardshrink_cpu")?;
    // torch compares in the input's own precision: float16's lambda is rounded
    let lambd = if t.dtype().is_storage_only() {
        Tensor::full(&[], lambd, t.dtype()).item_f64().py()?
    } else {
        lambd
    };
    c1(t, "hardshrink", |t| math::hardshrink(t, lambd))
        .py()
        .map(PyTensor::new)
}

#[pyfunction]
fn _softshrink(input: &Bound<'_, PyTensor>, lambd: f64) -> PyResult<PyTensor> {
    let t = &input.get().inner;
    floating(t, "softshrink_check")?;
    c1(t, "softshrink", |t| math::softshrink(t, lambd))
        .py()
        .map(PyTensor::new)
}

/// A binary op of two tensors by torch's name (`atan2`, `fmax`, ...).
#[pyfunction]
fn _math_binary(
    input: &Bound<'_, PyTensor>,
    other: &Bound<'_, PyTensor>,
    name: &str,
) -> PyResult<PyTensor> {
    let (a, b) = (&input.get().inner, &other.get().inner);
    let op: fn(&Tensor, &Tensor) -> crate::error::Result<Tensor> = match name {
        "atan2" => math::atan2,
        "hypot" => math::hypot,
        "fmod" => math::fmod,
        "xlogy" => math::xlogy,
        "igamma" => |a, x| special_igamma::igamma(a, x, false),
        "igammac" => |a, x| special_igamma::igamma(a, x, true),
        "fmax" => |a, b| math::fmax(a, b, true),
        "fmin" => |a, b| math::fmax(a, b, false),
        "heaviside" => {
            // checked on the dtypes given, before any compute-dtype twin
            if a.dtype() != b.dtype() {
                return Err(Error::runtime(
                    "heaviside is not yet implemented for tensors with different dtypes.",
                ))
                .py();
            }
            math::heaviside
        }
        _ => return Err(unknown(name)),
    };
    if name == "fmax" || name == "fmin" {
        return c2_ordered(a, b, name, op).py().map(PyTensor::new);
    }
    c2(a, b, name, op).py().map(PyTensor::new)
}

fn number(v: &Bound<'_, PyAny>) -> PyResult<crate::dtype::Scalar> {
    scalar_of(v).ok_or_else(|| PyTypeError::new_err("expected a number"))
}

/// `fmod(tensor, number)`.
#[pyfunction]
fn _fmod_scalar(input: &Bound<'_, PyTensor>, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
    cs(
        &input.get().inner,
        number(other)?,
        "fmod",
        math::fmod_scalar,
    )
    .py()
    .map(PyTensor::new)
}

/// `xlogy(tensor, number)`, or `xlogy(number, tensor)` when `reflected`.
#[pyfunction]
fn _xlogy_scalar(
    tensor: &Bound<'_, PyTensor>,
    number_: &Bound<'_, PyAny>,
    reflected: bool,
) -> PyResult<PyTensor> {
    let (t, s) = (&tensor.get().inner, number(number_)?);
    let out = if reflected {
        c1(t, "xlogy", |t| math::xlogy_scalar_self(s, t))
    } else {
        c1(t, "xlogy", |t| math::xlogy_scalar_other(t, s))
    };
    out.py().map(PyTensor::new)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    for f in [
        wrap_pyfunction!(_math_unary, m)?,
        wrap_pyfunction!(_special_bessel, m)?,
        wrap_pyfunction!(_logit, m)?,
        wrap_pyfunction!(_polygamma, m)?,
        wrap_pyfunction!(_mvlgamma, m)?,
        wrap_pyfunction!(_nan_to_num, m)?,
        wrap_pyfunction!(_hardshrink, m)?,
        wrap_pyfunction!(_softshrink, m)?,
        wrap_pyfunction!(_math_binary, m)?,
        wrap_pyfunction!(_fmod_scalar, m)?,
        wrap_pyfunction!(_xlogy_scalar, m)?,
    ] {
        m.add_function(f)?;
    }
    Ok(())
}
