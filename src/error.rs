//! One error type for the whole core. Each variant names the Python
//! exception torch raises; the binding maps them in one place.

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// Shapes, dtypes, autograd misuse: torch raises RuntimeError.
    #[error("{0}")]
    Runtime(String),
    #[error("{0}")]
    Index(String),
    #[error("{0}")]
    Type(String),
    #[error("{0}")]
    Value(String),
    /// A dtype an op has no kernel for: torch raises NotImplementedError.
    #[error("{0}")]
    NotImplemented(String),
    /// Raised by user code the core called (a hook); the binding that made
    /// the payload turns it back into the original exception.
    #[error("an error raised by a hook")]
    Foreign(Foreign),
}

/// An error from outside the core, carried through it untouched.
#[derive(Clone)]
pub struct Foreign(pub std::sync::Arc<dyn std::any::Any + Send + Sync>);

impl std::fmt::Debug for Foreign {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Foreign(..)")
    }
}

impl PartialEq for Foreign {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Error {
    pub fn runtime(msg: impl Into<String>) -> Self {
        Error::Runtime(msg.into())
    }

    pub fn backward_twice() -> Self {
        Error::runtime(
            "Trying to backward through the graph a second time (or directly access saved \
             tensors after they have already been freed). Saved intermediate values of the graph \
             are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if \
             you need to backward through the graph a second time or if you need to access saved \
             tensors after calling backward.",
        )
    }

    pub fn leaf_in_place() -> Self {
        Error::runtime("a leaf Variable that requires grad is being used in an in-place operation.")
    }

    pub fn view_of_leaf_in_place() -> Self {
        Error::runtime(
            "a view of a leaf Variable that requires grad is being used in an in-place operation.",
        )
    }

    pub fn no_grad_fn(index: usize) -> Self {
        Error::runtime(format!(
            "element {index} of tensors does not require grad and does not have a grad_fn"
        ))
    }
}
