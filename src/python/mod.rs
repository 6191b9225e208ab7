//! The PyO3 binding: the only place Python types appear. Module-level
//! functions here are the ones the Python layer re-exports as `torch.*`.

mod compute_ops;
mod convert;
mod dtype;
mod function;
mod generator;
mod hooks;
mod index;
mod math;
mod node;
mod py_helpers;
mod sampling;
mod special_nd;
mod tensor;

use crate::autograd::engine::{run_backward as engine_backward, BackwardOptions};
use crate::autograd::grad_mode;
use crate::dtype::DType;
use crate::error::Error;
use crate::ops::{self, loss};
use crate::tensor::Tensor;
use compute_ops::{c1, c2, cn, index_of};
use convert::{tensor_from_data, tensor_from_numpy, IntoPy};
use dtype::PyDType;
use generator::PyGenerator;
use pyo3::prelude::*;
use smallvec::SmallVec;
use tensor::PyTensor;

fn dtype_or(d: Option<PyDType>, default: DType) -> DType {
    d.map_or(default, |d| d.0)
}

/// Sets `requires_grad` on a fresh factory result, with torch's message
/// for integer dtypes.
fn finish(t: Tensor, requires_grad: bool) -> PyResult<PyTensor> {
    if requires_grad {
        if !t.dtype().is_floating() && !t.dtype().is_complex() {
            return Err(convert::to_py_err(Error::runtime(
                "Only Tensors of floating point and complex dtype can require gradients",
            )));
        }
        t.set_requires_grad(true, false).py()?;
    }
    Ok(PyTensor::new(t))
}

/// A factory result as a Python object; grad-requiring leaves are
/// registered so graph nodes hand back this very object.
fn finish_object(py: Python<'_>, t: Tensor, requires_grad: bool) -> PyResult<Py<PyTensor>> {
    let obj = Bound::new(py, finish(t, requires_grad)?)?;
    if requires_grad {
        tensor::register_leaf(&obj)?;
    }
    Ok(obj.unbind())
}

/// torch's range check on a fill value for int32 / uint8 (negative
/// integers may wrap into uint8).
fn check_fill_fits(value: f64, dtype: DType) -> PyResult<()> {
    let (ok, c_type) = match dtype {
        DType::U8 if value.fract() == 0.0 => ((-255.0..=255.0).contains(&value), "uint8_t"),
        DType::U8 => ((0.0..=255.0).contains(&value), "uint8_t"),
        DType::I32 => ((i32::MIN as f64..=i32::MAX as f64).contains(&value), "int"),
        _ => (true, ""),
    };
    if ok {
        Ok(())
    } else {
        Err(convert::to_py_err(Error::runtime(format!(
            "value cannot be converted to type {c_type} without overflow"
        ))))
    }
}

fn usize_shape(spec: &[i64]) -> PyResult<Vec<usize>> {
    spec.iter()
        .map(|&d| {
            usize::try_from(d).map_err(|_| {
                convert::to_py_err(Error::runtime(format!(
                    "Trying to create tensor with negative dimension {d}: {spec:?}"
                )))
            })
        })
        .collect()
}

/// `torch.tensor(ndarray)`: a copy in `dtype` (the caller picks defaults).
#[pyfunction]
#[pyo3(signature = (array, dtype=None, requires_grad=false))]
fn from_numpy_copy(
    py: Python<'_>,
    array: &Bound<'_, PyAny>,
    dtype: Option<PyDType>,
    requires_grad: bool,
) -> PyResult<Py<PyTensor>> {
    let t = tensor_from_numpy(array)?;
    let t = match dtype {
        Some(d) => t.cast(d.0),
        None => t,
    };
    finish_object(py, t, requires_grad)
}

/// `torch.from_numpy(arr)`: shares the array's memory, as torch does.
#[pyfunction]
fn from_numpy(array: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
    Ok(PyTensor::new(convert::tensor_sharing_numpy(array)?))
}

/// `torch.tensor(data)` for numbers and nested lists/tuples (no numpy needed).
#[pyfunction]
#[pyo3(signature = (data, dtype=None, requires_grad=false))]
fn from_data(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    dtype: Option<PyDType>,
    requires_grad: bool,
) -> PyResult<Py<PyTensor>> {
    finish_object(
        py,
        tensor_from_data(data, dtype.map(|d| d.0))?,
        requires_grad,
    )
}

/// `set_default_dtype`'s setting in the core (the Python layer has
/// checked the dtype is floating).
#[pyfunction]
fn set_default_float(dtype: PyDType) -> PyResult<()> {
    if !crate::dtype::set_default_float(dtype.0) {
        return Err(pyo3::exceptions::PyTypeError::new_err(
            "only floating-point types are supported as the default type",
        ));
    }
    Ok(())
}

#[pyfunction]
#[pyo3(signature = (shape, value, dtype=None, requires_grad=false))]
fn full(
    py: Python<'_>,
    shape: Vec<i64>,
    value: f64,
    dtype: Option<PyDType>,
    requires_grad: bool,
) -> PyResult<Py<PyTensor>> {
    let shape = usize_shape(&shape)?;
    let dtype = dtype_or(dtype, DType::F32);
    check_fill_fits(value, dtype)?;
    finish_object(py, Tensor::full(&shape, value, dtype), requires_grad)
}

/// `_core._selected_positions(t, dim, k)`: per row, the position
/// `kthvalue(k + 1)` picks, or with `k=None` the one `median(dim)` picks.
#[pyfunction]
#[pyo3(signature = (t, dim, k=None))]
fn _selected_positions(t: &Bound<'_, PyTensor>, dim: i64, k: Option<usize>) -> PyResult<PyTensor> {
    let how = k.map_or(ops::sort::Selection::Median, ops::sort::Selection::Kth);
    ops::sort::selected_positions(&t.get().inner, dim, how)
        .map(PyTensor::new)
        .map_err(convert::to_py_err)
}

/// One LSTM step's pointwise part: (gates, cell, tanh(cell), hidden).
#[pyfunction]
fn _lstm_pointwise(
    pre: &Bound<'_, PyTensor>,
    c: &Bound<'_, PyTensor>,
) -> PyResult<(PyTensor, PyTensor, PyTensor, PyTensor)> {
    let [gates, cell, tanh_cell, hidden] =
        ops::recurrent::lstm_pointwise(&pre.get().inner, &c.get().inner)
            .map_err(convert::to_py_err)?;
    Ok((
        PyTensor::new(gates),
        PyTensor::new(cell),
        PyTensor::new(tanh_cell),
        PyTensor::new(hidden),
    ))
}

/// `full` in `like`'s layout (what torch's `*_like` functions give).
#[pyfunction]
#[pyo3(signature = (like, value, dtype=None, requires_grad=false))]
fn full_like_layout(
    py: Python<'_>,
    like: &Bound<'_, PyTensor>,
    value: f64,
    dtype: Option<PyDType>,
    requires_grad: bool,
) -> PyResult<Py<PyTensor>> {
    let like = &like.get().inner;
    let dtype = dtype_or(dtype, like.dtype());
    check_fill_fits(value, dtype)?;
    finish_object(
        py,
        Tensor::full_laid_out_like(like, value, dtype),
        requires_grad,
    )
}

#[pyfunction]
#[pyo3(signature = (n, m=None, dtype=None, requires_grad=false))]
fn eye(
    py: Python<'_>,
    n: i64,
    m: Option<i64>,
    dtype: Option<PyDType>,
    requires_grad: bool,
) -> PyResult<Py<PyTensor>> {
    let count = |name: &str, v: i64| {
        usize::try_from(v).map_err(|_| {
            convert::to_py_err(Error::runtime(format!(
                "{name} must be greater or equal to 0, got {v}"
            )))
        })
    };
    let (n, m) = (count("n", n)?, count("m", m.unwrap_or(n))?);
    let mut v = vec![0.0f64; n * m];
    for i in 0..n.min(m) {
        v[i * m + i] = 1.0;
    }
    let t = Tensor::from_vec(v, &[n, m]).cast(dtype_or(dtype, DType::F32));
    finish_object(py, t, requires_grad)
}

/// `torch.arange`: values computed in double, `ceil((end-start)/step)` of them.
#[pyfunction]
#[pyo3(signature = (start, end, step, dtype, requires_grad=false))]
fn arange(
    py: Python<'_>,
    start: f64,
    end: f64,
    step: f64,
    dtype: PyDType,
    requires_grad: bool,
) -> PyResult<Py<PyTensor>> {
    if step == 0.0 {
        return Err(convert::to_py_err(Error::runtime("step must be nonzero")));
    }
    if (step > 0.0 && end < start) || (step < 0.0 && end > start) {
        return Err(convert::to_py_err(Error::runtime(
            "upper bound and lower bound inconsistent with step sign",
        )));
    }
    let n = ((end - start) / step).ceil().max(0.0) as usize;
    let v: Vec<f64> = (0..n).map(|i| start + i as f64 * step).collect();
    finish_object(py, Tensor::from_vec(v, &[n]).cast(dtype.0), requires_grad)
}

