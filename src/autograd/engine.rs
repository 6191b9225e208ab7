//! The backward pass: count dependencies from the roots, run ready nodes
//! newest first, sum gradients per input, and free saved tensors as nodes
//! finish unless the graph is retained. No recursion anywhere.

use super::arena::{with_arena, NodeId};
use super::edge_of;
use super::grad_mode::GradModeGuard;
use super::hooks::GradHook;
use super::node::{Backward, Grads, InputMeta, NodeKind};
use crate::error::{Error, Result};
use crate::ops;
use crate::shape::size_str;
use crate::tensor::Tensor;
use smallvec::SmallVec;
use std::collections::{BinaryHeap, HashMap, HashSet};
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

/// A node reached by the current pass.
struct PassNode {
    id: NodeId,
    /// Edges into it not yet processed.
    deps: u32,
    /// Creation order: newer nodes run first, as in torch.
    seq: u64,
    /// Gradients summed so far, one per output of the node.
    grads: SmallVec<[Option<Tensor>; 1]>,
}

/// Where one gradient of a finished node goes.
struct Route {
    nr: u32,
    child: NodeId,
    input_nr: u32,
    /// The input's metadata, when the gradient must be reduced or cast to it.
    refit: Option<Box<InputMeta>>,
}

/// Arena slot index -> pass-local index. Dense while the arena is small,
/// so the per-edge lookup is one load; a map when a large arena would make
/// the table costlier than the pass.
enum LocalIndex {
    Dense(Vec<u32>),
    Sparse(IdMap<u32, u32>),
}

impl LocalIndex {
    const DENSE_LIMIT: usize = 1 << 16;

    fn new(slots: usize) -> Self {
        if slots <= Self::DENSE_LIMIT {
            LocalIndex::Dense(vec![u32::MAX; slots])
        } else {
            LocalIndex::Sparse(IdMap::default())
        }
    }

    fn get(&self, id: NodeId) -> Option<u32> {
        match self {
            LocalIndex::Dense(v) => v.get(id.index as usize).copied().filter(|&i| i != u32::MAX),
            LocalIndex::Sparse(m) => m.get(&id.index).copied(),
        }
    }

    fn insert(&mut self, id: NodeId, local: u32) {
        match self {
            LocalIndex::Dense(v) => v[id.index as usize] = local,
            LocalIndex::Sparse(m) => {
                m.insert(id.index, local);
            }
        }
    }
}

