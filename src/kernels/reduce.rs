//! Sums over all elements or over chosen dimensions.

use crate::tensor::{Element, Tensor};
use ndarray::{ArrayViewD, Axis, IxDyn};
use num_traits::Zero;
use std::any::{Any, TypeId};
use std::ops::Add;

/// Sum of all elements (the caller picks the accumulation dtype by casting).
pub fn sum_all<T: Element + Zero + Add<Output = T>>(t: &Tensor) -> T {
    t.with_slice(|s: &[T]| {
        // floats torch sums on one thread are added in its order (so they
        // round as its sums do); larger ones take the parallel path, whose
        // result does not depend on the thread count; integers sum in order
        let torch_order = s.len() < super::cascade::SERIAL_BELOW;
        if let Some(f) = same_type::<T, f32>(s) {
            return cast_back(if torch_order {
                super::cascade::sum_f32(f)
            } else {
                super::rows::sum(f)
            });
        }
        if let Some(f) = same_type::<T, f64>(s) {
            return cast_back(if torch_order {
                super::cascade::sum_f64(f)
            } else {
                super::rows::sum(f)
            });
        }
        s.iter().fold(T::zero(), |acc, &v| acc + v)
    })
}

/// `s` as a slice of `F` when `T` is `F`.
fn same_type<T: 'static, F: 'static>(s: &[T]) -> Option<&[F]> {
    (TypeId::of::<T>() == TypeId::of::<F>())
        // SAFETY: T and F are the same type
        .then(|| unsafe { &*(s as *const [T] as *const [F]) })
}

fn cast_back<F: 'static + Copy, T: 'static + Copy>(v: F) -> T {
    *(&v as &dyn Any)
        .downcast_ref::<T>()
        .expect("called with T == F")
}

/// Sums over `dims` (distinct, in range); the result drops those dims.
pub fn sum_dims<T: Element + Zero + Add<Output = T>>(t: &Tensor, dims: &[usize]) -> Tensor {
    let mut sorted = dims.to_vec();
    sorted.sort_unstable();
    let out_shape: Vec<usize> = t
        .shape()
        .iter()
        .enumerate()
        .filter(|(i, _)| !sorted.contains(i))
        .map(|(_, &d)| d)
        .collect();
    let data = t.with_slice(|s: &[T]| {
        let mut view = ArrayViewD::from_shape(IxDyn(t.shape()), s)
            .expect("contiguous slice matches shape")
            .to_owned();
        for &d in sorted.iter().rev() {
            view = view.sum_axis(Axis(d));
        }
        view.into_raw_vec_and_offset().0
    });
    Tensor::from_vec(data, &out_shape)
}
