"""``torch.Generator`` and ``torch.utils.data``, recorded from torch: seeded
generators give torch's numbers on every random function (both sides of the
16-element vectorised paths, float32 and float64) without touching the default
generator; DataLoader batches come in torch's order, and an epoch draws from
the default generator exactly as torch's does (checked by what it draws next)."""

_D = "D = torch.utils.data; "
_DS = _D + "ds = D.TensorDataset(torch.arange(10), torch.arange(10).double() * 0.5); "
_G = "g = torch.Generator().manual_seed(7); "
_AFTER = "; after = torch.rand(2)"


def _epochs(loader, epochs=1, index=0):
    """The batches (column ``index``) of ``epochs`` passes, then the default generator's
    next draws."""
    pick = "b" if index is None else f"b[{index}]"
    return (
        f"loader = {loader}; "
        f"seen = [[{pick} for b in loader] for _ in range({epochs})]{_AFTER}; "
        "result = (seen, after, len(loader))"
    )


CASES = {
    # ---- Generator -------------------------------------------------------
    "data_generator_fresh": "g = torch.Generator(); "
    "result = (g.initial_seed(), g.device, torch.rand(3, generator=g))",
    "data_generator_seed_chain": "g = torch.Generator(); "
    "result = (g.manual_seed(5) is g, g.initial_seed(), torch.rand(2, generator=g))",
    "data_generator_negative_seed": "g = torch.Generator().manual_seed(-1); "
    "result = (g.initial_seed(), torch.randn(3, generator=g))",
    "data_generator_large_seed": "g = torch.Generator().manual_seed(2**64 - 5); "
    "result = (g.initial_seed(), torch.rand(2, generator=g))",
    "data_generator_seed_overflow": "torch.Generator().manual_seed(2**64)",
    "data_generator_seed_float": "torch.Generator().manual_seed(1.5)",
    "data_generator_state_roundtrip": _G + "torch.randn(3, generator=g); s = g.get_state(); "
    "a = torch.randn(5, generator=g); g.set_state(s); "
    "result = (s.dtype, list(s.shape), a, torch.randn(5, generator=g), s[:24])",
    "data_generator_state_carries_normal": _G + "torch.randn(1, generator=g); "
    "s = g.get_state(); h = torch.Generator().set_state(s); "
    "result = (torch.randn(1, generator=g), torch.randn(1, generator=h))",
    "data_generator_independent": "torch.manual_seed(3); g = torch.Generator().manual_seed(3); "
    "a = torch.rand(4, generator=g); b = torch.rand(4); c = torch.rand(4, generator=g); "
    "result = (a, b, c)",
    "data_generator_leaves_default": "torch.manual_seed(11); g = torch.Generator(); "
    "torch.randn(50, generator=g); result = torch.rand(3)",
    "data_default_generator_is_global": "torch.default_generator.manual_seed(4); "
    "a = torch.rand(2); torch.manual_seed(4); "
    "result = (a, torch.rand(2), torch.initial_seed(), torch.default_generator.initial_seed())",
    "data_manual_seed_returns_default": "result = torch.manual_seed(9).initial_seed()",
    "data_rng_state_roundtrip": "torch.manual_seed(2); s = torch.get_rng_state(); "
    "a = torch.rand(3); torch.set_rng_state(s); result = (a, torch.rand(3))",
    "data_generator_state_wrong_size": "torch.Generator().set_state("
    "torch.zeros(10, dtype=torch.uint8))",
    "data_generator_state_wrong_dtype": "torch.Generator().set_state(torch.zeros(5056))",
    "data_generator_state_not_tensor": "torch.Generator().set_state([1, 2])",
    "data_generator_state_invalid": "s = torch.Generator().get_state(); s[8:12] = 0; "
    "torch.Generator().set_state(s)",
    "data_generator_meta": "torch.Generator(device='meta')",
    "data_generator_mps": "torch.Generator(device='mps')",
    "data_generator_bad_device": "torch.Generator(device='bogus')",
    "data_generator_cpu_device": "result = torch.Generator(device=torch.device('cpu')).device",
    # ---- RandomSampler / split / collate / errors --------------------------
    "data_random_sampler_default": "torch.manual_seed(1); "
    "s = torch.utils.data.RandomSampler(range(9)); "
    "result = (list(s), list(s), torch.rand(2))",
    "data_random_sampler_replacement": "torch.manual_seed(1); "
    "s = torch.utils.data.RandomSampler(range(7), replacement=True, num_samples=40); "
    "result = (list(s), len(s), torch.rand(2))",
    "data_random_sampler_num_samples": _G + "s = torch.utils.data.RandomSampler(range(4), "
    "num_samples=10, generator=g); result = (list(s), len(s))",
    "data_random_sampler_bad_num_samples": "torch.utils.data.RandomSampler(range(4), "
    "num_samples=0)",
    "data_random_sampler_bad_replacement": "torch.utils.data.RandomSampler(range(4), "
    "replacement=1)",
    "data_subset_random_sampler": "torch.manual_seed(6); "
    "s = torch.utils.data.SubsetRandomSampler([10, 20, 30, 40, 50]); "
    "result = (list(s), len(s), torch.rand(1))",
    "data_batch_sampler": "B = torch.utils.data.BatchSampler; S = torch.utils.data."
    "SequentialSampler(range(7)); "
    "result = (list(B(S, 3, False)), list(B(S, 3, True)), len(B(S, 3, False)), "
    "len(B(S, 3, True)))",
    "data_batch_sampler_zero": "torch.utils.data.BatchSampler(range(4), 0, False)",
    "data_batch_sampler_bad_drop_last": "torch.utils.data.BatchSampler(range(4), 2, 1)",
    "data_random_split_ints": "torch.manual_seed(0); "
    "parts = torch.utils.data.random_split(range(10), [3, 3, 4]); "
    "result = ([list(p) for p in parts], torch.rand(1))",
    "data_random_split_fractions": _G + "parts = torch.utils.data.random_split("
    "range(11), [0.3, 0.3, 0.4], generator=g); "
    "result = [list(p) for p in parts]",
    "data_random_split_bad_sum": "torch.utils.data.random_split(range(10), [3, 3])",
    "data_random_split_bad_fraction": "torch.utils.data.random_split(range(10), [1.5, -0.5])",
    "data_subset": _DS + "s = D.Subset(ds, [4, 1, 7]); "
    "result = (len(s), s[0], s[2], [x[0] for x in s])",
    "data_tensor_dataset": _DS + "result = (len(ds), ds[3], ds[-1])",
    "data_tensor_dataset_mismatch": "torch.utils.data.TensorDataset("
    "torch.zeros(3), torch.zeros(4))",
    "data_concat_dataset": _DS + "c = ds + D.Subset(ds, [0, 1]); "
    "result = (len(c), c[10], c[-1])",
    "data_dataset_abstract": "torch.utils.data.Dataset()[0]",
    "data_collate_tuples": "result = torch.utils.data.default_collate("
    "[(1, 2.5, True, 'a'), (3, 4.5, False, 'b')])",
    "data_collate_dicts": "result = torch.utils.data.default_collate("
    "[{'x': torch.ones(2), 'y': [1, 2]}, {'x': torch.zeros(2), 'y': [3, 4]}])",
    "data_collate_numpy": "import numpy as np; result = torch.utils.data.default_collate("
    "[(np.array([1.0, 2.0]), np.float32(1.5), np.int64(3)), "
    "(np.array([3.0, 4.0]), np.float32(2.5), np.int64(4))])",
    "data_collate_nested_lists": "result = torch.utils.data.default_collate("
    "[[torch.tensor([1, 2]), [0.5]], [torch.tensor([3, 4]), [1.5]]])",
    "data_collate_uneven": "torch.utils.data.default_collate([[1, 2], [3]])",
    "data_collate_unknown": "torch.utils.data.default_collate([object(), object()])",
    "data_collate_numpy_strings": "import numpy as np; "
    "torch.utils.data.default_collate([np.array(['a']), np.array(['b'])])",
    "data_collate_tensor_sizes": "torch.utils.data.default_collate("
    "[torch.zeros(2), torch.zeros(3)])",
    "data_default_convert": "import numpy as np; result = torch.utils.data.default_convert("
    "(np.array([1, 2]), 3, [np.float64(0.5)]))",
    # ---- DataLoader --------------------------------------------------------
    "data_loader_sequential": "torch.manual_seed(0); " + _DS + _epochs("D.DataLoader(ds, batch_size=4)", index=None),
    "data_loader_shuffle": "torch.manual_seed(0); " + _DS
    + _epochs("D.DataLoader(ds, batch_size=3, shuffle=True)"),
    "data_loader_shuffle_two_epochs": "torch.manual_seed(5); " + _DS
    + _epochs("D.DataLoader(ds, batch_size=4, shuffle=True)", epochs=2),
    "data_loader_shuffle_drop_last": "torch.manual_seed(2); " + _DS
    + _epochs("D.DataLoader(ds, batch_size=4, shuffle=True, drop_last=True)", epochs=2),
    "data_loader_no_shuffle_draws": "torch.manual_seed(2); " + _DS
    + _epochs("D.DataLoader(ds, batch_size=3, drop_last=True)"),
    "data_loader_generator": "torch.manual_seed(2); " + _G + _DS
    + _epochs("D.DataLoader(ds, batch_size=4, shuffle=True, generator=g)", epochs=2)
    + " + (torch.rand(1, generator=g),)",
    "data_loader_batch_size_one": "torch.manual_seed(8); " + _DS
    + _epochs("D.DataLoader(ds, shuffle=True)", index=None),
    "data_loader_no_batching": "torch.manual_seed(0); " + _DS + _epochs("D.DataLoader(ds, batch_size=None)", index=None),
    "data_loader_replacement_sampler": "torch.manual_seed(4); " + _DS
    + _epochs("D.DataLoader(ds, batch_size=4, sampler=D.RandomSampler(ds, replacement=True, "
              "num_samples=9))"),
    "data_loader_batch_sampler": "torch.manual_seed(4); " + _DS
    + _epochs("D.DataLoader(ds, batch_sampler=D.BatchSampler(D.RandomSampler(ds), 4, False))"),
    "data_loader_collate_fn": "torch.manual_seed(0); " + _DS + _epochs(
        "D.DataLoader(ds, batch_size=4, collate_fn=lambda b: [int(x[0]) for x in b])", index=None
    ),
    "data_loader_list_dataset": "torch.manual_seed(3); " + _D + _epochs(
        "D.DataLoader([{'a': i, 'b': float(i) / 4} for i in range(7)], batch_size=3, "
        "shuffle=True)", index=None),
    "data_loader_iterable": "D = torch.utils.data\nclass It(D.IterableDataset):\n"
    "    def __iter__(self):\n        return iter(range(7))\n"
    "torch.manual_seed(1)\n"
    "result = ([b for b in D.DataLoader(It(), batch_size=3)], "
    "[b for b in D.DataLoader(It(), batch_size=3, drop_last=True)], torch.rand(1))",
    "data_loader_iterable_shuffle": "D = torch.utils.data\nclass It(D.IterableDataset):\n"
    "    def __iter__(self):\n        return iter(range(7))\n"
    "D.DataLoader(It(), shuffle=True)",
    "data_loader_workers_in_process": "torch.manual_seed(0); " + _DS
    + _epochs("D.DataLoader(ds, batch_size=3, shuffle=True, num_workers=0)"),
    "data_loader_batch_size_zero": _DS + "D.DataLoader(ds, batch_size=0)",
    "data_loader_shuffle_with_sampler": _DS
    + "D.DataLoader(ds, shuffle=True, sampler=D.SequentialSampler(ds))",
    "data_loader_batch_sampler_exclusive": _DS
    + "D.DataLoader(ds, batch_size=2, batch_sampler=[[0, 1]])",
    "data_loader_none_batch_drop_last": _DS + "D.DataLoader(ds, batch_size=None, drop_last=True)",
    "data_loader_negative_workers": _DS + "D.DataLoader(ds, num_workers=-1)",
    "data_loader_persistent_no_workers": _DS + "D.DataLoader(ds, persistent_workers=True)",
    "data_loader_frozen_attribute": _DS + "loader = D.DataLoader(ds); loader.batch_size = 3",
    "data_import_from": "import importlib; "
    "m = importlib.import_module(torch.__name__ + '.utils.data'); "
    "result = (m.DataLoader is torch.utils.data.DataLoader, "
    "m.TensorDataset is torch.utils.data.dataset.TensorDataset)",
}

