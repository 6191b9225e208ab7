//! Pooling over 2-D and 3-D windows: `max_pool2d/3d`
//! (MaxPool{2,3}DWithIndicesBackward0), `avg_pool2d/3d` (AvgPool{2,3}DBackward0)
//! and `adaptive_avg_pool2d/3d` (AdaptiveAvgPool{2,3}DBackward0) on
//! (N, C, [T,] H, W) inputs; a 2-D pooling is a 3-D one of unit depth. Max pooling reads
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

/// Window geometry per axis (depth, rows, cols); a 2-D pooling has a unit
/// depth (kernel 1, stride 1, no padding).
#[derive(Clone, Copy, Debug)]
pub struct PoolParams {
    pub kernel: [usize; 3],
    pub stride: [usize; 3],
    pub padding: [usize; 3],
    pub dilation: [usize; 3],
    pub ceil_mode: bool,
}

impl PoolParams {
    /// A 2-D pooling's (rows, cols) geometry over a unit depth.
    pub fn planar(
        kernel: [usize; 2],
        stride: [usize; 2],
        padding: [usize; 2],
        dilation: [usize; 2],
        ceil_mode: bool,
    ) -> PoolParams {
        PoolParams {
            kernel: [1, kernel[0], kernel[1]],
            stride: [1, stride[0], stride[1]],
            padding: [0, padding[0], padding[1]],
            dilation: [1, dilation[0], dilation[1]],
            ceil_mode,
        }
    }
}

/// Which pooling is checked: torch's 2-D and 3-D checks differ in order
/// and wording.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Max2d,
    Avg2d,
    Max3d,
    Avg3d,
}

impl Kind {
    fn dims(self) -> usize {
        match self {
            Kind::Max2d | Kind::Avg2d => 2,
            Kind::Max3d | Kind::Avg3d => 3,
        }
    }
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

/// torch's `pooling_output_shape` check along axis `a`.
fn check_pad(a: usize, p: &PoolParams) -> Result<()> {
    let effective = p.dilation[a] * p.kernel[a].saturating_sub(1) + 1;
    let effective = if p.kernel[a] == 0 { 0 } else { effective };
    if p.padding[a] * 2 > effective {
        return Err(Error::runtime(format!(
            "pad should be at most half of effective kernel size, but got pad={}, \
             kernel_size={} and dilation={}",
            p.padding[a], p.kernel[a], p.dilation[a]
        )));
    }
    Ok(())
}

/// The (depth, rows, cols) of an input of 2 or 3 spatial dims.
fn image_of(s: &[usize], dims: usize) -> [usize; 3] {
    let n = s.len();
    if dims == 2 {
        [1, s[n - 2], s[n - 1]]
    } else {
        [s[n - 3], s[n - 2], s[n - 1]]
    }
}

/// torch's checks of a pooling's arguments; the output's (depth, rows, cols).
fn checked_output(x: &Tensor, p: &PoolParams, kind: Kind) -> Result<[usize; 3]> {
    if kind.dims() == 3 {
        return checked_output3d(x, p, kind);
    }
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
            p.kernel[1], p.kernel[2]
        )));
    }
    if p.dilation.contains(&0) {
        return Err(Error::runtime(format!(
            "dilation should be greater than zero, but got dilationH: {} dilationW: {}",
            p.dilation[1], p.dilation[2]
        )));
    }
    for a in 1..3 {
        check_pad(a, p)?;
    }
    let s = x.shape();
    let (h, w) = (s[s.len() - 2], s[s.len() - 1]);
    let (oh, ow) = (pooled_len(h, 1, p), pooled_len(w, 2, p));
    if oh < 1 || ow < 1 {
        return Err(Error::runtime(format!(
            "Given input size: ({}x{h}x{w}). Calculated output size: ({}x{oh}x{ow}). Output \
             size is too small",
            s[s.len() - 3],
            s[s.len() - 3]
        )));
    }
    Ok([1, oh as usize, ow as usize])
}

