//! ferrograd: tensors, kernels and a reverse-mode autograd engine with
//! PyTorch's observable behaviour. The core has no Python in it; the
//! `python` feature adds the PyO3 binding in `python/`.

pub mod autograd;
pub mod compute;
pub mod dtype;
pub mod error;
pub mod gamma;
pub mod kernels;
pub mod ops;
pub mod poisson;
pub mod random;
pub mod shape;
pub mod tensor;
pub mod threads;

pub use error::{Error, Result};
pub use tensor::Tensor;

#[cfg(feature = "python")]
mod python;

/// The extension's own allocations (tensors, graph nodes) go through
/// mimalloc: small objects are made and freed on every op.
#[cfg(feature = "python")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
