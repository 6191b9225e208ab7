//! Intra-op parallelism (torch.set_num_threads / get_num_threads).
//!
//! A kernel splits its work into numbered tasks and calls `run_tasks`. The
//! calling thread starts on the tasks at once and `n - 1` helper threads
//! join in as they arrive (see `Job` for how tasks are shared out). Handing a whole job to
//! a pool and parking the caller (rayon's `install`) makes every parallel
//! op wait for a parked thread to wake, which on a VM costs tens to
//! hundreds of microseconds, often more than the op. Here a helper that
//! wakes late finds nothing left, and the op is never slower than running
//! on the caller alone. Helpers spin for a short while after a job before
//! they park, so back-to-back parallel ops find them awake.

use crate::error::{Error, Result};
use parking_lot::{Condvar, Mutex};
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The requested count; 0 until first read or set (then the default).
static THREADS: AtomicUsize = AtomicUsize::new(0);

/// Helper threads actually started are capped; the count itself is kept
/// as asked (torch accepts any positive int), but spawning millions of OS
/// threads would only exhaust the machine.
const MAX_HELPERS: usize = 1023;

/// How long an idle helper keeps polling for the next job before parking.
const SPIN: Duration = Duration::from_micros(200);

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
    THREADS.store(usize::try_from(n).unwrap_or(usize::MAX), Ordering::Relaxed);
    Ok(())
}

/// Tasks of one `run_tasks` call, shared with the helpers.
///
/// The tasks are cut into one contiguous segment per thread, each with its
/// own counter: a thread works through its own segment in order, then
/// helps with the others'. Neighbouring tasks are usually neighbouring
/// memory, and a thread streaming through one range keeps the hardware
/// prefetchers on it (interleaving tasks between threads halved the
/// throughput of large elementwise ops, measured).
struct Job {
    /// Per thread: the next task of its segment, and the segment's end.
    segments: Vec<(AtomicUsize, usize)>,
    /// Tasks finished (run or panicked).
    done: AtomicUsize,
    /// The caller's task function. Only dereferenced by a thread holding a
    /// claimed task; the caller returns only once all are done.
    task: *const (dyn Fn(usize) + Sync),
    panic: Mutex<Option<Box<dyn std::any::Any + Send>>>,
}

// SAFETY: `task` points to a `Sync` closure, used only under the protocol
// described on the field.
unsafe impl Send for Job {}
unsafe impl Sync for Job {}

impl Job {
    fn new(tasks: usize, helpers: usize, task: *const (dyn Fn(usize) + Sync)) -> Job {
        let threads = helpers + 1;
        let bound = |s: usize| s * tasks / threads;
        Job {
            segments: (0..threads)
                .map(|s| (AtomicUsize::new(bound(s)), bound(s + 1)))
                .collect(),
            done: AtomicUsize::new(0),
            task,
            panic: Mutex::new(None),
        }
    }

    /// A task index not yet handed out, from segment `own` first.
    fn claim(&self, own: usize) -> Option<usize> {
        let n = self.segments.len();
        (0..n).find_map(|step| {
            let (next, end) = &self.segments[(own + step) % n];
            // a cheap look first, so drained segments are not bumped forever
            if next.load(Ordering::Relaxed) >= *end {
                return None;
            }
            let i = next.fetch_add(1, Ordering::Relaxed);
            (i < *end).then_some(i)
        })
    }

    /// Claims and runs tasks, starting in segment `own`, until none are left.
    fn work(&self, own: usize) {
        while let Some(i) = self.claim(own) {
            // SAFETY: task i is claimed and not yet done, so the caller is
            // still inside `run_tasks` and the closure alive.
            let task = unsafe { &*self.task };
            if let Err(payload) = catch_unwind(AssertUnwindSafe(|| task(i))) {
                self.panic.lock().get_or_insert(payload);
            }
            self.done.fetch_add(1, Ordering::Release);
        }
    }
}

struct Pool {
    job: Mutex<Option<Arc<Job>>>,
    /// Bumped for every published job; helpers poll it while spinning.
    generation: AtomicU64,
    parked: Condvar,
    started: AtomicUsize,
}

static POOL: Pool = Pool {
    job: Mutex::new(None),
    generation: AtomicU64::new(0),
    parked: Condvar::new(),
    started: AtomicUsize::new(0),
};

/// Held while a parallel job runs: a second caller (another Python thread,
/// or a task that is itself parallel) runs its tasks inline instead.
static BUSY: AtomicBool = AtomicBool::new(false);

