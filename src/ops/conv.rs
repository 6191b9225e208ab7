//! Convolution (`F.conv1d`, `F.conv2d`, `F.conv3d`; ConvolutionBackward0),
//! lowered to matrix products over `im2col` columns, and the lowering itself as ops:
//! `unfold` (Im2ColBackward0) and `fold` (Col2ImBackward0), each the
//! other's backward, so convolution gradients are differentiable again.

use super::grad0;
use crate::autograd::grad_mode::GradModeGuard;
use crate::autograd::node::{Backward, Grads, Saved};
use crate::autograd::{needs_graph, record};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::kernels::im2col::{col2im_into, im2col_into, im2col_laid_out, ColumnLayout, Window};
use crate::shape::list_str;
use crate::tensor::{Element, Tensor};
use crate::threads::{for_each_chunk_mut, run_tasks, SendPtr};
use smallvec::{smallvec, SmallVec};

/// Stride, padding and dilation per spatial axis (rows, cols), and groups;
/// a 3-D convolution's depth axis apart (`depth`), as it is lowered apart.
#[derive(Clone, Copy, Debug)]
pub struct ConvParams {
    pub stride: [usize; 2],
    pub padding: [usize; 2],
    pub dilation: [usize; 2],
    pub groups: usize,
    pub depth: Option<Axis>,
}

/// One axis's stride, padding and dilation.
#[derive(Clone, Copy, Debug)]
pub struct Axis {
    pub stride: usize,
    pub padding: usize,
    pub dilation: usize,
}

impl ConvParams {
    /// One group (what unfold and fold take).
    pub fn ungrouped(stride: [usize; 2], padding: [usize; 2], dilation: [usize; 2]) -> ConvParams {
        ConvParams {
            stride,
            padding,
            dilation,
            groups: 1,
            depth: None,
        }
    }

    /// Stride, padding and dilation of the last `dims` spatial axes, in order.
    fn per_axis(&self, dims: usize) -> [Vec<usize>; 3] {
        let mut axes = [
            self.stride.to_vec(),
            self.padding.to_vec(),
            self.dilation.to_vec(),
        ];
        if let Some(d) = self.depth {
            for (v, x) in axes.iter_mut().zip([d.stride, d.padding, d.dilation]) {
                v.insert(0, x);
            }
        }
        axes.map(|v| v[v.len() - dims.min(v.len())..].to_vec())
    }
}

fn window(image: [usize; 2], kernel: [usize; 2], p: &ConvParams) -> Window {
    let out = |a: usize| {
        let span = p.dilation[a] * (kernel[a] - 1) + 1;
        (image[a] + 2 * p.padding[a] - span) / p.stride[a] + 1
    };
    Window {
        image,
        out: [out(0), out(1)],
        kernel,
        stride: p.stride,
        padding: p.padding,
        dilation: p.dilation,
    }
}

fn float_only(t: &Tensor) -> Result<()> {
    if matches!(t.dtype(), DType::F32 | DType::F64) {
        Ok(())
    } else {
        Err(Error::runtime(format!(
            "ferrograd's convolution takes float32 or float64 tensors, not {}",
            t.dtype().name()
        )))
    }
}

