//! Pooling over 2-D windows: `max_pool2d` (MaxPool2DWithIndicesBackward0),
//! `avg_pool2d` (AvgPool2DBackward0) and `adaptive_avg_pool2d`
//! (AdaptiveAvgPool2DBackward0) on (N, C, H, W) inputs. Max pooling reads
//! one element per window (a gather); average pooling is a window sum
//! divided by a count, whose adjoint spreads each gradient back over its
//! window; each op's backward is the other, so gradients are
//! differentiable again.

use super::gather::{take, TakeNames};
use super::grad0;
use crate::autograd::node::{Backward, Grads};
use crate::autograd::{needs_graph, record};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::shape::{numel, Shape};
use crate::tensor::Tensor;
use crate::threads::{run_tasks, SendPtr};
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
    if !(x.ndim() == 3 || x.ndim() == 4) || x.numel() == 0 && x.shape()[x.ndim() - 3] != 0 {
        return Err(Error::runtime(
            "non-empty 3D or 4D (batch mode) tensor expected for input",
        ));
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

/// The image rows (or cols) window `o` covers along axis `a`, clipped.
fn covered(o: usize, a: usize, size: usize, p: &PoolParams) -> impl Iterator<Item = usize> {
    let (s, pad, d) = (
        p.stride[a] as i64,
        p.padding[a] as i64,
        p.dilation[a] as i64,
    );
    let start = o as i64 * s - pad;
    (0..p.kernel[a] as i64)
        .map(move |k| start + k * d)
        .filter(move |&i| 0 <= i && i < size as i64)
        .map(|i| i as usize)
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
    let rows: Vec<Vec<usize>> = (0..oh).map(|o| covered(o, 0, h, p).collect()).collect();
    let cols: Vec<Vec<usize>> = (0..ow).map(|o| covered(o, 1, w, p).collect()).collect();
    let per_plane = oh * ow;
    let mut indices = vec![0i64; planes * per_plane];
    let slots = SendPtr(indices.as_mut_ptr());
    if x.dtype().is_complex() {
        return Err(Error::runtime(format!(
            "\"max_pool2d\" not implemented for '{}'",
            crate::shape::scalar_type_name(x.dtype())
        )));
    }
    // other dtypes are compared through float64 (exact for their values)
    let compared = match x.dtype() {
        DType::F32 | DType::F64 => x.clone(),
        _ => x.cast(DType::F64),
    };
    crate::dispatch_float!(compared.dtype(), T => compared.with_slice(|values: &[T]| {
        // one plane per task; a NaN (which is unequal to itself) beats numbers
        run_tasks(planes, &|plane| {
            let image = &values[plane * h * w..(plane + 1) * h * w];
            for (oy, ys) in rows.iter().enumerate() {
                for (ox, xs) in cols.iter().enumerate() {
                    let mut best = ys[0] * w + xs[0];
                    #[allow(clippy::eq_op)]
                    for &y in ys {
                        for &xx in xs {
                            let (i, v) = (y * w + xx, image[y * w + xx]);
                            if v > image[best] || v != v {
                                best = i;
                            }
                        }
                    }
                    // SAFETY: task `plane` alone writes this plane's slots
                    unsafe { *slots.at(plane * per_plane + oy * ow + ox) = best as i64 };
                }
            }
        });
    }), unreachable!("compared as float32 or float64"));
    let sources: Vec<usize> = indices
        .iter()
        .enumerate()
        .map(|(k, &i)| (k / per_plane) * h * w + i as usize)
        .collect();
    let mut shape: Vec<usize> = s[..s.len() - 2].to_vec();
    shape.extend([oh, ow]);
    let names = TakeNames {
        take: "MaxPool2DWithIndicesBackward0",
        scatter: "MaxPool2DWithIndicesBackwardBackward0",
    };
    let out = take(&super::contiguous_tracked(x), &shape, sources.into(), names);
    Ok((out, Tensor::from_vec(indices, &shape)))
}

/// For each output: the input elements summed (row-major positions in the
/// whole input) and the count the sum is divided by.
struct Windows {
    starts: Vec<usize>,
    sources: Vec<usize>,
    /// Divided by the first, then the second (adaptive pooling divides by
    /// the window's rows, then its cols; average pooling by one count).
    divisors: Vec<(f64, f64)>,
    in_shape: Shape,
    out_shape: Shape,
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
    let planes = x.numel() / (h * w).max(1);
    let mut win = Windows {
        starts: vec![0],
        sources: Vec::new(),
        divisors: Vec::new(),
        in_shape: s.into(),
        out_shape: s[..s.len() - 2].iter().copied().chain([oh, ow]).collect(),
    };
    // one axis's clipped span and its padded length
    let span = |o: usize, a: usize, size: usize| {
        let start = o as i64 * p.stride[a] as i64 - p.padding[a] as i64;
        let end = (start + p.kernel[a] as i64).min((size + p.padding[a]) as i64);
        let padded = end - start;
        (
            start.max(0) as usize,
            end.min(size as i64).max(0) as usize,
            padded,
        )
    };
    for plane in 0..planes {
        for oy in 0..oh {
            let (y0, y1, ph) = span(oy, 0, h);
            for ox in 0..ow {
                let (x0, x1, pw) = span(ox, 1, w);
                for y in y0..y1 {
                    win.sources
                        .extend((x0..x1).map(|xx| plane * h * w + y * w + xx));
                }
                win.starts.push(win.sources.len());
                let inside = (y1.saturating_sub(y0) * x1.saturating_sub(x0)) as f64;
                let count = match divisor_override {
                    Some(d) => d as f64,
                    None if count_include_pad => (ph * pw) as f64,
                    None => inside,
                };
                win.divisors.push((count, 1.0));
            }
        }
    }
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
    let (h, w) = (s[s.len() - 2], s[s.len() - 1]);
    let planes = x.numel() / (h * w).max(1);
    let bounds = |o: usize, n: usize, size: usize| (o * size / n, ((o + 1) * size).div_ceil(n));
    let mut win = Windows {
        starts: vec![0],
        sources: Vec::new(),
        divisors: Vec::new(),
        in_shape: s.into(),
        out_shape: s[..s.len() - 2].iter().copied().chain(out).collect(),
    };
    for plane in 0..planes {
        for oy in 0..out[0] {
            let (y0, y1) = bounds(oy, out[0], h);
            for ox in 0..out[1] {
                let (x0, x1) = bounds(ox, out[1], w);
                for y in y0..y1 {
                    win.sources
                        .extend((x0..x1).map(|xx| plane * h * w + y * w + xx));
                }
                win.starts.push(win.sources.len());
                win.divisors.push(((y1 - y0) as f64, (x1 - x0) as f64));
            }
        }
    }
    let names = MeanNames {
        mean: "AdaptiveAvgPool2DBackward0",
        spread: "AdaptiveAvgPool2DBackwardBackward0",
    };
    window_mean(x, Arc::new(win), names)
}

/// Each output: its window's elements added in order, then divided by its
/// count (in the tensor's precision, as torch's kernels do).
fn window_mean(x: &Tensor, win: Arc<Windows>, names: MeanNames) -> Result<Tensor> {
    let out = crate::dispatch_float!(x.dtype(), T => {
        let xs: Vec<T> = x.to_vec();
        let values: Vec<T> = win.starts.windows(2).zip(&win.divisors).map(|(r, &(d0, d1))| {
            let sum = win.sources[r[0]..r[1]].iter().fold(0 as T, |acc, &i| acc + xs[i]);
            sum / d0 as T / d1 as T
        }).collect();
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
    let out = crate::dispatch_float!(g.dtype(), T => {
        let gs: Vec<T> = g.to_vec();
        let mut acc = vec![0 as T; numel(&win.in_shape)];
        for ((r, &(d0, d1)), &v) in win.starts.windows(2).zip(&win.divisors).zip(&gs) {
            let share = v / d0 as T / d1 as T;
            for &i in &win.sources[r[0]..r[1]] {
                acc[i] += share;
            }
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
