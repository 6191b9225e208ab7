//! A small cache of large freed float buffers. A multi-megabyte Vec is an
//! mmap of fresh pages in glibc: every new output pays page faults and the
//! kernel's zeroing, which costs more than the arithmetic. Kernels reuse a
//! buffer of the right size instead. The cache is bounded, so it never grows
//! over a training loop.

use parking_lot::Mutex;
use std::any::Any;

/// Smaller buffers come from malloc's heap free lists (glibc mmaps from
/// 128 KiB up).
const MIN_BYTES: usize = 128 << 10;
/// At most this many bytes and entries sit in the cache.
const MAX_BYTES: usize = 256 << 20;
const MAX_ENTRIES: usize = 32;

struct Entry {
    bytes: usize,
    vec: Box<dyn Any + Send>,
}

static CACHE: Mutex<Vec<Entry>> = Mutex::new(Vec::new());

/// An empty Vec with room for exactly-sized reuse of `n` elements, from the
/// cache when one of that capacity is there.
pub fn vec_with_capacity<T: Send + 'static>(n: usize) -> Vec<T> {
    let bytes = n * std::mem::size_of::<T>();
    if bytes >= MIN_BYTES {
        let mut cache = CACHE.lock();
        let hit = cache
            .iter()
            .rposition(|e| e.bytes == bytes && e.vec.is::<Vec<T>>());
        if let Some(i) = hit {
            let entry = cache.swap_remove(i);
            let mut v = *entry.vec.downcast::<Vec<T>>().expect("type checked above");
            v.clear();
            return v;
        }
    }
    Vec::with_capacity(n)
}

/// Offers a Vec being freed to the cache (dropped if small or full).
pub fn recycle<T: Send + 'static>(v: Vec<T>) {
    let bytes = v.capacity() * std::mem::size_of::<T>();
    if !(MIN_BYTES..=MAX_BYTES).contains(&bytes) {
        return;
    }
    let mut cache = CACHE.lock();
    let mut held: usize = cache.iter().map(|e| e.bytes).sum();
    // oldest first out
    while !cache.is_empty() && (held + bytes > MAX_BYTES || cache.len() >= MAX_ENTRIES) {
        held -= cache.remove(0).bytes;
    }
    cache.push(Entry {
        bytes,
        vec: Box::new(v),
    });
}

/// Frees everything cached (tests measuring memory use this).
pub fn clear() {
    let drained: Vec<Entry> = std::mem::take(&mut *CACHE.lock());
    drop(drained);
}
