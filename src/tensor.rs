//! The tensor: a strided view of shared storage, plus its autograd state.

use crate::autograd::arena::{NodeRef, WeakNode};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::shape::{contiguous_strides, numel, Shape, Strides};
use parking_lot::{Mutex, RwLock};
use smallvec::SmallVec;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU32, AtomicU8, Ordering};
use std::sync::Arc;

pub use half::{bf16, f16};
pub use num_complex::{Complex32, Complex64};

/// Typed element buffers. A buffer never grows, so its address is stable
/// (numpy arrays may point into it, and `External` points into numpy's).
#[derive(Debug)]
pub enum Buffer {
    Bool(Vec<bool>),
    U8(Vec<u8>),
    I32(Vec<i32>),
    I64(Vec<i64>),
    F16(Vec<f16>),
    BF16(Vec<bf16>),
    F32(Vec<f32>),
    F64(Vec<f64>),
    C64(Vec<Complex32>),
    C128(Vec<Complex64>),
    /// Memory owned by someone else (`from_numpy`), kept alive by `owner`.
    External(ExternalBuffer),
}

pub struct ExternalBuffer {
    ptr: *mut u8,
    len: usize,
    dtype: DType,
    _owner: Box<dyn std::any::Any + Send + Sync>,
}

impl std::fmt::Debug for ExternalBuffer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ExternalBuffer({:?}, {} elements)", self.dtype, self.len)
    }
}

// SAFETY: the owner keeps the memory alive and in place; access goes
// through the storage's lock like any other buffer.
unsafe impl Send for ExternalBuffer {}
unsafe impl Sync for ExternalBuffer {}

impl ExternalBuffer {
    /// # Safety
    /// `ptr` must point to `len` properly aligned elements of `dtype` that
    /// stay valid, and are not freed or moved, while `owner` lives.
    pub unsafe fn new(
        ptr: *mut u8,
        len: usize,
        dtype: DType,
        owner: Box<dyn std::any::Any + Send + Sync>,
    ) -> Self {
        ExternalBuffer {
            ptr,
            len,
            dtype,
            _owner: owner,
        }
    }
}

/// `$body` with `$v` bound to the vector of any owned buffer variant.
macro_rules! each_owned {
    ($buf:expr, $v:ident => $body:expr, $external:pat => $ext:expr) => {
        match $buf {
            Buffer::Bool($v) => $body,
            Buffer::U8($v) => $body,
            Buffer::I32($v) => $body,
            Buffer::I64($v) => $body,
            Buffer::F16($v) => $body,
            Buffer::BF16($v) => $body,
            Buffer::F32($v) => $body,
            Buffer::F64($v) => $body,
            Buffer::C64($v) => $body,
            Buffer::C128($v) => $body,
            $external => $ext,
        }
    };
}

impl Buffer {
    pub fn dtype(&self) -> DType {
        match self {
            Buffer::Bool(_) => DType::Bool,
            Buffer::U8(_) => DType::U8,
            Buffer::I32(_) => DType::I32,
            Buffer::I64(_) => DType::I64,
            Buffer::F16(_) => DType::F16,
            Buffer::BF16(_) => DType::BF16,
            Buffer::F32(_) => DType::F32,
            Buffer::F64(_) => DType::F64,
            Buffer::C64(_) => DType::C64,
            Buffer::C128(_) => DType::C128,
            Buffer::External(e) => e.dtype,
        }
    }

