"""Edges of the added nn pieces, recorded from torch 2.13 (the main paths
are in cases_losses_extra.py and cases_nn_extra.py): the legacy
size_average/reduce flags and their warning, each loss's message for an
unknown reduction, broadcasting, unbatched and empty inputs, p=inf and
p=0 distances, graphs of the less common options; channel dropout in place
and per dtype, negative padding, Unflatten's -1, the parameter containers'
dict/list methods and errors, type_as/reshape_as errors."""

_RUN = (
    "F, nn = torch.nn.functional, torch.nn\n"
    "import warnings\n"
    "torch.manual_seed(0)\n"
    "def names(fn, depth=6):\n"
    "    if fn is None or depth == 0:\n"
    "        return None\n"
    "    return [type(fn).__name__, [names(nf, depth - 1) for nf, _ in fn.next_functions]]\n"
    # the outcome of f(): its value and warnings, or the exception in full
    "def attempt(f):\n"
    "    with warnings.catch_warnings(record=True) as caught:\n"
    "        warnings.simplefilter('always')\n"
    "        try:\n"
    "            out = f()\n"
    "        except Exception as e:\n"
    "            return ['error', type(e).__name__, str(e)]\n"
    "    return ['ok', out, [(w.category.__name__, str(w.message)) for w in caught]]\n"
    # value, graph, gradients of the tensors that require them, warnings
    "def run(f, *tensors):\n"
    "    with warnings.catch_warnings(record=True) as caught:\n"
    "        warnings.simplefilter('always')\n"
    "        try:\n"
    "            y = f(*tensors)\n"
    "            if y.requires_grad:\n"
    "                (y.sum() if y.dim() else y).backward()\n"
    "        except Exception as e:\n"
    "            return ['error', type(e).__name__, str(e)]\n"
    "    return [y, names(y.grad_fn), [t.grad for t in tensors if t.requires_grad], "
    "[(w.category.__name__, str(w.message)) for w in caught]]\n"
    "def leaf(*shape, dtype=torch.float32):\n"
    "    return torch.randn(*shape, dtype=dtype).requires_grad_()\n"
    "y = torch.tensor([1.0, -1.0, 1.0, -1.0])\n"
    "t = torch.rand(4, 3)\n"
)


def _case(body):
    return _RUN + body


# every added loss with the arguments to call it, for the reduction sweeps
_LOSSES = (
    "LOSSES = {\n"
    "    'kl_div': (F.kl_div, lambda: (torch.randn(4, 3), t)),\n"
    "    'margin_ranking_loss': (F.margin_ranking_loss, lambda: (torch.randn(4), "
    "torch.randn(4), y)),\n"
    "    'hinge_embedding_loss': (F.hinge_embedding_loss, lambda: (torch.randn(4), y)),\n"
    "    'soft_margin_loss': (F.soft_margin_loss, lambda: (torch.randn(4), y)),\n"
    "    'cosine_embedding_loss': (F.cosine_embedding_loss, lambda: (torch.randn(4, 3), "
    "torch.randn(4, 3), y)),\n"
    "    'triplet_margin_loss': (F.triplet_margin_loss, lambda: (torch.randn(4, 3), "
    "torch.randn(4, 3), torch.randn(4, 3))),\n"
    "    'poisson_nll_loss': (F.poisson_nll_loss, lambda: (torch.randn(4, 3), t)),\n"
    "    'multilabel_soft_margin_loss': (F.multilabel_soft_margin_loss, "
    "lambda: (torch.randn(4, 3), (t > 0.5).float())),\n"
    "    'multi_margin_loss': (F.multi_margin_loss, lambda: (torch.randn(4, 3), "
    "torch.tensor([0, 2, 1, 1]))),\n"
    "}\n"
    "MODULES = {\n"
    "    'kl_div': nn.KLDivLoss, 'margin_ranking_loss': nn.MarginRankingLoss,\n"
    "    'hinge_embedding_loss': nn.HingeEmbeddingLoss, 'soft_margin_loss': nn.SoftMarginLoss,\n"
    "    'cosine_embedding_loss': nn.CosineEmbeddingLoss,\n"
    "    'triplet_margin_loss': nn.TripletMarginLoss, 'poisson_nll_loss': nn.PoissonNLLLoss,\n"
    "    'multilabel_soft_margin_loss': nn.MultiLabelSoftMarginLoss,\n"
    "    'multi_margin_loss': nn.MultiMarginLoss,\n"
    "}\n"
)

