"""``torch.optim.lr_scheduler``, recorded from torch: each scheduler's lr
trajectory (from ``get_last_lr()`` and the param groups, compared exactly:
the chainable and closed forms differ in the last bits), its state dict,
resuming from one, the optimizer keys it sets, momentum cycling, torch's
errors, and the warnings a user sees. Every case also records the warnings
its code raised."""

# Two param groups with different lrs; ``run`` steps the optimizer then the
# scheduler (torch's order) and collects the lrs after each step.
_SETUP = """\
import warnings
p1 = torch.zeros(2, requires_grad=True)
p2 = torch.zeros(3, requires_grad=True)
opt = torch.optim.SGD([{'params': [p1]}, {'params': [p2], 'lr': 0.05}], lr=0.1, momentum=0.9)
S = torch.optim.lr_scheduler

def lrs():
    return [g['lr'] for g in opt.param_groups]

def run(s, n, epochs=None):
    out = []
    for i in range(n):
        opt.step()
        if epochs is None:
            s.step()
        else:
            s.step(epochs[i])
        out.append([list(s.get_last_lr()), lrs()])
    return out

def keys(o, names=('lr', 'initial_lr', 'momentum', 'betas', 'max_lr', 'min_lr',
                   'base_momentum', 'max_momentum')):
    return [[[k, g[k]] for k in names if k in g] for g in o.param_groups]

with warnings.catch_warnings(record=True) as seen:
    warnings.simplefilter('always')
"""

_END = "\nresult = [out, [[w.category.__name__, str(w.message)] for w in seen]]\n"


def _case(body):
    """The setup, ``body`` (indented under the warnings recorder) setting ``out``."""
    lines = body.strip("\n").splitlines()
    return _SETUP + "".join(f"    {line}\n" for line in lines) + _END


# one scheduler, stepped n times: (constructor, steps)
_TRAJECTORIES = {
    "lambda": ("S.LambdaLR(opt, lambda e: 0.95 ** e)", 20),
    "lambda_per_group": ("S.LambdaLR(opt, [lambda e: 1 / (e + 1), lambda e: 0.9 ** e])", 15),
    "multiplicative": ("S.MultiplicativeLR(opt, lambda e: 0.9)", 20),
    "multiplicative_per_group": (
        "S.MultiplicativeLR(opt, (lambda e: 0.97, lambda e: 1.0 - 0.01 * e))", 15,
    ),
    "step": ("S.StepLR(opt, 3, gamma=0.5)", 20),
    "step_default_gamma": ("S.StepLR(opt, step_size=4)", 13),
    "multistep": ("S.MultiStepLR(opt, [2, 5, 5, 9], gamma=0.3)", 14),
    "constant": ("S.ConstantLR(opt, factor=0.3, total_iters=4)", 10),
    "constant_default": ("S.ConstantLR(opt)", 8),
    "linear": ("S.LinearLR(opt, start_factor=0.2, end_factor=0.9, total_iters=7)", 12),
    "linear_default": ("S.LinearLR(opt)", 8),
    "linear_decay": ("S.LinearLR(opt, start_factor=1.0, end_factor=0.05, total_iters=9)", 12),
    "exponential": ("S.ExponentialLR(opt, gamma=0.87)", 25),
    "cosine": ("S.CosineAnnealingLR(opt, T_max=6, eta_min=0.001)", 30),
    "cosine_zero_min": ("S.CosineAnnealingLR(opt, 10)", 25),
    "polynomial": ("S.PolynomialLR(opt, total_iters=8, power=2.0)", 12),
    "polynomial_default": ("S.PolynomialLR(opt)", 8),
    "polynomial_sqrt": ("S.PolynomialLR(opt, total_iters=6, power=0.5)", 9),
    "sequential": (
        ("S.SequentialLR(opt, [S.LinearLR(opt, 0.1, total_iters=3), S.ExponentialLR(opt, 0.9)],"
         " milestones=[3])"),
        15,
    ),
    "sequential_three": (
        ("S.SequentialLR(opt, [S.ConstantLR(opt, 0.5, total_iters=2), "
         "S.CosineAnnealingLR(opt, T_max=5), S.StepLR(opt, 2, 0.5)], milestones=[2, 8])"),
        18,
    ),
    "chained": (
        "S.ChainedScheduler([S.ConstantLR(opt, 0.5, total_iters=4), S.ExponentialLR(opt, 0.9)])",
        12,
    ),
    "chained_with_optimizer": (
        ("S.ChainedScheduler([S.StepLR(opt, 2, 0.5), S.LinearLR(opt, 0.5, total_iters=5)], "
         "optimizer=opt)"),
        12,
    ),
    "cyclic_triangular": (
        "S.CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=4)", 20,
    ),
    "cyclic_triangular2": (
        ("S.CyclicLR(opt, [0.01, 0.02], [0.1, 0.3], step_size_up=3, step_size_down=5,"
         " mode='triangular2')"),
        25,
    ),
    "cyclic_exp_range": (
        "S.CyclicLR(opt, 0.001, 0.1, step_size_up=5, mode='exp_range', gamma=0.9)", 22,
    ),
    "cyclic_scale_fn": (
        ("S.CyclicLR(opt, 0.01, 0.1, step_size_up=2, scale_fn=lambda x: 1 / (x + 1),"
         " scale_mode='iterations', cycle_momentum=False)"),
        12,
    ),
    "warm_restarts": ("S.CosineAnnealingWarmRestarts(opt, T_0=5, eta_min=0.001)", 16),
    "warm_restarts_mult": ("S.CosineAnnealingWarmRestarts(opt, T_0=3, T_mult=2)", 22),
    "onecycle_cos": ("S.OneCycleLR(opt, max_lr=1.0, total_steps=20)", 20),
    "onecycle_linear": (
        ("S.OneCycleLR(opt, max_lr=[0.5, 2.0], epochs=3, steps_per_epoch=5, pct_start=0.4,"
         " anneal_strategy='linear')"),
        15,
    ),
    "onecycle_three_phase": (
        ("S.OneCycleLR(opt, 0.8, total_steps=24, three_phase=True, div_factor=10.0,"
         " final_div_factor=100.0)"),
        24,
    ),
    "onecycle_no_momentum": (
        "S.OneCycleLR(opt, 0.3, total_steps=12, cycle_momentum=False, pct_start=0.25)", 12,
    ),
}

