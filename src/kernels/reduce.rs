//! Sums over all elements or over chosen dimensions.

use crate::tensor::{Element, Tensor};
use ndarray::{ArrayViewD, Axis, IxDyn};
use num_traits::Zero;
use std::ops::Add;

/// Sum of all elements (the caller picks the accumulation dtype by casting).
pub fn sum_all<T: Element + Zero + Add<Output = T>>(t: &Tensor) -> T {
    t.with_slice(|s: &[T]| {
        // 8 independent lanes: vectorizes and keeps float error low
        let mut lanes = [T::zero(); 8];
        let chunks = s.chunks_exact(8);
        let rest = chunks.remainder();
        for c in chunks {
            for i in 0..8 {
                lanes[i] = lanes[i] + c[i];
            }
        }
        let mut acc = T::zero();
        for v in rest {
            acc = acc + *v;
        }
        let pairs = [
            lanes[0] + lanes[4],
            lanes[1] + lanes[5],
            lanes[2] + lanes[6],
            lanes[3] + lanes[7],
        ];
        (pairs[0] + pairs[2]) + (pairs[1] + pairs[3]) + acc
    })
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