/// `x` (N, C, H, W) as columns (N, C·kh·kw, L), L the output positions
/// (`F.unfold`; Im2ColBackward0).
pub fn unfold(x: &Tensor, kernel: [usize; 2], p: &ConvParams) -> Result<Tensor> {
    float_only(x)?;
    let s = x.shape();
    // an unbatched (C, H, W) image is one image, its columns (C·kh·kw, L)
    let (n, c, image) = match *s {
        [c, h, w] => (1, c, [h, w]),
        _ => (s[0], s[1], [s[2], s[3]]),
    };
    let w = window(image, kernel, p);
    let rows = c * kernel[0] * kernel[1];
    let positions = w.out[0] * w.out[1];
    let out = crate::dispatch_float!(x.dtype(), T => {
        let per = c * image[0] * image[1];
        // (a reused buffer: a fresh one this size costs page faults)
        let mut cols: Vec<T> = crate::kernels::filled(n * rows * positions, 0 as T);
        if rows * positions > 0 {
            x.with_slice(|xs: &[T]| {
                // one image per task
                for_each_chunk_mut(&mut cols, rows * positions, |i, block| {
                    im2col_into(&xs[i * per..(i + 1) * per], c, &w, block);
                });
            });
        }
        let shape: &[usize] = if s.len() == 3 { &[rows, positions] } else { &[n, rows, positions] };
        Tensor::from_vec(cols, shape)
    }, unreachable!("checked above"));
    if needs_graph(&[x]) {
        let backward = UnfoldBackward {
            window: w,
            channels: c,
        };
        record("Im2ColBackward0", &[x], &[&out], Box::new(backward));
    }
    Ok(out)
}

/// Columns (N, C·kh·kw, L), or unbatched (C·kh·kw, L), added back onto
/// images of `output_size` (`F.fold`; Col2ImBackward0).
pub fn fold(
    cols: &Tensor,
    output_size: [usize; 2],
    kernel: [usize; 2],
    p: &ConvParams,
) -> Result<Tensor> {
    float_only(cols)?;
    let w = window(output_size, kernel, p);
    let channels = cols.shape()[cols.ndim() - 2] / (kernel[0] * kernel[1]).max(1);
    fold_window(cols, &w, channels)
}

struct UnfoldBackward {
    window: Window,
    channels: usize,
}

impl Backward for UnfoldBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        Ok(smallvec![Some(fold_window(
            grad0(grads),
            &self.window,
            self.channels
        )?)])
    }
}

/// Columns (N, C·kh·kw, L) added back onto images (N, C, H, W) (`F.fold`;
/// Col2ImBackward0).
fn fold_window(cols: &Tensor, w: &Window, channels: usize) -> Result<Tensor> {
    let batched = cols.ndim() == 3;
    let n = if batched { cols.shape()[0] } else { 1 };
    let out = crate::dispatch_float!(cols.dtype(), T => {
        let per = cols.numel() / n.max(1);
        let own = ColumnLayout { pitch: w.positions(), offset: 0 };
        let images: Vec<T> = cols.with_slice(|cs: &[T]| {
            fold_images(n, channels, w, |i| (&cs[i * per..(i + 1) * per], own))
        });
        let (h, wd) = (w.image[0], w.image[1]);
        let shape: &[usize] = if batched { &[n, channels, h, wd] } else { &[channels, h, wd] };
        Tensor::from_vec(images, shape)
    }, return Err(Error::runtime("fold takes floating point columns")));
    if needs_graph(&[cols]) {
        let backward = FoldBackward { window: *w };
        record("Col2ImBackward0", &[cols], &[&out], Box::new(backward));
    }
    Ok(out)
}

