//! Pooling over 2-D windows: `max_pool2d` (MaxPool2DWithIndicesBackward0),
//! `avg_pool2d` (AvgPool2DBackward0) and `adaptive_avg_pool2d`
//! (AdaptiveAvgPool2DBackward0) on (N, C, H, W) inputs. Max pooling reads
//! one element per window (a gather); average pooling is a window sum
//! divided by a count, whose adjoint spreads each gradient back over its
//! window; each op's backward is the other, so gradients are
//! differentiable again.

use super::gather::{record_take, take, TakeNames, NO_SOURCE};
use super::grad0;
use crate::autograd::node::{Backward, Grads};
use crate::autograd::{needs_graph, record};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::shape::{numel, Shape};
use crate::tensor::Tensor;
use crate::threads::{for_each_chunk_mut, run_tasks, SendPtr};
use smallvec::smallvec;
use std::sync::Arc;

/// Window geometry per axis (rows, cols).
#[derive(Clone, Copy, Debug)]
pub struct PoolParams {
    pub kernel: [usize; 2],
    pub stride: [usize; 2],
    pub padding: [usize; 2],
    pub dilation: [usize; 2],
    pub ceil_mode: bool,
}

/// torch's pooled length: windows that start in the right padding are
/// dropped in ceil mode.
fn pooled_len(size: usize, a: usize, p: &PoolParams) -> i64 {
    let (k, s, pad, d) = (
        p.kernel[a] as i64,
        p.stride[a] as i64,
        p.padding[a] as i64,
        p.dilation[a] as i64,
    );
    let size = size as i64;
    let numerator = size + 2 * pad - d * (k - 1) - 1 + if p.ceil_mode { s - 1 } else { 0 };
    let mut out = numerator.div_euclid(s) + 1;
    if p.ceil_mode && (out - 1) * s >= size + pad {
        out -= 1;
    }
    out
}

/// torch's checks of a pooling's arguments; the output's (rows, cols).
fn checked_output(x: &Tensor, p: &PoolParams) -> Result<[usize; 2]> {
    if !(x.ndim() == 3 || x.ndim() == 4) {
        return Err(Error::runtime(
            "non-empty 3D or 4D (batch mode) tensor expected for input",
        ));
    }
    // only a 4-D input's batch may be empty
    if x.shape()[x.ndim() - 3..].contains(&0) {
        return Err(Error::runtime(format!(
            "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, \
             but got:{}",
            crate::shape::list_str(x.shape())
        )));
    }
    if p.stride.contains(&0) {
        return Err(Error::runtime("stride should not be zero"));
    }
    if p.kernel.contains(&0) {
        return Err(Error::runtime(format!(
            "kernel size should be greater than zero, but got kH: {} kW: {}",
            p.kernel[0], p.kernel[1]
        )));
    }
    if p.dilation.contains(&0) {
        return Err(Error::runtime(format!(
            "dilation should be greater than zero, but got dilationH: {} dilationW: {}",
            p.dilation[0], p.dilation[1]
        )));
    }
    for a in 0..2 {
        let effective = p.dilation[a] * (p.kernel[a] - 1) + 1;
        if p.padding[a] * 2 > effective {
            return Err(Error::runtime(format!(
                "pad should be at most half of effective kernel size, but got pad={}, \
                 kernel_size={} and dilation={}",
                p.padding[a], p.kernel[a], p.dilation[a]
            )));
        }
    }
    let s = x.shape();
    let (h, w) = (s[s.len() - 2], s[s.len() - 1]);
    let (oh, ow) = (pooled_len(h, 0, p), pooled_len(w, 1, p));
    if oh < 1 || ow < 1 {
        return Err(Error::runtime(format!(
            "Given input size: ({}x{h}x{w}). Calculated output size: ({}x{oh}x{ow}). Output \
             size is too small",
            s[s.len() - 3],
            s[s.len() - 3]
        )));
    }
    Ok([oh as usize, ow as usize])
}

/// The image rows (or cols) a max-pooling window covers along one axis:
/// `first`, then every `step`-th up to `end`, all inside the image.
#[derive(Clone, Copy)]
struct Span {
    first: usize,
    end: usize,
    step: usize,
}

impl Span {
    /// Window `o`'s span along axis `a` of an image `size` long.
    fn of(o: usize, a: usize, size: usize, p: &PoolParams) -> Span {
        let (s, pad, d, k) = (
            p.stride[a] as i64,
            p.padding[a] as i64,
            p.dilation[a] as i64,
            p.kernel[a] as i64,
        );
        let start = o as i64 * s - pad;
        let end = (start + (k - 1) * d + 1).min(size as i64);
        // the first position at or past 0, on the window's dilation grid
        let first = if start < 0 {
            start + ((-start) as usize).div_ceil(d as usize) as i64 * d
        } else {
            start
        };
        Span {
            first: first as usize,
            end: end.max(first) as usize,
            step: d as usize,
        }
    }
}