/// `torch.linspace`: torch fills the first half from the start and the
/// second half from the end, which keeps the endpoint exact.
#[pyfunction]
#[pyo3(signature = (start, end, steps, dtype=None, requires_grad=false))]
fn linspace(
    py: Python<'_>,
    start: f64,
    end: f64,
    steps: i64,
    dtype: Option<PyDType>,
    requires_grad: bool,
) -> PyResult<Py<PyTensor>> {
    if steps < 0 {
        return Err(convert::to_py_err(Error::runtime(
            "number of steps must be non-negative",
        )));
    }
    let dtype = dtype_or(dtype, DType::F32);
    let n = steps as usize;
    let t = match dtype {
        DType::F32 => Tensor::from_vec(
            crate::kernels::range::linspace(start as f32, end as f32, n),
            &[n],
        ),
        _ => Tensor::from_vec(crate::kernels::range::linspace(start, end, n), &[n]).cast(dtype),
    };
    finish_object(py, t, requires_grad)
}

#[pyfunction]
#[pyo3(signature = (shape, dtype=None, requires_grad=false, generator=None))]
fn randn(
    py: Python<'_>,
    shape: Vec<i64>,
    dtype: Option<PyDType>,
    requires_grad: bool,
    generator: Option<PyRef<'_, PyGenerator>>,
) -> PyResult<Py<PyTensor>> {
    let shape = usize_shape(&shape)?;
    let n = crate::shape::numel(&shape);
    let mut g = generator::lock(generator.as_deref());
    let t = match dtype_or(dtype, DType::F32) {
        DType::F64 => Tensor::from_vec(g.randn_f64(n), &shape),
        DType::F32 => Tensor::from_vec(g.randn_f32(n), &shape),
        d @ (DType::F16 | DType::BF16) => Tensor::from_vec(g.randn_f32(n), &shape).cast(d),
        other => {
            return Err(convert::to_py_err(Error::NotImplemented(format!(
                "\"normal_kernel_cpu\" not implemented for '{}'",
                crate::shape::scalar_type_name(other)
            ))))
        }
    };
    finish_object(py, t, requires_grad)
}

/// `_core._bernoulli(shape, p, dtype, generator)`: zeros and ones of
/// `dtype`, each one with probability `p` (`Tensor.bernoulli_(p)`).
#[pyfunction]
#[pyo3(signature = (shape, p, dtype, generator=None))]
fn _bernoulli(
    shape: Vec<usize>,
    p: f64,
    dtype: PyDType,
    generator: Option<PyRef<'_, PyGenerator>>,
) -> PyResult<PyTensor> {
    if !(0.0..=1.0).contains(&p) {
        return Err(convert::to_py_err(Error::runtime(format!(
            "bernoulli_ expects p to be in [0, 1], but got p={p}"
        ))));
    }
    let n = crate::shape::numel(&shape);
    let ones = generator::lock(generator.as_deref()).bernoulli(n, p);
    Ok(PyTensor::new(Tensor::from_vec(ones, &shape).cast(dtype.0)))
}

/// `shape` exponential draws of rate `lambd` (`Tensor.exponential_`),
/// drawn in double and rounded to `dtype`.
#[pyfunction]
#[pyo3(signature = (shape, lambd, dtype, generator=None))]
fn _exponential(
    shape: Vec<usize>,
    lambd: f64,
    dtype: PyDType,
    generator: Option<PyRef<'_, PyGenerator>>,
) -> PyTensor {
    let n = crate::shape::numel(&shape);
    let draws = generator::lock(generator.as_deref()).exponential(n, lambd);
    PyTensor::new(Tensor::from_vec(draws, &shape).cast(dtype.0))
}

/// The error torch gives a gamma-family kernel for a dtype it lacks.
fn gamma_dtype_error(kernel: &str, dtype: DType) -> PyErr {
    convert::to_py_err(Error::NotImplemented(format!(
        "\"{kernel}\" not implemented for '{}'",
        crate::shape::scalar_type_name(dtype)
    )))
}

/// `torch._standard_gamma(alpha)`: one standard gamma draw per element of
/// the float32 or float64 `alpha`, in its row-major order.
#[pyfunction]
#[pyo3(signature = (alpha, generator=None))]
fn _standard_gamma(
    alpha: &Bound<'_, PyTensor>,
    generator: Option<PyRef<'_, PyGenerator>>,
) -> PyResult<PyTensor> {
    let alpha = &alpha.get().inner;
    let shape = alpha.shape().to_vec();
    let mut g = generator::lock(generator.as_deref());
    let t = match alpha.dtype() {
        DType::F64 => Tensor::from_vec(g.standard_gamma(&alpha.to_vec::<f64>()), &shape),
        DType::F32 => Tensor::from_vec(g.standard_gamma(&alpha.to_vec::<f32>()), &shape),
        other => return Err(gamma_dtype_error("gamma_cpu", other)),
    };
    Ok(PyTensor::new(t))
}

/// `torch._standard_gamma_grad(alpha, x)`: d x / d alpha of standard gamma
/// draws `x` (same shape and dtype as `alpha`), computed in double.
#[pyfunction]
fn _standard_gamma_grad(
    alpha: &Bound<'_, PyTensor>,
    x: &Bound<'_, PyTensor>,
) -> PyResult<PyTensor> {
    let (alpha, x) = (&alpha.get().inner, &x.get().inner);
    let shape = alpha.shape().to_vec();
    let grads = alpha
        .cast(DType::F64)
        .to_vec::<f64>()
        .into_iter()
        .zip(x.cast(DType::F64).to_vec::<f64>())
        .map(|(a, v)| crate::gamma::standard_gamma_grad_one(a, v));
    let t = match alpha.dtype() {
        DType::F64 => Tensor::from_vec(grads.collect::<Vec<f64>>(), &shape),
        // torch rounds alpha and x to float first (they are float already)
        DType::F32 => Tensor::from_vec(grads.map(|v| v as f32).collect::<Vec<f32>>(), &shape),
        other => return Err(gamma_dtype_error("_standard_gamma_grad_cpu", other)),
    };
    Ok(PyTensor::new(t))
}

/// `torch._sample_dirichlet(alpha)`: Dirichlet draws along the last
/// dimension of the float32 or float64 `alpha` (at least 1-d).
#[pyfunction]
#[pyo3(signature = (alpha, generator=None))]
fn _sample_dirichlet(
    alpha: &Bound<'_, PyTensor>,
    generator: Option<PyRef<'_, PyGenerator>>,
) -> PyResult<PyTensor> {
    let alpha = &alpha.get().inner;
    let shape = alpha.shape().to_vec();
    let k = shape.last().copied().unwrap_or(1);
    let gammas = {
        let mut g = generator::lock(generator.as_deref());
        match alpha.dtype() {
            DType::F64 => g.dirichlet_gammas(&alpha.to_vec::<f64>()),
            DType::F32 => g.dirichlet_gammas(&alpha.to_vec::<f32>()),
            other => return Err(gamma_dtype_error("dirichlet", other)),
        }
    };
    // torch sums the double draws with its own reduction, so do we
    let drawn = Tensor::from_vec(gammas.clone(), &shape);
    let sums = if shape.is_empty() {
        gammas.clone()
    } else {
        crate::ops::reduce::sum_dims_raw(&drawn, &[shape.len() - 1], false).to_vec::<f64>()
    };
    let t = match alpha.dtype() {
        DType::F64 => Tensor::from_vec(
            crate::gamma::dirichlet_normalize::<f64>(&gammas, &sums, k),
            &shape,
        ),
        _ => Tensor::from_vec(
            crate::gamma::dirichlet_normalize::<f32>(&gammas, &sums, k),
            &shape,
        ),
    };
    Ok(PyTensor::new(t))
}

/// `torch.multinomial(probs, n, replacement=True)` for `n > 1`: `probs`
/// is a checked float32 or float64 matrix (rows × categories); returns the
/// rows × n int64 category indices.
#[pyfunction]
#[pyo3(signature = (probs, n, generator=None))]
fn _multinomial_with_replacement(
    probs: &Bound<'_, PyTensor>,
    n: usize,
    generator: Option<PyRef<'_, PyGenerator>>,
) -> PyTensor {
    let probs = &probs.get().inner;
    let (rows, cats) = (probs.shape()[0], probs.shape()[1]);
    let mut gen = generator::lock(generator.as_deref());
    let picks = if probs.dtype() == DType::F64 {
        gen.multinomial_with_replacement(&probs.to_vec::<f64>(), cats, n)
    } else {
        gen.multinomial_with_replacement(&probs.cast(DType::F32).to_vec::<f32>(), cats, n)
    };
    PyTensor::new(Tensor::from_vec(picks, &[rows, n]))
}

#[pyfunction]
#[pyo3(signature = (shape, dtype=None, requires_grad=false, generator=None))]
fn rand(
    py: Python<'_>,
    shape: Vec<i64>,
    dtype: Option<PyDType>,
    requires_grad: bool,
    generator: Option<PyRef<'_, PyGenerator>>,
) -> PyResult<Py<PyTensor>> {
    let shape = usize_shape(&shape)?;
    let n = crate::shape::numel(&shape);
    let mut g = generator::lock(generator.as_deref());
    let t = match dtype_or(dtype, DType::F32) {
        DType::F64 => Tensor::from_vec(g.rand_f64(n), &shape),
        DType::F32 => Tensor::from_vec(g.rand_f32(n), &shape),
        d @ (DType::F16 | DType::BF16) => Tensor::from_vec(g.rand_f32(n), &shape).cast(d),
        other => {
            return Err(convert::to_py_err(Error::NotImplemented(format!(
                "\"check_uniform_bounds\" not implemented for '{}'",
                crate::shape::scalar_type_name(other)
            ))))
        }
    };
    finish_object(py, t, requires_grad)
}

