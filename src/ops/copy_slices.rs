//! In-place writes through a view of a tensor with history. torch rebases
//! the base's history onto a CopySlices node: the gradient of the written
//! region goes to the value written, the rest to the base's old history.

use super::grad0;
use super::view::{region_embed, region_view, region_zeroed, Region, RegionNames};
use crate::autograd::node::{Backward, Grads};
use crate::autograd::{needs_graph, record};
use crate::error::{Error, Result};
use crate::shape::Shape;
use crate::tensor::Tensor;
use smallvec::smallvec;

/// Where a view sits inside its (contiguous) base.
fn region_in(view: &Tensor, base: &Tensor) -> Result<Region> {
    if !base.is_contiguous() || view.offset() < base.offset() {
        return Err(Error::runtime(
            "ferrograd does not yet support in-place operations on a view of a \
             non-contiguous tensor that requires grad; apply the operation out of place",
        ));
    }
    Ok(Region {
        shape: view.shape().into(),
        strides: view.strides().to_vec(),
        offset: view.offset() - base.offset(),
    })
}

/// The written region's gradient is a view of the base's (torch records it
/// as AsStridedBackward0); read back it is the base's gradient embedded.
const REGION_NAMES: RegionNames = RegionNames {
    view: "AsStridedBackward0",
    embed: "AsStridedScatterBackward0",
};

/// After `view`'s values were overwritten with `result`: gives `base` the
/// history CopySlices(old base history, result), and `view` a view node
/// of the new base.
pub fn rebase_after_write(base: &Tensor, view: &Tensor, result: &Tensor) -> Result<()> {
    let region = region_in(view, base)?;
    let old_base = base.detach();
    if let Some(node) = base.grad_fn() {
        old_base.set_history(node, base.output_nr());
    } else if base.requires_grad() {
        return Err(Error::leaf_in_place());
    }
    if !needs_graph(&[&old_base, result]) {
        return Ok(());
    }
    let token = base.detach(); // stands for the new base while recording
    record(
        "CopySlices",
        &[&old_base, result],
        &[&token],
        Box::new(CopySlicesBackward {
            region: region.clone(),
            base_shape: base.shape().into(),
        }),
    );
    let (node, nr) = (token.grad_fn().expect("just recorded"), token.output_nr());
    base.set_history(node, nr);
    let view_token = view.detach();
    record(
        "AsStridedBackward0",
        &[base],
        &[&view_token],
        Box::new(RegionBackward {
            region,
            base_shape: base.shape().into(),
        }),
    );
    view.set_history(view_token.grad_fn().expect("just recorded"), 0);
    Ok(())
}

struct CopySlicesBackward {
    region: Region,
    base_shape: Shape,
}

impl Backward for CopySlicesBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        debug_assert_eq!(g.shape(), self.base_shape.as_slice());
        // the op that wrote the region gets its gradient as a fresh
        // contiguous copy, as torch hands it over (so a source's `.grad`
        // has contiguous strides even along dims of size 1)
        let written = needs[1].then(|| super::clone(&region_view(g, &self.region, REGION_NAMES)));
        let rest = needs[0].then(|| region_zeroed(g, &self.region, "CopySlices"));
        Ok(smallvec![rest, written])
    }
}

/// The view's gradient, placed into zeros shaped like the base.
struct RegionBackward {
    region: Region,
    base_shape: Shape,
}

impl Backward for RegionBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        Ok(smallvec![Some(region_embed(
            grad0(grads),
            &self.base_shape,
            &self.region,
            REGION_NAMES
        ))])
    }
}
