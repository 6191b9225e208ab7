//! The Python `Tensor` class: a thin shell over `crate::tensor::Tensor`.
//! Every method parses its arguments, calls one core op and wraps the result.

use super::compute_ops::*;
use super::convert::{dims_of, numpy_view, operand_of, to_py_err, IntoPy, Operand};
use super::index;
use super::node::node_object;
use super::py_helpers;
use crate::autograd::engine::{run_backward, BackwardOptions};
use crate::autograd::grad_mode::is_grad_enabled;
use crate::dtype::{DType, Scalar};
use crate::error::{Error, Result};
use crate::ops::compare::{self, Cmp, Logic};
use crate::ops::{self, arith, join, reduce, relayout, stats, unary, view};
use crate::tensor::Tensor;
use parking_lot::Mutex;
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pyclass::CompareOp;
use pyo3::types::{PyComplex, PyList, PyTuple};

use super::dtype::PyDType;

/// Above this many elements an op releases the GIL while it runs.
const GIL_RELEASE_NUMEL: usize = 1 << 15;

#[pyclass(name = "Tensor", module = "ferrograd", subclass, weakref, frozen)]
pub struct PyTensor {
    pub inner: Tensor,
    /// The wrapper last handed out for `.grad`, so `t.grad is t.grad`.
    grad_cache: Mutex<Option<Py<PyTensor>>>,
}

impl PyTensor {
    pub fn new(inner: Tensor) -> Self {
        PyTensor {
            inner,
            grad_cache: Mutex::new(None),
        }
    }
}

pub fn wrap(py: Python<'_>, t: Tensor) -> PyResult<Py<PyTensor>> {
    Py::new(py, PyTensor::new(t))
}

/// Python objects of grad-requiring leaves, by core tensor, so that
/// `grad_fn.next_functions[..][0].variable` hands back the user's object.
static LEAF_OBJECTS: Mutex<Option<std::collections::HashMap<usize, Py<PyAny>>>> = Mutex::new(None);

fn leaf_key(t: &Tensor) -> usize {
    std::sync::Arc::as_ptr(&t.0) as usize
}

pub fn register_leaf(obj: &Bound<'_, PyTensor>) -> PyResult<()> {
    use pyo3::types::PyWeakrefReference;
    let weak = PyWeakrefReference::new(obj.as_any())?.into_any().unbind();
    let mut guard = LEAF_OBJECTS.lock();
    let map = guard.get_or_insert_with(Default::default);
    if map.len() > 1024 && map.len().is_power_of_two() {
        // drop entries whose objects are gone
        map.retain(|_, w| {
            w.bind(obj.py())
                .cast::<PyWeakrefReference>()
                .is_ok_and(|w| {
                    use pyo3::types::PyWeakrefMethods;
                    w.upgrade().is_some()
                })
        });
    }
    map.insert(leaf_key(&obj.get().inner), weak);
    Ok(())
}

/// The registered Python object of a leaf, or a new wrapper.
pub fn leaf_object(py: Python<'_>, t: Tensor) -> PyResult<Py<PyAny>> {
    use pyo3::types::{PyWeakrefMethods, PyWeakrefReference};
    let found = LEAF_OBJECTS
        .lock()
        .as_ref()
        .and_then(|m| m.get(&leaf_key(&t)).map(|w| w.clone_ref(py)));
    if let Some(weak) = found {
        if let Some(obj) = weak
            .bind(py)
            .cast::<PyWeakrefReference>()
            .ok()
            .and_then(|w| w.upgrade())
        {
            if obj.cast::<PyTensor>().is_ok_and(|o| o.get().inner.same(&t)) {
                return Ok(obj.unbind());
            }
        }
    }
    Ok(wrap(py, t)?.into_any())
}

/// Runs a core op, releasing the GIL when the input is large.
fn run<T: Send>(py: Python<'_>, numel: usize, f: impl FnOnce() -> Result<T> + Send) -> PyResult<T> {
    if numel >= GIL_RELEASE_NUMEL {
        py.detach(f).py()
    } else {
        f().py()
    }
}

/// Shape arguments given as `f(2, 3)` or `f((2, 3))`.
pub fn shape_args(args: &Bound<'_, PyTuple>) -> PyResult<Vec<i64>> {
    if args.len() == 1 {
        let first = args.get_item(0)?;
        if let Ok(v) = first.extract::<Vec<i64>>() {
            return Ok(v);
        }
    }
    args.iter().map(|a| a.extract::<i64>()).collect()
}

/// torch's in-place rules: a grad-requiring leaf (or a view of one) may
/// only be modified when grad mode is off.
fn check_in_place(t: &Tensor) -> Result<()> {
    if !is_grad_enabled() {
        return Ok(());
    }
    if t.is_leaf() && t.requires_grad() {
        return Err(Error::leaf_in_place());
    }
    if let Some(base) = t.view_base() {
        if base.is_leaf() && base.requires_grad() {
            return Err(Error::view_of_leaf_in_place());
        }
    }
    if t.is_inference() && !crate::autograd::grad_mode::is_inference_mode() {
        return Err(Error::runtime(
            "Inplace update to inference tensor outside InferenceMode is not allowed.You can make \
             a clone to get a normal tensor before doing inplace update.See \
             https://github.com/pytorch/rfcs/pull/17 for more details.",
        ));
    }
    Ok(())
}

/// `t op= other`: computes out of place, writes the values into `t`, and
/// (when recording) makes the new node `t`'s history.
fn in_place(t: &Tensor, f: impl FnOnce(&Tensor) -> Result<Tensor>) -> Result<()> {
    check_in_place(t)?;
    t.check_no_internal_overlap()?;
    write_in_place(t, f)
}

/// `in_place` for the writes torch allows into elements sharing memory
/// (fill_, zero_, masked_fill_, index_put_): every copy gets the same value.
fn write_in_place(t: &Tensor, f: impl FnOnce(&Tensor) -> Result<Tensor>) -> Result<()> {
    check_in_place(t)?;
    let recording = is_grad_enabled();
    // the old value as its own tensor, so nodes saving it do not see the write
    let old = if recording && t.requires_grad() {
        let copy = t.copy_data();
        if let Some(node) = t.grad_fn() {
            copy.set_history(node, t.output_nr());
        }
        copy
    } else {
        t.clone()
    };
    let result = f(&old)?;
    // refused saves raise before anything is written
    crate::autograd::node::take_save_error()?;
    if result.shape() != t.shape() {
        return Err(Error::runtime(format!(
            "output with shape {} doesn't match the broadcast shape {}",
            crate::shape::list_str(t.shape()),
            crate::shape::list_str(result.shape())
        )));
    }
    if !crate::dtype::can_cast(result.dtype(), t.dtype()) {
        return Err(Error::runtime(format!(
            "result type {} can't be cast to the desired output type {}",
            crate::shape::scalar_type_name(result.dtype()),
            crate::shape::scalar_type_name(t.dtype())
        )));
    }
    t.write_from(&result.cast(t.dtype()));
    match t.view_base() {
        // writing through a view rebases the base's history (CopySlices)
        Some(base) if recording && (base.requires_grad() || result.requires_grad()) => {
            ops::copy_slices::rebase_after_write(base, t, &result)
        }
        _ => {
            if let Some(node) = result.grad_fn() {
                t.set_history(node, result.output_nr());
            }
            Ok(())
        }
    }
}

/// Which dtypes an `out=` tensor may have, per function family in torch.
#[derive(Clone, Copy)]
pub enum OutDtype {
    /// any the result casts to under promotion (cat, stack)
    Castable,
    /// as `Castable`, for elementwise ops and reductions, whose resize
    /// torch performs (and warns about) twice when the dtype differs
    CastableTwice,
    /// the result's own (`neg`, `abs`: torch's unary-kernel check)
    SameAsResult,
    /// the result's own (matmul family: torch's mm-kernel check)
    SameAsInputs,
}

/// The `out=` form of `name`: refuses a call autograd would have to see
/// through (as torch does), then stores `compute`'s result in `out` (cast to
/// its dtype where `rule` allows, resized first if its shape differs) and
/// hands `out` back.
pub fn write_out<'py>(
    name: &str,
    inputs: &[&Tensor],
    out: &Bound<'py, PyTensor>,
    rule: OutDtype,
    compute: impl FnOnce() -> Result<Tensor>,
) -> PyResult<Bound<'py, PyAny>> {
    let o = &out.get().inner;
    if is_grad_enabled() && (o.requires_grad() || inputs.iter().any(|t| t.requires_grad())) {
        return Err(Error::runtime(format!(
            "{name}(): functions with out=... arguments don't support automatic \
             differentiation, but one of the arguments requires grad."
        )))
        .py();
    }
    let result = compute().py()?;
    let (got, want) = (o.dtype(), result.dtype());
    let refusal = match rule {
        OutDtype::SameAsResult if got != want => Some(format!(
            "Found dtype {} but expected {}",
            got.scalar_type_name(),
            want.scalar_type_name()
        )),
        OutDtype::SameAsInputs if got != want => Some(format!(
            "Expected out tensor to have dtype {}, but got {} instead",
            want.c_name(),
            got.c_name()
        )),
        _ if !crate::dtype::can_cast(want, got) => Some(format!(
            "result type {} can't be cast to the desired output type {}",
            want.scalar_type_name(),
            got.scalar_type_name()
        )),
        _ => None,
    };
    if let Some(message) = refusal {
        // before any resize, so `out` is left as it was
        return Err(Error::runtime(message)).py();
    }
    if result.shape() != o.shape() {
        if o.numel() != 0 {
            py_helpers::warn_out_resized(out.py(), o.shape(), result.shape())?;
            if matches!(rule, OutDtype::CastableTwice) && got != want {
                py_helpers::warn_out_resized(out.py(), o.shape(), result.shape())?;
            }
        }
        o.resize_(result.shape()).py()?;
    }
    in_place(o, |_| Ok(result)).py()?;
    Ok(out.clone().into_any())
}

/// `t op= alpha * other` straight into `t`'s buffer when nothing would be
/// recorded and the core's direct update applies; false when the caller
/// must take the general `in_place` path.
fn update_untracked(t: &Tensor, other: &Operand, op: arith::BinOp, alpha: f64) -> Result<bool> {
    let Operand::Tensor(b) = other else {
        return Ok(false);
    };
    if is_grad_enabled() && (t.requires_grad() || b.requires_grad()) {
        return Ok(false);
    }
    check_in_place(t)?;
    t.check_no_internal_overlap()?;
    Ok(arith::update_untracked(t, b, op, alpha))
}

fn binary(
    a: &Tensor,
    other: &Bound<'_, PyAny>,
    tensor_op: fn(&Tensor, &Tensor) -> Result<Tensor>,
    scalar_op: fn(&Tensor, Scalar) -> Result<Tensor>,
) -> PyResult<Option<Tensor>> {
    let py = other.py();
    match operand_of(other) {
        Some(Operand::Tensor(b)) => {
            let n = a.numel().max(b.numel());
            run(py, n, || tensor_op(a, &b)).map(Some)
        }
        Some(Operand::Scalar(s)) => run(py, a.numel(), || scalar_op(a, s)).map(Some),
        None => Ok(None),
    }
}

fn matmul_tt(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    same_dtype(a, b)?;
    c2(a, b, "matmul", ops::linalg::matmul)
}
fn rmatmul_tt(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    matmul_tt(b, a)
}

