import type { Session } from '../../session.js';

/** The flows view (to be built). */
export function FlowsView(_props: { readonly session: Session }) {
  return <section class="flows" />;
}
