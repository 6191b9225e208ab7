"""More losses and distances, recorded from torch 2.13: kl_div (targets as
probabilities or logs, every reduction, 'mean''s warning),
margin_ranking_loss, hinge_embedding_loss, soft_margin_loss,
cosine_embedding_loss, triplet_margin_loss (swap), poisson_nll_loss (full),
gaussian_nll_loss, multilabel_soft_margin_loss, multi_margin_loss,
pairwise_distance and their modules: values, gradients, graphs, errors."""

_RUN = (
    "F, nn = torch.nn.functional, torch.nn\n"
    "import warnings\n"
    "torch.manual_seed(0)\n"
    "def names(fn, depth=8):\n"
    "    if fn is None or depth == 0:\n"
    "        return None\n"
    "    return [type(fn).__name__, [names(nf, depth - 1) for nf, _ in fn.next_functions]]\n"
    "def run(f, *tensors):\n"
    "    with warnings.catch_warnings(record=True) as caught:\n"
    "        warnings.simplefilter('always')\n"
    "        y = f(*tensors)\n"
    "    (y.sum() if y.dim() else y).backward()\n"
    "    return [y, names(y.grad_fn), [t.grad for t in tensors], "
    "[str(w.message) for w in caught]]\n"
    "def leaf(*shape, dtype=torch.float32):\n"
    "    return torch.randn(*shape, dtype=dtype).requires_grad_()\n"
    "y = torch.tensor([1.0, -1.0, 1.0, -1.0])\n"
    "t = torch.rand(4, 3)\n"
)


def _case(body):
    return _RUN + body


