//! Graph nodes live in one arena: slots with generational ids and a free
//! list. `NodeRef` is a counted handle; when the last one goes, the slot is
//! freed and the node's own handles are released through a worklist, so
//! dropping a 100,000-node chain never recurses.

use super::node::NodeBody;
use parking_lot::{const_mutex, Mutex};
use std::cell::{Cell, RefCell};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId {
    pub index: u32,
    pub generation: u32,
}

struct Slot {
    generation: u32,
    refs: u32,
    /// Boxed: a body is a few hundred bytes, and slots are moved in and out.
    body: Option<Box<NodeBody>>,
}

pub struct Arena {
    slots: Vec<Slot>,
    free: Vec<u32>,
    live: usize,
    next_seq: u64,
}

static ARENA: Mutex<Arena> = const_mutex(Arena {
    slots: Vec::new(),
    free: Vec::new(),
    live: 0,
    next_seq: 0,
});

thread_local! {
    // Bodies whose last handle went away, dropped outside the lock and
    // without recursion (a body's drop may free more bodies).
    // boxed on purpose: pushing and popping moves a pointer, not a body
    #[allow(clippy::vec_box)]
    static PENDING: RefCell<Vec<Box<NodeBody>>> = const { RefCell::new(Vec::new()) };
    static DRAINING: Cell<bool> = const { Cell::new(false) };
}

pub fn live_nodes() -> usize {
    ARENA.lock().live
}

/// Runs `f` with exclusive access to the arena. `f` must not create or drop
/// handles (that would lock again).
pub fn with_arena<R>(f: impl FnOnce(&mut Arena) -> R) -> R {
    f(&mut ARENA.lock())
}

impl Arena {
    /// Slots in use or free: every live node's index is below this.
    pub fn slot_count(&self) -> usize {
        self.slots.len()
    }

    pub fn body(&self, id: NodeId) -> Option<&NodeBody> {
        let slot = self.slots.get(id.index as usize)?;
        if slot.generation != id.generation {
            return None;
        }
        slot.body.as_deref()
    }

    pub fn body_mut(&mut self, id: NodeId) -> Option<&mut NodeBody> {
        let slot = self.slots.get_mut(id.index as usize)?;
        if slot.generation != id.generation {
            return None;
        }
        slot.body.as_deref_mut()
    }

    fn insert(&mut self, mut body: Box<NodeBody>) -> NodeId {
        body.seq = self.next_seq;
        self.next_seq += 1;
        self.live += 1;
        if let Some(index) = self.free.pop() {
            let slot = &mut self.slots[index as usize];
            slot.refs = 1;
            slot.body = Some(body);
            NodeId {
                index,
                generation: slot.generation,
            }
        } else {
            let index = self.slots.len() as u32;
            self.slots.push(Slot {
                generation: 0,
                refs: 1,
                body: Some(body),
            });
            NodeId {
                index,
                generation: 0,
            }
        }
    }

    fn is_live(&self, id: NodeId) -> bool {
        self.slots
            .get(id.index as usize)
            .is_some_and(|s| s.generation == id.generation && s.body.is_some())
    }

    /// Decrements; returns the body if this was the last handle.
    fn decref(&mut self, id: NodeId) -> Option<Box<NodeBody>> {
        let slot = &mut self.slots[id.index as usize];
        debug_assert_eq!(slot.generation, id.generation);
        slot.refs -= 1;
        if slot.refs > 0 {
            return None;
        }
        slot.generation = slot.generation.wrapping_add(1);
        self.free.push(id.index);
        self.live -= 1;
        slot.body.take()
    }
}

/// A counted handle to a live node.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct NodeRef(NodeId);

impl NodeRef {
    pub fn new(body: NodeBody) -> NodeRef {
        let body = Box::new(body);
        NodeRef(ARENA.lock().insert(body))
    }

    pub fn id(&self) -> NodeId {
        self.0
    }

    pub fn downgrade(&self) -> WeakNode {
        WeakNode(self.0)
    }
}

impl Clone for NodeRef {
    fn clone(&self) -> Self {
        ARENA.lock().slots[self.0.index as usize].refs += 1;
        NodeRef(self.0)
    }
}

impl Drop for NodeRef {
    fn drop(&mut self) {
        let freed = ARENA.lock().decref(self.0);
        if let Some(body) = freed {
            drop_deferred(body);
        }
    }
}

fn drop_deferred(body: Box<NodeBody>) {
    if DRAINING.with(|d| d.replace(true)) {
        // an outer frame is draining and will get to it
        PENDING.with(|p| p.borrow_mut().push(body));
        return;
    }
    drop(body);
    loop {
        let next = PENDING.with(|p| p.borrow_mut().pop());
        match next {
            Some(body) => drop(body),
            None => break,
        }
    }
    DRAINING.with(|d| d.set(false));
}

/// A non-owning id (a leaf's link to its AccumulateGrad node).
#[derive(Clone, Copy, Debug)]
pub struct WeakNode(NodeId);

impl WeakNode {
    pub fn from_id(id: NodeId) -> WeakNode {
        WeakNode(id)
    }

    pub fn upgrade(&self) -> Option<NodeRef> {
        let mut arena = ARENA.lock();
        if !arena.is_live(self.0) {
            return None;
        }
        arena.slots[self.0.index as usize].refs += 1;
        Some(NodeRef(self.0))
    }
}