/// `max_pool2d(x)`: (values, flat per-plane indices). The first largest
/// element of a window wins, and a NaN wins over numbers (a later NaN over
/// an earlier one), as in torch's kernel.
pub fn max_pool2d(x: &Tensor, p: &PoolParams) -> Result<(Tensor, Tensor)> {
    let [oh, ow] = checked_output(x, p)?;
    let s = x.shape();
    let (h, w) = (s[s.len() - 2], s[s.len() - 1]);
    let planes = x.numel() / (h * w).max(1);
    // per output row (col): the image rows (cols) its window covers
    let rows: Vec<Span> = (0..oh).map(|o| Span::of(o, 0, h, p)).collect();
    let cols: Vec<Span> = (0..ow).map(|o| Span::of(o, 1, w, p)).collect();
    let per_plane = oh * ow;
    let mut indices: Vec<i64> = crate::kernels::filled(planes * per_plane, 0);
    // the positions read, for the backward (and for non-float inputs' values)
    let native = matches!(x.dtype(), DType::F32 | DType::F64);
    let mut sources: Vec<usize> = if native && !needs_graph(&[x]) {
        Vec::new()
    } else {
        vec![0; planes * per_plane]
    };
    let keep_sources = !sources.is_empty();
    let (slots, sourced) = (SendPtr(indices.as_mut_ptr()), SendPtr(sources.as_mut_ptr()));
    if x.dtype().is_complex() {
        return Err(Error::runtime(format!(
            "\"max_pool2d\" not implemented for '{}'",
            crate::shape::scalar_type_name(x.dtype())
        )));
    }
    let mut shape: Vec<usize> = s[..s.len() - 2].to_vec();
    shape.extend([oh, ow]);
    let names = TakeNames {
        take: "MaxPool2DWithIndicesBackward0",
        scatter: "MaxPool2DWithIndicesBackwardBackward0",
    };
    let source = super::contiguous_tracked(x);
    // other dtypes are compared through float64 (exact for their values)
    let compared = if native {
        x.clone()
    } else {
        x.cast(DType::F64)
    };
    let values = crate::dispatch_float!(compared.dtype(), T => compared.with_slice(|values: &[T]| {
        let mut maxima: Vec<T> = crate::kernels::filled(planes * per_plane, 0 as T);
        let found = SendPtr(maxima.as_mut_ptr());
        // one plane per task; a NaN (which is unequal to itself) beats numbers
        run_tasks(planes, &|plane| {
            let image = &values[plane * h * w..(plane + 1) * h * w];
            for (oy, ys) in rows.iter().enumerate() {
                for (ox, xs) in cols.iter().enumerate() {
                    // as torch's kernel: the window's first position (even
                    // when the window has none inside the image) and -inf
                    let mut best = ys.first * w + xs.first;
                    let empty = ys.first == ys.end || xs.first == xs.end;
                    let mut most = if empty { T::NEG_INFINITY } else { image[best] };
                    // (while loops: a step_by range divides to count its steps)
                    let mut y = ys.first;
                    while y < ys.end {
                        let row = &image[y * w..(y + 1) * w];
                        let mut xx = xs.first;
                        while xx < xs.end {
                            let v = row[xx];
                            #[allow(clippy::eq_op)]
                            if v > most || v != v {
                                (best, most) = (y * w + xx, v);
                            }
                            xx += xs.step;
                        }
                        y += ys.step;
                    }
                    let slot = plane * per_plane + oy * ow + ox;
                    // SAFETY: task `plane` alone writes this plane's slots
                    unsafe {
                        *slots.at(slot) = best as i64;
                        *found.at(slot) = most;
                        if keep_sources {
                            *sourced.at(slot) = if empty { NO_SOURCE } else { plane * h * w + best };
                        }
                    }
                }
            }
        });
        Tensor::from_vec(maxima, &shape)
    }), unreachable!("compared as float32 or float64"));
    let out = if native {
        record_take(&source, &values, sources.into(), names);
        values
    } else {
        take(&source, &shape, sources.into(), names)
    };
    Ok((out, Tensor::from_vec(indices, &shape)))
}

/// Average-pooling windows, the same in every (N, C) plane: the image rows
/// and cols each output row and col covers, and what its sum is divided by.
struct Windows {
    rows: Vec<(usize, usize)>,
    cols: Vec<(usize, usize)>,
    divisor: Divisor,
    in_shape: Shape,
    out_shape: Shape,
}