/// Which of the pass's nodes lead to a captured one (or are one), each
/// decided after its children (the graph has no cycles).
fn needed_nodes(
    pass: &[PassNode],
    local: &LocalIndex,
    captures: impl Fn(NodeId) -> bool,
) -> Vec<bool> {
    let children: Vec<SmallVec<[u32; 4]>> = with_arena(|a| {
        pass.iter()
            .map(|p| {
                a.body(p.id).map_or_else(SmallVec::new, |b| {
                    let edges = b.edges.iter().flatten();
                    edges.filter_map(|e| local.get(e.node.id())).collect()
                })
            })
            .collect()
    });
    let (mut needed, mut done) = (vec![false; pass.len()], vec![false; pass.len()]);
    for start in 0..pass.len() {
        let mut stack = vec![(start, 0usize)];
        while let Some((i, k)) = stack.last_mut() {
            let i = *i;
            if done[i] {
                stack.pop();
            } else if let Some(&c) = children[i].get(*k) {
                *k += 1;
                stack.push((c as usize, 0));
            } else {
                needed[i] = captures(pass[i].id) || children[i].iter().any(|&c| needed[c as usize]);
                done[i] = true;
                stack.pop();
            }
        }
    }
    needed
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
    // Seed gradients, all checked before any root's history (torch makes
    // the gradients first), then the edges they start from.
    let mut seed_grads = Vec::with_capacity(roots.len());
    for (i, root) in roots.iter().enumerate() {
        seed_grads.push(match grads.get(i).cloned().flatten() {
            // no history: reported with the edges below
            None if !root.requires_grad() => None,
            None => {
                if root.numel() != 1 {
                    return Err(Error::runtime(
                        "grad can be implicitly created only for scalar outputs",
                    ));
                }
                Some(Tensor::full(root.shape(), 1.0, root.dtype().compute()))
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
                Some(g.cast(root.dtype()).cast(root.dtype().compute()))
            }
        });
    }
    let mut seeds = Vec::with_capacity(roots.len());
    for (i, (root, grad)) in roots.iter().zip(seed_grads).enumerate() {
        match (edge_of(root), grad) {
            (Some(edge), Some(grad)) => seeds.push((edge, grad)),
            _ => return Err(Error::no_grad_fn(i)),
        }
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

    // Every node reachable from the seeds gets a dense pass-local index:
    // its dependency count, its place in the ready order and its gradient
    // buffer live in `pass` instead of maps keyed by node id.
    let mut pass: Vec<PassNode> = Vec::new();
    let local = with_arena(|a| {
        let mut local = LocalIndex::new(a.slot_count());
        let mut stack: Vec<u32> = Vec::new();
        let mut visit = |id: NodeId, pass: &mut Vec<PassNode>, stack: &mut Vec<u32>| -> u32 {
            if let Some(i) = local.get(id) {
                return i;
            }
            let i = pass.len() as u32;
            local.insert(id, i);
            pass.push(PassNode {
                id,
                deps: 0,
                // torch runs a leaf's AccumulateGrad as soon as it is ready
                seq: a.body(id).map_or(0, |b| match b.kind {
                    NodeKind::AccumulateGrad(_) => u64::MAX,
                    NodeKind::Function(_) => b.seq,
                }),
                grads: SmallVec::new(),
            });
            stack.push(i);
            i
        };
        for (e, _) in &seeds {
            visit(e.node.id(), &mut pass, &mut stack);
        }
        while let Some(i) = stack.pop() {
            let Some(body) = a.body(pass[i as usize].id) else {
                continue;
            };
            for e in body.edges.iter().flatten() {
                let child = visit(e.node.id(), &mut pass, &mut stack);
                pass[child as usize].deps += 1;
            }
        }
        local
    });

    // autograd.grad computes a node's gradient for an input only when that
    // input leads to a wanted one (torch's exec_info): a backward that
    // refuses some input (zeta's x) fails only when that gradient is asked.
    let needed = match inputs {
        Some(_) => {
            let captured: HashSet<NodeId, BuildHasherDefault<IdHasher>> =
                captures.keys().map(|&(node, _)| node).collect();
            needed_nodes(&pass, &local, |id| captured.contains(&id))
        }
        None => Vec::new(),
    };

    // (seq, countdown, node): newest first; among equals (leaves) the one
    // made ready first, as torch's queue pops them
    let mut ready: BinaryHeap<(u64, u64, u32)> = BinaryHeap::new();
    let mut countdown = u64::MAX;
    for (e, g) in &seeds {
        let i = local.get(e.node.id()).expect("seed indexed");
        add_to_buffer(
            &mut pass[i as usize].grads,
            e.input_nr,
            g.clone(),
            opts.create_graph,
        )?;
    }
    for (e, _) in &seeds {
        let i = local.get(e.node.id()).expect("seed indexed");
        let node = &pass[i as usize];
        if node.deps == 0 && !ready.iter().any(|&(_, _, r)| r == i) {
            ready.push((node.seq, countdown, i));
            countdown -= 1;
        }
    }

    let _mode = GradModeGuard::new(opts.create_graph);
    while let Some((_, _, i)) = ready.pop() {
        let id = pass[i as usize].id;
        let mut grads_in = std::mem::take(&mut pass[i as usize].grads);

        // Take what we need out of the node so no lock is held while it runs.
        enum Work {
            Accumulate(Tensor),
            Run(Box<dyn Backward>, SmallVec<[bool; 2]>),
            Gone,
        }
        type Retained = Vec<(u32, std::sync::Weak<crate::tensor::TensorImpl>)>;
        type Hooks = Vec<(u32, GradHook)>;
        type PostHooks = Vec<super::hooks::NodeHook>;
        let (work, retained, mut hooks, post_hooks): (Work, Retained, Hooks, PostHooks) =
            with_arena(|a| match a.body_mut(id) {
                None => (Work::Gone, Vec::new(), Vec::new(), Vec::new()),
                Some(body) => {
                    let work = match &mut body.kind {
                        NodeKind::AccumulateGrad(leaf) => Work::Accumulate(leaf.clone()),
                        NodeKind::Function(f) => match f.take() {
                            Some(f) => {
                                let needs = body.edges.iter().map(|e| {
                                    e.as_ref().is_some_and(|e| {
                                        needed.is_empty()
                                            || local
                                                .get(e.node.id())
                                                .is_some_and(|c| needed[c as usize])
                                    })
                                });
                                Work::Run(f, needs.collect())
                            }
                            None => Work::Gone,
                        },
                    };
                    (
                        work,
                        body.retained.clone(),
                        body.hooks.clone(),
                        body.post_hooks.clone(),
                    )
                }
            });

        // tensor hooks see the summed gradient first, before it is
        // retained, captured or used (a leaf's are on the tensor itself)
        if let Work::Accumulate(leaf) = &work {
            hooks.extend(leaf.meta().hooks.iter().map(|h| (0, h.clone())));
        }
        for (nr, hook) in &hooks {
            if let Some(slot) = grads_in.get_mut(*nr as usize) {
                if let Some(g) = slot.take() {
                    *slot = Some(super::hooks::run([hook], g)?);
                }
            }
        }

        for (nr, weak) in retained {
            if let (Some(inner), Some(Some(g))) = (weak.upgrade(), grads_in.get(nr as usize)) {
                retain_into_grad(&Tensor(inner), g, opts.create_graph)?;
            }
        }

        if !captures.is_empty() {
            for (nr, g) in grads_in.iter().enumerate() {
                if let (Some(slots), Some(g)) = (captures.get(&(id, nr as u32)), g) {
                    for &slot in slots {
                        captured[slot] = Some(g.clone());
                    }
                }
            }
        }

        let (outputs, f) = match work {
            // already running elsewhere: its edges still count as done
            Work::Gone => (Ok(SmallVec::new()), None),
            Work::Accumulate(leaf) => {
                if inputs.is_none() {
                    if let Some(Some(g)) = grads_in.first() {
                        accumulate_into_grad(&leaf, g, opts.create_graph)?;
                    }
                }
                continue;
            }
            Work::Run(mut f, needs) => {
                // autograd.grad skips a node none of whose inputs leads to a
                // wanted one, as torch does not execute it
                let unneeded = !needed.is_empty() && !needs.contains(&true);
                let result = if unneeded || grads_in.iter().all(|g| g.is_none()) {
                    Ok(SmallVec::from_elem(None, needs.len()))
                } else {
                    let prev = super::node::RUNNING_NODE.with(|n| n.replace(Some(id)));
                    let r = f.apply(&grads_in, &needs);
                    super::node::RUNNING_NODE.with(|n| n.set(prev));
                    r
                };
                if !opts.retain_graph {
                    f.release();
                }
                (result, Some(f))
            }
        };

        // Put the backward back and read the edges in one visit; a gradient
        // whose shape or dtype differs from its input's gets that input's
        // metadata, to be fitted outside the lock.
        // Node hooks see the gradients as torch's do: fitted to their
        // inputs, one per edge (None where the edge needs none), so their
        // inputs' metadata is kept for refitting what the hooks return.
        let hooked = !post_hooks.is_empty() && f.is_some();
        let (routes, edge_count) = with_arena(|a| {
            let mut routes: SmallVec<[Route; 2]> = SmallVec::new();
            let Some(body) = a.body_mut(id) else {
                return (routes, 0);
            };
            if let (Some(f), NodeKind::Function(slot)) = (f, &mut body.kind) {
                *slot = Some(f);
            }
            let produced = outputs.as_ref().ok();
            for (nr, edge) in body.edges.iter().enumerate() {
                let Some(edge) = edge else { continue };
                let grad = produced.and_then(|o| o.get(nr)).and_then(|g| g.as_ref());
                let meta = &body.inputs[nr];
                let fits = grad.is_none_or(|g| {
                    g.shape() == meta.shape.as_slice() && g.dtype() == meta.dtype.compute()
                });
                routes.push(Route {
                    nr: nr as u32,
                    child: edge.node.id(),
                    input_nr: edge.input_nr,
                    refit: (hooked || !fits).then(|| Box::new(meta.clone())),
                });
            }
            (routes, body.edges.len())
        });
        let mut outputs = outputs?;

        if hooked {
            let mut fitted: Grads = SmallVec::from_elem(None, edge_count.max(outputs.len()));
            for route in &routes {
                if let (Some(g), Some(meta)) = (
                    outputs.get_mut(route.nr as usize).and_then(Option::take),
                    &route.refit,
                ) {
                    fitted[route.nr as usize] = Some(fit_to_input(g, meta)?);
                }
            }
            fitted.truncate(edge_count);
            outputs = super::hooks::run_on_node(&post_hooks, fitted, &grads_in)?;
        }
        drop(grads_in);

        for route in routes {
            let child = local.get(route.child).expect("child indexed") as usize;
            if let Some(g) = outputs.get_mut(route.nr as usize).and_then(Option::take) {
                let g = match &route.refit {
                    Some(meta) if !fits_input(&g, meta) => fit_to_input(g, meta)?,
                    _ => g,
                };
                add_to_buffer(&mut pass[child].grads, route.input_nr, g, opts.create_graph)?;
            }
            let node = &mut pass[child];
            node.deps -= 1;
            if node.deps == 0 {
                ready.push((node.seq, countdown, child as u32));
                countdown -= 1;
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

/// Whether a gradient may serve as `leaf.grad` without a copy: the leaf's
/// strides where it is dense (size-1 dims aside, but never stride 0 there),
/// else contiguous. torch's rule, so `.grad`'s strides match torch's.
fn obeys_layout_of(g: &Tensor, leaf: &Tensor) -> bool {
    let (gl, ll) = (g.layout(), leaf.layout());
    // most leaves are contiguous, which is dense: skip the sorting check
    if !ll.is_contiguous() && !ll.is_dense() {
        return gl.is_contiguous();
    }
    gl.shape == ll.shape
        && gl
            .shape
            .iter()
            .zip(gl.strides.iter().zip(ll.strides.iter()))
            .all(|(&d, (&gs, &ls))| if d == 1 { gs != 0 } else { gs == ls })
}

/// A non-leaf's `.grad` after `retain_grad()`: torch keeps a contiguous copy
/// (CloneBackward0 under create_graph) and replaces it with a new sum on
/// later passes rather than adding in place.
fn retain_into_grad(t: &Tensor, g: &Tensor, create_graph: bool) -> Result<()> {
    let existing = t.grad();
    let sum = match existing {
        None if create_graph => ops::clone(g),
        // no one else can see an exclusive buffer, so a copy would be waste
        None if g.is_exclusive() => g.detach(),
        None => g.copy_data(),
        Some(prev) if create_graph => ops::arith::add(&prev, g, 1.0)?,
        Some(prev) => ops::arith::add_untracked(&prev, g)?,
    };
    t.meta().grad = Some(in_dtype_of(sum, t));
    Ok(())
}

/// A gradient (computed in `t`'s compute dtype) in `t`'s own dtype.
fn in_dtype_of(g: Tensor, t: &Tensor) -> Tensor {
    if g.dtype() == t.dtype() {
        return g;
    }
    crate::compute::store(g, t.dtype())
}

fn fits_input(g: &Tensor, meta: &InputMeta) -> bool {
    g.shape() == meta.shape.as_slice() && g.dtype() == meta.dtype.compute()
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
    slots: &mut SmallVec<[Option<Tensor>; 1]>,
    input_nr: u32,
    g: Tensor,
    create_graph: bool,
) -> Result<()> {
    let nr = input_nr as usize;
    while slots.len() <= nr {
        slots.push(None);
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
                // a recorded copy (CopyBackwards), as torch stores
                ops::arith::copied(&Tensor::zeros(g.shape(), g.dtype()), g)?
            } else if g.is_sole_handle() && obeys_layout_of(g, t) {
                // Only the engine holds this handle: keep it, no copy. It may
                // be a view of a gradient the caller passed (cat's backward
                // slices it), which then backs `.grad`, exactly as in torch.
                g.detach()
            } else {
                g.copy_laid_out_like(t)
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