/// `n` images of `channels` planes, image `i` the sum of the columns
/// `source(i)` gives (in their layout), an image per task.
fn fold_images<'a, T: Copy + Default + Send + Sync + std::ops::AddAssign + 'static>(
    n: usize,
    channels: usize,
    w: &Window,
    source: impl Fn(usize) -> (&'a [T], ColumnLayout) + Sync,
) -> Vec<T> {
    let image = channels * w.image[0] * w.image[1];
    let mut images: Vec<T> = crate::kernels::filled(n * image, T::default());
    if image > 0 {
        for_each_chunk_mut(&mut images, image, |i, out| {
            let (cols, layout) = source(i);
            col2im_into(cols, channels, w, layout, out);
        });
    }
    images
}

/// Every image's columns side by side, (C·kh·kw, N·L): the layout in which
/// one matrix product covers the whole batch.
fn unfold_wide<T: Element + Default>(x: &Tensor, w: &Window) -> Tensor {
    let s = x.shape();
    let (n, c) = (s[0], s[1]);
    let (rows, l) = (c * w.kernel[0] * w.kernel[1], w.positions());
    let per = c * s[2] * s[3];
    let mut cols: Vec<T> = crate::kernels::filled(rows * n * l, T::default());
    let dst = SendPtr(cols.as_mut_ptr());
    x.with_slice(|xs: &[T]| {
        run_tasks(n, &|i| {
            let layout = ColumnLayout {
                pitch: n * l,
                offset: i * l,
            };
            // SAFETY: image i's columns are [i·L, (i+1)·L) of every row of
            // `cols`, written by task i alone
            unsafe { im2col_laid_out(&xs[i * per..(i + 1) * per], c, w, dst.at(0), layout) };
        });
    });
    Tensor::from_vec(cols, &[rows, n * l])
}

/// (O, N·L) (a product over `unfold_wide` columns) as (N, O, L), plus a
/// bias per O.
fn batch_major<T: Element + Default + std::ops::Add<Output = T>>(
    wide: &Tensor,
    n: usize,
    bias: Option<&[T]>,
) -> Vec<T> {
    let (o, nl) = (wide.shape()[0], wide.shape()[1]);
    let l = nl / n.max(1);
    let mut out: Vec<T> = crate::kernels::filled(n * o * l, T::default());
    if o * l > 0 {
        wide.with_slice(|ws: &[T]| {
            for_each_chunk_mut(&mut out, o * l, |i, image| {
                for (oc, dst) in image.chunks_mut(l).enumerate() {
                    let src = &ws[oc * nl + i * l..oc * nl + (i + 1) * l];
                    let b = bias.map_or(T::default(), |b| b[oc]);
                    for (d, &v) in dst.iter_mut().zip(src) {
                        *d = v + b;
                    }
                }
            });
        });
    }
    out
}

/// (N, O, L) as (O, N·L): a gradient in the layout of `unfold_wide`'s products.
fn channel_major<T: Element + Default>(g: &Tensor) -> Tensor {
    let (n, o) = (g.shape()[0], g.shape()[1]);
    let l = g.numel() / (n * o).max(1);
    let mut out: Vec<T> = crate::kernels::filled(o * n * l, T::default());
    if n * l > 0 {
        g.with_slice(|gs: &[T]| {
            for_each_chunk_mut(&mut out, n * l, |oc, row| {
                for (i, dst) in row.chunks_mut(l).enumerate() {
                    dst.copy_from_slice(&gs[(i * o + oc) * l..(i * o + oc + 1) * l]);
                }
            });
        });
    }
    Tensor::from_vec(out, &[o, n * l])
}

struct FoldBackward {
    window: Window,
}

impl Backward for FoldBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let w = &self.window;
        let p = ConvParams::ungrouped(w.stride, w.padding, w.dilation);
        Ok(smallvec![Some(unfold(grad0(grads), w.kernel, &p)?)])
    }
}