    pub fn len(&self) -> usize {
        each_owned!(self, v => v.len(), Buffer::External(e) => e.len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Grows an owned buffer to `len` elements, the new ones zero; false
    /// for memory owned elsewhere, which cannot move.
    fn grow(&mut self, len: usize) -> Result<bool> {
        let bytes = len.saturating_mul(self.dtype().item_size());
        let refused = || {
            Error::runtime(format!(
                "DefaultCPUAllocator: not enough memory: you tried to allocate {bytes} bytes."
            ))
        };
        // the new elements are written (zeroed), so a reservation the OS
        // grants lazily beyond physical memory would end the process instead
        if physical_memory().is_some_and(|total| bytes > total) {
            return Err(refused());
        }
        each_owned!(self, v => {
            v.try_reserve_exact(len - v.len()).map_err(|_| refused())?;
            v.resize(len, Default::default());
            Ok(true)
        }, Buffer::External(_) => Ok(false))
    }

    pub fn as_ptr(&self) -> *const u8 {
        each_owned!(self, v => v.as_ptr().cast::<u8>(), Buffer::External(e) => e.ptr)
    }
}

/// Bytes of physical memory (Linux's /proc/meminfo), read once; None elsewhere.
fn physical_memory() -> Option<usize> {
    static TOTAL: std::sync::OnceLock<Option<usize>> = std::sync::OnceLock::new();
    *TOTAL.get_or_init(|| {
        let info = std::fs::read_to_string("/proc/meminfo").ok()?;
        let line = info.lines().find(|l| l.starts_with("MemTotal:"))?;
        let kib: usize = line.split_whitespace().nth(1)?.parse().ok()?;
        kib.checked_mul(1024)
    })
}

/// Element types a buffer can hold, with torch's conversions between them.
pub trait Element: Copy + Send + Sync + PartialEq + std::fmt::Debug + 'static {
    const DTYPE: DType;
    fn slice(b: &Buffer) -> &[Self];
    fn slice_mut(b: &mut Buffer) -> &mut [Self];
    fn into_buffer(v: Vec<Self>) -> Buffer;
    fn from_f64(v: f64) -> Self;
    fn to_f64(self) -> f64;
    /// The exact value of an integer or bool element.
    #[inline]
    fn to_i64(self) -> Option<i64> {
        None
    }
    /// From an integer: integer types wrap, floats round, as torch casts.
    #[inline]
    fn from_i64(v: i64) -> Self {
        Self::from_f64(v as f64)
    }
    /// `(re, im)` of a complex element.
    #[inline]
    fn to_complex(self) -> Option<(f64, f64)> {
        None
    }
    /// From a complex value: real types keep the real part, as torch does.
    #[inline]
    fn from_complex(re: f64, _im: f64) -> Self {
        Self::from_f64(re)
    }
}

macro_rules! element {
    ($t:ty, $variant:ident, $from:expr, $to:expr $(, $extra:item)*) => {
        impl Element for $t {
            const DTYPE: DType = DType::$variant;
            fn slice(b: &Buffer) -> &[Self] {
                match b {
                    Buffer::$variant(v) => v,
                    // SAFETY: ExternalBuffer::new's contract; dtype checked here
                    Buffer::External(e) if e.dtype == DType::$variant => unsafe {
                        std::slice::from_raw_parts(e.ptr as *const Self, e.len)
                    },
                    _ => unreachable!("buffer dtype checked by dispatch"),
                }
            }
            fn slice_mut(b: &mut Buffer) -> &mut [Self] {
                match b {
                    Buffer::$variant(v) => v,
                    // SAFETY: as above; `&mut Buffer` means the lock is held exclusively
                    Buffer::External(e) if e.dtype == DType::$variant => unsafe {
                        std::slice::from_raw_parts_mut(e.ptr as *mut Self, e.len)
                    },
                    _ => unreachable!("buffer dtype checked by dispatch"),
                }
            }
            fn into_buffer(v: Vec<Self>) -> Buffer {
                Buffer::$variant(v)
            }
            #[inline]
            fn from_f64(v: f64) -> Self {
                $from(v)
            }
            #[inline]
            fn to_f64(self) -> f64 {
                $to(self)
            }
            $($extra)*
        }
    };
}

element!(
    f32,
    F32,
    |v: f64| v as f32,
    |v: f32| v as f64,
    #[inline]
    fn from_i64(v: i64) -> Self {
        v as f32
    }
);
element!(
    f64,
    F64,
    |v: f64| v,
    |v: f64| v,
    #[inline]
    fn from_i64(v: i64) -> Self {
        v as f64
    }
);
element!(
    i64,
    I64,
    |v: f64| v as i64,
    |v: i64| v as f64,
    #[inline]
    fn to_i64(self) -> Option<i64> {
        Some(self)
    },
    #[inline]
    fn from_i64(v: i64) -> Self {
        v
    }
);
element!(
    bool,
    Bool,
    |v: f64| v != 0.0,
    |v: bool| v as u8 as f64,
    #[inline]
    fn to_i64(self) -> Option<i64> {
        Some(self as i64)
    },
    #[inline]
    fn from_i64(v: i64) -> Self {
        v != 0
    },
    #[inline]
    fn from_complex(re: f64, im: f64) -> Self {
        re != 0.0 || im != 0.0
    }
);
// floats to int32: out of range and NaN give INT_MIN, as on torch's x86 builds
element!(
    i32,
    I32,
    |v: f64| if v.is_nan() || !(-2147483649.0..2147483648.0).contains(&v) {
        i32::MIN
    } else {
        v as i32
    },
    |v: i32| v as f64,
    #[inline]
    fn to_i64(self) -> Option<i64> {
        Some(self as i64)
    },
    #[inline]
    fn from_i64(v: i64) -> Self {
        v as i32
    }
);
// floats to uint8 go through int64 and wrap (-1.5 -> 255)
element!(
    u8,
    U8,
    |v: f64| if v.is_nan() || v.abs() >= 9.2e18 {
        0
    } else {
        v as i64 as u8
    },
    |v: u8| v as f64,
    #[inline]
    fn to_i64(self) -> Option<i64> {
        Some(self as i64)
    },
    #[inline]
    fn from_i64(v: i64) -> Self {
        v as u8
    }
);
// doubles reach half precision through float, as torch converts them
element!(
    f16,
    F16,
    |v: f64| f16::from_f32(v as f32),
    |v: f16| v.to_f64(),
    #[inline]
    fn from_i64(v: i64) -> Self {
        f16::from_f32(v as f32)
    }
);
element!(
    bf16,
    BF16,
    |v: f64| bf16::from_f32(v as f32),
    |v: bf16| v.to_f64(),
    #[inline]
    fn from_i64(v: i64) -> Self {
        bf16::from_f32(v as f32)
    }
);
element!(
    Complex32,
    C64,
    |v: f64| Complex32::new(v as f32, 0.0),
    |v: Complex32| v.re as f64,
    #[inline]
    fn to_complex(self) -> Option<(f64, f64)> {
        Some((self.re as f64, self.im as f64))
    },
    #[inline]
    fn from_complex(re: f64, im: f64) -> Self {
        Complex32::new(re as f32, im as f32)
    }
);
element!(
    Complex64,
    C128,
    |v: f64| Complex64::new(v, 0.0),
    |v: Complex64| v.re,
    #[inline]
    fn to_complex(self) -> Option<(f64, f64)> {
        Some((self.re, self.im))
    },
    #[inline]
    fn from_complex(re: f64, im: f64) -> Self {
        Complex64::new(re, im)
    }
);

/// Runs `$body` with `$T` bound to the Rust type of `$dtype`.
#[macro_export]
macro_rules! dispatch {
    ($dtype:expr, $T:ident => $body:expr) => {
        match $dtype {
            $crate::dtype::DType::F32 => {
                type $T = f32;
                $body
            }
            $crate::dtype::DType::F64 => {
                type $T = f64;
                $body
            }
            $crate::dtype::DType::I64 => {
                type $T = i64;
                $body
            }
            $crate::dtype::DType::Bool => {
                type $T = bool;
                $body
            }
            $crate::dtype::DType::U8 => {
                type $T = u8;
                $body
            }
            $crate::dtype::DType::I32 => {
                type $T = i32;
                $body
            }
            $crate::dtype::DType::F16 => {
                type $T = $crate::tensor::f16;
                $body
            }
            $crate::dtype::DType::BF16 => {
                type $T = $crate::tensor::bf16;
                $body
            }
            $crate::dtype::DType::C64 => {
                type $T = $crate::tensor::Complex32;
                $body
            }
            $crate::dtype::DType::C128 => {
                type $T = $crate::tensor::Complex64;
                $body
            }
        }
    };
}

/// Like `dispatch!` for float32/float64 only; others give `$err`.
#[macro_export]
macro_rules! dispatch_float {
    ($dtype:expr, $T:ident => $body:expr, $err:expr) => {
        match $dtype {
            $crate::dtype::DType::F32 => {
                type $T = f32;
                $body
            }
            $crate::dtype::DType::F64 => {
                type $T = f64;
                $body
            }
            _ => $err,
        }
    };
}

pub struct Storage {
    pub data: RwLock<Buffer>,
    /// Set once a pointer into `data` has left Rust's borrow tracking (a
    /// numpy view of it): from then on the buffer must never move, so
    /// `resize_` may not grow it.
    pub pinned: AtomicBool,
}

impl Drop for Storage {
    fn drop(&mut self) {
        // large float buffers go back to the kernels' cache for reuse
        match std::mem::replace(self.data.get_mut(), Buffer::Bool(Vec::new())) {
            Buffer::F32(v) => crate::kernels::pool::recycle(v),
            Buffer::F64(v) => crate::kernels::pool::recycle(v),
            _ => {}
        }
    }
}

#[derive(Default)]
pub struct AutogradMeta {
    /// A leaf's own flag; a non-leaf requires grad exactly when it has a grad_fn.
    pub requires_grad: bool,
    pub grad_fn: Option<NodeRef>,
    pub output_nr: u32,
    pub grad: Option<Tensor>,
    pub retains_grad: bool,
    /// The leaf's AccumulateGrad node, shared by every graph that uses it.
    pub accumulator: Option<WeakNode>,
    /// A leaf's `register_hook` functions (a non-leaf's sit on its node).
    pub hooks: Vec<crate::autograd::hooks::GradHook>,
}

/// Where a tensor's elements sit in its storage.
#[derive(PartialEq, Debug)]
pub struct Layout {
    pub shape: Shape,
    pub strides: Strides,
    pub offset: usize,
}

impl Clone for Layout {
    // copies the dims as slices: SmallVec's own clone goes element by element
    fn clone(&self) -> Self {
        Layout::new(&self.shape, &self.strides, self.offset)
    }
}

impl Layout {
    pub fn new(shape: &[usize], strides: &[isize], offset: usize) -> Layout {
        Layout {
            shape: Shape::from_slice(shape),
            strides: Strides::from_slice(strides),
            offset,
        }
    }