enum Divisor {
    /// `divisor_override`
    Fixed(f64),
    /// The window's area counting padding: its padded rows and cols.
    Padded { rows: Vec<usize>, cols: Vec<usize> },
    /// The area of the window inside the image.
    Inside,
    /// Adaptive pooling divides by the window's rows, then by its cols.
    RowsThenCols,
}

impl Windows {
    /// (image rows, image cols, outputs per plane, output cols)
    fn geometry(&self) -> (usize, usize, usize, usize) {
        let n = self.in_shape.len();
        let (h, w) = (self.in_shape[n - 2], self.in_shape[n - 1]);
        (h, w, self.rows.len() * self.cols.len(), self.cols.len())
    }

    /// Planes per task: enough work per task to outweigh handing it out.
    fn planes_per_task(&self) -> usize {
        let (h, w, per_plane, _) = self.geometry();
        (16384 / (h * w + per_plane).max(1)).max(1)
    }

    /// What output (oy, ox)'s sum is divided by, first and then.
    #[inline]
    fn divisors(&self, oy: usize, ox: usize) -> (f64, f64) {
        let ((y0, y1), (x0, x1)) = (self.rows[oy], self.cols[ox]);
        let (nr, nc) = (y1.saturating_sub(y0) as f64, x1.saturating_sub(x0) as f64);
        match &self.divisor {
            Divisor::Fixed(d) => (*d, 1.0),
            Divisor::Padded { rows, cols } => ((rows[oy] * cols[ox]) as f64, 1.0),
            Divisor::Inside => (nr * nc, 1.0),
            Divisor::RowsThenCols => (nr, nc),
        }
    }
}

/// Names of a window mean and of its adjoint.
#[derive(Clone, Copy)]
struct MeanNames {
    mean: &'static str,
    spread: &'static str,
}

/// `avg_pool2d(x)` with torch's counts: windows clipped to the padded
/// image count their padding unless `count_include_pad` is false;
/// `divisor_override` replaces the count.
pub fn avg_pool2d(
    x: &Tensor,
    p: &PoolParams,
    count_include_pad: bool,
    divisor_override: Option<i64>,
) -> Result<Tensor> {
    if divisor_override == Some(0) {
        return Err(Error::runtime("divisor must be not zero"));
    }
    let [oh, ow] = checked_output(x, p)?;
    let s = x.shape();
    let (h, w) = (s[s.len() - 2], s[s.len() - 1]);
    // one axis's span clipped to the image, and its length inside the padding
    let span = |o: usize, a: usize, size: usize| {
        let start = o as i64 * p.stride[a] as i64 - p.padding[a] as i64;
        let end = (start + p.kernel[a] as i64).min((size + p.padding[a]) as i64);
        let clipped = (start.max(0) as usize, end.min(size as i64).max(0) as usize);
        (clipped, (end - start) as usize)
    };
    let (rows, padded_rows): (Vec<_>, Vec<_>) = (0..oh).map(|o| span(o, 0, h)).unzip();
    let (cols, padded_cols): (Vec<_>, Vec<_>) = (0..ow).map(|o| span(o, 1, w)).unzip();
    let divisor = match divisor_override {
        Some(d) => Divisor::Fixed(d as f64),
        None if count_include_pad => Divisor::Padded {
            rows: padded_rows,
            cols: padded_cols,
        },
        None => Divisor::Inside,
    };
    let win = Windows {
        rows,
        cols,
        divisor,
        in_shape: s.into(),
        out_shape: s[..s.len() - 2].iter().copied().chain([oh, ow]).collect(),
    };
    let names = MeanNames {
        mean: "AvgPool2DBackward0",
        spread: "AvgPool2DBackwardBackward0",
    };
    window_mean(x, Arc::new(win), names)
}

/// `adaptive_avg_pool2d(x, (oh, ow))`: window `o` of `n` over a length
/// `size` runs from floor(o·size/n) to ceil((o+1)·size/n).
pub fn adaptive_avg_pool2d(x: &Tensor, out: [usize; 2]) -> Result<Tensor> {
    if !(x.ndim() == 3 || x.ndim() == 4) {
        return Err(Error::runtime(format!(
            "adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got {}",
            crate::shape::list_str(x.shape())
        )));
    }
    let s = x.shape();
    if let Some(d) = (s.len() - 2..s.len()).find(|&d| s[d] == 0) {
        return Err(Error::runtime(format!(
            "adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch \
             dimensions, but input has sizes {} with dimension {d} being empty",
            crate::shape::list_str(s)
        )));
    }
    let (h, w) = (s[s.len() - 2], s[s.len() - 1]);
    let bounds = |o: usize, n: usize, size: usize| (o * size / n, ((o + 1) * size).div_ceil(n));
    let win = Windows {
        rows: (0..out[0]).map(|o| bounds(o, out[0], h)).collect(),
        cols: (0..out[1]).map(|o| bounds(o, out[1], w)).collect(),
        divisor: Divisor::RowsThenCols,
        in_shape: s.into(),
        out_shape: s[..s.len() - 2].iter().copied().chain(out).collect(),
    };
    let names = MeanNames {
        mean: "AdaptiveAvgPool2DBackward0",
        spread: "AdaptiveAvgPool2DBackwardBackward0",
    };
    window_mean(x, Arc::new(win), names)
}