CASES = {}
for _name, (_make, _steps) in _TRAJECTORIES.items():
    CASES[f"lr_scheduler_{_name}"] = _case(
        f"s = {_make}\n"
        "after_init = [list(s.get_last_lr()), lrs(), keys(opt)]\n"
        f"out = [after_init, run(s, {_steps}), keys(opt)]"
    )

# step(epoch) uses the closed form where the scheduler has one (and warns)
_EPOCH_FORMS = {
    "step": ("S.StepLR(opt, 3, gamma=0.5)", "[1, 2, 3, 4, 7, 6, 9, 12, 13]"),
    "multistep": ("S.MultiStepLR(opt, [2, 5, 5, 9], gamma=0.3)", "[1, 2, 3, 5, 6, 9, 4, 10]"),
    "constant": ("S.ConstantLR(opt, factor=0.3, total_iters=4)", "[1, 3, 4, 5, 2, 8]"),
    "linear": ("S.LinearLR(opt, 0.2, 0.9, total_iters=7)", "[1, 2, 3, 4, 5, 6, 7, 8, 3]"),
    "exponential": ("S.ExponentialLR(opt, 0.87)", "list(range(1, 15))"),
    "cosine": ("S.CosineAnnealingLR(opt, T_max=6, eta_min=0.001)", "list(range(1, 15))"),
    "polynomial": ("S.PolynomialLR(opt, 8, 2.0)", "[1, 2, 3, 4, 5, 6, 7, 8, 9, 2]"),
    "lambda": ("S.LambdaLR(opt, lambda e: 0.95 ** e)", "[1, 2, 5, 3]"),
    "multiplicative": ("S.MultiplicativeLR(opt, lambda e: 0.9)", "[1, 2, 5, 3]"),
    "cyclic": ("S.CyclicLR(opt, 0.01, 0.1, step_size_up=4)", "[1, 2, 7, 3, 12]"),
    "warm_restarts": (
        "S.CosineAnnealingWarmRestarts(opt, T_0=4, T_mult=2, eta_min=0.01)",
        "[0.5, 1.25, 3.9, 4, 5.5, 11.9, 12, 30, 2]",
    ),
    "warm_restarts_mult1": (
        "S.CosineAnnealingWarmRestarts(opt, T_0=4)", "[0.5, 4.5, 9.0, 13, 2]",
    ),
}
for _name, (_make, _epochs) in _EPOCH_FORMS.items():
    CASES[f"lr_scheduler_epoch_{_name}"] = _case(
        f"s = {_make}\nepochs = {_epochs}\nout = [run(s, len(epochs), epochs), s.last_epoch]"
    )

