import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';

// Electron's preload has installed window.api by now; a page served by `mnist-lab serve` builds
// the same API over the server's WebSocket.
if (!('api' in window)) (await import('./lib/served-api')).installServedApi();

const target = document.getElementById('app');
if (!target) throw new Error('The page has no #app element to mount MNIST Lab into.');

export default mount(App, { target });
