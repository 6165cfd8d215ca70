# The PyTorch-on-CPU twin of one MNIST Lab run, for `npm run bench -- --to-accuracy 0.99 --vs-torch`.
#
# It reads the recipe the project really trained (`mnist-lab show ID --json`: layers and hyperparameters)
# and trains the same network the same way, so the time ratio compares engines, not recipes:
# - the same layers, with the project's initialisers (He normal for ReLU-like layers, Glorot uniform
#   otherwise, zero biases) instead of PyTorch's defaults;
# - the same optimizer (Adam with the recipe's betas when it has them, else 0.9/0.999; SGD with momentum;
#   RMSProp), and the learning rate per step from the project's own schedule formulas
#   (common/training/schedule.ts), not torch's OneCycleLR, whose warm-up share differs;
# - the same batch size, epochs, validation split size (a seeded split of the same size: the project's
#   own random generator is not reproduced), shift augmentation when asked, a validation pass per epoch
#   and the final evaluation on the 10k test set.
# It is timed by the bench from process spawn to exit (imports, data, training, test evaluation).
#
# Usage: /usr/bin/python3 twin.py MNIST_IDX_DIR RUN.json THREADS  ->  progress on stderr, one JSON line on stdout.
import json
import math
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

START = time.time()
mnist_dir, run_file, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
torch.set_num_threads(threads)
with open(run_file) as f:
    run = json.load(f)
hp = run['hyperparameters']
torch.manual_seed(hp.get('seed', 42))
rng = np.random.default_rng(hp.get('seed', 42))


def load(prefix):
    images = np.fromfile(f'{mnist_dir}/{prefix}-images-idx3-ubyte', np.uint8, offset=16).reshape(-1, 1, 28, 28)
    labels = np.fromfile(f'{mnist_dir}/{prefix}-labels-idx1-ubyte', np.uint8, offset=8)
    return torch.from_numpy(images.astype(np.float32) / 255), torch.from_numpy(labels.astype(np.int64))


x_all, y_all = load('train')
test_x, test_y = load('t10k')
if hp.get('testLimit'):
    test_x, test_y = test_x[:hp['testLimit']], test_y[:hp['testLimit']]
order = torch.from_numpy(rng.permutation(len(x_all)))
n_val = int(round(len(x_all) * hp.get('validationSplit', 0.1)))
train_idx, val_idx = order[:len(x_all) - n_val], order[len(x_all) - n_val:]
if hp.get('trainLimit'):
    train_idx = train_idx[:hp['trainLimit']]
train_x, train_y = x_all[train_idx].contiguous(), y_all[train_idx].contiguous()
val_x, val_y = x_all[val_idx].contiguous(), y_all[val_idx].contiguous()

RELU_LIKE = ('relu', 'elu', 'leakyRelu')


def activation(name):
    # tfjs's LeakyReLU layer uses alpha 0.3; softmax is folded into the cross-entropy.
    return {'relu': nn.ReLU, 'elu': nn.ELU, 'leakyRelu': lambda: nn.LeakyReLU(0.3), 'tanh': nn.Tanh, 'sigmoid': nn.Sigmoid}.get(name)


def initialise(module, act):
    if act in RELU_LIKE:
        # tfjs's heNormal is a truncated normal with stddev sqrt(2 / fan_in).
        fan_in = nn.init._calculate_correct_fan(module.weight, 'fan_in')
        nn.init.trunc_normal_(module.weight, 0, math.sqrt(2 / fan_in), -2 * math.sqrt(2 / fan_in), 2 * math.sqrt(2 / fan_in))
    else:
        nn.init.xavier_uniform_(module.weight)
    nn.init.zeros_(module.bias)


def pooled(size, pool, stride, padding):
    return math.ceil(size / stride) if padding == 'same' else (size - pool) // stride + 1