    pub fn is_contiguous(&self) -> bool {
        // torch: an empty tensor is contiguous whatever its strides
        if self.shape.contains(&0) {
            return true;
        }
        let mut expected = 1isize;
        for (&d, &s) in self.shape.iter().zip(self.strides.iter()).rev() {
            if d != 1 && s != expected {
                return false;
            }
            expected *= d as isize;
        }
        true
    }

    /// torch's `has_internal_overlap` answering "yes": some dim repeats an
    /// element (stride 0, size above 1). Other overlaps are "too hard" for
    /// torch to tell and are allowed.
    pub fn has_internal_overlap(&self) -> bool {
        !self.is_contiguous()
            && self
                .shape
                .iter()
                .zip(self.strides.iter())
                .any(|(&d, &s)| d > 1 && s == 0)
    }

    /// Whether the elements cover a storage span exactly once, in some dim
    /// order (torch's "non-overlapping and dense": a permuted contiguous
    /// tensor is, a slice with a step or an expand is not).
    pub fn is_dense(&self) -> bool {
        if self.shape.contains(&0) {
            return true;
        }
        let mut dims: SmallVec<[(usize, isize); 6]> = self
            .shape
            .iter()
            .zip(self.strides.iter())
            .filter(|(&d, _)| d != 1)
            .map(|(&d, &s)| (d, s))
            .collect();
        dims.sort_unstable_by_key(|&(_, s)| s);
        let mut expected = 1isize;
        for (d, s) in dims {
            if s != expected {
                return false;
            }
            expected *= d as isize;
        }
        true
    }

    pub fn numel(&self) -> usize {
        numel(&self.shape)
    }
}

/// The layouts a tensor took in place (`t_`, `unsqueeze_`), made the
/// first time it does.
struct Relayouts {
    /// The current layout: one of `past`, or null for the initial one.
    current: AtomicPtr<Layout>,
    /// Never freed before the tensor, so references handed out by
    /// `shape()` stay valid; a layout that recurs is reused, so a loop
    /// cycling through layouts does not grow this.
    past: Mutex<Vec<Arc<Layout>>>,
}

// `TensorImpl::dtype` holds `DType as u8`, read back through `DType::ALL`
const _: () = {
    let mut i = 0;
    while i < DType::ALL.len() {
        assert!(DType::ALL[i] as usize == i);
        i += 1;
    }
};

pub struct TensorImpl {
    storage: Arc<Storage>,
    /// The layout the tensor was made with.
    layout: Layout,
    /// Null until an in-place layout op runs, then a `Box<Relayouts>`
    /// owned by this tensor (out of line: few tensors ever need it).
    relayouts: AtomicPtr<Relayouts>,
    /// A `DType` index; changes only when `take_data_of` swaps the values.
    dtype: AtomicU8,
    /// Shared by views and `detach()` results; bumped by every in-place op.
    version: Arc<AtomicU32>,
    /// For views: the tensor they look into (in-place checks need its leafness).
    view_base: Option<Tensor>,
    inference: bool,
    /// `meta.requires_grad || meta.grad_fn.is_some()`, kept beside the
    /// lock: every op asks it of every input, and an uncontended lock and
    /// unlock cost more than the rest of a small op's bookkeeping. Written
    /// only under `meta`'s lock.
    in_graph: AtomicBool,
    pub(crate) meta: Mutex<AutogradMeta>,
}

impl TensorImpl {
    #[inline]
    fn relayouts(&self) -> Option<&Relayouts> {
        let p = self.relayouts.load(Ordering::Acquire);
        // SAFETY: non-null means a box made by `relayouts_or_init`, freed
        // only when this tensor drops
        (!p.is_null()).then(|| unsafe { &*p })
    }

    fn relayouts_or_init(&self) -> &Relayouts {
        if let Some(r) = self.relayouts() {
            return r;
        }
        let fresh = Box::into_raw(Box::new(Relayouts {
            current: AtomicPtr::new(std::ptr::null_mut()),
            past: Mutex::new(Vec::new()),
        }));
        let ours = match self.relayouts.compare_exchange(
            std::ptr::null_mut(),
            fresh,
            Ordering::AcqRel,
            Ordering::Acquire,
        ) {
            Ok(_) => fresh,
            Err(theirs) => {
                // another thread was first: keep its box
                // SAFETY: `fresh` came from Box::into_raw and was never shared
                drop(unsafe { Box::from_raw(fresh) });
                theirs
            }
        };
        // SAFETY: as in `relayouts`
        unsafe { &*ours }
    }
}

impl Drop for TensorImpl {
    fn drop(&mut self) {
        let p = *self.relayouts.get_mut();
        if !p.is_null() {
            // SAFETY: made by Box::into_raw in `relayouts_or_init`, owned here
            drop(unsafe { Box::from_raw(p) });
        }
    }
}

#[derive(Clone)]
pub struct Tensor(pub(crate) Arc<TensorImpl>);

impl std::fmt::Debug for Tensor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Tensor({:?}, {:?}, {:?})",
            self.dtype(),
            self.shape(),
            self.to_f64_vec()
        )
    }
}

