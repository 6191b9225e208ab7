"""``torch.random``: the default CPU generator's seeding and state, and
``fork_rng``, which restores that state when its block ends."""

import contextlib

import ferrograd as _fg

from . import (
    Generator,
    default_generator,
    get_rng_state,
    initial_seed,
    manual_seed,
    seed,
    set_rng_state,
)

__all__ = [
    "Generator",
    "default_generator",
    "fork_rng",
    "get_rng_state",
    "initial_seed",
    "manual_seed",
    "seed",
    "set_rng_state",
]


@contextlib.contextmanager
def fork_rng(
    devices=None, enabled=True, _caller="fork_rng", _devices_kw="devices", device_type=None
):
    """Run the block on a fork of the CPU generator: its state is put back on
    exit. ferrograd has only the CPU, so there are no device generators."""
    if not enabled:
        yield
        return
    state = _fg.get_rng_state()
    try:
        yield
    finally:
        _fg.set_rng_state(state)
