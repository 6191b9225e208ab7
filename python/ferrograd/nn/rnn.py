"""Recurrent layers: RNN, LSTM, GRU and their cells.

Each step is composed of the ops torch's CPU kernels run, in their order, so
results carry torch's graphs: one AddmmBackward0 per projection, the input's
projection made once for the whole sequence and unbound per step, gates cut
by UnsafeSplitBackward0, the sequence stacked (StackBackward0). Parameters
are registered and initialised in torch's order, so a seed gives torch's
initial values."""

import math
import numbers
import warnings
from functools import partial

from . import functional as F
from . import init
from .modules import Module, Parameter

# ---- one time step of each cell -------------------------------------------
# `x` is the input, or its projection when `projected` (a whole layer
# projects its input once); `p` is (w_ih, w_hh, b_ih, b_hh, w_hr).


def _tanh_step(x, h, p, projected):
    hh = F.linear(h, p[1], p[3])
    return (hh + (x if projected else F.linear(x, p[0], p[2]))).tanh()


def _relu_step(x, h, p, projected):
    hh = F.linear(h, p[1], p[3])
    return (hh + (x if projected else F.linear(x, p[0], p[2]))).relu()


def _lstm_step(x, state, p, projected):
    h, c = state
    gates = F.linear(h, p[1], p[3])
    gates = gates + (x if projected else F.linear(x, p[0], p[2]))
    in_gate, forget_gate, cell_gate, out_gate = gates.unsafe_chunk(4, 1)
    in_gate, forget_gate = in_gate.sigmoid(), forget_gate.sigmoid()
    cell_gate, out_gate = cell_gate.tanh(), out_gate.sigmoid()
    c = forget_gate * c + in_gate * cell_gate
    h = out_gate * c.tanh()
    if p[4] is not None:
        h = h.matmul(p[4].t())
    return h, c


def _gru_step(x, h, p, projected):
    # the input's gates come first here (the others project the state first)
    x_gates = x if projected else F.linear(x, p[0], p[2])
    x_reset, x_update, x_new = x_gates.unsafe_chunk(3, 1)
    h_reset, h_update, h_new = F.linear(h, p[1], p[3]).unsafe_chunk(3, 1)
    reset = (h_reset + x_reset).sigmoid()
    update = (h_update + x_update).sigmoid()
    new = (x_new + h_new * reset).tanh()
    return (h - new) * update + new


_STEPS = {"RNN_TANH": _tanh_step, "RNN_RELU": _relu_step, "LSTM": _lstm_step, "GRU": _gru_step}
_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


def _run_direction(step, layer_input, state, p, reverse):
    """One layer in one direction over the sequence: (outputs, last state)."""
    from .. import stack

    projected = F.linear(layer_input, p[0], p[2]).unbind(0)
    if not projected:
        raise RuntimeError("Expected sequence length to be larger than 0 in RNN")
    outputs = [None] * len(projected)
    order = range(len(projected) - 1, -1, -1) if reverse else range(len(projected))
    for t in order:
        state = step(projected[t], state, p, True)
        outputs[t] = state[0] if isinstance(state, tuple) else state
    return stack(outputs, 0), state


def _narrow_state(state, start, length):
    if isinstance(state, tuple):
        return tuple(s.narrow(0, start, length) for s in state)
    return state.narrow(0, start, length)


def _cat_states(states):
    from .. import cat

    if isinstance(states[0], tuple):
        return tuple(cat(list(parts), 0) for parts in zip(*states))
    return cat(states, 0)


