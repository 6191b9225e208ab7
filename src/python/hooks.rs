//! `Tensor.register_hook`: a Python callable as a core gradient hook, and
//! the handle that removes it.

use super::convert::{foreign, IntoPy};
use super::py_helpers;
use super::tensor::PyTensor;
use crate::autograd::hooks;
use crate::error::{Error, Result};
use crate::shape::scalar_type_name;
use crate::tensor::Tensor;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

/// What `register_hook` returns; `remove()` (or leaving a `with` block)
/// takes the hook off.
#[pyclass(name = "RemovableHandle", module = "ferrograd.utils.hooks", frozen)]
pub struct PyRemovableHandle {
    removed: Arc<AtomicBool>,
    /// Handles are numbered from 0 in creation order, as torch's are.
    #[pyo3(get)]
    id: u64,
}

static NEXT_ID: AtomicU64 = AtomicU64::new(0);

#[pymethods]
impl PyRemovableHandle {
    fn remove(&self) {
        self.removed.store(true, Ordering::Release);
    }

    fn __enter__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf
    }

    fn __exit__(
        &self,
        _ty: &Bound<'_, PyAny>,
        _value: &Bound<'_, PyAny>,
        _traceback: &Bound<'_, PyAny>,
    ) {
        self.remove();
    }
}

/// Registers Python callable `hook` on `t` (called with the gradient; may
/// return a replacement of the same shape and dtype, or None).
pub fn register(t: &Tensor, hook: &Bound<'_, PyAny>) -> PyResult<PyRemovableHandle> {
    // torch names the hook in its errors; a callable without a name is
    // named by its type
    let name = match hook.getattr("__name__").and_then(|n| n.extract::<String>()) {
        Ok(n) => n,
        Err(_) => py_helpers::type_name(hook)?,
    };
    let hook = hook.clone().unbind();
    let run = move |g: &Tensor| -> Result<Option<Tensor>> {
        Python::attach(|py| {
            let out = hook
                .call1(py, (PyTensor::new(g.clone()),))
                .map_err(foreign)?;
            let out = out.bind(py);
            if out.is_none() {
                return Ok(None);
            }
            let Ok(t) = out.cast::<PyTensor>() else {
                return Err(foreign(PyTypeError::new_err(format!(
                    "expected Variable, but hook returned '{}'",
                    py_helpers::type_name(out).map_err(foreign)?
                ))));
            };
            let t = t.get().inner.clone();
            if t.shape() != g.shape() {
                return Err(Error::runtime(format!(
                    "hook '{name}' has changed the size of value"
                )));
            }
            if t.dtype() != g.dtype() {
                return Err(Error::runtime(format!(
                    "hook '{name}' has changed the type of value (was torch.{}Tensor got \
                     torch.{}Tensor)",
                    scalar_type_name(g.dtype()),
                    scalar_type_name(t.dtype())
                )));
            }
            Ok(Some(t))
        })
    };
    let removed = hooks::register(t, Arc::new(run)).py()?;
    Ok(PyRemovableHandle {
        removed,
        id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
    })
}