/// The matrix products' dtype check, on the dtypes the user sees.
pub fn same_dtype(a: &Tensor, b: &Tensor) -> Result<()> {
    if a.dtype() != b.dtype() && (a.dtype().is_storage_only() || b.dtype().is_storage_only()) {
        return Err(Error::runtime(format!(
            "expected m1 and m2 to have the same dtype, but got: {} != {}",
            a.dtype().c_name(),
            b.dtype().c_name()
        )));
    }
    Ok(())
}
fn no_scalar(_: &Tensor, _: Scalar) -> Result<Tensor> {
    Err(Error::Type(
        "unsupported operand type(s) for @: 'Tensor' and a number".into(),
    ))
}

/// Wraps a result, or NotImplemented for an operand we do not know.
fn wrap_or_not_implemented(py: Python<'_>, r: Option<Tensor>) -> PyResult<Py<PyAny>> {
    match r {
        Some(t) => Ok(wrap(py, t)?.into_any()),
        None => Ok(py.NotImplemented()),
    }
}

/// `a + alpha * other` or `a - alpha * other`, `other` a tensor or a number.
fn add_scaled(a: &Tensor, other: &Operand, alpha: f64, subtract: bool) -> Result<Tensor> {
    match other {
        Operand::Tensor(b) if subtract => sub_scaled_tt(a, b, alpha),
        Operand::Tensor(b) => add_scaled_tt(a, b, alpha),
        Operand::Scalar(s) => {
            // alpha folds into the number; integers stay integers when alpha is whole
            let v = match *s {
                s if alpha == 1.0 => s,
                Scalar::Float(f) => Scalar::Float(f * alpha),
                s if alpha.fract() == 0.0 => Scalar::Int((s.as_f64() * alpha) as i64),
                s => Scalar::Float(s.as_f64() * alpha),
            };
            if subtract {
                sub_ts(a, v)
            } else {
                add_ts(a, v)
            }
        }
    }
}

/// The `other` argument of add/sub: a tensor or a number, else torch's TypeError.
fn add_operand(other: &Bound<'_, PyAny>, method: &str) -> PyResult<Operand> {
    operand_of(other).ok_or_else(|| {
        let name = other
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_default();
        PyTypeError::new_err(format!(
            "{method}(): argument 'other' must be Tensor or Number, not {name}"
        ))
    })
}

#[pymethods]
impl PyTensor {
    /// `Tensor(data)`: a tensor sharing `data`'s storage (how
    /// `nn.Parameter` wraps a tensor); `Tensor()` is an empty float tensor.
    #[new]
    #[pyo3(signature = (data=None))]
    fn py_new(data: Option<&Bound<'_, PyTensor>>) -> PyTensor {
        match data {
            Some(d) => PyTensor::new(d.get().inner.detach()),
            None => PyTensor::new(Tensor::zeros(&[0], DType::F32)),
        }
    }

    // ---- metadata ----