def _run_packed(step, data, batch_sizes, state, p, reverse):
    """One layer in one direction over packed steps: at each step the batch
    is the first `batch_sizes[t]` sequences, so the state is cut down as
    sequences end (their last states kept), or grown back going in reverse."""
    from .. import cat

    projected = F.linear(data, p[0], p[2])
    outputs = []
    if not reverse:
        finals, offset, last = [], 0, batch_sizes[0]
        for size in batch_sizes:
            if size < last:
                finals.append(_narrow_state(state, size, last - size))
                state = _narrow_state(state, 0, size)
            last = size
            state = step(projected.narrow(0, offset, size), state, p, True)
            offset += size
            outputs.append(state[0] if isinstance(state, tuple) else state)
        finals.append(state)
        return cat(outputs, 0), _cat_states(finals[::-1])
    initial, offset, last = state, data.size(0), batch_sizes[-1]
    state = _narrow_state(initial, 0, last)
    for size in reversed(batch_sizes):
        if size > last:
            state = _cat_states([state, _narrow_state(initial, last, size - last)])
        offset -= size
        last = size
        state = step(projected.narrow(0, offset, size), state, p, True)
        outputs.append(state[0] if isinstance(state, tuple) else state)
    return cat(outputs[::-1], 0), state


def _fused_lstm(mode, input, proj_size):
    """Whether torch runs this LSTM through oneDNN (float32, no projections):
    then each layer and direction is one node, MkldnnRnnLayerBackward0."""
    from .. import float32

    return mode == "LSTM" and proj_size == 0 and input.dtype == float32 and input.numel() != 0


class _LstmLayerBackward:
    """The backward of one float32 LSTM layer in one direction (torch's
    MkldnnRnnLayerBackward0): back-propagation through time from the gate
    activations the forward kept, one matrix product per step for the state
    and one product over the whole sequence for each weight. Under
    ``create_graph`` it runs the steps again and differentiates them, so
    the gradients are differentiable again."""

    NAME = "MkldnnRnnLayerBackward0"

    def __init__(self, inputs, reverse, activations, layer):
        from .._fused import _Recompute

        self.recompute = _Recompute(self.NAME, layer, inputs, None)
        self.reverse, self.activations = reverse, activations

    def backward(self, grads, needs):
        from .. import cat, is_grad_enabled, stack, zeros_like

        if is_grad_enabled():
            return self.recompute.backward(grads, needs)
        x, w_ih, w_hh, _, _, h0, c0 = self.recompute.saved.unpack()
        gates, cells, hiddens = self.activations
        steps = len(gates)
        # outputs no gradient reached may be left off the end
        grad_out, grad_h, grad_c = (list(grads) + [None] * 3)[:3]
        dh = zeros_like(h0) if grad_h is None else grad_h
        dc = zeros_like(c0) if grad_c is None else grad_c
        order = range(steps) if self.reverse else range(steps - 1, -1, -1)
        d_gates = [None] * steps
        for t in order:
            if grad_out is not None:
                dh = dh + grad_out[t]
            i, f, g, o = gates[t]
            tanh_c = cells[t][1]
            dc = dc + dh * o * (1 - tanh_c * tanh_c)
            d_o = dh * tanh_c
            d_i, d_g, d_f = dc * g, dc * i, dc * cells[t][0]
            dc = dc * f
            step = cat([d_i * i * (1 - i), d_f * f * (1 - f), d_g * (1 - g * g),
                        d_o * o * (1 - o)], 1)
            d_gates[t] = step
            dh = step.matmul(w_hh)
        flat = stack(d_gates, 0).reshape(-1, w_ih.size(0))
        previous = stack(hiddens, 0).reshape(-1, w_hh.size(1))
        result = [None] * 7
        if needs[0]:
            result[0] = flat.matmul(w_ih).reshape(list(x.shape))
        if needs[1]:
            result[1] = flat.t().matmul(x.reshape(-1, x.size(-1)))
        if needs[2]:
            result[2] = flat.t().matmul(previous)
        if needs[3] or needs[4]:
            bias = flat.sum(0)
            result[3] = bias if needs[3] else None
            result[4] = bias if needs[4] else None
        result[5] = dh if needs[5] else None
        result[6] = dc if needs[6] else None
        return result

    def release(self):
        self.recompute.release()
        self.activations = None