/// torch's checks of a convolution's arguments, in its order.
fn check(
    input: &Tensor,
    weight: &Tensor,
    bias: Option<&Tensor>,
    p: &ConvParams,
    dims: usize,
) -> Result<()> {
    let name = format!("conv{dims}d");
    let [stride, padding, dilation] = p.per_axis(dims);
    if input.ndim() != dims + 2 {
        return Err(Error::runtime(format!(
            "Expected {}D (unbatched) or {}D (batched) input to {name}, but got input of size: {}",
            dims + 1,
            dims + 2,
            list_str(input.shape())
        )));
    }
    if stride.contains(&0) {
        return Err(Error::runtime("non-positive stride is not supported"));
    }
    if dilation.contains(&0) {
        return Err(Error::runtime(format!(
            "dilation should be greater than zero, but got {}",
            list_str(&dilation)
        )));
    }
    if weight.ndim() != dims + 2 {
        return Err(Error::runtime(format!(
            "weight should have at least three dimensions and {} for {name}",
            dims + 2
        )));
    }
    let (groups, c_in) = (p.groups, input.shape()[1]);
    if groups == 0 {
        return Err(Error::runtime("non-positive groups is not supported"));
    }
    if weight.shape()[0] < groups {
        return Err(Error::runtime(format!(
            "Given groups={groups}, expected weight to be at least {groups} at dimension 0, but \
             got weight of size {} instead",
            list_str(weight.shape())
        )));
    }
    if !weight.shape()[0].is_multiple_of(groups) {
        // (torch's message shows the size in double brackets)
        return Err(Error::runtime(format!(
            "Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, \
             but got weight of size [{}] instead",
            list_str(weight.shape())
        )));
    }
    if c_in != weight.shape()[1] * groups {
        return Err(Error::runtime(format!(
            "Given groups={groups}, weight of size {}, expected input{} to have {} channels, but \
             got {c_in} channels instead",
            list_str(weight.shape()),
            list_str(input.shape()),
            weight.shape()[1] * groups
        )));
    }
    if let Some(b) = bias {
        if b.ndim() != 1 || b.shape()[0] != weight.shape()[0] {
            return Err(Error::runtime(format!(
                "Given weight of size {}, expected bias to be 1-dimensional with {} elements, but \
                 got bias of size {} instead",
                list_str(weight.shape()),
                weight.shape()[0],
                list_str(b.shape())
            )));
        }
    }
    let spatial = &input.shape()[2..];
    let kernel = &weight.shape()[2..];
    let padded: Vec<usize> = (0..dims).map(|a| spatial[a] + 2 * padding[a]).collect();
    let span: Vec<usize> = (0..dims)
        .map(|a| dilation[a] * (kernel[a].max(1) - 1) + 1)
        .collect();
    if padded.iter().zip(&span).any(|(&have, &need)| have < need) {
        let join = |v: &[usize]| {
            v.iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join(" x ")
        };
        return Err(Error::runtime(format!(
            "Calculated padded input size per channel: ({}). Kernel size: ({}). Kernel size \
             can't be greater than actual input size",
            join(&padded),
            join(&span)
        )));
    }
    if input.dtype() != weight.dtype() {
        return Err(Error::runtime(format!(
            "expected scalar type {} but found {}",
            crate::shape::scalar_type_name(input.dtype()),
            crate::shape::scalar_type_name(weight.dtype())
        )));
    }
    if let Some(b) = bias {
        if b.dtype() != input.dtype() {
            return Err(Error::runtime(format!(
                "Input type ({}) and bias type ({}) should be the same",
                input.dtype().c_name(),
                b.dtype().c_name()
            )));
        }
    }
    float_only(input)
}

/// A 3-D (N, C, L) tensor as 4-D (N, C, 1, L), unrecorded.
fn as_4d(t: &Tensor) -> Tensor {
    if t.ndim() == 4 {
        return t.clone();
    }
    let s = t.shape();
    let mut strides = t.strides().to_vec();
    strides.insert(2, 0);
    t.view_of(&[s[0], s[1], 1, s[2]], &strides, t.offset())
}

/// A 5-D input (N, C, D, H, W) as the 4-D (N·Do, C·kd, H, W) whose 2-D
/// convolution with the weight as (O, C_g·kd, kh, kw) is the 3-D one: the
/// depth taps become channels. It is an unfold over (depth, H·W), so it is
/// differentiable (Im2ColBackward0) when grad mode records.
fn depth_lower(x: &Tensor, kd: usize, d: &Axis) -> Result<Tensor> {
    use super::view;
    let s = x.shape();
    let (n, c, h, w) = (s[0], s[1], s[3], s[4]);
    let flat = view::reshape(x, &[n as i64, c as i64, s[2] as i64, (h * w) as i64])?;
    let cols = unfold(&flat, [kd, 1], &depth_params(d))?;
    let od = depth_out(s[2], kd, d);
    let cols = view::reshape(
        &cols,
        &[n as i64, (c * kd) as i64, od as i64, h as i64, w as i64],
    )?;
    let cols = view::permute(&cols, &[0, 2, 1, 3, 4])?;
    view::reshape(
        &cols,
        &[(n * od) as i64, (c * kd) as i64, h as i64, w as i64],
    )
}