    #[getter]
    fn shape<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_helpers::size(py, self.inner.shape())
    }

    #[pyo3(signature = (dim=None))]
    fn size<'py>(&self, py: Python<'py>, dim: Option<i64>) -> PyResult<Bound<'py, PyAny>> {
        match dim {
            None => py_helpers::size(py, self.inner.shape()),
            Some(d) => {
                join::no_dims_check(&self.inner, d).py()?;
                let d = crate::shape::wrap_dim(d, self.inner.ndim()).py()?;
                Ok(self.inner.shape()[d].into_pyobject(py)?.into_any())
            }
        }
    }

    #[getter]
    fn dtype(&self) -> PyDType {
        PyDType(self.inner.dtype())
    }

    fn dim(&self) -> usize {
        self.inner.ndim()
    }

    #[getter]
    fn ndim(&self) -> usize {
        self.inner.ndim()
    }

    fn numel(&self) -> usize {
        self.inner.numel()
    }

    fn is_contiguous(&self) -> bool {
        self.inner.is_contiguous()
    }

    /// The strides as a tuple, or one dim's stride.
    #[pyo3(signature = (dim=None))]
    fn stride<'py>(&self, py: Python<'py>, dim: Option<i64>) -> PyResult<Bound<'py, PyAny>> {
        let strides = self.inner.strides();
        match dim {
            None => Ok(PyTuple::new(py, strides)?.into_any()),
            Some(d) if strides.is_empty() => Err(pyo3::exceptions::PyIndexError::new_err(format!(
                "Dimension specified as {d} but tensor has no dimensions"
            ))),
            Some(d) => {
                let d = crate::shape::wrap_dim(d, self.inner.ndim()).py()?;
                Ok(strides[d].into_pyobject(py)?.into_any())
            }
        }
    }

    #[getter]
    fn _version(&self) -> u32 {
        self.inner.version()
    }

    fn is_inference(&self) -> bool {
        self.inner.is_inference()
    }

    fn __len__(&self) -> PyResult<usize> {
        self.inner
            .shape()
            .first()
            .copied()
            .ok_or_else(|| PyTypeError::new_err("len() of a 0-d tensor"))
    }

    // ---- autograd state ----

    #[getter]
    fn get_requires_grad(&self) -> bool {
        self.inner.requires_grad()
    }

    #[setter(requires_grad)]
    fn set_requires_grad(slf: &Bound<'_, Self>, flag: bool) -> PyResult<()> {
        slf.get().inner.set_requires_grad(flag, false).py()?;
        if flag && slf.get().inner.is_leaf() {
            register_leaf(slf)?;
        }
        Ok(())
    }

    #[pyo3(signature = (requires_grad=true))]
    fn requires_grad_(slf: Bound<'_, Self>, requires_grad: bool) -> PyResult<Bound<'_, Self>> {
        slf.get()
            .inner
            .set_requires_grad(requires_grad, true)
            .py()?;
        if requires_grad && slf.get().inner.is_leaf() {
            register_leaf(&slf)?;
        }
        Ok(slf)
    }

    /// The tensor a view was taken from (None for non-views). A registered
    /// leaf's own object comes back; otherwise a new wrapper of the base.
    #[getter]
    fn _base(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        self.inner
            .view_base()
            .map(|b| leaf_object(py, b.clone()))
            .transpose()
    }

    #[getter]
    fn is_leaf(&self) -> bool {
        self.inner.is_leaf()
    }

    #[getter]
    fn grad_fn(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        match self.inner.grad_fn() {
            None => Ok(None),
            Some(node) => node_object(py, node).map(Some),
        }
    }

    #[getter]
    fn get_grad(&self, py: Python<'_>) -> PyResult<Option<Py<PyTensor>>> {
        if !self.inner.is_leaf() && !self.inner.meta().retains_grad {
            py_helpers::warn_non_leaf_grad(py)?;
        }
        let Some(g) = self.inner.grad() else {
            return Ok(None);
        };
        let mut cache = self.grad_cache.lock();
        if let Some(obj) = cache.as_ref() {
            if obj.get().inner.same(&g) {
                return Ok(Some(obj.clone_ref(py)));
            }
        }
        let obj = wrap(py, g)?;
        *cache = Some(obj.clone_ref(py));
        Ok(Some(obj))
    }

    #[setter(grad)]
    fn set_grad(&self, grad: Option<&Bound<'_, PyTensor>>) -> PyResult<()> {
        self.inner
            .set_grad(grad.map(|g| g.get().inner.clone()))
            .py()
    }

    #[getter]
    fn retains_grad(&self) -> bool {
        self.inner.meta().retains_grad
    }

    fn register_hook(&self, hook: &Bound<'_, PyAny>) -> PyResult<super::hooks::PyRemovableHandle> {
        super::hooks::register(&self.inner, hook)
    }

    fn retain_grad(&self) -> PyResult<()> {
        if !self.inner.requires_grad() {
            return Err(PyRuntimeError::new_err(
                "can't retain_grad on Tensor that has requires_grad=False",
            ));
        }
        crate::autograd::retain_grad(&self.inner);
        Ok(())
    }

    #[pyo3(signature = (gradient=None, retain_graph=None, create_graph=false, inputs=None))]
    fn backward(
        &self,
        py: Python<'_>,
        gradient: Option<&Bound<'_, PyTensor>>,
        retain_graph: Option<bool>,
        create_graph: bool,
        inputs: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        if inputs.is_some() {
            return Err(PyValueError::new_err(
                "backward(inputs=...) is not supported yet",
            ));
        }
        let roots = [self.inner.clone()];
        let grads = [gradient.map(|g| g.get().inner.clone())];
        let opts = BackwardOptions {
            retain_graph: retain_graph.unwrap_or(create_graph),
            create_graph,
        };
        py.detach(|| run_backward(&roots, &grads, &opts, None))
            .py()?;
        Ok(())
    }

    fn detach(&self) -> PyTensor {
        PyTensor::new(self.inner.detach())
    }

    fn detach_(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf.get().inner.detach_in_place();
        slf
    }

    #[getter]
    fn data(&self) -> PyTensor {
        PyTensor::new(self.inner.data_view())
    }

    /// `t.data = x` (as in `w.data = w.data - lr * w.grad`): `x`'s values
    /// become `t`'s, with no history and no version bump. torch makes `t`
    /// share `x`'s storage instead; here the values are copied (README,
    /// known differences): into `t`'s own memory when the shape and dtype
    /// agree, else into fresh memory with `x`'s layout (`Module.double()`).
    #[setter]
    fn set_data(&self, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let Ok(value) = value.cast::<PyTensor>() else {
            return Err(PyTypeError::new_err(format!(
                "Variable data has to be a tensor, but got {}",
                value.get_type().name()?
            )));
        };
        let source = &value.get().inner;
        if source.shape() != self.inner.shape() || source.dtype() != self.inner.dtype() {
            return self.inner.take_data_of(&source.detach()).py();
        }
        self.inner.write_values(&source.detach());
        Ok(())
    }

    // ---- values ----

    fn item<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let v = self.inner.item_f64().py()?;
        if self.inner.dtype().is_integral() {
            // exact: an int64 past 2**53 does not survive a trip through f64
            return Ok(exact_ints(&self.inner)[0].into_pyobject(py)?.into_any());
        }
        if self.inner.dtype().is_complex() {
            let (re, im) = crate::compute::complex_values(&self.inner)[0];
            return Ok(PyComplex::from_doubles(py, re, im).into_any());
        }
        py_helpers::python_number(py, v, self.inner.dtype())
    }

    fn tolist<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        if self.inner.dtype().is_complex() {
            let values: Vec<Bound<'py, PyAny>> = crate::compute::complex_values(&self.inner)
                .into_iter()
                .map(|(re, im)| PyComplex::from_doubles(py, re, im).into_any())
                .collect();
            return nested_objects(py, &values, self.inner.shape());
        }
        if self.inner.dtype().is_integral() {
            let values: Vec<Bound<'py, PyAny>> = exact_ints(&self.inner)
                .into_iter()
                .map(|v| {
                    v.into_pyobject(py)
                        .map_or_else(|e| match e {}, Bound::into_any)
                })
                .collect();
            return nested_objects(py, &values, self.inner.shape());
        }
        let values = self.inner.to_f64_vec();
        let dtype = self.inner.dtype();
        nested_list(py, &values, self.inner.shape(), dtype)
    }

    /// A numpy array sharing this tensor's memory.
    #[pyo3(signature = (force=false))]
    fn numpy<'py>(slf: Bound<'py, Self>, force: bool) -> PyResult<Bound<'py, PyAny>> {
        let t = &slf.get().inner;
        if t.requires_grad() && !force {
            return Err(PyRuntimeError::new_err(
                "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.",
            ));
        }
        let t = t.clone();
        numpy_view(&t, slf.into_any())
    }

    fn __float__(&self) -> PyResult<f64> {
        scalar_conversion(&self.inner)
    }

    fn __int__(&self) -> PyResult<i64> {
        let v = scalar_conversion(&self.inner)?;
        if self.inner.dtype().is_integral() {
            return Ok(exact_ints(&self.inner)[0]);
        }
        Ok(v.trunc() as i64)
    }

    fn __index__(&self) -> PyResult<i64> {
        if !self.inner.dtype().is_integral() || self.inner.numel() != 1 {
            return Err(PyTypeError::new_err(
                "only integer tensors of a single element can be converted to an index",
            ));
        }
        Ok(self.inner.cast(DType::I64).to_vec::<i64>()[0])
    }

    fn __bool__(&self) -> PyResult<bool> {
        let n = self.inner.numel();
        if n != 1 {
            return Err(PyRuntimeError::new_err(if n == 0 {
                "Boolean value of Tensor with no values is ambiguous".to_string()
            } else {
                "Boolean value of Tensor with more than one value is ambiguous".to_string()
            }));
        }
        Ok(self.inner.item_f64().py()? != 0.0)
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        py_helpers::repr(slf)
    }

    // ---- arithmetic operators ----

    fn __add__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        wrap_or_not_implemented(py, binary(&self.inner, other, add_tt, add_ts)?)
    }

    fn __radd__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        wrap_or_not_implemented(py, binary(&self.inner, other, add_tt, add_ts)?)
    }

    fn __sub__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        wrap_or_not_implemented(py, binary(&self.inner, other, sub_tt, sub_ts)?)
    }

    fn __rsub__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        wrap_or_not_implemented(py, binary(&self.inner, other, rsub_tt, rsub_ts)?)
    }

    fn __mul__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        wrap_or_not_implemented(py, binary(&self.inner, other, mul_tt, mul_ts)?)
    }

    fn __rmul__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        wrap_or_not_implemented(py, binary(&self.inner, other, mul_tt, mul_ts)?)
    }

    fn __truediv__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        wrap_or_not_implemented(py, binary(&self.inner, other, div_tt, div_ts)?)
    }

    fn __rtruediv__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        wrap_or_not_implemented(py, binary(&self.inner, other, rdiv_tt, rdiv_ts)?)
    }

    fn __pow__(
        &self,
        py: Python<'_>,
        other: &Bound<'_, PyAny>,
        _modulo: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        wrap_or_not_implemented(py, binary(&self.inner, other, pow_tt, pow_ts)?)
    }

    fn __rpow__(
        &self,
        py: Python<'_>,
        other: &Bound<'_, PyAny>,
        _modulo: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        wrap_or_not_implemented(py, binary(&self.inner, other, rpow_tt, rpow_ts)?)
    }

    fn __matmul__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        wrap_or_not_implemented(py, binary(&self.inner, other, matmul_tt, no_scalar)?)
    }

    fn __rmatmul__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        wrap_or_not_implemented(py, binary(&self.inner, other, rmatmul_tt, no_scalar)?)
    }

    fn __neg__(&self) -> PyResult<PyTensor> {
        neg(&self.inner).py().map(PyTensor::new)
    }

    fn __abs__(&self, py: Python<'_>) -> PyResult<PyTensor> {
        self.abs(py)
    }

    fn __pos__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf
    }

    fn __iadd__(&self, other: &Bound<'_, PyAny>) -> PyResult<()> {
        self.in_place_op(other, arith::BinOp::Add, add_tt, add_ts)
    }

    fn __isub__(&self, other: &Bound<'_, PyAny>) -> PyResult<()> {
        self.in_place_op(other, arith::BinOp::Sub, sub_tt, sub_ts)
    }

    fn __imul__(&self, other: &Bound<'_, PyAny>) -> PyResult<()> {
        self.in_place_op(other, arith::BinOp::Mul, mul_tt, mul_ts)
    }

    fn __itruediv__(&self, other: &Bound<'_, PyAny>) -> PyResult<()> {
        self.in_place_op(other, arith::BinOp::Div, div_tt, div_ts)
    }

    // ---- named arithmetic ----

    #[pyo3(signature = (other, *, alpha=1.0))]
    fn add(&self, other: &Bound<'_, PyAny>, alpha: f64) -> PyResult<PyTensor> {
        let b = add_operand(other, "add")?;
        add_scaled(&self.inner, &b, alpha, false)
            .py()
            .map(PyTensor::new)
    }

    #[pyo3(signature = (other, *, alpha=1.0))]
    fn sub(&self, other: &Bound<'_, PyAny>, alpha: f64) -> PyResult<PyTensor> {
        let b = add_operand(other, "sub")?;
        add_scaled(&self.inner, &b, alpha, true)
            .py()
            .map(PyTensor::new)
    }

    fn mul(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        self.named(other, mul_tt, mul_ts, "mul")
    }

    fn div(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        self.named(other, div_tt, div_ts, "div")
    }

    fn true_divide(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        self.named(other, div_tt, div_ts, "true_divide")
    }

    fn pow(&self, exponent: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        self.named(exponent, pow_tt, pow_ts, "pow")
    }

    fn matmul(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        let b = &py_helpers::tensor_arg(other, "matmul", "other", Some(1))?
            .get()
            .inner;
        run(other.py(), self.inner.numel(), || matmul_tt(&self.inner, b)).map(PyTensor::new)
    }

    fn mm(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        let other = py_helpers::tensor_arg(other, "mm", "mat2", Some(1))?;
        let (a, b) = (&self.inner, &other.get().inner);
        same_dtype(a, b)
            .and_then(|_| c2(a, b, "mm", ops::linalg::mm))
            .py()
            .map(PyTensor::new)
    }

    fn lerp(&self, end: &Bound<'_, PyTensor>, weight: f64) -> PyResult<PyTensor> {
        ops::pointwise::lerp(&self.inner, &end.get().inner, weight)
            .py()
            .map(PyTensor::new)
    }

    #[pyo3(signature = (tensor1, tensor2, *, value=1.0))]
    fn addcmul(
        &self,
        tensor1: &Bound<'_, PyTensor>,
        tensor2: &Bound<'_, PyTensor>,
        value: f64,
    ) -> PyResult<PyTensor> {
        self.combined(tensor1, tensor2, value, ops::pointwise::addcmul)
    }

    #[pyo3(signature = (tensor1, tensor2, *, value=1.0))]
    fn addcdiv(
        &self,
        tensor1: &Bound<'_, PyTensor>,
        tensor2: &Bound<'_, PyTensor>,
        value: f64,
    ) -> PyResult<PyTensor> {
        self.combined(tensor1, tensor2, value, ops::pointwise::addcdiv)
    }

    /// `(values, indices)` of `sort`; the Python layer names the pair.
    #[pyo3(signature = (dim=-1, descending=false, stable=false))]
    fn _sort(&self, dim: i64, descending: bool, stable: bool) -> PyResult<(PyTensor, PyTensor)> {
        let (v, i) = ops::sort::sort(&self.inner, dim, descending, stable).py()?;
        Ok((PyTensor::new(v), PyTensor::new(i)))
    }

    /// `(values, indices)` of `topk`.
    #[pyo3(signature = (k, dim=-1, largest=true, sorted=true))]
    fn _topk(
        &self,
        k: i64,
        dim: i64,
        largest: bool,
        sorted: bool,
    ) -> PyResult<(PyTensor, PyTensor)> {
        let (v, i) = ops::sort::topk(&self.inner, k, dim, largest, sorted).py()?;
        Ok((PyTensor::new(v), PyTensor::new(i)))
    }

    fn sign(&self) -> PyResult<PyTensor> {
        self.rounded(unary::Rounding::Sign, "sign")
    }

    fn sgn(&self) -> PyResult<PyTensor> {
        self.rounded(unary::Rounding::Sgn, "sgn")
    }

    fn floor(&self) -> PyResult<PyTensor> {
        self.rounded(unary::Rounding::Floor, "floor")
    }

    fn ceil(&self) -> PyResult<PyTensor> {
        self.rounded(unary::Rounding::Ceil, "ceil")
    }

    fn trunc(&self) -> PyResult<PyTensor> {
        self.rounded(unary::Rounding::Trunc, "trunc")
    }

    fn fix(&self) -> PyResult<PyTensor> {
        self.rounded(unary::Rounding::Trunc, "fix")
    }

    #[pyo3(signature = (*, decimals=0))]
    fn round(&self, decimals: i64) -> PyResult<PyTensor> {
        if decimals == 0 {
            return self.rounded(unary::Rounding::Round, "round");
        }
        c1(&self.inner, "round", |t| unary::round_decimals(t, decimals))
            .py()
            .map(PyTensor::new)
    }

    fn frac(&self) -> PyResult<PyTensor> {
        c1(&self.inner, "frac", unary::frac).py().map(PyTensor::new)
    }

    fn neg(&self) -> PyResult<PyTensor> {
        neg(&self.inner).py().map(PyTensor::new)
    }

    #[pyo3(signature = (other, *, alpha=1.0))]
    fn add_<'py>(
        slf: Bound<'py, Self>,
        other: &Bound<'py, PyAny>,
        alpha: f64,
    ) -> PyResult<Bound<'py, Self>> {
        let (t, b) = (&slf.get().inner, add_operand(other, "add_")?);
        if !update_untracked(t, &b, arith::BinOp::Add, alpha).py()? {
            in_place(t, |old| add_scaled(old, &b, alpha, false)).py()?;
        }
        Ok(slf)
    }

    #[pyo3(signature = (other, *, alpha=1.0))]
    fn sub_<'py>(
        slf: Bound<'py, Self>,
        other: &Bound<'py, PyAny>,
        alpha: f64,
    ) -> PyResult<Bound<'py, Self>> {
        let (t, b) = (&slf.get().inner, add_operand(other, "sub_")?);
        if !update_untracked(t, &b, arith::BinOp::Sub, alpha).py()? {
            in_place(t, |old| add_scaled(old, &b, alpha, true)).py()?;
        }
        Ok(slf)
    }

    fn mul_<'py>(slf: Bound<'py, Self>, other: &Bound<'py, PyAny>) -> PyResult<Bound<'py, Self>> {
        slf.get()
            .in_place_op(other, arith::BinOp::Mul, mul_tt, mul_ts)?;
        Ok(slf)
    }

    fn div_<'py>(slf: Bound<'py, Self>, other: &Bound<'py, PyAny>) -> PyResult<Bound<'py, Self>> {
        slf.get()
            .in_place_op(other, arith::BinOp::Div, div_tt, div_ts)?;
        Ok(slf)
    }

    // ---- math ----

    fn exp(&self, py: Python<'_>) -> PyResult<PyTensor> {
        run(py, self.inner.numel(), || {
            c1(&self.inner, "exp", unary::exp)
        })
        .map(PyTensor::new)
    }

    fn log(&self, py: Python<'_>) -> PyResult<PyTensor> {
        run(py, self.inner.numel(), || {
            c1(&self.inner, "log", unary::log)
        })
        .map(PyTensor::new)
    }

    fn sigmoid(&self, py: Python<'_>) -> PyResult<PyTensor> {
        run(py, self.inner.numel(), || {
            c1(&self.inner, "sigmoid", unary::sigmoid)
        })
        .map(PyTensor::new)
    }

    fn tanh(&self, py: Python<'_>) -> PyResult<PyTensor> {
        run(py, self.inner.numel(), || {
            c1(&self.inner, "tanh", unary::tanh)
        })
        .map(PyTensor::new)
    }

    fn relu(&self, py: Python<'_>) -> PyResult<PyTensor> {
        run(py, self.inner.numel(), || {
            c1(&self.inner, "relu", unary::relu)
        })
        .map(PyTensor::new)
    }

    fn abs(&self, py: Python<'_>) -> PyResult<PyTensor> {
        run(py, self.inner.numel(), || abs(&self.inner)).map(PyTensor::new)
    }

    fn sqrt(&self, py: Python<'_>) -> PyResult<PyTensor> {
        run(py, self.inner.numel(), || {
            c1(&self.inner, "sqrt", unary::sqrt)
        })
        .map(PyTensor::new)
    }

    fn reciprocal(&self) -> PyResult<PyTensor> {
        c1(&self.inner, "reciprocal", unary::reciprocal)
            .py()
            .map(PyTensor::new)
    }

    // ---- reductions ----

    #[pyo3(signature = (dim=None, keepdim=false, *, dtype=None))]
    fn sum(
        &self,
        py: Python<'_>,
        dim: Option<&Bound<'_, PyAny>>,
        keepdim: bool,
        dtype: Option<PyDType>,
    ) -> PyResult<PyTensor> {
        if self.inner.dtype().is_complex() && dim.is_none() && dtype.is_none() {
            return Ok(PyTensor::new(crate::compute::complex_sum(&self.inner)));
        }
        let sum: Reduction = ("sum", reduce::sum, reduce::sum_dims);
        self.reduction(py, dim, keepdim, dtype, sum)
    }

    #[pyo3(signature = (dim=None, keepdim=false, *, dtype=None))]
    fn mean(
        &self,
        py: Python<'_>,
        dim: Option<&Bound<'_, PyAny>>,
        keepdim: bool,
        dtype: Option<PyDType>,
    ) -> PyResult<PyTensor> {
        if let Some(d) = dtype.filter(|d| !d.0.is_floating()) {
            return Err(PyRuntimeError::new_err(format!(
                "mean(): could not infer output dtype. Optional dtype must be either a floating \
                 point or complex dtype. Got: {}",
                crate::shape::scalar_type_name(d.0)
            )));
        }
        if self.inner.dtype().is_complex() && dim.is_none() && dtype.is_none() {
            return Ok(PyTensor::new(crate::compute::complex_mean(&self.inner)));
        }
        let d = dtype.map_or(self.inner.dtype(), |d| d.0);
        if !d.is_floating() && !d.is_complex() {
            return Err(PyRuntimeError::new_err(format!(
                "mean(): could not infer output dtype. Input dtype must be either a floating \
                 point or complex dtype. Got: {}",
                crate::shape::scalar_type_name(d)
            )));
        }
        let mean: Reduction = ("mean", reduce::mean, reduce::mean_dims);
        self.reduction(py, dim, keepdim, dtype, mean)
    }

    // ---- shape ----

    #[pyo3(signature = (*shape))]
    fn reshape(&self, shape: &Bound<'_, PyTuple>) -> PyResult<PyTensor> {
        view::reshape(&self.inner, &shape_args(shape)?)
            .py()
            .map(PyTensor::new)
    }

    /// `resize_(*sizes)`: this tensor, made contiguous of that shape.
    #[pyo3(signature = (*shape))]
    fn resize_<'py>(
        slf: Bound<'py, Self>,
        shape: &Bound<'_, PyTuple>,
    ) -> PyResult<Bound<'py, Self>> {
        let t = &slf.get().inner;
        if t.requires_grad() {
            return Err(Error::runtime("cannot resize variables that require grad")).py();
        }
        let spec = shape_args(shape)?;
        let dims = spec
            .iter()
            // torch's size check sees a negative size as an overflow
            .map(|&d| {
                usize::try_from(d)
                    .map_err(|_| Error::runtime("numel: integer multiplication overflow"))
            })
            .collect::<Result<Vec<usize>>>()
            .py()?;
        t.resize_(&dims).py()?;
        Ok(slf)
    }

    #[pyo3(signature = (*shape))]
    fn view(&self, shape: &Bound<'_, PyTuple>) -> PyResult<PyTensor> {
        view::view(&self.inner, &shape_args(shape)?)
            .py()
            .map(PyTensor::new)
    }

    fn t(&self) -> PyResult<PyTensor> {
        view::t(&self.inner).py().map(PyTensor::new)
    }

    #[getter(T)]
    fn big_t(&self) -> PyTensor {
        PyTensor::new(view::reverse_dims(&self.inner))
    }

    #[getter(mT)]
    fn m_t(&self) -> PyResult<PyTensor> {
        view::transpose(&self.inner, -2, -1).py().map(PyTensor::new)
    }

    fn transpose(&self, dim0: i64, dim1: i64) -> PyResult<PyTensor> {
        view::transpose(&self.inner, dim0, dim1)
            .py()
            .map(PyTensor::new)
    }

    #[pyo3(signature = (*dims))]
    fn permute(&self, dims: &Bound<'_, PyTuple>) -> PyResult<PyTensor> {
        view::permute(&self.inner, &shape_args(dims)?)
            .py()
            .map(PyTensor::new)
    }

    fn unflatten(&self, dim: i64, sizes: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        view::unflatten(&self.inner, dim, &dims_of(sizes)?)
            .py()
            .map(PyTensor::new)
    }

    /// The address of the first element (0 for an empty tensor), as torch
    /// gives it: equal addresses mean shared memory.
    fn data_ptr(&self) -> usize {
        self.inner.data_ptr()
    }

    /// The identity of this tensor's storage (torch.save keeps shared
    /// storage shared).
    fn _storage_id(&self) -> usize {
        self.inner.storage_id()
    }

    /// The whole storage's bytes, for torch.save.
    fn _storage_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, pyo3::types::PyBytes> {
        pyo3::types::PyBytes::new(py, &self.inner.storage_bytes())
    }

    /// A new tensor on this one's storage with the given layout (torch.load).
    fn _on_same_storage(
        &self,
        shape: Vec<usize>,
        strides: Vec<isize>,
        offset: usize,
    ) -> PyResult<PyTensor> {
        self.inner
            .on_same_storage(&shape, &strides, offset)
            .py()
            .map(PyTensor::new)
    }

    /// Where this tensor starts in its storage, in elements.
    fn storage_offset(&self) -> usize {
        self.inner.offset()
    }

    fn unsqueeze(&self, dim: i64) -> PyResult<PyTensor> {
        view::unsqueeze(&self.inner, dim).py().map(PyTensor::new)
    }

    // ---- in-place layout changes (same object, new shape) ----

    fn t_(slf: Bound<'_, Self>) -> PyResult<Bound<'_, Self>> {
        let t = &slf.get().inner;
        check_in_place(t).and_then(|_| relayout::t_(t)).py()?;
        Ok(slf)
    }

    fn transpose_(slf: Bound<'_, Self>, dim0: i64, dim1: i64) -> PyResult<Bound<'_, Self>> {
        let t = &slf.get().inner;
        check_in_place(t)
            .and_then(|_| relayout::transpose_(t, dim0, dim1))
            .py()?;
        Ok(slf)
    }

    fn unsqueeze_(slf: Bound<'_, Self>, dim: i64) -> PyResult<Bound<'_, Self>> {
        let t = &slf.get().inner;
        check_in_place(t)
            .and_then(|_| relayout::unsqueeze_(t, dim))
            .py()?;
        Ok(slf)
    }

    /// `squeeze_()`, `squeeze_(dim)` or `squeeze_(dims)`.
    #[pyo3(signature = (dim=None))]
    fn squeeze_<'py>(
        slf: Bound<'py, Self>,
        dim: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, Self>> {
        let is_list = dim.is_some_and(|d| d.extract::<i64>().is_err());
        let dims = dim.map(dims_of).transpose()?;
        let t = &slf.get().inner;
        check_in_place(t)
            .and_then(|_| relayout::squeeze_(t, dims.as_deref(), is_list))
            .py()?;
        Ok(slf)
    }

    #[pyo3(signature = (*sizes))]
    fn expand(&self, sizes: &Bound<'_, PyTuple>) -> PyResult<PyTensor> {
        let spec = shape_args(sizes)?;
        let lead = spec.len().saturating_sub(self.inner.ndim());
        let shape: Vec<usize> = spec
            .iter()
            .enumerate()
            .map(|(i, &d)| {
                if d == -1 && i >= lead {
                    self.inner.shape()[i - lead]
                } else {
                    d.max(0) as usize
                }
            })
            .collect();
        view::expand(&self.inner, &shape).py().map(PyTensor::new)
    }

    /// `memory_format` is `torch.preserve_format` (the default) or
    /// `torch.contiguous_format`.
    #[pyo3(signature = (*, memory_format=None))]
    fn clone(&self, memory_format: Option<&Bound<'_, PyAny>>) -> PyResult<PyTensor> {
        let format = match memory_format {
            Some(f) if !f.is_none() => f.repr()?.to_string(),
            _ => "torch.preserve_format".to_string(),
        };
        match format.as_str() {
            "torch.preserve_format" => Ok(PyTensor::new(ops::clone_preserving(&self.inner))),
            "torch.contiguous_format" => Ok(PyTensor::new(ops::clone(&self.inner))),
            _ => Err(pyo3::exceptions::PyNotImplementedError::new_err(format!(
                "clone(memory_format={format}) is not supported; use torch.preserve_format \
                 or torch.contiguous_format"
            ))),
        }
    }

    fn contiguous(slf: Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        if slf.get().inner.is_contiguous() {
            return Ok(slf.into_any().unbind());
        }
        let out = ops::clone(&slf.get().inner);
        Ok(wrap(slf.py(), out)?.into_any())
    }

    // ---- dtype conversions ----

    /// `.to(dtype)`; returns `self` when nothing changes, as torch does.
    #[pyo3(signature = (*args, **kwargs))]
    fn to(
        slf: Bound<'_, Self>,
        args: &Bound<'_, PyTuple>,
        kwargs: Option<&Bound<'_, pyo3::types::PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        let mut dtype = None;
        for a in args.iter() {
            if let Ok(d) = a.extract::<PyDType>() {
                dtype = Some(d.0);
            } else if let Ok(t) = a.cast::<PyTensor>() {
                dtype = Some(t.get().inner.dtype());
            }
        }
        if let Some(kw) = kwargs {
            if let Some(d) = kw.get_item("dtype")? {
                dtype = Some(d.extract::<PyDType>()?.0);
            }
        }
        Self::to_dtype(slf, dtype)
    }

    fn float(slf: Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        Self::to_dtype(slf, Some(DType::F32))
    }

    fn double(slf: Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        Self::to_dtype(slf, Some(DType::F64))
    }

    fn long(slf: Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        Self::to_dtype(slf, Some(DType::I64))
    }

    fn bool(slf: Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        Self::to_dtype(slf, Some(DType::Bool))
    }

    fn int(slf: Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        Self::to_dtype(slf, Some(DType::I32))
    }

    fn byte(slf: Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        Self::to_dtype(slf, Some(DType::U8))
    }

    fn half(slf: Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        Self::to_dtype(slf, Some(DType::F16))
    }

    fn bfloat16(slf: Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        Self::to_dtype(slf, Some(DType::BF16))
    }

    fn cfloat(slf: Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        Self::to_dtype(slf, Some(DType::C64))
    }

    fn cdouble(slf: Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        Self::to_dtype(slf, Some(DType::C128))
    }

    fn is_floating_point(&self) -> bool {
        self.inner.dtype().is_floating()
    }

    fn is_complex(&self) -> bool {
        self.inner.dtype().is_complex()
    }

    fn element_size(&self) -> usize {
        self.inner.dtype().item_size()
    }

    /// `.real`: the tensor itself for real dtypes, the real parts (a copy)
    /// for complex ones.
    #[getter]
    fn real(slf: Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        let t = &slf.get().inner;
        if !t.dtype().is_complex() {
            return Ok(slf.into_any().unbind());
        }
        let part = crate::compute::complex_part(t, false);
        Ok(wrap(slf.py(), part)?.into_any())
    }

    /// `.imag`: the imaginary parts (a copy) of a complex tensor.
    #[getter]
    fn imag(&self) -> PyResult<PyTensor> {
        if !self.inner.dtype().is_complex() {
            return Err(PyRuntimeError::new_err(
                "imag is not implemented for tensors with non-complex dtypes.",
            ));
        }
        Ok(PyTensor::new(crate::compute::complex_part(
            &self.inner,
            true,
        )))
    }

    /// `conj()`: complex conjugate; real tensors come back as they are.
    fn conj(slf: Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        let t = &slf.get().inner;
        if !t.dtype().is_complex() {
            return Ok(slf.into_any().unbind());
        }
        let out = crate::compute::complex_map(t, true);
        Ok(wrap(slf.py(), out)?.into_any())
    }

    #[pyo3(signature = (dtype=None))]
    fn r#type(slf: Bound<'_, Self>, dtype: Option<PyDType>) -> PyResult<Py<PyAny>> {
        match dtype {
            None => Ok(slf
                .get()
                .inner
                .dtype()
                .legacy_name()
                .into_pyobject(slf.py())?
                .into_any()
                .unbind()),
            Some(d) => Self::to_dtype(slf, Some(d.0)),
        }
    }

    // ---- in place, driven by the Python layer ----

    /// The value an in-place op starts from: after torch's checks, the
    /// current value as its own tensor carrying this tensor's history.
    fn _inplace_source(&self) -> PyResult<PyTensor> {
        check_in_place(&self.inner).py()?;
        let t = &self.inner;
        if is_grad_enabled() && t.requires_grad() {
            let copy = t.copy_data();
            if let Some(node) = t.grad_fn() {
                copy.set_history(node, t.output_nr());
            }
            return Ok(PyTensor::new(copy));
        }
        Ok(PyTensor::new(t.clone()))
    }

    /// Writes `result` into this tensor and takes over its history.
    fn _inplace_assign(&self, result: &Bound<'_, PyTensor>) -> PyResult<()> {
        let result = &result.get().inner;
        in_place(&self.inner, |_| Ok(result.clone())).py()
    }

    fn zero_(slf: Bound<'_, Self>) -> PyResult<Bound<'_, Self>> {
        slf.get().fill_with(0.0, "ZeroBackward0")?;
        Ok(slf)
    }

    fn fill_<'py>(slf: Bound<'py, Self>, value: &Bound<'py, PyAny>) -> PyResult<Bound<'py, Self>> {
        // a 0-d tensor gives its value
        let value = match value.cast::<PyTensor>() {
            Ok(t) if t.get().inner.ndim() != 0 => {
                return Err(PyRuntimeError::new_err(format!(
                    "fill_ only supports 0-dimension value tensor but got tensor with {} \
                     dimensions.",
                    t.get().inner.ndim()
                )))
            }
            Ok(t) => t.get().inner.item_f64().py()?,
            Err(_) => value.extract::<f64>()?,
        };
        slf.get().fill_with(value, "FillBackward2")?;
        Ok(slf)
    }

    /// `fn(old)` written into this tensor as an in-place op: `old` carries
    /// this tensor's history, the result's node becomes its history (through
    /// CopySlices for a view), the version is bumped and torch's in-place
    /// checks apply. For in-place ops built in Python from out-of-place ones.
    fn _write_in_place<'py>(
        slf: Bound<'py, Self>,
        f: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, Self>> {
        in_place(&slf.get().inner, |old| {
            let result = f
                .call1((PyTensor::new(old.clone()),))
                .map_err(super::convert::foreign)?;
            let result = result
                .cast::<PyTensor>()
                .map_err(|e| super::convert::foreign(e.into()))?;
            Ok(result.get().inner.clone())
        })
        .py()?;
        Ok(slf)
    }

    fn copy_<'py>(slf: Bound<'py, Self>, src: &Bound<'py, PyTensor>) -> PyResult<Bound<'py, Self>> {
        let src = src.get().inner.clone();
        in_place(&slf.get().inner, |old| arith::copied(old, &src)).py()?;
        Ok(slf)
    }

    fn masked_fill(
        &self,
        mask: &Bound<'_, PyTensor>,
        value: &Bound<'_, PyAny>,
    ) -> PyResult<PyTensor> {
        let v = scalar_value(value)?;
        ops::gather::masked_fill(&self.inner, &mask.get().inner, v)
            .py()
            .map(PyTensor::new)
    }

    fn masked_fill_<'py>(
        slf: Bound<'py, Self>,
        mask: &Bound<'py, PyTensor>,
        value: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, Self>> {
        let v = scalar_value(value)?;
        let mask = mask.get().inner.clone();
        write_in_place(&slf.get().inner, |old| {
            ops::gather::masked_fill(old, &mask, v)
        })
        .py()?;
        Ok(slf)
    }

    fn gather(&self, dim: i64, index: &Bound<'_, PyTensor>) -> PyResult<PyTensor> {
        ops::gather::gather(&self.inner, dim, &index_of(&index.get().inner))
            .py()
            .map(PyTensor::new)
    }

    fn index_select(&self, dim: i64, index: &Bound<'_, PyTensor>) -> PyResult<PyTensor> {
        ops::gather::index_select(&self.inner, dim, &index_of(&index.get().inner))
            .py()
            .map(PyTensor::new)
    }

    #[pyo3(signature = (offset=0, dim1=0, dim2=1))]
    fn diagonal(&self, offset: i64, dim1: i64, dim2: i64) -> PyResult<PyTensor> {
        ops::diagonal::diagonal(&self.inner, offset, dim1, dim2)
            .py()
            .map(PyTensor::new)
    }

    #[pyo3(signature = (diagonal=0))]
    fn diag(&self, diagonal: i64) -> PyResult<PyTensor> {
        ops::diagonal::diag(&self.inner, diagonal)
            .py()
            .map(PyTensor::new)
    }

    #[pyo3(signature = (offset=0, dim1=-2, dim2=-1))]
    fn diag_embed(&self, offset: i64, dim1: i64, dim2: i64) -> PyResult<PyTensor> {
        ops::diagonal::diag_embed(&self.inner, offset, dim1, dim2)
            .py()
            .map(PyTensor::new)
    }

    fn trace(&self) -> PyResult<PyTensor> {
        ops::diagonal::trace(&self.inner).py().map(PyTensor::new)
    }

    /// Advanced indexing: one int64 tensor or None per dim.
    fn _index_tensors(&self, indices: Vec<Option<Bound<'_, PyTensor>>>) -> PyResult<PyTensor> {
        let idx: Vec<Option<Tensor>> = indices
            .iter()
            .map(|i| i.as_ref().map(|t| index_of(&t.get().inner)))
            .collect();
        ops::gather::index(&self.inner, &idx)
            .py()
            .map(PyTensor::new)
    }

    /// `index_put(positions, value, accumulate)` out of place: `positions`
    /// holds each indexed element's row-major position in `self` (the
    /// Python layer resolves the key); `value` is a scalar or a tensor of
    /// `self`'s dtype that broadcasts to `positions`' shape.
    fn _index_put_positions(
        &self,
        positions: &Bound<'_, PyTensor>,
        value: &Bound<'_, PyAny>,
        accumulate: bool,
    ) -> PyResult<PyTensor> {
        let (sources, shape, values) = self.index_put_args(positions, value)?;
        ops::gather::index_put(&self.inner, sources, &shape, &values, accumulate)
            .py()
            .map(PyTensor::new)
    }

    /// The same in place (`self[key] = value`, `index_put_`).
    fn _index_put_positions_(
        &self,
        positions: &Bound<'_, PyTensor>,
        value: &Bound<'_, PyAny>,
        accumulate: bool,
    ) -> PyResult<()> {
        let (sources, shape, values) = self.index_put_args(positions, value)?;
        write_in_place(&self.inner, |old| {
            ops::gather::index_put(old, sources, &shape, &values, accumulate)
        })
        .py()
    }

    /// Positions of the true elements, one int64 row per element (`nonzero`).
    fn nonzero(&self) -> PyTensor {
        let truth = self.inner.cast(DType::Bool).to_vec::<bool>();
        let strides = crate::shape::contiguous_strides(self.inner.shape());
        let nd = self.inner.ndim();
        let hits: Vec<usize> = (0..truth.len()).filter(|&i| truth[i]).collect();
        let rows = hits.len();
        // stored dim by dim: torch's result is the transpose of an (nd, rows)
        // block, strides (1, rows)
        let mut columns = vec![0i64; nd * rows];
        for (r, &flat) in hits.iter().enumerate() {
            let mut rest = flat;
            for (d, &s) in strides.iter().enumerate() {
                columns[d * rows + r] = (rest / s as usize) as i64;
                rest %= s as usize;
            }
        }
        PyTensor::new(Tensor::from_buffer_strided(
            <i64 as crate::tensor::Element>::into_buffer(columns),
            &[rows, nd],
            &[1, rows as isize],
            0,
        ))
    }

    #[pyo3(signature = (other, *, rounding_mode=None))]
    fn _div_rounded(
        &self,
        other: &Bound<'_, PyAny>,
        rounding_mode: Option<&str>,
    ) -> PyResult<PyTensor> {
        let b = tensor_or_scalar(other, self.inner.dtype())?;
        let mode = match rounding_mode {
            Some("floor") => arith::Rounding::Floor,
            Some("trunc") => arith::Rounding::Trunc,
            other => {
                return Err(PyValueError::new_err(format!(
                "div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '{}'",
                other.unwrap_or("None")
            )))
            }
        };
        c2(&self.inner, &b, "div", |a, b| {
            arith::div_rounded(a, b, mode)
        })
        .py()
        .map(PyTensor::new)
    }

    fn __floordiv__(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        let b = tensor_or_scalar(other, self.inner.dtype())?;
        c2(&self.inner, &b, "floor_divide", |a, b| {
            arith::div_rounded(a, b, arith::Rounding::Floor)
        })
        .py()
        .map(PyTensor::new)
    }

    fn __rfloordiv__(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        let b = tensor_or_scalar(other, self.inner.dtype())?;
        c2(&b, &self.inner, "floor_divide", |a, b| {
            arith::div_rounded(a, b, arith::Rounding::Floor)
        })
        .py()
        .map(PyTensor::new)
    }

    fn __mod__(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        let b = tensor_or_scalar(other, self.inner.dtype())?;
        c2(&self.inner, &b, "remainder", arith::remainder)
            .py()
            .map(PyTensor::new)
    }

    fn __rmod__(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        let b = tensor_or_scalar(other, self.inner.dtype())?;
        c2(&b, &self.inner, "remainder", arith::remainder)
            .py()
            .map(PyTensor::new)
    }

    // ---- statistics (the Python layer shapes the results) ----

    /// max/min: over everything, or `(values, indices)` along `dim`.
    #[pyo3(signature = (dim, keepdim, max))]
    fn _extreme(
        &self,
        py: Python<'_>,
        dim: Option<i64>,
        keepdim: bool,
        max: bool,
    ) -> PyResult<Py<PyAny>> {
        let name = if max { "max" } else { "min" };
        let a = &self.inner;
        match dim {
            None => {
                let v = c1(a, name, |t| stats::max_all(t, max)).py()?;
                Ok(wrap(py, v)?.into_any())
            }
            Some(d) => {
                crate::compute::real_only(name, &[a]).py()?;
                let (v, i) =
                    stats::max_dim(&crate::compute::computable(a), d, keepdim, max).py()?;
                let v = crate::compute::store(v, a.dtype());
                Ok(tuple_of(py, vec![v, i])?.into_any())
            }
        }
    }

    #[pyo3(signature = (dim=None, keepdim=false))]
    fn amax(&self, dim: Option<&Bound<'_, PyAny>>, keepdim: bool) -> PyResult<PyTensor> {
        let dims = dim.map(dims_of).transpose()?.unwrap_or_default();
        c1(&self.inner, "amax", |t| {
            stats::amax(t, &dims, keepdim, true)
        })
        .py()
        .map(PyTensor::new)
    }

    #[pyo3(signature = (dim=None, keepdim=false))]
    fn amin(&self, dim: Option<&Bound<'_, PyAny>>, keepdim: bool) -> PyResult<PyTensor> {
        let dims = dim.map(dims_of).transpose()?.unwrap_or_default();
        c1(&self.inner, "amin", |t| {
            stats::amax(t, &dims, keepdim, false)
        })
        .py()
        .map(PyTensor::new)
    }

    #[pyo3(signature = (dim=None, keepdim=false))]
    fn argmax(&self, dim: Option<i64>, keepdim: bool) -> PyResult<PyTensor> {
        c1_to(&self.inner, DType::I64, "argmax", |t| {
            stats::argmax(t, dim, keepdim, true)
        })
        .py()
        .map(PyTensor::new)
    }

    #[pyo3(signature = (dim=None, keepdim=false))]
    fn argmin(&self, dim: Option<i64>, keepdim: bool) -> PyResult<PyTensor> {
        c1_to(&self.inner, DType::I64, "argmin", |t| {
            stats::argmax(t, dim, keepdim, false)
        })
        .py()
        .map(PyTensor::new)
    }

    #[pyo3(signature = (dim=None, keepdim=false, *, dtype=None))]
    fn prod(&self, dim: Option<i64>, keepdim: bool, dtype: Option<PyDType>) -> PyResult<PyTensor> {
        let t = dtype.map_or_else(|| self.inner.clone(), |d| ops::cast(&self.inner, d.0));
        let target = dtype.map_or(accumulated(t.dtype()), |d| d.0);
        c1_to(&t, target, "prod", |t| stats::prod(t, dim, keepdim))
            .py()
            .map(PyTensor::new)
    }

    #[pyo3(signature = (dim=None, unbiased=None, keepdim=false, *, correction=None))]
    fn var(
        &self,
        dim: Option<&Bound<'_, PyAny>>,
        unbiased: Option<bool>,
        keepdim: bool,
        correction: Option<f64>,
    ) -> PyResult<PyTensor> {
        self.moment(dim, unbiased, keepdim, correction, false)
    }

    #[pyo3(signature = (dim=None, unbiased=None, keepdim=false, *, correction=None))]
    fn std(
        &self,
        dim: Option<&Bound<'_, PyAny>>,
        unbiased: Option<bool>,
        keepdim: bool,
        correction: Option<f64>,
    ) -> PyResult<PyTensor> {
        self.moment(dim, unbiased, keepdim, correction, true)
    }

    #[pyo3(signature = (p=None, dim=None, keepdim=false))]
    fn norm(
        &self,
        p: Option<&Bound<'_, PyAny>>,
        dim: Option<&Bound<'_, PyAny>>,
        keepdim: bool,
    ) -> PyResult<PyTensor> {
        let p = match p {
            None => 2.0,
            Some(v) => match v.extract::<String>() {
                Ok(s) if s == "fro" => 2.0,
                Ok(s) => return Err(PyValueError::new_err(format!("unsupported norm type {s}"))),
                Err(_) => v.extract::<f64>()?,
            },
        };
        let dims = dim.map(dims_of).transpose()?;
        c1(&self.inner, "norm", |t| {
            stats::norm(t, p, dims.as_deref(), keepdim)
        })
        .py()
        .map(PyTensor::new)
    }

    #[pyo3(signature = (dim, keepdim=false))]
    fn logsumexp(&self, dim: &Bound<'_, PyAny>, keepdim: bool) -> PyResult<PyTensor> {
        let dims = dims_of(dim)?;
        c1(&self.inner, "logsumexp", |t| {
            stats::logsumexp(t, &dims, keepdim)
        })
        .py()
        .map(PyTensor::new)
    }

    #[pyo3(signature = (dim, *, dtype=None))]
    fn cumsum(&self, dim: i64, dtype: Option<PyDType>) -> PyResult<PyTensor> {
        let t = dtype.map_or_else(|| self.inner.clone(), |d| ops::cast(&self.inner, d.0));
        let target = dtype.map_or(accumulated(t.dtype()), |d| d.0);
        c1_to(&t, target, "cumsum", |t| stats::cumsum(t, dim))
            .py()
            .map(PyTensor::new)
    }

    // ---- more shape ops ----

    /// `as_strided(size, stride, storage_offset=None)`; the shell parses
    /// the arguments.
    #[pyo3(signature = (size, stride, storage_offset=None))]
    fn as_strided(
        &self,
        size: Vec<i64>,
        stride: Vec<i64>,
        storage_offset: Option<i64>,
    ) -> PyResult<PyTensor> {
        ops::as_strided::as_strided(&self.inner, &size, &stride, storage_offset)
            .py()
            .map(PyTensor::new)
    }

    #[pyo3(signature = (size, stride, storage_offset=None))]
    fn as_strided_(
        slf: Bound<'_, Self>,
        size: Vec<i64>,
        stride: Vec<i64>,
        storage_offset: Option<i64>,
    ) -> PyResult<Bound<'_, Self>> {
        let t = &slf.get().inner;
        check_in_place(t)
            .and_then(|_| ops::as_strided::as_strided_(t, &size, &stride, storage_offset))
            .py()?;
        Ok(slf)
    }

    fn narrow(&self, dim: i64, start: i64, length: i64) -> PyResult<PyTensor> {
        view::narrow_checked(&self.inner, dim, start, length)
            .py()
            .map(PyTensor::new)
    }

    #[pyo3(signature = (dim=None))]
    fn squeeze(&self, dim: Option<&Bound<'_, PyAny>>) -> PyResult<PyTensor> {
        match dim {
            None => view::squeeze(&self.inner, None),
            Some(d) => match d.extract::<i64>() {
                Ok(d) => view::squeeze(&self.inner, Some(d)),
                Err(_) => view::squeeze_list(&self.inner, &dims_of(d)?),
            },
        }
        .py()
        .map(PyTensor::new)
    }

    #[pyo3(signature = (start_dim=0, end_dim=-1))]
    fn flatten(&self, start_dim: i64, end_dim: i64) -> PyResult<PyTensor> {
        view::flatten(&self.inner, start_dim, end_dim)
            .py()
            .map(PyTensor::new)
    }

    #[pyo3(signature = (split_size_or_sections, dim=0))]
    fn split(
        &self,
        py: Python<'_>,
        split_size_or_sections: &Bound<'_, PyAny>,
        dim: i64,
    ) -> PyResult<Py<PyTuple>> {
        join::at_least_1d(&self.inner, "split").py()?;
        let d = crate::shape::wrap_dim(dim, self.inner.ndim()).py()?;
        let len = self.inner.shape()[d];
        let (sizes, name) = match split_size_or_sections.extract::<usize>() {
            Ok(size) => (join::split_even(len, size).py()?, "SplitBackward0"),
            Err(_) => (
                split_size_or_sections.extract::<Vec<usize>>()?,
                "SplitWithSizesBackward0",
            ),
        };
        let parts = join::split_sizes(&self.inner, &sizes, dim, name).py()?;
        tuple_of(py, parts)
    }

    #[pyo3(signature = (split_size, dim=0))]
    fn unsafe_split(&self, py: Python<'_>, split_size: usize, dim: i64) -> PyResult<Py<PyTuple>> {
        join::at_least_1d(&self.inner, "unsafe_split").py()?;
        let d = crate::shape::wrap_dim(dim, self.inner.ndim()).py()?;
        let sizes = join::split_even(self.inner.shape()[d], split_size).py()?;
        let parts =
            join::unsafe_split_sizes(&self.inner, &sizes, dim, "UnsafeSplitBackward0").py()?;
        tuple_of(py, parts)
    }

    #[pyo3(signature = (chunks, dim=0))]
    fn unsafe_chunk(&self, py: Python<'_>, chunks: usize, dim: i64) -> PyResult<Py<PyTuple>> {
        join::at_least_1d(&self.inner, "unsafe_chunk").py()?;
        let d = crate::shape::wrap_dim(dim, self.inner.ndim()).py()?;
        let sizes = join::chunk_sizes(self.inner.shape()[d], chunks).py()?;
        let parts =
            join::unsafe_split_sizes(&self.inner, &sizes, dim, "UnsafeSplitBackward0").py()?;
        tuple_of(py, parts)
    }

    #[pyo3(signature = (dim=0))]
    fn unbind(&self, py: Python<'_>, dim: i64) -> PyResult<Py<PyTuple>> {
        tuple_of(py, join::unbind(&self.inner, dim).py()?)
    }

    #[pyo3(signature = (chunks, dim=0))]
    fn chunk(&self, py: Python<'_>, chunks: usize, dim: i64) -> PyResult<Py<PyTuple>> {
        join::at_least_1d(&self.inner, "chunk").py()?;
        let d = crate::shape::wrap_dim(dim, self.inner.ndim()).py()?;
        let sizes = join::chunk_sizes(self.inner.shape()[d], chunks).py()?;
        let parts = join::split_sizes(&self.inner, &sizes, dim, "SplitBackward0").py()?;
        tuple_of(py, parts)
    }

    #[pyo3(signature = (*dims))]
    fn flip(&self, dims: &Bound<'_, PyTuple>) -> PyResult<PyTensor> {
        join::flip(&self.inner, &shape_args(dims)?)
            .py()
            .map(PyTensor::new)
    }

    #[pyo3(signature = (*sizes))]
    fn repeat(&self, sizes: &Bound<'_, PyTuple>) -> PyResult<PyTensor> {
        let reps: Vec<usize> = shape_args(sizes)?
            .into_iter()
            .map(|r| r.max(0) as usize)
            .collect();
        join::repeat(&self.inner, &reps).py().map(PyTensor::new)
    }

    #[pyo3(signature = (diagonal=None))]
    fn tril(&self, diagonal: Option<&Bound<'_, PyAny>>) -> PyResult<PyTensor> {
        let diagonal = diagonal.map_or(Ok(0), |d| py_helpers::int_arg(d, "tril", "diagonal", 1))?;
        c1(&self.inner, "tril", |t| join::triangle(t, diagonal, true))
            .py()
            .map(PyTensor::new)
    }

    #[pyo3(signature = (diagonal=None))]
    fn triu(&self, diagonal: Option<&Bound<'_, PyAny>>) -> PyResult<PyTensor> {
        let diagonal = diagonal.map_or(Ok(0), |d| py_helpers::int_arg(d, "triu", "diagonal", 1))?;
        c1(&self.inner, "triu", |t| join::triangle(t, diagonal, false))
            .py()
            .map(PyTensor::new)
    }

    // ---- more pointwise math ----

    fn rsqrt(&self) -> PyResult<PyTensor> {
        c1(&self.inner, "rsqrt", unary::rsqrt)
            .py()
            .map(PyTensor::new)
    }

    fn log1p(&self) -> PyResult<PyTensor> {
        c1(&self.inner, "log1p", unary::log1p)
            .py()
            .map(PyTensor::new)
    }

    fn expm1(&self) -> PyResult<PyTensor> {
        c1(&self.inner, "expm1", unary::expm1)
            .py()
            .map(PyTensor::new)
    }

    fn sin(&self) -> PyResult<PyTensor> {
        c1(&self.inner, "sin", unary::sin).py().map(PyTensor::new)
    }

    fn cos(&self) -> PyResult<PyTensor> {
        c1(&self.inner, "cos", unary::cos).py().map(PyTensor::new)
    }

    fn square(&self) -> PyResult<PyTensor> {
        c1(&self.inner, "square", unary::square)
            .py()
            .map(PyTensor::new)
    }

    #[pyo3(signature = (min=None, max=None))]
    fn clamp(&self, min: Option<f64>, max: Option<f64>) -> PyResult<PyTensor> {
        c1(&self.inner, "clamp", |t| unary::clamp(t, min, max))
            .py()
            .map(PyTensor::new)
    }

    #[pyo3(signature = (min=None, max=None))]
    fn clip(&self, min: Option<f64>, max: Option<f64>) -> PyResult<PyTensor> {
        self.clamp(min, max)
    }

    fn clamp_min(&self, min: f64) -> PyResult<PyTensor> {
        c1(&self.inner, "clamp_min", |t| {
            unary::clamp_recorded_as(t, Some(min), None, "ClampMinBackward0")
        })
        .py()
        .map(PyTensor::new)
    }

    fn clamp_max(&self, max: f64) -> PyResult<PyTensor> {
        c1(&self.inner, "clamp_max", |t| {
            unary::clamp_recorded_as(t, None, Some(max), "ClampMaxBackward0")
        })
        .py()
        .map(PyTensor::new)
    }

    fn maximum(&self, other: &Bound<'_, PyTensor>) -> PyResult<PyTensor> {
        c2_ordered(&self.inner, &other.get().inner, "maximum", |a, b| {
            compare::maximum(a, b, true)
        })
        .py()
        .map(PyTensor::new)
    }

    fn minimum(&self, other: &Bound<'_, PyTensor>) -> PyResult<PyTensor> {
        c2_ordered(&self.inner, &other.get().inner, "minimum", |a, b| {
            compare::maximum(a, b, false)
        })
        .py()
        .map(PyTensor::new)
    }

    /// `self.where(cond, other)`: self where cond, else other.
    fn r#where(
        &self,
        condition: &Bound<'_, PyTensor>,
        other: &Bound<'_, PyAny>,
    ) -> PyResult<PyTensor> {
        let other = tensor_or_scalar(other, self.inner.dtype())?;
        compare::where_(&condition.get().inner, &self.inner, &other)
            .py()
            .map(PyTensor::new)
    }

    // ---- comparisons and logic ----

    fn __richcmp__(
        &self,
        py: Python<'_>,
        other: &Bound<'_, PyAny>,
        op: CompareOp,
    ) -> PyResult<Py<PyAny>> {
        let cmp = match op {
            CompareOp::Eq => Cmp::Eq,
            CompareOp::Ne => Cmp::Ne,
            CompareOp::Lt => Cmp::Lt,
            CompareOp::Le => Cmp::Le,
            CompareOp::Gt => Cmp::Gt,
            CompareOp::Ge => Cmp::Ge,
        };
        let r = match operand_of(other) {
            Some(Operand::Tensor(b)) => Some(cmp_tt(&self.inner, &b, cmp).py()?),
            Some(Operand::Scalar(s)) => Some(cmp_ts(&self.inner, s, cmp).py()?),
            None => None,
        };
        wrap_or_not_implemented(py, r)
    }

    fn eq(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        self.cmp_named(other, Cmp::Eq)
    }

    fn ne(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        self.cmp_named(other, Cmp::Ne)
    }

    fn lt(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        self.cmp_named(other, Cmp::Lt)
    }

    fn le(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        self.cmp_named(other, Cmp::Le)
    }

    fn gt(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        self.cmp_named(other, Cmp::Gt)
    }

    fn ge(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        self.cmp_named(other, Cmp::Ge)
    }

    fn __and__(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        self.logic(other, Logic::And, false)
    }

    fn __or__(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        self.logic(other, Logic::Or, false)
    }

    fn __xor__(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        self.logic(other, Logic::Xor, false)
    }

    fn __rand__(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        self.logic(other, Logic::And, false)
    }

    fn __ror__(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        self.logic(other, Logic::Or, false)
    }

    fn __rxor__(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        self.logic(other, Logic::Xor, false)
    }

    fn __invert__(&self) -> PyResult<PyTensor> {
        let d = self.inner.dtype();
        if d.is_floating() || d.is_complex() {
            return Err(PyTypeError::new_err(
                "~ (operator.invert) is only implemented on integer and Boolean-type tensors",
            ));
        }
        c1(&self.inner, "bitwise_not_cpu", compare::invert)
            .py()
            .map(PyTensor::new)
    }

    fn logical_and(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        self.logic(other, Logic::And, true)
    }

    fn logical_or(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        self.logic(other, Logic::Or, true)
    }

    fn logical_xor(&self, other: &Bound<'_, PyAny>) -> PyResult<PyTensor> {
        self.logic(other, Logic::Xor, true)
    }

    fn logical_not(&self) -> PyTensor {
        PyTensor::new(compare::logical_not(&self.inner))
    }

    #[pyo3(signature = (dim=None, keepdim=false))]
    fn any(&self, dim: Option<i64>, keepdim: bool) -> PyResult<PyTensor> {
        self.any_all(dim, keepdim, false)
    }

    #[pyo3(signature = (dim=None, keepdim=false))]
    fn all(&self, dim: Option<i64>, keepdim: bool) -> PyResult<PyTensor> {
        self.any_all(dim, keepdim, true)
    }

    // ---- indexing: basic keys here, others through the Python layer ----

    fn __getitem__(slf: &Bound<'_, Self>, key: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let t = &slf.get().inner;
        let out = match index::parse(key, t.shape(), true)? {
            None => return py_helpers::getitem(slf, key),
            Some(index::Basic::Whole) => view::alias(t),
            Some(index::Basic::Items(items)) => view::index_basic(t, &items).py()?,
        };
        Ok(wrap(slf.py(), out)?.into_any())
    }

    fn __setitem__(
        slf: &Bound<'_, Self>,
        key: &Bound<'_, PyAny>,
        value: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        match index::parse(key, slf.get().inner.shape(), false)? {
            Some(index::Basic::Items(items)) => slf.get().index_put(&items, value),
            _ => py_helpers::setitem(slf, key, value),
        }
    }

    fn __delitem__(&self, _key: &Bound<'_, PyAny>) -> PyResult<()> {
        Err(PyTypeError::new_err(
            "Tensor does not support deleting items",
        ))
    }

    /// `t[key]` for a parsed basic key: ("i", n) | ("s", start, len, step) | ("n",).
    fn _index(&self, items: Vec<Bound<'_, PyTuple>>) -> PyResult<PyTensor> {
        let items = parse_index(&items)?;
        view::index_basic(&self.inner, &items)
            .py()
            .map(PyTensor::new)
    }

    /// `t[key] = value` for a parsed basic key.
    fn _index_put(&self, items: Vec<Bound<'_, PyTuple>>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        self.index_put(&parse_index(&items)?, value)
    }

    // ---- internals for the Python layer ----

    /// A contiguous numpy copy (printing; safe for tensors requiring grad).
    fn _values<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let copy = self.inner.contiguous();
        let copy = if copy.same(&self.inner) {
            copy.detach()
        } else {
            copy
        };
        // numpy has no bfloat16: the printer gets its (exact) float32 values
        let copy = if copy.dtype() == DType::BF16 {
            copy.cast(DType::F32)
        } else {
            copy
        };
        let owner = Bound::new(py, PyTensor::new(copy.clone()))?;
        numpy_view(&copy, owner.into_any())
    }

    /// `t[...]`: a view of the whole tensor (AliasBackward0).
    fn _alias(&self) -> PyTensor {
        PyTensor::new(view::alias(&self.inner))
    }

    fn _grad_fn_name(&self) -> Option<&'static str> {
        self.inner.grad_fn_name()
    }

    fn _is_same(&self, other: &Bound<'_, PyTensor>) -> bool {
        self.inner.same(&other.get().inner)
    }
}