# ---- generator= on each random function, both sides of 16 elements --------
_CALLS = {
    "rand": "torch.rand({n}, dtype={dt}, generator=g)",
    "randn": "torch.randn({n}, dtype={dt}, generator=g)",
    "normal": "torch.normal(1.5, 2.0, ({n},), dtype={dt}, generator=g)",
    "normal_tensor": "torch.normal(torch.arange({n}, dtype={dt}), 0.5, generator=g)",
    "uniform_": "torch.empty({n}, dtype={dt}).uniform_(-2, 3, generator=g)",
    "normal_": "torch.empty({n}, dtype={dt}).normal_(1, 3, generator=g)",
    "random_": "torch.empty({n}, dtype={dt}).random_(generator=g)",
    "random_to": "torch.empty({n}, dtype={dt}).random_(1000, generator=g)",
    "random_from_to": "torch.empty({n}, dtype={dt}).random_(-50, 50, generator=g)",
}
for _name, _call in _CALLS.items():
    for _n in (5, 37):
        for _dt in ("float32", "float64"):
            CASES[f"data_gen_{_name}_{_n}_{_dt}"] = (
                "torch.manual_seed(0); " + _G
                + f"a = {_call.format(n=_n, dt='torch.' + _dt)}; "
                + f"b = {_call.format(n=_n, dt='torch.' + _dt)}; result = (a, b, torch.rand(2))"
            )
