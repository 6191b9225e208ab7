"""``torch.cuda`` as a CPU-only torch has it: no device is available, so scripts that ask
(``"cuda" if torch.cuda.is_available() else "cpu"``) pick the CPU."""


def is_available():
    return False


def device_count():
    return 0