impl Tensor {
    pub fn from_buffer(buffer: Buffer, shape: &[usize]) -> Tensor {
        debug_assert_eq!(buffer.len(), numel(shape));
        let layout = Layout {
            shape: Shape::from_slice(shape),
            strides: contiguous_strides(shape),
            offset: 0,
        };
        Tensor::from_buffer_layout(buffer, layout)
    }

    /// A tensor over `buffer` with an explicit (non-negative) layout.
    pub fn from_buffer_strided(
        buffer: Buffer,
        shape: &[usize],
        strides: &[isize],
        offset: usize,
    ) -> Tensor {
        Tensor::from_buffer_layout(buffer, Layout::new(shape, strides, offset))
    }

    fn from_buffer_layout(buffer: Buffer, layout: Layout) -> Tensor {
        let dtype = buffer.dtype();
        Tensor(Arc::new(TensorImpl {
            storage: Arc::new(Storage {
                data: RwLock::new(buffer),
                pinned: AtomicBool::new(false),
            }),
            layout,
            relayouts: AtomicPtr::new(std::ptr::null_mut()),
            dtype: AtomicU8::new(dtype as u8),
            version: Arc::new(AtomicU32::new(0)),
            view_base: None,
            inference: crate::autograd::grad_mode::is_inference_mode(),
            in_graph: AtomicBool::new(false),
            meta: Mutex::new(AutogradMeta::default()),
        }))
    }

    pub fn from_vec<T: Element>(data: Vec<T>, shape: &[usize]) -> Tensor {
        Tensor::from_buffer(T::into_buffer(data), shape)
    }

    pub fn scalar<T: Element>(v: T) -> Tensor {
        Tensor::from_vec(vec![v], &[])
    }

    pub fn full(shape: &[usize], value: f64, dtype: DType) -> Tensor {
        let n = numel(shape);
        dispatch!(dtype, T => {
            // a reused large buffer is filled without fresh pages' faults
            Tensor::from_vec(crate::kernels::filled(n, T::from_f64(value)), shape)
        })
    }

    pub fn zeros(shape: &[usize], dtype: DType) -> Tensor {
        Tensor::full(shape, 0.0, dtype)
    }

    // ---- layout ----

    /// The current layout (read once when shape, strides and offset must agree).
    #[inline]
    pub fn layout(&self) -> &Layout {
        if let Some(r) = self.0.relayouts() {
            let p = r.current.load(Ordering::Acquire);
            if !p.is_null() {
                // SAFETY: a non-null pointer comes from an Arc in `r.past`,
                // which is only appended to and lives as long as `self.0`.
                return unsafe { &*p };
            }
        }
        &self.0.layout
    }

    /// Changes this tensor's layout in place (`t_`, `unsqueeze_`, ...).
    /// The caller checks that the layout lies inside the storage.
    pub(crate) fn set_layout(&self, layout: Layout) {
        let r = self.0.relayouts_or_init();
        let mut past = r.past.lock();
        let ptr = if layout == self.0.layout {
            std::ptr::null()
        } else if let Some(known) = past.iter().find(|l| ***l == layout) {
            Arc::as_ptr(known)
        } else {
            let fresh = Arc::new(layout);
            let ptr = Arc::as_ptr(&fresh);
            past.push(fresh);
            ptr
        };
        // readers only ever take shared references through this pointer
        let ptr = ptr as *mut Layout;
        r.current.store(ptr, Ordering::Release);
    }

    /// `resize_`: a contiguous layout of `shape` from the same offset,
    /// growing the storage (with zeros) when it is too small. Views of the
    /// storage see it grow; a storage numpy or another owner points into
    /// cannot move, which is torch's error for memory it does not own.
    pub fn resize_(&self, shape: &[usize]) -> Result<()> {
        let offset = self.offset();
        let needed = shape
            .iter()
            .try_fold(offset.max(1), |n, &d| n.checked_mul(d.max(1)))
            .and_then(|_| offset.checked_add(numel(shape)))
            .ok_or_else(|| Error::runtime("numel: integer multiplication overflow"))?;
        let storage = self.storage();
        if needed > storage.data.read().len() {
            let mut buf = storage.data.write();
            // checked under the write lock: numpy views pin under the read lock
            let movable = !storage.pinned.load(Ordering::Acquire);
            if needed > buf.len() && !(movable && buf.grow(needed)?) {
                return Err(Error::runtime(
                    "Trying to resize storage that is not resizable",
                ));
            }
        }
        self.set_layout(Layout {
            shape: Shape::from_slice(shape),
            strides: contiguous_strides(shape),
            offset,
        });
        Ok(())
    }

    pub fn shape(&self) -> &[usize] {
        &self.layout().shape
    }

    pub fn strides(&self) -> &[isize] {
        &self.layout().strides
    }

    pub fn offset(&self) -> usize {
        self.layout().offset
    }

    pub fn dtype(&self) -> DType {
        DType::ALL[usize::from(self.0.dtype.load(Ordering::Relaxed))]
    }

    pub fn ndim(&self) -> usize {
        self.shape().len()
    }

    pub fn numel(&self) -> usize {
        numel(self.shape())
    }

    pub fn is_contiguous(&self) -> bool {
        self.layout().is_contiguous()
    }

    /// torch's refusal to write in place where elements share memory.
    pub fn check_no_internal_overlap(&self) -> crate::error::Result<()> {
        if self.layout().has_internal_overlap() {
            return Err(crate::error::Error::runtime(
                "unsupported operation: more than one element of the written-to tensor refers \
                 to a single memory location. Please clone() the tensor before performing the \
                 operation.",
            ));
        }
        Ok(())
    }

    pub fn storage(&self) -> &Arc<Storage> {
        &self.0.storage
    }

    /// Whether only this handle sees the data (no other tensor, view or
    /// saved value), so whoever holds it may keep or overwrite it.
    pub fn is_exclusive(&self) -> bool {
        Arc::strong_count(&self.0) == 1
            && Arc::strong_count(&self.0.storage) == 1
            && self.is_contiguous()
            && self.offset() == 0
    }

    /// The address of the first element; 0 when there is none.
    pub fn data_ptr(&self) -> usize {
        if self.numel() == 0 {
            return 0;
        }
        let base = self.0.storage.data.read_recursive().as_ptr() as usize;
        base + self.offset() * self.dtype().item_size()
    }

    /// Whether no other handle holds this tensor (views of its storage may
    /// exist): torch's test for keeping a gradient as it is.
    pub fn is_sole_handle(&self) -> bool {
        Arc::strong_count(&self.0) == 1
    }