impl PyTensor {
    /// `addcmul`/`addcdiv`: `op(self, tensor1, tensor2, value)`.
    fn combined(
        &self,
        tensor1: &Bound<'_, PyTensor>,
        tensor2: &Bound<'_, PyTensor>,
        value: f64,
        op: fn(&Tensor, &Tensor, &Tensor, f64) -> Result<Tensor>,
    ) -> PyResult<PyTensor> {
        op(
            &self.inner,
            &tensor1.get().inner,
            &tensor2.get().inner,
            value,
        )
        .py()
        .map(PyTensor::new)
    }

    /// A rounding op (`name` for half-precision dtypes' messages).
    fn rounded(&self, op: unary::Rounding, name: &str) -> PyResult<PyTensor> {
        c1(&self.inner, name, |t| unary::rounded(t, op))
            .py()
            .map(PyTensor::new)
    }

    /// `t[items] = value`: writes through a view of `t`, with torch's in-place rules.
    /// `_index_put_positions`' arguments: the positions, their shape, and
    /// the value as a tensor.
    fn index_put_args(
        &self,
        positions: &Bound<'_, PyTensor>,
        value: &Bound<'_, PyAny>,
    ) -> PyResult<(ops::gather::Sources, Vec<usize>, Tensor)> {
        let positions = &positions.get().inner;
        let sources = positions
            .to_vec::<i64>()
            .into_iter()
            .map(|p| p as usize)
            .collect();
        let values = match operand_of(value) {
            Some(Operand::Tensor(t)) => t,
            Some(Operand::Scalar(s)) => Tensor::full(&[], s.as_f64(), self.inner.dtype()),
            None => {
                return Err(PyTypeError::new_err(
                    "can't assign a non-number to a tensor",
                ))
            }
        };
        Ok((sources, positions.shape().to_vec(), values))
    }

