/**
 * Explainability: SHAP (KernelSHAP, exact Shapley), LIME, permutation importance,
 * gradient attributions (saliency, Integrated Gradients, SmoothGrad, Grad-CAM), their
 * charts as Vega-Lite specs, the explanation page, and `explainModel` behind `frontier explain`.
 */
export {
  attributionAt,
  defaultFeatureNames,
  rowAttributions,
  type Attribution,
  type BlackBoxModel,
  type Explainer,
} from './types.ts';
export { applyLink, fromFunction, fromLayersModel, timed, type Link, type TimedModel } from './model.ts';
export { backgroundOf, kmeansBackground, sampleBackground, type Background } from './background.ts';
export { ExactShapley, EXACT_SHAPLEY_MAX_FEATURES, type ExactShapleyOptions } from './exact-shapley.ts';
export {
  KernelShap,
  constrainedRegression,
  type KernelShapOptions,
  type KernelShapRowDetails,
} from './kernel-shap.ts';
export { coalitionPlan, defaultNsamples, shapleyKernel, type CoalitionPlan } from './coalition-plan.ts';
export { varyingFeatures } from './coalitions.ts';
export {
  permutationImportance,
  accuracyScore,
  negMseScore,
  type FeatureImportance,
  type GlobalImportance,
  type PermutationImportanceOptions,
  type ScoreFn,
} from './permutation.ts';
export {
  LimeTabular,
  type FeatureSelection,
  type LimeRowExplanation,
  type LimeTabularOptions,
} from './lime.ts';
export { fitDiscretizer, binOf, describeBin, type Discretizer } from './discretize.ts';
export {
  gridSuperpixels,
  segmentImage,
  superpixelModel,
  superpixelsToPixels,
  limeImage,
  SUPERPIXEL_METHODS,
  type SegmentImageOptions,
  type Superpixels,
  type SuperpixelMethod,
} from './superpixels.ts';
export { slicSuperpixels, type SlicOptions, type SlicResult } from './slic.ts';
export { differentiable, type DifferentiableModel } from './differentiable.ts';
export {
  integratedGradients,
  saliency,
  smoothGrad,
  type GradientAttribution,
  type IntegratedGradientsOptions,
  type IntegratedGradientsResult,
  type Target,
} from './gradients.ts';
export { GradientExplainer, type GradientExplainerOptions } from './gradient-explainer.ts';
export { gradCam, layerActivations, type GradCamResult, type LayerActivation } from './gradcam.ts';
export {
  shapBarSpec,
  shapSummarySpec,
  shapForceSpec,
  shapWaterfallSpec,
  shapDependenceSpec,
  type ShapPlotOptions,
} from './plots/shap-plots.ts';
export { limeBarSpec } from './plots/lime-plot.ts';
export { attributionHeatmapSpec, featureMapsSpec, type HeatmapOptions } from './plots/image-plots.ts';
export { modelDiagramSpec, modelStructure, type LayerBox } from './plots/model-plot.ts';
export { importanceBarSpec } from './plots/importance-plot.ts';
export { renderExplainPage, type ExplainPage } from './page.ts';
export {
  dataSourceOf,
  loadExplainData,
  type ExplainData,
  type ExplainDataSource,
  type LoadExplainDataOptions,
} from './run-data.ts';
export { loadTableData, type TableSource, type TableDataOptions } from './table-data.ts';
export { loadImageData, type ImageSource } from './image-data.ts';
export { stratifiedSample, allocate } from './select-rows.ts';
export { ExplainProgress } from './progress.ts';
export { startExplainRun, type ExplainTrackedRun, type ExplainRunTracking } from './track-run.ts';
export type { ExplainedRow, LocalAccuracy, MethodOutput } from './run-rows.ts';
export {
  compareExplanations,
  ExplanationComparison,
  agreementSection,
  spearman,
  ranks,
  topIndices,
  type CompareExplanationsOptions,
  type ExplanationAgreement,
} from './compare.ts';
export {
  explainModel,
  EXPLAIN_METHODS,
  type ExplainMethod,
  type ExplainRunOptions,
  type ExplainRunResult,
} from './run.ts';