    /// A copy with `like`'s strides when `like` is dense (a transposed leaf
    /// gets a transposed gradient, as in torch), else contiguous.
    pub fn copy_laid_out_like(&self, like: &Tensor) -> Tensor {
        let l = like.layout();
        if l.is_contiguous() || !l.is_dense() || l.shape.as_slice() != self.shape() {
            return self.copy_data();
        }
        let out = dispatch!(self.dtype(), T => Tensor::from_buffer_strided(
            T::into_buffer(crate::kernels::filled(self.numel(), T::from_f64(0.0))),
            &l.shape,
            &l.strides,
            0,
        ));
        out.write_values(self);
        out
    }

    /// A copy laid out as `full_laid_out_like` lays out its result.
    pub fn copy_preserving_layout(&self) -> Tensor {
        if self.strides() == contiguous_strides(self.shape()).as_slice() {
            return self.copy_data();
        }
        let out = Tensor::full_laid_out_like(self, 0.0, self.dtype());
        out.write_values(self);
        out
    }

    /// `value` everywhere, laid out as torch's `*_like` functions lay out
    /// their result: `like`'s exact strides when it is dense, else dense
    /// strides with its dims in the same memory order.
    pub fn full_laid_out_like(like: &Tensor, value: f64, dtype: DType) -> Tensor {
        let l = like.layout();
        // a dense tensor keeps its exact strides, even where they differ from
        // the canonical ones only at size-1 or empty dims
        if l.strides.as_slice() == contiguous_strides(&l.shape).as_slice() {
            return Tensor::full(&l.shape, value, dtype);
        }
        let strides = if l.is_dense() {
            l.strides.to_vec()
        } else {
            dense_strides_in_order_of(&l.shape, &l.strides)
        };
        dispatch!(dtype, T => Tensor::from_buffer_strided(
            T::into_buffer(crate::kernels::filled(l.numel(), T::from_f64(value))),
            &l.shape,
            &strides,
            0,
        ))
    }

    /// `t.data = x` for an `x` of another dtype or shape: `t` keeps its
    /// autograd identity (grad, hooks, node) and takes a copy of `x`'s
    /// values, with `x`'s strides when they are dense. torch shares `x`'s
    /// storage instead, and leaves views of `t` on the old one; so that no
    /// view sees its storage change dtype, `t` must be the storage's only
    /// user here.
    pub fn take_data_of(&self, src: &Tensor) -> Result<()> {
        let storage = &self.0.storage;
        if Arc::strong_count(storage) != 1 || storage.pinned.load(Ordering::Acquire) {
            return Err(Error::NotImplemented(
                "ferrograd's `.data = x` with x of another shape or dtype needs the tensor to \
                 be the only user of its memory (no views of it, no numpy array)"
                    .into(),
            ));
        }
        let fresh = src.copy_laid_out_like(src);
        let values =
            std::mem::replace(&mut *fresh.0.storage.data.write(), Buffer::Bool(Vec::new()));
        let mut buf = storage.data.write();
        *buf = values;
        self.0.dtype.store(src.dtype() as u8, Ordering::Relaxed);
        self.set_layout(fresh.layout().clone());
        Ok(())
    }

    pub fn same(&self, other: &Tensor) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    pub fn shares_storage(&self, other: &Tensor) -> bool {
        Arc::ptr_eq(&self.0.storage, &other.0.storage)
    }

    pub fn is_inference(&self) -> bool {
        self.0.inference
    }

    /// A tensor over the same storage with another layout (a view).
    pub fn view_of(&self, shape: &[usize], strides: &[isize], offset: usize) -> Tensor {
        let base = self.0.view_base.clone().unwrap_or_else(|| self.clone());
        Tensor(Arc::new(TensorImpl {
            storage: self.0.storage.clone(),
            layout: Layout::new(shape, strides, offset),
            relayouts: AtomicPtr::new(std::ptr::null_mut()),
            dtype: AtomicU8::new(self.dtype() as u8),
            version: self.0.version.clone(),
            view_base: Some(base),
            inference: self.0.inference,
            in_graph: AtomicBool::new(false),
            meta: Mutex::new(AutogradMeta::default()),
        }))
    }

    /// A new tensor on this tensor's storage with another layout, with its
    /// own version counter and no history: how a loaded file rebuilds
    /// tensors that shared storage when saved. The layout must lie inside
    /// the storage.
    pub fn on_same_storage(
        &self,
        shape: &[usize],
        strides: &[isize],
        offset: usize,
    ) -> Result<Tensor> {
        let len = self.0.storage.data.read().len();
        let mut last = offset;
        for (&d, &s) in shape.iter().zip(strides) {
            if d == 0 {
                last = offset;
                break;
            }
            let step = usize::try_from(s)
                .map_err(|_| Error::runtime("a stored tensor has a negative stride"))?;
            last = step
                .checked_mul(d - 1)
                .and_then(|span| last.checked_add(span))
                .ok_or_else(|| Error::runtime("a stored tensor's layout overflows"))?;
        }
        if numel(shape) > 0 && last >= len {
            return Err(Error::runtime(format!(
                "a stored tensor reaches element {last} of a storage of {len} elements"
            )));
        }
        Ok(Tensor(Arc::new(TensorImpl {
            storage: self.0.storage.clone(),
            layout: Layout::new(shape, strides, offset),
            relayouts: AtomicPtr::new(std::ptr::null_mut()),
            dtype: AtomicU8::new(self.dtype() as u8),
            version: Arc::new(AtomicU32::new(0)),
            view_base: None,
            inference: false,
            in_graph: AtomicBool::new(false),
            meta: Mutex::new(AutogradMeta::default()),
        })))
    }

    /// The whole storage's bytes, in memory order (what a saved file holds).
    pub fn storage_bytes(&self) -> Vec<u8> {
        let buf = self.0.storage.data.read();
        let n = buf.len() * buf.dtype().item_size();
        // SAFETY: the buffer holds `len` initialised elements of its dtype's
        // size, read under the lock.
        unsafe { std::slice::from_raw_parts(buf.as_ptr(), n) }.to_vec()
    }

