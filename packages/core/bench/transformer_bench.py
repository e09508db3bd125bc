"""PyTorch peer of transformer-bench.ts: the same Transformer encoder classifier, 2 threads.

Usage: /usr/bin/python3 transformer_bench.py '{"vocabSize": 1000, "maxLen": 64, ...}'
Prints one JSON object: {"samplesPerSec", "params", "torch"} or {"error"}.
"""
import json
import sys
import time

try:
    import torch
    import torch.nn as nn
except ImportError as err:  # reported as "skipped" by the TypeScript side
    print(json.dumps({"error": f"torch not importable: {err}"}))
    sys.exit(0)

cfg = json.loads(sys.argv[1])
torch.set_num_threads(2)
torch.manual_seed(0)


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        d = cfg["dim"]
        self.tokens = nn.Embedding(cfg["vocabSize"], d)
        self.positions = nn.Embedding(cfg["maxLen"], d)
        block = nn.TransformerEncoderLayer(
            d, cfg["numHeads"], cfg["ffDim"], dropout=0.1, activation="gelu", batch_first=True,
            layer_norm_eps=1e-6,
        )
        self.encoder = nn.TransformerEncoder(block, cfg["layers"], enable_nested_tensor=False)
        self.head = nn.Linear(d, cfg["classes"])

    def forward(self, ids):
        pos = torch.arange(ids.shape[1]).unsqueeze(0)
        h = self.encoder(self.tokens(ids) + self.positions(pos))
        return self.head(h.mean(dim=1))


model = Classifier().train()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()
batch = cfg["batch"]
x = torch.randint(1, cfg["vocabSize"], (batch, cfg["maxLen"]))
y = torch.arange(batch) % cfg["classes"]


def step():
    opt.zero_grad(set_to_none=True)
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()
    return loss


for _ in range(3):
    step()
steps, start = 0, time.perf_counter()
while time.perf_counter() - start < cfg["seconds"] or steps < 5:
    step()
    steps += 1
rate = steps * batch / (time.perf_counter() - start)
params = sum(p.numel() for p in model.parameters())
print(json.dumps({"samplesPerSec": rate, "params": params, "torch": torch.__version__}))
