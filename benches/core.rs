//! Criterion benches of the Rust core (no Python): matmul (64 to 1024),
//! elementwise kernels (1e3 to 1e7 elements), recorded forward + backward
//! passes (tutorial step, a 200-op chain, matmul), and thread scaling.
//!
//! Run with `cargo bench --bench core`; a single group with
//! `cargo bench --bench core -- matmul`.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ferrograd::autograd::engine::{run_backward, BackwardOptions};
use ferrograd::dtype::{DType, Scalar};
use ferrograd::ops::arith::{add, add_scalar, mul, mul_scalar};
use ferrograd::ops::linalg::matmul;
use ferrograd::ops::loss::{binary_cross_entropy_with_logits, Reduction};
use ferrograd::ops::reduce::sum;
use ferrograd::ops::unary::{exp, tanh};
use ferrograd::{threads, Tensor};
use std::time::Duration;

/// The allocator the Python extension uses, so per-op costs match it
/// (the `python` feature installs it in the library itself).
#[cfg(not(feature = "python"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Deterministic values in [-1, 1) (a small LCG), so runs are reproducible
/// without depending on the library's RNG.
fn values(n: usize, seed: u64) -> Vec<f32> {
    let mut s = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..n)
        .map(|_| {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((s >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
        })
        .collect()
}

fn tensor(shape: &[usize], seed: u64) -> Tensor {
    let n = shape.iter().product();
    Tensor::from_vec(values(n, seed), shape)
}

fn leaf(shape: &[usize], seed: u64) -> Tensor {
    let t = tensor(shape, seed);
    t.set_requires_grad(true, false).expect("set_requires_grad");
    t
}

/// linspace(-1, 1, 16) as a leaf requiring grad, as in overhead.py.
fn linspace16() -> Tensor {
    let t = Tensor::from_vec(
        (0..16).map(|i| -1.0 + 2.0 * i as f32 / 15.0).collect(),
        &[16],
    );
    t.set_requires_grad(true, false).expect("set_requires_grad");
    t
}

fn backward(loss: &Tensor) {
    let opts = BackwardOptions {
        retain_graph: false,
        create_graph: false,
    };
    run_backward(std::slice::from_ref(loss), &[None], &opts, None).expect("backward");
}

fn bench_matmul(c: &mut Criterion) {
    let mut g = c.benchmark_group("matmul");
    for &n in &[64usize, 128, 256, 512, 1024] {
        let a = tensor(&[n, n], 1);
        let b = tensor(&[n, n], 2);
        g.throughput(Throughput::Elements((2 * n * n * n) as u64)); // flops
        g.bench_with_input(BenchmarkId::from_parameter(n), &n, |bch, _| {
            bch.iter(|| matmul(black_box(&a), black_box(&b)).unwrap())
        });
    }
    g.finish();
}

/// Recorded matmul, `.sum()` and backward (both operands require grad),
/// as in compare.py's W3.
fn bench_matmul_backward(c: &mut Criterion) {
    let mut g = c.benchmark_group("matmul_fwd_bwd");
    for &n in &[128usize, 512] {
        let a = leaf(&[n, n], 1);
        let b = leaf(&[n, n], 2);
        g.throughput(Throughput::Elements((6 * n * n * n) as u64)); // flops
        g.bench_with_input(BenchmarkId::from_parameter(n), &n, |bch, _| {
            bch.iter(|| {
                backward(&sum(&matmul(black_box(&a), black_box(&b)).unwrap()).unwrap());
                a.set_grad(None).unwrap();
                b.set_grad(None).unwrap();
            })
        });
    }
    g.finish();
}

/// One large kernel and a large matmul at 1 thread and at the default
/// count, to show what the thread pool buys.
fn bench_threads(c: &mut Criterion) {
    let mut g = c.benchmark_group("threads");
    let default = threads::get_num_threads();
    let x = tensor(&[1_000_000], 7);
    let (a, b) = (tensor(&[512, 512], 8), tensor(&[512, 512], 9));
    for count in [1, default] {
        threads::set_num_threads(count as i64).unwrap();
        g.bench_with_input(BenchmarkId::new("tanh_1e6", count), &count, |bch, _| {
            bch.iter(|| tanh(black_box(&x)).unwrap())
        });
        g.bench_with_input(BenchmarkId::new("matmul_512", count), &count, |bch, _| {
            bch.iter(|| matmul(black_box(&a), black_box(&b)).unwrap())
        });
    }
    threads::set_num_threads(default as i64).unwrap();
    g.finish();
}

fn bench_elementwise(c: &mut Criterion) {
    let mut g = c.benchmark_group("elementwise");
    for &n in &[1_000usize, 10_000, 100_000, 1_000_000, 10_000_000] {
        let a = tensor(&[n], 3);
        let b = tensor(&[n], 4);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("mul", n), &n, |bch, _| {
            bch.iter(|| mul(black_box(&a), black_box(&b)).unwrap())
        });
        g.bench_with_input(BenchmarkId::new("add", n), &n, |bch, _| {
            bch.iter(|| add(black_box(&a), black_box(&b), 1.0).unwrap())
        });
        g.bench_with_input(BenchmarkId::new("tanh", n), &n, |bch, _| {
            bch.iter(|| tanh(black_box(&a)).unwrap())
        });
    }
    g.finish();
}

