document.getElementById('app')!.textContent = 'MNIST Lab';
