//! The backward pass: count dependencies from the roots, run ready nodes
//! newest first, sum gradients per input, and free saved tensors as nodes
//! finish unless the graph is retained. No recursion anywhere.

use super::arena::{with_arena, NodeId};
use super::edge_of;
use super::grad_mode::GradModeGuard;
use super::node::{Backward, InputMeta, NodeKind};
use crate::error::{Error, Result};
use crate::ops;
use crate::shape::size_str;
use crate::tensor::Tensor;
use smallvec::SmallVec;
use std::collections::{BinaryHeap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// Node ids are small distinct integers: a multiply-xorshift hash is enough
/// and much cheaper than SipHash on the per-node path.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(b as u64);
        }
    }
    fn write_u32(&mut self, v: u32) {
        self.write_u64(v as u64);
    }
    fn write_u64(&mut self, v: u64) {
        let h = (self.0.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95);
        self.0 = h ^ (h >> 29);
    }
}

type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

pub struct BackwardOptions {
    pub retain_graph: bool,
    pub create_graph: bool,
}

/// Runs backward from `roots` seeded with `grads` (None = implicit ones for
/// a one-element root). With `inputs` (autograd.grad), returns the
/// gradients reaching them instead of accumulating into leaves.
pub fn run_backward(
    roots: &[Tensor],
    grads: &[Option<Tensor>],
    opts: &BackwardOptions,
    inputs: Option<&[Tensor]>,
) -> Result<Vec<Option<Tensor>>> {
    // Seed edges and gradients.
    let mut seeds = Vec::with_capacity(roots.len());
    for (i, root) in roots.iter().enumerate() {
        let edge = edge_of(root).ok_or_else(|| Error::no_grad_fn(i))?;
        let grad = match grads.get(i).cloned().flatten() {
            None => {
                if root.numel() != 1 {
                    return Err(Error::runtime(
                        "grad can be implicitly created only for scalar outputs",
                    ));
                }
                Tensor::full(root.shape(), 1.0, root.dtype().compute())
            }
            Some(g) => {
                if g.shape() != root.shape() {
                    return Err(Error::runtime(format!(
                        "Mismatch in shape: grad_output[{i}] has a shape of {} and output[{i}] \
                         has a shape of {}.",
                        size_str(g.shape()),
                        size_str(root.shape())
                    )));
                }
                // gradients travel in compute dtypes (float16 as float32)
                g.cast(root.dtype()).cast(root.dtype().compute())
            }
        };
        seeds.push((edge, grad));
    }

    // Where autograd.grad wants gradients captured: (node, input_nr) -> slot.
    let mut captures: IdMap<(NodeId, u32), Vec<usize>> = IdMap::default();
    let mut captured: Vec<Option<Tensor>> = Vec::new();
    // Keep the capture edges alive for the duration of the pass.
    let mut capture_edges = Vec::new();
    if let Some(inputs) = inputs {
        captured = vec![None; inputs.len()];
        for (i, t) in inputs.iter().enumerate() {
            if let Some(e) = edge_of(t) {
                captures
                    .entry((e.node.id(), e.input_nr))
                    .or_default()
                    .push(i);
                capture_edges.push(e);
            } else {
                return Err(Error::runtime(
                    "One of the differentiated Tensors does not require grad",
                ));
            }
        }
    }

    // Dependency counts over everything reachable from the seeds.
    let deps = with_arena(|a| {
        // (count, creation sequence number for the ready queue's order)
        let mut deps: IdMap<NodeId, (u32, u64)> = IdMap::default();
        let seq = |id: NodeId| a.body(id).map_or(0, |b| b.seq);
        let mut stack: Vec<NodeId> = Vec::new();
        for (e, _) in &seeds {
            let id = e.node.id();
            if let std::collections::hash_map::Entry::Vacant(v) = deps.entry(id) {
                v.insert((0, seq(id)));
                stack.push(id);
            }
        }
        while let Some(id) = stack.pop() {
            let Some(body) = a.body(id) else { continue };
            for e in body.edges.iter().flatten() {
                let child = e.node.id();
                match deps.get_mut(&child) {
                    Some(c) => c.0 += 1,
                    None => {
                        deps.insert(child, (1, seq(child)));
                        stack.push(child);
                    }
                }
            }
        }
        deps
    });
    let mut deps = deps;

    let mut buffers: IdMap<NodeId, SmallVec<[Option<Tensor>; 1]>> = IdMap::default();
    let mut ready: BinaryHeap<(u64, NodeId)> = BinaryHeap::new();
    for (e, g) in &seeds {
        let id = e.node.id();
        add_to_buffer(&mut buffers, id, e.input_nr, g.clone(), opts.create_graph)?;
    }
    for (e, _) in &seeds {
        let id = e.node.id();
        let (count, seq) = deps[&id];
        if count == 0 && !ready.iter().any(|&(_, r)| r == id) {
            ready.push((seq, id));
        }
    }

    let _mode = GradModeGuard::new(opts.create_graph);
    while let Some((_, id)) = ready.pop() {
        let grads_in: SmallVec<[Option<Tensor>; 1]> = buffers.remove(&id).unwrap_or_default();

        // Take what we need out of the node so no lock is held while it runs.
        enum Work {
            Accumulate(Tensor),
            Run(Box<dyn Backward>),
            Gone,
        }
        type Taken = (
            Work,
            SmallVec<[Option<(NodeId, u32)>; 2]>,
            SmallVec<[InputMeta; 2]>,
            Vec<(u32, std::sync::Weak<crate::tensor::TensorImpl>)>,
        );
        let (work, edges, metas, retained): Taken = with_arena(|a| match a.body_mut(id) {
            None => (Work::Gone, SmallVec::new(), SmallVec::new(), Vec::new()),
            Some(body) => {
                let edges = body.edge_ids();
                let work = match &mut body.kind {
                    NodeKind::AccumulateGrad(leaf) => Work::Accumulate(leaf.clone()),
                    NodeKind::Function(f) => match f.take() {
                        Some(f) => Work::Run(f),
                        None => Work::Gone,
                    },
                };
                (work, edges, body.inputs.clone(), body.retained.clone())
            }
        });

        for (nr, weak) in retained {
            if let (Some(inner), Some(Some(g))) = (weak.upgrade(), grads_in.get(nr as usize)) {
                accumulate_into_grad(&Tensor(inner), g, opts.create_graph)?;
            }
        }

        for (nr, g) in grads_in.iter().enumerate() {
            if let (Some(slots), Some(g)) = (captures.get(&(id, nr as u32)), g) {
                for &slot in slots {
                    captured[slot] = Some(g.clone());
                }
            }
        }

        let outputs: SmallVec<[Option<Tensor>; 2]> = match work {
            Work::Gone => SmallVec::new(),
            Work::Accumulate(leaf) => {
                if inputs.is_none() {
                    if let Some(Some(g)) = grads_in.first() {
                        accumulate_into_grad(&leaf, g, opts.create_graph)?;
                    }
                }
                SmallVec::new()
            }
            Work::Run(mut f) => {
                let needs: SmallVec<[bool; 2]> = edges.iter().map(|e| e.is_some()).collect();
                let result = if grads_in.iter().all(|g| g.is_none()) {
                    Ok(SmallVec::from_elem(None, edges.len()))
                } else {
                    let prev = super::node::RUNNING_NODE.with(|n| n.replace(Some(id)));
                    let r = f.apply(&grads_in, &needs);
                    super::node::RUNNING_NODE.with(|n| n.set(prev));
                    r
                };
                if !opts.retain_graph {
                    f.release();
                }
                with_arena(|a| {
                    if let Some(body) = a.body_mut(id) {
                        if let NodeKind::Function(slot) = &mut body.kind {
                            *slot = Some(f);
                        }
                    }
                });
                result?
            }
        };

        for (i, edge) in edges.iter().enumerate() {
            let Some((child, input_nr)) = *edge else {
                continue;
            };
            if let Some(Some(g)) = outputs.get(i) {
                let g = fit_to_input(g.clone(), &metas[i])?;
                add_to_buffer(&mut buffers, child, input_nr, g, opts.create_graph)?;
            }
            let (count, seq) = deps.get_mut(&child).expect("child counted");
            *count -= 1;
            if *count == 0 {
                ready.push((*seq, child));
            }
        }
    }
    drop(capture_edges);
    if let Some(inputs) = inputs {
        for (g, t) in captured.iter_mut().zip(inputs) {
            if let Some(grad) = g.take() {
                *g = Some(in_dtype_of(grad, t));
            }
        }
    }
    Ok(captured)
}

