"""A small image classifier in the shape of torch's "Training a classifier"
tutorial (two convolutions with max pooling, then three linear layers), and
a second one with batch norm and average pooling, trained for a few steps on
made-up 32x32 images. Written for torch; run unchanged by ferrograd's runner.
Losses and statistics print to three decimals: convolutions sum in a
different order than torch's and may round differently in the last bits."""

import torch
import torch.nn.functional as F
from torch import nn, optim

torch.manual_seed(0)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


net = Net()
print(net)
print(net.conv1.weight.shape, net.conv1.bias.shape, net.conv2.weight.shape)
print(net.conv1.weight[0, 0, 0], net.conv2.bias[:4])
print(sum(p.numel() for p in net.parameters()))

images = torch.randn(16, 3, 32, 32)
labels = torch.randint(0, 10, (16,))
out = net(images)
print(out.shape, type(out.grad_fn).__name__)

criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
for step in range(5):
    optimizer.zero_grad()
    loss = criterion(net(images), labels)
    loss.backward()
    optimizer.step()
    print(step, f"{loss.item():.3f}")
print(net.conv1.weight.grad.shape, f"{net.conv1.weight.grad.abs().sum().item():.3f}")

with torch.no_grad():
    predicted = net(images).argmax(1)
print("agree with labels:", (predicted == labels).sum().item(), "of", labels.numel())

# a variant with batch norm, strided and padded convolutions, average pooling
model = nn.Sequential(
    # no bias before batch norm: its gradient would be rounding noise, which
    # Adam's steps would blow up into visible differences
    nn.Conv2d(3, 8, kernel_size=3, padding=1, bias=False),
    nn.BatchNorm2d(8),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(8, 16, kernel_size=3, stride=2, padding=1, bias=False),
    nn.BatchNorm2d(16),
    nn.ReLU(),
    nn.AdaptiveAvgPool2d((1, 1)),
    nn.Flatten(),
    nn.Linear(16, 10),
)
print(model)
print(list(model.state_dict().keys())[:7])
opt = optim.Adam(model.parameters(), lr=1e-3)
model.train()
for step in range(4):
    opt.zero_grad()
    loss = F.cross_entropy(model(images), labels)
    loss.backward()
    opt.step()
    print(step, f"{loss.item():.3f}")
bn = model[1]
print(bn.num_batches_tracked, f"{bn.running_mean.abs().sum().item():.3f}", f"{bn.running_var.mean().item():.3f}")
model.eval()
with torch.no_grad():
    print(model(images[:2]).shape, f"{model(images).std().item():.3f}")
print(F.avg_pool2d(images[:1, :1, :4, :4], 2).shape)