/// `depth_lower`'s adjoint: (N·Do, C·kd, H, W) added back onto the input's
/// `shape` (a fold over (depth, H·W); Col2ImBackward0).
fn depth_raise(g: &Tensor, shape: &[usize], kd: usize, d: &Axis) -> Result<Tensor> {
    use super::view;
    let (n, c, depth, h, w) = (shape[0], shape[1], shape[2], shape[3], shape[4]);
    let od = depth_out(depth, kd, d);
    let g = view::reshape(
        g,
        &[n as i64, od as i64, (c * kd) as i64, h as i64, w as i64],
    )?;
    let g = view::permute(&g, &[0, 2, 1, 3, 4])?;
    let cols = view::reshape(&g, &[n as i64, (c * kd) as i64, (od * h * w) as i64])?;
    let images = fold(&cols, [depth, h * w], [kd, 1], &depth_params(d))?;
    let spec: Vec<i64> = shape.iter().map(|&v| v as i64).collect();
    view::reshape(&images, &spec)
}

/// The depth axis as the rows of a 2-D window over (depth, H·W).
fn depth_params(d: &Axis) -> ConvParams {
    ConvParams::ungrouped([d.stride, 1], [d.padding, 0], [d.dilation, 1])
}

fn depth_out(depth: usize, kd: usize, d: &Axis) -> usize {
    (depth + 2 * d.padding - (d.dilation * (kd - 1) + 1)) / d.stride + 1
}

/// The weight (O, C_g, kd, kh, kw) as (O, C_g·kd, kh, kw), `depth_lower`'s
/// channel order.
fn depth_weight(w: &Tensor) -> Result<Tensor> {
    let s = w.shape();
    super::view::reshape(
        w,
        &[s[0] as i64, (s[1] * s[2]) as i64, s[3] as i64, s[4] as i64],
    )
}

/// `conv{1,2,3}d(input, weight, bias)` on a batched input (N, C, [[D,] H,] W)
/// (ConvolutionBackward0). For conv1d, `p`'s row entries are (1, 0, 1);
/// conv3d's depth is `p.depth`, lowered to channels of a 2-D convolution.
pub fn convolution(
    input: &Tensor,
    weight: &Tensor,
    bias: Option<&Tensor>,
    p: &ConvParams,
) -> Result<Tensor> {
    let dims = match p.depth {
        Some(_) => 3,
        None => weight.ndim().saturating_sub(2).clamp(1, 2),
    };
    check(input, weight, bias, p, dims)?;
    let out = {
        let _off = GradModeGuard::new(false);
        match (dims, p.depth) {
            (3, Some(d)) => {
                let kd = weight.shape()[2];
                let x4 = depth_lower(input, kd, &d)?;
                let out = forward(&x4, &depth_weight(weight)?, bias, p)?;
                let (n, od) = (input.shape()[0], depth_out(input.shape()[2], kd, &d));
                let s = out.shape().to_vec();
                let out = out.into_shape(&[n, od, s[1], s[2], s[3]]);
                // (a fresh tensor of its own, not a view, to carry the node)
                super::view::permute(&out, &[0, 2, 1, 3, 4])?.copy_data()
            }
            _ => {
                let out = forward(&as_4d(input), &as_4d(weight), bias, p)?;
                if dims == 1 {
                    let s = out.shape().to_vec();
                    out.into_shape(&[s[0], s[1], s[3]])
                } else {
                    out
                }
            }
        }
    };
    let mut inputs: SmallVec<[&Tensor; 3]> = smallvec![input, weight];
    inputs.extend(bias);
    if needs_graph(&inputs) {
        let backward = ConvBackward {
            input: Saved::input(input),
            weight: Saved::input(weight),
            params: *p,
            has_bias: bias.is_some(),
        };
        record("ConvolutionBackward0", &inputs, &[&out], Box::new(backward));
    }
    Ok(out)
}