# the whole state dict (in order) after a few steps, then a fresh optimizer
# and scheduler resumed from the saved ones continue as the originals do
_RESUMED = {
    "step": "S.StepLR({o}, 3, gamma=0.5)",
    "multistep": "S.MultiStepLR({o}, [2, 5, 5], gamma=0.3)",
    "constant": "S.ConstantLR({o}, 0.4, 3)",
    "linear": "S.LinearLR({o}, 0.2, 0.9, 6)",
    "exponential": "S.ExponentialLR({o}, 0.87)",
    "cosine": "S.CosineAnnealingLR({o}, 5, 0.01)",
    "polynomial": "S.PolynomialLR({o}, 9, 1.5)",
    "lambda": "S.LambdaLR({o}, lambda e: 0.95 ** e)",
    "multiplicative": "S.MultiplicativeLR({o}, lambda e: 0.9)",
    "cyclic": "S.CyclicLR({o}, 0.01, 0.1, step_size_up=3, mode='triangular2')",
    "warm_restarts": "S.CosineAnnealingWarmRestarts({o}, 3, 2)",
    "onecycle": "S.OneCycleLR({o}, 1.0, total_steps=16, three_phase=True)",
    "sequential": (
        "S.SequentialLR({o}, [S.ConstantLR({o}, 0.5, 2), S.ExponentialLR({o}, 0.8)], [3])"
    ),
    "chained": "S.ChainedScheduler([S.StepLR({o}, 2, 0.5), S.ExponentialLR({o}, 0.9)])",
}
for _name, _make in _RESUMED.items():
    CASES[f"lr_scheduler_state_dict_{_name}"] = _case(
        f"s = {_make.format(o='opt')}\n"
        "run(s, 5)\n"
        "saved = s.state_dict()\n"
        "opt2 = torch.optim.SGD([{'params': [torch.zeros(2, requires_grad=True)]},\n"
        "    {'params': [torch.zeros(3, requires_grad=True)], 'lr': 0.05}], lr=0.1, momentum=0.9)\n"
        f"s2 = {_make.format(o='opt2')}\n"
        "opt2.load_state_dict(opt.state_dict())\n"
        "s2.load_state_dict(saved)\n"
        "mine, theirs = [], []\n"
        "for _ in range(8):\n"
        "    opt.step(); s.step(); opt2.step(); s2.step()\n"
        "    mine.append(s.get_last_lr()); theirs.append(s2.get_last_lr())\n"
        "out = [saved, mine, theirs == mine, keys(opt2), s2.state_dict() == s.state_dict()]"
    )

# ReduceLROnPlateau: metrics that improve, stall and worsen
_LOSSES = "[1.0, 0.9, 0.95, 0.9, 0.91, 0.92, 0.8999, 0.85, 0.86, 0.87, 0.88, 0.89, 0.5, 0.6, " \
    "0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6]"
_PLATEAUS = {
    "min_rel": "S.ReduceLROnPlateau(opt, patience=2)",
    "min_abs": "S.ReduceLROnPlateau(opt, patience=1, threshold=0.02, threshold_mode='abs')",
    "max_rel": "S.ReduceLROnPlateau(opt, mode='max', patience=2, factor=0.5)",
    "max_abs": "S.ReduceLROnPlateau(opt, 'max', 0.5, 1, threshold=0.05, threshold_mode='abs')",
    "cooldown": "S.ReduceLROnPlateau(opt, patience=1, cooldown=3, factor=0.5)",
    "min_lr": "S.ReduceLROnPlateau(opt, patience=0, factor=0.5, min_lr=0.02)",
    "min_lr_per_group": "S.ReduceLROnPlateau(opt, patience=0, factor=0.3, min_lr=[0.01, 0.004])",
    "eps": "S.ReduceLROnPlateau(opt, patience=0, factor=0.5, eps=0.02)",
    "defaults": "S.ReduceLROnPlateau(opt)",
}
for _name, _make in _PLATEAUS.items():
    CASES[f"lr_scheduler_plateau_{_name}"] = _case(
        f"s = {_make}\n"
        "trace = []\n"
        f"for loss in {_LOSSES}:\n"
        "    opt.step(); s.step(loss)\n"
        "    trace.append([s.get_last_lr(), s.best, s.num_bad_epochs, s.cooldown_counter])\n"
        "out = [trace, s.state_dict(), keys(opt)]"
    )

