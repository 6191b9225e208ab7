//! grad_fn objects. Each torch node name gets its own Python subclass of
//! `Node` (so `type(z.grad_fn).__name__ == "AddBackward0"`).

use crate::autograd::arena::{with_arena, NodeId, NodeRef};
use crate::autograd::node::NodeKind;
use parking_lot::Mutex;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple, PyType, PyWeakrefReference};
use std::collections::HashMap;
use std::sync::OnceLock;

#[pyclass(
    name = "Node",
    module = "ferrograd.autograd.graph",
    subclass,
    frozen,
    weakref
)]
pub struct PyNode {
    node: OnceLock<NodeRef>,
}

static CLASSES: Mutex<Option<HashMap<&'static str, Py<PyType>>>> = Mutex::new(None);

fn class_for(py: Python<'_>, name: &'static str) -> PyResult<Py<PyType>> {
    if let Some(cls) = CLASSES.lock().as_ref().and_then(|m| m.get(name)) {
        return Ok(cls.clone_ref(py));
    }
    let base = py.get_type::<PyNode>();
    let bases = PyTuple::new(py, [base])?;
    let ns = PyDict::new(py);
    ns.set_item("__module__", "ferrograd.autograd.graph")?;
    ns.set_item("__qualname__", name)?;
    let cls = py
        .get_type::<PyType>()
        .call1((name, bases, ns))?
        .cast_into::<PyType>()?
        .unbind();
    CLASSES
        .lock()
        .get_or_insert_with(HashMap::new)
        .insert(name, cls.clone_ref(py));
    Ok(cls)
}

/// Each node's Python object while one is alive, so `y.grad_fn is y.grad_fn`
/// as in torch. Weak: the object lives only as long as Python holds it.
static OBJECTS: Mutex<Option<HashMap<NodeId, Py<PyWeakrefReference>>>> = Mutex::new(None);

/// The Python object for a node: the live one if there is one, else new.
pub fn node_object(py: Python<'_>, node: NodeRef) -> PyResult<Py<PyAny>> {
    let id = node.id();
    if let Some(weak) = OBJECTS.lock().as_ref().and_then(|m| m.get(&id)) {
        if let Some(obj) = weak.bind(py).upgrade() {
            return Ok(obj.unbind());
        }
    }
    let name = with_arena(|a| a.body(id).map(|b| b.name)).unwrap_or("Node");
    let obj = class_for(py, name)?.bind(py).call0()?;
    let _ = obj.cast::<PyNode>()?.get().node.set(node);
    let weak = PyWeakrefReference::new(&obj)?.unbind();
    let mut objects = OBJECTS.lock();
    let objects = objects.get_or_insert_with(HashMap::new);
    // entries of dead objects are dropped as the map grows, keeping it
    // bounded by the objects alive (ids are generational: never reused)
    if objects.len() >= 64 && objects.len().is_power_of_two() {
        objects.retain(|_, w| w.bind(py).upgrade().is_some());
    }
    objects.insert(id, weak);
    Ok(obj.unbind())
}

impl PyNode {
    fn node(&self) -> PyResult<&NodeRef> {
        self.node
            .get()
            .ok_or_else(|| pyo3::exceptions::PyRuntimeError::new_err("empty graph node"))
    }
}

#[pymethods]
impl PyNode {
    #[new]
    fn new() -> Self {
        PyNode {
            node: OnceLock::new(),
        }
    }

    /// torch's `name()`: its C++-defined nodes carry their namespace.
    fn name(&self) -> PyResult<&'static str> {
        let id = self.node()?.id();
        Ok(match with_arena(|a| a.body(id).map(|b| b.name)) {
            Some("AccumulateGrad") => "torch::autograd::AccumulateGrad",
            Some("CopySlices") => "torch::autograd::CopySlices",
            Some(name) => name,
            None => "Node",
        })
    }

    /// `((node or None, input_nr), ...)`, one pair per input of the op.
    #[getter]
    fn next_functions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let id = self.node()?.id();
        // weak ids under the lock; counted handles after it
        let weak = with_arena(|a| {
            a.body(id)
                .map(|b| {
                    b.edges
                        .iter()
                        .map(|e| e.as_ref().map(|e| (e.node.downgrade(), e.input_nr)))
                        .collect()
                })
                .unwrap_or_else(Vec::new)
        });
        let edges: Vec<Option<(NodeRef, u32)>> = weak
            .into_iter()
            .map(|e| e.and_then(|(w, nr)| w.upgrade().map(|n| (n, nr))))
            .collect();
        let mut items = Vec::with_capacity(edges.len());
        for e in edges {
            let pair = match e {
                Some((n, nr)) => (node_object(py, n)?, nr).into_pyobject(py)?.into_any(),
                None => (py.None(), 0u32).into_pyobject(py)?.into_any(),
            };
            items.push(pair);
        }
        PyTuple::new(py, items)
    }

    /// `register_hook(hook)`: `hook(grad_inputs, grad_outputs)` runs after
    /// this node's backward and may return replacement `grad_inputs`.
    fn register_hook(&self, hook: &Bound<'_, PyAny>) -> PyResult<super::hooks::PyRemovableHandle> {
        super::hooks::register_on_node(self.node()?, hook)
    }

    /// AccumulateGrad's leaf tensor.
    #[getter]
    fn variable(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let id = self.node()?.id();
        let leaf = with_arena(|a| match a.body(id).map(|b| &b.kind) {
            Some(NodeKind::AccumulateGrad(t)) => Some(t.clone()),
            _ => None,
        });
        match leaf {
            Some(t) => super::tensor::leaf_object(py, t),
            None => Err(pyo3::exceptions::PyAttributeError::new_err("'variable'")),
        }
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let name = slf.get_type().name()?;
        Ok(format!("<{} object at {:#x}>", name, slf.as_ptr() as usize))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        match (other.cast::<PyNode>(), self.node.get()) {
            (Ok(o), Some(n)) => o.get().node.get().map(|m| m.id()) == Some(n.id()),
            _ => false,
        }
    }

    fn __hash__(&self) -> u64 {
        self.node
            .get()
            .map(|n| ((n.id().index as u64) << 32) | n.id().generation as u64)
            .unwrap_or(0)
    }
}
