import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { FrontierError } from '../util/errors.ts';

/** A Vega-Lite top-level spec, as the chart builders in `charts.ts` return. */
export type VegaLiteSpec = TopLevelSpec;

/**
 * Reports are offline and self-contained, so a spec that asks for `data.url` (or an
 * image) is refused instead of letting vega reach the file system or the network.
 */
function refusingLoader(): vega.Loader {
  const refuse = (uri: string): never => {
    throw new FrontierError('REPORT_CHART_EXTERNAL', `chart asks to load ${JSON.stringify(uri)}`, {
      hint: 'put the rows in the spec inline as data.values; reports never load files or URLs',
    });
  };
  return {
    load: async (uri) => refuse(uri),
    sanitize: async (uri) => refuse(uri),
    http: async (uri) => refuse(uri),
    file: async (uri) => refuse(uri),
  };
}

/** A vega logger that keeps errors (and warnings, for the message) instead of printing them. */
function collectingLogger(): { logger: vega.LoggerInterface; errors: unknown[]; warnings: string[] } {
  const errors: unknown[] = [];
  const warnings: string[] = [];
  let level = vega.Warn;
  const logger: vega.LoggerInterface = {
    level(next?: number) {
      if (next === undefined) return level;
      level = next;
      return logger;
    },
    error(...args: unknown[]) {
      errors.push(args.length === 1 ? args[0] : args.map(String).join(' '));
      return logger;
    },
    warn(...args: unknown[]) {
      // Vega reports a failed data load as a warning and draws an empty chart; that is an error here.
      const refused = args.find((a) => a instanceof FrontierError);
      if (refused !== undefined) errors.push(refused);
      else warnings.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return { logger, errors, warnings };
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Compiles a Vega-Lite spec and renders it headlessly (no canvas, no browser) to a
 * standalone SVG document string starting with `<svg`. Only inline data is allowed.
 * Throws FrontierError `REPORT_CHART_INVALID` naming the problem when the spec does not
 * compile or fails while rendering, and `REPORT_CHART_EXTERNAL` when it asks to load data.
 */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const title = typeof spec.title === 'string' ? spec.title : (spec.description ?? 'chart');
  const { logger, errors, warnings } = collectingLogger();
  let vgSpec: vega.Spec;
  try {
    vgSpec = compile(spec, { logger }).spec;
  } catch (err) {
    throw new FrontierError('REPORT_CHART_INVALID', `Vega-Lite spec does not compile: ${describe(err)}`, {
      where: `chart "${title}"`,
      hint: 'check the spec against the Vega-Lite 6 schema (mark, encoding field types, data.values)',
      cause: err,
    });
  }
  let view: vega.View | undefined;
  let svg: string;
  try {
    view = new vega.View(vega.parse(vgSpec), { renderer: 'none', loader: refusingLoader(), logger });
    svg = await view.toSVG();
  } catch (err) {
    if (err instanceof FrontierError) throw err;
    throw new FrontierError('REPORT_CHART_INVALID', `chart failed to render: ${describe(err)}`, {
      where: `chart "${title}"`,
      hint: 'check expressions, transforms and data in the spec',
      cause: err,
    });
  } finally {
    view?.finalize();
  }
  // Vega logs dataflow errors instead of throwing them; a chart drawn past one is wrong.
  if (errors.length > 0) {
    const first = errors[0];
    if (first instanceof FrontierError) throw first;
    const also = warnings.length > 0 ? ` (warnings: ${warnings.join('; ')})` : '';
    throw new FrontierError('REPORT_CHART_INVALID', `chart failed to render: ${describe(first)}${also}`, {
      where: `chart "${title}"`,
      hint: 'check expressions, transforms and data in the spec',
      cause: first,
    });
  }
  return svg;
}