/// A gradient (computed in `t`'s compute dtype) in `t`'s own dtype.
fn in_dtype_of(g: Tensor, t: &Tensor) -> Tensor {
    if g.dtype() == t.dtype() {
        return g;
    }
    crate::compute::store(g, t.dtype())
}

/// The one place a gradient is reduced to the shape and dtype of the input
/// it belongs to (broadcasting in the forward sums it here).
fn fit_to_input(g: Tensor, meta: &InputMeta) -> Result<Tensor> {
    let g = if g.shape() != meta.shape.as_slice() {
        ops::reduce::sum_to_shape(&g, &meta.shape)?
    } else {
        g
    };
    // backward formulas only ever see compute dtypes; leaves get their
    // own dtype back when the gradient is stored
    let dtype = meta.dtype.compute();
    Ok(if g.dtype() != dtype {
        ops::cast(&g, dtype)
    } else {
        g
    })
}

fn add_to_buffer(
    buffers: &mut IdMap<NodeId, SmallVec<[Option<Tensor>; 1]>>,
    id: NodeId,
    input_nr: u32,
    g: Tensor,
    create_graph: bool,
) -> Result<()> {
    let slots = buffers.entry(id).or_default();
    let nr = input_nr as usize;
    if slots.len() <= nr {
        slots.resize(nr + 1, None);
    }
    slots[nr] = Some(match slots[nr].take() {
        None => g,
        Some(prev) if create_graph => ops::arith::add(&prev, &g, 1.0)?,
        // a buffer only the engine holds is summed into in place
        Some(prev) if prev.is_exclusive() && prev.shape() == g.shape() => {
            ops::arith::add_in_place_untracked(&prev, &g)?;
            prev
        }
        Some(prev) => ops::arith::add_untracked(&prev, &g)?,
    });
    Ok(())
}