    /// A 1-d tensor of `dtype` over a copy of `bytes` (little-endian, as
    /// `storage_bytes` gives them); bools are any non-zero byte.
    pub fn from_storage_bytes(bytes: &[u8], dtype: DType) -> Result<Tensor> {
        let size = dtype.item_size();
        if !bytes.len().is_multiple_of(size) {
            return Err(Error::runtime(format!(
                "a stored storage of {} bytes does not hold whole {} elements",
                bytes.len(),
                dtype.scalar_type_name()
            )));
        }
        let n = bytes.len() / size;
        if dtype == DType::Bool {
            let values: Vec<bool> = bytes.iter().map(|&b| b != 0).collect();
            return Ok(Tensor::from_vec(values, &[n]));
        }
        Ok(dispatch!(dtype, T => {
            let mut values: Vec<T> = Vec::with_capacity(n);
            // SAFETY: every bit pattern is a valid value of the non-bool
            // element types, and exactly n * size bytes are written.
            unsafe {
                std::ptr::copy_nonoverlapping(bytes.as_ptr(), values.as_mut_ptr().cast::<u8>(), n * size);
                values.set_len(n);
            }
            Tensor::from_vec(values, &[n])
        }))
    }

    /// How many elements the storage holds.
    pub fn storage_len(&self) -> usize {
        self.0.storage.data.read().len()
    }

    /// Which storage this tensor uses (equal for tensors that share one).
    pub fn storage_id(&self) -> usize {
        Arc::as_ptr(&self.0.storage) as usize
    }

    /// Same data, same version counter, no autograd history (`detach()`).
    pub fn detach(&self) -> Tensor {
        Tensor(Arc::new(TensorImpl {
            storage: self.0.storage.clone(),
            layout: self.layout().clone(),
            relayouts: AtomicPtr::new(std::ptr::null_mut()),
            dtype: AtomicU8::new(self.dtype() as u8),
            version: self.0.version.clone(),
            view_base: None,
            inference: self.0.inference,
            in_graph: AtomicBool::new(false),
            meta: Mutex::new(AutogradMeta::default()),
        }))
    }

    /// What a node keeps of its own output: the data only.
    pub fn data_alias(&self) -> Tensor {
        self.detach()
    }

    /// This tensor under another shape of the same size, as a new tensor
    /// (not a view): a fresh, unshared, contiguous result keeps its
    /// storage; anything else is copied first.
    pub(crate) fn into_shape(self, shape: &[usize]) -> Tensor {
        debug_assert_eq!(numel(shape), self.numel());
        let reusable = self.is_contiguous()
            && self.0.view_base.is_none()
            && self.0.relayouts().is_none()
            && self.grad_fn().is_none();
        let fresh = if reusable { self } else { self.copy_data() };
        match Arc::try_unwrap(fresh.0) {
            Ok(mut inner) => {
                let offset = inner.layout.offset;
                inner.layout = Layout::new(shape, &contiguous_strides(shape), offset);
                Tensor(Arc::new(inner))
            }
            Err(shared) => Tensor(shared).copy_data().into_shape(shape),
        }
    }

    /// `.data`: same storage, its own version counter.
    pub fn data_view(&self) -> Tensor {
        let t = self.detach();
        let mut inner = Arc::try_unwrap(t.0).ok().expect("fresh tensor is unshared");
        inner.version = Arc::new(AtomicU32::new(0));
        Tensor(Arc::new(inner))
    }

    // ---- version counter ----

    pub fn version(&self) -> u32 {
        self.0.version.load(Ordering::Relaxed)
    }

    pub fn bump_version(&self) {
        self.0.version.fetch_add(1, Ordering::Relaxed);
    }

    // ---- autograd state ----

