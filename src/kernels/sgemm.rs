//! float32 matrix product for CPUs with AVX2 and FMA but not AVX-512.
//!
//! The `gemm` crate reaches about 60% of such a core's FMA peak; this is
//! the usual blocked scheme (both operands packed into panels once per
//! depth block and shared by all threads, a 6×16 register tile). On AVX-512 CPUs `gemm`'s wider kernels are used instead.

use crate::threads::{get_num_threads, run_tasks, SendPtr};

#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::*;

const MR: usize = 6;
const NR: usize = 16;
/// Depth of one packed block (a B panel of 512×16 floats fills L1).
const KC: usize = 512;
/// Rows of A per task (144×512 floats: 288 KiB, in L2).
const MC: usize = 144;
/// Columns of B packed at a time (512×4080 floats: 8 MiB, in L3).
const NC: usize = 4080;

/// Whether this kernel runs here (and should be preferred to `gemm`'s).
pub fn available() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        use std::sync::OnceLock;
        static AVAILABLE: OnceLock<bool> = OnceLock::new();
        *AVAILABLE.get_or_init(|| {
            is_x86_feature_detected!("avx2")
                && is_x86_feature_detected!("fma")
                && !is_x86_feature_detected!("avx512f")
        })
    }
    #[cfg(not(target_arch = "x86_64"))]
    false
}

/// A strided matrix operand: element (r, c) is at `ptr + r*rs + c*cs`.
#[derive(Clone, Copy)]
pub struct Operand {
    pub ptr: *const f32,
    pub rs: isize,
    pub cs: isize,
}

// SAFETY: operands are only read, and the caller keeps them alive.
unsafe impl Send for Operand {}
unsafe impl Sync for Operand {}

impl Operand {
    /// The address of element (r, c). (A method, so closures capture the
    /// whole operand, which is Sync, not its raw pointer.)
    #[inline(always)]
    fn at(self, r: usize, c: usize) -> *const f32 {
        self.ptr
            .wrapping_offset(r as isize * self.rs + c as isize * self.cs)
    }
}

/// `c (m×n, rows ldc apart) = a (m×k) @ b (k×n)`, every element of `c`
/// written. `parallel`: spread the work over the configured threads.
///
/// # Safety
/// `available()` must be true; `a`, `b` must address valid m×k and k×n
/// matrices and `c` an m×n block with row stride `ldc` that nothing else
/// touches during the call; `k > 0`.
pub unsafe fn sgemm(
    (m, k, n): (usize, usize, usize),
    a: Operand,
    b: Operand,
    c: *mut f32,
    ldc: usize,
    parallel: bool,
) {
    let c = SendPtr(c);
    let threads = if parallel { get_num_threads() } else { 1 };
    let run = |tasks: usize, task: &(dyn Fn(usize) + Sync)| {
        if threads > 1 {
            run_tasks(tasks, task)
        } else {
            (0..tasks).for_each(task)
        }
    };
    let m_panels = m.div_ceil(MR);
    // A is packed into contiguous 6-row panels, which feed the broadcasts
    // faster than six strided rows, unless B is too narrow to repay the copy
    // (rows with unit column stride are then read in place)
    let pack_a = a.cs != 1 || n >= 256;
    let a_room = if pack_a { m_panels * MR * KC.min(k) } else { 0 };
    let mut a_pack = super::pool::vec_with_capacity::<f32>(a_room);
    let mut b_pack =
        super::pool::vec_with_capacity::<f32>(KC.min(k) * NC.min(n.next_multiple_of(NR)));
    let (a_buf, b_buf) = (SendPtr(a_pack.as_mut_ptr()), SendPtr(b_pack.as_mut_ptr()));
    for jc in (0..n).step_by(NC) {
        let nc = NC.min(n - jc);
        let n_panels = nc.div_ceil(NR);
        for pc in (0..k).step_by(KC) {
            let kc = KC.min(k - pc);
            // every panel of this depth block packed once, shared by all tiles
            let a_panels = if pack_a { m_panels } else { 0 };
            run(n_panels + a_panels, &|t| {
                // SAFETY: panel t's slot of the packing buffers, which have
                // room for all panels; the operands are valid (the caller's
                // contract)
                unsafe {
                    if t < n_panels {
                        let (j0, width) = (t * NR, NR.min(nc - t * NR));
                        pack_b_panel(b_buf.at(t * NR * kc), b, (pc, kc), (jc + j0, width));
                    } else {
                        let ip = t - n_panels;
                        let (i0, height) = (ip * MR, MR.min(m - ip * MR));
                        pack_a_panel(a_buf.at(ip * MR * kc), a, (i0, height), (pc, kc));
                    }
                }
            });
            // tiles in blocks of MC rows, the columns split too when the
            // rows alone would leave threads idle
            // as many row blocks as a multiple of the threads, evenly sized,
            // so no thread is left with one block more than the others
            let m_blocks = m.div_ceil(MC).next_multiple_of(threads);
            let mc = m.div_ceil(m_blocks).next_multiple_of(MR);
            let m_blocks = m.div_ceil(mc);
            let n_chunks = (2 * threads).div_ceil(m_blocks).clamp(1, n_panels);
            let per_chunk = n_panels.div_ceil(n_chunks);
            let n_chunks = n_panels.div_ceil(per_chunk);
            run(m_blocks * n_chunks, &|t| {
                let (block, chunk) = (t / n_chunks, t % n_chunks);
                let row_panels = block * mc / MR..((block + 1) * mc).min(m).div_ceil(MR);
                for jp in chunk * per_chunk..((chunk + 1) * per_chunk).min(n_panels) {
                    let (jr, nr) = (jp * NR, NR.min(nc - jp * NR));
                    for ip in row_panels.clone() {
                        let (ir, mr) = (ip * MR, MR.min(m - ip * MR));
                        // SAFETY: packed panels written above; the tile lies
                        // in `c` and only this task writes it in this pass
                        unsafe {
                            let bp = b_buf.at(jp * NR * kc) as *const f32;
                            let dst = c.at(ir * ldc + jc + jr);
                            let tile = (dst, ldc, (mr, nr), pc == 0);
                            if pack_a {
                                let panel = a_buf.at(ip * MR * kc) as *const f32;
                                kernel::<true>(kc, [panel; MR], bp, tile);
                            } else {
                                // past the edge: the last row again, not stored
                                let row = |i: usize| a.at(ir + i.min(mr - 1), pc);
                                kernel::<false>(kc, std::array::from_fn(row), bp, tile);
                            }
                        }
                    }
                }
            });
        }
    }
    super::pool::recycle(a_pack);
    super::pool::recycle(b_pack);
}