    fn index_put(&self, items: &[view::IndexItem], value: &Bound<'_, PyAny>) -> PyResult<()> {
        let target = {
            let _off = crate::autograd::grad_mode::GradModeGuard::new(false);
            view::index_basic(&self.inner, items).py()?
        };
        // the write goes through a view: torch names it as such in errors
        check_in_place(&target).py()?;
        let source = match operand_of(value) {
            Some(Operand::Tensor(t)) => t,
            Some(Operand::Scalar(s)) => Tensor::full(&[], s.as_f64(), target.dtype()),
            None => {
                return Err(PyTypeError::new_err(
                    "can't assign a non-number to a tensor",
                ))
            }
        };
        // keeps the value's history: its gradient is the written region's
        let expanded =
            view::broadcast_to(&ops::cast(&source, target.dtype()), target.shape()).py()?;
        write_in_place(&target, |_| Ok(expanded.clone())).py()
    }

    fn fill_with(&self, value: f64, name: &'static str) -> PyResult<()> {
        write_in_place(&self.inner, |old| Ok(arith::filled(old, value, name))).py()
    }

    fn moment(
        &self,
        dim: Option<&Bound<'_, PyAny>>,
        unbiased: Option<bool>,
        keepdim: bool,
        correction: Option<f64>,
        std: bool,
    ) -> PyResult<PyTensor> {
        // var(True) / var(False) pass `unbiased` positionally where `dim` sits
        let (dim, unbiased) = match dim.map(|d| d.cast::<pyo3::types::PyBool>().is_ok()) {
            Some(true) => (None, Some(dim.expect("checked").extract::<bool>()?)),
            _ => (dim, unbiased),
        };
        let correction = correction.unwrap_or(if unbiased.unwrap_or(true) { 1.0 } else { 0.0 });
        let dims = dim.map(dims_of).transpose()?;
        let name = if std { "std" } else { "var" };
        c1(&self.inner, name, |t| {
            stats::var(t, dims.as_deref(), correction, keepdim, std)
        })
        .py()
        .map(PyTensor::new)
    }

