//! Conversions between Python values and core types, and the one mapping
//! from core errors to the exceptions torch raises.

use crate::dtype::{DType, Scalar};
use crate::error::Error;
use crate::tensor::{f16, Complex32, Complex64, Element};
use crate::tensor::{Buffer, ExternalBuffer, Tensor};
use numpy::ndarray::{ArrayViewD, IxDyn, ShapeBuilder};
use numpy::{PyArrayDyn, PyArrayMethods, PyUntypedArrayMethods};
use pyo3::exceptions::{
    PyIndexError, PyNotImplementedError, PyRuntimeError, PyTypeError, PyValueError,
};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyComplex, PyFloat, PyInt, PyList, PySequence, PyTuple};

use super::tensor::PyTensor;

pub fn to_py_err(e: Error) -> PyErr {
    match e {
        Error::Runtime(m) => PyRuntimeError::new_err(m),
        Error::Index(m) => PyIndexError::new_err(m),
        Error::Type(m) => PyTypeError::new_err(m),
        Error::Value(m) => PyValueError::new_err(m),
        Error::NotImplemented(m) => PyNotImplementedError::new_err(m),
        Error::Foreign(f) => {
            f.0.downcast_ref::<parking_lot::Mutex<Option<PyErr>>>()
                .and_then(|slot| slot.lock().take())
                .unwrap_or_else(|| PyRuntimeError::new_err("an error raised by a hook"))
        }
    }
}

/// A Python exception as a core error, to travel back out through the core.
pub fn foreign(e: PyErr) -> Error {
    Error::Foreign(crate::error::Foreign(std::sync::Arc::new(
        parking_lot::Mutex::new(Some(e)),
    )))
}

pub trait IntoPy<T> {
    fn py(self) -> PyResult<T>;
}

impl<T> IntoPy<T> for crate::error::Result<T> {
    /// Also raises the error of an op that saved an inference tensor.
    fn py(self) -> PyResult<T> {
        let saved = crate::autograd::node::take_save_error();
        self.and_then(|v| saved.map(|_| v)).map_err(to_py_err)
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
    if let Some(s) = scalar_of(v) {
        return Some(Operand::Scalar(s));
    }
    // a complex number meets tensors as a 0-d complex64 tensor
    let c = v.cast::<PyComplex>().ok()?;
    let value = Complex32::new(c.real() as f32, c.imag() as f32);
    Some(Operand::Tensor(Tensor::scalar(value)))
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
    try_copy!(i32);
    try_copy!(u8);
    try_copy!(f16);
    try_copy!(Complex32);
    try_copy!(Complex64);
    Err(PyTypeError::new_err("unsupported numpy array type"))
}

/// `torch.from_numpy(arr)`: a tensor over the array's own memory.
pub fn tensor_sharing_numpy(arr: &Bound<'_, PyAny>) -> PyResult<Tensor> {
    macro_rules! share {
        ($t:ty, $dtype:expr) => {
            if let Ok(a) = arr.cast::<PyArrayDyn<$t>>() {
                let item = std::mem::size_of::<$t>() as isize;
                let shape: Vec<usize> = a.shape().to_vec();
                let strides: Vec<isize> = a.strides().iter().map(|&s| s / item).collect();
                if strides.iter().any(|&s| s < 0) {
                    return Err(PyValueError::new_err(
                        "At least one stride in the given numpy array is negative, and tensors \
                         with negative strides are not currently supported. (You can probably \
                         work around this by making a copy of your array  with array.copy().) ",
                    ));
                }
                let len = if shape.contains(&0) {
                    0
                } else {
                    1 + shape.iter().zip(&strides).map(|(&d, &s)| (d - 1) * s as usize).sum::<usize>()
                };
                let owner: Box<dyn std::any::Any + Send + Sync> = Box::new(arr.clone().unbind());
                // SAFETY: the array's data holds `len` elements reachable through
                // its layout, and `owner` keeps the array (and its memory) alive.
                let buffer = unsafe { ExternalBuffer::new(a.data() as *mut u8, len, $dtype, owner) };
                return Ok(Tensor::from_buffer_strided(Buffer::External(buffer), &shape, &strides, 0));
            }
        };
    }
    share!(f32, DType::F32);
    share!(f64, DType::F64);
    share!(i64, DType::I64);
    share!(bool, DType::Bool);
    share!(i32, DType::I32);
    share!(u8, DType::U8);
    share!(f16, DType::F16);
    share!(Complex32, DType::C64);
    share!(Complex64, DType::C128);
    let dtype = arr
        .getattr("dtype")
        .map(|d| d.to_string())
        .unwrap_or_default();
    Err(PyTypeError::new_err(format!(
        "can't convert np.ndarray of type numpy.{dtype}. The only supported types are: float64, \
         float32, float16, complex64, complex128, int64, int32, uint8, and bool."
    )))
}

/// A numpy array over the tensor's own storage (`owner` keeps it alive).
/// numpy has no bfloat16, so those tensors raise torch's TypeError.
pub fn numpy_view<'py>(t: &Tensor, owner: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let shape = IxDyn(t.shape());
    let strides = IxDyn(&t.strides().iter().map(|&s| s as usize).collect::<Vec<_>>());
    macro_rules! view {
        ($t:ty) => {{
            let buf = t.storage().data.read();
            // the array keeps this pointer: the buffer may never move again
            t.storage()
                .pinned
                .store(true, std::sync::atomic::Ordering::Release);
            let base = buf.as_ptr() as *const $t;
            // SAFETY: the storage is pinned (never reallocates), the layout
            // lies inside it, and `owner` holds the tensor (and so the
            // storage) for as long as the numpy array lives.
            unsafe {
                let v = ArrayViewD::from_shape_ptr(shape.strides(strides), base.add(t.offset()));
                PyArrayDyn::<$t>::borrow_from_array(&v, owner).into_any()
            }
        }};
    }
    Ok(match t.dtype() {
        DType::F32 => view!(f32),
        DType::F64 => view!(f64),
        DType::I64 => view!(i64),
        DType::Bool => view!(bool),
        DType::I32 => view!(i32),
        DType::U8 => view!(u8),
        DType::F16 => view!(f16),
        DType::C64 => view!(Complex32),
        DType::C128 => view!(Complex64),
        DType::BF16 => return Err(PyTypeError::new_err("Got unsupported ScalarType BFloat16")),
    })
}

