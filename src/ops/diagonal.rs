//! Diagonals: `diagonal` (a view), `diag_embed` (its adjoint: a diagonal
//! written into zeros), `diag` (one or the other), and `trace`.

use super::grad0;
use super::view::{broadcast_to, region_embed, Region, RegionNames};
use crate::autograd::node::{Backward, Grads};
use crate::autograd::{needs_graph, record};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::shape::{contiguous_strides, wrap_dim, Shape};
use crate::tensor::Tensor;
use smallvec::smallvec;

/// The diagonal's gradient is written back into zeros; read back, that is
/// the diagonal again.
const NAMES: RegionNames = RegionNames {
    view: "DiagonalBackward0",
    embed: "DiagonalBackwardBackward0",
};

/// The layout of diagonal `offset` between dims `d1` and `d2` of a layout
/// (`shape`, `strides`, `start`): the other dims in order, then the
/// diagonal's own.
fn diagonal_layout(
    (shape, strides, start): (&[usize], &[isize], usize),
    offset: i64,
    (d1, d2): (usize, usize),
) -> Region {
    let (rows, cols) = (shape[d1] as i64, shape[d2] as i64);
    let len = if offset >= 0 {
        rows.min(cols - offset)
    } else {
        (rows + offset).min(cols)
    }
    .max(0) as usize;
    let start = if len == 0 {
        start
    } else if offset >= 0 {
        (start as isize + offset as isize * strides[d2]) as usize
    } else {
        (start as isize - offset as isize * strides[d1]) as usize
    };
    let keep = (0..shape.len()).filter(|&d| d != d1 && d != d2);
    let mut out_shape: Vec<usize> = keep.clone().map(|d| shape[d]).collect();
    let mut out_strides: Vec<isize> = keep.map(|d| strides[d]).collect();
    out_shape.push(len);
    out_strides.push(strides[d1] + strides[d2]);
    Region {
        shape: out_shape.into(),
        strides: out_strides,
        offset: start,
    }
}

fn diagonal_dims(ndim: usize, dim1: i64, dim2: i64) -> Result<(usize, usize)> {
    let (d1, d2) = (wrap_dim(dim1, ndim)?, wrap_dim(dim2, ndim)?);
    if d1 == d2 {
        return Err(Error::runtime(format!(
            "diagonal dimensions cannot be identical {dim1}, {dim2}"
        )));
    }
    Ok((d1, d2))
}

/// The diagonal's region within a contiguous tensor of `shape`.
fn region_in_contiguous(shape: &[usize], offset: i64, dims: (usize, usize)) -> Region {
    diagonal_layout((shape, &contiguous_strides(shape), 0), offset, dims)
}

/// `a.diagonal(offset, dim1, dim2)`: a view (DiagonalBackward0).
pub fn diagonal(a: &Tensor, offset: i64, dim1: i64, dim2: i64) -> Result<Tensor> {
    let dims = diagonal_dims(a.ndim(), dim1, dim2)?;
    let view = diagonal_layout((a.shape(), a.strides(), a.offset()), offset, dims);
    let out = a.view_of(&view.shape, &view.strides, view.offset);
    record_diagonal(a, &out, offset, dims, NAMES.view);
    Ok(out)
}

/// `torch.diag` of a matrix: the diagonal as a new tensor
/// (DiagonalBackward0_copy).
fn diagonal_copy(a: &Tensor, offset: i64) -> Tensor {
    let view = diagonal_layout((a.shape(), a.strides(), a.offset()), offset, (0, 1));
    let out = a
        .view_of(&view.shape, &view.strides, view.offset)
        .copy_data();
    record_diagonal(a, &out, offset, (0, 1), "DiagonalBackward0_copy");
    out
}