#[pyfunction]
#[pyo3(signature = (low, high, shape, dtype, generator=None))]
fn randint(
    low: i64,
    high: i64,
    shape: Vec<i64>,
    dtype: PyDType,
    generator: Option<PyRef<'_, PyGenerator>>,
) -> PyResult<PyTensor> {
    if low >= high {
        return Err(convert::to_py_err(Error::runtime(format!(
            "random_ expects 'from' to be less than 'to', but got from={low} >= to={high}"
        ))));
    }
    let shape = usize_shape(&shape)?;
    let values =
        generator::lock(generator.as_deref()).randint(crate::shape::numel(&shape), low, high);
    Ok(PyTensor::new(
        Tensor::from_vec(values, &shape).cast(dtype.0),
    ))
}

#[pyfunction]
#[pyo3(signature = (n, dtype, generator=None))]
fn randperm(
    n: i64,
    dtype: PyDType,
    generator: Option<PyRef<'_, PyGenerator>>,
) -> PyResult<PyTensor> {
    let n = usize_shape(&[n])?[0];
    let values = generator::lock(generator.as_deref()).randperm(n);
    Ok(PyTensor::new(Tensor::from_vec(values, &[n]).cast(dtype.0)))
}

#[pyfunction]
#[pyo3(signature = (mean, std, shape, dtype=None, generator=None))]
fn normal(
    mean: f64,
    std: f64,
    shape: Vec<i64>,
    dtype: Option<PyDType>,
    generator: Option<PyRef<'_, PyGenerator>>,
) -> PyResult<PyTensor> {
    if std < 0.0 {
        return Err(convert::to_py_err(negative_std(std)));
    }
    let shape = usize_shape(&shape)?;
    let n = crate::shape::numel(&shape);
    let dtype = dtype_or(dtype, DType::F32);
    let mut g = generator::lock(generator.as_deref());
    let t = match dtype {
        DType::F64 => Tensor::from_vec(g.normal_f64(n, mean, std), &shape),
        _ => Tensor::from_vec(g.normal_f32(n, mean, std), &shape),
    };
    Ok(PyTensor::new(t.cast(dtype)))
}

/// `torch.normal(mean_t, std_t)`: elementwise parameters (same shape).
#[pyfunction]
#[pyo3(signature = (mean, std, mean_is_tensor, std_is_tensor, generator=None))]
fn normal_tensor(
    mean: &Bound<'_, PyTensor>,
    std: &Bound<'_, PyTensor>,
    mean_is_tensor: bool,
    std_is_tensor: bool,
    generator: Option<PyRef<'_, PyGenerator>>,
) -> PyResult<PyTensor> {
    let (m, s) = (&mean.get().inner, &std.get().inner);
    let stds = s.cast(DType::F64).to_vec::<f64>();
    if std_is_tensor && stds.iter().any(|&v| v < 0.0) {
        return Err(convert::to_py_err(Error::runtime(
            "normal expects all elements of std >= 0.0",
        )));
    }
    if let Some(&v) = stds.first().filter(|&&v| !std_is_tensor && v < 0.0) {
        // a number std came as a tensor of mean's dtype: print it at that precision
        return Err(convert::to_py_err(if s.dtype() == DType::F64 {
            negative_std(v)
        } else {
            Error::runtime(format!(
                "normal expects std >= 0.0, but found std {}",
                v as f32
            ))
        }));
    }
    if !m.dtype().is_floating() {
        return Err(convert::to_py_err(Error::NotImplemented(format!(
            "\"normal_kernel_cpu\" not implemented for '{}'",
            crate::shape::scalar_type_name(m.dtype())
        ))));
    }
    // two tensors broadcast against each other (a number came shaped like the tensor)
    let shape = crate::shape::broadcast_shapes(m.shape(), s.shape()).py()?;
    if crate::shape::numel(&shape) == 0 {
        return Ok(PyTensor::new(Tensor::zeros(&shape, m.dtype())));
    }
    let expanded =
        |t: &Tensor| ops::view::broadcast_to(&t.detach(), &shape).map(|e| e.contiguous());
    let (m, s) = (&expanded(m).py()?, &expanded(s).py()?);
    let mut g = generator::lock(generator.as_deref());
    let t = match m.dtype() {
        DType::F64 => {
            let (mv, sv) = (m.to_vec::<f64>(), s.cast(DType::F64).to_vec::<f64>());
            let v = match (mean_is_tensor, std_is_tensor) {
                (true, true) => g.normal_tensor(&mv, &sv),
                (true, false) => g.normal_mean_tensor(&mv, sv[0]),
                _ => g.normal_std_tensor(mv[0], &sv),
            };
            Tensor::from_vec(v, &shape)
        }
        _ => {
            let (mv, sv) = (
                m.cast(DType::F32).to_vec::<f32>(),
                s.cast(DType::F32).to_vec::<f32>(),
            );
            let v = match (mean_is_tensor, std_is_tensor) {
                (true, true) => g.normal_tensor_f32(&mv, &sv),
                (true, false) => g.normal_mean_tensor(&mv, sv[0] as f64),
                _ => g.normal_std_tensor(mv[0] as f64, &sv),
            };
            Tensor::from_vec(v, &shape)
        }
    };
    Ok(PyTensor::new(t.cast(m.dtype())))
}

/// `t.uniform_(a, b)` / `t.normal_(mean, std)` / `t.log_normal_(mean, std)`:
/// refills `t` in place.
#[pyfunction]
#[pyo3(signature = (t, kind, a, b, generator=None))]
fn fill_random(
    t: &Bound<'_, PyTensor>,
    kind: &str,
    a: f64,
    b: f64,
    generator: Option<PyRef<'_, PyGenerator>>,
) -> PyResult<()> {
    let t = &t.get().inner;
    check_refill(t)?;
    if kind == "uniform" && a > b {
        return Err(convert::to_py_err(Error::runtime(format!(
            "uniform_ expects to return a [from, to) range, but found from={a} > to={b}"
        ))));
    }
    if kind == "normal" && b < 0.0 {
        return Err(convert::to_py_err(negative_std(b)));
    }
    let n = t.numel();
    let (order, shape) = memory_order(t);
    // torch's block normal kernel only takes contiguous tensors; others get
    // the serial one, in memory order
    let serial = kind == "normal" && !t.is_contiguous();
    let mut g = generator::lock(generator.as_deref());
    let values = match (t.dtype(), kind) {
        // torch draws every log-normal value alone: a serial normal in
        // double, exponentiated in double, then cast
        (dtype, "log_normal") => {
            let mut v = vec![0f64; n];
            g.fill_normal_serial(&mut v, a, b);
            let v: Vec<f64> = v.into_iter().map(f64::exp).collect();
            match dtype {
                DType::F64 => Tensor::from_vec(v, &shape),
                // other dtypes through float, as torch's scalar cast goes
                _ => Tensor::from_vec(v.into_iter().map(|x| x as f32).collect(), &shape),
            }
        }
        (DType::F64, "uniform") => Tensor::from_vec(g.uniform_f64(n, a, b), &shape),
        (DType::F64, _) if serial => {
            let mut v = vec![0f64; n];
            g.fill_normal_serial(&mut v, a, b);
            Tensor::from_vec(v, &shape)
        }
        (DType::F64, _) => Tensor::from_vec(g.normal_f64(n, a, b), &shape),
        (_, "uniform") => Tensor::from_vec(g.uniform_f32(n, a, b), &shape),
        _ if serial => {
            let mut v = vec![0f32; n];
            g.fill_normal_serial(&mut v, a, b);
            Tensor::from_vec(v, &shape)
        }
        _ => Tensor::from_vec(g.normal_f32(n, a, b), &shape),
    };
    drop(g);
    t.write_from(&in_logical_order(values, &order)?.cast(t.dtype()));
    Ok(())
}

/// The order torch's in-place random fills visit `t`: dimensions by
/// decreasing stride (so memory order for a permuted or sliced tensor).
/// Returns that permutation of the dimensions and the permuted shape.
fn memory_order(t: &Tensor) -> (Vec<usize>, Vec<usize>) {
    let mut order: Vec<usize> = (0..t.ndim()).collect();
    order.sort_by_key(|&d| std::cmp::Reverse(t.strides()[d]));
    let shape = order.iter().map(|&d| t.shape()[d]).collect();
    (order, shape)
}

/// Values laid out in `order` (from [`memory_order`]) viewed in the
/// tensor's own dimension order.
fn in_logical_order(values: Tensor, order: &[usize]) -> PyResult<Tensor> {
    if order.iter().enumerate().all(|(i, &d)| i == d) {
        return Ok(values);
    }
    let mut inverse = vec![0i64; order.len()];
    for (position, &d) in order.iter().enumerate() {
        inverse[d] = position as i64;
    }
    ops::view::permute(&values, &inverse).py()
}

/// A leaf that requires grad cannot be refilled in place while grad mode is on.
fn check_refill(t: &Tensor) -> PyResult<()> {
    if crate::autograd::grad_mode::is_grad_enabled() && t.is_leaf() && t.requires_grad() {
        return Err(convert::to_py_err(Error::leaf_in_place()));
    }
    Ok(())
}

