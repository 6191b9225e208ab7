//! Shape arithmetic: broadcasting, dimension wrapping, strides.

use crate::error::{Error, Result};
use smallvec::SmallVec;

pub type Shape = SmallVec<[usize; 4]>;
pub type Strides = SmallVec<[isize; 4]>;

pub fn numel(shape: &[usize]) -> usize {
    shape.iter().product()
}

pub fn contiguous_strides(shape: &[usize]) -> Strides {
    let mut strides = [0isize; 8];
    if shape.len() > strides.len() {
        let mut v: Strides = SmallVec::from_elem(0, shape.len());
        fill_contiguous(shape, &mut v);
        return v;
    }
    let s = &mut strides[..shape.len()];
    fill_contiguous(shape, s);
    Strides::from_slice(s)
}

#[inline]
fn fill_contiguous(shape: &[usize], strides: &mut [isize]) {
    let mut acc = 1isize;
    for (s, &d) in strides.iter_mut().zip(shape).rev() {
        *s = acc;
        acc *= d.max(1) as isize;
    }
}

/// `torch.Size([2, 3])`, as torch writes sizes in messages.
pub fn size_str(shape: &[usize]) -> String {
    let dims: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
    format!("torch.Size([{}])", dims.join(", "))
}

/// Strides that read a tensor of `shape`/`strides` as `new_shape` in the
/// same element order without a copy, or None when none exist (torch's
/// `view` rule). Dims that step through memory as one block may be merged
/// and split freely; size-1 dims take the stride of where they stand.
pub fn view_strides(shape: &[usize], strides: &[isize], new_shape: &[usize]) -> Option<Strides> {
    if shape.is_empty() || numel(shape) == 0 {
        return Some(if shape == new_shape {
            Strides::from_slice(strides)
        } else {
            contiguous_strides(new_shape)
        });
    }
    let mut out: Strides = SmallVec::from_elem(0, new_shape.len());
    // walk both shapes from the innermost dim, one memory block at a time
    let mut view_d = new_shape.len() as isize - 1;
    let mut block_stride = strides[strides.len() - 1];
    let (mut block_numel, mut view_numel) = (1usize, 1usize);
    for d in (0..shape.len()).rev() {
        block_numel *= shape[d];
        let block_ends =
            d == 0 || (shape[d - 1] != 1 && strides[d - 1] != block_numel as isize * block_stride);
        if !block_ends {
            continue;
        }
        while view_d >= 0 && (view_numel < block_numel || new_shape[view_d as usize] == 1) {
            out[view_d as usize] = view_numel as isize * block_stride;
            view_numel *= new_shape[view_d as usize];
            view_d -= 1;
        }
        if view_numel != block_numel {
            return None;
        }
        if d > 0 {
            block_stride = strides[d - 1];
            block_numel = 1;
            view_numel = 1;
        }
    }
    (view_d == -1).then_some(out)
}

/// `[2, 3]`
pub fn list_str<T: std::fmt::Display>(items: &[T]) -> String {
    let dims: Vec<String> = items.iter().map(|d| d.to_string()).collect();
    format!("[{}]", dims.join(", "))
}

pub fn broadcast_shapes(a: &[usize], b: &[usize]) -> Result<Shape> {
    if a == b {
        return Ok(Shape::from_slice(a));
    }
    let n = a.len().max(b.len());
    let mut out: Shape = SmallVec::from_elem(0, n);
    // torch checks from the last dimension backwards; the first clash is reported
    for i in (0..n).rev() {
        let da = if i + a.len() >= n {
            a[i + a.len() - n]
        } else {
            1
        };
        let db = if i + b.len() >= n {
            b[i + b.len() - n]
        } else {
            1
        };
        out[i] = if da == db || db == 1 {
            da
        } else if da == 1 {
            db
        } else {
            return Err(Error::runtime(format!(
                "The size of tensor a ({da}) must match the size of tensor b ({db}) at \
                 non-singleton dimension {i}"
            )));
        };
    }
    Ok(out)
}

/// Wrap a possibly negative dimension index; 0-d tensors accept -1 and 0.
pub fn wrap_dim(dim: i64, ndim: usize) -> Result<usize> {
    let n = ndim.max(1) as i64;
    if dim < -n || dim >= n {
        return Err(Error::Index(format!(
            "Dimension out of range (expected to be in range of [{}, {}], but got {dim})",
            -n,
            n - 1
        )));
    }
    Ok(if dim < 0 { dim + n } else { dim } as usize)
}

/// The dimensions a gradient of shape `grad` must be summed over to reach
/// `target` (leading extra dims, and dims where `target` is 1).
pub fn reduction_axes(grad: &[usize], target: &[usize]) -> (Vec<usize>, bool) {
    let lead = grad.len() - target.len();
    let mut axes: Vec<usize> = (0..lead).collect();
    for (i, &t) in target.iter().enumerate() {
        if t == 1 && grad[lead + i] != 1 {
            axes.push(lead + i);
        }
    }
    (axes, lead > 0)
}

/// Resolve a `view`/`reshape` shape with at most one `-1`.
pub fn infer_shape(spec: &[i64], total: usize) -> Result<Shape> {
    let mut out: Shape = SmallVec::with_capacity(spec.len());
    let mut infer_at = None;
    let mut known = 1usize;
    for (i, &d) in spec.iter().enumerate() {
        if d == -1 {
            if infer_at.is_some() {
                return Err(Error::runtime("only one dimension can be inferred"));
            }
            infer_at = Some(i);
            out.push(1);
        } else if d < 0 {
            return Err(Error::runtime(format!("invalid shape dimension {d}")));
        } else {
            known *= d as usize;
            out.push(d as usize);
        }
    }
    let spec_str = || {
        let dims: Vec<String> = spec.iter().map(|d| d.to_string()).collect();
        format!("[{}]", dims.join(", "))
    };
    match infer_at {
        Some(i) => {
            if known == 0 || !total.is_multiple_of(known) {
                return Err(Error::runtime(format!(
                    "shape '{}' is invalid for input of size {total}",
                    spec_str()
                )));
            }
            out[i] = total / known;
        }
        None if known != total => {
            return Err(Error::runtime(format!(
                "shape '{}' is invalid for input of size {total}",
                spec_str()
            )));
        }
        None => {}
    }
    Ok(out)
}

/// torch's ScalarType name (`Float`, `Double`, `Long`, `Bool`).
pub fn scalar_type_name(d: crate::dtype::DType) -> &'static str {
    d.scalar_type_name()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broadcasting_matches_torch_messages() {
        assert_eq!(broadcast_shapes(&[2, 1], &[3]).unwrap().as_slice(), &[2, 3]);
        let err = broadcast_shapes(&[2, 3], &[4]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1"
        );
    }

    #[test]
    fn reduction_axes_cover_leading_and_unit_dims() {
        assert_eq!(reduction_axes(&[4, 2, 3], &[2, 1]).0, vec![0, 2]);
        assert_eq!(reduction_axes(&[2, 3], &[2, 3]).0, Vec::<usize>::new());
    }

    #[test]
    fn infer_shape_resolves_minus_one() {
        assert_eq!(infer_shape(&[-1, 3], 6).unwrap().as_slice(), &[2, 3]);
        assert!(infer_shape(&[4, -1], 6).is_err());
    }
}