def _run_fused_lstm(layer_input, state, p, reverse):
    """One LSTM layer and direction as torch's oneDNN path records it: the
    steps computed outside the graph, keeping what the backward needs, and
    one node."""
    from .. import _core, is_grad_enabled, no_grad, stack, zeros

    gates_size = p[0].size(0)
    biases = [b if b is not None else zeros(gates_size, dtype=layer_input.dtype) for b in p[2:4]]
    inputs = [layer_input, p[0], p[1], *biases, *state]
    recording = is_grad_enabled() and any(t.requires_grad for t in inputs)
    with no_grad():
        projected = F.linear(layer_input, p[0], p[2]).unbind(0)
        if not projected:
            raise RuntimeError("Expected sequence length to be larger than 0 in RNN")
        h, c = state
        steps = len(projected)
        outputs, gates, cells, hiddens = ([None] * steps for _ in range(4))
        for t in range(steps - 1, -1, -1) if reverse else range(steps):
            hiddens[t] = h
            all_gates = F.linear(h, p[1], p[3]) + projected[t]
            previous_c = c
            # the gates' activations and the new states in one pass
            activated, c, tanh_c, h = _core._lstm_pointwise(all_gates, c)
            outputs[t] = h
            if recording:
                gates[t], cells[t] = activated.unsafe_chunk(4, 1), (previous_c, tanh_c)
        out = stack(outputs, 0)
    if recording:

        def layer(x, w_ih, w_hh, b_ih, b_hh, h0, c0):
            params = (w_ih, w_hh, b_ih, b_hh, None)
            seq, (last_h, last_c) = _run_direction(_lstm_step, x, (h0, c0), params, reverse)
            return seq, last_h, last_c

        node = _LstmLayerBackward(inputs, reverse, (gates, cells, hiddens), layer)
        _core._record_function(node.NAME, inputs, [out, h, c], node)
    return out, (h, c)


def _check_size(tensor, expected, message):
    if tuple(tensor.shape) != expected:
        raise RuntimeError(message.format(expected, list(tensor.shape)))