    /// any/all: bool results, except uint8 in, uint8 out (as torch does).
    fn any_all(&self, dim: Option<i64>, keepdim: bool, all: bool) -> PyResult<PyTensor> {
        let out = compare::any_all(&self.inner, dim, keepdim, all).py()?;
        Ok(PyTensor::new(if self.inner.dtype() == DType::U8 {
            out.cast(DType::U8)
        } else {
            out
        }))
    }

    fn cmp_named(&self, other: &Bound<'_, PyAny>, cmp: Cmp) -> PyResult<PyTensor> {
        match operand_of(other) {
            Some(Operand::Tensor(b)) => cmp_tt(&self.inner, &b, cmp),
            Some(Operand::Scalar(s)) => cmp_ts(&self.inner, s, cmp),
            None => return Err(PyTypeError::new_err("comparison with a non-number")),
        }
        .py()
        .map(PyTensor::new)
    }

    fn logic(&self, other: &Bound<'_, PyAny>, op: Logic, logical: bool) -> PyResult<PyTensor> {
        let a = &self.inner;
        let b = match operand_of(other) {
            // a Python number counts by its kind only: `uint8 & 1` stays uint8
            Some(Operand::Scalar(s)) if !logical => {
                let dtype = crate::dtype::result_type_scalar(a.dtype(), s);
                Tensor::full(&[], s.as_f64(), dtype)
            }
            _ => tensor_or_scalar(other, a.dtype())?,
        };
        if logical {
            return compare::logical(a, &b, op).py().map(PyTensor::new);
        }
        let dtype = crate::dtype::result_type(a.dtype(), a.ndim() == 0, b.dtype(), b.ndim() == 0);
        if dtype.is_floating() || dtype.is_complex() {
            let name = match op {
                Logic::And => "bitwise_and_cpu",
                Logic::Or => "bitwise_or_cpu",
                Logic::Xor => "bitwise_xor_cpu",
            };
            return crate::compute::unsupported(name, dtype).py();
        }
        c2(a, &b, "bitwise", |a, b| compare::bitwise(a, b, op))
            .py()
            .map(PyTensor::new)
    }

