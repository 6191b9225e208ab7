//! `torch.autograd.Function`: graph nodes whose backward is Python code.
//! The Python layer (`ferrograd/autograd/function.py`) runs `forward`,
//! then records a node here holding a handler object; the engine calls the
//! handler's `backward(grads, needs)` and, when the graph is freed, its
//! `release()` (which drops the saved tensors).

use super::convert::{foreign, IntoPy};
use super::tensor::PyTensor;
use crate::autograd::node::{Backward, Grads, Saved};
use crate::error::{Error, Result};
use crate::tensor::Tensor;
use parking_lot::Mutex;
use pyo3::prelude::*;
use std::collections::HashSet;

struct PythonBackward {
    handler: Py<PyAny>,
}

impl Backward for PythonBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        Python::attach(|py| {
            let grads: Vec<Option<PyTensor>> =
                grads.iter().map(|g| g.clone().map(PyTensor::new)).collect();
            let returned = self
                .handler
                .call_method1(py, "backward", (grads, needs.to_vec()))
                .map_err(foreign)?;
            let mut out = Grads::new();
            for item in returned.bind(py).try_iter().map_err(foreign)? {
                let item = item.map_err(foreign)?;
                out.push(if item.is_none() {
                    None
                } else {
                    let t = item.cast::<PyTensor>().map_err(|e| foreign(e.into()))?;
                    Some(t.get().inner.clone())
                });
            }
            if out.len() != needs.len() {
                return Err(Error::runtime(
                    "a Function's backward handler returned too few gradients",
                ));
            }
            Ok(out)
        })
    }

    fn release(&mut self) {
        Python::attach(|py| {
            // an error here has no caller to reach; the handler only drops references
            let _ = self.handler.call_method0(py, "release");
        });
    }
}

/// Node names live as long as the graph code that prints them; each
/// distinct name is kept once.
fn interned(name: &str) -> &'static str {
    static NAMES: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);
    let mut names = NAMES.lock();
    let names = names.get_or_insert_with(HashSet::new);
    if let Some(&known) = names.get(name) {
        return known;
    }
    let leaked: &'static str = Box::leak(name.to_owned().into_boxed_str());
    names.insert(leaked);
    leaked
}

/// `_core._record_function(name, inputs, outputs, handler)`: records a node
/// named `name` from the tensor `inputs` to `outputs`, run by `handler`.
#[pyfunction]
pub fn _record_function(
    name: &str,
    inputs: Vec<Bound<'_, PyTensor>>,
    outputs: Vec<Bound<'_, PyTensor>>,
    handler: Py<PyAny>,
) {
    let inputs: Vec<&Tensor> = inputs.iter().map(|t| &t.get().inner).collect();
    let outputs: Vec<&Tensor> = outputs.iter().map(|t| &t.get().inner).collect();
    crate::autograd::record(
        interned(name),
        &inputs,
        &outputs,
        Box::new(PythonBackward { handler }),
    );
}

/// What `ctx.save_for_backward` keeps: each tensor with its version, so
/// `ctx.saved_tensors` refuses one changed in place since, and freed with
/// the graph. A saved output is kept without its history (no cycle through
/// the node) and gets it back while a graph is recorded.
#[pyclass(name = "SavedTensors", module = "ferrograd.autograd.function", frozen)]
pub struct PySavedTensors {
    saved: Mutex<Vec<Option<Saved>>>,
}

#[pymethods]
impl PySavedTensors {
    #[new]
    fn new(tensors: Vec<Option<Bound<'_, PyTensor>>>, outputs: Vec<bool>, node_name: &str) -> Self {
        let name = interned(node_name);
        let saved = tensors
            .iter()
            .zip(outputs.iter().chain(std::iter::repeat(&false)))
            .map(|(t, &is_output)| {
                t.as_ref().map(|t| {
                    let t = &t.get().inner;
                    if is_output {
                        Saved::output(t, name)
                    } else {
                        Saved::input(t)
                    }
                })
            })
            .collect();
        PySavedTensors {
            saved: Mutex::new(saved),
        }
    }

    /// The saved tensors, checked against in-place changes.
    fn unpack(&self) -> PyResult<Vec<Option<PyTensor>>> {
        let saved = self.saved.lock();
        saved
            .iter()
            .map(|s| s.as_ref().map(|s| s.value().map(PyTensor::new)).transpose())
            .collect::<Result<_>>()
            .py()
    }

    fn release(&self) {
        for s in self.saved.lock().iter_mut().flatten() {
            s.release();
        }
    }
}
