//! `t[key]` / `t[key] = v` for basic keys (ints, slices, None, Ellipsis and
//! tuples of those) parsed here without a trip through Python. Any other
//! key (tensors, lists, bools, ints too large for i64, slices with
//! non-int bounds, ...) is left to the Python layer's full parser
//! (`_tensor_getitem` / `_tensor_setitem` in python/ferrograd/__init__.py),
//! which this mirrors for the keys it accepts.

use crate::ops::view::IndexItem;
use pyo3::exceptions::{PyIndexError, PyValueError};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyInt, PySlice, PyTuple};
use smallvec::SmallVec;

/// One component of a basic key, before it meets the tensor's shape.
#[derive(Clone, Copy)]
enum Part {
    Int(i64),
    /// start, stop, step as `PySlice_Unpack` gives them (None filled in).
    Slice(isize, isize, isize),
    NewAxis,
    Ellipsis,
}

type Parts = SmallVec<[Part; 4]>;
pub type Items = SmallVec<[IndexItem; 4]>;

/// What a basic key selects.
pub enum Basic {
    /// Every element, unchanged (`t[...]`, `t[:]`, `t[()]`): an alias.
    Whole,
    /// The parsed items (for reads, trailing whole-dim slices trimmed).
    Items(Items),
}

/// An exact Python int that fits i64 (bools and int subclasses are not).
fn exact_int(v: &Bound<'_, PyAny>) -> Option<i64> {
    if v.is_exact_instance_of::<PyInt>() {
        v.extract::<i64>().ok()
    } else {
        None
    }
}

fn part_of(k: &Bound<'_, PyAny>) -> Option<Part> {
    if let Some(i) = exact_int(k) {
        return Some(Part::Int(i));
    }
    let py = k.py();
    if k.is_none() {
        return Some(Part::NewAxis);
    }
    if k.is(py.Ellipsis()) {
        return Some(Part::Ellipsis);
    }
    let s = k.cast_exact::<PySlice>().ok()?;
    let (mut start, mut stop, mut step) = (0, 0, 0);
    // SAFETY: `s` is a live slice object and the GIL is held
    let ok = unsafe { ffi::PySlice_Unpack(s.as_ptr(), &mut start, &mut stop, &mut step) } == 0;
    if !ok {
        // a zero step or a bound that is no index: the Python parser reports it
        drop(PyErr::take(py));
        return None;
    }
    Some(Part::Slice(start, stop, step))
}

/// The key's parts, or None when some part needs the Python parser.
fn parts_of(key: &Bound<'_, PyAny>) -> Option<Parts> {
    match key.cast::<PyTuple>() {
        Ok(tuple) => tuple.iter().map(|k| part_of(&k)).collect(),
        Err(_) => part_of(key).map(|p| smallvec::smallvec![p]),
    }
}

/// Parses a basic key against `shape`, with the Python parser's checks in
/// its order. `Ok(None)`: not a basic key, the Python parser takes it.
pub fn parse(key: &Bound<'_, PyAny>, shape: &[usize], for_read: bool) -> PyResult<Option<Basic>> {
    let Some(parts) = parts_of(key) else {
        return Ok(None);
    };
    let ndim = shape.len();
    let ellipses = parts.iter().filter(|p| matches!(p, Part::Ellipsis)).count();
    if ellipses > 1 {
        return Err(PyIndexError::new_err(
            "an index can only have a single ellipsis ('...')",
        ));
    }
    let consumed = parts
        .iter()
        .filter(|p| matches!(p, Part::Int(_) | Part::Slice(..)))
        .count();
    if consumed > ndim {
        return Err(PyIndexError::new_err(format!(
            "too many indices for tensor of dimension {ndim}"
        )));
    }
    let whole = |n: usize| IndexItem::Slice {
        start: 0,
        len: n,
        step: 1,
    };
    // a lone slice key is always recorded as a slice (SliceBackward0), even
    // when whole; only inside a tuple does torch drop whole-dim slices
    let lone_slice = !key.is_instance_of::<PyTuple>() && matches!(parts[..], [Part::Slice(..)]);
    let mut items = Items::new();
    let mut dim = 0;
    for part in parts {
        match part {
            Part::Ellipsis => {
                let skip = ndim - consumed;
                items.extend(shape[dim..dim + skip].iter().map(|&n| whole(n)));
                dim += skip;
            }
            Part::NewAxis => items.push(IndexItem::NewAxis),
            Part::Int(i) => {
                items.push(IndexItem::Int(i));
                dim += 1;
            }
            Part::Slice(mut start, mut stop, step) => {
                if step <= 0 {
                    return Err(PyValueError::new_err("step must be greater than zero"));
                }
                // SAFETY: plain arithmetic on the given values (slice.indices' clamping)
                let len = unsafe {
                    ffi::PySlice_AdjustIndices(shape[dim] as isize, &mut start, &mut stop, step)
                };
                items.push(IndexItem::Slice {
                    start: start as usize,
                    len: len as usize,
                    step: step as usize,
                });
                dim += 1;
            }
        }
    }
    if !for_read || lone_slice {
        return Ok(Some(Basic::Items(items)));
    }
    if items.len() <= ndim && items.iter().zip(shape).all(|(it, &n)| is_whole(it, n)) {
        return Ok(Some(Basic::Whole));
    }
    // torch records nothing for trailing whole-dim slices
    while let Some(last @ IndexItem::Slice { .. }) = items.last() {
        // the dim the last slice reads
        let pos = items[..items.len() - 1]
            .iter()
            .filter(|i| !matches!(i, IndexItem::NewAxis))
            .count();
        if !is_whole(last, shape[pos]) {
            break;
        }
        items.pop();
    }
    Ok(Some(Basic::Items(items)))
}

fn is_whole(item: &IndexItem, size: usize) -> bool {
    matches!(*item, IndexItem::Slice { start: 0, len, step: 1 } if len == size)
}
