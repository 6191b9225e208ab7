//! The intra-op thread count (torch.set_num_threads / get_num_threads).
//!
//! Elementwise kernels run their parallel parts inside a pool of that many
//! rayon workers (`install`); rayon's global pool cannot be resized once
//! started, so this module owns its own pool and builds a new one when the
//! count changes. Matrix products pass the count to gemm instead
//! (`gemm_parallelism`), which splits its work into that many tasks.

use crate::error::{Error, Result};
use parking_lot::Mutex;
use rayon::{ThreadPool, ThreadPoolBuilder};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// The requested count; 0 until first read or set (then the default).
static THREADS: AtomicUsize = AtomicUsize::new(0);

/// The pool for the current count, built on first use after a change.
/// Kernels hold an `Arc` while they run, so a concurrent change never
/// pulls a pool from under a running kernel.
static POOL: Mutex<Option<Arc<ThreadPool>>> = Mutex::new(None);

/// Workers actually started for a request; the count itself is kept as
/// asked (torch accepts any positive int), but spawning millions of OS
/// threads would only exhaust the machine.
const MAX_WORKERS: usize = 1024;

/// One thread per available core, as torch defaults to.
fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The number of threads kernels use for intra-op parallelism.
pub fn get_num_threads() -> usize {
    match THREADS.load(Ordering::Relaxed) {
        0 => {
            // A set racing with this first read wins.
            let n = default_threads();
            match THREADS.compare_exchange(0, n, Ordering::Relaxed, Ordering::Relaxed) {
                Ok(_) => n,
                Err(set) => set,
            }
        }
        n => n,
    }
}

/// Sets the intra-op thread count; `n < 1` is torch's RuntimeError.
pub fn set_num_threads(n: i64) -> Result<()> {
    if n < 1 {
        return Err(Error::runtime("set_num_threads expects a positive integer"));
    }
    let n = usize::try_from(n).unwrap_or(usize::MAX);
    let mut pool = POOL.lock();
    if THREADS.swap(n, Ordering::Relaxed) != n {
        *pool = None;
    }
    Ok(())
}

/// The pool for the current count, or `None` if its threads could not be
/// started.
fn pool() -> Option<Arc<ThreadPool>> {
    let mut pool = POOL.lock();
    if pool.is_none() {
        let workers = get_num_threads().min(MAX_WORKERS);
        *pool = ThreadPoolBuilder::new()
            .num_threads(workers)
            .thread_name(|i| format!("ferrograd-{i}"))
            .build()
            .ok()
            .map(Arc::new);
    }
    pool.clone()
}

/// gemm's setting for the current count. gemm splits a product into that
/// many rayon tasks, so at most that many threads work on it at once.
pub fn gemm_parallelism() -> gemm::Parallelism {
    match get_num_threads() {
        1 => gemm::Parallelism::None,
        n => gemm::Parallelism::Rayon(n),
    }
}

/// Runs `f` so that rayon's parallel iterators inside it use the
/// configured number of threads. If no pool could be started, `f` runs
/// on rayon's global pool instead (same results, default thread count).
pub fn install<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    match pool() {
        Some(p) => p.install(f),
        None => f(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_get_and_install_use_the_count() {
        let before = get_num_threads();
        assert!(before >= 1);
        set_num_threads(3).unwrap();
        assert_eq!(get_num_threads(), 3);
        assert_eq!(install(rayon::current_num_threads), 3);
        set_num_threads(1).unwrap();
        assert_eq!(install(rayon::current_num_threads), 1);
        assert_eq!(
            set_num_threads(0),
            Err(Error::runtime("set_num_threads expects a positive integer"))
        );
        assert_eq!(
            set_num_threads(-5).unwrap_err().to_string(),
            "set_num_threads expects a positive integer"
        );
        assert_eq!(
            get_num_threads(),
            1,
            "a rejected value leaves the count unchanged"
        );
        set_num_threads(before as i64).unwrap();
    }
}