/// One 16-column panel of B (rows `pc..pc+kc`, `width` columns from
/// `j0`), each of its rows contiguous; columns past `width` are zero.
unsafe fn pack_b_panel(
    dst: *mut f32,
    b: Operand,
    (pc, kc): (usize, usize),
    (j0, width): (usize, usize),
) {
    if b.cs != 1 && b.rs == 1 {
        // column-major B (a transposed operand): walk down each column
        for j in 0..NR {
            let col = b.at(pc, j0 + j.min(width - 1));
            for p in 0..kc {
                *dst.add(p * NR + j) = if j < width { *col.add(p) } else { 0.0 };
            }
        }
        return;
    }
    for p in 0..kc {
        let src = b.at(pc + p, j0);
        let row = dst.add(p * NR);
        if b.cs == 1 {
            std::ptr::copy_nonoverlapping(src, row, width);
        } else {
            for j in 0..width {
                *row.add(j) = *src.offset(j as isize * b.cs);
            }
        }
        for j in width..NR {
            *row.add(j) = 0.0;
        }
    }
}

/// One 6-row panel of A (`height` rows from `i0`, columns `pc..pc+kc`),
/// stored column by column; rows past `height` are zero.
unsafe fn pack_a_panel(
    dst: *mut f32,
    a: Operand,
    (i0, height): (usize, usize),
    (pc, kc): (usize, usize),
) {
    // rows past the edge read the last real row, then store zero
    let rows: [*const f32; MR] = std::array::from_fn(|i| {
        a.ptr
            .offset((i0 + i.min(height - 1)) as isize * a.rs + pc as isize * a.cs)
    });
    for p in 0..kc {
        let col = dst.add(p * MR);
        let step = p as isize * a.cs;
        for (i, row) in rows.iter().enumerate() {
            *col.add(i) = if i < height { *row.offset(step) } else { 0.0 };
        }
    }
}