    pub fn meta(&self) -> parking_lot::MutexGuard<'_, AutogradMeta> {
        self.0.meta.lock()
    }

    pub fn requires_grad(&self) -> bool {
        self.0.in_graph.load(Ordering::Acquire)
    }

    pub fn grad_fn(&self) -> Option<NodeRef> {
        self.0.meta.lock().grad_fn.clone()
    }

    pub fn has_grad_fn(&self) -> bool {
        self.0.meta.lock().grad_fn.is_some()
    }

    pub fn grad_fn_name(&self) -> Option<&'static str> {
        let id = self.0.meta.lock().grad_fn.as_ref().map(|n| n.id())?;
        crate::autograd::arena::with_arena(|a| a.body(id).map(|b| b.name))
    }

    pub fn is_leaf(&self) -> bool {
        self.0.meta.lock().grad_fn.is_none()
    }

    pub fn output_nr(&self) -> u32 {
        self.0.meta.lock().output_nr
    }

    pub fn view_base(&self) -> Option<&Tensor> {
        self.0.view_base.as_ref()
    }

    /// `requires_grad_()` / the `requires_grad` setter, with torch's rules.
    pub fn set_requires_grad(&self, flag: bool, via_method: bool) -> Result<()> {
        let mut m = self.0.meta.lock();
        if m.grad_fn.is_some() {
            if flag {
                return Ok(());
            }
            return Err(Error::runtime(
                "you can only change requires_grad flags of leaf variables. If you want to use \
                 a computed variable in a subgraph that doesn't require differentiation use \
                 var_no_grad = var.detach().",
            ));
        }
        if flag && self.dtype().is_complex() {
            return Err(Error::NotImplemented(
                "ferrograd does not support gradients of complex tensors".into(),
            ));
        }
        if flag && !self.dtype().is_floating() {
            return Err(Error::runtime(if via_method {
                "only Tensors of floating point dtype can require gradients"
            } else {
                "only Tensors of floating point and complex dtype can require gradients"
            }));
        }
        if flag && self.0.inference {
            return Err(Error::runtime(
                "Setting requires_grad=True on inference tensor outside InferenceMode is not allowed.",
            ));
        }
        m.requires_grad = flag;
        self.0.in_graph.store(flag, Ordering::Release);
        Ok(())
    }

    pub fn grad(&self) -> Option<Tensor> {
        self.0.meta.lock().grad.clone()
    }

    pub fn set_grad(&self, grad: Option<Tensor>) -> Result<()> {
        if let Some(g) = &grad {
            if g.shape() != self.shape() {
                return Err(Error::runtime(format!(
                    "attempting to assign a gradient of size '{}' to a tensor of size '{}'. \
                     Please ensure that the gradient and the tensor are the same size",
                    crate::shape::list_str(g.shape()),
                    crate::shape::list_str(self.shape())
                )));
            }
            if g.dtype() != self.dtype() {
                return Err(Error::runtime(
                    "attempting to assign a gradient with a different dtype than the tensor",
                ));
            }
        }
        self.0.meta.lock().grad = grad;
        Ok(())
    }

    /// Turns this tensor into a leaf that does not require grad (`detach_()`).
    pub fn detach_in_place(&self) {
        let old = {
            let mut m = self.0.meta.lock();
            m.requires_grad = false;
            m.output_nr = 0;
            self.0.in_graph.store(false, Ordering::Release);
            m.grad_fn.take()
        };
        drop(old); // outside the lock: freeing nodes may touch other tensors
    }

    pub(crate) fn set_history(&self, node: NodeRef, output_nr: u32) {
        let old = {
            let mut m = self.0.meta.lock();
            m.output_nr = output_nr;
            self.0.in_graph.store(true, Ordering::Release);
            m.grad_fn.replace(node)
        };
        drop(old);
    }

    // ---- data access ----

    /// Calls `f` with the elements in row-major order, borrowed when the
    /// layout is contiguous, gathered otherwise.
    pub fn with_slice<T: Element, R>(&self, f: impl FnOnce(&[T]) -> R) -> R {
        debug_assert_eq!(T::DTYPE, self.dtype());
        let l = self.layout();
        let buf = self.0.storage.data.read_recursive();
        let all = T::slice(&buf);
        if l.is_contiguous() {
            f(&all[span(l.offset, l.numel())])
        } else {
            let gathered = gather(all, &l.shape, &l.strides, l.offset);
            drop(buf);
            f(&gathered)
        }
    }

    pub fn to_vec<T: Element>(&self) -> Vec<T> {
        debug_assert_eq!(T::DTYPE, self.dtype());
        let buf = self.0.storage.data.read_recursive();
        let all = T::slice(&buf);
        if self.is_contiguous() {
            let s = &all[span(self.offset(), self.numel())];
            if crate::kernels::parallel_worth(s.len()) {
                // split across threads (into a pooled buffer)
                return crate::kernels::map_slice(s, &|v: T| v);
            }
            let mut v = crate::kernels::pool::vec_with_capacity(s.len());
            v.extend_from_slice(s);
            v
        } else {
            gather(all, self.shape(), self.strides(), self.offset())
        }
    }

    pub fn to_f64_vec(&self) -> Vec<f64> {
        dispatch!(self.dtype(), T => self.with_slice(|s: &[T]| s.iter().map(|v| v.to_f64()).collect()))
    }

    /// A contiguous tensor with the same values (self if already contiguous).
    pub fn contiguous(&self) -> Tensor {
        if self.is_contiguous()
            && self.offset() == 0
            && self.0.storage.data.read().len() == self.numel()
        {
            return self.clone();
        }
        self.copy_data()
    }

    /// A fresh contiguous copy of the values, with no history.
    pub fn copy_data(&self) -> Tensor {
        dispatch!(self.dtype(), T => Tensor::from_vec(self.to_vec::<T>(), self.shape()))
    }

    pub fn cast(&self, dtype: DType) -> Tensor {
        if dtype == self.dtype() {
            return self.clone();
        }
        dispatch!(self.dtype(), S => {
            self.with_slice(|src: &[S]| {
                dispatch!(dtype, D => {
                    let out: Vec<D> = src.iter().map(|&v| cast_elem::<S, D>(v)).collect();
                    Tensor::from_vec(out, self.shape())
                })
            })
        })
    }

    /// `cast` to a new storage that keeps this tensor's version counter and
    /// inference flag: the copy stands for this tensor (`compute::twin`).
    pub(crate) fn cast_as_twin(&self, dtype: DType) -> Tensor {
        if dtype == self.dtype() {
            return self.clone();
        }
        let copy = self.cast(dtype);
        match Arc::try_unwrap(copy.0) {
            Ok(mut inner) => {
                inner.version = self.0.version.clone();
                inner.inference = self.0.inference;
                Tensor(Arc::new(inner))
            }
            Err(shared) => Tensor(shared),
        }
    }

    /// A copy over the whole storage converted to `dtype`, with this
    /// tensor's layout (for kernels that address storage directly).
    pub fn cast_keeping_layout(&self, dtype: DType) -> Tensor {
        let buf = self.0.storage.data.read_recursive();
        let converted = dispatch!(self.dtype(), S => {
            let src = S::slice(&buf);
            dispatch!(dtype, D => D::into_buffer(src.iter().map(|&v| cast_elem::<S, D>(v)).collect()))
        });
        drop(buf);
        let l = self.layout();
        Tensor::from_buffer_strided(converted, &l.shape, &l.strides, l.offset)
    }

    pub fn item_f64(&self) -> Result<f64> {
        let n = self.numel();
        if n != 1 {
            return Err(Error::runtime(format!(
                "a Tensor with {n} elements cannot be converted to Scalar"
            )));
        }
        Ok(self.to_f64_vec()[0])
    }

    /// Overwrites this tensor's elements (through its layout) with `src`'s,
    /// which must have the same shape and dtype. Bumps the version.
    pub fn write_from(&self, src: &Tensor) {
        self.write_values(src);
        self.bump_version();
    }

    /// `write_from` without the version bump, for results no one has seen.
    pub(crate) fn write_values(&self, src: &Tensor) {
        debug_assert_eq!(src.shape(), self.shape());
        debug_assert_eq!(src.dtype(), self.dtype());
        dispatch!(self.dtype(), T => {
            if self.is_contiguous() && !Arc::ptr_eq(&self.0.storage, &src.0.storage) {
                let range = span(self.offset(), self.numel());
                src.with_slice(|values: &[T]| {
                    T::slice_mut(&mut self.0.storage.data.write())[range].copy_from_slice(values)
                });
                return;
            }
            let l = self.layout();
            let scatter = |values: &[T]| {
                let mut buf = self.0.storage.data.write();
                let all = T::slice_mut(&mut buf);
                if l.is_contiguous() {
                    all[span(l.offset, values.len())].copy_from_slice(values);
                } else if l.shape.len() == 1 && l.strides[0] > 0 {
                    // a 1-D strided view (a slice's backward): one strided pass
                    let (n, stride) = (values.len(), l.strides[0] as usize);
                    assert!(n == 0 || l.offset + (n - 1) * stride < all.len());
                    // SAFETY: the last position is in bounds (checked above)
                    // and a positive stride keeps positions distinct
                    unsafe {
                        crate::kernels::scatter_strided(all.as_mut_ptr(), l.offset, stride, values)
                    };
                } else {
                    let mut i = 0;
                    for_each_offset(&l.shape, &l.strides, l.offset, |off| {
                        all[off] = values[i];
                        i += 1;
                    });
                }
            };
            if Arc::ptr_eq(&self.0.storage, &src.0.storage) {
                // reading and writing one buffer: read it out first
                scatter(&src.to_vec::<T>());
            } else {
                src.with_slice(scatter);
            }
        });
    }

    /// Applies `f` to every element in place. Bumps the version.
    pub fn map_in_place<T: Element>(&self, f: impl Fn(T) -> T + Sync) {
        {
            let l = self.layout();
            let mut buf = self.0.storage.data.write();
            let all = T::slice_mut(&mut buf);
            if l.is_contiguous() {
                crate::kernels::update_slice(&mut all[span(l.offset, l.numel())], &f);
            } else {
                for_each_offset(&l.shape, &l.strides, l.offset, |off| {
                    all[off] = f(all[off]);
                });
            }
        }
        self.bump_version();
    }
}

