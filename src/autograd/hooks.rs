//! Tensor hooks (`register_hook`): functions that see, and may replace, a
//! tensor's gradient while backward computes it. A non-leaf's hooks live on
//! the node that made it (they fire with the gradient of that output, as
//! it was when registered); a leaf's live on the tensor and fire before the
//! gradient is accumulated or captured.

use super::arena::with_arena;
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