/// One 6×16 tile: `c = a @ b_panel` (or `c +=` unless `overwrite`), only
/// its `mr×nr` corner stored. `PACKED`: A is a packed panel at
/// `a_rows[0]`, element `p` of row `i` at `p*6 + i`; otherwise row `i` is
/// contiguous from `a_rows[i]`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn kernel<const PACKED: bool>(
    kc: usize,
    a_rows: [*const f32; MR],
    b: *const f32,
    (c, ldc, (mr, nr), overwrite): (*mut f32, usize, (usize, usize), bool),
) {
    // the tile's rows are read or written once the depth loop ends: start
    // fetching them now, so that end does not wait on L2/L3
    for i in 0..mr {
        let row = c.add(i * ldc) as *const i8;
        _mm_prefetch::<_MM_HINT_T0>(row);
        _mm_prefetch::<_MM_HINT_T0>(row.add(4 * NR - 1));
    }
    let mut acc = [_mm256_setzero_ps(); 2 * MR];
    macro_rules! step {
        ($p:expr) => {{
            let bp = b.add($p * NR);
            let (b0, b1) = (_mm256_loadu_ps(bp), _mm256_loadu_ps(bp.add(8)));
            for i in 0..MR {
                // a packed panel is one pointer; in-place rows are six
                let ai = if PACKED {
                    _mm256_broadcast_ss(&*a_rows[0].add($p * MR + i))
                } else {
                    _mm256_broadcast_ss(&*a_rows[i].add($p))
                };
                acc[2 * i] = _mm256_fmadd_ps(ai, b0, acc[2 * i]);
                acc[2 * i + 1] = _mm256_fmadd_ps(ai, b1, acc[2 * i + 1]);
            }
        }};
    }
    // unrolled by 4: fewer loop branches between the FMAs
    let mut p = 0;
    while p + 4 <= kc {
        step!(p);
        step!(p + 1);
        step!(p + 2);
        step!(p + 3);
        p += 4;
    }
    while p < kc {
        step!(p);
        p += 1;
    }
    if mr == MR && nr == NR {
        for i in 0..MR {
            let row = c.add(i * ldc);
            let (lo, hi) = (acc[2 * i], acc[2 * i + 1]);
            if overwrite {
                _mm256_storeu_ps(row, lo);
                _mm256_storeu_ps(row.add(8), hi);
            } else {
                _mm256_storeu_ps(row, _mm256_add_ps(_mm256_loadu_ps(row), lo));
                _mm256_storeu_ps(row.add(8), _mm256_add_ps(_mm256_loadu_ps(row.add(8)), hi));
            }
        }
        return;
    }
    let mut tile = [0f32; MR * NR];
    for (i, v) in acc.iter().enumerate() {
        _mm256_storeu_ps(tile.as_mut_ptr().add(i * 8), *v);
    }
    for i in 0..mr {
        for j in 0..nr {
            let dst = c.add(i * ldc + j);
            let v = tile[i * NR + j];
            *dst = if overwrite { v } else { *dst + v };
        }
    }
}

#[cfg(not(target_arch = "x86_64"))]
unsafe fn kernel<const PACKED: bool>(
    _: usize,
    _: [*const f32; MR],
    _: *const f32,
    _: (*mut f32, usize, (usize, usize), bool),
) {
    unreachable!("available() is false off x86_64")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `x` (rows×cols, row-major) stored column by column.
    fn transposed(x: &[f32], rows: usize, cols: usize) -> Vec<f32> {
        let mut t = vec![0f32; rows * cols];
        for r in 0..rows {
            for c in 0..cols {
                t[c * rows + r] = x[r * cols + c];
            }
        }
        t
    }

    /// The same rows×cols matrix read from `x` and from its transpose `xt`.
    fn layouts(x: &[f32], xt: &[f32], rows: usize, cols: usize) -> [Operand; 2] {
        [
            Operand {
                ptr: x.as_ptr(),
                rs: cols as isize,
                cs: 1,
            },
            Operand {
                ptr: xt.as_ptr(),
                rs: 1,
                cs: rows as isize,
            },
        ]
    }

    /// Products of every edge case of the blocking (partial tiles, several
    /// depth blocks, transposed operands) against a plain f64 loop.
    #[test]
    fn matches_a_plain_product() {
        if !available() {
            return;
        }
        for &(m, k, n) in &[
            (1, 1, 1),
            (7, 5, 17),
            (6, 256, 16),
            (150, 300, 40),
            (13, 600, 5000),
        ] {
            let a: Vec<f32> = (0..m * k)
                .map(|i| ((i * 7 % 13) as f32 - 6.0) / 8.0)
                .collect();
            let b: Vec<f32> = (0..k * n)
                .map(|i| ((i * 5 % 11) as f32 - 5.0) / 4.0)
                .collect();
            // each operand row-major, and stored transposed and read
            // through swapped strides
            let (at, bt) = (transposed(&a, m, k), transposed(&b, k, n));
            for bo in layouts(&b, &bt, k, n) {
                for ao in layouts(&a, &at, m, k) {
                    for parallel in [false, true] {
                        // NaN until written: a skipped element fails below
                        let mut c = vec![f32::NAN; m * n];
                        unsafe { sgemm((m, k, n), ao, bo, c.as_mut_ptr(), n, parallel) };
                        for i in 0..m {
                            for j in 0..n {
                                let exact: f64 = (0..k)
                                    .map(|p| a[i * k + p] as f64 * b[p * n + j] as f64)
                                    .sum();
                                let got = c[i * n + j] as f64;
                                assert!(
                                    (got - exact).abs() <= 1e-4 * (1.0 + exact.abs()),
                                    "({m},{k},{n}) [{i},{j}]: {got} vs {exact}"
                                );
                            }
                        }
                    }
                }
            }
        }
    }
}