/// Dense strides for `shape` whose dims are stored in the order of
/// `strides`, as torch infers them for a strided tensor's copy: an
/// insertion sort from the innermost dim outwards in which a smaller stride
/// goes inside, equal strides put the smaller size inside, and a zero
/// stride decides nothing (an expanded dim keeps its place).
fn dense_strides_in_order_of(shape: &[usize], strides: &[isize]) -> Vec<isize> {
    // > 0: `outer` belongs inside `inner`; 0: no say; < 0: already in order
    let swap = |inner: usize, outer: usize| -> i32 {
        let (a, b) = (strides[inner].unsigned_abs(), strides[outer].unsigned_abs());
        if a == 0 || b == 0 {
            0
        } else if a != b {
            if a < b {
                -1
            } else {
                1
            }
        } else {
            i32::from(shape[inner] > shape[outer])
        }
    };
    let mut inner_first: Vec<usize> = (0..shape.len()).rev().collect();
    for i in 1..inner_first.len() {
        let mut moving = i;
        for j in (0..i).rev() {
            let c = swap(inner_first[j], inner_first[moving]);
            if c > 0 {
                inner_first.swap(j, moving);
                moving = j;
            } else if c < 0 {
                break;
            }
        }
    }
    let mut out = vec![0isize; shape.len()];
    let mut step = 1isize;
    for d in inner_first {
        out[d] = step;
        step *= shape[d].max(1) as isize;
    }
    out
}

/// The storage positions of `n` contiguous elements from `offset`. An empty
/// view's offset may lie past its storage's end (row 1 of a 2×0 matrix
/// starts at 1 in an empty storage), so no elements means no positions.
#[inline]
pub(crate) fn span(offset: usize, n: usize) -> std::ops::Range<usize> {
    if n == 0 {
        0..0
    } else {
        offset..offset + n
    }
}

/// Conversion with torch's semantics: integers wrap, floats truncate,
/// complex to real keeps the real part.
#[inline]
pub fn cast_elem<S: Element, D: Element>(v: S) -> D {
    if let Some((re, im)) = v.to_complex() {
        return D::from_complex(re, im);
    }
    match v.to_i64() {
        Some(i) => D::from_i64(i),
        None => D::from_f64(v.to_f64()),
    }
}

/// Visits the storage offsets of a strided layout in row-major order.
pub fn for_each_offset(
    shape: &[usize],
    strides: &[isize],
    offset: usize,
    mut f: impl FnMut(usize),
) {
    if shape.contains(&0) {
        return;
    }
    let nd = shape.len();
    if nd == 0 {
        f(offset);
        return;
    }
    let inner = shape[nd - 1];
    let inner_stride = strides[nd - 1];
    let mut index = vec![0usize; nd - 1];
    let mut base = offset as isize;
    loop {
        let mut o = base;
        for _ in 0..inner {
            f(o as usize);
            o += inner_stride;
        }
        // advance the outer odometer
        let mut d = nd - 1;
        loop {
            if d == 0 {
                return;
            }
            d -= 1;
            index[d] += 1;
            base += strides[d];
            if index[d] < shape[d] {
                break;
            }
            base -= strides[d] * shape[d] as isize;
            index[d] = 0;
        }
    }
}

/// The elements of a strided layout in row-major order. Dims that step
/// through memory as one run are merged first, then each row along the
/// last dim is copied whole, filled (an expanded value) or stepped through.
pub fn gather<T: Copy + Send + 'static>(
    all: &[T],
    shape: &[usize],
    strides: &[isize],
    offset: usize,
) -> Vec<T> {
    let n = numel(shape);
    let (shape, strides) = merge_runs(shape, strides);
    let nd = shape.len();
    let (inner, step) = (shape[nd - 1], strides[nd - 1]);
    crate::kernels::filled_vec(n, |out| {
        if n == 0 {
            return;
        }
        let mut rows = out.chunks_mut(inner);
        for_each_offset(&shape[..nd - 1], &strides[..nd - 1], offset, |base| {
            let dst = rows.next().expect("one output row per row start");
            match step {
                1 => {
                    for (o, &v) in dst.iter_mut().zip(&all[base..base + inner]) {
                        o.write(v);
                    }
                }
                0 => {
                    let v = all[base];
                    for o in dst.iter_mut() {
                        o.write(v);
                    }
                }
                _ => {
                    for (j, o) in dst.iter_mut().enumerate() {
                        o.write(all[(base as isize + j as isize * step) as usize]);
                    }
                }
            }
        });
    })
}

/// The layout with size-1 dims dropped and neighbouring dims that are one
/// run in memory merged (at least one dim is kept).
fn merge_runs(shape: &[usize], strides: &[isize]) -> (Vec<usize>, Vec<isize>) {
    let (mut out_shape, mut out_strides): (Vec<usize>, Vec<isize>) = (Vec::new(), Vec::new());
    for (&d, &s) in shape.iter().zip(strides) {
        if d == 1 {
            continue;
        }
        match (out_shape.last_mut(), out_strides.last_mut()) {
            (Some(last_d), Some(last_s)) if *last_s == s * d as isize => {
                *last_d *= d;
                *last_s = s;
            }
            _ => {
                out_shape.push(d);
                out_strides.push(s);
            }
        }
    }
    if out_shape.is_empty() {
        out_shape.push(1);
        out_strides.push(1);
    }
    (out_shape, out_strides)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strided_gather_transposes() {
        let t = Tensor::from_vec(vec![1.0f32, 2., 3., 4., 5., 6.], &[2, 3]);
        let tt = t.view_of(&[3, 2], &[1, 3], 0);
        assert!(!tt.is_contiguous());
        assert_eq!(tt.to_vec::<f32>(), vec![1., 4., 2., 5., 3., 6.]);
    }

    #[test]
    fn views_share_version() {
        let t = Tensor::from_vec(vec![1.0f32, 2.], &[2]);
        let d = t.detach();
        d.map_in_place(|v: f32| v * 2.0);
        assert_eq!(t.version(), 1);
        assert_eq!(t.to_vec::<f32>(), vec![2., 4.]);
        assert_eq!(t.data_view().version(), 0);
    }
}
