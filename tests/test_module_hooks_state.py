"""Modules pickled before backward hooks existed still run."""

import pickle

import ferrograd as torch


def test_module_pickled_without_hook_tables_still_runs():
    old = torch.nn.Linear(2, 3)
    # as a module saved by a version without backward hooks
    del old.__dict__["_backward_hooks"], old.__dict__["_backward_pre_hooks"]
    restored = pickle.loads(pickle.dumps(old))
    x = torch.ones(1, 2, requires_grad=True)
    seen = []
    restored.register_full_backward_hook(lambda m, gi, go: seen.append(len(gi)))
    restored(x).sum().backward()
    assert seen == [1] and x.grad is not None


def test_pickle_round_trip_keeps_hook_tables():
    lin = torch.nn.Linear(2, 3)
    again = pickle.loads(pickle.dumps(lin))
    assert len(again._backward_hooks) == 0 and len(again._forward_hooks) == 0
    assert again(torch.ones(1, 2)).tolist() == lin(torch.ones(1, 2)).tolist()
