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