/// `t.random_()`, `t.random_(to)`, `t.random_(from, to)`: integers drawn
/// as torch does for `t`'s dtype, written in place.
#[pyfunction]
#[pyo3(signature = (t, bounds, generator=None))]
fn fill_random_int(
    t: &Bound<'_, PyTensor>,
    bounds: Option<(i64, i128)>,
    generator: Option<PyRef<'_, PyGenerator>>,
) -> PyResult<()> {
    let t = &t.get().inner;
    check_refill(t)?;
    let dtype = t.dtype();
    // torch's modulus for an unbounded draw: one past the largest integer
    // the dtype holds exactly (2^digits + 1 for floats); 64-bit draws for
    // int64 and float64 only.
    let (modulus, wide) = match dtype {
        DType::I64 => (1u64 << 63, true),
        DType::F64 => ((1u64 << 53) + 1, true),
        DType::F32 => ((1u64 << 24) + 1, false),
        DType::F16 => ((1u64 << 11) + 1, false),
        DType::BF16 => ((1u64 << 8) + 1, false),
        DType::I32 => (1u64 << 31, false),
        DType::U8 => (1u64 << 8, false),
        DType::Bool => (2, false),
        other => {
            return Err(convert::to_py_err(Error::NotImplemented(format!(
                "\"random_kernel_cpu\" not implemented for '{}'",
                crate::shape::scalar_type_name(other)
            ))))
        }
    };
    if let Some((low, high)) = bounds {
        if i128::from(low) >= high {
            return Err(convert::to_py_err(Error::runtime(format!(
                "random_ expects 'from' to be less than 'to', but got from={low} >= to={high}"
            ))));
        }
        let limits = match dtype {
            DType::U8 => Some((0, 255, "unsigned char")),
            DType::I32 => Some((i32::MIN as i64, i32::MAX as i64, "int")),
            DType::Bool => Some((0, 1, "bool")),
            _ => None,
        };
        if let Some((lo, hi, name)) = limits {
            if low < lo || low > hi {
                return Err(convert::to_py_err(Error::runtime(format!(
                    "from is out of bounds for {name}"
                ))));
            }
            if high - 1 < i128::from(lo) || high - 1 > i128::from(hi) {
                return Err(convert::to_py_err(Error::runtime(format!(
                    "to - 1 is out of bounds for {name}"
                ))));
            }
        }
    }
    let n = t.numel();
    let (order, shape) = memory_order(t);
    let values = {
        let mut g = generator::lock(generator.as_deref());
        match bounds {
            Some((low, high)) => g.randint_span(n, low, (high - i128::from(low)) as u64),
            None => g.random_below(n, modulus, wide),
        }
    };
    let values = in_logical_order(Tensor::from_vec(values, &shape), &order)?;
    t.write_from(&values.cast(dtype));
    Ok(())
}

/// torch's error for a negative standard deviation.
fn negative_std(std: f64) -> Error {
    Error::runtime(format!("normal expects std >= 0.0, but found std {std}"))
}

#[pyfunction]
fn set_num_threads(n: i64) -> PyResult<()> {
    crate::threads::set_num_threads(n).py()
}

/// `dim` wrapped into `0..ndim`, or torch's IndexError (for Python-level ops).
#[pyfunction]
fn wrap_dim(dim: i64, ndim: usize) -> PyResult<usize> {
    crate::shape::wrap_dim(dim, ndim).py()
}

#[pyfunction]
fn get_num_threads() -> usize {
    crate::threads::get_num_threads()
}

#[pyfunction]
#[pyo3(signature = (a, b, *, out=None))]
fn matmul<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
    b: &Bound<'py, PyAny>,
    out: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let (a, b) = tensor_pair(a, b, "matmul", "other")?;
    let big = a.numel().max(b.numel()) >= 1 << 15;
    let f = || {
        tensor::same_dtype(a, b)?;
        c2(a, b, "matmul", ops::linalg::matmul)
    };
    match out {
        Some(out) => {
            let out = out_arg(out, "matmul")?;
            tensor::write_out("matmul", &[a, b], out, tensor::OutDtype::SameAsInputs, f)
        }
        None => {
            let product = if big { py.detach(f) } else { f() };
            Ok(Bound::new(py, PyTensor::new(product.py()?))?.into_any())
        }
    }
}

/// The two tensor operands of a binary function (`input`, then `second`),
/// or torch's TypeError naming the one that is not a tensor.
/// `_core._storage_from_bytes(data, dtype)`: a storage saved by torch.save,
/// as a 1-d tensor over a copy of its bytes.
#[pyfunction]
fn _storage_from_bytes(data: &[u8], dtype: PyDType) -> PyResult<PyTensor> {
    Tensor::from_storage_bytes(data, dtype.0)
        .py()
        .map(PyTensor::new)
}

/// A function's result as a new tensor, or with `out=`, stored in `out`.
fn returned_or_out<'py>(
    py: Python<'py>,
    name: &str,
    inputs: &[&Tensor],
    out: Option<&Bound<'py, PyAny>>,
    rule: tensor::OutDtype,
    compute: impl FnOnce() -> crate::error::Result<Tensor>,
) -> PyResult<Bound<'py, PyAny>> {
    match out {
        Some(out) => tensor::write_out(name, inputs, out_arg(out, name)?, rule, compute),
        None => Ok(Bound::new(py, PyTensor::new(compute().py()?))?.into_any()),
    }
}

/// The `out=` argument of `name`, or torch's TypeError for a non-tensor.
fn out_arg<'a, 'py>(out: &'a Bound<'py, PyAny>, name: &str) -> PyResult<&'a Bound<'py, PyTensor>> {
    out.cast::<PyTensor>()
        .map_err(|_| match py_helpers::type_name(out) {
            Ok(kind) => pyo3::exceptions::PyTypeError::new_err(format!(
                "{name}(): argument 'out' must be Tensor, not {kind}"
            )),
            Err(e) => e,
        })
}

/// `_core._write_out(name, result, out, inputs, rule)`: the `out=` form of a
/// function computed in the Python layer. `rule` names its family's dtype
/// rule: "elementwise", "reduction" or "same_dtype" (see `OutDtype`).
#[pyfunction]
fn _write_out<'py>(
    name: &str,
    result: &Bound<'py, PyTensor>,
    out: &Bound<'py, PyTensor>,
    inputs: Vec<Bound<'py, PyTensor>>,
    rule: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let inputs: Vec<&Tensor> = inputs.iter().map(|t| &t.get().inner).collect();
    let result = result.get().inner.clone();
    let rule = match rule {
        "same_dtype" => tensor::OutDtype::SameAsResult,
        "reduction" => tensor::OutDtype::Castable,
        _ => tensor::OutDtype::CastableTwice,
    };
    tensor::write_out(name, &inputs, out, rule, || Ok(result))
}

fn tensor_pair<'a>(
    a: &'a Bound<'_, PyAny>,
    b: &'a Bound<'_, PyAny>,
    func: &str,
    second: &str,
) -> PyResult<(&'a Tensor, &'a Tensor)> {
    let a = py_helpers::tensor_arg(a, func, "input", Some(1))?;
    let b = py_helpers::tensor_arg(b, func, second, Some(2))?;
    Ok((&a.get().inner, &b.get().inner))
}

#[pyfunction]
#[pyo3(signature = (a, b, *, out=None))]
fn mm<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
    b: &Bound<'py, PyAny>,
    out: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let (a, b) = tensor_pair(a, b, "mm", "mat2")?;
    let f = || tensor::same_dtype(a, b).and_then(|_| c2(a, b, "mm", ops::linalg::mm));
    returned_or_out(py, "mm", &[a, b], out, tensor::OutDtype::SameAsInputs, f)
}

#[pyfunction]
#[pyo3(signature = (input, target, weight=None, pos_weight=None, reduction="mean"))]
fn binary_cross_entropy_with_logits(
    input: &Bound<'_, PyTensor>,
    target: &Bound<'_, PyTensor>,
    weight: Option<&Bound<'_, PyTensor>>,
    pos_weight: Option<&Bound<'_, PyTensor>>,
    reduction: &str,
) -> PyResult<PyTensor> {
    let reduction = loss::Reduction::parse(reduction).py()?;
    let weight = weight.map(|w| w.get().inner.clone());
    let pos_weight = pos_weight.map(|w| w.get().inner.clone());
    let inputs = [
        Some(&input.get().inner),
        Some(&target.get().inner),
        weight.as_ref(),
        pos_weight.as_ref(),
    ];
    cn(&inputs, "binary_cross_entropy_with_logits", |t| {
        loss::binary_cross_entropy_with_logits(
            t[0].expect("given"),
            t[1].expect("given"),
            t[2],
            t[3],
            reduction,
        )
    })
    .py()
    .map(PyTensor::new)
}

fn tensor_of(t: Option<&Bound<'_, PyTensor>>) -> Option<Tensor> {
    t.map(|t| t.get().inner.clone())
}

/// `t / n` as torch's internal scalar division (DivBackward1).
#[pyfunction]
fn div_scalar_named(input: &Bound<'_, PyTensor>, divisor: f64) -> PyResult<PyTensor> {
    let s = crate::dtype::Scalar::Float(divisor);
    c1(&input.get().inner, "div", |t| {
        ops::arith::div_scalar_named(t, s, "DivBackward1")
    })
    .py()
    .map(PyTensor::new)
}

