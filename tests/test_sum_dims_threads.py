"""Sums over dims large enough to split across threads give the same bits
as on one thread (each output's additions keep their order)."""

import itertools

import ferrograd as torch


def test_threaded_sums_over_dims_match_one_thread():
    torch.manual_seed(0)
    tensors = [torch.randn(300, 200, 7), torch.randn(400, 300), torch.randn(64, 128, 32).double()]
    results = {}
    before = torch.get_num_threads()
    try:
        for threads in (1, 2):
            torch.set_num_threads(threads)
            results[threads] = [
                t.sum(dims)
                for t in tensors
                for r in range(1, t.dim() + 1)
                for dims in itertools.combinations(range(t.dim()), r)
            ]
    finally:
        torch.set_num_threads(before)
    assert len(results[1]) == 17  # 7 + 3 + 7 dim sets
    for one, two in zip(results[1], results[2]):
        assert one.shape == two.shape and bool((one == two).all())
