// The compiled kernels (build/Release/kernels.node), built by `node-gyp rebuild` when npm installs
// this package. Requiring this throws where the build did not happen or failed (no C compiler,
// Windows); MNIST Lab then trains with the wasm backend's own kernels.
module.exports = require('./build/Release/kernels.node');
