//! Recording ops into the graph and running it backwards.

pub mod arena;
pub mod engine;
pub mod grad_mode;
pub mod hooks;
pub mod node;

use arena::NodeRef;
use node::{Backward, Edge, InputMeta, NodeBody, NodeKind};
use smallvec::SmallVec;

use crate::shape::Shape;
use crate::tensor::Tensor;

/// Whether an op on these inputs must record a node. Checked before any
/// saved tensors are made, so inference builds nothing.
#[inline]
pub fn needs_graph<T: std::borrow::Borrow<Tensor>>(inputs: &[T]) -> bool {
    grad_mode::is_grad_enabled() && inputs.iter().any(|t| t.borrow().requires_grad())
}

/// The edge a gradient for `t` follows: its grad_fn, or its leaf
/// accumulator, or nothing when it does not require grad.
pub fn edge_of(t: &Tensor) -> Option<Edge> {
    let mut meta = t.meta();
    if let Some(node) = &meta.grad_fn {
        return Some(Edge {
            node: node.clone(),
            input_nr: meta.output_nr,
        });
    }
    if !meta.requires_grad {
        return None;
    }
    if let Some(node) = meta.accumulator.and_then(|w| w.upgrade()) {
        return Some(Edge { node, input_nr: 0 });
    }
    let node = NodeRef::new(NodeBody {
        name: "AccumulateGrad",
        seq: 0,
        kind: NodeKind::AccumulateGrad(t.clone()),
        edges: SmallVec::new(),
        inputs: smallvec::smallvec![InputMeta {
            shape: t.shape().into(),
            dtype: t.dtype()
        }],
        num_outputs: 1,
        retained: Vec::new(),
        hooks: Vec::new(),
        post_hooks: Vec::new(),
    });
    meta.accumulator = Some(node.downgrade());
    Some(Edge { node, input_nr: 0 })
}

/// The one place nodes are recorded: links `outputs` to a new node named
/// `name` whose backward is `backward`, with an edge per input.
pub fn record(
    name: &'static str,
    inputs: &[&Tensor],
    outputs: &[&Tensor],
    backward: Box<dyn Backward>,
) {
    let inputs: SmallVec<[Option<&Tensor>; 4]> = inputs.iter().map(|t| Some(*t)).collect();
    record_optional(name, &inputs, outputs, backward)
}

/// `record` where some inputs are absent (a Python number operand, an
/// omitted weight): torch lists them as `(None, 0)` in `next_functions`.
pub fn record_optional(
    name: &'static str,
    inputs: &[Option<&Tensor>],
    outputs: &[&Tensor],
    backward: Box<dyn Backward>,
) {
    // filled by push: cheaper than collecting iterators into SmallVecs
    let mut edges = SmallVec::new();
    let mut metas = SmallVec::new();
    for t in inputs {
        edges.push(t.and_then(edge_of));
        metas.push(match t {
            Some(t) => InputMeta {
                shape: Shape::from_slice(t.shape()),
                dtype: t.dtype(),
            },
            None => InputMeta {
                shape: Shape::new(),
                dtype: crate::dtype::DType::F32,
            },
        });
    }
    let body = NodeBody {
        name,
        seq: 0,
        kind: NodeKind::Function(Some(backward)),
        edges,
        inputs: metas,
        num_outputs: outputs.len() as u32,
        retained: Vec::new(),
        hooks: Vec::new(),
        post_hooks: Vec::new(),
    };
    let node = NodeRef::new(body);
    let last = outputs.len().saturating_sub(1);
    let mut node = Some(node);
    for (i, out) in outputs.iter().enumerate() {
        if out.dtype().is_floating() {
            // the last output takes the handle itself (each clone or drop locks the arena)
            let handle = if i == last {
                node.take().expect("taken only at the last output")
            } else {
                node.as_ref()
                    .expect("present until the last output")
                    .clone()
            };
            out.set_history(handle, i as u32);
        }
    }
}

/// `retain_grad()` on a non-leaf: its node hands it the gradient it receives.
pub fn retain_grad(t: &Tensor) {
    let (node, nr) = {
        let mut m = t.meta();
        if m.retains_grad {
            return;
        }
        let Some(node) = m.grad_fn.as_ref().map(|n| n.id()) else {
            return; // leaves keep their grad anyway
        };
        m.retains_grad = true;
        (node, m.output_nr)
    };
    let weak = std::sync::Arc::downgrade(&t.0);
    arena::with_arena(|a| {
        if let Some(body) = a.body_mut(node) {
            body.retained.push((nr, weak));
        }
    });
}