/// torch's 3-D order: each axis's output length (stride, padding), then
/// `pool3d_shape_check`.
fn checked_output3d(x: &Tensor, p: &PoolParams, kind: Kind) -> Result<[usize; 3]> {
    if !(x.ndim() == 4 || x.ndim() == 5) {
        return Err(Error::runtime(
            "non-empty 4D or 5D (batch mode) tensor expected for input",
        ));
    }
    for a in 0..3 {
        if p.stride[a] == 0 {
            return Err(Error::runtime("stride should not be zero"));
        }
        check_pad(a, p)?;
    }
    let s = x.shape();
    let [t, h, w] = image_of(s, 3);
    let out = [
        pooled_len(t, 0, p),
        pooled_len(h, 1, p),
        pooled_len(w, 2, p),
    ];
    let name = if kind == Kind::Max3d {
        "max_pool3d_with_indices_out_cpu_template()"
    } else {
        "avg_pool3d()"
    };
    // only a 5-D input's batch may be empty
    if let Some(&d) = s[s.len() - 4..].iter().find(|&&d| d == 0) {
        return Err(Error::runtime(format!(
            "{name}: Expected input's non-batch dimensions to have positive length, but input \
             has a shape of {} and non-batch dimension {d} has length zero!",
            crate::shape::list_str(s)
        )));
    }
    let [kt, kh, kw] = p.kernel;
    if kind == Kind::Avg3d && (t < kt || h < kh || w < kw) {
        return Err(Error::runtime(format!(
            "input image (T: {t} H: {h} W: {w}) smaller than kernel size (kT: {kt} kH: {kh} \
             kW: {kw})"
        )));
    }
    if p.kernel.contains(&0) {
        return Err(Error::runtime(format!(
            "kernel size should be greater than zero, but got kT: {kt} kH: {kh} kW: {kw}"
        )));
    }
    if p.dilation.contains(&0) {
        let [dt, dh, dw] = p.dilation;
        return Err(Error::runtime(format!(
            "dilation should be greater than zero, but got dilationT: {dt} dilationH: {dh} \
             dilationW: {dw}"
        )));
    }
    let [pt, ph, pw] = p.padding;
    if kt / 2 < pt || kw / 2 < pw || kh / 2 < ph {
        return Err(Error::runtime(format!(
            "pad should be smaller than or equal to half of kernel size, but got kT: {kt} \
             kW: {kw} kH: {kh} padT: {pt} padW: {pw} padH: {ph}"
        )));
    }
    let [ot, oh, ow] = out;
    if ot < 1 || oh < 1 || ow < 1 {
        let c = s[s.len() - 4];
        return Err(Error::runtime(format!(
            "Given input size: ({c}x{t}x{h}x{w}). Calculated output size: \
             ({c}x{ot}x{oh}x{ow}). Output size is too small"
        )));
    }
    Ok([ot as usize, oh as usize, ow as usize])
}

/// The image positions a max-pooling window covers along one axis:
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

    fn is_empty(&self) -> bool {
        self.first == self.end
    }
}

/// `max_pool2d(x)`: (values, flat per-plane indices).
pub fn max_pool2d(x: &Tensor, p: &PoolParams) -> Result<(Tensor, Tensor)> {
    max_pool(x, p, Kind::Max2d)
}

/// `max_pool3d(x)` on an (N, C, T, H, W) or (C, T, H, W) input: (values,
/// indices flat over each T·H·W volume).
pub fn max_pool3d(x: &Tensor, p: &PoolParams) -> Result<(Tensor, Tensor)> {
    max_pool(x, p, Kind::Max3d)
}