CASES.update({
    "lr_scheduler_plateau_tensor_metric_epoch": _case(
        "s = S.ReduceLROnPlateau(opt, patience=0)\n"
        "s.step(torch.tensor(2.0)); s.step(torch.tensor(3.0), 7); s.step(4.0)\n"
        "out = [s.last_epoch, s.get_last_lr(), s.best]"
    ),
    "lr_scheduler_plateau_resume": _case(
        "s = S.ReduceLROnPlateau(opt, mode='max', patience=1)\n"
        "for m in [1.0, 0.5, 0.4]:\n"
        "    s.step(m)\n"
        "s2 = S.ReduceLROnPlateau(opt)\n"
        "s2.load_state_dict(s.state_dict())\n"
        "s2.step(0.3); s2.step(2.0)\n"
        "out = [s2.mode, s2.mode_worse, s2.best, s2.get_last_lr(), s2.state_dict()]"
    ),
    "lr_scheduler_plateau_new_group": _case(
        "s = S.ReduceLROnPlateau(opt, patience=0, min_lr=0.001)\n"
        "opt.add_param_group({'params': [torch.zeros(1, requires_grad=True)], 'lr': 0.3})\n"
        "s.step(1.0); s.step(2.0)\n"
        "out = [s.min_lrs, s.get_last_lr()]"
    ),
    "lr_scheduler_plateau_new_group_listed_min": _case(
        "s = S.ReduceLROnPlateau(opt, patience=0, min_lr=[0.001, 0.002])\n"
        "opt.add_param_group({'params': [torch.zeros(1, requires_grad=True)], 'lr': 0.3})\n"
        "s.step(1.0); s.step(2.0)\n"
        "out = 'no error'"
    ),
    # a callable object's attributes go into the state dict (a function's can't)
    "lr_scheduler_lambda_object_state": _case(
        "class Decay:\n"
        "    def __init__(self, rate):\n"
        "        self.rate = rate\n"
        "    def __call__(self, epoch):\n"
        "        return self.rate ** epoch\n"
        "s = S.LambdaLR(opt, [Decay(0.9), lambda e: 1.0])\n"
        "run(s, 3)\n"
        "s.lr_lambdas[0].rate = 0.5\n"
        "saved = s.state_dict()\n"
        "s2 = S.LambdaLR(opt, [Decay(0.9), lambda e: 2.0])\n"
        "s2.load_state_dict(saved)\n"
        "out = [saved, s2.lr_lambdas[0].rate, run(s2, 3), 'lr_lambdas' in saved]"
    ),
    "lr_scheduler_cyclic_scale_object_state": _case(
        "class Scale:\n"
        "    def __init__(self):\n"
        "        self.power = 1.0\n"
        "    def __call__(self, x):\n"
        "        return 0.5 ** (self.power * x)\n"
        "s = S.CyclicLR(opt, 0.01, 0.1, 2, scale_fn=Scale(), scale_mode='iterations')\n"
        "first = run(s, 4)\n"
        "s._scale_fn_custom.power = 2.0\n"
        "saved = s.state_dict()\n"
        "s2 = S.CyclicLR(opt, 0.01, 0.1, 2, scale_fn=Scale())\n"
        "s2.load_state_dict(saved)\n"
        "out = [first, saved, s2._scale_fn_custom.power, s2.scale_mode, run(s2, 4)]"
    ),
    "lr_scheduler_sequential_of_chained": _case(
        "inner = S.ChainedScheduler([S.ConstantLR(opt, 0.5, 3), S.ExponentialLR(opt, 0.9)])\n"
        "s = S.SequentialLR(opt, [inner, S.StepLR(opt, 2, 0.1)], [4])\n"
        "out = [lrs(), run(s, 10), [sub.last_epoch for sub in inner._schedulers]]"
    ),
    "lr_scheduler_chained_of_sequential": _case(
        "seq = S.SequentialLR(opt, [S.LinearLR(opt, 0.5, total_iters=2),"
        " S.ExponentialLR(opt, 0.9)], [2])\n"
        "s = S.ChainedScheduler([seq, S.MultiStepLR(opt, [3, 6], 0.5)])\n"
        "out = [lrs(), run(s, 9), s.state_dict()]"
    ),
    # a checkpoint's scheduler state survives torch.save/torch.load (weights only)
    "lr_scheduler_saved_checkpoint": _case(
        "import io\n"
        "made = [S.MultiStepLR(opt, [2, 4, 4], 0.5), S.OneCycleLR(opt, 1.0, 10),\n"
        "        S.ReduceLROnPlateau(opt, 'max'), S.CyclicLR(opt, 0.01, 0.1),\n"
        "        S.SequentialLR(opt, [S.StepLR(opt, 2), S.ExponentialLR(opt, 0.9)], [2])]\n"
        "out = []\n"
        "for s in made:\n"
        "    buf = io.BytesIO()\n"
        "    torch.save({'scheduler': s.state_dict(), 'optimizer': opt.state_dict()}, buf)\n"
        "    buf.seek(0)\n"
        "    loaded = torch.load(buf)['scheduler']\n"
        "    out.append([loaded == s.state_dict(), type(loaded).__name__])\n"
        "    if 'milestones' in loaded:\n"
        "        out.append(type(loaded['milestones']).__name__)"
    ),
    # the momentum (SGD) or beta1 (Adam) moves against the lr
    "lr_scheduler_onecycle_adam_betas": _case(
        "opt = torch.optim.Adam([p1], lr=0.001, betas=(0.9, 0.99))\n"
        "s = S.OneCycleLR(opt, 0.01, total_steps=10, base_momentum=0.8, max_momentum=0.92)\n"
        "out = [keys(opt), run(s, 10), [keys(opt) for _ in range(1)]]\n"
        "trace = []\n"
        "opt2 = torch.optim.Adam([p2], lr=0.001)\n"
        "s2 = S.OneCycleLR(opt2, 0.01, total_steps=6, anneal_strategy='linear')\n"
        "for _ in range(6):\n"
        "    opt2.step(); s2.step(); trace.append(opt2.param_groups[0]['betas'])\n"
        "out.append(trace)"
    ),
    "lr_scheduler_onecycle_sgd_momentum": _case(
        "s = S.OneCycleLR(opt, [0.5, 0.1], total_steps=9, base_momentum=[0.8, 0.7],"
        " max_momentum=0.95)\n"
        "trace = []\n"
        "for _ in range(9):\n"
        "    opt.step(); s.step(); trace.append([g['momentum'] for g in opt.param_groups])\n"
        "out = [trace, s.state_dict()]"
    ),
    "lr_scheduler_cyclic_adam_betas": _case(
        "opt = torch.optim.AdamW([p1, p2], lr=0.5, betas=(0.9, 0.95))\n"
        "s = S.CyclicLR(opt, 0.001, 0.006, step_size_up=3, base_momentum=0.85)\n"
        "trace = []\n"
        "for _ in range(10):\n"
        "    opt.step(); s.step(); trace.append([s.get_last_lr(), opt.param_groups[0]['betas']])\n"
        "out = [trace, s.state_dict(), s.base_lrs]"
    ),
    "lr_scheduler_onecycle_past_total": _case(
        "s = S.OneCycleLR(opt, 0.5, total_steps=4)\n"
        "run(s, 4)\n"
        "s.step()\n"
        "out = None"
    ),
    "lr_scheduler_onecycle_keys": _case(
        "s = S.OneCycleLR(opt, 0.5, total_steps=4)\n"
        "out = [keys(opt), s.state_dict(), s.total_steps]"
    ),
    # the first step of a new schedule sets the lr; initial_lr is kept when present
    "lr_scheduler_initial_lr_kept": _case(
        "first = S.StepLR(opt, 2, 0.5)\n"
        "run(first, 4)\n"
        "second = S.ExponentialLR(opt, 0.5)\n"
        "out = [second.base_lrs, lrs(), keys(opt), run(second, 3)]"
    ),
    "lr_scheduler_last_epoch_resume": _case(
        "opt.param_groups[0]['initial_lr'] = 0.4\n"
        "opt.param_groups[1]['initial_lr'] = 0.2\n"
        "s = S.StepLR(opt, 2, 0.5, last_epoch=3)\n"
        "out = [s.last_epoch, s.base_lrs, lrs(), run(s, 4)]"
    ),
    "lr_scheduler_cosine_last_epoch": _case(
        "opt.param_groups[0]['initial_lr'] = 0.4\n"
        "opt.param_groups[1]['initial_lr'] = 0.2\n"
        "s = S.CosineAnnealingLR(opt, 6, last_epoch=2)\n"
        "out = [s.last_epoch, lrs(), run(s, 8)]"
    ),
    "lr_scheduler_old_base_name": _case(
        "out = [S._LRScheduler.__name__ in ('LRScheduler', '_LRScheduler'),"
        " issubclass(S.StepLR, S._LRScheduler), issubclass(S.StepLR, S.LRScheduler)]"
    ),
    "lr_scheduler_import_forms": _case(
        "import importlib\n"
        "m = importlib.import_module(torch.__name__ + '.optim.lr_scheduler')\n"
        "out = [m is torch.optim.lr_scheduler, sorted(n for n in m.__all__)]"
    ),
    "lr_scheduler_custom_subclass": _case(
        "class Halving(S.LRScheduler):\n"
        "    def get_lr(self):\n"
        "        return [b * 0.5 ** self.last_epoch for b in self.base_lrs]\n"
        "s = Halving(opt)\n"
        "out = [lrs(), run(s, 4), s.state_dict()]"
    ),
    "lr_scheduler_base_get_lr": _case(
        # an empty message, which the error record cannot hold
        "try:\n    S.LRScheduler(opt)\nexcept NotImplementedError as e:\n"
        "    out = [type(e).__name__, str(e)]"
    ),
    # warnings a user sees
    "lr_scheduler_warn_order": _case(
        "s = S.StepLR(opt, 2)\n"
        "s.step()\n"
        "s.step()\n"
        "out = lrs()"
    ),
    "lr_scheduler_warn_none_in_order": _case(
        "s = S.StepLR(opt, 2)\n"
        "run(s, 3)\n"
        "out = len(seen)"
    ),
    "lr_scheduler_warn_stepped_before_made": _case(
        "opt.step()\n"
        "s = S.ExponentialLR(opt, 0.5)\n"
        "s.step()\n"
        "out = lrs()"
    ),
    "lr_scheduler_warn_step_overridden": _case(
        "s = S.ExponentialLR(opt, 0.5)\n"
        "opt.step = lambda: None\n"
        "s.step()\n"
        "out = lrs()"
    ),
    "lr_scheduler_warn_get_lr": _case(
        "s = S.ExponentialLR(opt, 0.5)\n"
        "run(s, 2)\n"
        "out = [s.get_lr(), s.get_last_lr()]"
    ),
    "lr_scheduler_warn_epoch": _case(
        "s = S.StepLR(opt, 2)\n"
        "opt.step()\n"
        "s.step(3)\n"
        "out = lrs()"
    ),
    "lr_scheduler_wrapped_step": _case(
        "s = S.StepLR(opt, 2)\n"
        "s2 = S.ExponentialLR(opt, 0.9)\n"
        "out = [hasattr(opt.step, '_wrapped_by_lr_sched'), getattr(opt, '_opt_called', None)]\n"
        "opt.step()\n"
        "out.append(opt._opt_called)"
    ),
    # resuming mid-schedule from the keys an earlier scheduler left in the groups
    "lr_scheduler_onecycle_last_epoch": _case(
        "first = S.OneCycleLR(opt, 1.0, total_steps=12)\n"
        "run(first, 4)\n"
        "s = S.OneCycleLR(opt, 2.0, total_steps=12, last_epoch=3)\n"
        "out = [keys(opt), s.get_last_lr(), run(s, 8), first.get_last_lr()]"
    ),
    "lr_scheduler_cyclic_last_epoch": _case(
        "first = S.CyclicLR(opt, 0.01, 0.1, step_size_up=3)\n"
        "run(first, 4)\n"
        "s = S.CyclicLR(opt, 0.02, 0.2, step_size_up=3, last_epoch=3)\n"
        "out = [keys(opt), s.base_lrs, s.get_last_lr(), run(s, 6)]"
    ),
    "lr_scheduler_warm_restarts_last_epoch": _case(
        "first = S.CosineAnnealingWarmRestarts(opt, 4)\n"
        "run(first, 3)\n"
        "s = S.CosineAnnealingWarmRestarts(opt, 4, 2, last_epoch=5)\n"
        "out = [s.T_cur, s.T_i, s.last_epoch, s.get_last_lr(), run(s, 10)]"
    ),
    "lr_scheduler_sequential_last_epoch": _case(
        "a = S.ConstantLR(opt, 0.5, 2)\n"
        "b = S.ExponentialLR(opt, 0.9)\n"
        "s = S.SequentialLR(opt, [a, b], [3], last_epoch=1)\n"
        "out = [s.last_epoch, a.last_epoch, b.last_epoch, lrs(), run(s, 6)]"
    ),
    "lr_scheduler_plateau_nan_metric": _case(
        "s = S.ReduceLROnPlateau(opt, patience=1)\n"
        "for m in [1.0, float('nan'), float('nan'), 0.5, float('inf')]:\n"
        "    s.step(m)\n"
        "out = [s.best, s.num_bad_epochs, s.get_last_lr()]"
    ),
    "lr_scheduler_constant_zero_factor": _case(
        "s = S.ConstantLR(opt, factor=0.0, total_iters=2)\n"
        "out = [lrs(), run(s, 1)]\n"
        "run(s, 1)"
    ),
    "lr_scheduler_linear_zero_iters": _case(
        "s = S.LinearLR(opt, 0.5, total_iters=0)\n"
        "out = [lrs(), run(s, 3)]"
    ),
    "lr_scheduler_cosine_zero_t_max": _case(
        "s = S.CosineAnnealingLR(opt, 0)\n"
        "out = lrs()\n"
        "run(s, 1)"
    ),
    "lr_scheduler_step_float_gamma_and_size": _case(
        "s = S.StepLR(opt, 2.5, gamma=2)\n"
        "out = [run(s, 6), run(s, 2, [7, 10])]"
    ),
    "lr_scheduler_multistep_unsorted": _case(
        "s = S.MultiStepLR(opt, [6, 2, 4, 2])\n"
        "out = [s.milestones, run(s, 7), run(s, 3, [3, 5, 1])]"
    ),
    # a group added after the scheduler was made
    "lr_scheduler_group_added_chainable": _case(
        "s = S.ExponentialLR(opt, 0.5)\n"
        "opt.add_param_group({'params': [torch.zeros(1, requires_grad=True)], 'lr': 0.3})\n"
        "out = run(s, 2)"
    ),
    "lr_scheduler_group_added_lambda": _case(
        "s = S.LambdaLR(opt, lambda e: 0.5 ** e)\n"
        "opt.add_param_group({'params': [torch.zeros(1, requires_grad=True)], 'lr': 0.3})\n"
        "try:\n"
        "    s.step()\n"
        "except ValueError as e:\n"
        "    out = [str(e), lrs(), s.get_last_lr(), s.last_epoch]"
    ),
    # which warnings point at the user's line (the rest at the library's)
    "lr_scheduler_warning_locations": _case(
        "s = S.StepLR(opt, 2)\n"
        "s.step()\n"
        "s.get_lr()\n"
        "s.step(4)\n"
        "s2 = S.ReduceLROnPlateau(opt)\n"
        "s2.step(1.0, 3)\n"
        "s3 = S.ExponentialLR(opt, 0.5)\n"
        "opt.step = lambda: None\n"
        "s3.step()\n"
        "out = [[w.category.__name__, w.filename == '<string>'] for w in seen]"
    ),
    # a scheduler driving a small regression fitted with SGD
    "lr_scheduler_training_loop": _case(
        # the loss adds up per-point terms: a reduction kernel could round differently
        "xs = [0.0, 1.0, 2.0, 3.0, 4.0]\n"
        "ys = [1.0, 3.1, 4.9, 7.2, 8.8]\n"
        "w = torch.zeros(1, dtype=torch.float64, requires_grad=True)\n"
        "b = torch.zeros(1, dtype=torch.float64, requires_grad=True)\n"
        "opt = torch.optim.SGD([w, b], lr=0.05, momentum=0.5)\n"
        "s = S.SequentialLR(opt, [S.LinearLR(opt, 0.2, total_iters=4),"
        " S.CosineAnnealingLR(opt, 20, 0.001)], [4])\n"
        "losses = []\n"
        "for _ in range(24):\n"
        "    opt.zero_grad()\n"
        "    loss = sum((w * x + b - y) ** 2 for x, y in zip(xs, ys)) / len(xs)\n"
        "    loss.backward()\n"
        "    opt.step()\n"
        "    s.step()\n"
        "    losses.append(loss.item())\n"
        "out = [losses, w.tolist(), b.tolist(), s.get_last_lr()]"
    ),
})

