import type { Session } from '../../session.js';

/** The planner view (to be built). */
export function PlannerView(_props: { readonly session: Session }) {
  return <section class="planner" />;
}