class RNNBase(Module):
    """What RNN, LSTM and GRU share: parameters per layer and direction, the
    argument checks, and the run over layers."""

    def __init__(
        self,
        mode,
        input_size,
        hidden_size,
        num_layers=1,
        bias=True,
        batch_first=False,
        dropout=0.0,
        bidirectional=False,
        proj_size=0,
        device=None,
        dtype=None,
    ):
        super().__init__()
        if (
            not isinstance(dropout, numbers.Number)
            or isinstance(dropout, bool)
            or not 0 <= dropout <= 1
        ):
            raise ValueError(
                "dropout should be a number in range [0, 1] representing the probability of "
                "an element being zeroed"
            )
        if dropout > 0 and num_layers == 1:
            warnings.warn(
                "dropout option adds dropout after all but last recurrent layer, so non-zero "
                f"dropout expects num_layers greater than 1, but got dropout={dropout} and "
                f"num_layers={num_layers}",
                stacklevel=2,
            )
        for name, value in (("input_size", input_size), ("hidden_size", hidden_size)):
            if not isinstance(value, int) or isinstance(value, bool):
                raise TypeError(f"{name} should be of type int, got: {type(value).__name__}")
        if hidden_size <= 0:
            raise ValueError("hidden_size must be greater than zero")
        if num_layers <= 0:
            raise ValueError("num_layers must be greater than zero")
        if proj_size < 0:
            raise ValueError(
                "proj_size should be a positive integer or zero to disable projections"
            )
        if proj_size >= hidden_size:
            raise ValueError("proj_size has to be smaller than hidden_size")
        self.mode = mode
        self.input_size, self.hidden_size = input_size, hidden_size
        self.num_layers, self.bias, self.batch_first = num_layers, bias, batch_first
        self.dropout, self.bidirectional = float(dropout), bidirectional
        self.proj_size = proj_size
        self._flat_weights_names, self._all_weights = [], []
        from .. import empty

        gate_size = _GATES[mode] * hidden_size
        real_hidden = proj_size if proj_size > 0 else hidden_size
        directions = 2 if bidirectional else 1
        for layer in range(num_layers):
            for direction in range(directions):
                layer_input = input_size if layer == 0 else real_hidden * directions
                shapes = [
                    ("weight_ih", (gate_size, layer_input)),
                    ("weight_hh", (gate_size, real_hidden)),
                ]
                if bias:
                    shapes += [("bias_ih", (gate_size,)), ("bias_hh", (gate_size,))]
                if proj_size > 0:
                    shapes.append(("weight_hr", (proj_size, hidden_size)))
                suffix = "_reverse" if direction == 1 else ""
                names = []
                for stem, shape in shapes:
                    name = f"{stem}_l{layer}{suffix}"
                    setattr(self, name, Parameter(empty(shape, dtype=dtype)))
                    names.append(name)
                self._flat_weights_names.extend(names)
                self._all_weights.append(names)
        self.reset_parameters()

    def reset_parameters(self):
        bound = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0.0
        for weight in self.parameters():
            init.uniform_(weight, -bound, bound)

    def flatten_parameters(self):
        """Nothing to do: the weights are always used where they are."""

    @property
    def _flat_weights(self):
        return [getattr(self, name) for name in self._flat_weights_names]

    @property
    def all_weights(self):
        return [[getattr(self, name) for name in names] for names in self._all_weights]

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if self.proj_size != 0:
            s += f", proj_size={self.proj_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if self.batch_first is not False:
            s += f", batch_first={self.batch_first}"
        if self.dropout != 0:
            s += f", dropout={self.dropout}"
        if self.bidirectional is not False:
            s += f", bidirectional={self.bidirectional}"
        return s

    def _layer_params(self, index):
        named = dict(zip(self._all_weights[index], self.all_weights[index]))
        stem = self._all_weights[index][0][len("weight_ih") :]
        stems = ("weight_ih", "weight_hh", "bias_ih", "bias_hh", "weight_hr")
        return tuple(named.get(name + stem) for name in stems)

    def _check_input(self, input, dims=3):
        weight_dtype = self.weight_ih_l0.dtype
        if input.dtype != weight_dtype:
            raise ValueError(
                f"RNN input dtype ({input.dtype}) does not match weight dtype ({weight_dtype}). "
                f"Convert input: input.to({weight_dtype}), or convert model: "
                f"model.to({input.dtype})"
            )
        if input.dim() != dims:
            raise RuntimeError(f"input must have {dims} dimensions, got {input.dim()}")
        if input.size(-1) != self.input_size:
            raise RuntimeError(
                f"input.size(-1) must be equal to input_size. Expected {self.input_size}, "
                f"got {input.size(-1)}"
            )

    def _expected_hidden(self, input, size):
        directions = 2 if self.bidirectional else 1
        batch = input.size(0) if self.batch_first else input.size(1)
        return (self.num_layers * directions, batch, size)

    def _run(self, input, states, batch_sizes=None):
        """Every layer and direction over the input (packed steps' data when
        `batch_sizes` is given); `states(i)` gives layer and direction i's
        initial state. Returns the output and final states."""
        from .. import cat

        step = _STEPS[self.mode]
        directions = 2 if self.bidirectional else 1
        packed = batch_sizes is not None
        fused = not packed and _fused_lstm(self.mode, input, self.proj_size)
        if self.batch_first and not packed:
            input = input.transpose(0, 1)
        layer_input, finals = input, []
        for layer in range(self.num_layers):
            outputs = []
            for direction in range(directions):
                index = layer * directions + direction
                if packed:
                    run = partial(_run_packed, step, batch_sizes=batch_sizes)
                else:
                    run = _run_fused_lstm if fused else partial(_run_direction, step)
                out, final = run(
                    layer_input, state=states(index), p=self._layer_params(index),
                    reverse=direction == 1,
                )
                outputs.append(out)
                finals.append(final)
            layer_input = outputs[0] if directions == 1 else cat(outputs, -1)
            if self.dropout != 0 and self.training and layer < self.num_layers - 1:
                layer_input = F.dropout(layer_input, self.dropout, True)
        output = layer_input
        if self.batch_first and not packed:
            # torch's RNN and GRU turn their fresh output back in place
            # (TransposeBackward1); its LSTM makes a view (TransposeBackward0)
            output = output.transpose(0, 1) if self.mode == "LSTM" else output.transpose_(0, 1)
        return output, finals

    def _forward_packed(self, sequence, hx):
        """A PackedSequence in, a PackedSequence out; the states are in the
        caller's batch order (sorted for the run, then put back)."""
        from .. import stack, zeros
        from .utils.rnn import PackedSequence

        data, batch_sizes, sorted_indices, unsorted_indices = sequence
        sizes = batch_sizes.tolist()
        lstm = self.mode == "LSTM"
        real_hidden = self.proj_size if self.proj_size > 0 else self.hidden_size
        layers = self.num_layers * (2 if self.bidirectional else 1)
        expected_h = (layers, sizes[0], real_hidden)
        expected_c = (layers, sizes[0], self.hidden_size)
        if hx is None:
            h = zeros(*expected_h, dtype=data.dtype)
            hx = (h, zeros(*expected_c, dtype=data.dtype)) if lstm else h
        elif sorted_indices is not None:
            if lstm:
                hx = tuple(t.index_select(1, sorted_indices) for t in hx)
            else:
                hx = hx.index_select(1, sorted_indices)
        self._check_input(data, dims=2)
        if lstm:
            _check_size(hx[0], expected_h, "Expected hidden[0] size {}, got {}")
            _check_size(hx[1], expected_c, "Expected hidden[1] size {}, got {}")
            states = list(zip(hx[0].unbind(0), hx[1].unbind(0))).__getitem__
        else:
            _check_size(hx, expected_h, "Expected hidden size {}, got {}")
            states = hx.unbind(0).__getitem__
        out, finals = self._run(data, states, sizes)
        output = PackedSequence(out, batch_sizes, sorted_indices, unsorted_indices)
        if lstm:
            hidden = (stack([f[0] for f in finals], 0), stack([f[1] for f in finals], 0))
        else:
            hidden = stack(finals, 0)
        if unsorted_indices is not None:
            if lstm:
                hidden = tuple(t.index_select(1, unsorted_indices) for t in hidden)
            else:
                hidden = hidden.index_select(1, unsorted_indices)
        return output, hidden

    def _forward_single_state(self, input, hx):
        """RNN and GRU: one state tensor per layer and direction."""
        from .. import stack, zeros
        from .utils.rnn import PackedSequence

        if isinstance(input, PackedSequence):
            return self._forward_packed(input, hx)

        dims = input.dim()
        if dims not in (2, 3):
            what = "tensor " if self.mode.startswith("RNN") else ""
            name = "RNN" if self.mode.startswith("RNN") else self.mode
            raise ValueError(f"{name}: Expected input to be 2D or 3D, got {dims}D {what}instead")
        batched = dims == 3
        batch_dim = 0 if self.batch_first else 1
        if not batched:
            input = input.unsqueeze(batch_dim)
            if hx is not None:
                if hx.dim() != 2:
                    raise RuntimeError(
                        "For unbatched 2-D input, hx should also be 2-D but got "
                        f"{hx.dim()}-D tensor"
                    )
                hx = hx.unsqueeze(1)
        elif hx is not None and hx.dim() != 3:
            raise RuntimeError(
                f"For batched 3-D input, hx should also be 3-D but got {hx.dim()}-D tensor"
            )
        expected = self._expected_hidden(input, self.hidden_size)
        if hx is None:
            hx = zeros(*expected, dtype=input.dtype)
        self._check_input(input)
        _check_size(hx, expected, "Expected hidden size {}, got {}")
        output, finals = self._run(input, hx.unbind(0).__getitem__)
        hidden = stack(finals, 0)
        if not batched:
            output, hidden = output.squeeze(batch_dim), hidden.squeeze(1)
        return output, hidden


