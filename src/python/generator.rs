//! `torch.Generator`: a handle on either its own engine or the process-wide
//! default one, so `torch.default_generator` and `torch.manual_seed` share state.

use std::ops::{Deref, DerefMut};

use parking_lot::{Mutex, MutexGuard};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

use super::convert;
use super::tensor::PyTensor;
use crate::dtype::DType;
use crate::error::Error;
use crate::random::{self, Generator};
use crate::tensor::Tensor;

#[pyclass(name = "Generator", module = "ferrograd._core", frozen)]
pub struct PyGenerator {
    /// `None`: the default generator.
    own: Option<Mutex<Generator>>,
}

/// A locked generator, whichever one a `PyGenerator` stands for.
pub enum GeneratorGuard<'a> {
    Default(MutexGuard<'static, Generator>),
    Own(MutexGuard<'a, Generator>),
}

impl Deref for GeneratorGuard<'_> {
    type Target = Generator;
    fn deref(&self) -> &Generator {
        match self {
            Self::Default(g) => g,
            Self::Own(g) => g,
        }
    }
}

impl DerefMut for GeneratorGuard<'_> {
    fn deref_mut(&mut self) -> &mut Generator {
        match self {
            Self::Default(g) => g,
            Self::Own(g) => g,
        }
    }
}

/// The generator a random function draws from: the one passed as
/// `generator=`, or the default one.
pub fn lock(generator: Option<&PyGenerator>) -> GeneratorGuard<'_> {
    match generator.and_then(|g| g.own.as_ref()) {
        Some(m) => GeneratorGuard::Own(m.lock()),
        None => GeneratorGuard::Default(random::default_generator()),
    }
}

#[pymethods]
impl PyGenerator {
    #[new]
    fn new() -> Self {
        Self {
            own: Some(Mutex::new(Generator::default())),
        }
    }

    /// A handle on the default generator.
    #[staticmethod]
    fn default_generator() -> Self {
        Self { own: None }
    }

    fn manual_seed(&self, seed: u64) {
        lock(Some(self)).manual_seed(seed);
    }

    fn seed(&self) -> u64 {
        lock(Some(self)).seed()
    }

    fn initial_seed(&self) -> u64 {
        lock(Some(self)).initial_seed()
    }

    fn get_state(&self) -> PyTensor {
        let bytes = lock(Some(self)).get_state();
        let n = bytes.len();
        PyTensor::new(Tensor::from_vec(bytes, &[n]))
    }

    fn set_state(&self, state: &Bound<'_, PyAny>) -> PyResult<()> {
        let Ok(t) = state.cast::<PyTensor>() else {
            let name = state.get_type().name()?;
            return Err(PyTypeError::new_err(format!(
                "expected a torch.ByteTensor, but got {name}"
            )));
        };
        let t = &t.get().inner;
        if t.dtype() != DType::U8 {
            return Err(PyTypeError::new_err("RNG state must be a torch.ByteTensor"));
        }
        if !t.is_contiguous() {
            return Err(convert::to_py_err(Error::runtime(
                "RNG state must be contiguous",
            )));
        }
        let bytes = t.to_vec::<u8>();
        lock(Some(self))
            .set_state(&bytes)
            .map_err(|m| convert::to_py_err(Error::runtime(m)))
    }
}