CASES = {
    # ---- reductions: unknown names, the legacy flags, module reprs ----
    "nnextra_reduction_invalid": _case(
        _LOSSES
        + "result = [[k, attempt(lambda: f(*args(), reduction='avg'))] "
        "for k, (f, args) in LOSSES.items()] + [attempt(lambda: F.gaussian_nll_loss("
        "torch.ones(2), torch.ones(2), torch.ones(2), reduction='avg')), "
        "attempt(lambda: F.kl_div(torch.ones(2), torch.ones(2), reduction='batch')), "
        "attempt(lambda: F.kl_div(torch.ones(2), torch.ones(2), reduction=None))]"
    ),
    "nnextra_reduction_invalid_module": _case(
        _LOSSES
        + "result = [[k, attempt(lambda: MODULES[k](reduction='avg')(*args()))] "
        "for k, (f, args) in LOSSES.items()] + [attempt(lambda: nn.GaussianNLLLoss("
        "reduction='avg')(torch.ones(2), torch.ones(2), torch.ones(2)))]"
    ),
    "nnextra_legacy_flags": _case(
        _LOSSES
        + "out = []\n"
        "for k, (f, args) in LOSSES.items():\n"
        "    for sa, red in ((False, None), (None, False), (True, True), (False, True)):\n"
        "        torch.manual_seed(1)\n"
        "        out.append([k, sa, red, attempt(lambda: f(*args(), size_average=sa, "
        "reduce=red))])\n"
        "result = out"
    ),
    "nnextra_legacy_flags_module": _case(
        _LOSSES
        + "out = []\n"
        "for k, m in MODULES.items():\n"
        "    for sa, red in ((False, None), (None, False), (True, True)):\n"
        "        r = attempt(lambda: m(size_average=sa, reduce=red))\n"
        "        out.append([k, r[0], r[1].reduction if r[0] == 'ok' else r, r[-1]])\n"
        "result = out"
    ),
    "nnextra_legacy_flags_older_losses": _case(
        "x, tg = torch.randn(3, 4), torch.randn(3, 4)\n"
        "cls = torch.tensor([0, 3, 1])\n"
        "result = [attempt(lambda: F.mse_loss(x, tg, size_average=False)), "
        "attempt(lambda: F.l1_loss(x, tg, reduce=False)), "
        "attempt(lambda: F.smooth_l1_loss(x, tg, size_average=True, reduce=True)), "
        "attempt(lambda: F.nll_loss(x.log_softmax(1), cls, reduce=False)), "
        "attempt(lambda: F.cross_entropy(x, cls, size_average=False)), "
        "attempt(lambda: F.binary_cross_entropy(x.sigmoid(), tg.sigmoid(), reduce=False)), "
        "attempt(lambda: F.binary_cross_entropy_with_logits(x, tg.sigmoid(), "
        "size_average=False))]"
    ),
    "nnextra_no_gradient_arguments": _case(
        "w = torch.rand(3, requires_grad=True)\ntg = torch.ones(3, requires_grad=True)\n"
        "with torch.no_grad():\n"
        "    quiet = [F.soft_margin_loss(torch.randn(3), tg), "
        "F.multi_margin_loss(torch.randn(2, 3), torch.tensor([0, 2]), weight=w)]\n"
        "result = [quiet, attempt(lambda: F.soft_margin_loss(torch.randn(3), tg)), "
        "attempt(lambda: F.multi_margin_loss(torch.randn(2, 3), torch.tensor([0, 2]), "
        "weight=w)), attempt(lambda: F.cosine_embedding_loss(torch.ones(2, 3), "
        "torch.ones(2, 3), torch.tensor(1.0))), attempt(lambda: F.cosine_embedding_loss("
        "torch.ones(3), torch.ones(3), torch.ones(1))), attempt(lambda: "
        "F.cosine_similarity(torch.ones(2, 3), torch.ones(2, 4))), attempt(lambda: "
        "F.cosine_similarity(torch.ones(2, 3), torch.ones(4, 1, 3), dim=-1).shape)]"
    ),
    "nnextra_module_reprs": _case(
        "mods = [nn.KLDivLoss(reduction='batchmean', log_target=True), "
        "nn.MarginRankingLoss(margin=0.5), nn.HingeEmbeddingLoss(2.0), nn.SoftMarginLoss(), "
        "nn.CosineEmbeddingLoss(0.2), nn.TripletMarginLoss(margin=2.0, p=1.0, swap=True), "
        "nn.PoissonNLLLoss(log_input=False, full=True), nn.GaussianNLLLoss(full=True), "
        "nn.MultiLabelSoftMarginLoss(weight=torch.ones(3)), nn.MultiMarginLoss(p=2), "
        "nn.PairwiseDistance(p=1.0, keepdim=True), nn.CosineSimilarity(dim=0, eps=1e-3)]\n"
        "result = [[repr(m), m.reduction if hasattr(m, 'reduction') else None, "
        "list(m.state_dict()), [n for n, _ in m.named_buffers()]] for m in mods] + "
        "[[mods[0].log_target, mods[1].margin, mods[2].margin, mods[4].margin]] + [[mods[5].p, mods[5].swap, mods[5].eps], "
        "[mods[6].log_input, mods[6].full, mods[6].eps], [mods[7].full, mods[7].eps], "
        "[mods[9].p, mods[9].margin, mods[9].weight], [mods[10].norm, mods[10].eps, "
        "mods[10].keepdim], [mods[11].dim, mods[11].eps]]"
    ),
    # ---- kl_div ----
    "nnextra_kl_div_shapes": _case(
        "result = [run(lambda a: F.kl_div(a, torch.tensor(0.3), reduction='batchmean'), "
        "leaf(())), run(lambda a: F.kl_div(a, torch.rand(5), reduction='batchmean'), leaf(5)), "
        "run(lambda a: F.kl_div(a, torch.rand(3), reduction='sum'), leaf(4, 3)), "
        "run(lambda a: F.kl_div(a, torch.rand(4, 3), reduction='none'), leaf(3)), "
        "run(lambda a, b: F.kl_div(a, b, reduction='mean', log_target=True), leaf(2, 3), "
        "leaf(2, 3)), run(lambda a, b: F.kl_div(a, b, reduction='batchmean'), leaf(2, 3), "
        "torch.rand(2, 3, requires_grad=True)), "
        "run(lambda a: F.kl_div(a, torch.tensor([0.0, 0.5, 1.0]), reduction='none'), leaf(3)), "
        "run(lambda a: F.kl_div(a, torch.rand(2, 3, dtype=torch.float64), reduction='sum'), "
        "leaf(2, 3)), attempt(lambda: F.kl_div(torch.ones(2, 3), torch.ones(3, 2))), "
        "run(lambda a: F.kl_div(a, torch.rand(0, 3), reduction='batchmean'), leaf(0, 3)), "
        "run(lambda a: F.kl_div(a, torch.rand(0, 3)), leaf(0, 3))]"
    ),
    # ---- margin ranking, hinge embedding, soft margin ----
    "nnextra_margin_ranking_edges": _case(
        "result = [run(lambda a, b: F.margin_ranking_loss(a, b, torch.tensor(1.0)), leaf(()), "
        "leaf(())), run(lambda a, b: F.margin_ranking_loss(a, b, torch.tensor([1.0, -1.0]), "
        "margin=-0.5, reduction='none'), leaf(2), leaf(2)), "
        "run(lambda a, b: F.margin_ranking_loss(a, b, torch.tensor([[1.0], [-1.0]]), "
        "reduction='sum'), leaf(2, 3), leaf(2, 3)), "
        "attempt(lambda: F.margin_ranking_loss(torch.ones(2), torch.ones(3), torch.ones(2))), "
        "run(lambda a, b: F.margin_ranking_loss(a, b, torch.tensor([1, -1])), leaf(2), leaf(2)), "
        "attempt(lambda: F.margin_ranking_loss(torch.ones(2), torch.ones(2), torch.ones(2, 1)))]"
    ),
    "nnextra_hinge_edges": _case(
        "odd = torch.tensor([1.0, -1.0, 0.0, 2.0])\n"
        "result = [run(lambda a: F.hinge_embedding_loss(a, odd, reduction='none'), leaf(4)), "
        "run(lambda a: F.hinge_embedding_loss(a, y, margin=-0.5), leaf(4)), "
        "run(lambda a: F.hinge_embedding_loss(a, torch.tensor([1.0, -1.0, 1.0]), "
        "reduction='sum'), leaf(2, 3)), "
        "run(lambda a: F.hinge_embedding_loss(a, torch.tensor([1, -1, 1, -1])), leaf(4)), "
        "run(lambda a: F.hinge_embedding_loss(a, y, margin=2), leaf(4, dtype=torch.float64)), "
        "attempt(lambda: F.hinge_embedding_loss(torch.ones(3), torch.ones(2))), "
        "run(lambda a: F.hinge_embedding_loss(a, torch.tensor(-1.0)), leaf(3))]"
    ),
    "nnextra_soft_margin_edges": _case(
        "result = [run(lambda a: F.soft_margin_loss(a, torch.tensor(-1.0)), leaf(3)), "
        "attempt(lambda: F.soft_margin_loss(torch.ones(3), torch.ones(2))), "
        "attempt(lambda: F.soft_margin_loss(torch.ones(2, 3), torch.ones(3))), "
        "run(lambda a: F.soft_margin_loss(a, torch.tensor([1, -1, 1])), leaf(3)), "
        "run(lambda a: F.soft_margin_loss(a, y, reduction='sum'), leaf(4, dtype=torch.float64)), "
        "run(lambda a: F.soft_margin_loss(a, torch.ones(0)), leaf(0)), "
        "run(lambda a, b: F.soft_margin_loss(a, b), leaf(3), leaf(3))]"
    ),
    # ---- cosine embedding, triplet, distances ----
    "nnextra_cosine_embedding_edges": _case(
        "result = [run(lambda a, b: F.cosine_embedding_loss(a, b, torch.tensor(-1.0), "
        "margin=-0.2), leaf(3), leaf(3)), "
        "run(lambda a, b: F.cosine_embedding_loss(a, b, torch.tensor([1.0, 0.0, -1.0]), "
        "reduction='none'), leaf(3, 2), leaf(3, 2)), "
        "run(lambda a, b: F.cosine_embedding_loss(a, b, torch.tensor([1, -1])), leaf(2, 3), "
        "leaf(2, 3)), attempt(lambda: F.cosine_embedding_loss(torch.ones(2, 3), "
        "torch.ones(2, 3), torch.ones(2, 1))), attempt(lambda: F.cosine_embedding_loss("
        "torch.ones(2, 3), torch.ones(3), torch.ones(2))), attempt(lambda: "
        "F.cosine_embedding_loss(torch.ones(2, 2, 3), torch.ones(2, 2, 3), torch.ones(2, 2))), "
        "run(lambda a, b: F.cosine_embedding_loss(a, b, y), torch.zeros(4, 3, "
        "requires_grad=True), leaf(4, 3))]"
    ),
    "nnextra_triplet_edges": _case(
        "result = [run(lambda a, b, c: F.triplet_margin_loss(a, b, c), leaf(3), leaf(3), "
        "leaf(3)), run(lambda a, b, c: F.triplet_margin_loss(a, b, c, p=1, swap=True, "
        "reduction='none'), leaf(4, 3), leaf(4, 3), leaf(4, 3)), "
        "run(lambda a, b, c: F.triplet_margin_loss(a, b, c, p=3, margin=0.3, eps=0.1), "
        "leaf(2, 3), leaf(2, 3), leaf(2, 3)), "
        "run(lambda a, b, c: F.triplet_margin_loss(a, b, c, p=float('inf')), leaf(2, 3), "
        "leaf(2, 3), leaf(2, 3)), "
        "attempt(lambda: F.triplet_margin_loss(torch.ones(2, 2, 3), torch.ones(2, 2, 3), "
        "torch.ones(2, 2, 3))), attempt(lambda: F.triplet_margin_loss(torch.ones(()), "
        "torch.ones(()), torch.ones(()))), "
        "attempt(lambda: nn.TripletMarginLoss(margin=0.0)), "
        "attempt(lambda: nn.TripletMarginLoss(margin=-1)), "
        "run(lambda a, b, c: F.triplet_margin_loss(a, b, c, margin=0.0), leaf(2, 3), leaf(2, 3), "
        "leaf(2, 3)), attempt(lambda: F.triplet_margin_loss(torch.ones(2, 3), torch.ones(2, 3), "
        "torch.ones(3, 3)))]"
    ),
    "nnextra_pairwise_distance": _case(
        "result = [run(lambda a, b: F.pairwise_distance(a, b, p=p), leaf(3, 4), leaf(3, 4)) "
        "for p in (1, 1.5, 2, 3, float('inf'))] + ["
        "run(lambda a, b: F.pairwise_distance(a, b), leaf(4), leaf(4)), "
        "run(lambda a, b: F.pairwise_distance(a, b, keepdim=True), leaf(4), leaf(4)), "
        "run(lambda a, b: F.pairwise_distance(a, b, eps=0.5), leaf(2, 3), leaf(1, 3)), "
        "run(lambda a, b: F.pairwise_distance(a, b), leaf(2, 2, 3), leaf(3)), "
        "run(lambda a, b: F.pairwise_distance(a, b), leaf(()), leaf(())), "
        "run(lambda a, b: F.pairwise_distance(a, b, keepdim=True), leaf(()), leaf(2)), "
        "attempt(lambda: F.pairwise_distance(torch.ones(2, 3), torch.ones(2, 4))), "
        "run(lambda a, b: F.pairwise_distance(a, b), leaf(2, 3, dtype=torch.float64), "
        "leaf(2, 3)), attempt(lambda: F.pairwise_distance(torch.ones(2, 3, dtype=torch.long), "
        "torch.ones(2, 3, dtype=torch.long))), "
        "run(lambda a: F.pairwise_distance(a, a.detach()), leaf(2, 3))]"
    ),
    "nnextra_pairwise_cosine_modules": _case(
        "a, b = leaf(2, 3), leaf(2, 3)\n"
        "result = [run(nn.PairwiseDistance(p=1.0), a, b), run(nn.PairwiseDistance(eps=0.0), "
        "leaf(2, 3), leaf(2, 3)), run(nn.CosineSimilarity(), leaf(2, 3), leaf(2, 3)), "
        "run(nn.CosineSimilarity(dim=-1, eps=0.5), leaf(2, 3), leaf(1, 3)), "
        "run(nn.CosineSimilarity(dim=0), leaf(3), leaf(3)), "
        "attempt(lambda: nn.CosineSimilarity(dim=2)(torch.ones(2, 3), torch.ones(2, 3))), "
        "run(nn.CosineSimilarity(), torch.zeros(2, 3, requires_grad=True), leaf(2, 3))]"
    ),
    # ---- poisson, gaussian ----
    "nnextra_poisson_edges": _case(
        "tgt = torch.tensor([[0.0, 1.0, 1.5], [2.0, 0.5, 7.0]])\n"
        "result = [run(lambda a: F.poisson_nll_loss(a, tgt, full=True, reduction='none'), "
        "leaf(2, 3)), run(lambda a: F.poisson_nll_loss(a.exp(), tgt, log_input=False, "
        "eps=0.5, reduction='sum'), leaf(2, 3)), "
        "run(lambda a, b: F.poisson_nll_loss(a, b, full=True), leaf(2, 3), "
        "(tgt + 0.5).requires_grad_()), "
        "run(lambda a: F.poisson_nll_loss(a, torch.tensor(3.0), full=True), leaf(3)), "
        "run(lambda a: F.poisson_nll_loss(a, tgt.double()), leaf(2, 3)), "
        "run(lambda a: nn.PoissonNLLLoss(log_input=False)(a, tgt), torch.rand(2, 3) + 0.1), "
        "attempt(lambda: F.poisson_nll_loss(torch.ones(2, 3), torch.ones(3, 2))), "
        "run(lambda a: F.poisson_nll_loss(a, torch.tensor([0, 2, 5])), leaf(3))]"
    ),
    "nnextra_gaussian_edges": _case(
        "tgt = torch.randn(4, 3)\n"
        "result = [run(lambda a: F.gaussian_nll_loss(a, tgt, torch.rand(4) + 0.1), leaf(4, 3)), "
        "run(lambda a, v: F.gaussian_nll_loss(a, tgt, v, reduction='none'), leaf(4, 3), "
        "(torch.rand(4, 1) + 0.1).requires_grad_()), "
        "run(lambda a: F.gaussian_nll_loss(a, tgt, 0.5), leaf(4, 3)), "
        "run(lambda a: F.gaussian_nll_loss(a, tgt, torch.full((4, 3), 1e-9), eps=1e-3, "
        "full=True, reduction='sum'), leaf(4, 3)), "
        "run(lambda a, v: F.gaussian_nll_loss(a, tgt, v, eps=0.5), leaf(4, 3), "
        "torch.rand(4, 3, requires_grad=True)), "
        "run(lambda a: F.gaussian_nll_loss(a, torch.randn(3), torch.ones(3)), leaf(3)), "
        "run(lambda a: F.gaussian_nll_loss(a, torch.randn(2, 4, 3), torch.ones(2, 4)), "
        "leaf(2, 4, 3)), "
        "run(lambda a: F.gaussian_nll_loss(a, tgt, torch.ones(3)), leaf(4, 3)), "
        "attempt(lambda: F.gaussian_nll_loss(torch.ones(4, 3), torch.ones(4, 3), "
        "torch.ones(4, 2))), attempt(lambda: F.gaussian_nll_loss(torch.ones(4, 3), "
        "torch.ones(4, 3), torch.ones(2))), "
        "attempt(lambda: F.gaussian_nll_loss(torch.ones(4, 3), torch.ones(4, 3), -1.0)), "
        "attempt(lambda: F.gaussian_nll_loss(torch.ones(4, 3), torch.ones(4, 3), "
        "torch.ones(4, 3), reduction='avg')), "
        "run(lambda a: F.gaussian_nll_loss(a, tgt[0], torch.ones(4, 3)), leaf(4, 3)), "
        "run(lambda a: nn.GaussianNLLLoss(full=True, eps=0.1, reduction='none')(a, tgt, "
        "torch.zeros(4, 3)), leaf(4, 3))]"
    ),
    # ---- multilabel soft margin, multi margin ----
    "nnextra_multilabel_edges": _case(
        "lab = torch.tensor([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]])\n"
        "result = [run(lambda a: F.multilabel_soft_margin_loss(a, lab[0]), leaf(3)), "
        "run(lambda a: F.multilabel_soft_margin_loss(a, lab.long(), reduction='sum'), "
        "leaf(2, 3)), run(lambda a: F.multilabel_soft_margin_loss(a, lab, "
        "weight=torch.tensor([2.0, 1.0, 0.5]), reduction='none'), leaf(2, 3)), "
        "run(lambda a: F.multilabel_soft_margin_loss(a, lab), leaf(2, 3, dtype=torch.float64)), "
        "run(lambda a: F.multilabel_soft_margin_loss(a, torch.ones(2, 2, 3)), leaf(2, 2, 3)), "
        "attempt(lambda: F.multilabel_soft_margin_loss(torch.ones(2, 3), torch.ones(2, 4))), "
        "run(lambda a, w: F.multilabel_soft_margin_loss(a, lab, weight=w), leaf(2, 3), "
        "torch.rand(3, requires_grad=True))]"
    ),
    "nnextra_multi_margin_edges": _case(
        "cls = torch.tensor([2, 0])\n"
        "result = [run(lambda a: F.multi_margin_loss(a, cls, margin=0.2, reduction='none'), "
        "leaf(2, 3)), run(lambda a: F.multi_margin_loss(a, cls, p=2, reduction='sum'), "
        "leaf(2, 3, dtype=torch.float64)), "
        "run(lambda a: F.multi_margin_loss(a, torch.tensor([1])), leaf(1, 4)), "
        "run(lambda a, w: F.multi_margin_loss(a, cls, weight=w), leaf(2, 3), "
        "torch.rand(3, requires_grad=True)), "
        "attempt(lambda: F.multi_margin_loss(torch.ones(2, 3), cls, weight=torch.ones(3, 1))), "
        "attempt(lambda: F.multi_margin_loss(torch.ones(2, 2, 3), cls)), "
        "attempt(lambda: F.multi_margin_loss(torch.ones(0, 3), torch.ones(0).long(), "
        "reduction='none')), attempt(lambda: F.multi_margin_loss(torch.ones(2, 0), "
        "torch.tensor([0, 0]))), "
        "attempt(lambda: F.multi_margin_loss(torch.ones(2, 3), torch.tensor([-1, 0]))), "
        "attempt(lambda: nn.MultiMarginLoss(p=3)), "
        "attempt(lambda: nn.MultiMarginLoss(weight=torch.ones(2, 2))), "
        "attempt(lambda: F.multi_margin_loss(torch.ones(()), torch.tensor(0)))]"
    ),
    # ---- channel dropout ----
    "nnextra_dropout_inplace_dtypes": _case(
        "base = torch.ones(2, 3, 4, requires_grad=True)\n"
        "x = base * 2\n"
        "y = F.dropout1d(x, 0.5, inplace=True)\n"
        "node = y.grad_fn\ny.sum().backward()\n"
        "z = torch.ones(2, 3, 2, 2, dtype=torch.float64)\n"
        "w = F.dropout2d(z, 0.25, inplace=True)\n"
        "u = torch.ones(3, 5)\nv = nn.Dropout1d(0.6, inplace=True)(u)\n"
        "h = F.dropout2d(torch.ones(2, 4, 2, 2, dtype=torch.float16), 0.5)\n"
        "result = [y is x, names(node), x, base.grad, w is z, w, v is u, u, h, torch.rand(3), "
        "repr(nn.Dropout2d(0.2, inplace=True)), repr(nn.Dropout1d(p=0))]"
    ),
    "nnextra_dropout_shapes_and_errors": _case(
        "d5 = attempt(lambda: F.dropout2d(torch.ones(1, 2, 2, 2, 2), 0.5))\n"
        "d2 = attempt(lambda: F.dropout2d(torch.ones(4, 3), 0.5))\n"
        "result = [d5, d2, attempt(lambda: F.dropout1d(torch.ones(3), 0.5)), "
        "attempt(lambda: F.dropout2d(torch.ones(2, 3, 2, 2), -0.1)), "
        "attempt(lambda: F.dropout1d(torch.ones(2, 3, 2), 1.5)), "
        "attempt(lambda: repr(nn.Dropout1d(-1))), "
        "attempt(lambda: F.dropout2d(torch.ones(2, 3, 2, 2), 0.0)), "
        "attempt(lambda: F.dropout2d(torch.ones(2, 3, 2, 2), 1.0)), "
        "attempt(lambda: F.dropout1d(torch.ones(2, 3, 2, requires_grad=True), 0.5, "
        "inplace=True)), "
        "attempt(lambda: F.dropout1d(torch.ones(0, 3, 2), 0.5)), "
        "attempt(lambda: F.dropout2d(torch.ones(2, 3, 2, 2).long(), 0.5)), "
        "run(lambda a: nn.Dropout2d(0.5)(a), torch.ones(2, 3, 2, 2, requires_grad=True)), "
        "run(lambda a: nn.Dropout1d(0.3)(a) * 2, torch.ones(3, 4, requires_grad=True))]"
    ),
    # ---- Unflatten and padding ----
    "nnextra_unflatten": _case(
        "x = torch.arange(24.0).reshape(2, 12).requires_grad_()\n"
        "mods = [nn.Unflatten(1, (3, -1)), nn.Unflatten(-1, [2, 2, 3]), "
        "nn.Unflatten(0, torch.Size([1, 2]))]\n"
        "outs = [m(x) for m in mods]\nouts[0].sum().backward()\n"
        "result = [[repr(m) for m in mods], [[o.shape, o.stride(), o.grad_fn] for o in outs], "
        "x.grad, attempt(lambda: nn.Unflatten(1, (5, 2))(x)), "
        "attempt(lambda: nn.Unflatten(3, (2, 6))(x)), "
        "attempt(lambda: repr(nn.Unflatten('a', (2, 6)))), attempt(lambda: repr(nn.Unflatten(1, 12))), "
        "attempt(lambda: repr(nn.Unflatten(1, (2.0, 6))))]"
    ),
    "nnextra_padding_modules": _case(
        "x = torch.arange(1.0, 13.0).reshape(1, 2, 6).requires_grad_()\n"
        "img = torch.arange(1.0, 17.0).reshape(1, 4, 4).requires_grad_()\n"
        "ms = [nn.ConstantPad1d((-1, 2), 7), nn.ZeroPad1d((-2, -1)), nn.ConstantPad1d(1, 0.5), "
        "nn.ZeroPad2d((-1, 1, 0, -2)), nn.ConstantPad2d(1, 2), nn.ConstantPad2d((1, 0, 0, 1), "
        "-1.5), nn.ZeroPad2d([1, 2, 3, 0])]\n"
        "outs = [m(x) for m in ms[:3]] + [m(img) for m in ms[3:]]\n"
        "sum(o.sum() for o in outs).backward()\n"
        "result = [[repr(m) for m in ms], [m.padding for m in ms], [m.value for m in ms], outs, "
        "x.grad, img.grad, ms[2](torch.ones(3, 2)), ms[4](torch.ones(1, 1, 1, 1)), "
        "ms[4](torch.ones(2, 2, dtype=torch.int64)), "
        "attempt(lambda: repr(nn.ConstantPad1d((1, 2, 3), 0.0))), "
        "attempt(lambda: nn.ZeroPad2d((1, 2, 3))(img)), "
        "attempt(lambda: nn.ZeroPad1d((-4, -3))(x)), "
        "attempt(lambda: nn.ConstantPad2d(1, 0.0)(torch.ones(3)))]"
    ),
    # ---- parameter containers ----
    "nnextra_parameter_list_methods": _case(
        "pl = nn.ParameterList()\n"
        "r1 = pl.append(torch.ones(2)) is pl\n"
        "pl.extend((nn.Parameter(torch.zeros(1, 3)), torch.ones(2, dtype=torch.float64)))\n"
        "pl += [nn.Parameter(torch.ones(3), requires_grad=False)]\n"
        "pl.append('text')\npl.append(3)\n"
        "frozen = nn.Parameter(torch.ones(2), requires_grad=False)\n"
        "result = [r1, repr(pl), len(pl), [type(p).__name__ for p in pl], "
        "[n for n, _ in pl.named_parameters()], len(list(pl.parameters())), "
        "list(pl.state_dict()), pl[-3].requires_grad, pl[1].requires_grad, "
        "type(pl[1:3]).__name__, repr(pl[1:3]), pl[-1], "
        "attempt(lambda: pl[-7]), attempt(lambda: pl['a']), attempt(lambda: pl(1)), "
        "repr(nn.ParameterList()), repr(nn.ParameterList([frozen])), attempt(lambda: pl[1.5]), "
        "attempt(lambda: pl.__setitem__(9, torch.ones(1))), "
        "[n for n, _ in nn.ParameterList([frozen]).named_parameters()]]"
    ),
    "nnextra_parameter_list_modules": _case(
        "class Net(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.scales = nn.ParameterList([nn.Parameter(torch.full((2,), float(i + 1))) "
        "for i in range(3)])\n"
        "        self.lin = nn.Linear(2, 1)\n"
        "    def forward(self, x):\n"
        "        for s in self.scales:\n"
        "            x = x * s\n"
        "        return self.lin(x)\n"
        "net = Net()\nout = net(torch.ones(4, 2))\nout.sum().backward()\n"
        "d = net.double()\n"
        "sd = net.state_dict()\n"
        "net2 = Net()\nnet2.load_state_dict(sd)\n"
        "result = [repr(net), [n for n, _ in net.named_parameters()], "
        "[p.grad for p in net.scales], list(sd), [p.dtype for p in net.scales], "
        "net2.scales[2], d is net, len(list(net.modules()))]"
    ),
    "nnextra_parameter_dict_methods": _case(
        "pd = nn.ParameterDict([('w', nn.Parameter(torch.ones(2, 2))), ('b', torch.zeros(2))])\n"
        "pd['s'] = 'text'\n"
        "pd['f'] = nn.Parameter(torch.ones(1), requires_grad=False)\n"
        "sd = pd.setdefault('w', torch.zeros(9))\n"
        "sd2 = pd.setdefault('n', torch.full((3,), 2.0))\n"
        "cp = pd.copy()\n"
        "item = pd.popitem()\n"
        "fk = pd.fromkeys(['p', 'q'], torch.ones(1))\n"
        "merged = pd | fk\n"
        "del pd['b']\n"
        "result = [repr(pd), list(pd.keys()), [type(v).__name__ for v in pd.values()], "
        "[k for k, _ in pd.items()], sd.shape, sd2.requires_grad, type(sd2).__name__, "
        "repr(cp), item[0], repr(fk), list(merged.keys()), "
        "[n for n, _ in pd.named_parameters()], list(pd.state_dict()), "
        "attempt(lambda: pd['zz']), attempt(lambda: pd.pop('zz')), "
        "attempt(lambda: pd(torch.ones(1))), 'w' in pd, len(pd), list(reversed(pd)), "
        "repr(nn.ParameterDict()), repr(pd.fromkeys(['x'])), fk['p'] is fk['q'], "
        "repr(nn.ParameterDict({'n': 3, 'm': nn.Linear(1, 1), 'a': torch.ones(1)})), "
        "attempt(lambda: nn.ParameterDict().popitem()), attempt(lambda: pd.__delitem__('zz')), "
        "list((fk | pd).keys()), list(reversed(fk))]"
    ),
    "nnextra_parameter_dict_clear_update": _case(
        "pd = nn.ParameterDict({'a': torch.ones(1), 'b': torch.ones(2)})\n"
        "pd.update([('c', torch.ones(3))])\n"
        "pd.update(nn.ParameterDict({'a': torch.zeros(4)}))\n"
        "before = list(pd.keys())\n"
        "shapes = [p.shape for p in pd.values()]\n"
        "pd.clear()\n"
        "result = [before, shapes, len(pd), list(pd.parameters()), "
        "attempt(lambda: pd.update(5)), attempt(lambda: pd.update([('x', 1, 2)])), "
        "attempt(lambda: nn.ParameterDict({1: torch.ones(1)})), "
        "attempt(lambda: nn.ParameterDict({'a.b': torch.ones(1)}))]"
    ),
    # ---- type_as, reshape_as ----
    "nnextra_type_as_reshape_as": _case(
        "x = torch.tensor([[1.5, -2.5], [3.25, 0.0]], requires_grad=True)\n"
        "i = torch.tensor([1, 2, 3])\n"
        "a = i.type_as(torch.ones(1))\nb = x.type_as(torch.ones(1, dtype=torch.bool))\n"
        "c = x.t().reshape_as(torch.ones(4))\nd = x.reshape_as(torch.ones(1, 4, 1))\n"
        "(c.sum() + d.sum() * 2).backward()\n"
        "result = [a, b, c, c.grad_fn, d.stride(), d.grad_fn, x.grad, "
        "x.type_as(torch.ones(1, dtype=torch.float16)), "
        "attempt(lambda: x.type_as(3)), attempt(lambda: x.reshape_as(torch.ones(3))), "
        "attempt(lambda: x.reshape_as([4])), x.reshape_as(x) is x, "
        "x.reshape_as(torch.ones(2, 2)).data_ptr() == x.data_ptr(), "
        "x.t().reshape_as(torch.ones(4)).data_ptr() == x.data_ptr()]"
    ),
}

# float32 sums, logs and exps round a few ulps from torch's kernels
TOLERANCES = {"nnextra_": (2e-5, 2e-6)}