#[pyfunction]
#[pyo3(signature = (input, dim, log=false))]
fn softmax(input: &Bound<'_, PyTensor>, dim: i64, log: bool) -> PyResult<PyTensor> {
    let name = if log { "log_softmax" } else { "softmax" };
    c1(&input.get().inner, name, |t| ops::nn::softmax(t, dim, log))
        .py()
        .map(PyTensor::new)
}

#[pyfunction]
#[pyo3(signature = (input, target, weight=None, ignore_index=-100, reduction="mean"))]
fn nll_loss(
    input: &Bound<'_, PyTensor>,
    target: &Bound<'_, PyTensor>,
    weight: Option<&Bound<'_, PyTensor>>,
    ignore_index: i64,
    reduction: &str,
) -> PyResult<PyTensor> {
    let reduction = loss::Reduction::parse(reduction).py()?;
    let w = tensor_of(weight);
    let target = index_of(&target.get().inner);
    cn(&[Some(&input.get().inner), w.as_ref()], "nll_loss", |t| {
        ops::nn::nll_loss(t[0].expect("given"), &target, t[1], ignore_index, reduction)
    })
    .py()
    .map(PyTensor::new)
}

/// `cross_entropy` for class-index targets without label smoothing, in one
/// call: log_softmax over the class dim, then nll_loss (two nodes, as
/// torch records). Returns None for every other case (probability
/// targets, smoothing, arguments of other types), which the Python layer
/// composes itself; a bad `reduction` string raises here as it would there.
#[pyfunction]
fn cross_entropy(
    input: &Bound<'_, PyAny>,
    target: &Bound<'_, PyAny>,
    weight: &Bound<'_, PyAny>,
    ignore_index: &Bound<'_, PyAny>,
    reduction: &Bound<'_, PyAny>,
    label_smoothing: &Bound<'_, PyAny>,
) -> PyResult<Option<PyTensor>> {
    let (Ok(input), Ok(target)) = (input.cast::<PyTensor>(), target.cast::<PyTensor>()) else {
        return Ok(None);
    };
    let weight = match weight.cast::<PyTensor>() {
        Ok(w) => Some(w.get().inner.clone()),
        Err(_) if weight.is_none() => None,
        Err(_) => return Ok(None),
    };
    let (Ok(reduction), Ok(ignore_index), Ok(smoothing)) = (
        reduction.extract::<pyo3::pybacked::PyBackedStr>(),
        ignore_index.extract::<i64>(),
        label_smoothing.extract::<f64>(),
    ) else {
        return Ok(None);
    };
    let reduction = loss::Reduction::parse(&reduction).py()?;
    if smoothing > 1.0 {
        return Err(convert::to_py_err(Error::runtime(format!(
            "label_smoothing must be between 0.0 and 1.0. Got: {smoothing}"
        ))));
    }
    let (input, target) = (&input.get().inner, &target.get().inner);
    // float targets are probabilities only when shaped like the input;
    // otherwise they are class indices of the wrong dtype (nll_loss says so)
    let probabilities = target.dtype().is_floating() && target.shape() == input.shape();
    // NaN smoothing takes the Python path too (it compares `<= 0.0`)
    // storage-only dtypes (float16, ...) and weights go through the compute layer there
    let stored_only = input.dtype().is_storage_only()
        || weight.as_ref().is_some_and(|w| w.dtype().is_storage_only());
    if probabilities || smoothing.is_nan() || smoothing > 0.0 || stored_only {
        return Ok(None);
    }
    let class_dim = if input.ndim() > 1 { 1 } else { 0 };
    let logp = ops::nn::softmax(input, class_dim, true).py()?;
    ops::nn::nll_loss(&logp, target, weight.as_ref(), ignore_index, reduction)
        .py()
        .map(|t| Some(PyTensor::new(t)))
}

/// mse / smooth_l1 / huber: `kind` picks the loss, `param` is beta or delta.
#[pyfunction]
#[pyo3(signature = (kind, input, target, reduction="mean", param=1.0))]
fn pair_loss(
    kind: &str,
    input: &Bound<'_, PyTensor>,
    target: &Bound<'_, PyTensor>,
    reduction: &str,
    param: f64,
) -> PyResult<PyTensor> {
    let reduction = loss::Reduction::parse(reduction).py()?;
    let (a, b) = (&input.get().inner, &target.get().inner);
    c2(a, b, kind, |a, b| match kind {
        "mse" => ops::nn::mse_loss(a, b, reduction),
        "smooth_l1" => ops::nn::smooth_l1_loss(a, b, reduction, param),
        _ => ops::nn::huber_loss(a, b, reduction, param),
    })
    .py()
    .map(PyTensor::new)
}

#[pyfunction]
#[pyo3(signature = (input, target, weight=None, reduction="mean"))]
fn binary_cross_entropy(
    input: &Bound<'_, PyTensor>,
    target: &Bound<'_, PyTensor>,
    weight: Option<&Bound<'_, PyTensor>>,
    reduction: &str,
) -> PyResult<PyTensor> {
    let reduction = loss::Reduction::parse(reduction).py()?;
    let w = tensor_of(weight);
    let inputs = [
        Some(&input.get().inner),
        Some(&target.get().inner),
        w.as_ref(),
    ];
    cn(&inputs, "binary_cross_entropy", |t| {
        ops::nn::binary_cross_entropy(t[0].expect("given"), t[1].expect("given"), t[2], reduction)
    })
    .py()
    .map(PyTensor::new)
}

#[pyfunction]
#[pyo3(signature = (input, normalized_shape, weight=None, bias=None, eps=1e-5))]
fn layer_norm(
    input: &Bound<'_, PyTensor>,
    normalized_shape: Vec<usize>,
    weight: Option<&Bound<'_, PyTensor>>,
    bias: Option<&Bound<'_, PyTensor>>,
    eps: f64,
) -> PyResult<PyTensor> {
    let (w, b) = (tensor_of(weight), tensor_of(bias));
    let inputs = [Some(&input.get().inner), w.as_ref(), b.as_ref()];
    cn(&inputs, "layer_norm", |t| {
        ops::nn::layer_norm(t[0].expect("given"), &normalized_shape, t[1], t[2], eps)
    })
    .py()
    .map(PyTensor::new)
}

#[pyfunction]
#[pyo3(signature = (input, weight, padding_idx=None))]
fn embedding(
    input: &Bound<'_, PyTensor>,
    weight: &Bound<'_, PyTensor>,
    padding_idx: Option<i64>,
) -> PyResult<PyTensor> {
    let indices = index_of(&input.get().inner);
    c1(&weight.get().inner, "embedding", |w| {
        ops::nn::embedding(&indices, w, padding_idx)
    })
    .py()
    .map(PyTensor::new)
}

#[pyfunction]
#[pyo3(signature = (input, pad, value=0.0))]
fn constant_pad(input: &Bound<'_, PyTensor>, pad: Vec<i64>, value: f64) -> PyResult<PyTensor> {
    ops::nn::constant_pad(&input.get().inner, &pad, value)
        .py()
        .map(PyTensor::new)
}

/// The `tensors` argument of `op` (cat, stack): a list or tuple of tensors,
/// as torch takes it, held as the Python objects themselves (no handle is
/// cloned); anything else is torch's TypeError.
fn tensor_seq<'py>(seq: &Bound<'py, PyAny>, op: &str) -> PyResult<SmallVec<[HeldTensor<'py>; 4]>> {
    use pyo3::types::{PyList, PyTuple};
    let mut out = SmallVec::new();
    if let Ok(list) = seq.cast::<PyList>() {
        for (i, item) in list.iter().enumerate() {
            out.push(tensor_element(item, i)?);
        }
    } else if let Ok(tuple) = seq.cast::<PyTuple>() {
        for (i, item) in tuple.iter().enumerate() {
            out.push(tensor_element(item, i)?);
        }
    } else {
        return Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "{op}(): argument 'tensors' (position 1) must be tuple of Tensors, not {}",
            py_helpers::type_name(seq)?
        )));
    }
    Ok(out)
}

/// A tensor argument kept as its Python object, lent to the core as a `&Tensor`.
struct HeldTensor<'py>(Bound<'py, PyTensor>);

impl std::borrow::Borrow<Tensor> for HeldTensor<'_> {
    fn borrow(&self) -> &Tensor {
        &self.0.get().inner
    }
}

/// Element `i` of a list of tensors, or torch's TypeError for anything else.
fn tensor_element<'py>(item: Bound<'py, PyAny>, i: usize) -> PyResult<HeldTensor<'py>> {
    match item.cast_into::<PyTensor>() {
        Ok(t) => Ok(HeldTensor(t)),
        Err(e) => Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "expected Tensor as element {i} in argument 0, but got {}",
            py_helpers::type_name(&e.into_inner())?
        ))),
    }
}

