//! The pointwise half of an LSTM step in one pass, outside any graph (the
//! fused float32 LSTM layer records its own node): each value rounds as the
//! separate ops (`sigmoid`, `tanh`, `mul`, `add`) would round it.

use crate::dispatch_float;
use crate::error::{Error, Result};
use crate::shape::list_str;
use crate::tensor::Tensor;

/// From the gate pre-activations `pre` (B, 4H: input, forget, cell, output)
/// and the cell state `c` (B, H): the activated gates (B, 4H), the new cell
/// state `f·c + i·g`, its tanh, and the new hidden state `o·tanh(c)`.
pub fn lstm_pointwise(pre: &Tensor, c: &Tensor) -> Result<[Tensor; 4]> {
    let (rows, width) = match pre.shape() {
        &[rows, width] if width % 4 == 0 => (rows, width),
        other => {
            return Err(Error::runtime(format!(
                "LSTM gates must be (batch, 4 * hidden), got {}",
                list_str(other)
            )))
        }
    };
    let hidden = width / 4;
    if c.shape() != [rows, hidden] || c.dtype() != pre.dtype() {
        return Err(Error::runtime(format!(
            "LSTM cell state must be {} of the gates' dtype, got {}",
            list_str(&[rows, hidden]),
            list_str(c.shape())
        )));
    }
    dispatch_float!(pre.dtype(), T => pre.with_slice(|p: &[T]| c.with_slice(|cs: &[T]| {
        let mut gates = vec![0 as T; rows * width];
        let mut cell = vec![0 as T; rows * hidden];
        let (mut tanh_cell, mut out) = (cell.clone(), cell.clone());
        crate::kernels::lstm_rows(p, cs, hidden, &mut gates, &mut cell, &mut tanh_cell, &mut out);
        Ok([
            Tensor::from_vec(gates, &[rows, width]),
            Tensor::from_vec(cell, &[rows, hidden]),
            Tensor::from_vec(tanh_cell, &[rows, hidden]),
            Tensor::from_vec(out, &[rows, hidden]),
        ])
    })), Err(Error::runtime("LSTM steps take float32 or float64 tensors")))
}
