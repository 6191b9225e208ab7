//! The matmul family. `matmul` dispatches on operand ranks the way torch
//! does, so the recorded nodes carry torch's names (DotBackward0,
//! MvBackward0, MmBackward0, SqueezeBackward4, UnsafeViewBackward0, ...),
//! folding batches into one mm where torch does.

use super::grad0;
use super::view::{expand, reshape, squeeze, squeeze_dims, t, transpose, unsafe_view, unsqueeze};
use crate::autograd::node::{Backward, Grads, Saved};
use crate::autograd::{needs_graph, record};
use crate::error::{Error, Result};
use crate::kernels::matmul::{batched_matmul, Mat};
use crate::shape::{broadcast_shapes, numel};
use crate::tensor::Tensor;
use smallvec::smallvec;

fn mat(t: &Tensor, offset: usize, dims: (usize, usize)) -> Mat {
    Mat {
        offset,
        rs: t.strides()[dims.0],
        cs: t.strides()[dims.1],
    }
}

fn check_same_dtype(a: &Tensor, b: &Tensor) -> Result<()> {
    if a.dtype() != b.dtype() {
        return Err(Error::runtime(format!(
            "expected m1 and m2 to have the same dtype, but got: {} != {}",
            a.dtype().c_name(),
            b.dtype().c_name()
        )));
    }
    Ok(())
}

/// Saves what each side's gradient needs: `a` for b's, `b` for a's.
fn save_pair(a: &Tensor, b: &Tensor) -> (Option<Saved>, Option<Saved>) {
    (
        b.requires_grad().then(|| Saved::input(a)),
        a.requires_grad().then(|| Saved::input(b)),
    )
}

fn release_pair(a: &mut Option<Saved>, b: &mut Option<Saved>) {
    a.iter_mut().chain(b.iter_mut()).for_each(Saved::release);
}

// ---- mm ----

fn mm_raw(a: &Tensor, b: &Tensor) -> Tensor {
    let (m, k, n) = (a.shape()[0], a.shape()[1], b.shape()[1]);
    batched_matmul(
        a,
        &[mat(a, a.offset(), (0, 1))],
        b,
        &[mat(b, b.offset(), (0, 1))],
        (m, k, n),
        &[m, n],
    )
}

pub fn mm(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    if a.ndim() != 2 {
        return Err(Error::runtime("self must be a matrix"));
    }
    if b.ndim() != 2 {
        return Err(Error::runtime("mat2 must be a matrix"));
    }
    if a.shape()[1] != b.shape()[0] {
        return Err(Error::runtime(format!(
            "mat1 and mat2 shapes cannot be multiplied ({}x{} and {}x{})",
            a.shape()[0],
            a.shape()[1],
            b.shape()[0],
            b.shape()[1]
        )));
    }
    check_same_dtype(a, b)?;
    let out = mm_raw(a, b);
    if needs_graph(&[a, b]) {
        let (sa, sb) = save_pair(a, b);
        record(
            "MmBackward0",
            &[a, b],
            &[&out],
            Box::new(MmBackward::new(a, b, sa, sb)),
        );
    }
    Ok(out)
}

struct MmBackward {
    a: Option<Saved>,
    b: Option<Saved>,
    /// Whether each input was column-major: torch then computes its
    /// gradient transposed, so the gradient is column-major too.
    a_cols: bool,
    b_cols: bool,
}

/// torch's test in `mm_mat1_backward` / `mm_mat2_backward`.
fn column_major(t: &Tensor) -> bool {
    let (shape, strides) = (t.shape(), t.strides());
    strides[0] == 1 && strides[1] == shape[0] as isize
}

impl MmBackward {
    fn new(a: &Tensor, b: &Tensor, sa: Option<Saved>, sb: Option<Saved>) -> Self {
        MmBackward {
            a: sa,
            b: sb,
            a_cols: column_major(a),
            b_cols: column_major(b),
        }
    }
}