class RNN(RNNBase):
    """Elman RNN: ``h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)`` (or relu)."""

    def __init__(self, *args, **kwargs):
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        if len(args) > 3:
            nonlinearity = args[3]
            args = args[:3] + args[4:]
        else:
            nonlinearity = kwargs.pop("nonlinearity", "tanh")
        if nonlinearity == "tanh":
            mode = "RNN_TANH"
        elif nonlinearity == "relu":
            mode = "RNN_RELU"
        else:
            raise ValueError(
                f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'."
            )
        super().__init__(mode, *args, **kwargs)
        self.nonlinearity = nonlinearity

    def forward(self, input, hx=None):
        return self._forward_single_state(input, hx)


class GRU(RNNBase):
    """Gated recurrent unit layers (reset, update and new gates)."""

    def __init__(self, *args, **kwargs):
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        super().__init__("GRU", *args, **kwargs)

    def forward(self, input, hx=None):
        return self._forward_single_state(input, hx)


class LSTM(RNNBase):
    """Long short-term memory layers; ``proj_size`` projects each hidden state."""

    def __init__(self, *args, **kwargs):
        super().__init__("LSTM", *args, **kwargs)

    def forward(self, input, hx=None):
        from .. import stack, zeros
        from .utils.rnn import PackedSequence

        if isinstance(input, PackedSequence):
            return self._forward_packed(input, hx)
        dims = input.dim()
        if dims not in (2, 3):
            raise ValueError(f"LSTM: Expected input to be 2D or 3D, got {dims}D instead")
        batched = dims == 3
        batch_dim = 0 if self.batch_first else 1
        if not batched:
            input = input.unsqueeze(batch_dim)
        real_hidden = self.proj_size if self.proj_size > 0 else self.hidden_size
        expected_h = self._expected_hidden(input, real_hidden)
        expected_c = self._expected_hidden(input, self.hidden_size)
        if hx is None:
            hx = (zeros(*expected_h, dtype=input.dtype), zeros(*expected_c, dtype=input.dtype))
        elif batched:
            if hx[0].dim() != 3 or hx[1].dim() != 3:
                raise RuntimeError(
                    "For batched 3-D input, hx and cx should also be 3-D but got "
                    f"({hx[0].dim()}-D, {hx[1].dim()}-D) tensors"
                )
        else:
            if hx[0].dim() != 2 or hx[1].dim() != 2:
                raise RuntimeError(
                    "For unbatched 2-D input, hx and cx should also be 2-D but got "
                    f"({hx[0].dim()}-D, {hx[1].dim()}-D) tensors"
                )
            hx = (hx[0].unsqueeze(1), hx[1].unsqueeze(1))
        self._check_input(input)
        _check_size(hx[0], expected_h, "Expected hidden[0] size {}, got {}")
        _check_size(hx[1], expected_c, "Expected hidden[1] size {}, got {}")
        if _fused_lstm(self.mode, input, self.proj_size):
            # the oneDNN path takes each layer's state by indexing
            def states(i):
                return hx[0][i], hx[1][i]

        else:
            states = list(zip(hx[0].unbind(0), hx[1].unbind(0))).__getitem__
        output, finals = self._run(input, states)
        h = stack([f[0] for f in finals], 0)
        c = stack([f[1] for f in finals], 0)
        if not batched:
            output, h, c = output.squeeze(batch_dim), h.squeeze(1), c.squeeze(1)
        return output, (h, c)