/// The tutorial step: z = x @ w + b; BCE-with-logits against zeros; backward;
/// reset the leaves' grads.
fn tutorial_step(x: &Tensor, y: &Tensor, w: &Tensor, b: &Tensor) {
    let z = add(&matmul(x, w).unwrap(), b, 1.0).unwrap();
    let loss = binary_cross_entropy_with_logits(&z, y, None, None, Reduction::Mean).unwrap();
    backward(&loss);
    debug_assert!(w.grad().is_some() && b.grad().is_some());
    w.set_grad(None).unwrap();
    b.set_grad(None).unwrap();
}

/// The chain shared with benches/python/overhead.py: 40 rounds of
/// t = 2·(exp(tanh(t)·0.5) − 1) as (tanh, ×0.5, exp, +(−1), ×2) = 200 ops.
/// Values stay in (−0.1, 0.75) and the map's slope stays near 1, so the
/// gradient neither vanishes into denormals nor blows up.
const CHAIN_OPS: usize = 200;

fn chain(x: &Tensor) -> Tensor {
    let mut t = x.clone();
    for _ in 0..CHAIN_OPS / 5 {
        t = tanh(&t).unwrap();
        t = mul_scalar(&t, Scalar::Float(0.5)).unwrap();
        t = exp(&t).unwrap();
        t = add_scalar(&t, Scalar::Float(-1.0)).unwrap();
        t = mul_scalar(&t, Scalar::Float(2.0)).unwrap();
    }
    t
}

fn bench_autograd(c: &mut Criterion) {
    let mut g = c.benchmark_group("autograd");

    let x = Tensor::full(&[5], 1.0, DType::F32);
    let y = Tensor::full(&[3], 0.0, DType::F32);
    let w = leaf(&[5, 3], 5);
    let b = leaf(&[3], 6);
    g.bench_function("tutorial_step", |bch| {
        bch.iter(|| tutorial_step(black_box(&x), &y, &w, &b))
    });

    let x16 = linspace16();
    g.throughput(Throughput::Elements(CHAIN_OPS as u64)); // ops
    g.bench_function("chain200_16_forward", |bch| {
        bch.iter(|| chain(black_box(&x16)))
    });
    g.bench_function("chain200_16_fwd_bwd", |bch| {
        bch.iter(|| {
            let s = sum(&chain(black_box(&x16))).unwrap();
            backward(&s);
            x16.set_grad(None).unwrap();
        })
    });
    g.finish();
}

/// Checks once, outside timing, that the benched paths work and produce grads.
fn sanity() {
    let x = Tensor::full(&[5], 1.0, DType::F32);
    let y = Tensor::full(&[3], 0.0, DType::F32);
    let w = leaf(&[5, 3], 5);
    let b = leaf(&[3], 6);
    let z = add(&matmul(&x, &w).unwrap(), &b, 1.0).unwrap();
    let loss = binary_cross_entropy_with_logits(&z, &y, None, None, Reduction::Mean).unwrap();
    backward(&loss);
    assert_eq!(w.grad().expect("w.grad").shape(), &[5, 3]);
    assert_eq!(b.grad().expect("b.grad").shape(), &[3]);

    let x16 = linspace16();
    let s = sum(&chain(&x16)).unwrap();
    assert!(s.item_f64().unwrap().is_finite());
    backward(&s);
    let g = x16.grad().expect("x16.grad").to_vec::<f32>();
    assert!(
        g.iter().all(|v| v.is_finite() && v.abs() > 1e-6),
        "chain grad {g:?}"
    );
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

fn benches(c: &mut Criterion) {
    sanity();
    bench_matmul(c);
    bench_matmul_backward(c);
    bench_elementwise(c);
    bench_autograd(c);
    bench_threads(c);
}

criterion_group! {
    name = core;
    config = config();
    targets = benches
}
criterion_main!(core);
