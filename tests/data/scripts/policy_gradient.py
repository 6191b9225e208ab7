"""REINFORCE on a toy bandit and a reparameterized Gaussian fit, written for torch."""

import torch
import torch.distributions as dist
from torch import nn
from torch.distributions import Categorical, Normal

torch.manual_seed(0)

# a 4-armed bandit: a softmax policy learns to prefer the best-paying arm
policy = nn.Linear(3, 4)
opt = torch.optim.Adam(policy.parameters(), lr=0.05)
payout = torch.tensor([0.1, 0.5, 1.0, 0.2])
state = torch.ones(3)
for step in range(60):
    d = Categorical(logits=policy(state))
    actions = d.sample((16,))
    rewards = payout[actions] + 0.1 * torch.randn(16)
    loss = -(d.log_prob(actions) * (rewards - rewards.mean())).mean() - 0.01 * d.entropy()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 15 == 0:
        print(f"step {step:2d} loss {loss.item():+.5f} probs {d.probs.detach().numpy().round(4)}")
print("final policy", Categorical(logits=policy(state)).probs.detach().numpy().round(4))

# fit a Normal's loc and log-scale to data by the reparameterization trick
data = 2.0 + 0.5 * torch.randn(200)
loc = torch.zeros(1, requires_grad=True)
log_scale = torch.zeros(1, requires_grad=True)
opt = torch.optim.SGD([loc, log_scale], lr=0.1)
target = dist.Normal(data.mean(), data.std())
for step in range(40):
    q = Normal(loc, log_scale.exp())
    z = q.rsample((64,))
    loss = (q.log_prob(z) - target.log_prob(z)).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 10 == 0:
        print(f"step {step:2d} kl~ {loss.item():.6f} loc {loc.item():.6f} scale {log_scale.exp().item():.6f}")
kl = dist.kl_divergence(dist.Normal(loc, log_scale.exp()), target)
print("kl", kl.detach().numpy().round(6), "bernoulli", dist.Bernoulli(probs=torch.tensor([0.3, 0.9])).sample((3,)).tolist())