pub fn dims_of(v: &Bound<'_, PyAny>) -> PyResult<Vec<i64>> {
    if let Ok(i) = v.extract::<i64>() {
        return Ok(vec![i]);
    }
    v.extract::<Vec<i64>>()
}

/// One element of `torch.tensor(data)`.
#[derive(Clone, Copy, Debug)]
enum Value {
    Real(Scalar),
    Complex(f64, f64),
}

impl Value {
    fn default_dtype(self) -> DType {
        match self {
            Value::Real(s) => s.default_dtype(),
            Value::Complex(..) => DType::C64,
        }
    }

    fn to<T: Element>(self) -> T {
        match self {
            Value::Real(Scalar::Bool(b)) => T::from_i64(b as i64),
            Value::Real(Scalar::Int(i)) => T::from_i64(i),
            Value::Real(Scalar::Float(f)) => T::from_f64(f),
            Value::Complex(re, im) => T::from_complex(re, im),
        }
    }
}

/// torch's check on numbers written into integer tensors: out of range
/// (or NaN) is an error; negative ints may wrap into uint8.
fn check_fits(v: Value, dtype: DType) -> PyResult<()> {
    let (lo, hi) = match dtype {
        DType::U8 => (0.0, 255.0),
        DType::I32 => (i32::MIN as f64, i32::MAX as f64),
        _ => return Ok(()),
    };
    let fits = match v {
        Value::Real(Scalar::Int(i)) if dtype == DType::U8 => (-255..=255).contains(&i),
        Value::Real(Scalar::Int(i)) => (lo as i64..=hi as i64).contains(&i),
        Value::Real(Scalar::Float(f)) => (lo..=hi).contains(&f),
        Value::Real(Scalar::Bool(_)) => true,
        Value::Complex(..) => {
            return Err(PyTypeError::new_err(
                "'complex' object cannot be interpreted as an integer",
            ))
        }
    };
    if fits {
        Ok(())
    } else {
        Err(PyRuntimeError::new_err(format!(
            "value cannot be converted to type {} without overflow",
            dtype.name()
        )))
    }
}