impl Backward for MmBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        let ga = match (&self.b, needs[0]) {
            (Some(b), true) if self.a_cols => {
                Some(super::view::t(&mm(b.get()?, &super::view::t(g)?)?)?)
            }
            (Some(b), true) => Some(mm(g, &super::view::t(b.get()?)?)?),
            _ => None,
        };
        let gb = match (&self.a, needs[1]) {
            (Some(a), true) if self.b_cols => {
                Some(super::view::t(&mm(&super::view::t(g)?, a.get()?)?)?)
            }
            (Some(a), true) => Some(mm(&super::view::t(a.get()?)?, g)?),
            _ => None,
        };
        Ok(smallvec![ga, gb])
    }

    fn release(&mut self) {
        release_pair(&mut self.a, &mut self.b);
    }
}

// ---- mv ----

pub fn mv(a: &Tensor, v: &Tensor) -> Result<Tensor> {
    if a.ndim() != 2 || v.ndim() != 1 {
        return Err(Error::runtime(format!(
            "vector + matrix @ vector expected, got 1, {}, {}",
            a.ndim(),
            v.ndim()
        )));
    }
    if a.shape()[1] != v.shape()[0] {
        return Err(Error::runtime(format!(
            "size mismatch, got input ({}), mat ({}x{}), vec ({})",
            a.shape()[0],
            a.shape()[0],
            a.shape()[1],
            v.shape()[0]
        )));
    }
    check_same_dtype(a, v)?;
    let (m, k) = (a.shape()[0], a.shape()[1]);
    let col = Mat {
        offset: v.offset(),
        rs: v.strides()[0],
        cs: 1,
    };
    let out = batched_matmul(a, &[mat(a, a.offset(), (0, 1))], v, &[col], (m, k, 1), &[m]);
    if needs_graph(&[a, v]) {
        let (sa, sv) = save_pair(a, v);
        record(
            "MvBackward0",
            &[a, v],
            &[&out],
            Box::new(MvBackward { a: sa, v: sv }),
        );
    }
    Ok(out)
}

struct MvBackward {
    a: Option<Saved>,
    v: Option<Saved>,
}

impl Backward for MvBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        let ga = match (&self.v, needs[0]) {
            // outer(g, v)
            (Some(v), true) => Some(mm(&unsqueeze(g, 1)?, &unsqueeze(v.get()?, 0)?)?),
            _ => None,
        };
        let gv = match (&self.a, needs[1]) {
            (Some(a), true) => Some(mv(&super::view::t(a.get()?)?, g)?),
            _ => None,
        };
        Ok(smallvec![ga, gv])
    }

    fn release(&mut self) {
        release_pair(&mut self.a, &mut self.v);
    }
}

// ---- dot ----

pub fn dot(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    if a.ndim() != 1 || b.ndim() != 1 {
        return Err(Error::runtime(format!(
            "1D tensors expected, but got {}D and {}D tensors",
            a.ndim(),
            b.ndim()
        )));
    }
    if a.shape()[0] != b.shape()[0] {
        return Err(Error::runtime(format!(
            "inconsistent tensor size, expected tensor [{}] and src [{}] to have the same number \
             of elements, but got {} and {} elements respectively",
            a.shape()[0],
            b.shape()[0],
            a.shape()[0],
            b.shape()[0]
        )));
    }
    if a.dtype() != b.dtype() {
        return Err(Error::runtime(format!(
            "dot : expected both vectors to have same dtype, but found {} and {}",
            crate::shape::scalar_type_name(a.dtype()),
            crate::shape::scalar_type_name(b.dtype())
        )));
    }
    let k = a.shape()[0];
    let row = Mat {
        offset: a.offset(),
        rs: 1,
        cs: a.strides()[0],
    };
    let col = Mat {
        offset: b.offset(),
        rs: b.strides()[0],
        cs: 1,
    };
    let out = batched_matmul(a, &[row], b, &[col], (1, k, 1), &[]);
    if needs_graph(&[a, b]) {
        let (sa, sb) = save_pair(a, b);
        record(
            "DotBackward0",
            &[a, b],
            &[&out],
            Box::new(DotBackward { a: sa, b: sb }),
        );
    }
    Ok(out)
}