#[pyfunction]
#[pyo3(signature = (tensors, dim=0, *, out=None))]
fn cat<'py>(
    py: Python<'py>,
    tensors: &Bound<'py, PyAny>,
    dim: i64,
    out: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let held = tensor_seq(tensors, "cat")?;
    if let Some(out) = out {
        let inputs: SmallVec<[&Tensor; 4]> = held.iter().map(|t| &t.0.get().inner).collect();
        let out = out_arg(out, "cat")?;
        let rule = tensor::OutDtype::Castable;
        return tensor::write_out("cat", &inputs, out, rule, || ops::join::cat(&held, dim));
    }
    Ok(Bound::new(py, PyTensor::new(ops::join::cat(&held, dim).py()?))?.into_any())
}

#[pyfunction]
#[pyo3(signature = (tensors, dim=0, *, out=None))]
fn stack<'py>(
    py: Python<'py>,
    tensors: &Bound<'py, PyAny>,
    dim: i64,
    out: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let held = tensor_seq(tensors, "stack")?;
    let ts: SmallVec<[Tensor; 4]> = held.iter().map(|t| t.0.get().inner.clone()).collect();
    let inputs: SmallVec<[&Tensor; 4]> = ts.iter().collect();
    let rule = tensor::OutDtype::Castable;
    returned_or_out(py, "stack", &inputs, out, rule, || {
        ops::join::stack(&ts, dim)
    })
}

#[pyfunction]
#[pyo3(signature = (a, b, *, out=None))]
fn bmm<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
    b: &Bound<'py, PyAny>,
    out: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let (a, b) = tensor_pair(a, b, "bmm", "mat2")?;
    let f = || tensor::same_dtype(a, b).and_then(|_| c2(a, b, "bmm", ops::linalg::bmm));
    returned_or_out(py, "bmm", &[a, b], out, tensor::OutDtype::SameAsInputs, f)
}

#[pyfunction]
fn dot(a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
    let (a, b) = tensor_pair(a, b, "dot", "tensor")?;
    tensor::same_dtype(a, b)
        .and_then(|_| c2(a, b, "dot", ops::linalg::dot))
        .py()
        .map(PyTensor::new)
}

#[pyfunction]
fn mv(a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
    let (a, b) = tensor_pair(a, b, "mv", "vec")?;
    tensor::same_dtype(a, b)
        .and_then(|_| c2(a, b, "mv", ops::linalg::mv))
        .py()
        .map(PyTensor::new)
}

#[pyfunction]
fn outer(a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
    let (a, b) = tensor_pair(a, b, "outer", "vec2")?;
    tensor::same_dtype(a, b)
        .and_then(|_| c2(a, b, "outer", ops::linalg::outer))
        .py()
        .map(PyTensor::new)
}

#[pyfunction]
fn addmm(
    bias: &Bound<'_, PyAny>,
    m1: &Bound<'_, PyAny>,
    m2: &Bound<'_, PyAny>,
) -> PyResult<PyTensor> {
    let bias = &py_helpers::tensor_arg(bias, "addmm", "input", Some(1))?
        .get()
        .inner;
    let m1 = &py_helpers::tensor_arg(m1, "addmm", "mat1", Some(2))?
        .get()
        .inner;
    let m2 = &py_helpers::tensor_arg(m2, "addmm", "mat2", Some(3))?
        .get()
        .inner;
    tensor::same_dtype(m1, m2)
        .and_then(|_| {
            cn(&[Some(bias), Some(m1), Some(m2)], "addmm", |t| {
                ops::linalg::addmm(
                    t[0].expect("given"),
                    t[1].expect("given"),
                    t[2].expect("given"),
                )
            })
        })
        .py()
        .map(PyTensor::new)
}

#[pyfunction]
#[pyo3(signature = (input, weight, bias=None))]
fn linear(
    input: &Bound<'_, PyTensor>,
    weight: &Bound<'_, PyTensor>,
    bias: Option<&Bound<'_, PyTensor>>,
) -> PyResult<PyTensor> {
    let bias = bias.map(|b| b.get().inner.clone());
    let (x, w) = (&input.get().inner, &weight.get().inner);
    tensor::same_dtype(x, w)
        .and_then(|_| {
            cn(&[Some(x), Some(w), bias.as_ref()], "linear", |t| {
                ops::linalg::linear(t[0].expect("given"), t[1].expect("given"), t[2])
            })
        })
        .py()
        .map(PyTensor::new)
}

#[pyfunction]
#[pyo3(signature = (input, negative_slope=0.01, inplace=false))]
fn leaky_relu(
    input: &Bound<'_, PyTensor>,
    negative_slope: f64,
    inplace: bool,
) -> PyResult<PyTensor> {
    c1(&input.get().inner, "leaky_relu", |t| {
        if inplace {
            ops::activation::leaky_relu_in_place(t, negative_slope)
        } else {
            ops::unary::leaky_relu(t, negative_slope)
        }
    })
    .py()
    .map(PyTensor::new)
}

// ---- activations (ops::activation); `inplace` picks the in-place node name ----

/// torch's error for a float-only kernel, named for the caller's dtype
/// (int32 is not reported as the int64 it computes in).
fn floating_kernel(t: &crate::tensor::Tensor, kernel: &str) -> PyResult<()> {
    let d = t.dtype();
    if d.is_floating() || d.is_complex() {
        return Ok(());
    }
    crate::compute::unsupported::<()>(kernel, d).py()
}

#[pyfunction]
#[pyo3(signature = (input, alpha=1.0, scale=1.0, input_scale=1.0, celu=false, inplace=false))]
fn elu(
    input: &Bound<'_, PyTensor>,
    alpha: f64,
    scale: f64,
    input_scale: f64,
    celu: bool,
    inplace: bool,
) -> PyResult<PyTensor> {
    let input = &input.get().inner;
    floating_kernel(input, "elu_cpu")?;
    c1(input, "elu_cpu", |t| {
        ops::activation::elu(t, alpha, scale, input_scale, celu, inplace)
    })
    .py()
    .map(PyTensor::new)
}

#[pyfunction]
fn hardtanh(input: &Bound<'_, PyTensor>, min_val: f64, max_val: f64) -> PyResult<PyTensor> {
    c1(&input.get().inner, "hardtanh", |t| {
        ops::activation::hardtanh(t, min_val, max_val)
    })
    .py()
    .map(PyTensor::new)
}

#[pyfunction]
#[pyo3(signature = (input, threshold, value, inplace=false))]
fn threshold(
    input: &Bound<'_, PyTensor>,
    threshold: f64,
    value: f64,
    inplace: bool,
) -> PyResult<PyTensor> {
    c1(&input.get().inner, "threshold", |t| {
        ops::activation::threshold(t, threshold, value, inplace)
    })
    .py()
    .map(PyTensor::new)
}

#[pyfunction]
fn hardswish(input: &Bound<'_, PyTensor>) -> PyResult<PyTensor> {
    let input = &input.get().inner;
    floating_kernel(input, "hardswish_cpu")?;
    c1(input, "hardswish_cpu", ops::activation::hardswish)
        .py()
        .map(PyTensor::new)
}

#[pyfunction]
fn hardsigmoid(input: &Bound<'_, PyTensor>) -> PyResult<PyTensor> {
    c1(
        &input.get().inner,
        "hardsigmoid",
        ops::activation::hardsigmoid,
    )
    .py()
    .map(PyTensor::new)
}

#[pyfunction]
fn mish(input: &Bound<'_, PyTensor>) -> PyResult<PyTensor> {
    let input = &input.get().inner;
    floating_kernel(input, "mish_cpu")?;
    c1(input, "mish_cpu", ops::activation::mish)
        .py()
        .map(PyTensor::new)
}

#[pyfunction]
#[pyo3(signature = (input, dim=-1))]
fn glu(input: &Bound<'_, PyTensor>, dim: i64) -> PyResult<PyTensor> {
    let input = &input.get().inner;
    if input.ndim() > 0 {
        // torch checks the halving first, then the dtype
        let d = crate::shape::wrap_dim(dim, input.ndim()).py()?;
        if input.shape()[d].is_multiple_of(2) {
            floating_kernel(input, "glu_cpu")?;
        }
    }
    c1(input, "glu_cpu", |t| ops::activation::glu(t, dim))
        .py()
        .map(PyTensor::new)
}

#[pyfunction]
fn prelu(input: &Bound<'_, PyTensor>, weight: &Bound<'_, PyTensor>) -> PyResult<PyTensor> {
    let (input, weight) = (&input.get().inner, &weight.get().inner);
    if input.dtype() != weight.dtype() {
        return ops::activation::prelu(input, weight)
            .py()
            .map(PyTensor::new);
    }
    floating_kernel(input, "prelu_cpu")?;
    // a half/bfloat16 pair computes in float32
    cn(&[Some(input), Some(weight)], "prelu_cpu", |t| {
        ops::activation::prelu(t[0].expect("given"), t[1].expect("given"))
    })
    .py()
    .map(PyTensor::new)
}

// ---- end of activations ----

#[pyfunction]
#[pyo3(signature = (input, approximate="none"))]
fn gelu(input: &Bound<'_, PyTensor>, approximate: &str) -> PyResult<PyTensor> {
    let tanh = match approximate {
        "none" => false,
        "tanh" => true,
        other => {
            return Err(convert::to_py_err(Error::runtime(format!(
                "approximate argument must be either none or tanh, got {other}"
            ))))
        }
    };
    c1(&input.get().inner, "gelu", |t| ops::unary::gelu(t, tanh))
        .py()
        .map(PyTensor::new)
}