fn record_diagonal(
    a: &Tensor,
    out: &Tensor,
    offset: i64,
    dims: (usize, usize),
    name: &'static str,
) {
    if needs_graph(&[a]) {
        let backward = DiagonalBackward {
            region: region_in_contiguous(a.shape(), offset, dims),
            shape: a.shape().into(),
        };
        record(name, &[a], &[out], Box::new(backward));
    }
}

struct DiagonalBackward {
    region: Region,
    shape: Shape,
}

impl Backward for DiagonalBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        let g = region_embed(grad0(grads), &self.shape, &self.region, NAMES);
        Ok(smallvec![Some(g)])
    }
}

/// `torch.diag_embed(a, offset, dim1, dim2)`: zeros with `a`'s last dim on
/// the diagonal between the two new dims (DiagEmbedBackward0).
pub fn diag_embed(a: &Tensor, offset: i64, dim1: i64, dim2: i64) -> Result<Tensor> {
    let ndim = a.ndim() + 1;
    let (d1, d2) = diagonal_dims(ndim, dim1, dim2)?;
    let side = a.shape().last().copied().unwrap_or(1) + offset.unsigned_abs() as usize;
    let mut rest = a.shape()[..a.ndim().saturating_sub(1)].iter();
    let shape: Vec<usize> = (0..ndim)
        .map(|d| {
            if d == d1 || d == d2 {
                side
            } else {
                *rest.next().expect("one dim of `a` for each other dim")
            }
        })
        .collect();
    let region = region_in_contiguous(&shape, offset, (d1, d2));
    let names = RegionNames {
        view: NAMES.view,
        embed: "DiagEmbedBackward0",
    };
    // the region holds `a`'s batch dims in order, then the diagonal: `a`'s shape
    Ok(region_embed(a, &shape, &region, names))
}

/// `torch.diag(a, diagonal)`: a vector on a matrix's diagonal, or a
/// matrix's diagonal as a vector.
pub fn diag(a: &Tensor, diagonal: i64) -> Result<Tensor> {
    match a.ndim() {
        1 => diag_embed(a, diagonal, 0, 1),
        2 => Ok(diagonal_copy(a, diagonal)),
        n => Err(Error::runtime(format!(
            "diag(): Supports 1D or 2D tensors. Got {n}D"
        ))),
    }
}

/// `torch.trace(a)`: the sum of a matrix's diagonal, added in order in
/// double (int64 for integers) as torch's kernel adds it (TraceBackward0).
pub fn trace(a: &Tensor) -> Result<Tensor> {
    if a.ndim() != 2 {
        return Err(Error::runtime(format!(
            "trace: expected a matrix, but got tensor with dim {}",
            a.ndim()
        )));
    }
    let view = diagonal_layout((a.shape(), a.strides(), a.offset()), 0, (0, 1));
    let diag = a.view_of(&view.shape, &view.strides, view.offset);
    let out = if a.dtype().is_floating() {
        let total: f64 = diag.to_f64_vec().iter().sum();
        Tensor::full(&[], total, a.dtype())
    } else if a.dtype().is_complex() {
        return Err(Error::runtime("trace of a complex matrix is not supported"));
    } else {
        let total = diag
            .cast(DType::I64)
            .to_vec::<i64>()
            .iter()
            .fold(0i64, |s, &v| s.wrapping_add(v));
        Tensor::scalar(total)
    };
    if needs_graph(&[a]) {
        let backward = TraceBackward {
            region: region_in_contiguous(a.shape(), 0, (0, 1)),
            shape: a.shape().into(),
        };
        record("TraceBackward0", &[a], &[&out], Box::new(backward));
    }
    Ok(out)
}

struct TraceBackward {
    region: Region,
    shape: Shape,
}

impl Backward for TraceBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], _: &[bool]) -> Result<Grads> {
        // the gradient on every diagonal element, zeros elsewhere
        let along = broadcast_to(grad0(grads), &self.region.shape)?;
        let g = region_embed(&along, &self.shape, &self.region, NAMES);
        Ok(smallvec![Some(g)])
    }
}