    /// sum/mean: over everything, or over `dim` (an int or a sequence).
    fn reduction(
        &self,
        py: Python<'_>,
        dim: Option<&Bound<'_, PyAny>>,
        keepdim: bool,
        dtype: Option<PyDType>,
        (name, all, over_dims): Reduction,
    ) -> PyResult<PyTensor> {
        let t = match dtype {
            Some(d) => ops::cast(&self.inner, d.0),
            None => self.inner.clone(),
        };
        let dims = dim.map(dims_of).transpose()?;
        let target = dtype.map_or(accumulated(t.dtype()), |d| d.0);
        run(py, t.numel(), || {
            c1_to(&t, target, name, |t| match &dims {
                None => all(t),
                Some(d) => over_dims(t, d, keepdim),
            })
        })
        .map(PyTensor::new)
    }

    fn in_place_op(
        &self,
        other: &Bound<'_, PyAny>,
        op: arith::BinOp,
        tensor_op: fn(&Tensor, &Tensor) -> Result<Tensor>,
        scalar_op: fn(&Tensor, Scalar) -> Result<Tensor>,
    ) -> PyResult<()> {
        let operand = operand_of(other).ok_or_else(|| {
            PyTypeError::new_err(format!(
                "unsupported operand type: {}",
                other
                    .get_type()
                    .name()
                    .map(|n| n.to_string())
                    .unwrap_or_default()
            ))
        })?;
        if update_untracked(&self.inner, &operand, op, 1.0).py()? {
            return Ok(());
        }
        in_place(&self.inner, |old| match &operand {
            Operand::Tensor(b) => tensor_op(old, b),
            Operand::Scalar(s) => scalar_op(old, *s),
        })
        .py()
    }