# a tensor lr is filled in place (the optimizer keeps the same tensor) and
# the recorded lrs are copies
_TENSOR_LRS = {
    "step": "S.StepLR(opt, 2, 0.5)",
    "exponential": "S.ExponentialLR(opt, 0.8)",
    "cosine": "S.CosineAnnealingLR(opt, 5, 0.001)",
    "linear": "S.LinearLR(opt, 0.25, total_iters=4)",
    "multistep_epoch": "S.MultiStepLR(opt, [1, 3])",
    "plateau": "S.ReduceLROnPlateau(opt, patience=0, factor=0.5)",
    "onecycle": "S.OneCycleLR(opt, 0.5, total_steps=8)",
    "cyclic": "S.CyclicLR(opt, 0.01, 0.1, step_size_up=2)",
}
for _name, _make in _TENSOR_LRS.items():
    _step = "s.step(3.0 - i)" if "Plateau" in _make else (
        "s.step(i + 1)" if _name.endswith("_epoch") else "s.step()"
    )
    CASES[f"lr_scheduler_tensor_lr_{_name}"] = _case(
        "opt = torch.optim.SGD([p1], lr=torch.tensor(0.1), momentum=0.9)\n"
        "held = opt.param_groups[0]['lr']\n"
        f"s = {_make}\n"
        "p1.grad = torch.ones(2)\n"
        "trace = [s.get_last_lr()]\n"
        "for i in range(6):\n"
        f"    opt.step(); {_step}\n"
        "    trace.append(s.get_last_lr())\n"
        "g = opt.param_groups[0]\n"
        "out = [trace, g['lr'] is held, s.get_last_lr()[0] is held, g.get('initial_lr') is held,\n"
        "       p1, g.get('initial_lr')]"
    )

