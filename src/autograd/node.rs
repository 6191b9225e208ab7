//! What a graph node holds: its torch name, the backward of the op that made
//! it, edges to its inputs' nodes, and the tensors its backward needs.

use super::arena::{NodeId, NodeRef};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::shape::Shape;
use crate::tensor::Tensor;
use smallvec::SmallVec;
use std::sync::Weak;

/// Where a gradient goes: input `input_nr` of `node`.
#[derive(Clone, Debug)]
pub struct Edge {
    pub node: NodeRef,
    pub input_nr: u32,
}

/// Shape and dtype of a forward input, so the engine can reduce a broadcast
/// gradient and cast it back in one place.
#[derive(Clone, Debug)]
pub struct InputMeta {
    pub shape: Shape,
    pub dtype: DType,
}

pub type Grads = SmallVec<[Option<Tensor>; 2]>;

/// The backward half of an op. `apply` receives one gradient per output of
/// the forward and returns one (optional) gradient per input. Formulas are
/// written in tensor ops, so under `create_graph` they record a graph too.
pub trait Backward: Send {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads>;
    /// Drop saved tensors (backward without `retain_graph`).
    fn release(&mut self) {}
}

pub enum NodeKind {
    /// Accumulates into a leaf's `.grad`.
    AccumulateGrad(Tensor),
    Function(Option<Box<dyn Backward>>),
}

pub struct NodeBody {
    pub name: &'static str,
    pub seq: u64,
    pub kind: NodeKind,
    pub edges: SmallVec<[Option<Edge>; 2]>,
    pub inputs: SmallVec<[InputMeta; 2]>,
    pub num_outputs: u32,
    /// Non-leaf tensors that asked for `retain_grad()`, by output index.
    pub retained: Vec<(u32, Weak<crate::tensor::TensorImpl>)>,
    /// `register_hook` on an output of this node, by output index.
    pub hooks: Vec<(u32, super::hooks::GradHook)>,
    /// `grad_fn.register_hook`: run on the gradients this node computed.
    pub post_hooks: Vec<super::hooks::NodeHook>,
}

impl NodeBody {
    pub fn edge_ids(&self) -> SmallVec<[Option<(NodeId, u32)>; 2]> {
        self.edges
            .iter()
            .map(|e| e.as_ref().map(|e| (e.node.id(), e.input_nr)))
            .collect()
    }
}

thread_local! {
    /// The node whose backward is running (set by the engine), so a saved
    /// output can be handed back with that node as its history.
    pub(crate) static RUNNING_NODE: std::cell::Cell<Option<NodeId>> = const { std::cell::Cell::new(None) };
}

thread_local! {
    /// Set when a forward tried to save an inference tensor, which torch
    /// refuses; the op's caller turns it into the error (`take_save_error`).
    static UNSAVABLE_SAVED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// How many threads have `UNSAVABLE_SAVED` set: lets the check after
/// every op skip the thread-local lookup in the usual case of none.
static UNSAVABLE_PENDING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The error of the last forward on this thread that had to save an
/// inference tensor for backward, clearing it. The binding checks this
/// after every op, so the op raises as torch's does.
#[inline]
pub fn take_save_error() -> Result<()> {
    if UNSAVABLE_PENDING.load(std::sync::atomic::Ordering::Relaxed) == 0 {
        return Ok(());
    }
    take_save_error_slow()
}

fn take_save_error_slow() -> Result<()> {
    if UNSAVABLE_SAVED.with(|f| f.replace(false)) {
        UNSAVABLE_PENDING.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
        return Err(Error::runtime(
            "Inference tensors cannot be saved for backward. Please do not use Tensors created \
             in inference mode in computation tracked by autograd. To work around this, you can \
             make a clone to get a normal tensor and use it in autograd, or use \
             `torch.no_grad()` instead of `torch.inference_mode()`.",
        ));
    }
    Ok(())
}

/// A tensor kept for backward, with the version it had when saved.
pub struct Saved {
    tensor: Option<Tensor>,
    version: u32,
    /// Set when the saved tensor is the op's own output: such a tensor is
    /// kept as a plain alias (no handle back to the node, so no cycle) and
    /// errors name the node that saved it.
    output_of: Option<&'static str>,
}

impl Saved {
    pub fn input(t: &Tensor) -> Saved {
        if t.is_inference() && !UNSAVABLE_SAVED.with(|f| f.replace(true)) {
            UNSAVABLE_PENDING.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        Saved {
            tensor: Some(t.clone()),
            version: t.version(),
            output_of: None,
        }
    }

    pub fn output(t: &Tensor, node_name: &'static str) -> Saved {
        Saved {
            tensor: Some(t.data_alias()),
            version: t.version(),
            output_of: Some(node_name),
        }
    }

    pub fn get(&self) -> Result<&Tensor> {
        let t = self.tensor.as_ref().ok_or_else(Error::backward_twice)?;
        let now = t.version();
        if now != self.version {
            let maker = match self.output_of {
                Some(name) => name.to_string(),
                None => t.grad_fn_name().unwrap_or("").to_string(),
            };
            // torch names the op without "Backward0" (ExpBackward0 -> Exp,
            // TBackward1 -> T1)
            let op = match maker.strip_suffix("Backward0") {
                Some(op) => op.to_string(),
                None => maker.replacen("Backward", "", 1),
            };
            // a leaf is named by nothing more than its type and shape
            let origin = if op.is_empty() {
                String::new()
            } else {
                format!(", which is output 0 of {op},")
            };
            return Err(Error::runtime(format!(
                "one of the variables needed for gradient computation has been modified by an \
                 inplace operation: [{} {}]{origin} is at version {now}; expected version {} \
                 instead. Hint: enable anomaly detection to find the operation that failed to \
                 compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).",
                t.dtype().legacy_name(),
                crate::shape::list_str(t.shape()),
                self.version
            )));
        }
        Ok(t)
    }

    /// The saved tensor for use in a backward formula: a saved output comes
    /// back with its node as history while graphs are recorded
    /// (`create_graph`), so second derivatives flow through it.
    pub fn value(&self) -> Result<Tensor> {
        let t = self.get()?;
        if self.output_of.is_none() || !super::grad_mode::is_grad_enabled() {
            return Ok(t.clone());
        }
        let node = RUNNING_NODE
            .with(|n| n.get())
            .and_then(|id| super::arena::WeakNode::from_id(id).upgrade());
        Ok(match node {
            Some(node) => {
                let alias = t.detach();
                alias.set_history(node, 0);
                alias
            }
            None => t.clone(),
        })
    }

    pub fn release(&mut self) {
        self.tensor = None;
    }
}