    fn named(
        &self,
        other: &Bound<'_, PyAny>,
        tensor_op: fn(&Tensor, &Tensor) -> Result<Tensor>,
        scalar_op: fn(&Tensor, Scalar) -> Result<Tensor>,
        name: &str,
    ) -> PyResult<PyTensor> {
        match binary(&self.inner, other, tensor_op, scalar_op)? {
            Some(t) => Ok(PyTensor::new(t)),
            None => Err(PyTypeError::new_err(format!(
                "{name}(): argument 'other' (position 1) must be Tensor, not {}",
                other.get_type().name()?
            ))),
        }
    }

    fn to_dtype(slf: Bound<'_, Self>, dtype: Option<DType>) -> PyResult<Py<PyAny>> {
        let t = &slf.get().inner;
        match dtype {
            Some(d) if d != t.dtype() => {
                if t.dtype().is_complex() && !d.is_complex() {
                    py_helpers::warn_complex_to_real(slf.py())?;
                }
                Ok(wrap(slf.py(), ops::cast(t, d))?.into_any())
            }
            _ => Ok(slf.into_any().unbind()),
        }
    }
}

/// A reduction's name, its version over everything and over some dims.
type Reduction = (
    &'static str,
    fn(&Tensor) -> Result<Tensor>,
    fn(&Tensor, &[i64], bool) -> Result<Tensor>,
);

/// The dtype sums and products of `d` come in: int64 for integers and bool.
fn accumulated(d: DType) -> DType {
    if d.is_integral() || d == DType::Bool {
        DType::I64
    } else {
        d
    }
}

/// A tensor operand, or a Python number as a 0-d tensor of its own kind.
pub fn tensor_or_scalar(v: &Bound<'_, PyAny>, like: DType) -> PyResult<Tensor> {
    match operand_of(v) {
        Some(Operand::Tensor(t)) => Ok(t),
        Some(Operand::Scalar(s)) => {
            // a wrapped number: its kind's default dtype, double kept for float64 partners
            let dtype = match s {
                Scalar::Float(_) if like == DType::F64 => DType::F64,
                _ => s.default_dtype(),
            };
            Ok(Tensor::full(&[], s.as_f64(), dtype))
        }
        None => Err(PyTypeError::new_err(format!(
            "expected a Tensor or a number, got {}",
            v.get_type().name()?
        ))),
    }
}

fn scalar_value(v: &Bound<'_, PyAny>) -> PyResult<Scalar> {
    match operand_of(v) {
        Some(Operand::Scalar(s)) => Ok(s),
        Some(Operand::Tensor(t)) if t.numel() == 1 => Ok(Scalar::Float(t.item_f64().py()?)),
        _ => Err(PyTypeError::new_err(
            "expected a number or a one-element tensor",
        )),
    }
}

fn tuple_of(py: Python<'_>, parts: Vec<Tensor>) -> PyResult<Py<PyTuple>> {
    let objs: Vec<Py<PyTensor>> = parts
        .into_iter()
        .map(|t| wrap(py, t))
        .collect::<PyResult<_>>()?;
    Ok(PyTuple::new(py, objs)?.unbind())
}

fn parse_index(items: &[Bound<'_, PyTuple>]) -> PyResult<Vec<view::IndexItem>> {
    items
        .iter()
        .map(|it| {
            let kind: String = it.get_item(0)?.extract()?;
            Ok(match kind.as_str() {
                "i" => view::IndexItem::Int(it.get_item(1)?.extract()?),
                "s" => view::IndexItem::Slice {
                    start: it.get_item(1)?.extract()?,
                    len: it.get_item(2)?.extract()?,
                    step: it.get_item(3)?.extract()?,
                },
                _ => view::IndexItem::NewAxis,
            })
        })
        .collect()
}

/// `float(t)` / `int(t)`: one-element tensors only (ValueError otherwise).
/// The elements of an integer tensor (not bool) as exact int64 values.
fn exact_ints(t: &Tensor) -> Vec<i64> {
    t.cast(DType::I64).to_vec::<i64>()
}

fn scalar_conversion(t: &Tensor) -> PyResult<f64> {
    if t.numel() != 1 {
        return Err(PyValueError::new_err(
            "only one element tensors can be converted to Python scalars",
        ));
    }
    t.item_f64().map_err(to_py_err)
}

fn nested_objects<'py>(
    py: Python<'py>,
    values: &[Bound<'py, PyAny>],
    shape: &[usize],
) -> PyResult<Bound<'py, PyAny>> {
    if shape.is_empty() {
        return Ok(values[0].clone());
    }
    let n = shape[0];
    let step = values.len().checked_div(n).unwrap_or(0);
    let items: Vec<Bound<'py, PyAny>> = (0..n)
        .map(|i| nested_objects(py, &values[i * step..(i + 1) * step], &shape[1..]))
        .collect::<PyResult<_>>()?;
    Ok(PyList::new(py, items)?.into_any())
}

fn nested_list<'py>(
    py: Python<'py>,
    values: &[f64],
    shape: &[usize],
    dtype: DType,
) -> PyResult<Bound<'py, PyAny>> {
    if shape.is_empty() {
        return py_helpers::python_number(py, values[0], dtype);
    }
    let n = shape[0];
    let step = values.len().checked_div(n).unwrap_or(0);
    let items: Vec<Bound<'py, PyAny>> = (0..n)
        .map(|i| nested_list(py, &values[i * step..(i + 1) * step], &shape[1..], dtype))
        .collect::<PyResult<_>>()?;
    Ok(PyList::new(py, items)?.into_any())
}