# ---- cells: one step, the state kept by the caller --------------------------


class RNNCellBase(Module):
    def __init__(self, input_size, hidden_size, bias, num_chunks, device=None, dtype=None):
        super().__init__()
        from .. import empty

        self.input_size, self.hidden_size, self.bias = input_size, hidden_size, bias
        self.weight_ih = Parameter(empty((num_chunks * hidden_size, input_size), dtype=dtype))
        self.weight_hh = Parameter(empty((num_chunks * hidden_size, hidden_size), dtype=dtype))
        if bias:
            self.bias_ih = Parameter(empty(num_chunks * hidden_size, dtype=dtype))
            self.bias_hh = Parameter(empty(num_chunks * hidden_size, dtype=dtype))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    def reset_parameters(self):
        bound = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0.0
        for weight in self.parameters():
            init.uniform_(weight, -bound, bound)

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        nonlinearity = getattr(self, "nonlinearity", "tanh")
        if nonlinearity != "tanh":
            s += f", nonlinearity={nonlinearity}"
        return s

    def _params(self):
        return (self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh, None)

    def _prepare(self, input, states):
        """Checks dims, adds the batch dimension; (input, states, batched)."""
        from .. import zeros

        batched = input.dim() == 2
        if not batched:
            input = input.unsqueeze(0)
        if states is None:
            states = [zeros(input.size(0), self.hidden_size, dtype=input.dtype)] * self._n_states
        elif not batched:
            states = [s.unsqueeze(0) for s in states]
        if input.size(1) != self.input_size:
            raise RuntimeError(
                f"input has inconsistent input_size: got {input.size(1)} expected "
                f"{self.input_size}"
            )
        for i, s in enumerate(states):
            if s.size(0) != input.size(0):
                raise RuntimeError(
                    f"Input batch size {input.size(0)} doesn't match hidden{i} batch size "
                    f"{s.size(0)}"
                )
            if s.size(1) != self.hidden_size:
                raise RuntimeError(
                    f"hidden{i} has inconsistent hidden_size: got {s.size(1)}, expected "
                    f"{self.hidden_size}"
                )
        return input, states, batched

    def _check_dims(self, input, states, label):
        """torch's checks, in its order: the input's dims, then the states'."""
        name = type(self).__name__
        if input.dim() not in (1, 2):
            raise ValueError(f"{name}: Expected input to be 1D or 2D, got {input.dim()}D instead")
        for i, s in enumerate(states):
            if s.dim() not in (1, 2):
                what = label if label == "hidden" else f"{label}[{i}]"
                raise ValueError(f"{name}: Expected {what} to be 1D or 2D, got {s.dim()}D instead")


