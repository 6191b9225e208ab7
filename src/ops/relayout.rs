//! In-place layout changes: `t_`, `transpose_`, `unsqueeze_`, `squeeze_`.
//! The tensor keeps its identity and storage and takes a new layout; like
//! any in-place op it bumps the version and, when recording, its history
//! moves onto a new node (TBackward1, UnsqueezeBackward1, ...) whose input
//! is the tensor's old history.

use super::grad0;
use super::view;
use crate::autograd::grad_mode::GradModeGuard;
use crate::autograd::node::{Backward, Grads};
use crate::autograd::{needs_graph, record};
use crate::error::{Error, Result};
use crate::shape::Shape;
use crate::tensor::{Layout, Tensor};
use smallvec::smallvec;

/// Gives `a` the layout of `like` (a view of `a`) and records `name`.
pub(crate) fn take_layout(
    a: &Tensor,
    like: &Tensor,
    name: &'static str,
    backward: Box<dyn Backward>,
) {
    // the old value, with the old history, is the new node's input
    let old = needs_graph(&[a]).then(|| {
        let old = a.detach();
        if let Some(node) = a.grad_fn() {
            old.set_history(node, a.output_nr());
        }
        old
    });
    a.set_layout(Layout::new(like.shape(), like.strides(), like.offset()));
    a.bump_version();
    if let Some(old) = old {
        record(name, &[&old], &[a], backward);
    }
}

/// The out-of-place view `f` computes, without recording it.
fn view_of(f: impl FnOnce() -> Result<Tensor>) -> Result<Tensor> {
    let _off = GradModeGuard::new(false);
    f()
}

/// `t_()`: transposes a matrix in place (TBackward1).
pub fn t_(a: &Tensor) -> Result<()> {
    if a.ndim() > 2 {
        return Err(Error::runtime(format!(
            "t_() expects a tensor with <= 2 dimensions, but self is {}D",
            a.ndim()
        )));
    }
    let like = view_of(|| view::t(a))?;
    let (d0, d1) = if a.ndim() == 2 { (0, 1) } else { (0, 0) };
    take_layout(a, &like, "TBackward1", Box::new(Transposed { d0, d1 }));
    Ok(())
}

/// `transpose_(d0, d1)` (TransposeBackward1).
pub fn transpose_(a: &Tensor, d0: i64, d1: i64) -> Result<()> {
    let like = view_of(|| view::transpose(a, d0, d1))?;
    take_layout(
        a,
        &like,
        "TransposeBackward1",
        Box::new(Transposed { d0, d1 }),
    );
    Ok(())
}

/// `unsqueeze_(dim)` (UnsqueezeBackward1).
pub fn unsqueeze_(a: &Tensor, dim: i64) -> Result<()> {
    let like = view_of(|| view::unsqueeze(a, dim))?;
    let backward = Box::new(ToShape(a.shape().into()));
    take_layout(a, &like, "UnsqueezeBackward1", backward);
    Ok(())
}

/// `squeeze_()` (SqueezeBackward3), `squeeze_(dim)` (SqueezeBackward4) or
/// `squeeze_(dims)` (SqueezeBackward5).
pub fn squeeze_(a: &Tensor, dims: Option<&[i64]>, dims_is_list: bool) -> Result<()> {
    let (like, name) = match dims {
        None => (view_of(|| view::squeeze(a, None))?, "SqueezeBackward3"),
        Some(dims) => {
            view::distinct_dims(dims, a.ndim())?;
            let name = if dims_is_list {
                "SqueezeBackward5"
            } else {
                "SqueezeBackward4"
            };
            (view_of(|| view::squeeze_dims(a, dims))?, name)
        }
    };
    let backward = Box::new(ToShape(a.shape().into()));
    take_layout(a, &like, name, backward);
    Ok(())
}

/// Gradient of a transpose: the same transpose.
struct Transposed {
    d0: i64,
    d1: i64,
}

impl Backward for Transposed {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        Ok(smallvec![Some(view::transpose(
            grad0(grads),
            self.d0,
            self.d1
        )?)])
    }
}

/// Gradient of a size-1 dim added or removed: reshaped back.
struct ToShape(Shape);

impl Backward for ToShape {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let spec: Vec<i64> = self.0.iter().map(|&d| d as i64).collect();
        Ok(smallvec![Some(view::reshape(grad0(grads), &spec)?)])
    }
}
