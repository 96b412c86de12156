import { ratingFromUniform } from '../analysis/ordinal-rating.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import { resolutionModel, satisfactionModel } from '../sim/behaviour-model.js';
import { sampler } from '../sim/distributions.js';
import type { AgentGroupModel, SimModel } from '../sim/sim-model.js';

/**
 * The simulator's behaviour models of a scenario's `behaviour:` block (satisfaction, resolution), keyed by the
 * agent groups' order; each absent part is left out of the result, so a scenario without them builds the
 * same model as before. The satisfaction model draws with analysis/ordinal-rating over the scenario's cutpoints.
 */
export function behaviourModels(
  s: Scenario,
  groups: readonly AgentGroupModel[],
): Pick<SimModel, 'satisfaction' | 'resolution'> {
  const names = groups.map((g) => g.name);
  const out: { -readonly [K in 'satisfaction' | 'resolution']?: SimModel[K] } = {};
  const satisfaction = s.behaviour?.satisfaction;
  if (satisfaction) {
    const cutpoints = [...satisfaction.cutpoints];
    out.satisfaction = satisfactionModel(satisfaction, names, (eta, u) => ratingFromUniform(cutpoints, eta, u));
  }
  const resolution = s.behaviour?.resolution;
  if (resolution) {
    const repeat = resolution.repeat
      ? {
          probability: resolution.repeat.probability,
          delaySec: sampler(resolution.repeat.delay_sec, 'behaviour.resolution.repeat.delay_sec'),
        }
      : null;
    out.resolution = resolutionModel(resolution, names, repeat);
  }
  return out;
}
