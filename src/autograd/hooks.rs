//! Tensor hooks (`register_hook`): functions that see, and may replace, a
//! tensor's gradient while backward computes it. A non-leaf's hooks live on
//! the node that made it (they fire with the gradient of that output, as
//! it was when registered); a leaf's live on the tensor and fire before the
//! gradient is accumulated or captured.

use super::arena::{with_arena, NodeRef};
use super::node::Grads;
use crate::error::{Error, Result};
use crate::tensor::Tensor;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// What a hook computes: `Some(g)` replaces the gradient, `None` keeps it.
pub type HookFn = dyn Fn(&Tensor) -> Result<Option<Tensor>> + Send + Sync;

/// A registered hook; `removed` is shared with the handle that removes it.
#[derive(Clone)]
pub struct GradHook {
    f: Arc<HookFn>,
    removed: Arc<AtomicBool>,
}

impl GradHook {
    fn live(&self) -> bool {
        !self.removed.load(Ordering::Acquire)
    }
}

/// Registers `f` on `t` and returns the flag that removes it again.
pub fn register(t: &Tensor, f: Arc<HookFn>) -> Result<Arc<AtomicBool>> {
    if !t.requires_grad() {
        return Err(Error::runtime(
            "cannot register a hook on a tensor that doesn't require gradient",
        ));
    }
    let removed = Arc::new(AtomicBool::new(false));
    let hook = GradHook {
        f,
        removed: removed.clone(),
    };
    let mut meta = t.meta();
    match &meta.grad_fn {
        Some(node) => {
            let (id, nr) = (node.id(), meta.output_nr);
            with_arena(|a| {
                if let Some(body) = a.body_mut(id) {
                    // removed hooks are dropped here, so they never pile up
                    body.hooks.retain(|(_, h)| h.live());
                    body.hooks.push((nr, hook));
                }
            });
        }
        None => {
            meta.hooks.retain(GradHook::live);
            meta.hooks.push(hook);
        }
    }
    Ok(removed)
}

/// `g` passed through each live hook in registration order.
pub fn run<'a>(hooks: impl IntoIterator<Item = &'a GradHook>, mut g: Tensor) -> Result<Tensor> {
    for hook in hooks {
        if hook.live() {
            if let Some(replaced) = (hook.f)(&g)? {
                g = replaced;
            }
        }
    }
    Ok(g)
}

/// A node hook (`grad_fn.register_hook`): given the gradients the node
/// computed for its inputs and the gradients it was given, it may return
/// replacements for the former.
pub type NodeHookFn =
    dyn Fn(&[Option<Tensor>], &[Option<Tensor>]) -> Result<Option<Grads>> + Send + Sync;

#[derive(Clone)]
pub struct NodeHook {
    f: Arc<NodeHookFn>,
    removed: Arc<AtomicBool>,
}

/// Registers `f` on `node` and returns the flag that removes it again.
pub fn register_on_node(node: &NodeRef, f: Arc<NodeHookFn>) -> Arc<AtomicBool> {
    let removed = Arc::new(AtomicBool::new(false));
    let hook = NodeHook {
        f,
        removed: removed.clone(),
    };
    with_arena(|a| {
        if let Some(body) = a.body_mut(node.id()) {
            body.post_hooks
                .retain(|h| !h.removed.load(Ordering::Acquire));
            body.post_hooks.push(hook);
        }
    });
    removed
}

/// A node's computed gradients passed through its live hooks in order.
pub fn run_on_node(
    hooks: &[NodeHook],
    mut grads: Grads,
    given: &[Option<Tensor>],
) -> Result<Grads> {
    for hook in hooks {
        if !hook.removed.load(Ordering::Acquire) {
            if let Some(replaced) = (hook.f)(&grads, given)? {
                grads = replaced;
            }
        }
    }
    Ok(grads)
}
