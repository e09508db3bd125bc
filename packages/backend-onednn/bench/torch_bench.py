"""PyTorch peer of bench.ts: same models, same optimizer, 2 threads.

Prints one JSON object: samples/s for training and inference latency.
Usage: /usr/bin/python3 torch_bench.py [--quick]
"""
import json
import sys
import time

try:
    import torch
    import torch.nn as nn
except ImportError as err:  # reported as "skipped" by bench.ts
    print(json.dumps({"error": f"torch not importable: {err}"}))
    sys.exit(0)

torch.set_num_threads(2)
torch.manual_seed(0)
QUICK = "--quick" in sys.argv


def cnn():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(32 * 13 * 13, 128), nn.ReLU(), nn.Linear(128, 10),
    )


def mlp():
    return nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))


def train_rate(make, shape, batch, seconds):
    model = make()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()  # softmax + categorical cross-entropy
    x = torch.rand(batch, *shape)
    y = torch.randint(0, 10, (batch,))

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss

    for _ in range(5):
        step()
    steps, start = 0, time.perf_counter()
    while True:
        loss = step()
        steps += 1
        elapsed = time.perf_counter() - start
        if elapsed > seconds and steps >= 5:
            break
    loss.item()
    return steps * batch / (time.perf_counter() - start)


def latency_ms(make, shape, batch, seconds):
    model = make().eval()
    x = torch.rand(batch, *shape)
    with torch.no_grad():
        for _ in range(5):
            model(x)
        runs, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds or runs < 5:
            model(x)
            runs += 1
    return (time.perf_counter() - start) / runs * 1000


secs = 0.5 if QUICK else 3.0
result = {"torch": torch.__version__, "threads": torch.get_num_threads()}
for batch in (32, 128):
    result[f"cnn_train_{batch}"] = train_rate(cnn, (1, 28, 28), batch, secs)
    result[f"mlp_train_{batch}"] = train_rate(mlp, (784,), batch, secs)
for batch in (1, 256):
    result[f"cnn_infer_{batch}_ms"] = latency_ms(cnn, (1, 28, 28), batch, secs / 2)
    result[f"mlp_infer_{batch}_ms"] = latency_ms(mlp, (784,), batch, secs / 2)
print(json.dumps(result))
