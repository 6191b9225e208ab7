"""A small training loop fed by torch.utils.data: a seeded split, shuffled
batches over two epochs, a generator-driven loader, and what the default
generator draws afterwards."""

import torch
from torch import nn
from torch.utils.data import DataLoader, RandomSampler, TensorDataset, random_split

torch.manual_seed(0)
x = torch.randn(20, 3)
y = x @ torch.tensor([[1.0], [-2.0], [0.5]]) + 0.1 * torch.randn(20, 1)
data = TensorDataset(torch.arange(20), x, y)
train, valid = random_split(data, [0.75, 0.25], generator=torch.Generator().manual_seed(1))
print("split", train.indices, valid.indices)

model = nn.Linear(3, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
loader = DataLoader(train, batch_size=4, shuffle=True, drop_last=True)
print("batches per epoch", len(loader))
for epoch in range(2):
    for index, xb, yb in loader:
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(xb), yb)
        loss.backward()
        opt.step()
        print(epoch, index.tolist(), f"{loss.item():.4f}")

g = torch.Generator().manual_seed(5)
for batch in DataLoader(valid, batch_size=2, shuffle=True, generator=g):
    print("valid", batch[0].tolist())
replay = DataLoader(data, batch_size=8, sampler=RandomSampler(data, replacement=True, num_samples=12))
print("with replacement", [b[0].tolist() for b in replay])
print("next draw", torch.rand(2))
