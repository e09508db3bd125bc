/**
 * @frontier/backend-onednn: the optional native tfjs backend 'onednn'.
 */
export { registerOnednnBackend, selectBackend, BackendSelectionError } from './select-backend.ts';
export type { RegisterResult, SelectBackendOptions } from './select-backend.ts';
export { OnednnBackend, BACKEND_NAME } from './backend.ts';
export type { KernelCounts } from './backend.ts';
export { loadNative, fixCommand } from './load-native.ts';
export type { NativeLoadResult } from './load-native.ts';
export type { NativeBinding, NativeInfo } from './native-binding.ts';
export { nativeKernelConfigs } from './register-all-kernels.ts';
export { OnednnAdamOptimizer } from './optimizers/adam.ts';
export type { FusedOptimizerOptions } from './optimizers/adam.ts';
export { OnednnMomentumOptimizer } from './optimizers/momentum.ts';
export { OnednnRMSPropOptimizer } from './optimizers/rmsprop.ts';
export { OnednnAdamWOptimizer } from './optimizers/adamw.ts';
export { fusedOptimizer } from './optimizers/provider.ts';
export type { FusedOptimizerConfig } from './optimizers/provider.ts';