#[pyfunction]
#[pyo3(signature = (input, beta=1.0, threshold=20.0))]
fn softplus(input: &Bound<'_, PyTensor>, beta: f64, threshold: f64) -> PyResult<PyTensor> {
    c1(&input.get().inner, "softplus", |t| {
        ops::unary::softplus(t, beta, threshold)
    })
    .py()
    .map(PyTensor::new)
}

#[pyfunction]
fn logsigmoid(input: &Bound<'_, PyTensor>) -> PyResult<PyTensor> {
    c1(&input.get().inner, "log_sigmoid", ops::unary::log_sigmoid)
        .py()
        .map(PyTensor::new)
}

#[pyfunction]
fn silu(input: &Bound<'_, PyTensor>) -> PyResult<PyTensor> {
    c1(&input.get().inner, "silu", ops::unary::silu)
        .py()
        .map(PyTensor::new)
}

/// `torch.where(cond, a, b)` with tensors or numbers for `a` and `b`.
#[pyfunction]
#[pyo3(name = "where")]
fn where_(
    condition: &Bound<'_, PyTensor>,
    input: &Bound<'_, PyAny>,
    other: &Bound<'_, PyAny>,
) -> PyResult<PyTensor> {
    let like = [input, other]
        .iter()
        .find_map(|v| v.cast::<PyTensor>().ok().map(|t| t.get().inner.dtype()))
        .unwrap_or(DType::F32);
    let a = tensor::tensor_or_scalar(input, like)?;
    let b = tensor::tensor_or_scalar(other, like)?;
    ops::compare::where_(&condition.get().inner, &a, &b)
        .py()
        .map(PyTensor::new)
}

#[pyfunction]
fn is_grad_enabled() -> bool {
    grad_mode::is_grad_enabled()
}

#[pyfunction]
fn set_grad_enabled(enabled: bool) {
    grad_mode::set_grad_enabled(enabled)
}

#[pyfunction]
fn is_inference_mode_enabled() -> bool {
    grad_mode::is_inference_mode()
}

#[pyfunction]
fn set_inference_mode(enabled: bool) {
    grad_mode::set_inference_mode(enabled)
}

/// Number of graph nodes alive right now (for leak tests).
#[pyfunction]
fn live_nodes() -> usize {
    crate::autograd::arena::live_nodes()
}

/// `torch.autograd.backward` / `torch.autograd.grad`: with `inputs`,
/// returns the gradients reaching them instead of accumulating.
#[pyfunction]
#[pyo3(signature = (tensors, grad_tensors, retain_graph, create_graph, inputs=None))]
fn run_backward(
    py: Python<'_>,
    tensors: Vec<Bound<'_, PyTensor>>,
    grad_tensors: Vec<Option<Bound<'_, PyTensor>>>,
    retain_graph: bool,
    create_graph: bool,
    inputs: Option<Vec<Bound<'_, PyTensor>>>,
) -> PyResult<Vec<Option<PyTensor>>> {
    let roots: Vec<Tensor> = tensors.iter().map(|t| t.get().inner.clone()).collect();
    let grads: Vec<Option<Tensor>> = grad_tensors
        .iter()
        .map(|g| g.as_ref().map(|g| g.get().inner.clone()))
        .collect();
    let inputs: Option<Vec<Tensor>> =
        inputs.map(|v| v.iter().map(|t| t.get().inner.clone()).collect());
    let opts = BackwardOptions {
        retain_graph,
        create_graph,
    };
    let out = py
        .detach(|| engine_backward(&roots, &grads, &opts, inputs.as_deref()))
        .py()?;
    Ok(out.into_iter().map(|g| g.map(PyTensor::new)).collect())
}

/// `torch.promote_types(a, b)`.
#[pyfunction]
fn promote_types(a: PyDType, b: PyDType) -> PyDType {
    PyDType(crate::dtype::promote(a.0, b.0))
}

/// `torch.can_cast(from_, to)`.
#[pyfunction]
fn can_cast(from: PyDType, to: PyDType) -> bool {
    crate::dtype::can_cast(from.0, to.0)
}

/// `torch.result_type(a, b)` for a tensor and a tensor or number (the
/// Python layer orders the arguments and checks their types).
#[pyfunction]
fn _result_type(a: &Bound<'_, PyTensor>, b: &Bound<'_, PyAny>) -> PyResult<PyDType> {
    let a = &a.get().inner;
    let dtype = match convert::operand_of(b) {
        Some(convert::Operand::Tensor(b)) => {
            crate::dtype::result_type(a.dtype(), a.ndim() == 0, b.dtype(), b.ndim() == 0)
        }
        Some(convert::Operand::Scalar(s)) => crate::dtype::result_type_scalar(a.dtype(), s),
        None => {
            return Err(pyo3::exceptions::PyTypeError::new_err(
                "result_type(): expected a tensor or a number",
            ))
        }
    };
    Ok(PyDType(dtype))
}

/// `conv1d`/`conv2d` on a batched input with checked-shape arguments:
/// `stride`, `padding`, `dilation` per spatial axis as (rows, cols) (a
/// conv1d passes rows of 1, 0, 1).
#[pyfunction]
#[pyo3(signature = (input, weight, bias, stride, padding, dilation, groups))]
fn _convolution(
    input: &Bound<'_, PyTensor>,
    weight: &Bound<'_, PyTensor>,
    bias: Option<Bound<'_, PyTensor>>,
    stride: Vec<usize>,
    padding: Vec<usize>,
    dilation: Vec<usize>,
    groups: usize,
) -> PyResult<PyTensor> {
    // two entries (rows, cols) per argument, or three with depth first (conv3d)
    let n = stride.len();
    if !(2..=3).contains(&n) || padding.len() != n || dilation.len() != n {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "_convolution takes 2 or 3 strides, paddings and dilations",
        ));
    }
    let last2 = |v: &[usize]| [v[v.len() - 2], v[v.len() - 1]];
    let depth = (stride.len() == 3).then(|| ops::conv::Axis {
        stride: stride[0],
        padding: padding[0],
        dilation: dilation[0],
    });
    let params = ops::conv::ConvParams {
        stride: last2(&stride),
        padding: last2(&padding),
        dilation: last2(&dilation),
        groups,
        depth,
    };
    let bias = bias.map(|b| b.get().inner.clone());
    ops::conv::convolution(
        &input.get().inner,
        &weight.get().inner,
        bias.as_ref(),
        &params,
    )
    .map_err(convert::to_py_err)
    .map(PyTensor::new)
}

/// `F.unfold` (im2col) on a checked 3-D or 4-D input.
#[pyfunction]
fn _unfold(
    input: &Bound<'_, PyTensor>,
    kernel: [usize; 2],
    dilation: [usize; 2],
    padding: [usize; 2],
    stride: [usize; 2],
) -> PyResult<PyTensor> {
    let params = ops::conv::ConvParams::ungrouped(stride, padding, dilation);
    ops::conv::unfold(&input.get().inner, kernel, &params)
        .map_err(convert::to_py_err)
        .map(PyTensor::new)
}

/// `F.fold` (col2im) of checked 2-D or 3-D columns onto `output_size` images.
#[pyfunction]
fn _fold(
    input: &Bound<'_, PyTensor>,
    output_size: [usize; 2],
    kernel: [usize; 2],
    dilation: [usize; 2],
    padding: [usize; 2],
    stride: [usize; 2],
) -> PyResult<PyTensor> {
    let params = ops::conv::ConvParams::ungrouped(stride, padding, dilation);
    ops::conv::fold(&input.get().inner, output_size, kernel, &params)
        .map_err(convert::to_py_err)
        .map(PyTensor::new)
}

/// The Python layer passes 2 or 3 entries for every axis argument.
fn pool_axes(args: &[&[usize]]) -> PyResult<usize> {
    let n = args[0].len();
    if !(n == 2 || n == 3) || args.iter().any(|a| a.len() != n) {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "pooling takes 2 or 3 entries for every axis argument",
        ));
    }
    Ok(n)
}

/// `max_pool2d` (3 `kernel` etc. entries: `max_pool3d`): (values, indices).
#[pyfunction]
fn _max_pool(
    x: &Bound<'_, PyTensor>,
    kernel: Vec<usize>,
    stride: Vec<usize>,
    padding: Vec<usize>,
    dilation: Vec<usize>,
    ceil_mode: bool,
) -> PyResult<(PyTensor, PyTensor)> {
    let x = &x.get().inner;
    let (values, indices) = match pool_axes(&[&kernel, &stride, &padding, &dilation])? {
        2 => {
            let two = |v: &[usize]| [v[0], v[1]];
            let p = ops::pool::PoolParams::planar(
                two(&kernel),
                two(&stride),
                two(&padding),
                two(&dilation),
                ceil_mode,
            );
            ops::pool::max_pool2d(x, &p)
        }
        _ => {
            let three = |v: &[usize]| [v[0], v[1], v[2]];
            let p = ops::pool::PoolParams {
                kernel: three(&kernel),
                stride: three(&stride),
                padding: three(&padding),
                dilation: three(&dilation),
                ceil_mode,
            };
            ops::pool::max_pool3d(x, &p)
        }
    }
    .map_err(convert::to_py_err)?;
    Ok((PyTensor::new(values), PyTensor::new(indices)))
}

