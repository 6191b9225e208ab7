"""``ferrograd.nn``: functional ops, Parameter, Module and common layers."""

from . import functional, init, utils
from ._conv_transpose import ConvTranspose1d, ConvTranspose2d, ConvTranspose3d
from ._extra_modules import (
    ConstantPad1d,
    ConstantPad2d,
    Dropout1d,
    Dropout2d,
    ParameterDict,
    ParameterList,
    Unflatten,
    ZeroPad1d,
    ZeroPad2d,
)
from ._fold import Fold, Unfold
from ._interpolate import Upsample, UpsamplingBilinear2d, UpsamplingNearest2d
from ._losses_extra import (
    CosineEmbeddingLoss,
    CosineSimilarity,
    GaussianNLLLoss,
    HingeEmbeddingLoss,
    KLDivLoss,
    MarginRankingLoss,
    MultiLabelSoftMarginLoss,
    MultiMarginLoss,
    PairwiseDistance,
    PoissonNLLLoss,
    SoftMarginLoss,
    TripletMarginLoss,
)
from ._more_layers import (
    AdaptiveAvgPool1d,
    AlphaDropout,
    Bilinear,
    ChannelShuffle,
    CircularPad1d,
    CircularPad2d,
    CircularPad3d,
    EmbeddingBag,
    FeatureAlphaDropout,
    LazyLinear,
    LocalResponseNorm,
    MultiLabelMarginLoss,
    PixelShuffle,
    PixelUnshuffle,
    RMSNorm,
    Softmax2d,
)
from ._norms import GroupNorm, InstanceNorm1d, InstanceNorm2d
from ._padding import ReflectionPad1d, ReflectionPad2d, ReplicationPad1d, ReplicationPad2d
from ._pool_extra import (
    AdaptiveMaxPool1d,
    AdaptiveMaxPool2d,
    AdaptiveMaxPool3d,
    LPPool1d,
    LPPool2d,
    LPPool3d,
)
from ._transformer import (
    MultiheadAttention,
    Transformer,
    TransformerDecoder,
    TransformerDecoderLayer,
    TransformerEncoder,
    TransformerEncoderLayer,
)
from ._unpool import MaxUnpool1d, MaxUnpool2d, MaxUnpool3d
from .modules import (  # activations: ELU ... PReLU
    CELU,
    ELU,
    GELU,
    GLU,
    SELU,
    AdaptiveAvgPool2d,
    AdaptiveAvgPool3d,
    AvgPool1d,
    AvgPool2d,
    AvgPool3d,
    BatchNorm1d,
    BatchNorm2d,
    BCELoss,
    BCEWithLogitsLoss,
    Conv1d,
    Conv2d,
    Conv3d,
    CrossEntropyLoss,
    Dropout,
    Embedding,
    Flatten,
    Hardshrink,
    Hardsigmoid,
    Hardswish,
    Hardtanh,
    HuberLoss,
    Identity,
    L1Loss,
    LayerNorm,
    LeakyReLU,
    Linear,
    LogSigmoid,
    LogSoftmax,
    MaxPool1d,
    MaxPool2d,
    MaxPool3d,
    Mish,
    Module,
    ModuleDict,
    ModuleList,
    MSELoss,
    NLLLoss,
    Parameter,
    PReLU,
    ReLU,
    ReLU6,
    RReLU,
    Sequential,
    Sigmoid,
    SiLU,
    SmoothL1Loss,
    Softmax,
    Softmin,
    Softplus,
    Softshrink,
    Softsign,
    Tanh,
    Tanhshrink,
    Threshold,
)
from .rnn import GRU, LSTM, RNN, GRUCell, LSTMCell, RNNBase, RNNCell, RNNCellBase

__all__ = [
    # activations
    "CELU",
    "ELU",
    "GELU",
    "GLU",
    "SELU",
    "AdaptiveAvgPool2d",
    "AvgPool1d",
    "AvgPool2d",
    "BCELoss",
    "BCEWithLogitsLoss",
    "BatchNorm1d",
    "BatchNorm2d",
    "Conv1d",
    "Conv2d",
    "Conv3d",
    "CrossEntropyLoss",
    "Dropout",
    "Embedding",
    "Flatten",
    "Hardshrink",
    "Hardsigmoid",
    "Hardswish",
    "Hardtanh",
    "HuberLoss",
    "Identity",
    "L1Loss",
    "LayerNorm",
    "LeakyReLU",
    "Linear",
    "LogSigmoid",
    "LogSoftmax",
    "MSELoss",
    "MaxPool1d",
    "MaxPool2d",
    "Mish",
    "Module",
    "ModuleDict",
    "ModuleList",
    "NLLLoss",
    "PReLU",
    "Parameter",
    "RReLU",
    "ReLU",
    "ReLU6",
    "Sequential",
    "SiLU",
    "Sigmoid",
    "SmoothL1Loss",
    "Softmax",
    "Softmin",
    "Softplus",
    "Softshrink",
    "Softsign",
    "Tanh",
    "Tanhshrink",
    "Threshold",
    "functional",
    "init",
    "utils",
]
__all__ += ["GRU", "LSTM", "RNN", "GRUCell", "LSTMCell", "RNNBase", "RNNCell", "RNNCellBase"]
__all__ += ["GroupNorm", "InstanceNorm1d", "InstanceNorm2d"]
__all__ += ["MultiheadAttention", "Transformer", "TransformerDecoder", "TransformerDecoderLayer"]
__all__ += ["TransformerEncoder", "TransformerEncoderLayer"]
__all__ += ["ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d"]
__all__ += ["Fold", "Unfold", "Upsample", "UpsamplingBilinear2d", "UpsamplingNearest2d"]
__all__ += ["CosineEmbeddingLoss", "CosineSimilarity", "GaussianNLLLoss", "HingeEmbeddingLoss"]
__all__ += ["KLDivLoss", "MarginRankingLoss", "MultiLabelSoftMarginLoss", "MultiMarginLoss"]
__all__ += ["PairwiseDistance", "PoissonNLLLoss", "SoftMarginLoss", "TripletMarginLoss"]
__all__ += ["ConstantPad1d", "ConstantPad2d", "Dropout1d", "Dropout2d", "ParameterDict"]
__all__ += ["ParameterList", "Unflatten", "ZeroPad1d", "ZeroPad2d"]
__all__ += ["ReflectionPad1d", "ReflectionPad2d", "ReplicationPad1d", "ReplicationPad2d"]
__all__ += ["AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "AdaptiveMaxPool3d", "LPPool1d", "LPPool2d"]
__all__ += ["LPPool3d"]
__all__ += ["AdaptiveAvgPool3d", "AvgPool3d", "MaxPool3d"]
__all__ += ["MaxUnpool1d", "MaxUnpool2d", "MaxUnpool3d"]
__all__ += ["AdaptiveAvgPool1d", "AlphaDropout", "Bilinear", "ChannelShuffle", "CircularPad1d"]
__all__ += ["CircularPad2d", "CircularPad3d", "FeatureAlphaDropout", "LocalResponseNorm"]
__all__ += ["LazyLinear", "MultiLabelMarginLoss", "PixelShuffle", "PixelUnshuffle", "RMSNorm"]
__all__ += ["EmbeddingBag", "Softmax2d"]