def build(layers):
    modules, channels, side, features = [], 1, 28, None
    for spec in layers:
        kind = spec['type']
        if kind == 'conv2d':
            k, s, padding = spec['kernelSize'], spec.get('strides', 1), spec.get('padding', 'valid')
            if padding == 'same' and (k % 2 == 0 or s != 1):
                raise SystemExit('twin: "same" padding is only mirrored for odd kernels with stride 1')
            conv = nn.Conv2d(channels, spec['filters'], k, s, padding=k // 2 if padding == 'same' else 0)
            initialise(conv, spec['activation'])
            modules.append(conv)
            channels, side = spec['filters'], pooled(side, k, s, padding)
            if activation(spec['activation']):
                modules.append(activation(spec['activation'])())
        elif kind in ('maxPooling2d', 'averagePooling2d'):
            pool, stride, padding = spec['poolSize'], spec['strides'], spec.get('padding', 'valid')
            if padding == 'same':
                raise SystemExit('twin: "same" pooling is not mirrored')
            modules.append((nn.MaxPool2d if kind == 'maxPooling2d' else nn.AvgPool2d)(pool, stride))
            side = pooled(side, pool, stride, padding)
        elif kind == 'globalAveragePooling2d':
            modules += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
            features = channels
        elif kind == 'batchNormalization':
            # tfjs/Keras: momentum 0.99 (torch counts it the other way: 0.01), epsilon 1e-3.
            modules.append((nn.BatchNorm2d(channels) if features is None else nn.BatchNorm1d(features)))
            modules[-1].momentum, modules[-1].eps = 0.01, 1e-3
        elif kind == 'dropout':
            modules.append(nn.Dropout(spec['rate']))
        elif kind == 'flatten':
            # tfjs flattens channels-last (H, W, C); the order does not change what a dense layer can learn.
            modules.append(nn.Flatten())
            features = channels * side * side
        elif kind == 'activation':
            if activation(spec['activation']):
                modules.append(activation(spec['activation'])())
        elif kind == 'dense':
            dense = nn.Linear(features, spec['units'])
            initialise(dense, spec['activation'])
            modules.append(dense)
            features = spec['units']
            if activation(spec['activation']):
                modules.append(activation(spec['activation'])())
        else:
            raise SystemExit(f'twin: unknown layer type {kind}')
    return nn.Sequential(*modules)


def learning_rate(step, total_steps, steps_per_epoch):
    """common/training/schedule.ts, line for line."""
    rate, schedule = hp['learningRate'], hp.get('schedule', 'constant')

    def cosine_between(start, end, progress):
        progress = min(1, max(0, progress))
        return end + (start - end) * (1 + math.cos(math.pi * progress)) / 2

    if schedule == 'step':
        epoch = step // max(1, steps_per_epoch)
        return rate * hp.get('stepFactor', 0.5) ** (epoch // max(1, hp.get('stepEvery', 2)))
    if schedule == 'cosine':
        return rate if total_steps <= 0 else cosine_between(rate, 0, step / total_steps)
    if schedule == 'oneCycle' and total_steps > 1:
        warm = max(1, round(0.25 * total_steps))
        if step < warm:
            return cosine_between(rate / 25, rate, step / warm)
        return cosine_between(rate, rate / 1e4, (step - warm) / max(1, total_steps - 1 - warm))
    return rate


def optimizer_for(parameters):
    name, rate = hp['optimizer'], hp['learningRate']
    if name == 'adam':
        # tfjs's Adam epsilon is 1e-7.
        return torch.optim.Adam(parameters, rate, betas=(hp.get('beta1', 0.9), hp.get('beta2', 0.999)), eps=1e-7)
    if name == 'sgd':
        return torch.optim.SGD(parameters, rate, momentum=hp.get('momentum', 0))
    if name == 'rmsprop':
        # tfjs's RMSProp: decay 0.9, epsilon 1e-7.
        return torch.optim.RMSprop(parameters, rate, alpha=0.9, eps=1e-7)
    raise SystemExit(f'twin: unknown optimizer {name}')


def accuracy(model, xs, ys, batch=1000):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(xs), batch):
            correct += (model(xs[i:i + batch]).argmax(1) == ys[i:i + batch]).sum().item()
    return correct / max(1, len(xs))


def shifted(images):
    # Up to 2 pixels each way, one shift per image as the project draws them, zeros shifted in.
    out = torch.zeros_like(images)
    for i, (dy, dx) in enumerate(rng.integers(-2, 3, (len(images), 2))):
        dy, dx = int(dy), int(dx)
        out[i, :, max(0, dy):28 + min(0, dy), max(0, dx):28 + min(0, dx)] = images[i, :, max(0, -dy):28 - max(0, dy), max(0, -dx):28 - max(0, dx)]
    return out


model = build(run['layers'])
optimizer = optimizer_for(model.parameters())
batch_size, epochs = hp['batchSize'], hp['epochs']
steps_per_epoch = math.ceil(len(train_x) / batch_size)
# Runs before augmentation had a setting stored true/false; 'handwriting' warps are not mirrored here.
augmentation = {True: 'shift', False: 'off', None: 'off'}.get(hp.get('augment'), hp.get('augment'))
if augmentation not in ('off', 'shift'):
    raise SystemExit(f'twin: augmentation {augmentation!r} is not mirrored (only off and shift)')
step = 0
val_accuracies = []
for epoch in range(epochs):
    model.train()
    permutation = torch.from_numpy(rng.permutation(len(train_x)))
    for first in range(0, len(train_x), batch_size):
        idx = permutation[first:first + batch_size]
        xs = train_x[idx]
        if augmentation == 'shift':
            xs = shifted(xs)
        for group in optimizer.param_groups:
            group['lr'] = learning_rate(step, steps_per_epoch * epochs, steps_per_epoch)
        optimizer.zero_grad(set_to_none=True)
        F.cross_entropy(model(xs), train_y[idx]).backward()
        optimizer.step()
        step += 1
    val_accuracies.append(accuracy(model, val_x, val_y) if len(val_x) else None)
    print(f'twin epoch {epoch + 1}: val acc {val_accuracies[-1]} at {time.time() - START:.1f} s', file=sys.stderr, flush=True)

print(json.dumps({
    'engine': 'pytorch-cpu',
    'torchVersion': torch.__version__,
    'threads': threads,
    'epochs': epochs,
    'valAccuracies': val_accuracies,
    'testAccuracy': accuracy(model, test_x, test_y),
    'seconds': time.time() - START,
}))
