"""A classifier built up from raw tensors to torch.nn, the path of torch's
"what is torch.nn really?" walk-through, on made-up data: hand-written
log-softmax and negative log-likelihood, then F.cross_entropy, nn.Module,
nn.Linear, optim, TensorDataset and DataLoader, a validation loop under
no_grad, and saving the trained weights. Written for torch; run unchanged by
ferrograd's runner. Losses print to four decimals: float32 kernels (exp,
log, matmul) may round differently from torch's in the last bit."""

import math
import os
import tempfile

import torch
import torch.nn.functional as F
from torch import nn, optim
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
n_train, n_valid, n_features, n_classes = 512, 128, 20, 4
centers = torch.randn(n_classes, n_features) * 2
y_train = torch.randint(0, n_classes, (n_train,))
y_valid = torch.randint(0, n_classes, (n_valid,))
x_train = centers[y_train] + torch.randn(n_train, n_features)
x_valid = centers[y_valid] + torch.randn(n_valid, n_features)
print(x_train.shape, y_train.min(), y_train.max(), y_train.dtype)

# by hand: weights, log-softmax, negative log-likelihood
weights = torch.randn(n_features, n_classes) / math.sqrt(n_features)
weights.requires_grad_()
bias = torch.zeros(n_classes, requires_grad=True)


def log_softmax(x):
    return x - x.exp().sum(-1).log().unsqueeze(-1)


def model(xb):
    return log_softmax(xb @ weights + bias)


def nll(logp, target):
    return -logp[range(target.shape[0]), target].mean()


def accuracy(out, yb):
    preds = torch.argmax(out, dim=1)
    return (preds == yb).float().mean()


bs, lr, epochs = 64, 0.5, 2
xb, yb = x_train[0:bs], y_train[0:bs]
preds = model(xb)
print(preds[0], preds.shape)
print(f"{nll(preds, yb).item():.4f}", accuracy(preds, yb))
for epoch in range(epochs):
    for i in range((n_train - 1) // bs + 1):
        xb = x_train[i * bs : i * bs + bs]
        yb = y_train[i * bs : i * bs + bs]
        loss = nll(model(xb), yb)
        loss.backward()
        with torch.no_grad():
            weights -= weights.grad * lr
            bias -= bias.grad * lr
            weights.grad.zero_()
            bias.grad.zero_()
print("by hand:", f"{nll(model(xb), yb).item():.4f}", accuracy(model(xb), yb))
print("same with F.cross_entropy:", f"{F.cross_entropy(xb @ weights + bias, yb).item():.4f}")


# nn.Module, nn.Linear, optim, datasets and loaders
class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(n_features, n_classes)

    def forward(self, xb):
        return self.lin(xb)


def loss_batch(model, loss_func, xb, yb, opt=None):
    loss = loss_func(model(xb), yb)
    if opt is not None:
        loss.backward()
        opt.step()
        opt.zero_grad()
    return loss.item(), len(xb)


def fit(epochs, model, loss_func, opt, train_dl, valid_dl):
    for epoch in range(epochs):
        model.train()
        for xb, yb in train_dl:
            loss_batch(model, loss_func, xb, yb, opt)
        model.eval()
        with torch.no_grad():
            losses, nums = zip(*[loss_batch(model, loss_func, xb, yb) for xb, yb in valid_dl])
        val_loss = sum(loss * n for loss, n in zip(losses, nums)) / sum(nums)
        print(epoch, f"{val_loss:.4f}")


train_ds = TensorDataset(x_train, y_train)
valid_ds = TensorDataset(x_valid, y_valid)
train_dl = DataLoader(train_ds, batch_size=bs, shuffle=True)
valid_dl = DataLoader(valid_ds, batch_size=bs * 2)
net = Classifier()
print(net, len(train_dl), len(valid_dl))
opt = optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
fit(3, net, F.cross_entropy, opt, train_dl, valid_dl)

seq = nn.Sequential(nn.Linear(n_features, 32), nn.ReLU(), nn.Dropout(0.1), nn.Linear(32, n_classes))
print(seq)
fit(2, seq, F.cross_entropy, optim.Adam(seq.parameters(), lr=1e-2), train_dl, valid_dl)
with torch.no_grad():
    seq.eval()
    print("valid accuracy:", accuracy(seq(x_valid), y_valid))

path = os.path.join(tempfile.mkdtemp(), "classifier.pt")
torch.save(seq.state_dict(), path)
copy = nn.Sequential(nn.Linear(n_features, 32), nn.ReLU(), nn.Dropout(0.1), nn.Linear(32, n_classes))
print(copy.load_state_dict(torch.load(path)))
copy.eval()
with torch.no_grad():
    print(torch.equal(copy(x_valid), seq(x_valid)), list(copy.state_dict())[:2])
