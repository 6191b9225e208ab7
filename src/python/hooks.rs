//! `Tensor.register_hook`: a Python callable as a core gradient hook, and
//! the handle that removes it.

use super::convert::{foreign, IntoPy};
use super::py_helpers;
use super::tensor::PyTensor;
use crate::autograd::arena::NodeRef;
use crate::autograd::hooks;
use crate::autograd::node::Grads;
use crate::error::{Error, Result};
use crate::shape::scalar_type_name;
use crate::tensor::Tensor;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyTuple;
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

fn grads_tuple<'py>(py: Python<'py>, grads: &[Option<Tensor>]) -> PyResult<Bound<'py, PyTuple>> {
    let items: Vec<Py<PyAny>> = grads
        .iter()
        .map(|g| match g {
            Some(g) => Ok(Py::new(py, PyTensor::new(g.clone()))?.into_any()),
            None => Ok(py.None()),
        })
        .collect::<PyResult<_>>()?;
    PyTuple::new(py, items)
}

/// Registers Python callable `hook` on `node`: called with the tuples of
/// the gradients the node computed and was given; may return a tuple
/// replacing the former, or None.
pub fn register_on_node(node: &NodeRef, hook: &Bound<'_, PyAny>) -> PyResult<PyRemovableHandle> {
    let name = match hook.getattr("__name__").and_then(|n| n.extract::<String>()) {
        Ok(n) => n,
        Err(_) => py_helpers::type_name(hook)?,
    };
    let hook = hook.clone().unbind();
    let run =
        move |computed: &[Option<Tensor>], given: &[Option<Tensor>]| -> Result<Option<Grads>> {
            Python::attach(|py| {
                let args = (
                    grads_tuple(py, computed).map_err(foreign)?,
                    grads_tuple(py, given).map_err(foreign)?,
                );
                let out = hook.call1(py, args).map_err(foreign)?;
                let out = out.bind(py);
                if out.is_none() {
                    return Ok(None);
                }
                let Ok(items) = out.cast::<PyTuple>() else {
                    return Err(foreign(PyTypeError::new_err(format!(
                        "expected tuple, but hook returned '{}'",
                        py_helpers::type_name(out).map_err(foreign)?
                    ))));
                };
                if items.len() != computed.len() {
                    return Err(Error::runtime(format!(
                        "hook '{name}' has returned an incorrect number of values (got {}, but \
                     expected {})",
                        items.len(),
                        computed.len()
                    )));
                }
                let mut grads = Grads::new();
                for item in items.iter() {
                    if item.is_none() {
                        grads.push(None);
                    } else if let Ok(t) = item.cast::<PyTensor>() {
                        grads.push(Some(t.get().inner.clone()));
                    } else {
                        return Err(foreign(PyTypeError::new_err(format!(
                            "expected Variable or None (got {})",
                            py_helpers::type_name(&item).map_err(foreign)?
                        ))));
                    }
                }
                Ok(Some(grads))
            })
        };
    let removed = hooks::register_on_node(node, Arc::new(run));
    Ok(PyRemovableHandle {
        removed,
        id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
    })
}