fn helper_loop(index: usize) {
    let mut seen = POOL.generation.load(Ordering::Acquire);
    loop {
        let deadline = Instant::now() + SPIN;
        let mut polls = 0u32;
        while POOL.generation.load(Ordering::Acquire) == seen {
            std::hint::spin_loop();
            polls += 1;
            if polls.is_multiple_of(64) && Instant::now() > deadline {
                let mut slot = POOL.job.lock();
                while POOL.generation.load(Ordering::Acquire) == seen {
                    POOL.parked.wait(&mut slot);
                }
            }
        }
        seen = POOL.generation.load(Ordering::Acquire);
        let job = POOL.job.lock().clone();
        if let Some(job) = job {
            // one segment per taking part thread: the caller's, then helpers'
            if index + 1 < job.segments.len() {
                job.work(index + 1);
            }
        }
    }
}

/// Starts helpers until `wanted` exist (fewer if the OS refuses threads).
fn ensure_helpers(wanted: usize) -> usize {
    let wanted = wanted.min(MAX_HELPERS);
    let mut started = POOL.started.load(Ordering::Acquire);
    while started < wanted {
        let spawned = std::thread::Builder::new()
            .name(format!("ferrograd-{started}"))
            .spawn(move || helper_loop(started));
        if spawned.is_err() {
            break;
        }
        started += 1;
        POOL.started.store(started, Ordering::Release);
    }
    started
}

