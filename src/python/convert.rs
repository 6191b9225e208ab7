//! Conversions between Python values and core types, and the one mapping
//! from core errors to the exceptions torch raises.

use crate::dtype::{DType, Scalar};
use crate::error::Error;
use crate::tensor::Tensor;
use numpy::ndarray::{ArrayViewD, IxDyn, ShapeBuilder};
use numpy::{PyArrayDyn, PyArrayMethods};
use pyo3::exceptions::{PyIndexError, PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt};

use super::tensor::PyTensor;

pub fn to_py_err(e: Error) -> PyErr {
    match e {
        Error::Runtime(m) => PyRuntimeError::new_err(m),
        Error::Index(m) => PyIndexError::new_err(m),
        Error::Type(m) => PyTypeError::new_err(m),
        Error::Value(m) => PyValueError::new_err(m),
    }
}

pub trait IntoPy<T> {
    fn py(self) -> PyResult<T>;
}

impl<T> IntoPy<T> for crate::error::Result<T> {
    fn py(self) -> PyResult<T> {
        self.map_err(to_py_err)
    }
}

/// A Python bool/int/float as a scalar operand (bool first: it is an int).
pub fn scalar_of(v: &Bound<'_, PyAny>) -> Option<Scalar> {
    if v.is_instance_of::<PyBool>() {
        return v.extract::<bool>().ok().map(Scalar::Bool);
    }
    if v.is_instance_of::<PyInt>() {
        return v.extract::<i64>().ok().map(Scalar::Int);
    }
    if v.is_instance_of::<PyFloat>() {
        return v.extract::<f64>().ok().map(Scalar::Float);
    }
    None
}

/// An operand of a binary op: another tensor or a Python number.
pub enum Operand {
    Tensor(Tensor),
    Scalar(Scalar),
}

pub fn operand_of(v: &Bound<'_, PyAny>) -> Option<Operand> {
    if let Ok(t) = v.cast::<PyTensor>() {
        return Some(Operand::Tensor(t.get().inner.clone()));
    }
    scalar_of(v).map(Operand::Scalar)
}

/// A tensor built from a numpy array (copied), in `dtype`.
pub fn tensor_from_numpy(arr: &Bound<'_, PyAny>) -> PyResult<Tensor> {
    macro_rules! try_copy {
        ($t:ty) => {
            if let Ok(a) = arr.cast::<PyArrayDyn<$t>>() {
                let ro = a.readonly();
                let view = ro.as_array();
                let shape = view.shape().to_vec();
                let data: Vec<$t> = view.iter().copied().collect();
                return Ok(Tensor::from_vec(data, &shape));
            }
        };
    }
    try_copy!(f32);
    try_copy!(f64);
    try_copy!(i64);
    try_copy!(bool);
    Err(PyTypeError::new_err("unsupported numpy array type"))
}

/// A numpy array over the tensor's own storage (`owner` keeps it alive).
pub fn numpy_view<'py>(t: &Tensor, owner: Bound<'py, PyAny>) -> Bound<'py, PyAny> {
    let shape = IxDyn(t.shape());
    let strides = IxDyn(&t.strides().iter().map(|&s| s as usize).collect::<Vec<_>>());
    macro_rules! view {
        ($t:ty) => {{
            let buf = t.storage().data.read();
            let base = buf.as_ptr() as *const $t;
            // SAFETY: the storage never reallocates, the layout lies inside
            // it, and `owner` holds the tensor (and so the storage) for as
            // long as the numpy array lives.
            unsafe {
                let v = ArrayViewD::from_shape_ptr(shape.strides(strides), base.add(t.offset()));
                PyArrayDyn::<$t>::borrow_from_array(&v, owner).into_any()
            }
        }};
    }
    match t.dtype() {
        DType::F32 => view!(f32),
        DType::F64 => view!(f64),
        DType::I64 => view!(i64),
        DType::Bool => view!(bool),
    }
}

pub fn dims_of(v: &Bound<'_, PyAny>) -> PyResult<Vec<i64>> {
    if let Ok(i) = v.extract::<i64>() {
        return Ok(vec![i]);
    }
    v.extract::<Vec<i64>>()
}
