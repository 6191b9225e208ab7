//! `ferrograd.float32` and friends: dtype objects that print like torch's.

use crate::dtype::DType;
use pyo3::prelude::*;

#[pyclass(name = "dtype", module = "ferrograd", frozen, eq, hash, from_py_object)]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PyDType(pub DType);

#[pymethods]
impl PyDType {
    fn __repr__(&self) -> String {
        format!("torch.{}", self.0.name())
    }

    #[getter]
    fn is_floating_point(&self) -> bool {
        self.0.is_floating()
    }

    #[getter]
    fn is_complex(&self) -> bool {
        self.0.is_complex()
    }

    #[getter]
    fn is_signed(&self) -> bool {
        !matches!(self.0, DType::Bool | DType::U8)
    }

    #[getter]
    fn itemsize(&self) -> usize {
        self.0.item_size()
    }

    #[getter]
    fn _name(&self) -> &'static str {
        self.0.name()
    }
}
