"""Sequence models as a learner writes them: a character-level LSTM that
learns to continue a phrase, a GRU regressor on a sine wave, and a small
transformer encoder classifying sequences, each trained a few steps and
printed."""

import torch
import torch.nn as nn  # noqa: PLR0402 - as learners write it
import torch.nn.functional as F

torch.manual_seed(0)

# ---- a character LSTM ----
text = "hello world, hello sequence models. "
chars = sorted(set(text))
stoi = {c: i for i, c in enumerate(chars)}
data = torch.tensor([stoi[c] for c in text])


class CharLSTM(nn.Module):
    def __init__(self, vocab, hidden):
        super().__init__()
        self.embed = nn.Embedding(vocab, 12)
        self.lstm = nn.LSTM(12, hidden, num_layers=2, batch_first=True)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, x, state=None):
        out, state = self.lstm(self.embed(x), state)
        return self.head(out), state


model = CharLSTM(len(chars), 32)
print(model)
print("parameters:", sum(p.numel() for p in model.parameters()))
opt = torch.optim.Adam(model.parameters(), lr=0.02)
x, y = data[:-1].unsqueeze(0), data[1:].unsqueeze(0)
for step in range(30):
    logits, _ = model(x)
    loss = F.cross_entropy(logits.view(-1, len(chars)), y.view(-1))
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 10 == 9:
        print(f"step {step + 1}: loss {loss.item():.3f}")

with torch.no_grad():
    idx, state, out = torch.tensor([[stoi["h"]]]), None, "h"
    for _ in range(20):
        logits, state = model(idx, state)
        idx = logits[:, -1].argmax(-1, keepdim=True)
        out += chars[idx.item()]
print("greedy:", repr(out))

# ---- a GRU on a sine wave ----
t = torch.linspace(0, 8, 41)
wave = torch.sin(t).view(1, -1, 1)
gru, readout = nn.GRU(1, 16, batch_first=True), nn.Linear(16, 1)
opt = torch.optim.SGD([*gru.parameters(), *readout.parameters()], lr=0.2, momentum=0.9)
for step in range(40):
    hidden, last = gru(wave[:, :-1])
    loss = F.mse_loss(readout(hidden), wave[:, 1:])
    opt.zero_grad()
    loss.backward()
    nn.utils.clip_grad_norm_(gru.parameters(), 1.0)
    opt.step()
    if step % 10 == 9:
        print(f"gru step {step + 1}: mse {loss.item():.4f}")
print("last hidden:", last.shape, last.grad_fn.name())

# ---- a transformer encoder classifier ----
encoder_layer = nn.TransformerEncoderLayer(d_model=16, nhead=4, dim_feedforward=32,
                                           dropout=0.1, batch_first=True)
encoder = nn.TransformerEncoder(encoder_layer, num_layers=2)
classify = nn.Linear(16, 2)
tokens = torch.randint(0, 10, (8, 6))
labels = (tokens.sum(1) > 27).long()
embed = nn.Embedding(10, 16)
params = [*encoder.parameters(), *classify.parameters(), *embed.parameters()]
opt = torch.optim.AdamW(params, lr=0.01)
for step in range(20):
    logits = classify(encoder(embed(tokens)).mean(1))
    loss = F.cross_entropy(logits, labels)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 5 == 4:
        print(f"transformer step {step + 1}: loss {loss.item():.3f}")
encoder.eval()
with torch.no_grad():
    accuracy = (classify(encoder(embed(tokens)).mean(1)).argmax(1) == labels).float().mean()
print("accuracy:", accuracy)
attn = nn.MultiheadAttention(16, 4, batch_first=True)
out, weights = attn(embed(tokens[:2]), embed(tokens[:2]), embed(tokens[:2]))
print(out.shape, weights.shape, weights.sum(-1))
