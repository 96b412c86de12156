import { HotlineError } from '../../errors.js';
import type { FlowDefinition } from '../../flow/flow-definition.js';
import type { LookupResolver } from '../../flow/runtime/flow-call.js';

/** Lookup services by name, as buildApp({ lookups }) takes them. */
export type LookupServices = Readonly<
  Record<string, (input: string) => Promise<{ found: boolean; data?: Record<string, string> }>>
>;

/** What the flow's lookups are answered with. */
export interface LookupResolverOptions {
  readonly flow: FlowDefinition;
  readonly lookups: LookupServices | undefined;
  /** Seconds a lookup may take before the flow gets "not found". */
  readonly timeoutSec: number;
  /** Where a failed or slow lookup is reported. */
  readonly log: (message: string) => void;
}

/**
 * The flow's lookup resolver over the configured services. Every service the
 * flow asks must be configured (else HOTLINE_LOOKUP_FAILED at start-up); a
 * lookup that fails or takes longer than `timeoutSec` answers "not found", so
 * a slow back end never drops a call.
 */
export function lookupResolver(options: LookupResolverOptions): LookupResolver {
  const { flow, lookups, timeoutSec, log } = options;
  const missing = flow.lookups.filter((name) => !lookups?.[name]);
  if (missing.length > 0) {
    throw new HotlineError(
      'HOTLINE_LOOKUP_FAILED',
      `Flow "${flow.id}" asks lookup service(s) ${missing.join(', ')}, which this server does not configure. Pass them in buildApp({ lookups }) (hotline serve configures caseStatus from --cases).`,
    );
  }
  return async (service, input) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutSec} s`)), timeoutSec * 1000);
      timer.unref();
    });
    try {
      return await Promise.race([lookups![service]!(input), timeout]);
    } catch (error) {
      // A failing or slow back end must not drop the call: the flow takes its not-found branch (retry, then an agent).
      log(`lookup "${service}" failed: ${(error as Error).message}; answering not found`);
      return { found: false };
    } finally {
      clearTimeout(timer);
    }
  };
}
