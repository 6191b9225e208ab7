//! Bindings of the Poisson and binomial samplers (`crate::poisson`) and
//! of the Dirichlet reparameterized gradient (`crate::gamma`). The Python
//! layer broadcasts the operands and checks their dtypes agree.

use super::convert;
use super::generator::{self, PyGenerator};
use super::tensor::PyTensor;
use crate::dtype::DType;
use crate::error::Error;
use crate::tensor::Tensor;
use pyo3::prelude::*;

/// torch's NotImplementedError for a dtype the kernel is not built for.
fn no_kernel(kernel: &str, dtype: DType) -> PyErr {
    convert::to_py_err(Error::NotImplemented(format!(
        "\"{kernel}\" not implemented for '{}'",
        crate::shape::scalar_type_name(dtype)
    )))
}

/// The operands come broadcast from the Python layer; a direct call with
/// other shapes is refused rather than read out of bounds.
fn same_shapes(tensors: &[&Tensor]) -> PyResult<()> {
    if tensors.iter().any(|t| t.shape() != tensors[0].shape()) {
        return Err(convert::to_py_err(Error::Runtime(
            "the operands must be broadcast to one shape".to_string(),
        )));
    }
    Ok(())
}

/// `torch.poisson(rates)`: float16, bfloat16, float32 or float64 rates,
/// read as double; the counts come back in the rates' dtype (through float
/// below double, as torch converts them).
#[pyfunction]
#[pyo3(signature = (rates, generator=None))]
fn _poisson(
    rates: &Bound<'_, PyTensor>,
    generator: Option<PyRef<'_, PyGenerator>>,
) -> PyResult<PyTensor> {
    let rates = &rates.get().inner;
    let dtype = rates.dtype();
    if !matches!(dtype, DType::F16 | DType::BF16 | DType::F32 | DType::F64) {
        return Err(no_kernel("poisson_cpu", dtype));
    }
    let values = rates.cast(DType::F64).to_vec::<f64>();
    let counts = generator::lock(generator.as_deref())
        .poisson(&values)
        .map_err(|m| convert::to_py_err(Error::Runtime(m)))?;
    let shape = rates.shape();
    let t = if dtype == DType::F64 {
        Tensor::from_vec(counts.into_iter().map(|k| k as f64).collect(), shape)
    } else {
        Tensor::from_vec(
            counts.into_iter().map(|k| k as f32).collect::<Vec<f32>>(),
            shape,
        )
        .cast(dtype)
    };
    Ok(PyTensor::new(t))
}

/// `torch.binomial(count, prob)`: float32 or float64 operands of one shape
/// and dtype.
#[pyfunction]
#[pyo3(signature = (count, prob, generator=None))]
fn _binomial(
    count: &Bound<'_, PyTensor>,
    prob: &Bound<'_, PyTensor>,
    generator: Option<PyRef<'_, PyGenerator>>,
) -> PyResult<PyTensor> {
    let (count, prob) = (&count.get().inner, &prob.get().inner);
    same_shapes(&[count, prob])?;
    let shape = count.shape();
    let mut g = generator::lock(generator.as_deref());
    let t = match count.dtype() {
        DType::F64 => Tensor::from_vec(
            g.binomial(&count.to_vec::<f64>(), &prob.to_vec::<f64>()),
            shape,
        ),
        DType::F32 => Tensor::from_vec(
            g.binomial(&count.to_vec::<f32>(), &prob.to_vec::<f32>()),
            shape,
        ),
        other => return Err(no_kernel("binomial_cpu", other)),
    };
    Ok(PyTensor::new(t))
}

/// `torch._dirichlet_grad(x, alpha, total)`: float32 or float64 operands
/// of one shape and dtype.
#[pyfunction]
fn _dirichlet_grad(
    x: &Bound<'_, PyTensor>,
    alpha: &Bound<'_, PyTensor>,
    total: &Bound<'_, PyTensor>,
) -> PyResult<PyTensor> {
    fn grads<T: crate::gamma::Real + crate::tensor::Element>(
        x: &Tensor,
        alpha: &Tensor,
        total: &Tensor,
    ) -> Tensor {
        let values = (x.to_vec::<T>().into_iter())
            .zip(alpha.to_vec::<T>())
            .zip(total.to_vec::<T>())
            .map(|((x, a), t)| crate::gamma::dirichlet_grad_one(x, a, t))
            .collect::<Vec<T>>();
        Tensor::from_vec(values, x.shape())
    }
    let (x, alpha, total) = (&x.get().inner, &alpha.get().inner, &total.get().inner);
    same_shapes(&[x, alpha, total])?;
    let t = match x.dtype() {
        DType::F64 => grads::<f64>(x, alpha, total),
        DType::F32 => grads::<f32>(x, alpha, total),
        other => return Err(no_kernel("_dirichlet_grad_cpu", other)),
    };
    Ok(PyTensor::new(t))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_poisson, m)?)?;
    m.add_function(wrap_pyfunction!(_binomial, m)?)?;
    m.add_function(wrap_pyfunction!(_dirichlet_grad, m)?)?;
    Ok(())
}