class RNNCell(RNNCellBase):
    _n_states = 1

    def __init__(
        self, input_size, hidden_size, bias=True, nonlinearity="tanh", device=None, dtype=None
    ):
        super().__init__(input_size, hidden_size, bias, 1, device, dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input, hx=None):
        self._check_dims(input, [] if hx is None else [hx], "hidden")
        input, (h,), batched = self._prepare(input, None if hx is None else [hx])
        if self.nonlinearity == "tanh":
            out = _tanh_step(input, h, self._params(), False)
        elif self.nonlinearity == "relu":
            out = _relu_step(input, h, self._params(), False)
        else:
            raise RuntimeError(f"Unknown nonlinearity: {self.nonlinearity}")
        return out if batched else out.squeeze(0)


class GRUCell(RNNCellBase):
    _n_states = 1

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 3, device, dtype)

    def forward(self, input, hx=None):
        self._check_dims(input, [] if hx is None else [hx], "hidden")
        input, (h,), batched = self._prepare(input, None if hx is None else [hx])
        out = _gru_step(input, h, self._params(), False)
        return out if batched else out.squeeze(0)


class LSTMCell(RNNCellBase):
    _n_states = 2

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 4, device, dtype)

    def forward(self, input, hx=None):
        self._check_dims(input, [] if hx is None else hx, "hx")
        if hx is not None:
            if not isinstance(hx, (tuple, list)):
                raise TypeError(
                    "lstm_cell(): argument 'hx' (position 2) must be tuple of Tensors, not "
                    f"{type(hx).__name__}"
                )
            if len(hx) != 2:
                raise RuntimeError("lstm_cell expects two hidden states")
        input, states, batched = self._prepare(input, None if hx is None else list(hx))
        h, c = _lstm_step(input, tuple(states), self._params(), False)
        return (h, c) if batched else (h.squeeze(0), c.squeeze(0))
