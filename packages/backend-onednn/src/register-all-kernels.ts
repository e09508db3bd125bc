/**
 * The one explicit list of kernels the onednn backend implements natively.
 * Everything else is the cpu backend's kernel, re-registered for 'onednn'.
 */
import '@tensorflow/tfjs-backend-cpu';
import { getKernel, getKernelsForBackend, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from './backend.ts';
import { absConfig } from './kernels/Abs.ts';
import { addConfig } from './kernels/Add.ts';
import { argMaxConfig } from './kernels/ArgMax.ts';
import { argMinConfig } from './kernels/ArgMin.ts';
import { avgPoolConfig } from './kernels/AvgPool.ts';
import { avgPoolGradConfig } from './kernels/AvgPoolGrad.ts';
import { batchMatMulConfig } from './kernels/BatchMatMul.ts';
import { conv2DConfig } from './kernels/Conv2D.ts';
import { conv2DBackpropFilterConfig } from './kernels/Conv2DBackpropFilter.ts';
import { conv2DBackpropInputConfig } from './kernels/Conv2DBackpropInput.ts';
import { depthwiseConv2dNativeConfig } from './kernels/DepthwiseConv2dNative.ts';
import { depthwiseConv2dNativeBackpropFilterConfig } from './kernels/DepthwiseConv2dNativeBackpropFilter.ts';
import { depthwiseConv2dNativeBackpropInputConfig } from './kernels/DepthwiseConv2dNativeBackpropInput.ts';
import { eluConfig } from './kernels/Elu.ts';
import { eluGradConfig } from './kernels/EluGrad.ts';
import { expConfig } from './kernels/Exp.ts';
import { floorConfig } from './kernels/Floor.ts';
import { fusedBatchNormConfig } from './kernels/FusedBatchNorm.ts';
import { fusedConv2DConfig } from './kernels/FusedConv2D.ts';
import { fusedDepthwiseConv2DConfig } from './kernels/FusedDepthwiseConv2D.ts';
import { gatherV2Config } from './kernels/GatherV2.ts';
import { leakyReluConfig } from './kernels/LeakyRelu.ts';
import { logConfig } from './kernels/Log.ts';
import { maxConfig } from './kernels/Max.ts';
import { maxPoolConfig } from './kernels/MaxPool.ts';
import { maxPoolGradConfig } from './kernels/MaxPoolGrad.ts';
import { maximumConfig } from './kernels/Maximum.ts';
import { meanConfig } from './kernels/Mean.ts';
import { minConfig } from './kernels/Min.ts';
import { minimumConfig } from './kernels/Minimum.ts';
import { multiplyConfig } from './kernels/Multiply.ts';
import { negConfig } from './kernels/Neg.ts';
import { realDivConfig } from './kernels/RealDiv.ts';
import { reluConfig } from './kernels/Relu.ts';
import { relu6Config } from './kernels/Relu6.ts';
import { sigmoidConfig } from './kernels/Sigmoid.ts';
import { softmaxConfig } from './kernels/Softmax.ts';
import { sqrtConfig } from './kernels/Sqrt.ts';
import { squareConfig } from './kernels/Square.ts';
import { squaredDifferenceConfig } from './kernels/SquaredDifference.ts';
import { stepConfig } from './kernels/Step.ts';
import { subConfig } from './kernels/Sub.ts';
import { sumConfig } from './kernels/Sum.ts';
import { tanhConfig } from './kernels/Tanh.ts';
import { tileConfig } from './kernels/Tile.ts';
import { transposeConfig } from './kernels/Transpose.ts';
import { fusedMatMulConfig } from './kernels/_FusedMatMul.ts';

/** Native kernels, in the order of the priority list. */
export const nativeKernelConfigs: readonly KernelConfig[] = [
  batchMatMulConfig,
  fusedMatMulConfig,
  conv2DConfig,
  fusedConv2DConfig,
  conv2DBackpropInputConfig,
  conv2DBackpropFilterConfig,
  maxPoolConfig,
  maxPoolGradConfig,
  reluConfig,
  softmaxConfig,
  avgPoolConfig,
  avgPoolGradConfig,
  depthwiseConv2dNativeConfig,
  depthwiseConv2dNativeBackpropInputConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
  fusedDepthwiseConv2DConfig,
  relu6Config,
  eluConfig,
  eluGradConfig,
  sigmoidConfig,
  tanhConfig,
  leakyReluConfig,
  stepConfig,
  expConfig,
  logConfig,
  sqrtConfig,
  squareConfig,
  absConfig,
  negConfig,
  addConfig,
  subConfig,
  multiplyConfig,
  realDivConfig,
  maximumConfig,
  minimumConfig,
  squaredDifferenceConfig,
  sumConfig,
  meanConfig,
  maxConfig,
  minConfig,
  argMaxConfig,
  argMinConfig,
  transposeConfig,
  gatherV2Config,
  tileConfig,
  fusedBatchNormConfig,
  floorConfig,
];

let registered = false;

/**
 * Registers every cpu kernel under the backend name 'onednn', then the native
 * kernels over them. Idempotent.
 */
export function registerAllKernels(): void {
  if (registered) return;
  for (const config of getKernelsForBackend('cpu')) {
    if (getKernel(config.kernelName, BACKEND_NAME) === undefined) {
      registerKernel({ ...config, backendName: BACKEND_NAME });
    }
  }
  for (const config of nativeKernelConfigs) {
    if (getKernel(config.kernelName, BACKEND_NAME) !== undefined)
      unregisterKernel(config.kernelName, BACKEND_NAME);
    registerKernel(config);
  }
  registered = true;
}
