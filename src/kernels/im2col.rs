//! The lowering of a convolution to a matrix product: `im2col` lays every
//! receptive field of an image out as one column, `col2im` adds columns
//! back onto an image (its adjoint).

/// A 2-D window geometry: image and output sizes, kernel, stride,
/// padding, dilation (each `[rows, cols]`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    pub image: [usize; 2],
    pub out: [usize; 2],
    pub kernel: [usize; 2],
    pub stride: [usize; 2],
    pub padding: [usize; 2],
    pub dilation: [usize; 2],
}

impl Window {
    /// The image row (or column) that kernel tap `k` of output position
    /// `o` reads along axis `a`, if inside the image.
    #[inline]
    fn source(&self, a: usize, o: usize, k: usize) -> Option<usize> {
        (o * self.stride[a] + k * self.dilation[a])
            .checked_sub(self.padding[a])
            .filter(|&p| p < self.image[a])
    }

    fn taps(&self) -> usize {
        self.kernel[0] * self.kernel[1]
    }

    fn positions(&self) -> usize {
        self.out[0] * self.out[1]
    }
}

/// `channels` images (`image` laid out row-major, one after the other) to
/// columns: row `(c, ki, kj)` of the result, column `(oy, ox)`, is the
/// pixel tap `(ki, kj)` of output position `(oy, ox)` reads (0 in the
/// padding).
pub fn im2col<T: Copy + Default>(x: &[T], channels: usize, w: &Window) -> Vec<T> {
    let (taps, positions) = (w.taps(), w.positions());
    let plane = w.image[0] * w.image[1];
    let mut cols = vec![T::default(); channels * taps * positions];
    for c in 0..channels {
        let image = &x[c * plane..(c + 1) * plane];
        for ki in 0..w.kernel[0] {
            for kj in 0..w.kernel[1] {
                let row = (c * taps + ki * w.kernel[1] + kj) * positions;
                for oy in 0..w.out[0] {
                    let Some(y) = w.source(0, oy, ki) else {
                        continue;
                    };
                    let dst = &mut cols[row + oy * w.out[1]..row + (oy + 1) * w.out[1]];
                    for (ox, d) in dst.iter_mut().enumerate() {
                        if let Some(xx) = w.source(1, ox, kj) {
                            *d = image[y * w.image[1] + xx];
                        }
                    }
                }
            }
        }
    }
    cols
}

/// The adjoint of `im2col`: each column entry added onto the pixel it was
/// read from; `channels` images out.
pub fn col2im<T: Copy + Default + std::ops::AddAssign>(
    cols: &[T],
    channels: usize,
    w: &Window,
) -> Vec<T> {
    let (taps, positions) = (w.taps(), w.positions());
    let plane = w.image[0] * w.image[1];
    let mut x = vec![T::default(); channels * plane];
    for c in 0..channels {
        let image = &mut x[c * plane..(c + 1) * plane];
        for ki in 0..w.kernel[0] {
            for kj in 0..w.kernel[1] {
                let row = (c * taps + ki * w.kernel[1] + kj) * positions;
                for oy in 0..w.out[0] {
                    let Some(y) = w.source(0, oy, ki) else {
                        continue;
                    };
                    let src = &cols[row + oy * w.out[1]..row + (oy + 1) * w.out[1]];
                    for (ox, &v) in src.iter().enumerate() {
                        if let Some(xx) = w.source(1, ox, kj) {
                            image[y * w.image[1] + xx] += v;
                        }
                    }
                }
            }
        }
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    /// col2im is im2col's adjoint: <im2col(x), c> == <x, col2im(c)>.
    #[test]
    fn col2im_is_the_adjoint_of_im2col() {
        let w = Window {
            image: [5, 4],
            out: [3, 2],
            kernel: [2, 3],
            stride: [2, 1],
            padding: [1, 0],
            dilation: [1, 1],
        };
        let x: Vec<f64> = (0..2 * 20).map(|i| (i * 7 % 11) as f64 - 5.0).collect();
        let c: Vec<f64> = (0..2 * 6 * 6).map(|i| (i * 5 % 13) as f64 - 6.0).collect();
        let lhs: f64 = im2col(&x, 2, &w).iter().zip(&c).map(|(a, b)| a * b).sum();
        let rhs: f64 = x.iter().zip(col2im(&c, 2, &w)).map(|(a, b)| a * b).sum();
        assert_eq!(lhs, rhs);
    }
}