/// The product itself, per group: W_g (O_g, C_g·kh·kw) @ columns_g. One
/// group is one product over the whole batch's columns.
fn forward(x: &Tensor, w: &Tensor, bias: Option<&Tensor>, p: &ConvParams) -> Result<Tensor> {
    let (n, o) = (x.shape()[0], w.shape()[0]);
    let kernel = [w.shape()[2], w.shape()[3]];
    let win = window([x.shape()[2], x.shape()[3]], kernel, p);
    if p.groups == 1 && n > 0 {
        let wm = super::view::reshape(w, &[o as i64, -1])?;
        let out = crate::dispatch_float!(x.dtype(), T => {
            let wide = super::linalg::matmul(&wm, &unfold_wide::<T>(x, &win))?;
            let b: Option<Vec<T>> = bias.map(|b| b.to_vec());
            let shape = [n, o, win.out[0], win.out[1]];
            Tensor::from_vec(batch_major(&wide, n, b.as_deref()), &shape)
        }, unreachable!("checked float above"));
        return Ok(out);
    }
    let (c_g, o_g) = (x.shape()[1] / p.groups, o / p.groups);
    let mut parts = Vec::with_capacity(p.groups);
    for g in 0..p.groups {
        let xg = super::view::narrow(x, 1, (g * c_g) as i64, c_g)?;
        let cols = unfold(&xg, kernel, p)?;
        let wg = super::view::narrow(w, 0, (g * o_g) as i64, o_g)?;
        let wg = super::view::reshape(&wg, &[o_g as i64, -1])?;
        parts.push(super::linalg::matmul(&wg, &cols)?);
    }
    let out = if parts.len() == 1 {
        parts.pop().expect("one group")
    } else {
        super::join::cat(&parts, 1)?
    };
    let out = match bias {
        Some(b) => super::arith::add(&out, &super::view::reshape(b, &[o as i64, 1])?, 1.0)?,
        None => out,
    };
    Ok(out.into_shape(&[n, o, win.out[0], win.out[1]]))
}

struct ConvBackward {
    input: Saved,
    weight: Saved,
    params: ConvParams,
    has_bias: bool,
}

impl Backward for ConvBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        use super::{reduce, view};
        let (input, weight) = (self.input.get()?, self.weight.get()?);
        let g = grad0(grads);
        let p = &self.params;
        // the bias's gradient (the sum over all but channels) after the others
        let with_bias = |gx: Option<Tensor>, gw: Option<Tensor>| -> Result<Grads> {
            let mut out: Grads = smallvec![gx, gw];
            if self.has_bias {
                let dims: Vec<i64> = (0..g.ndim() as i64).filter(|&d| d != 1).collect();
                out.push(
                    needs[2]
                        .then(|| reduce::sum_dims(g, &dims, false))
                        .transpose()?,
                );
            }
            Ok(out)
        };
        if input.shape()[0] == 0 {
            // an empty batch: nothing reaches the input, zeros reach the weight
            let zeros = |t: &Tensor| Tensor::zeros(t.shape(), t.dtype());
            return with_bias(
                needs[0].then(|| zeros(input)),
                needs[1].then(|| zeros(weight)),
            );
        }
        // everything in 4-D: conv1d's tensors get a unit row axis, conv3d's
        // depth taps become channels (differentiably, for double backward)
        let (gx, gw) = match (input.ndim(), p.depth) {
            (3, _) => {
                let lift = |t: &Tensor| view::unsqueeze(t, 2);
                let (gx, gw) = grads_4d(&lift(input)?, &lift(weight)?, &lift(g)?, p, needs)?;
                (gx.map(|t| view::squeeze(&t, Some(2))).transpose()?, gw)
            }
            (5, Some(d)) => {
                let kd = weight.shape()[2];
                let s = g.shape();
                let g4 = view::reshape(
                    &view::permute(g, &[0, 2, 1, 3, 4])?,
                    &[(s[0] * s[2]) as i64, s[1] as i64, s[3] as i64, s[4] as i64],
                )?;
                let x4 = depth_lower(input, kd, &d)?;
                let (gx, gw) = grads_4d(&x4, &depth_weight(weight)?, &g4, p, needs)?;
                let gx = gx
                    .map(|t| depth_raise(&t, input.shape(), kd, &d))
                    .transpose()?;
                (gx, gw)
            }
            _ => grads_4d(input, weight, g, p, needs)?,
        };
        let spec: Vec<i64> = weight.shape().iter().map(|&d| d as i64).collect();
        let gw = gw.map(|t| view::reshape(&t, &spec)).transpose()?;
        with_bias(gx, gw)
    }

    fn release(&mut self) {
        self.input.release();
        self.weight.release();
    }
}