/// Runs `task(i)` for every `i` in `0..tasks`, spread over the configured
/// number of threads (the caller is one of them). Returns when all are
/// done; a panic in a task is raised again here.
pub fn run_tasks(tasks: usize, task: &(dyn Fn(usize) + Sync)) {
    let threads = get_num_threads();
    if tasks <= 1
        || threads <= 1
        || BUSY
            .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
    {
        (0..tasks).for_each(task);
        return;
    }
    let wanted = (threads - 1).min(tasks - 1);
    let helpers = ensure_helpers(wanted).min(wanted);
    // SAFETY: erases the closure's lifetime; see `Job::task` for why it is
    // not used after this function returns.
    let task: *const (dyn Fn(usize) + Sync + 'static) = unsafe { std::mem::transmute(task) };
    let job = Arc::new(Job::new(tasks, helpers, task));
    {
        let mut slot = POOL.job.lock();
        *slot = Some(job.clone());
        POOL.generation.fetch_add(1, Ordering::Release);
        POOL.parked.notify_all();
    }
    job.work(0);
    // Only tasks already claimed by helpers remain; wait for them.
    let mut polls = 0u32;
    while job.done.load(Ordering::Acquire) < tasks {
        polls = polls.wrapping_add(1);
        if polls.is_multiple_of(256) {
            std::thread::yield_now();
        } else {
            std::hint::spin_loop();
        }
    }
    POOL.job.lock().take();
    BUSY.store(false, Ordering::Release);
    let payload = job.panic.lock().take();
    if let Some(payload) = payload {
        resume_unwind(payload);
    }
}

/// A raw pointer that may cross threads; each task touches a disjoint part.
pub(crate) struct SendPtr<T>(pub(crate) *mut T);
impl<T> Clone for SendPtr<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for SendPtr<T> {}
impl<T> SendPtr<T> {
    /// Through a method, so closures capture the wrapper (which is Sync),
    /// not its raw field.
    #[inline(always)]
    pub(crate) fn at(self, i: usize) -> *mut T {
        self.0.wrapping_add(i)
    }
}
// SAFETY: used only to hand disjoint chunks of one slice to tasks.
unsafe impl<T: Send> Send for SendPtr<T> {}
unsafe impl<T: Send> Sync for SendPtr<T> {}

/// Calls `f(i, chunk)` for the `i`-th `chunk`-long piece of `out` (the
/// last may be shorter), in parallel.
pub fn for_each_chunk_mut<T: Send>(
    out: &mut [T],
    chunk: usize,
    f: impl Fn(usize, &mut [T]) + Sync,
) {
    let chunk = chunk.max(1);
    let (len, base) = (out.len(), SendPtr(out.as_mut_ptr()));
    run_tasks(len.div_ceil(chunk), &|i| {
        let start = i * chunk;
        let n = chunk.min(len - start);
        // SAFETY: chunks [start, start + n) are disjoint for distinct i and
        // lie inside `out`, which outlives this call.
        let piece = unsafe { std::slice::from_raw_parts_mut(base.at(start), n) };
        f(i, piece)
    });
}

/// As `for_each_chunk_mut` over two slices at once: task `i` gets the
/// `i`-th `chunk_a`-long piece of `a` and `chunk_b`-long piece of `b` (both
/// must split into the same number of pieces).
pub fn for_each_chunk_mut2<A: Send, B: Send>(
    (a, chunk_a): (&mut [A], usize),
    (b, chunk_b): (&mut [B], usize),
    f: impl Fn(usize, &mut [A], &mut [B]) + Sync,
) {
    let (chunk_a, chunk_b) = (chunk_a.max(1), chunk_b.max(1));
    let tasks = a.len().div_ceil(chunk_a);
    assert_eq!(
        tasks,
        b.len().div_ceil(chunk_b),
        "slices split into different counts"
    );
    let (len_a, len_b) = (a.len(), b.len());
    let (pa, pb) = (SendPtr(a.as_mut_ptr()), SendPtr(b.as_mut_ptr()));
    run_tasks(tasks, &|i| {
        let (sa, sb) = (i * chunk_a, i * chunk_b);
        // SAFETY: as in for_each_chunk_mut, for each slice separately.
        let (ca, cb) = unsafe {
            (
                std::slice::from_raw_parts_mut(pa.at(sa), chunk_a.min(len_a - sa)),
                std::slice::from_raw_parts_mut(pb.at(sb), chunk_b.min(len_b - sb)),
            )
        };
        f(i, ca, cb)
    });
}

/// `[f(0), f(1), ..., f(tasks - 1)]`, computed in parallel.
pub fn map_tasks<R: Send>(tasks: usize, f: impl Fn(usize) -> R + Sync) -> Vec<R> {
    let mut out: Vec<std::mem::MaybeUninit<R>> = Vec::with_capacity(tasks);
    // SAFETY: MaybeUninit needs no initialization.
    unsafe { out.set_len(tasks) };
    for_each_chunk_mut(&mut out, 1, |i, slot| {
        slot[0].write(f(i));
    });
    // SAFETY: run_tasks returned normally, so every slot was written.
    out.into_iter()
        .map(|v| unsafe { v.assume_init() })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The count is process-wide; tests that set it take turns.
    static COUNT_LOCK: Mutex<()> = Mutex::new(());

    #[test]
    fn set_get_and_validation() {
        let _turn = COUNT_LOCK.lock();
        let before = get_num_threads();
        assert!(before >= 1);
        set_num_threads(3).unwrap();
        assert_eq!(get_num_threads(), 3);
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
            3,
            "a rejected value leaves the count unchanged"
        );
        set_num_threads(before as i64).unwrap();
    }

    #[test]
    fn every_task_runs_once_at_any_thread_count() {
        let _turn = COUNT_LOCK.lock();
        for threads in [1, 2, 4] {
            set_num_threads(threads).unwrap();
            for tasks in [0, 1, 2, 7, 100] {
                let counts: Vec<AtomicUsize> = (0..tasks).map(|_| AtomicUsize::new(0)).collect();
                run_tasks(tasks, &|i| {
                    counts[i].fetch_add(1, Ordering::Relaxed);
                });
                assert!(counts.iter().all(|c| c.load(Ordering::Relaxed) == 1));
            }
            let mut v = vec![0usize; 1000];
            for_each_chunk_mut(&mut v, 64, |i, c| c.iter_mut().for_each(|x| *x += i));
            assert!(v.iter().enumerate().all(|(j, &x)| x == j / 64));
            assert_eq!(
                map_tasks(9, |i| i * i),
                (0..9).map(|i| i * i).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn nested_and_concurrent_calls_finish() {
        let _turn = COUNT_LOCK.lock();
        set_num_threads(2).unwrap();
        let total = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..3 {
                s.spawn(|| {
                    run_tasks(8, &|_| {
                        run_tasks(4, &|_| {
                            total.fetch_add(1, Ordering::Relaxed);
                        })
                    })
                });
            }
        });
        assert_eq!(total.load(Ordering::Relaxed), 3 * 8 * 4);
    }

    #[test]
    fn a_panicking_task_panics_the_caller_and_the_pool_recovers() {
        let _turn = COUNT_LOCK.lock();
        set_num_threads(2).unwrap();
        let r = catch_unwind(|| run_tasks(16, &|i| assert!(i != 5, "task five")));
        assert!(r.is_err());
        let n = AtomicUsize::new(0);
        run_tasks(16, &|_| {
            n.fetch_add(1, Ordering::Relaxed);
        });
        assert_eq!(n.load(Ordering::Relaxed), 16);
    }
}