# torch's errors, as type and message
_ERRORS = {
    "not_optimizer": "S.StepLR(object(), 3)",
    "not_optimizer_plateau": "S.ReduceLROnPlateau([1.0])",
    "not_optimizer_onecycle": "S.OneCycleLR('opt', 0.1, 10)",
    "not_optimizer_cyclic": "S.CyclicLR(None, 0.1, 1.0)",
    "lambda_not_optimizer": "S.LambdaLR(object(), lambda e: 1.0)",
    "lambda_count": "S.LambdaLR(opt, [lambda e: 1.0])",
    "multiplicative_count": "S.MultiplicativeLR(opt, [lambda e: 1.0] * 3)",
    "multiplicative_not_callable": "S.MultiplicativeLR(opt, 0.9)",
    "constant_factor_high": "S.ConstantLR(opt, factor=1.5)",
    "constant_factor_negative": "S.ConstantLR(opt, factor=-0.1)",
    "linear_start_zero": "S.LinearLR(opt, start_factor=0)",
    "linear_start_high": "S.LinearLR(opt, start_factor=1.01)",
    "linear_end_high": "S.LinearLR(opt, end_factor=2.0)",
    "last_epoch_without_initial_lr": "S.StepLR(opt, 3, last_epoch=4)",
    "plateau_factor": "S.ReduceLROnPlateau(opt, factor=1.0)",
    "plateau_mode": "S.ReduceLROnPlateau(opt, mode='lowest')",
    "plateau_threshold_mode": "S.ReduceLROnPlateau(opt, threshold_mode='relative')",
    "plateau_min_lr_count": "S.ReduceLROnPlateau(opt, min_lr=[0.1])",
    "plateau_metric": "S.ReduceLROnPlateau(opt).step('low')",
    "onecycle_no_length": "S.OneCycleLR(opt, 0.1)",
    "onecycle_epochs_only": "S.OneCycleLR(opt, 0.1, epochs=3)",
    "onecycle_total_zero": "S.OneCycleLR(opt, 0.1, total_steps=0)",
    "onecycle_total_float": "S.OneCycleLR(opt, 0.1, total_steps=10.0)",
    "onecycle_epochs_zero": "S.OneCycleLR(opt, 0.1, epochs=0, steps_per_epoch=3)",
    "onecycle_steps_per_epoch": "S.OneCycleLR(opt, 0.1, epochs=2, steps_per_epoch=-1)",
    "onecycle_pct_int": "S.OneCycleLR(opt, 0.1, 10, pct_start=1)",
    "onecycle_pct_high": "S.OneCycleLR(opt, 0.1, 10, pct_start=1.5)",
    "onecycle_anneal": "S.OneCycleLR(opt, 0.1, 10, anneal_strategy='exp')",
    "onecycle_max_lr_count": "S.OneCycleLR(opt, [0.1, 0.2, 0.3], 10)",
    "onecycle_momentum_count": "S.OneCycleLR(opt, 0.1, 10, max_momentum=[0.9])",
    "onecycle_no_momentum_support": (
        "plain = torch.optim.Optimizer([p1], {'lr': 0.1})\nS.OneCycleLR(plain, 0.1, 10)"
    ),
    "cyclic_no_momentum_support": (
        "plain = torch.optim.Optimizer([p1], {'lr': 0.1})\nS.CyclicLR(plain, 0.01, 0.1)"
    ),
    "cyclic_mode": "S.CyclicLR(opt, 0.01, 0.1, mode='sawtooth')",
    "cyclic_base_lr_count": "S.CyclicLR(opt, [0.01], 0.1)",
    "cyclic_max_lr_count": "S.CyclicLR(opt, 0.01, (0.1, 0.2, 0.3))",
    "warm_restarts_t0": "S.CosineAnnealingWarmRestarts(opt, 0)",
    "warm_restarts_t0_float": "S.CosineAnnealingWarmRestarts(opt, 2.0)",
    "warm_restarts_tmult": "S.CosineAnnealingWarmRestarts(opt, 2, T_mult=0)",
    "warm_restarts_tmult_float": "S.CosineAnnealingWarmRestarts(opt, 2, T_mult=1.5)",
    "warm_restarts_eta_min": "S.CosineAnnealingWarmRestarts(opt, 2, eta_min='0')",
    "warm_restarts_negative_epoch": "S.CosineAnnealingWarmRestarts(opt, 2).step(-1)",
    "sequential_empty": "S.SequentialLR(opt, [], [])",
    "sequential_milestones": "S.SequentialLR(opt, [S.StepLR(opt, 2), S.StepLR(opt, 3)], [1, 2])",
    "sequential_plateau": "S.SequentialLR(opt, [S.ReduceLROnPlateau(opt)], [])",
    "sequential_not_scheduler": "S.SequentialLR(opt, [S.StepLR(opt, 2), 'cosine'], [3])",
    "sequential_step_epoch": "S.SequentialLR(opt, [S.StepLR(opt, 2)], []).step(3)",
    "chained_empty": "S.ChainedScheduler([])",
    "chained_plateau": "S.ChainedScheduler([S.StepLR(opt, 2), S.ReduceLROnPlateau(opt)])",
    "chained_not_scheduler": "S.ChainedScheduler([S.StepLR(opt, 2), 3])",
    "chained_other_optimizer": (
        "S.ChainedScheduler([S.StepLR(opt, 2), S.StepLR(torch.optim.SGD([p2], lr=0.1), 2)])"
    ),
    "sequential_other_optimizer": (
        "S.SequentialLR(opt, [S.StepLR(torch.optim.Adam([p2]), 2)], [])"
    ),
}
for _name, _code in _ERRORS.items():
    CASES[f"lr_scheduler_error_{_name}"] = _case(f"{_code}\nout = 'no error'")