/// A 2-D convolution's input and weight gradients (those `needs` asks
/// for) from the output's `g`, all (N, ·, H, W); the weight's as a matrix
/// (O, C_g·kh·kw) or in `w`'s shape, for the caller to reshape.
fn grads_4d(
    x: &Tensor,
    w: &Tensor,
    g4: &Tensor,
    p: &ConvParams,
    needs: &[bool],
) -> Result<(Option<Tensor>, Option<Tensor>)> {
    use super::{join, linalg, reduce, view};
    let (n, o) = (x.shape()[0], w.shape()[0]);
    let kernel = [w.shape()[2], w.shape()[3]];
    let (c_g, o_g) = (x.shape()[1] / p.groups, o / p.groups);
    let win = window([x.shape()[2], x.shape()[3]], kernel, p);
    if p.groups == 1 && !crate::autograd::grad_mode::is_grad_enabled() {
        // one product per gradient over the whole batch, as in the forward
        let wm = view::reshape(w, &[o as i64, -1])?;
        let c = x.shape()[1];
        return Ok(crate::dispatch_float!(x.dtype(), T => {
            let gm = channel_major::<T>(g4);
            let gx = if needs[0] {
                let cols = linalg::matmul(&view::transpose(&wm, 0, 1)?, &gm)?;
                let l = win.positions();
                let images: Vec<T> = cols.with_slice(|cs: &[T]| {
                    fold_images(n, c, &win, |i| (cs, ColumnLayout { pitch: n * l, offset: i * l }))
                });
                Some(Tensor::from_vec(images, &[n, c, win.image[0], win.image[1]]))
            } else {
                None
            };
            let gw = if needs[1] {
                let cols = unfold_wide::<T>(x, &win);
                Some(linalg::matmul(&gm, &view::transpose(&cols, 0, 1)?)?)
            } else {
                None
            };
            (gx, gw)
        }, unreachable!("convolutions are floating point")));
    }
    let g3 = view::reshape(g4, &[n as i64, o as i64, -1])?;
    let (mut gx_parts, mut gw_parts) = (Vec::new(), Vec::new());
    for grp in 0..p.groups {
        let gg = view::narrow(&g3, 1, (grp * o_g) as i64, o_g)?;
        let wg = view::narrow(w, 0, (grp * o_g) as i64, o_g)?;
        let wg = view::reshape(&wg, &[o_g as i64, -1])?;
        if needs[0] {
            // columns' gradient, added back onto the image
            let cols = linalg::matmul(&view::transpose(&wg, 0, 1)?, &gg)?;
            gx_parts.push(fold_window(&cols, &win, c_g)?);
        }
        if needs[1] {
            let xg = view::narrow(x, 1, (grp * c_g) as i64, c_g)?;
            let cols = unfold(&xg, kernel, p)?;
            let per_image = linalg::matmul(&gg, &view::transpose(&cols, 1, 2)?)?;
            gw_parts.push(reduce::sum_dims(&per_image, &[0], false)?);
        }
    }
    let gx = needs[0].then(|| join::cat(&gx_parts, 1)).transpose()?;
    let gw = needs[1].then(|| join::cat(&gw_parts, 0)).transpose()?;
    Ok((gx, gw))
}