/// Max pooling over 2 or 3 trailing axes. The first largest element of a
/// window (in depth, row, col order) wins, and a NaN wins over numbers (a
/// later NaN over an earlier one), as in torch's kernel.
fn max_pool(x: &Tensor, p: &PoolParams, kind: Kind) -> Result<(Tensor, Tensor)> {
    let [od, oh, ow] = checked_output(x, p, kind)?;
    let dims = kind.dims();
    let s = x.shape();
    let [t, h, w] = image_of(s, dims);
    let volume = t * h * w;
    let planes = x.numel() / volume.max(1);
    // per output depth (row, col): the image positions its window covers
    let deps: Vec<Span> = (0..od).map(|o| Span::of(o, 0, t, p)).collect();
    let rows: Vec<Span> = (0..oh).map(|o| Span::of(o, 1, h, p)).collect();
    let cols: Vec<Span> = (0..ow).map(|o| Span::of(o, 2, w, p)).collect();
    let per_plane = od * oh * ow;
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
            "\"max_pool{dims}d\" not implemented for '{}'",
            crate::shape::scalar_type_name(x.dtype())
        )));
    }
    let mut shape: Vec<usize> = s[..s.len() - dims].to_vec();
    if dims == 3 {
        shape.push(od);
    }
    shape.extend([oh, ow]);
    let names = if dims == 3 {
        TakeNames {
            take: "MaxPool3DWithIndicesBackward0",
            scatter: "MaxPool3DWithIndicesBackwardBackward0",
        }
    } else {
        TakeNames {
            take: "MaxPool2DWithIndicesBackward0",
            scatter: "MaxPool2DWithIndicesBackwardBackward0",
        }
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
            let image = &values[plane * volume..(plane + 1) * volume];
            let mut slot = plane * per_plane;
            for zs in &deps {
                for ys in &rows {
                    for xs in &cols {
                        // as torch's kernel: the window's first position (even
                        // when the window has none inside the image) and -inf
                        let mut best = (zs.first * h + ys.first) * w + xs.first;
                        let empty = zs.is_empty() || ys.is_empty() || xs.is_empty();
                        let mut most = if empty { T::NEG_INFINITY } else { image[best] };
                        // (while loops: a step_by range divides to count its steps)
                        let mut z = zs.first;
                        while z < zs.end {
                            let mut y = ys.first;
                            while y < ys.end {
                                let at = (z * h + y) * w;
                                let row = &image[at..at + w];
                                let mut xx = xs.first;
                                while xx < xs.end {
                                    let v = row[xx];
                                    #[allow(clippy::eq_op)]
                                    if v > most || v != v {
                                        (best, most) = (at + xx, v);
                                    }
                                    xx += xs.step;
                                }
                                y += ys.step;
                            }
                            z += zs.step;
                        }
                        // SAFETY: task `plane` alone writes this plane's slots
                        unsafe {
                            *slots.at(slot) = best as i64;
                            *found.at(slot) = most;
                            if keep_sources {
                                *sourced.at(slot) =
                                    if empty { NO_SOURCE } else { plane * volume + best };
                            }
                        }
                        slot += 1;
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

/// Average-pooling windows, the same in every (N, C) plane: the image
/// depths, rows and cols each output covers, and what its sum is divided by.
struct Windows {
    deps: Vec<(usize, usize)>,
    rows: Vec<(usize, usize)>,
    cols: Vec<(usize, usize)>,
    divisor: Divisor,
    /// (depth, rows, cols) of each plane
    image: [usize; 3],
    in_shape: Shape,
    out_shape: Shape,
}

enum Divisor {
    /// `divisor_override`
    Fixed(f64),
    /// The window's volume counting padding: its padded extent per axis.
    Padded {
        deps: Vec<usize>,
        rows: Vec<usize>,
        cols: Vec<usize>,
    },
    /// The volume of the window inside the image.
    Inside,
    /// Adaptive pooling divides by the window's depth, then rows, then cols.
    PerAxis,
}

impl Windows {
    /// (image volume, outputs per plane)
    fn geometry(&self) -> (usize, usize) {
        let [t, h, w] = self.image;
        (
            t * h * w,
            self.deps.len() * self.rows.len() * self.cols.len(),
        )
    }

    /// Planes per task: enough work per task to outweigh handing it out.
    fn planes_per_task(&self) -> usize {
        let (volume, per_plane) = self.geometry();
        (16384 / (volume + per_plane).max(1)).max(1)
    }

    /// What output (oz, oy, ox)'s sum is divided by, one after the other.
    #[inline]
    fn divisors(&self, oz: usize, oy: usize, ox: usize) -> [f64; 3] {
        let ((z0, z1), (y0, y1), (x0, x1)) = (self.deps[oz], self.rows[oy], self.cols[ox]);
        let len = |a: usize, b: usize| b.saturating_sub(a) as f64;
        let (nd, nr, nc) = (len(z0, z1), len(y0, y1), len(x0, x1));
        match &self.divisor {
            Divisor::Fixed(d) => [*d, 1.0, 1.0],
            Divisor::Padded { deps, rows, cols } => {
                [(deps[oz] * rows[oy] * cols[ox]) as f64, 1.0, 1.0]
            }
            Divisor::Inside => [nd * nr * nc, 1.0, 1.0],
            Divisor::PerAxis => [nd, nr, nc],
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
    avg_pool(x, p, count_include_pad, divisor_override, Kind::Avg2d)
}

/// `avg_pool3d(x)` on an (N, C, T, H, W) or (C, T, H, W) input, counted as
/// `avg_pool2d`'s.
pub fn avg_pool3d(
    x: &Tensor,
    p: &PoolParams,
    count_include_pad: bool,
    divisor_override: Option<i64>,
) -> Result<Tensor> {
    avg_pool(x, p, count_include_pad, divisor_override, Kind::Avg3d)
}

fn avg_pool(
    x: &Tensor,
    p: &PoolParams,
    count_include_pad: bool,
    divisor_override: Option<i64>,
    kind: Kind,
) -> Result<Tensor> {
    // (torch's 3-D pooling checks the rank first)
    if divisor_override == Some(0) && (kind == Kind::Avg2d || matches!(x.ndim(), 4 | 5)) {
        return Err(Error::runtime("divisor must be not zero"));
    }
    let out = checked_output(x, p, kind)?;
    let dims = kind.dims();
    let s = x.shape();
    let image = image_of(s, dims);
    // one axis's span clipped to the image, and its length inside the padding
    let span = |o: usize, a: usize| {
        let size = image[a];
        let start = o as i64 * p.stride[a] as i64 - p.padding[a] as i64;
        let end = (start + p.kernel[a] as i64).min((size + p.padding[a]) as i64);
        let clipped = (start.max(0) as usize, end.min(size as i64).max(0) as usize);
        (clipped, (end - start) as usize)
    };
    let axis = |a: usize| -> (Vec<_>, Vec<_>) { (0..out[a]).map(|o| span(o, a)).unzip() };
    let ((deps, padded_deps), (rows, padded_rows), (cols, padded_cols)) =
        (axis(0), axis(1), axis(2));
    let divisor = match divisor_override {
        Some(d) => Divisor::Fixed(d as f64),
        None if count_include_pad => Divisor::Padded {
            deps: padded_deps,
            rows: padded_rows,
            cols: padded_cols,
        },
        None => Divisor::Inside,
    };
    let win = Windows {
        deps,
        rows,
        cols,
        divisor,
        image,
        in_shape: s.into(),
        out_shape: s[..s.len() - dims]
            .iter()
            .copied()
            .chain(out[3 - dims..].iter().copied())
            .collect(),
    };
    let names = if dims == 3 {
        MeanNames {
            mean: "AvgPool3DBackward0",
            spread: "AvgPool3DBackwardBackward0",
        }
    } else {
        MeanNames {
            mean: "AvgPool2DBackward0",
            spread: "AvgPool2DBackwardBackward0",
        }
    };
    window_mean(x, Arc::new(win), names)
}

/// `adaptive_avg_pool2d(x, (oh, ow))`: window `o` of `n` over a length
/// `size` runs from floor(o·size/n) to ceil((o+1)·size/n).
pub fn adaptive_avg_pool2d(x: &Tensor, out: [usize; 2]) -> Result<Tensor> {
    adaptive_avg_pool(x, &out)
}

/// `adaptive_avg_pool3d(x, (ot, oh, ow))`, windowed as the 2-D one.
pub fn adaptive_avg_pool3d(x: &Tensor, out: [usize; 3]) -> Result<Tensor> {
    adaptive_avg_pool(x, &out)
}

fn adaptive_avg_pool(x: &Tensor, out: &[usize]) -> Result<Tensor> {
    let dims = out.len();
    let func = format!("adaptive_avg_pool{dims}d()");
    if !(x.ndim() == dims + 1 || x.ndim() == dims + 2) {
        return Err(Error::runtime(format!(
            "{func}: Expected {}D or {}D tensor, but got {}",
            dims + 1,
            dims + 2,
            crate::shape::list_str(x.shape())
        )));
    }
    let s = x.shape();
    // (torch's 3-D check counts from the channel dim)
    let first = if dims == 3 { 1 } else { s.len() - 2 };
    if let Some(d) = (first..s.len()).find(|&d| s[d] == 0) {
        return Err(Error::runtime(format!(
            "{func}: Expected input to have non-zero size for non-batch dimensions, but input \
             has sizes {} with dimension {d} being empty",
            crate::shape::list_str(s)
        )));
    }
    let image = image_of(s, dims);
    let full: [usize; 3] = if dims == 3 {
        [out[0], out[1], out[2]]
    } else {
        [1, out[0], out[1]]
    };
    let bounds = |a: usize| -> Vec<(usize, usize)> {
        let (n, size) = (full[a], image[a]);
        (0..n)
            .map(|o| (o * size / n, ((o + 1) * size).div_ceil(n)))
            .collect()
    };
    let win = Windows {
        deps: bounds(0),
        rows: bounds(1),
        cols: bounds(2),
        divisor: Divisor::PerAxis,
        image,
        in_shape: s.into(),
        out_shape: s[..s.len() - dims].iter().chain(out).copied().collect(),
    };
    let names = if dims == 3 {
        MeanNames {
            mean: "AdaptiveAvgPool3DBackward0",
            spread: "AdaptiveAvgPool3DBackwardBackward0",
        }
    } else {
        MeanNames {
            mean: "AdaptiveAvgPool2DBackward0",
            spread: "AdaptiveAvgPool2DBackwardBackward0",
        }
    };
    window_mean(x, Arc::new(win), names)
}

/// Each output: its window's elements added row by row, then divided by its
/// count (in the tensor's precision, as torch's kernels do).
fn window_mean(x: &Tensor, win: Arc<Windows>, names: MeanNames) -> Result<Tensor> {
    let (volume, per_plane) = win.geometry();
    let [_, h, w] = win.image;
    let group = win.planes_per_task();
    let out = crate::dispatch_float!(x.dtype(), T => {
        let mut values: Vec<T> = crate::kernels::filled(numel(&win.out_shape), 0 as T);
        if per_plane > 0 {
            x.with_slice(|xs: &[T]| {
                for_each_chunk_mut(&mut values, group * per_plane, |task, outs| {
                    for (k, out) in outs.chunks_mut(per_plane).enumerate() {
                        let plane = task * group + k;
                        let image = &xs[plane * volume..(plane + 1) * volume];
                        let mut o = 0;
                        for (oz, &(z0, z1)) in win.deps.iter().enumerate() {
                            for (oy, &(y0, y1)) in win.rows.iter().enumerate() {
                                for (ox, &(x0, x1)) in win.cols.iter().enumerate() {
                                    let mut sum = 0 as T;
                                    for z in z0..z1 {
                                        for y in y0..y1 {
                                            let at = (z * h + y) * w;
                                            for &v in &image[at + x0..at + x1] {
                                                sum += v;
                                            }
                                        }
                                    }
                                    let [d0, d1, d2] = win.divisors(oz, oy, ox);
                                    out[o] = sum / d0 as T / d1 as T / d2 as T;
                                    o += 1;
                                }
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
    let (volume, per_plane) = win.geometry();
    let [_, h, w] = win.image;
    let group = win.planes_per_task();
    let out = crate::dispatch_float!(g.dtype(), T => {
        let mut acc: Vec<T> = crate::kernels::filled(numel(&win.in_shape), 0 as T);
        if volume > 0 {
            g.with_slice(|gs: &[T]| {
                for_each_chunk_mut(&mut acc, group * volume, |task, images| {
                    for (k, image) in images.chunks_mut(volume).enumerate() {
                        let plane = task * group + k;
                        let grads = &gs[plane * per_plane..(plane + 1) * per_plane];
                        let mut o = 0;
                        for (oz, &(z0, z1)) in win.deps.iter().enumerate() {
                            for (oy, &(y0, y1)) in win.rows.iter().enumerate() {
                                for (ox, &(x0, x1)) in win.cols.iter().enumerate() {
                                    let [d0, d1, d2] = win.divisors(oz, oy, ox);
                                    let share = grads[o] / d0 as T / d1 as T / d2 as T;
                                    o += 1;
                                    for z in z0..z1 {
                                        for y in y0..y1 {
                                            let at = (z * h + y) * w;
                                            for v in &mut image[at + x0..at + x1] {
                                                *v += share;
                                            }
                                        }
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