struct DotBackward {
    a: Option<Saved>,
    b: Option<Saved>,
}

impl Backward for DotBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        let ga = match (&self.b, needs[0]) {
            (Some(b), true) => Some(super::arith::mul(g, b.get()?)?),
            _ => None,
        };
        let gb = match (&self.a, needs[1]) {
            (Some(a), true) => Some(super::arith::mul(g, a.get()?)?),
            _ => None,
        };
        Ok(smallvec![ga, gb])
    }

    fn release(&mut self) {
        release_pair(&mut self.a, &mut self.b);
    }
}

// ---- bmm ----

pub fn bmm(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    if a.ndim() != 3 {
        return Err(Error::runtime("batch1 must be a 3D tensor"));
    }
    if b.ndim() != 3 {
        return Err(Error::runtime("batch2 must be a 3D tensor"));
    }
    let (batch, m, k) = (a.shape()[0], a.shape()[1], a.shape()[2]);
    if b.shape()[0] != batch || b.shape()[1] != k {
        return Err(Error::runtime(format!(
            "Expected size for first two dimensions of batch2 tensor to be: [{batch}, {k}] but \
             got: [{}, {}].",
            b.shape()[0],
            b.shape()[1]
        )));
    }
    check_same_dtype(a, b)?;
    let n = b.shape()[2];
    let lhs: Vec<Mat> = (0..batch)
        .map(|i| mat(a, a.offset() + i * a.strides()[0] as usize, (1, 2)))
        .collect();
    let rhs: Vec<Mat> = (0..batch)
        .map(|i| mat(b, b.offset() + i * b.strides()[0] as usize, (1, 2)))
        .collect();
    let out = batched_matmul(a, &lhs, b, &rhs, (m, k, n), &[batch, m, n]);
    if needs_graph(&[a, b]) {
        let (sa, sb) = save_pair(a, b);
        record(
            "BmmBackward0",
            &[a, b],
            &[&out],
            Box::new(BmmBackward { a: sa, b: sb }),
        );
    }
    Ok(out)
}

struct BmmBackward {
    a: Option<Saved>,
    b: Option<Saved>,
}

impl Backward for BmmBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        let ga = match (&self.b, needs[0]) {
            (Some(b), true) => Some(bmm(g, &transpose(b.get()?, 1, 2)?)?),
            _ => None,
        };
        let gb = match (&self.a, needs[1]) {
            (Some(a), true) => Some(bmm(&transpose(a.get()?, 1, 2)?, g)?),
            _ => None,
        };
        Ok(smallvec![ga, gb])
    }

    fn release(&mut self) {
        release_pair(&mut self.a, &mut self.b);
    }
}

// ---- matmul ----

pub fn matmul(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let (da, db) = (a.ndim(), b.ndim());
    if da == 0 || db == 0 {
        return Err(Error::runtime(format!(
            "both arguments to matmul need to be at least 1D, but they are {da}D and {db}D"
        )));
    }
    match (da, db) {
        (1, 1) => dot(a, b),
        (2, 1) => mv(a, b),
        (1, 2) => squeeze_dims(&mm(&unsqueeze(a, 0)?, b)?, &[0]),
        (2, 2) => mm(a, b),
        _ if should_fold(a, b) => folded(a, b),
        (3, 3) if a.shape()[0] != b.shape()[0] => {
            // a broadcast batch of one goes through the folded path, so the
            // gradient of that operand is one matrix, not a batch summed
            if a.shape()[0] == 1 && a.requires_grad() {
                matmul(&squeeze(a, Some(0))?, b)
            } else if b.shape()[0] == 1 && b.requires_grad() {
                matmul(a, &squeeze(b, Some(0))?)
            } else {
                batched(a, b)
            }
        }
        _ => batched(a, b),
    }
}

