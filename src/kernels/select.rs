//! Sorting and selection with the element order torch's CPU kernels give.
//!
//! torch sorts (value, index) pairs with the C++ standard library: an
//! introsort for `sort`, a stable merge sort for `sort(stable=True)`, and
//! introselect / heap selection for `topk`. Equal values come out in an
//! order those algorithms decide, so the same algorithms are written out
//! here step for step (median-of-three pivots, unguarded partitions,
//! insertion sort below 16 elements, heapsort past the depth limit).

/// Sorting below this many elements is left to the final insertion sort.
const INSERTION_LIMIT: usize = 16;

/// floor(log2(n)) for n > 0.
fn floor_log2(n: usize) -> usize {
    (usize::BITS - 1 - n.leading_zeros()) as usize
}

/// The standard library's `sort`: introsort, then one insertion sort pass.
pub fn introsort<T: Copy>(v: &mut [T], less: &impl Fn(&T, &T) -> bool) {
    if v.len() < 2 {
        return;
    }
    introsort_loop(v, 0, v.len(), 2 * floor_log2(v.len()), less);
    final_insertion_sort(v, less);
}

fn introsort_loop<T: Copy>(
    v: &mut [T],
    first: usize,
    mut last: usize,
    mut depth: usize,
    less: &impl Fn(&T, &T) -> bool,
) {
    while last - first > INSERTION_LIMIT {
        if depth == 0 {
            partial_sort(&mut v[first..last], last - first, less);
            return;
        }
        depth -= 1;
        let cut = partition_at_pivot(v, first, last, less);
        introsort_loop(v, cut, last, depth, less);
        last = cut;
    }
}

/// Moves the median of `v[a]`, `v[b]`, `v[c]` to `v[result]`.
fn move_median_to_first<T: Copy>(
    v: &mut [T],
    result: usize,
    a: usize,
    b: usize,
    c: usize,
    less: &impl Fn(&T, &T) -> bool,
) {
    let pick = if less(&v[a], &v[b]) {
        if less(&v[b], &v[c]) {
            b
        } else if less(&v[a], &v[c]) {
            c
        } else {
            a
        }
    } else if less(&v[a], &v[c]) {
        a
    } else if less(&v[b], &v[c]) {
        c
    } else {
        b
    };
    v.swap(result, pick);
}

/// Median-of-three pivot moved to `first`, then a partition of the rest
/// around it; returns where the upper part starts.
fn partition_at_pivot<T: Copy>(
    v: &mut [T],
    first: usize,
    last: usize,
    less: &impl Fn(&T, &T) -> bool,
) -> usize {
    let mid = first + (last - first) / 2;
    move_median_to_first(v, first, first + 1, mid, last - 1, less);
    let pivot = first;
    let (mut lo, mut hi) = (first + 1, last);
    loop {
        while less(&v[lo], &v[pivot]) {
            lo += 1;
        }
        hi -= 1;
        while less(&v[pivot], &v[hi]) {
            hi -= 1;
        }
        if lo >= hi {
            return lo;
        }
        v.swap(lo, hi);
        lo += 1;
    }
}

fn final_insertion_sort<T: Copy>(v: &mut [T], less: &impl Fn(&T, &T) -> bool) {
    if v.len() > INSERTION_LIMIT {
        insertion_sort(&mut v[..INSERTION_LIMIT], less);
        // the smallest element is now in the first block: no bounds checks
        for i in INSERTION_LIMIT..v.len() {
            linear_insert(v, i, less);
        }
    } else {
        insertion_sort(v, less);
    }
}

fn insertion_sort<T: Copy>(v: &mut [T], less: &impl Fn(&T, &T) -> bool) {
    for i in 1..v.len() {
        if less(&v[i], &v[0]) {
            let x = v[i];
            v.copy_within(0..i, 1);
            v[0] = x;
        } else {
            linear_insert(v, i, less);
        }
    }
}

/// Shifts `v[i]` left past larger elements (something smaller sits before).
fn linear_insert<T: Copy>(v: &mut [T], mut i: usize, less: &impl Fn(&T, &T) -> bool) {
    let x = v[i];
    while less(&x, &v[i - 1]) {
        v[i] = v[i - 1];
        i -= 1;
    }
    v[i] = x;
}

/// The standard library's `nth_element`: `v[nth]` ends as it would sorted,
/// nothing before it is greater and nothing after it less.
pub fn nth_element<T: Copy>(v: &mut [T], nth: usize, less: &impl Fn(&T, &T) -> bool) {
    if v.is_empty() || nth >= v.len() {
        return;
    }
    let (mut first, mut last) = (0, v.len());
    let mut depth = 2 * floor_log2(v.len());
    while last - first > 3 {
        if depth == 0 {
            heap_select(&mut v[first..last], nth + 1 - first, less);
            v.swap(first, nth);
            return;
        }
        depth -= 1;
        let cut = partition_at_pivot(v, first, last, less);
        if cut <= nth {
            first = cut;
        } else {
            last = cut;
        }
    }
    insertion_sort(&mut v[first..last], less);
}