for _n in (5, 40):
    CASES[f"data_gen_randint_{_n}"] = (
        _G + f"result = (torch.randint(3, 90, ({_n},), generator=g), "
        f"torch.randint(2**40, ({_n},), generator=g))"
    )
    CASES[f"data_gen_randperm_{_n}"] = _G + f"result = torch.randperm({_n}, generator=g)"
for _dt in ("int64", "int32", "uint8", "bool", "float16", "bfloat16"):
    CASES[f"data_random_unbounded_{_dt}"] = (
        f"torch.manual_seed(3); result = torch.empty(6, dtype=torch.{_dt}).random_()"
    )
CASES.update({
    "data_random_int64_to_none": "torch.manual_seed(3); "
    "result = (torch.empty(3, dtype=torch.int64).random_(-5, None), "
    "torch.empty(3, dtype=torch.int64).random_(-2**63, None))",
    "data_random_int64_wide": "torch.manual_seed(3); "
    "result = torch.empty(4, dtype=torch.int64).random_(-2**40, 2**50)",
    "data_random_empty_range": "torch.empty(3).random_(5, 3)",
    "data_random_uint8_out_of_bounds": "torch.empty(3, dtype=torch.uint8).random_(0, 300)",
    "data_random_complex": "torch.empty(3, dtype=torch.complex64).random_()",
    "data_random_leaf": "torch.zeros(3, requires_grad=True).random_()",
})

