"""``torch.accelerator`` as a CPU-only torch has it: there is no accelerator,
so ``current_accelerator().type if is_available() else "cpu"`` picks the CPU."""


def is_available():
    return False


def current_accelerator(check_available=False):
    return None


def device_count():
    return 0


def synchronize(device=None):
    """Nothing runs asynchronously on the CPU."""