/// Each output: its window's elements added row by row, then divided by its
/// count (in the tensor's precision, as torch's kernels do).
fn window_mean(x: &Tensor, win: Arc<Windows>, names: MeanNames) -> Result<Tensor> {
    let (h, w, per_plane, ow) = win.geometry();
    let group = win.planes_per_task();
    let out = crate::dispatch_float!(x.dtype(), T => {
        let mut values: Vec<T> = crate::kernels::filled(numel(&win.out_shape), 0 as T);
        if per_plane > 0 {
            x.with_slice(|xs: &[T]| {
                for_each_chunk_mut(&mut values, group * per_plane, |task, outs| {
                    for (k, out) in outs.chunks_mut(per_plane).enumerate() {
                        let plane = task * group + k;
                        let image = &xs[plane * h * w..(plane + 1) * h * w];
                        for (oy, &(y0, y1)) in win.rows.iter().enumerate() {
                            for (ox, &(x0, x1)) in win.cols.iter().enumerate() {
                                let mut sum = 0 as T;
                                for y in y0..y1 {
                                    for &v in &image[y * w + x0..y * w + x1] {
                                        sum += v;
                                    }
                                }
                                let (d0, d1) = win.divisors(oy, ox);
                                out[oy * ow + ox] = sum / d0 as T / d1 as T;
                            }
                        }
                    }
                });
            });
        }
        Tensor::from_vec(values, &win.out_shape)
    }, return Err(Error::runtime(format!(
        "ferrograd's average pooling takes float32 or float64 tensors, not {}",
        x.dtype().name()
    ))));
    if needs_graph(&[x]) {
        let backward = WindowMeanBackward { win, names };
        record(names.mean, &[x], &[&out], Box::new(backward));
    }
    Ok(out)
}

struct WindowMeanBackward {
    win: Arc<Windows>,
    names: MeanNames,
}

impl Backward for WindowMeanBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        Ok(smallvec![Some(window_spread(
            grad0(grads),
            self.win.clone(),
            self.names
        )?)])
    }
}

/// The adjoint of `window_mean`: each output's gradient divided by its
/// count and added onto every element of its window.
fn window_spread(g: &Tensor, win: Arc<Windows>, names: MeanNames) -> Result<Tensor> {
    let (h, w, per_plane, ow) = win.geometry();
    let group = win.planes_per_task();
    let out = crate::dispatch_float!(g.dtype(), T => {
        let mut acc: Vec<T> = crate::kernels::filled(numel(&win.in_shape), 0 as T);
        if h * w > 0 {
            g.with_slice(|gs: &[T]| {
                for_each_chunk_mut(&mut acc, group * h * w, |task, images| {
                    for (k, image) in images.chunks_mut(h * w).enumerate() {
                        let plane = task * group + k;
                        let grads = &gs[plane * per_plane..(plane + 1) * per_plane];
                        for (oy, &(y0, y1)) in win.rows.iter().enumerate() {
                            for (ox, &(x0, x1)) in win.cols.iter().enumerate() {
                                let (d0, d1) = win.divisors(oy, ox);
                                let share = grads[oy * ow + ox] / d0 as T / d1 as T;
                                for y in y0..y1 {
                                    for v in &mut image[y * w + x0..y * w + x1] {
                                        *v += share;
                                    }
                                }
                            }
                        }
                    }
                });
            });
        }
        Tensor::from_vec(acc, &win.in_shape)
    }, return Err(Error::runtime("gradients are floating point")));
    if needs_graph(&[g]) {
        let backward = WindowSpreadBackward { win, names };
        record(names.spread, &[g], &[&out], Box::new(backward));
    }
    Ok(out)
}

struct WindowSpreadBackward {
    win: Arc<Windows>,
    names: MeanNames,
}

impl Backward for WindowSpreadBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        Ok(smallvec![Some(window_mean(
            grad0(grads),
            self.win.clone(),
            self.names
        )?)])
    }
}