/// `torch.tensor(nested lists)`: the shape comes from the first element at
/// each depth; every other element must agree (torch's ragged message).
pub fn tensor_from_data(data: &Bound<'_, PyAny>, dtype: Option<DType>) -> PyResult<Tensor> {
    let mut shape = Vec::new();
    let mut probe = data.clone();
    while is_sequence(&probe) {
        let seq = probe.cast::<PySequence>()?.clone();
        let n = seq.len()?;
        shape.push(n);
        if n == 0 {
            break;
        }
        probe = seq.get_item(0)?;
    }
    let mut values = Vec::with_capacity(crate::shape::numel(&shape));
    fill(data, 0, &shape, &mut values)?;
    let inferred = values
        .iter()
        .map(|v| v.default_dtype())
        .max()
        .unwrap_or(crate::dtype::default_float());
    let dtype = dtype.unwrap_or(if shape.contains(&0) {
        crate::dtype::default_float()
    } else {
        inferred
    });
    for &v in &values {
        check_fits(v, dtype)?;
        if matches!(v, Value::Complex(..)) && !dtype.is_complex() && !dtype.is_integral() {
            return Err(PyTypeError::new_err("must be real number, not complex"));
        }
    }
    Ok(crate::dispatch!(dtype, T => Tensor::from_vec(
        values.iter().map(|v| v.to::<T>()).collect::<Vec<T>>(),
        &shape
    )))
}

fn is_sequence(v: &Bound<'_, PyAny>) -> bool {
    v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>()
}

fn fill(v: &Bound<'_, PyAny>, dim: usize, shape: &[usize], out: &mut Vec<Value>) -> PyResult<()> {
    if dim == shape.len() {
        if is_sequence(v) {
            let n = v.len()?;
            return Err(PyValueError::new_err(format!(
                "expected sequence of length {} at dim {dim} (got {n})",
                shape.get(dim).copied().unwrap_or(0)
            )));
        }
        out.push(element_of(v)?);
        return Ok(());
    }
    if !is_sequence(v) {
        return Err(PyValueError::new_err(format!(
            "expected sequence of length {} at dim {dim} (got 0)",
            shape[dim]
        )));
    }
    let seq = v.cast::<PySequence>()?;
    let n = seq.len()?;
    if n != shape[dim] {
        return Err(PyValueError::new_err(format!(
            "expected sequence of length {} at dim {dim} (got {n})",
            shape[dim]
        )));
    }
    for i in 0..n {
        fill(&seq.get_item(i)?, dim + 1, shape, out)?;
    }
    Ok(())
}

fn element_of(v: &Bound<'_, PyAny>) -> PyResult<Value> {
    if let Some(s) = scalar_of(v) {
        return Ok(Value::Real(s));
    }
    if let Ok(c) = v.cast::<PyComplex>() {
        return Ok(Value::Complex(c.real(), c.imag()));
    }
    if let Ok(t) = v.cast::<PyTensor>() {
        let t = &t.get().inner;
        if t.dtype().is_complex() && t.numel() == 1 {
            let (re, im) = crate::compute::complex_values(t)[0];
            return Ok(Value::Complex(re, im));
        }
        let x = t.item_f64().map_err(to_py_err)?;
        return Ok(Value::Real(match t.dtype() {
            DType::Bool => Scalar::Bool(x != 0.0),
            d if d.is_integral() => Scalar::Int(t.cast(DType::I64).to_vec::<i64>()[0]),
            _ => Scalar::Float(x),
        }));
    }
    // numpy scalars and other number-likes
    if v.hasattr("__index__")? {
        if let Ok(i) = v.extract::<i64>() {
            return Ok(Value::Real(Scalar::Int(i)));
        }
    }
    // numpy's complex scalars
    if v.get_type().name()?.to_string().starts_with("complex") {
        if let Ok(c) = v.call_method0("__complex__")?.cast::<PyComplex>() {
            return Ok(Value::Complex(c.real(), c.imag()));
        }
    }
    if let Ok(f) = v.extract::<f64>() {
        return Ok(Value::Real(Scalar::Float(f)));
    }
    Err(PyTypeError::new_err(format!(
        "new(): invalid data type '{}'",
        v.get_type().name()?
    )))
}