CASES = {
    "lossx_kl_div": _case(
        "result = [run(lambda a: F.kl_div(a.log_softmax(1), t, reduction='batchmean'), leaf(4, 3)), "
        "run(lambda a: F.kl_div(a, t), leaf(4, 3)), "
        "run(lambda a, b: F.kl_div(a, b, log_target=True, reduction='sum'), leaf(4, 3), "
        "leaf(4, 3)), run(lambda a: F.kl_div(a, t, reduction='none'), "
        "leaf(4, 3, dtype=torch.float64)), "
        "run(lambda a: nn.KLDivLoss(reduction='batchmean')(a, t), leaf(4, 3))]"
    ),
    "lossx_margin_hinge_soft": _case(
        "ys = y.view(4, 1).expand(4, 3)\n"
        "result = [run(lambda a, b: F.margin_ranking_loss(a, b, y, margin=0.5), leaf(4), leaf(4)), "
        "run(lambda a, b: nn.MarginRankingLoss(reduction='sum')(a, b, y), leaf(4), leaf(4)), "
        "run(lambda a: F.hinge_embedding_loss(a, ys), leaf(4, 3)), "
        "run(lambda a: nn.HingeEmbeddingLoss(margin=0.3, reduction='none')(a, ys), leaf(4, 3)), "
        "run(lambda a: F.soft_margin_loss(a, ys), leaf(4, 3)), "
        "run(lambda a: nn.SoftMarginLoss(reduction='none')(a, ys), leaf(4, 3))]"
    ),
    "lossx_cosine_triplet_pairwise": _case(
        "result = [run(lambda a, b: F.cosine_embedding_loss(a, b, y, margin=0.1), leaf(4, 3), "
        "leaf(4, 3)), run(lambda a, b: nn.CosineEmbeddingLoss()(a, b, y), leaf(4, 3), leaf(4, 3)), "
        "run(lambda a, b, c: F.triplet_margin_loss(a, b, c), leaf(4, 3), leaf(4, 3), leaf(4, 3)), "
        "run(lambda a, b, c: nn.TripletMarginLoss(margin=0.5, p=1, swap=True)(a, b, c), "
        "leaf(4, 3), leaf(4, 3), leaf(4, 3)), "
        "run(lambda a, b: F.pairwise_distance(a, b), leaf(4, 3), leaf(4, 3)), "
        "run(lambda a, b: nn.PairwiseDistance(p=3, keepdim=True)(a, b), leaf(4, 3), leaf(3)), "
        "run(lambda a, b: nn.CosineSimilarity(dim=0)(a, b), leaf(4, 3), leaf(4, 3)), "
        "[repr(m) for m in (nn.PairwiseDistance(), nn.CosineSimilarity(), nn.KLDivLoss(), "
        "nn.TripletMarginLoss())]]"
    ),
    "lossx_poisson_gaussian": _case(
        "result = [run(lambda a: F.poisson_nll_loss(a, t), leaf(4, 3)), "
        "run(lambda a: F.poisson_nll_loss(a.exp(), t * 3, log_input=False, full=True), "
        "leaf(4, 3)), run(lambda a: nn.PoissonNLLLoss(full=True, reduction='none')(a, t * 4), "
        "leaf(4, 3)), run(lambda a, b: F.gaussian_nll_loss(a, b, t + 0.1), leaf(4, 3), "
        "leaf(4, 3)), run(lambda a, v: F.gaussian_nll_loss(a, t, v, full=True), leaf(4, 3), "
        "(t[:, 0] + 0.5).requires_grad_()), run(lambda a: nn.GaussianNLLLoss(eps=0.5)(a, t, "
        "torch.zeros(4, 1)), leaf(4, 3))]"
    ),
    "lossx_multilabel_multimargin": _case(
        "labels = (t > 0.5).float()\ncls = torch.tensor([0, 2, 1, 1])\n"
        "result = [run(lambda a: F.multilabel_soft_margin_loss(a, labels), leaf(4, 3)), "
        "run(lambda a: nn.MultiLabelSoftMarginLoss(weight=torch.tensor([1.0, 2.0, 0.5]), "
        "reduction='none')(a, labels), leaf(4, 3)), "
        "run(lambda a: F.multi_margin_loss(a, cls), leaf(4, 3)), "
        "run(lambda a: nn.MultiMarginLoss(p=2, margin=0.7, weight=torch.tensor([1.0, 0.5, 2.0]))"
        "(a, cls), leaf(4, 3)), run(lambda a: F.multi_margin_loss(a, torch.tensor(1), "
        "reduction='sum'), leaf(3))]"
    ),
    "lossx_err_reduction": _case("F.soft_margin_loss(torch.ones(2), torch.ones(2), "
                                 "reduction='avg')"),
    "lossx_err_margin_dims": _case(
        "F.margin_ranking_loss(torch.ones(2), torch.ones(2, 1), torch.ones(2))"
    ),
    "lossx_err_triplet_dims": _case(
        "F.triplet_margin_loss(torch.ones(2, 3), torch.ones(2, 3), torch.ones(3))"
    ),
    "lossx_err_gaussian_var": _case(
        "F.gaussian_nll_loss(torch.ones(2, 3), torch.ones(2, 3), torch.ones(3, 2))"
    ),
    "lossx_err_gaussian_negative": _case(
        "F.gaussian_nll_loss(torch.ones(2, 3), torch.ones(2, 3), -torch.ones(2, 3))"
    ),
    "lossx_err_multi_margin_target": _case(
        "x = torch.randn(2, 3)\n"
        "out = []\n"
        "for t in (torch.tensor([5, 0]), torch.tensor([0.0, 1.0]), torch.tensor([0, 1, 1])):\n"
        "    try:\n"
        "        F.multi_margin_loss(x, t)\n"
        "    except RuntimeError as e:\n"
        "        out.append(str(e))\n"
        "result = out"
    ),
    "lossx_err_gather_size": _case(
        "torch.ones(1, 3).gather(1, torch.zeros(3, 1, dtype=torch.long))"
    ),
    "lossx_err_multi_margin_p": _case("F.multi_margin_loss(torch.ones(2, 3), "
                                      "torch.tensor([0, 1]), p=3)"),
}

# float32 sums and transcendental kernels round differently from torch's
TOLERANCES = {"lossx_": (2e-5, 2e-6)}