/// `avg_pool2d` (3 `kernel` etc. entries: `avg_pool3d`).
#[pyfunction]
fn _avg_pool(
    x: &Bound<'_, PyTensor>,
    kernel: Vec<usize>,
    stride: Vec<usize>,
    padding: Vec<usize>,
    ceil_mode: bool,
    count_include_pad: bool,
    divisor_override: Option<i64>,
) -> PyResult<PyTensor> {
    let x = &x.get().inner;
    match pool_axes(&[&kernel, &stride, &padding])? {
        2 => {
            let two = |v: &[usize]| [v[0], v[1]];
            let p = ops::pool::PoolParams::planar(
                two(&kernel),
                two(&stride),
                two(&padding),
                [1, 1],
                ceil_mode,
            );
            ops::pool::avg_pool2d(x, &p, count_include_pad, divisor_override)
        }
        _ => {
            let three = |v: &[usize]| [v[0], v[1], v[2]];
            let p = ops::pool::PoolParams {
                kernel: three(&kernel),
                stride: three(&stride),
                padding: three(&padding),
                dilation: [1, 1, 1],
                ceil_mode,
            };
            ops::pool::avg_pool3d(x, &p, count_include_pad, divisor_override)
        }
    }
    .map_err(convert::to_py_err)
    .map(PyTensor::new)
}

/// `adaptive_avg_pool2d` (a 3-entry `output`: `adaptive_avg_pool3d`).
#[pyfunction]
fn _adaptive_avg_pool(x: &Bound<'_, PyTensor>, output: Vec<usize>) -> PyResult<PyTensor> {
    let x = &x.get().inner;
    match pool_axes(&[&output])? {
        2 => ops::pool::adaptive_avg_pool2d(x, [output[0], output[1]]),
        _ => ops::pool::adaptive_avg_pool3d(x, [output[0], output[1], output[2]]),
    }
    .map_err(convert::to_py_err)
    .map(PyTensor::new)
}

/// `F.batch_norm` with the tensors checked for type by the Python layer.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
#[pyo3(signature = (input, running_mean, running_var, weight, bias, training, momentum, eps))]
fn _batch_norm(
    input: &Bound<'_, PyTensor>,
    running_mean: Option<Bound<'_, PyTensor>>,
    running_var: Option<Bound<'_, PyTensor>>,
    weight: Option<Bound<'_, PyTensor>>,
    bias: Option<Bound<'_, PyTensor>>,
    training: bool,
    momentum: f64,
    eps: f64,
) -> PyResult<PyTensor> {
    let inner = |t: &Option<Bound<'_, PyTensor>>| t.as_ref().map(|t| t.get().inner.clone());
    let (rm, rv, w, b) = (
        inner(&running_mean),
        inner(&running_var),
        inner(&weight),
        inner(&bias),
    );
    let params = ops::batch_norm::NormParams {
        weight: w.as_ref(),
        bias: b.as_ref(),
        running_mean: rm.as_ref(),
        running_var: rv.as_ref(),
    };
    ops::batch_norm::batch_norm(&input.get().inner, &params, training, momentum, eps)
        .map_err(convert::to_py_err)
        .map(PyTensor::new)
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyTensor>()?;
    m.add_class::<PyDType>()?;
    m.add_class::<node::PyNode>()?;
    m.add_class::<hooks::PyRemovableHandle>()?;
    m.add_class::<PyGenerator>()?;
    for d in DType::ALL {
        m.add(d.name(), PyDType(d))?;
    }
    m.add_function(wrap_pyfunction!(from_numpy_copy, m)?)?;
    m.add_function(wrap_pyfunction!(from_data, m)?)?;
    m.add_function(wrap_pyfunction!(from_numpy, m)?)?;
    m.add_function(wrap_pyfunction!(full, m)?)?;
    m.add_function(wrap_pyfunction!(set_default_float, m)?)?;
    m.add_function(wrap_pyfunction!(full_like_layout, m)?)?;
    m.add_function(wrap_pyfunction!(_selected_positions, m)?)?;
    m.add_function(wrap_pyfunction!(promote_types, m)?)?;
    m.add_function(wrap_pyfunction!(can_cast, m)?)?;
    m.add_function(wrap_pyfunction!(_result_type, m)?)?;
    m.add_function(wrap_pyfunction!(_exponential, m)?)?;
    m.add_function(wrap_pyfunction!(_standard_gamma, m)?)?;
    m.add_function(wrap_pyfunction!(_standard_gamma_grad, m)?)?;
    m.add_function(wrap_pyfunction!(_sample_dirichlet, m)?)?;
    m.add_function(wrap_pyfunction!(_convolution, m)?)?;
    m.add_function(wrap_pyfunction!(_batch_norm, m)?)?;
    m.add_function(wrap_pyfunction!(_max_pool, m)?)?;
    m.add_function(wrap_pyfunction!(_avg_pool, m)?)?;
    m.add_function(wrap_pyfunction!(_adaptive_avg_pool, m)?)?;
    m.add_function(wrap_pyfunction!(_multinomial_with_replacement, m)?)?;
    m.add_function(wrap_pyfunction!(eye, m)?)?;
    m.add_function(wrap_pyfunction!(arange, m)?)?;
    m.add_function(wrap_pyfunction!(linspace, m)?)?;
    m.add_function(wrap_pyfunction!(randn, m)?)?;
    m.add_function(wrap_pyfunction!(rand, m)?)?;
    m.add_function(wrap_pyfunction!(randint, m)?)?;
    m.add_function(wrap_pyfunction!(randperm, m)?)?;
    m.add_function(wrap_pyfunction!(normal, m)?)?;
    m.add_function(wrap_pyfunction!(normal_tensor, m)?)?;
    m.add_function(wrap_pyfunction!(fill_random_int, m)?)?;
    m.add_function(wrap_pyfunction!(fill_random, m)?)?;
    m.add_function(wrap_pyfunction!(set_num_threads, m)?)?;
    m.add_function(wrap_pyfunction!(get_num_threads, m)?)?;
    m.add_function(wrap_pyfunction!(wrap_dim, m)?)?;
    m.add_function(wrap_pyfunction!(matmul, m)?)?;
    m.add_function(wrap_pyfunction!(_write_out, m)?)?;
    m.add_function(wrap_pyfunction!(_bernoulli, m)?)?;
    m.add_function(wrap_pyfunction!(function::_record_function, m)?)?;
    m.add_function(wrap_pyfunction!(_lstm_pointwise, m)?)?;
    m.add_function(wrap_pyfunction!(_unfold, m)?)?;
    m.add_function(wrap_pyfunction!(_fold, m)?)?;
    m.add_class::<function::PySavedTensors>()?;
    m.add_function(wrap_pyfunction!(_storage_from_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(mm, m)?)?;
    m.add_function(wrap_pyfunction!(binary_cross_entropy_with_logits, m)?)?;
    for f in [
        wrap_pyfunction!(div_scalar_named, m)?,
        wrap_pyfunction!(softmax, m)?,
        wrap_pyfunction!(nll_loss, m)?,
        wrap_pyfunction!(cross_entropy, m)?,
        wrap_pyfunction!(pair_loss, m)?,
        wrap_pyfunction!(binary_cross_entropy, m)?,
        wrap_pyfunction!(layer_norm, m)?,
        wrap_pyfunction!(embedding, m)?,
        wrap_pyfunction!(constant_pad, m)?,
        wrap_pyfunction!(cat, m)?,
        wrap_pyfunction!(stack, m)?,
        wrap_pyfunction!(bmm, m)?,
        wrap_pyfunction!(dot, m)?,
        wrap_pyfunction!(mv, m)?,
        wrap_pyfunction!(outer, m)?,
        wrap_pyfunction!(addmm, m)?,
        wrap_pyfunction!(linear, m)?,
    ] {
        m.add_function(f)?;
    }
    m.add_function(wrap_pyfunction!(leaky_relu, m)?)?;
    m.add_function(wrap_pyfunction!(gelu, m)?)?;
    m.add_function(wrap_pyfunction!(softplus, m)?)?;
    m.add_function(wrap_pyfunction!(silu, m)?)?;
    // activations
    for f in [
        wrap_pyfunction!(elu, m)?,
        wrap_pyfunction!(hardtanh, m)?,
        wrap_pyfunction!(threshold, m)?,
        wrap_pyfunction!(hardswish, m)?,
        wrap_pyfunction!(hardsigmoid, m)?,
        wrap_pyfunction!(mish, m)?,
        wrap_pyfunction!(glu, m)?,
        wrap_pyfunction!(prelu, m)?,
    ] {
        m.add_function(f)?;
    }
    m.add_function(wrap_pyfunction!(logsigmoid, m)?)?;
    m.add_function(wrap_pyfunction!(where_, m)?)?;
    m.add_function(wrap_pyfunction!(is_grad_enabled, m)?)?;
    m.add_function(wrap_pyfunction!(set_grad_enabled, m)?)?;
    m.add_function(wrap_pyfunction!(is_inference_mode_enabled, m)?)?;
    m.add_function(wrap_pyfunction!(set_inference_mode, m)?)?;
    m.add_function(wrap_pyfunction!(live_nodes, m)?)?;
    m.add_function(wrap_pyfunction!(run_backward, m)?)?;
    math::register(m)?;
    sampling::register(m)?;
    special_nd::register(m)?;
    Ok(())
}
