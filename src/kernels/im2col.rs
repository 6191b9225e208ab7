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
    /// The output positions along axis `a` whose tap `k` lands inside the
    /// image, and the image index the first of them reads.
    #[inline]
    fn valid(&self, a: usize, k: usize) -> (std::ops::Range<usize>, isize) {
        let (s, pad) = (self.stride[a] as isize, self.padding[a] as isize);
        let shift = (k * self.dilation[a]) as isize - pad; // image index read by output 0
        let size = self.image[a] as isize;
        // first o with o*s + shift >= 0, last with o*s + shift < size
        let lo = if shift >= 0 { 0 } else { (-shift + s - 1) / s };
        let hi = if size - 1 - shift < 0 {
            0
        } else {
            ((size - 1 - shift) / s + 1).min(self.out[a] as isize)
        };
        let lo = lo.min(hi).max(0) as usize;
        (lo..hi.max(0) as usize, lo as isize * s + shift)
    }

    fn taps(&self) -> usize {
        self.kernel[0] * self.kernel[1]
    }

    pub fn positions(&self) -> usize {
        self.out[0] * self.out[1]
    }
}

/// Where column row `r`, position `q` of an image's columns sits in a
/// buffer: `r·pitch + offset + q`. An image's own (C·kh·kw, L) block has
/// pitch L and offset 0; all images side by side, (C·kh·kw, N·L), have
/// pitch N·L and image i at offset i·L.
#[derive(Clone, Copy, Debug)]
pub struct ColumnLayout {
    pub pitch: usize,
    pub offset: usize,
}

/// Every run of one column row that reads one image row: calls
/// `f(column start, image start, image step, length)` (indices into the
/// columns, laid out as `layout` says, and the images), for `channels`
/// images. Taps that fall in the padding are skipped.
fn for_each_run(
    w: &Window,
    channels: usize,
    layout: ColumnLayout,
    mut f: impl FnMut(usize, usize, usize, usize),
) {
    let taps = w.taps();
    let (plane, row_len) = (w.image[0] * w.image[1], w.image[1]);
    for c in 0..channels {
        for ki in 0..w.kernel[0] {
            let (rows, first_y) = w.valid(0, ki);
            for kj in 0..w.kernel[1] {
                let (span, first_x) = w.valid(1, kj);
                if span.is_empty() {
                    continue; // this tap reads only padding
                }
                let row = (c * taps + ki * w.kernel[1] + kj) * layout.pitch + layout.offset;
                for (i, oy) in rows.clone().enumerate() {
                    let y = (first_y + (i * w.stride[0]) as isize) as usize;
                    let image_start = c * plane + y * row_len + first_x as usize;
                    let col_start = row + oy * w.out[1] + span.start;
                    f(col_start, image_start, w.stride[1], span.len());
                }
            }
        }
    }
}

/// `channels` images (`image` laid out row-major, one after the other) to
/// columns: row `(c, ki, kj)` of the result, column `(oy, ox)`, is the
/// pixel tap `(ki, kj)` of output position `(oy, ox)` reads (0 in the
/// padding). `cols` must hold zeros on entry.
pub fn im2col_into<T: Copy>(x: &[T], channels: usize, w: &Window, cols: &mut [T]) {
    let own = ColumnLayout {
        pitch: w.positions(),
        offset: 0,
    };
    // SAFETY: `own` keeps every run inside this image's block of `cols`
    unsafe { im2col_laid_out(x, channels, w, cols.as_mut_ptr(), own) }
}

/// `im2col_into` writing through `cols` in `layout`.
///
/// # Safety
/// Every column `layout` places must lie in the buffer `cols` points to,
/// and no other thread may write those elements meanwhile.
pub unsafe fn im2col_laid_out<T: Copy>(
    x: &[T],
    channels: usize,
    w: &Window,
    cols: *mut T,
    layout: ColumnLayout,
) {
    for_each_run(w, channels, layout, |col, image, step, len| {
        // SAFETY: the caller vouches for [col, col + len)
        let dst = unsafe { std::slice::from_raw_parts_mut(cols.add(col), len) };
        if step == 1 {
            dst.copy_from_slice(&x[image..image + len]);
        } else {
            for (j, d) in dst.iter_mut().enumerate() {
                *d = x[image + j * step];
            }
        }
    });
}

/// `im2col_into` into a fresh buffer.
pub fn im2col<T: Copy + Default>(x: &[T], channels: usize, w: &Window) -> Vec<T> {
    let mut cols = vec![T::default(); channels * w.taps() * w.positions()];
    im2col_into(x, channels, w, &mut cols);
    cols
}

/// The adjoint of `im2col`: each column entry added onto the pixel it was
/// read from; `channels` images out.
pub fn col2im<T: Copy + Default + std::ops::AddAssign>(
    cols: &[T],
    channels: usize,
    w: &Window,
) -> Vec<T> {
    let mut x = vec![T::default(); channels * w.image[0] * w.image[1]];
    let own = ColumnLayout {
        pitch: w.positions(),
        offset: 0,
    };
    col2im_into(cols, channels, w, own, &mut x);
    x
}

/// `col2im` added into `x` (zeros on entry for the adjoint itself), the
/// columns in `layout`.
pub fn col2im_into<T: Copy + std::ops::AddAssign>(
    cols: &[T],
    channels: usize,
    w: &Window,
    layout: ColumnLayout,
    x: &mut [T],
) {
    for_each_run(w, channels, layout, |col, image, step, len| {
        let src = &cols[col..col + len];
        if step == 1 {
            for (d, &v) in x[image..image + len].iter_mut().zip(src) {
                *d += v;
            }
        } else {
            for (j, &v) in src.iter().enumerate() {
                x[image + j * step] += v;
            }
        }
    });
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
