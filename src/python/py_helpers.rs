//! Pieces of the Python layer the binding calls back into: `torch.Size`,
//! the printer, the non-leaf `.grad` warning.

use crate::dtype::DType;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyTuple;

use super::tensor::PyTensor;

static SIZE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static FORMAT_TENSOR: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static GETITEM: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static SETITEM: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

fn lookup(
    py: Python<'_>,
    cell: &'static PyOnceLock<Py<PyAny>>,
    module: &str,
    name: &str,
) -> PyResult<Py<PyAny>> {
    if let Some(v) = cell.get(py) {
        return Ok(v.clone_ref(py));
    }
    let v = py.import(module)?.getattr(name)?.unbind();
    let _ = cell.set(py, v.clone_ref(py));
    Ok(v)
}

pub fn size<'py>(py: Python<'py>, shape: &[usize]) -> PyResult<Bound<'py, PyAny>> {
    let cls = lookup(py, &SIZE, "ferrograd._size", "Size")?;
    cls.bind(py).call1((PyTuple::new(py, shape)?,))
}

pub fn repr(t: &Bound<'_, PyTensor>) -> PyResult<String> {
    let py = t.py();
    let f = lookup(py, &FORMAT_TENSOR, "ferrograd._tensor_repr", "tensor_repr")?;
    f.bind(py).call1((t,))?.extract()
}

/// `t[key]` by the Python layer's full parser (advanced indexing).
pub fn getitem(t: &Bound<'_, PyTensor>, key: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let py = t.py();
    let f = lookup(py, &GETITEM, "ferrograd", "_tensor_getitem")?;
    Ok(f.bind(py).call1((t, key))?.unbind())
}

/// `t[key] = value` by the Python layer's full parser.
pub fn setitem(
    t: &Bound<'_, PyTensor>,
    key: &Bound<'_, PyAny>,
    value: &Bound<'_, PyAny>,
) -> PyResult<()> {
    let py = t.py();
    let f = lookup(py, &SETITEM, "ferrograd", "_tensor_setitem")?;
    f.bind(py).call1((t, key, value))?;
    Ok(())
}

/// A Python float/int/bool holding `v` as the dtype says.
pub fn python_number(py: Python<'_>, v: f64, dtype: DType) -> PyResult<Bound<'_, PyAny>> {
    Ok(match dtype {
        DType::Bool => (v != 0.0).into_pyobject(py)?.to_owned().into_any(),
        d if d.is_integral() => (v as i64).into_pyobject(py)?.into_any(),
        _ => v.into_pyobject(py)?.into_any(),
    })
}

pub fn warn_non_leaf_grad(py: Python<'_>) -> PyResult<()> {
    let msg = "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its \
               .grad attribute won't be populated during autograd.backward(). If you indeed want \
               the .grad field to be populated for a non-leaf Tensor, use .retain_grad() on the \
               non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure you \
               access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for \
               more information.";
    let category = py.get_type::<pyo3::exceptions::PyUserWarning>();
    let c = std::ffi::CString::new(msg).expect("no NUL in message");
    PyErr::warn(py, &category, &c, 1)
}

/// torch's warning when an `out=` tensor that held elements is resized.
pub fn warn_out_resized(py: Python<'_>, had: &[usize], needed: &[usize]) -> PyResult<()> {
    let msg = format!(
        "An output with one or more elements was resized since it had shape {}, which does not \
         match the required output shape {}. This behavior is deprecated, and in a future \
         PyTorch release outputs will not be resized unless they have zero elements. You can \
         explicitly reuse an out tensor t by resizing it, inplace, to zero elements with \
         t.resize_(0). (Triggered internally at \
         /__w/pytorch/pytorch/aten/src/ATen/native/Resize.cpp:30.)",
        crate::shape::list_str(had),
        crate::shape::list_str(needed)
    );
    let category = py.get_type::<pyo3::exceptions::PyUserWarning>();
    let c = std::ffi::CString::new(msg).expect("no NUL in message");
    PyErr::warn(py, &category, &c, 1)
}

/// torch's warning when a complex tensor is cast to a real dtype.
pub fn warn_complex_to_real(py: Python<'_>) -> PyResult<()> {
    let category = py.get_type::<pyo3::exceptions::PyUserWarning>();
    let c = std::ffi::CString::new("Casting complex values to real discards the imaginary part")
        .expect("no NUL in message");
    PyErr::warn(py, &category, &c, 1)
}

/// A type's name as torch's argument errors print it (the C-level type
/// name: `int`, `numpy.ndarray`, `Tensor`).
pub fn type_name(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    if obj.is_instance_of::<PyTensor>() {
        return Ok("Tensor".into());
    }
    Ok(obj.get_type().fully_qualified_name()?.to_string())
}

/// An int argument (`name`, at `position`, of `op`), with torch's TypeError
/// for anything that is not an int (floats are not truncated).
pub fn int_arg(obj: &Bound<'_, PyAny>, op: &str, name: &str, position: usize) -> PyResult<i64> {
    if obj.is_instance_of::<pyo3::types::PyFloat>() {
        return Err(not_an_int(obj, op, name, position));
    }
    obj.extract::<i64>()
        .map_err(|_| not_an_int(obj, op, name, position))
}

fn not_an_int(obj: &Bound<'_, PyAny>, op: &str, name: &str, position: usize) -> PyErr {
    match type_name(obj) {
        Ok(t) => pyo3::exceptions::PyTypeError::new_err(format!(
            "{op}(): argument '{name}' (position {position}) must be int, not {t}"
        )),
        Err(e) => e,
    }
}

/// A tensor argument of `func`, or torch's TypeError naming it (`position`
/// counts from 1; None for a keyword argument).
pub fn tensor_arg<'a, 'py>(
    obj: &'a Bound<'py, PyAny>,
    func: &str,
    name: &str,
    position: Option<usize>,
) -> PyResult<&'a Bound<'py, PyTensor>> {
    obj.cast::<PyTensor>().or_else(|_| {
        let at = position.map_or(String::new(), |p| format!(" (position {p})"));
        Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "{func}(): argument '{name}'{at} must be Tensor, not {}",
            type_name(obj)?
        )))
    })
}