# in-place fills of non-contiguous tensors: memory order, and the serial normal
for _name, _fill in {"uniform_": "uniform_(-1, 1, generator=g)",
                     "normal_": "normal_(2, 3, generator=g)",
                     "random_": "random_(100, generator=g)"}.items():
    for _dt in ("float32", "float64"):
        CASES[f"data_strided_{_name}_{_dt}"] = (
            _G + f"a = torch.zeros(4, 5, dtype=torch.{_dt}).t().{_fill}; "
            f"b = torch.zeros(4, 10, dtype=torch.{_dt})[:, ::2].{_fill}; "
            f"c = torch.zeros(3, 4, 5, dtype=torch.{_dt}).permute(2, 0, 1)[1:].{_fill}; "
            "result = (a, b, c)"
        )
CASES["data_random_positional_count"] = "torch.empty(3).random_(1, 2, 3)"
CASES["data_random_float_bound"] = "torch.empty(3).random_(0, to=4.5)"
CASES["data_random_bound_overflow"] = "torch.empty(3, dtype=torch.int64).random_(0, 2**70)"
CASES["data_generator_numpy_seed"] = (
    "import numpy as np; torch.Generator().manual_seed(np.int64(3))"
)
CASES["data_generator_state_strided"] = (
    "s = torch.Generator().get_state(); "
    "torch.Generator().set_state(torch.stack([s, s], 1)[:, 0])"
)