/// Whether a product of an N-d (N >= 3) and a 1-d or 2-d operand runs as one
/// mm/mv over the N-d one's rows (torch's rule): always when the small
/// operand requires grad (its gradient is then one product, not a batch
/// summed), else when the rows fold without a copy.
fn should_fold(a: &Tensor, b: &Tensor) -> bool {
    let a_larger = a.ndim() >= b.ndim();
    let (large, small) = if a_larger { (a, b) } else { (b, a) };
    if large.ndim() < 3 || small.ndim() > 2 {
        return false;
    }
    if small.requires_grad() {
        return true;
    }
    // a transposed fold would need a copy of the result
    if a.ndim() == 2 {
        return false;
    }
    if large.numel() == 0 {
        return true;
    }
    // the large operand as it would be folded (b is used transposed)
    let (mut dims, mut strides) = (large.shape().to_vec(), large.strides().to_vec());
    let n = dims.len();
    if !a_larger {
        dims.swap(n - 2, n - 1);
        strides.swap(n - 2, n - 1);
    }
    (0..n - 2).all(|i| strides[i] == strides[i + 1] * dims[i + 1] as isize)
}

/// The folded product: the N-d operand's leading dims as rows of one mm
/// (or mv). When b is the N-d one, the product is taken transposed,
/// `(b^T a^T)^T`, and made contiguous at the end.
fn folded(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let transposed = b.ndim() > a.ndim();
    let large = if transposed {
        transpose(b, -2, -1)?
    } else {
        a.clone()
    };
    let small = match (transposed, a.ndim()) {
        (true, 2) => t(a)?,
        (true, _) => a.clone(),
        (false, _) => b.clone(),
    };
    let dims = large.shape();
    let k = dims[dims.len() - 1];
    let mut out_shape: Vec<usize> = dims[..dims.len() - 1].to_vec();
    let rows = numel(&out_shape);
    let rows_matrix = reshape(&large, &[rows as i64, k as i64])?;
    if small.ndim() == 1 {
        return Ok(unsafe_view(&mv(&rows_matrix, &small)?, &out_shape));
    }
    out_shape.push(small.shape()[1]);
    let out = unsafe_view(&mm(&rows_matrix, &small)?, &out_shape);
    if !transposed {
        return Ok(out);
    }
    let back = transpose(&out, -2, -1)?;
    Ok(if back.is_contiguous() {
        back
    } else {
        super::clone(&back)
    })
}

/// The general case: broadcast the batch dims, bmm, view to the result.
fn batched(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let a2 = if a.ndim() == 1 {
        unsqueeze(a, 0)?
    } else {
        a.clone()
    };
    let vector_rhs = b.ndim() == 1;
    let (n, k) = (a2.shape()[a2.ndim() - 2], a2.shape()[a2.ndim() - 1]);
    let (k2, m) = if vector_rhs {
        (b.shape()[0], 1)
    } else {
        (b.shape()[b.ndim() - 2], b.shape()[b.ndim() - 1])
    };
    let batch_a = &a2.shape()[..a2.ndim() - 2];
    let batch_b: &[usize] = if vector_rhs {
        &[]
    } else {
        &b.shape()[..b.ndim() - 2]
    };
    let batch = broadcast_shapes(batch_a, batch_b)?;
    let nb = numel(&batch) as i64;
    let mut sa: Vec<usize> = batch.to_vec();
    sa.extend([n, k]);
    let a3 = reshape(&expand(&a2, &sa)?, &[nb, n as i64, k as i64])?;
    let mut sb: Vec<usize> = batch.to_vec();
    let b3 = if vector_rhs {
        sb.push(k2);
        unsqueeze(&reshape(&expand(b, &sb)?, &[nb, k2 as i64])?, 2)?
    } else {
        sb.extend([k2, m]);
        reshape(&expand(b, &sb)?, &[nb, k2 as i64, m as i64])?
    };
    let mut prod = bmm(&a3, &b3)?;
    if vector_rhs {
        prod = squeeze(&prod, Some(-1))?;
    }
    let mut out_shape: Vec<usize> = batch.to_vec();
    if a.ndim() > 1 {
        out_shape.push(n);
    }
    if !vector_rhs {
        out_shape.push(m);
    }
    Ok(unsafe_view(&prod, &out_shape))
}