/// Stores the first gradient, adds later ones in place (torch's
/// AccumulateGrad). Under `create_graph` the sum keeps its history.
fn accumulate_into_grad(t: &Tensor, g: &Tensor, create_graph: bool) -> Result<()> {
    let existing = t.grad();
    if t.dtype().is_storage_only() {
        // float16 / bfloat16: the sum is computed in float32 and stored back
        let sum = match &existing {
            None => g.clone(),
            Some(prev) if create_graph => {
                crate::compute::binary(prev, g, |a, b| ops::arith::add(a, b, 1.0))?
            }
            Some(prev) => ops::arith::add_untracked(&prev.cast(g.dtype()), g)?,
        };
        let sum = in_dtype_of(sum, t);
        match existing {
            Some(prev) if !create_graph && prev.shape() == sum.shape() => prev.write_from(&sum),
            _ => t.meta().grad = Some(if create_graph { sum } else { sum.detach() }),
        }
        return Ok(());
    }
    match existing {
        None => {
            let stored = if create_graph {
                g.clone()
            } else if g.is_exclusive() {
                g.detach() // only the engine's buffer holds it: keep it, no copy
            } else {
                g.copy_data()
            };
            t.meta().grad = Some(stored);
        }
        Some(prev) if create_graph => {
            let sum = ops::arith::add(&prev, g, 1.0)?;
            t.meta().grad = Some(sum);
        }
        Some(prev) => ops::arith::add_in_place_untracked(&prev, g)?,
    }
    Ok(())
}