/// The standard library's `partial_sort`: the `middle` smallest, sorted, in
/// front (heap selection, then heapsort of the front).
pub fn partial_sort<T: Copy>(v: &mut [T], middle: usize, less: &impl Fn(&T, &T) -> bool) {
    heap_select(v, middle, less);
    let mut end = middle;
    while end > 1 {
        end -= 1;
        let x = v[end];
        v[end] = v[0];
        adjust_heap(&mut v[..end], 0, x, less);
    }
}

/// Keeps a max-heap of `v[..middle]` holding the `middle` smallest.
fn heap_select<T: Copy>(v: &mut [T], middle: usize, less: &impl Fn(&T, &T) -> bool) {
    make_heap(&mut v[..middle], less);
    for i in middle..v.len() {
        if less(&v[i], &v[0]) {
            let x = v[i];
            v[i] = v[0];
            adjust_heap(&mut v[..middle], 0, x, less);
        }
    }
}

fn make_heap<T: Copy>(v: &mut [T], less: &impl Fn(&T, &T) -> bool) {
    let len = v.len();
    if len < 2 {
        return;
    }
    let mut parent = (len - 2) / 2;
    loop {
        let x = v[parent];
        adjust_heap(v, parent, x, less);
        if parent == 0 {
            return;
        }
        parent -= 1;
    }
}

/// Sifts the hole at `hole` down to a leaf along larger children, then
/// pushes `x` up from there.
fn adjust_heap<T: Copy>(v: &mut [T], mut hole: usize, x: T, less: &impl Fn(&T, &T) -> bool) {
    let len = v.len();
    let top = hole;
    let mut child = hole;
    while child < len.saturating_sub(1) / 2 {
        child = 2 * (child + 1);
        if less(&v[child], &v[child - 1]) {
            child -= 1;
        }
        v[hole] = v[child];
        hole = child;
    }
    if len.is_multiple_of(2) && len >= 2 && child == (len - 2) / 2 {
        child = 2 * (child + 1);
        v[hole] = v[child - 1];
        hole = child - 1;
    }
    // push x up towards `top`
    while hole > top {
        let parent = (hole - 1) / 2;
        if !less(&v[parent], &x) {
            break;
        }
        v[hole] = v[parent];
        hole = parent;
    }
    v[hole] = x;
}

/// Quickselect with a median-of-three pivot and a two-sided scan, the
/// selection torch's `kthvalue` runs (so equal values end in its order):
/// afterwards `v[k]` is the element a sort by `greater` would put there.
pub fn quick_select<T: Copy>(v: &mut [T], k: usize, greater: &impl Fn(&T, &T) -> bool) {
    if v.is_empty() || k >= v.len() {
        return;
    }
    let (mut lo, mut hi) = (0usize, v.len() - 1);
    loop {
        if hi <= lo {
            return;
        }
        if hi == lo + 1 {
            if greater(&v[lo], &v[hi]) {
                v.swap(lo, hi);
            }
            return;
        }
        // order v[lo + 1] <= v[lo] <= v[hi], the middle element's value at lo
        v.swap(lo + (hi - lo) / 2, lo + 1);
        if greater(&v[lo + 1], &v[hi]) {
            v.swap(lo + 1, hi);
        }
        if greater(&v[lo], &v[hi]) {
            v.swap(lo, hi);
        }
        if greater(&v[lo + 1], &v[lo]) {
            v.swap(lo + 1, lo);
        }
        let pivot = v[lo];
        let (mut i, mut j) = (lo + 1, hi);
        loop {
            i += 1;
            while greater(&pivot, &v[i]) {
                i += 1;
            }
            j -= 1;
            while greater(&v[j], &pivot) {
                j -= 1;
            }
            if j < i {
                break;
            }
            v.swap(i, j);
        }
        v.swap(lo, j);
        if j <= k {
            lo = i;
        }
        if j >= k {
            if j == 0 {
                return;
            }
            hi = j - 1;
        }
    }
}

#[cfg(test)]
mod quick_select_tests {
    use super::quick_select;

    #[test]
    fn puts_the_kth_smallest_at_k_with_smaller_before_and_larger_after() {
        let mut seed = 7u64;
        for n in 1..40usize {
            for k in 0..n {
                let mut v: Vec<(u32, usize)> = (0..n)
                    .map(|i| {
                        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                        ((seed >> 60) as u32, i)
                    })
                    .collect();
                let mut sorted: Vec<u32> = v.iter().map(|x| x.0).collect();
                sorted.sort_unstable();
                quick_select(&mut v, k, &|a: &(u32, usize), b: &(u32, usize)| a.0 > b.0);
                assert_eq!(v[k].0, sorted[k]);
                assert!(v[..k].iter().all(|x| x.0 <= v[k].0));
                assert!(v[k + 1..].iter().all(|x| x.0 >= v[k].0));
            }
        }
    }
}
