//! The Rust engine without Python: recording, backward, retain_graph,
//! freeing. Live-node counts are global, so they are checked in one test.

use ferrograd::autograd::arena::live_nodes;
use ferrograd::autograd::engine::{run_backward, BackwardOptions};
use ferrograd::dtype::{DType, Scalar};
use ferrograd::ops::{arith, linalg, loss, reduce, unary};
use ferrograd::Tensor;

/// The graph arena is global and the tests of one binary run on parallel
/// threads: each test holds this lock, so `live_nodes` deltas are a test's own.
fn serial() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn leaf(values: Vec<f32>, shape: &[usize]) -> Tensor {
    let t = Tensor::from_vec(values, shape);
    t.set_requires_grad(true, false).unwrap();
    t
}

fn backward(root: &Tensor, retain_graph: bool) -> ferrograd::Result<()> {
    let opts = BackwardOptions {
        retain_graph,
        create_graph: false,
    };
    run_backward(std::slice::from_ref(root), &[None], &opts, None).map(|_| ())
}

#[test]
fn tutorial_step_gradients() {
    let _serial = serial();
    let x = Tensor::full(&[5], 1.0, DType::F32);
    let w = leaf(vec![0.1; 15], &[5, 3]);
    let b = leaf(vec![0.0; 3], &[3]);
    let z = arith::add(&linalg::matmul(&x, &w).unwrap(), &b, 1.0).unwrap();
    assert_eq!(z.grad_fn_name(), Some("AddBackward0"));
    let y = Tensor::zeros(&[3], DType::F32);
    let l =
        loss::binary_cross_entropy_with_logits(&z, &y, None, None, loss::Reduction::Mean).unwrap();
    backward(&l, false).unwrap();
    // d/dz = sigmoid(0.5) / 3 for every element
    let expected = (1.0 / (1.0 + (-0.5f32).exp())) / 3.0;
    for g in b.grad().unwrap().to_vec::<f32>() {
        assert!((g - expected).abs() < 1e-6);
    }
    assert_eq!(w.grad().unwrap().shape(), &[5, 3]);
}

#[test]
fn second_backward_through_freed_buffers_fails() {
    let _serial = serial();
    let x = leaf(vec![1.0, 2.0], &[2]);
    let y = reduce::sum(&arith::mul(&x, &x).unwrap()).unwrap();
    backward(&y, true).unwrap();
    backward(&y, false).unwrap();
    let err = backward(&y, false).unwrap_err();
    assert!(err
        .to_string()
        .starts_with("Trying to backward through the graph a second time"));
    assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![4.0, 8.0]);
}

#[test]
fn nodes_without_saved_tensors_run_again() {
    let _serial = serial();
    let x = leaf(vec![1.0, 2.0], &[2]);
    let y = reduce::sum(&arith::add_scalar(&x, Scalar::Int(1)).unwrap()).unwrap();
    backward(&y, false).unwrap();
    backward(&y, false).unwrap();
    assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![2.0, 2.0]);
}

#[test]
fn exp_backward_detects_in_place_change() {
    let _serial = serial();
    let x = leaf(vec![0.0, 1.0], &[2]);
    let y = unary::exp(&x).unwrap();
    y.map_in_place(|v: f32| v * 3.0); // bypasses the op layer, bumps the version
    let err = backward(&reduce::sum(&y).unwrap(), false).unwrap_err();
    assert!(err
        .to_string()
        .contains("output 0 of Exp, is at version 1; expected version 0"));
}

#[test]
fn live_nodes_return_to_baseline() {
    let _serial = serial();
    let x = leaf(vec![1.0; 3], &[3]);
    let before = live_nodes();
    let mut y = x.clone();
    for _ in 0..100_000 {
        y = arith::mul_scalar(&y, Scalar::Float(1.0)).unwrap();
    }
    assert!(live_nodes() >= before + 100_000);
    backward(&reduce::sum(&y).unwrap(), false).unwrap();
    assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![1.0; 3]);
    drop(y);
    assert!(live_nodes() < before + 100_000);
}