/// `torch.outer(a, b)`: a column view of `a` times `b` (MulBackward0).
pub fn outer(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    if a.ndim() != 1 || b.ndim() != 1 {
        let (name, bad) = if a.ndim() != 1 {
            ("self", a)
        } else {
            ("vec2", b)
        };
        return Err(Error::runtime(format!(
            "outer: Expected 1-D argument {name}, but got {}-D",
            bad.ndim()
        )));
    }
    let column = super::view::view(a, &[a.shape()[0] as i64, 1])?;
    super::arith::mul(&column, b)
}

/// `bias + m1 @ m2` in one node (AddmmBackward0), as `F.linear` records it.
pub fn addmm(bias: &Tensor, m1: &Tensor, m2: &Tensor) -> Result<Tensor> {
    let prod = {
        let _off = crate::autograd::grad_mode::GradModeGuard::new(false);
        mm(m1, m2)?
    };
    let out = {
        let _off = crate::autograd::grad_mode::GradModeGuard::new(false);
        super::arith::add(&prod, bias, 1.0)?
    };
    if out.shape() != prod.shape() {
        return Err(Error::runtime(format!(
            "The expanded size of the tensor ({}) must match the existing size ({}) at \
             non-singleton dimension 1.",
            prod.shape()[1],
            bias.shape().last().copied().unwrap_or(0)
        )));
    }
    if needs_graph(&[bias, m1, m2]) {
        let (s1, s2) = save_pair(m1, m2);
        record(
            "AddmmBackward0",
            &[bias, m1, m2],
            &[&out],
            Box::new(AddmmBackward {
                mm: MmBackward::new(m1, m2, s1, s2),
            }),
        );
    }
    Ok(out)
}

struct AddmmBackward {
    mm: MmBackward,
}

impl Backward for AddmmBackward {
    fn apply(&mut self, grads: &[Option<Tensor>], needs: &[bool]) -> Result<Grads> {
        let g = grad0(grads);
        let products = self.mm.apply(grads, &needs[1..])?;
        let mut out: Grads = smallvec![needs[0].then(|| g.clone())];
        out.extend(products);
        Ok(out)
    }

    fn release(&mut self) {
        self.mm.release();
    }
}

/// `F.linear(x, w, b)`: `x @ w.T + b`, recorded the way torch records it.
pub fn linear(x: &Tensor, w: &Tensor, b: Option<&Tensor>) -> Result<Tensor> {
    let wt = super::view::t(w)?;
    let Some(b) = b else { return matmul(x, &wt) };
    match x.ndim() {
        2 => addmm(b, x, &wt),
        1 | 3.. if x.is_contiguous() => {
            let k = *x.shape().last().expect("ndim >= 1") as i64;
            let rows = super::view::view(x, &[-1, k])?;
            let out = addmm(b, &rows, &wt)?;
            let mut shape: Vec<i64> = x.shape()[..x.ndim() - 1]
                .iter()
                .map(|&d| d as i64)
                .collect();
            shape.push(w.shape()[0] as i64);
            super::view::view(&out, &shape)
        }
        _ => super::arith::add(&matmul(x, &wt)?, b, 1.0),
    }
}
